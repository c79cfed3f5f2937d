"""``/planung/``: the implementation plan, a list like every other (filter, table, export), and around it the
figures management asks for: when each Amt and the city would be done, how the quarters are used, plan versus
actual, the OZG-Booster services whose Rollout-Frist the plan misses, the timeline chart and the forecast.

Views stay thin: :mod:`planung.selectors` computes, the table, export and chart modules shape.
"""

from __future__ import annotations

from django.utils import timezone

from catalog.berechtigungen import benutzer_amt
from scorecard.selectors import offene_leistungen
from toolkit.listview import ListView

from .charts import REGEL, zeitplan_chart
from .daten import prognose_url
from .export import plan_export
from .filters import OHNE_QUARTAL, ZURUECKGESTELLT, PlanFilter
from .plan import Einplanung, Plan, Planzeile
from .prognose import FENSTER_VORGABE
from .selectors import grenzen_namen, prognose, umsetzungsplan
from .tables import PlanTable


def _passt(zeile: Planzeile, quartal: str) -> bool:
    if not quartal:
        return True
    if quartal == OHNE_QUARTAL:
        return zeile.einplanung == Einplanung.OHNE_KAPAZITAET
    if quartal == ZURUECKGESTELLT:
        return zeile.einplanung == Einplanung.ZURUECKGESTELLT
    return zeile.quartal is not None and zeile.quartal.iso == quartal


def quartalsbelegung(plan: Plan, namen: dict[tuple[str, int], str]) -> list[dict]:
    """Each planned quarter with its limits named ("Amt 32 – Ordnungsamt: 5 von 5"), for the page's table."""
    return [
        {
            "belegung": b,
            "grenzen": [
                {"name": namen.get((g.art, g.schluessel), "?"), "grenze": g}
                for g in sorted(b.grenzen, key=lambda g: (g.art != "plattform", namen.get((g.art, g.schluessel), "")))
            ],
        }
        for b in plan.quartale
    ]


def plan_hat_amt(plan: Plan, amt_id: int) -> bool:
    """Does the plan have open services of this Amt ("Nur mein Amt" is offered only then)?"""
    return any(a.amt_id == amt_id for a in plan.aemter)


class PlanListView(ListView):
    """The plan's rows, filtered; ``?export=xlsx`` / ``?export=csv`` download them."""

    filterset_class = PlanFilter
    table_class = PlanTable
    template_name = "planung/plan.html"
    title = "Umsetzungsplanung"
    sheet_title = "Umsetzungsplan"
    table_caption = "Offene Leistungen in der Reihenfolge der Scorecard mit erwartetem Quartal"

    @property
    def export_filename(self) -> str:
        return f"umsetzungsplan-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.plan = umsetzungsplan()
        return offene_leistungen()

    def get_filterset_kwargs(self):
        return {"plan": self.plan}

    def get_table_data(self, queryset):
        # Without a filter every row is shown: no extra query for the selection.
        sichtbar = set(queryset.order_by().values_list("pk", flat=True)) if self.filterset.is_bound else None
        quartal = self.filterset.gewaehltes_quartal
        return [
            z
            for z in self.plan.zeilen
            if (sichtbar is None or z.leistung.leistung_id in sichtbar) and _passt(z, quartal)
        ]

    def export_table(self, rows):
        return plan_export(rows)

    def get_context_data(self, **context):
        plan = self.plan
        return context | {
            "plan": plan,
            "stand": plan.heute,
            "stand_hinweis": "heute",
            "laufend": plan.quartale[0] if plan.quartale else None,
            "quartale": quartalsbelegung(plan, grenzen_namen()),
            "charts": [zeitplan_chart(plan)] if plan.zeilen else [],
            "praesentierbar": bool(plan.zeilen),  # the presentation button where there is a chart
            "regel": REGEL,
            "eigenes_amt": amt if (amt := benutzer_amt(self.request.user)) and plan_hat_amt(plan, amt.pk) else None,
            "prognose": prognose(stichtag=plan.heute, fenster=FENSTER_VORGABE),
            "prognose_url": prognose_url(fenster=FENSTER_VORGABE),
        }


plan = PlanListView.as_view()
