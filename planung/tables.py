"""The plan as a django-tables2 table: one row per open service, in scorecard order, with its expected quarter.

The rows are :class:`planung.plan.Planzeile`; the order is the plan's (the scorecard's) and cannot be changed by
clicking a header, so page and export show the same order. The look is the toolkit's (``toolkit/_table.html``).
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from catalog.keys import format_key
from toolkit.formatting import format_date
from toolkit.tables import NUMBER_ATTRS, TABLE_ATTRS, TABLE_TEMPLATE, badge

from .plan import Einplanung, Planzeile


def vorgabe_text(zeile: Planzeile) -> str:
    """The Vorgabe in words: "festgelegt auf Q1/2027: <Grund> (Redaktion, 12.11.2026)", or "" without one."""
    v = zeile.vorgabe
    if v is None:
        return ""
    was = f"festgelegt auf {v.quartal}" if zeile.einplanung == Einplanung.FESTGELEGT else "zurückgestellt"
    wer = ", ".join(teil for teil in (v.von, format_date(v.am) if v.am else "") if teil)
    return f"{was}: {v.grund}" + (f" ({wer})" if wer else "")


class PlanTable(tables.Table):
    rang = tables.Column(
        verbose_name="Rang", accessor="leistung__rang", empty_values=(None,), default="–", attrs=NUMBER_ATTRS
    )
    schluessel = tables.Column(
        verbose_name="LeiKa-Schlüssel",
        accessor="leistung__leika_schluessel",
        attrs={"td": {"class": "kern-table__cell nowrap"}},
    )
    bezeichnung = tables.Column(verbose_name="Leistung (Vorgabe, Rollout-Frist)", accessor="leistung__bezeichnung")
    amt = tables.Column(verbose_name="Amt", accessor="leistung__amt_nummer", default="–")
    status = tables.Column(verbose_name="Status", accessor="leistung__status")
    quartal = tables.Column(verbose_name="erwartetes Quartal", empty_values=())

    class Meta:
        orderable = False
        attrs = TABLE_ATTRS
        template_name = TABLE_TEMPLATE
        empty_text = "Keine offene Leistung entspricht dieser Auswahl."

    def render_schluessel(self, value, record: Planzeile):
        url = reverse("dashboard:leistung", args=[value])
        return format_html('<a class="kern-link" href="{}">{}</a>', url, format_key(value))

    def render_amt(self, value, record: Planzeile):
        name = record.leistung.amt_name
        return format_html('<abbr title="{}">{}</abbr>', name, value) if name else value

    def render_status(self, value, record: Planzeile):
        return badge(value, record.leistung.status_farbe)

    def render_quartal(self, record: Planzeile):
        """The quarter and how the plan got there: "Q4/2026 nach Kapazität", "Q1/2027 festgelegt", "ohne Quartal"."""
        e = record.einplanung
        if record.quartal is None:
            klasse = "hinweis-marke" if e == Einplanung.OHNE_KAPAZITAET else "plan-ohne"
            return format_html('<span class="{}">{}</span>', klasse, e.bezeichnung)
        return format_html('<strong>{}</strong> <span class="plan-art">{}</span>', record.quartal, e.bezeichnung)

    def render_bezeichnung(self, value, record: Planzeile):
        """The name, and below it the Vorgabe with its reason and the Rollout-Frist (flagged when missed)."""
        teile = [format_html("{}", t) for t in (vorgabe_text(record), record.hinweis) if t]
        if record.frist_verfehlt:
            teile.append(format_html('<span class="hinweis-marke">verfehlt:</span> {}', record.frist_hinweis))
        elif record.frist_hinweis:
            teile.append(format_html("{}", record.frist_hinweis))
        hinweise = format_html_join("", '<span class="plan-hinweis">{}</span>', ((t,) for t in teile))
        return format_html("{}{}", value, hinweise)
