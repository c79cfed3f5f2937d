"""The ranking as a django-tables2 table: rank, Leistung, Amt, status, total and one column per area.

The rows are :class:`scorecard.selectors.RanglisteRow`; the order is the ranking's and cannot be changed
by clicking a header, so that the page, the chart and the export always show the same order. The look is the
toolkit's (``toolkit/_table.html``); totals and area scores are small value bars.
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from toolkit.formatting import format_percent
from toolkit.tables import NUMBER_ATTRS, TABLE_ATTRS, TABLE_TEMPLATE, TEXT_ATTRS, badge, value_bar

from .selectors import RanglistenBereich, RanglisteRow


class BereichColumn(tables.Column):
    """One area's score in percent, as a small bar."""

    def __init__(self, bereich: RanglistenBereich, **kwargs):
        self.bereich = bereich
        super().__init__(verbose_name=bereich.titel, accessor="leistung_id", empty_values=(), orderable=False, **kwargs)

    def render(self, record: RanglisteRow):
        wert = record.bereichswert(self.bereich.id)
        if wert is None or wert.wert is None:
            return value_bar(None, "–")
        return value_bar(
            wert.wert * 100,
            format_percent(wert.wert, 1),
            f"{self.bereich.name}: {wert.erreicht} von {wert.erreichbar} Punkten",
        )


class RanglisteTable(tables.Table):
    rang = tables.Column(verbose_name="Rang", empty_values=(None,), default="–", attrs=NUMBER_ATTRS)
    schluessel = tables.Column(
        verbose_name="LeiKa-Schlüssel",
        accessor="schluessel_formatiert",
        attrs={"td": {"class": "kern-table__cell nowrap"}},
    )
    bezeichnung = tables.Column(verbose_name="Leistung", attrs=TEXT_ATTRS)
    amt = tables.Column(verbose_name="Amt", accessor="amt_nummer", default="–")
    status = tables.Column(verbose_name="Status")
    gesamt = tables.Column(verbose_name="Gesamtwert", accessor="leistung_id", empty_values=())

    class Meta:
        orderable = False
        attrs = TABLE_ATTRS
        template_name = TABLE_TEMPLATE
        empty_text = "Keine offene Leistung entspricht dieser Auswahl."

    def __init__(self, data, *, bereiche: list[RanglistenBereich], bewerten_erlaubt: bool = False, **kwargs):
        self.bewerten_erlaubt = bewerten_erlaubt
        self.caption = "Rangliste der offenen Leistungen nach Gesamtwert"
        extra = [(f"bereich_{b.id}", BereichColumn(b)) for b in bereiche]
        super().__init__(data, extra_columns=extra, **kwargs)

    def render_schluessel(self, value, record: RanglisteRow):
        if self.bewerten_erlaubt:
            url = reverse("scorecard:bewerten", args=[record.leika_schluessel])
            return format_html('<a class="kern-link" href="{}" title="Bewerten">{}</a>', url, value)
        return value

    def render_amt(self, value, record: RanglisteRow):
        return format_html('<abbr title="{}">{}</abbr>', record.amt_name, value) if record.amt_name else value

    def render_status(self, value, record: RanglisteRow):
        return badge(value, record.status_farbe)

    def render_gesamt(self, record: RanglisteRow):
        ergebnis = record.ergebnis
        if not ergebnis.vollstaendig:
            return value_bar(None, ergebnis.anzeige)
        return value_bar(ergebnis.gesamt, ergebnis.anzeige, "Gesamtwert von 100")
