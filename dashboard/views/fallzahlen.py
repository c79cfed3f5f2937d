"""``/fallzahlen/``: services ranked by applications a year; how many are already supported digitally."""

from __future__ import annotations

from django.utils import timezone

from catalog.models import Leistung
from catalog.selectors import fallzahl_summe, groesste_offene, wiesbaden_heute
from dashboard import charts
from dashboard.exporte import leistungen_export
from dashboard.filters import FallzahlFilter
from dashboard.listview import Liste
from dashboard.tables import FallzahlTabelle
from dashboard.templatetags.dashboard import format_zahl

BASIS_TEXT = "LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne „außer Betracht“), mit erfasster Fallzahl"


class FallzahlListe(Liste):
    filterset_class = FallzahlFilter
    table_class = FallzahlTabelle
    template_name = "dashboard/fallzahlen.html"
    titel = "Fallzahlen"
    einleitung = (
        "Für welche Leistungen lassen sich die meisten Anträge pro Jahr digital unterstützen? Gezählt werden die "
        "Leistungen, die von Wiesbaden umzusetzen sind und für die eine Fallzahl erfasst ist; „digital unterstützt“ "
        "heißt: der Status bedeutet „online verfügbar“."
    )
    export_dateiname = "fallzahlen"

    def get_queryset(self):
        return Leistung.objects.filter(wiesbaden_heute(), antraege_pro_jahr__isnull=False).select_related(
            "amt", "status", "buendel__themenfeld", "reifegrad"
        )

    def export_tabelle(self, queryset):
        return leistungen_export(queryset)

    def get_context_data(self, **context):
        heute = timezone.localdate()
        gefiltert = context["gefiltert"]
        summe = fallzahl_summe(gefiltert)
        offene = groesste_offene(gefiltert, anzahl=10)
        stand = f"Stand {heute:%d.%m.%Y}"
        context.update(
            stand=heute,
            praesentierbar=True,
            summe=summe,
            diagramme=[
                charts.online_anteil(
                    kennung="antraege-digital",
                    online=summe.antraege_online,
                    offen=summe.antraege_offen,
                    stichtag=heute,
                    basis_text=f"Anträge pro Jahr in {format_zahl(summe.leistungen)} {BASIS_TEXT}",
                    titel="Anträge pro Jahr: digital unterstützt und noch nicht",
                    online_text="digital unterstützt",
                    offen_text="noch nicht digital",
                ),
                charts.rangliste(
                    kennung="groesste-offene",
                    titel="Offene Leistungen mit den meisten Anträgen pro Jahr",
                    untertitel=f"Die zehn noch nicht online verfügbaren Leistungen mit der höchsten Fallzahl; {stand}",
                    werte=[
                        charts.RangWert(
                            bezeichnung=f"{leistung.bezeichnung} ({leistung.schluessel_formatiert})",
                            wert=leistung.antraege_pro_jahr,
                            farbe=leistung.status.farbe if leistung.status else charts.FARBEN[1],
                            zusatz=leistung.status.bezeichnung if leistung.status else "ohne Status",
                        )
                        for leistung in offene
                    ],
                    einheit="Anträge pro Jahr",
                    zusatz_kopf="Status",
                ),
            ],
        )
        context["table"].beschriftung = "Leistungen nach Fallzahl"
        return context


fallzahlen = FallzahlListe.as_view()
