"""``/fallzahlen/``: services ranked by applications a year; how many are already supported digitally."""

from __future__ import annotations

from django.utils import timezone

from catalog.exporting import leistungen_export
from catalog.models import Leistung
from catalog.selectors import SCHAETZUNG_TEXT, fallzahl_summe, groesste_offene, mit_fallzahl, wiesbaden_heute
from dashboard.charts import FallzahlBar, fallzahlen_chart, online_chart
from dashboard.filters import FallzahlFilter
from dashboard.tables import FallzahlTable
from planung.export import quartal_spalte
from toolkit.charts import COLORS
from toolkit.formatting import format_date, format_number
from toolkit.listview import ListView

BASIS_TEXT = (
    "LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne „außer Betracht“), mit einer Fallzahl für Wiesbaden "
    "(erfasst oder geschätzt)"
)


class FallzahlListView(ListView):
    filterset_class = FallzahlFilter
    table_class = FallzahlTable
    template_name = "dashboard/fallzahlen.html"
    title = "Fallzahlen"
    intro = (
        "Für welche Leistungen lassen sich die meisten Anträge pro Jahr digital unterstützen? Gezählt werden die "
        "Leistungen, die von Wiesbaden umzusetzen sind, mit ihren Anträgen pro Jahr in Wiesbaden: von den Ämtern "
        "erfasst oder, wo nur eine bundesweite Zahl vorliegt, nach Bevölkerungsanteil geschätzt (278.000 von "
        "84.000.000 Einwohnern; „etwa“). Bundesweite Zahlen stehen daneben und werden nie als Wiesbadens gezählt. "
        "„Digital unterstützt“ heißt: der Status bedeutet „online verfügbar“."
    )
    empty_text_unfiltered = "Für keine Leistung ist eine Fallzahl erfasst."
    export_filename = "fallzahlen"
    table_caption = "Leistungen nach Fallzahl"

    def get_queryset(self):
        return (
            mit_fallzahl(Leistung.objects.filter(wiesbaden_heute()))
            .filter(fallzahl__isnull=False)
            .select_related("amt", "status", "buendel__themenfeld", "reifegrad")
        )

    def export_table(self, rows):
        return leistungen_export(rows, extra_columns=[quartal_spalte()])

    def get_context_data(self, **context):
        heute = timezone.localdate()
        gefiltert = context["filtered"]
        summe = fallzahl_summe(gefiltert)
        offene = groesste_offene(gefiltert, anzahl=10)
        context.update(
            stand=heute,
            praesentierbar=True,
            summe=summe,
            charts=[
                online_chart(
                    slug="antraege-digital",
                    online=summe.antraege_online,
                    offen=summe.antraege_offen,
                    stichtag=heute,
                    basis=f"Anträge pro Jahr in Wiesbaden in {format_number(summe.leistungen)} {BASIS_TEXT}, davon "
                    f"{format_number(summe.antraege_geschaetzt)} geschätzt",
                    title="Anträge pro Jahr in Wiesbaden: digital unterstützt und noch nicht",
                    online_text="digital unterstützt",
                    offen_text="noch nicht digital",
                ),
                fallzahlen_chart(
                    slug="groesste-offene",
                    title="Offene Leistungen mit den meisten Anträgen pro Jahr",
                    subtitle="Die zehn noch nicht online verfügbaren Leistungen mit der höchsten Fallzahl; "
                    f"{SCHAETZUNG_TEXT}; Stand {format_date(heute)}",
                    balken=[
                        FallzahlBar(
                            bezeichnung=f"{leistung.bezeichnung} ({leistung.schluessel_formatiert})"
                            + (" (geschätzt)" if leistung.fallzahl_geschaetzt else ""),
                            antraege=leistung.fallzahl,
                            farbe=leistung.status.farbe if leistung.status else COLORS[1],
                            status=leistung.status.bezeichnung if leistung.status else "ohne Status",
                        )
                        for leistung in offene
                    ],
                ),
            ],
        )
        return context


fallzahlen = FallzahlListView.as_view()
