"""``/fallzahlen/``: services ranked by applications a year; how many are already supported digitally."""

from __future__ import annotations

from django.utils import timezone

from catalog.models import Leistung
from catalog.selectors import SCHAETZUNG_TEXT, fallzahl_summe, groesste_offene, mit_fallzahl, wiesbaden_heute
from dashboard import charts
from dashboard.exporte import leistungen_export
from dashboard.filters import FallzahlFilter
from dashboard.listview import Liste
from dashboard.tables import FallzahlTabelle
from dashboard.templatetags.dashboard import format_zahl

BASIS_TEXT = (
    "LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne „außer Betracht“), mit einer Fallzahl für Wiesbaden "
    "(erfasst oder geschätzt)"
)


class FallzahlListe(Liste):
    filterset_class = FallzahlFilter
    table_class = FallzahlTabelle
    template_name = "dashboard/fallzahlen.html"
    titel = "Fallzahlen"
    einleitung = (
        "Für welche Leistungen lassen sich die meisten Anträge pro Jahr digital unterstützen? Gezählt werden die "
        "Leistungen, die von Wiesbaden umzusetzen sind, mit ihren Anträgen pro Jahr in Wiesbaden: von den Ämtern "
        "erfasst oder, wo nur eine bundesweite Zahl vorliegt, nach Bevölkerungsanteil geschätzt (278.000 von "
        "84.000.000 Einwohnern; „etwa“). Bundesweite Zahlen stehen daneben und werden nie als Wiesbadens gezählt. "
        "„Digital unterstützt“ heißt: der Status bedeutet „online verfügbar“."
    )
    export_dateiname = "fallzahlen"

    def get_queryset(self):
        return (
            mit_fallzahl(Leistung.objects.filter(wiesbaden_heute()))
            .filter(fallzahl__isnull=False)
            .select_related("amt", "status", "buendel__themenfeld", "reifegrad")
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
                    basis_text=f"Anträge pro Jahr in Wiesbaden in {format_zahl(summe.leistungen)} {BASIS_TEXT}, davon "
                    f"{format_zahl(summe.antraege_geschaetzt)} geschätzt",
                    titel="Anträge pro Jahr in Wiesbaden: digital unterstützt und noch nicht",
                    online_text="digital unterstützt",
                    offen_text="noch nicht digital",
                ),
                charts.rangliste(
                    kennung="groesste-offene",
                    titel="Offene Leistungen mit den meisten Anträgen pro Jahr",
                    untertitel=f"Die zehn noch nicht online verfügbaren Leistungen mit der höchsten Fallzahl; "
                    f"{SCHAETZUNG_TEXT}; {stand}",
                    werte=[
                        charts.RangWert(
                            bezeichnung=f"{leistung.bezeichnung} ({leistung.schluessel_formatiert})"
                            + (" (geschätzt)" if leistung.fallzahl_geschaetzt else ""),
                            wert=leistung.fallzahl,
                            farbe=leistung.status.farbe if leistung.status else charts.FARBEN[1],
                            zusatz=leistung.status.bezeichnung if leistung.status else "ohne Status",
                        )
                        for leistung in offene
                    ],
                    einheit="Anträge pro Jahr in Wiesbaden",
                    zusatz_kopf="Status",
                ),
            ],
        )
        context["table"].beschriftung = "Leistungen nach Fallzahl"
        return context


fallzahlen = FallzahlListe.as_view()
