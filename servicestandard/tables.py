"""The assessed services as a django-tables2 table (rows: :class:`~servicestandard.selectors.LeistungZeile`), in
the toolkit's look: key and name link to the Leistung page (its checklist), the share fulfilled as a small bar.
Sortable by every column but the platform; the default order is the key's."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from toolkit.formatting import format_date, format_number
from toolkit.tables import NUMBER_ATTRS, TABLE_ATTRS, TABLE_TEMPLATE, value_bar

from .charts import grad_text
from .selectors import LeistungZeile


class PruefungenTable(tables.Table):
    schluessel = tables.Column(
        verbose_name="LeiKa-Schlüssel",
        accessor="schluessel_formatiert",
        order_by="leika_schluessel",
        attrs={"td": {"class": "kern-table__cell nowrap"}},
    )
    bezeichnung = tables.Column(verbose_name="Leistung")
    amt = tables.Column(verbose_name="Amt", accessor="amt_nummer", default="–")
    plattform = tables.Column(verbose_name="Plattform", default="–", orderable=False)
    geprueft = tables.Column(verbose_name="Ergebnisse", accessor="zaehlung__ergebnisse", attrs=NUMBER_ATTRS)
    anteil = tables.Column(verbose_name="Anteil erfüllt", accessor="sortierwert")
    geaendert_am = tables.Column(verbose_name="zuletzt geändert")

    class Meta:
        attrs = TABLE_ATTRS
        template_name = TABLE_TEMPLATE
        empty_text = "Keine geprüfte Leistung entspricht dieser Auswahl."

    def __init__(self, data, *, prinzipien: int = 0, **kwargs):
        self.prinzipien = prinzipien
        super().__init__(data, **kwargs)

    def render_schluessel(self, value, record: LeistungZeile):
        url = reverse("dashboard:leistung", args=[record.leika_schluessel])
        return format_html('<a class="kern-link" href="{}">{}</a>', url, value)

    def render_amt(self, value, record: LeistungZeile):
        return format_html('<abbr title="{}">{}</abbr>', record.amt_name, value)

    def render_geprueft(self, value):
        return f"{format_number(value)} von {format_number(self.prinzipien)}"

    def render_anteil(self, record: LeistungZeile):
        grad = record.zaehlung.grad
        return value_bar(grad * 100 if grad is not None else None, grad_text(record.zaehlung), "Anteil erfüllt")

    def render_geaendert_am(self, value, record: LeistungZeile):
        von = f" von {record.geaendert_von}" if record.geaendert_von else ""
        return f"{format_date(value)}{von}"
