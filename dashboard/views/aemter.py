"""``/aemter/``: every Amt's status figures; ``/aemter/<nummer>/``: one Amt, its Leistungen and its priorities."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from catalog.models import Amt, Leistung
from catalog.selectors import status_stand, status_stand_nach_amt
from dashboard.exporte import leistungen_export
from dashboard.filters import LeistungFilter
from dashboard.listview import Liste
from dashboard.stichtag import stichtag_aus
from dashboard.tables import LeistungTabelle
from dashboard.views.bausteine import (
    aemter_diagramm,
    online_diagramm,
    status_diagramm,
    stichtag_context,
    trend_diagramm,
    vergleich_seit_letzter_erhebung,
)
from scorecard.selectors import rangliste

PRIORITAETEN = 10


def aemter(request):
    stichtag = stichtag_aus(request)
    stadt = status_stand(stichtag=stichtag.datum)
    gruppen = status_stand_nach_amt(stichtag=stichtag.datum)
    zeilen = sorted(gruppen, key=lambda g: (-g.stand.online_anteil, -g.stand.anzahl, g.nummer or 0))
    statuses = stadt.status
    context = stichtag_context(stichtag) | {
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
        "diagramme": [
            aemter_diagramm(
                kennung="aemter",
                gruppen=gruppen,
                stichtag=stichtag.datum,
                basis_text=f"{stadt.basis.anzahl} {stadt.basis.beschreibung}",
            )
        ],
    }
    return render(request, "dashboard/aemter.html", context)


class AmtSeite(Liste):
    """One Amt: its figures as of the Stichtag, its Leistungen (today) filterable, its open ones by priority."""

    filterset_class = LeistungFilter
    table_class = LeistungTabelle
    template_name = "dashboard/amt.html"

    def dispatch(self, request, *args, **kwargs):
        self.amt = get_object_or_404(Amt, nummer=kwargs["nummer"])
        self.titel = f"Amt {self.amt.nummer} – {self.amt.name}"
        self.export_dateiname = f"leistungen-amt-{self.amt.nummer}"
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Leistung.objects.filter(amt=self.amt).select_related("amt", "status", "buendel__themenfeld", "reifegrad")

    def get_filterset_kwargs(self):
        return {"ohne": ("amt",)}

    def export_tabelle(self, queryset):
        return leistungen_export(queryset)

    def get_context_data(self, **context):
        stichtag = stichtag_aus(self.request)
        stand = status_stand(stichtag=stichtag.datum, amt=self.amt)
        vergleich = vergleich_seit_letzter_erhebung(stichtag.datum, amt=self.amt)
        prioritaeten = rangliste(auswahl=Leistung.objects.filter(amt=self.amt))
        context["table"].beschriftung = f"Leistungen des Amts {self.amt.nummer}"
        return (
            context
            | stichtag_context(stichtag)
            | {
                "amt": self.amt,
                # The priorities and the list below are today's, whatever the Stichtag of the figures above.
                "heute": timezone.localdate(),
                "kennzahlen": stand,
                "vergleich": vergleich,
                "prioritaeten": prioritaeten,
                "prioritaeten_gezeigt": prioritaeten.zeilen[:PRIORITAETEN],
                "diagramme": [
                    status_diagramm(
                        kennung="amt-status",
                        stand=stand,
                        vergleich_=vergleich,
                        titel=f"Status der Leistungen von Amt {self.amt.nummer}",
                    ),
                    online_diagramm(kennung="amt-online", stand=stand),
                    trend_diagramm(kennung="amt-trend", bis=stichtag.datum, amt=self.amt),
                ],
            }
        )


amt = AmtSeite.as_view()
