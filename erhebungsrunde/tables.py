"""The list of a round's entries (django-tables2) in the toolkit's KERN UX look."""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.keys import format_key
from toolkit.formatting import format_date
from toolkit.tables import TABLE_ATTRS, TABLE_TEMPLATE, badge

from .models import RundenEintrag
from .selectors import person, tagesende

OHNE_STATUS = "ohne Status"


class EintragTable(tables.Table):
    amt = tables.Column(verbose_name="Amt", order_by=("amt__nummer",))
    leistung = tables.Column(verbose_name="Leistung", order_by=("leistung__leika_schluessel",))
    status_bei_oeffnung = tables.Column(
        verbose_name="Status bei Öffnung", order_by=("status_bei_oeffnung__reihenfolge",), empty_values=()
    )
    antwort = tables.Column(verbose_name="Rückmeldung", empty_values=())
    status = tables.Column(verbose_name="gemeldeter Status", order_by=("status__reihenfolge",))
    beantwortet_von = tables.Column(verbose_name="von", order_by=("beantwortet_von__last_name",))
    beantwortet_am = tables.Column(verbose_name="am")
    kommentar = tables.Column(
        verbose_name="Kommentar", orderable=False, attrs={"td": {"class": "kern-table__cell umbruch"}}
    )

    class Meta:
        model = RundenEintrag
        fields = ()
        sequence = (
            "amt",
            "leistung",
            "status_bei_oeffnung",
            "antwort",
            "status",
            "beantwortet_von",
            "beantwortet_am",
            "kommentar",
        )
        attrs = TABLE_ATTRS
        template_name = TABLE_TEMPLATE
        default = "–"
        empty_text = "Kein Eintrag entspricht dem Filter."

    def __init__(self, *args, frist: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.frist_ende = tagesende(frist)

    def render_amt(self, value):
        return format_html('<abbr title="{}">{}</abbr>', value.name, value.nummer)

    def render_leistung(self, value):
        return format_html(
            '<a class="kern-link" href="{}">{}</a> <span class="schluessel">({})</span>',
            reverse("dashboard:leistung", args=[value.leika_schluessel]),
            value.bezeichnung,
            format_key(value.leika_schluessel),
        )

    def render_status_bei_oeffnung(self, value):
        return badge(value.bezeichnung if value else "", value.farbe if value else "", empty=OHNE_STATUS)

    def render_antwort(self, value, record):
        if not value:
            return format_html('<span class="status status--ohne">{}</span>', "noch offen")
        return record.get_antwort_display()

    def render_status(self, value):
        return badge(value.bezeichnung, value.farbe)

    def render_beantwortet_von(self, value):
        return person(value)

    def render_beantwortet_am(self, value):
        text = f"{format_date(value)} {timezone.localtime(value):%H:%M}"
        if value >= self.frist_ende:
            return format_html('{} <span class="hinweis-marke">nach der Frist</span>', text)
        return text
