"""``/aemter/``: every Amt's status figures; ``/aemter/<nummer>/``: one Amt, its Leistungen and its priorities."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from catalog.exporting import leistungen_export
from catalog.key_urls import not_found
from catalog.models import Amt, Leistung
from catalog.selectors import status_stand, status_stand_nach_amt, vergleich_seit_letzter_erhebung
from dashboard.charts import aemter_chart, basis_text, stand_online_chart, status_chart, wochenverlauf_chart
from dashboard.filters import LeistungFilter
from dashboard.stichtag import stichtag_from_request
from dashboard.tables import LeistungTable
from planung.export import quartal_spalte
from scorecard.selectors import rangliste
from toolkit.listview import ListView

PRIORITAETEN = 10


def aemter(request):
    stichtag = stichtag_from_request(request)
    stadt = status_stand(stichtag=stichtag.date)
    gruppen = status_stand_nach_amt(stichtag=stichtag.date)
    zeilen = sorted(gruppen, key=lambda g: (-g.stand.online_anteil, -g.stand.anzahl, g.nummer or 0))
    statuses = stadt.status
    context = stichtag.context() | {
        "stadt": stadt,
        "zeilen": [
            {
                "gruppe": g,
                "anzahlen": [
                    next((z.anzahl for z in g.stand.status if z.status_id == s.status_id), 0) for s in statuses
                ],
            }
            for g in zeilen
        ],
        "statuses": statuses,
        "charts": [aemter_chart(slug="aemter", gruppen=gruppen, stichtag=stichtag.date, basis=basis_text(stadt))],
    }
    return render(request, "dashboard/aemter.html", context)


class AmtView(ListView):
    """One Amt: its figures as of the Stichtag, its Leistungen (today) filterable, its open ones by priority."""

    filterset_class = LeistungFilter
    table_class = LeistungTable
    template_name = "dashboard/amt.html"
    empty_text_unfiltered = "Dem Amt ist keine Leistung zugeordnet."

    def dispatch(self, request, *args, **kwargs):
        self.amt = Amt.objects.filter(nummer=kwargs["nummer"]).first()
        if self.amt is None:  # the portal's German page, also with DEBUG (not Django's technical 404)
            return not_found(request, f"Ein Amt mit der Nummer {kwargs['nummer']} gibt es nicht.")
        self.title = f"Amt {self.amt.nummer} – {self.amt.name}"
        self.export_filename = f"leistungen-amt-{self.amt.nummer}"
        self.table_caption = f"Leistungen des Amts {self.amt.nummer}"
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Leistung.objects.filter(amt=self.amt).select_related("amt", "status", "buendel__themenfeld", "reifegrad")

    def get_filterset_kwargs(self):
        return {"ohne": ("amt",)}

    def export_table(self, rows):
        return leistungen_export(rows, extra_columns=[quartal_spalte()])

    def get_context_data(self, **context):
        stichtag = stichtag_from_request(self.request)
        if not self.get_queryset().exists():
            # Nothing to count or chart: one clear statement instead of empty charts and an empty list.
            return context | stichtag.context() | {"amt": self.amt, "hat_leistungen": False, "charts": []}
        stand = status_stand(stichtag=stichtag.date, amt=self.amt)
        vergleich = vergleich_seit_letzter_erhebung(stichtag.date, amt=self.amt)
        prioritaeten = rangliste(auswahl=Leistung.objects.filter(amt=self.amt))
        return (
            context
            | stichtag.context()
            | {
                "amt": self.amt,
                "hat_leistungen": True,
                # The priorities and the list below are today's, whatever the Stichtag of the figures above.
                "heute": timezone.localdate(),
                "kennzahlen": stand,
                "vergleich": vergleich,
                "prioritaeten": prioritaeten,
                "prioritaeten_gezeigt": prioritaeten.zeilen[:PRIORITAETEN],
                "charts": [
                    status_chart(
                        slug="amt-status",
                        title=f"Status der Leistungen von Amt {self.amt.nummer}",
                        stand=stand,
                        vergleich=vergleich,
                    ),
                    stand_online_chart(slug="amt-online", stand=stand),
                    wochenverlauf_chart(slug="amt-trend", bis=stichtag.date, amt=self.amt),
                ],
            }
        )


amt = AmtView.as_view()
