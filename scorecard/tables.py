"""The ranking as a django-tables2 table: rank, Leistung, Amt, status, total and one column per area.

The rows are :class:`scorecard.selectors.RanglistenZeile`; the order is the ranking's and cannot be changed
by clicking a header, so that the page, the chart and the export always show the same order.
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .scoring import gerundet, prozent, zahl_text
from .selectors import RanglistenBereich, RanglistenZeile


def balken(wert_0_100, text: str, titel: str) -> str:
    """A small bar for a value from 0 to 100 with its figure next to it; the bar itself is decoration.

    Drawn as an inline SVG whose rectangle is as long as the value (no style attribute, so the page needs no
    'unsafe-inline' in its Content-Security-Policy).
    """
    if wert_0_100 is None:
        return format_html('<span class="sc-wert sc-wert--leer">{}</span>', text)
    width = f"{gerundet(wert_0_100, 1):f}"  # an SVG length, never localised ("71.7", not "71,7")
    return format_html(
        '<span class="sc-wert" title="{}">'
        '<svg class="sc-balken" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect class="sc-balken__grund" width="100" height="10"></rect>'
        '<rect class="sc-balken__fuellung" width="{}" height="10"></rect></svg>'
        '<span class="sc-zahl">{}</span></span>',
        titel,
        width,
        text,
    )


class BereichColumn(tables.Column):
    """One area's score in percent, as a small bar."""

    def __init__(self, bereich: RanglistenBereich, **kwargs):
        self.bereich = bereich
        super().__init__(
            verbose_name=bereich.titel,
            accessor="leistung_id",
            empty_values=(),
            orderable=False,
            attrs={"td": {"class": "sc-spalte-bereich"}},
            **kwargs,
        )

    def render(self, record: RanglistenZeile):
        wert = record.bereichswert(self.bereich.id)
        if wert is None or wert.wert is None:
            return format_html('<span class="sc-wert sc-wert--leer">{}</span>', "–")
        in_prozent = prozent(wert.wert)
        return balken(
            in_prozent,
            zahl_text(in_prozent) + " %",
            f"{self.bereich.name}: {wert.erreicht} von {wert.erreichbar} Punkten",
        )


class RanglistenTabelle(tables.Table):
    rang = tables.Column(verbose_name="Rang", empty_values=(None,), default="–", attrs={"td": {"class": "sc-rang"}})
    schluessel = tables.Column(verbose_name="LeiKa-Schlüssel", accessor="schluessel_formatiert")
    bezeichnung = tables.Column(verbose_name="Leistung")
    amt = tables.Column(verbose_name="Amt", accessor="amt_nummer", default="–")
    status = tables.Column(verbose_name="Status")
    gesamt = tables.Column(verbose_name="Gesamtwert", accessor="leistung_id", empty_values=())

    beschriftung = "Rangliste der offenen Leistungen nach Gesamtwert"

    class Meta:
        orderable = False
        attrs = {"class": "sc-rangliste"}
        empty_text = "Keine offene Leistung entspricht dieser Auswahl."
        template_name = "scorecard/_tabelle.html"

    def __init__(self, data, *, bereiche: list[RanglistenBereich], bewerten_erlaubt: bool = False, **kwargs):
        self.bewerten_erlaubt = bewerten_erlaubt
        extra = [(f"bereich_{b.id}", BereichColumn(b)) for b in bereiche]
        super().__init__(data, extra_columns=extra, **kwargs)

    def render_schluessel(self, value, record: RanglistenZeile):
        if self.bewerten_erlaubt:
            url = reverse("scorecard:bewerten", args=[record.leika_schluessel])
            return format_html('<a href="{}" title="Bewerten">{}</a>', url, value)
        return value

    def render_amt(self, value, record: RanglistenZeile):
        return format_html('<abbr title="{}">{}</abbr>', record.amt_name, value) if record.amt_name else value

    def render_status(self, value, record: RanglistenZeile):
        return format_html(
            '<span class="sc-status"><svg class="sc-status__farbe" viewBox="0 0 10 10" aria-hidden="true" '
            'focusable="false"><circle cx="5" cy="5" r="5" fill="{}"></circle></svg>{}</span>',
            record.status_farbe,
            value,
        )

    def render_gesamt(self, record: RanglistenZeile):
        ergebnis = record.ergebnis
        if not ergebnis.vollstaendig:
            return format_html('<span class="sc-wert sc-wert--leer">{}</span>', ergebnis.anzeige)
        return balken(ergebnis.gesamt, ergebnis.anzeige, "Gesamtwert von 100")
