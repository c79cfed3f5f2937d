"""The dashboard's tables (django-tables2), in the toolkit's KERN UX look (``toolkit/_table.html``).

Per-row figures (e.g. an EfA Bündel's "n of m done") come from annotations on the queryset, never from a query
per row; related objects are fetched with ``select_related``.
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django_tables2.data import TableListData

from catalog.keys import format_key
from catalog.models import Leistung, Leistungsbuendel
from catalog.selectors import ABLOESUNGEN, fallzahl_herleitung
from dashboard.templatetags.dashboard import status_badge
from toolkit.formatting import format_date, format_number, format_yes_no
from toolkit.tables import NUMBER_ATTRS, TABLE_ATTRS, TABLE_TEMPLATE, TEXT_ATTRS, NumberColumn


class StatusColumn(tables.Column):
    """A status as a badge in its own colour; sorted by the statuses' order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("order_by", ("status__reihenfolge", "status__bezeichnung"))
        kwargs.setdefault("verbose_name", "Status")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return status_badge(value.bezeichnung, value.farbe)


def leistung_url(leistung: Leistung) -> str:
    return reverse("dashboard:leistung", args=[leistung.leika_schluessel])


class LeistungTable(tables.Table):
    """Every Leistung with its facts; the key links to the Leistung's page."""

    leika_schluessel = tables.Column(verbose_name="LeiKa-Schlüssel", attrs={"td": {"class": "kern-table__cell nowrap"}})
    bezeichnung = tables.Column(verbose_name="Leistung", attrs=TEXT_ATTRS)
    amt = tables.Column(verbose_name="Amt", order_by=("amt__nummer",))
    status = StatusColumn()
    themenfeld = tables.Column(
        verbose_name="Themenfeld", accessor="buendel__themenfeld__name", order_by=("buendel__themenfeld__reihenfolge",)
    )
    buendel = tables.Column(verbose_name="OZG-ID", accessor="buendel__ozg_id", order_by=("buendel__ozg_id",))
    antraege_pro_jahr = NumberColumn(verbose_name="Anträge pro Jahr in Wiesbaden (erfasst)")
    reifegrad = tables.Column(verbose_name="Reifegrad", accessor="reifegrad__stufe", order_by=("reifegrad__stufe",))

    class Meta:
        model = Leistung
        fields = ()
        sequence = (
            "leika_schluessel",
            "bezeichnung",
            "amt",
            "status",
            "themenfeld",
            "buendel",
            "antraege_pro_jahr",
            "reifegrad",
        )
        attrs = TABLE_ATTRS
        template_name = TABLE_TEMPLATE
        default = "–"
        empty_text = "Keine Leistung entspricht dem Filter."
        order_by = ("leika_schluessel",)

    def render_leika_schluessel(self, value, record):
        return format_html('<a class="kern-link" href="{}">{}</a>', leistung_url(record), format_key(value))

    def render_amt(self, value):
        return format_html('<abbr title="{}">{}</abbr>', value.name, value.nummer)


class FallzahlTable(LeistungTable):
    """The Leistungen ranked by applications a year in Wiesbaden (own or estimated, annotated by
    :func:`catalog.selectors.mit_fallzahl`), the nationwide figure apart; whether each is already online."""

    fallzahl = NumberColumn(verbose_name="Anträge pro Jahr in Wiesbaden")
    antraege_bundesweit = NumberColumn(verbose_name="Anträge pro Jahr bundesweit")
    online = tables.Column(verbose_name="digital unterstützt", accessor="status__bedeutung", orderable=False)

    class Meta(LeistungTable.Meta):
        sequence = (
            "fallzahl",
            "antraege_bundesweit",
            "leika_schluessel",
            "bezeichnung",
            "amt",
            "status",
            "online",
            "themenfeld",
        )
        exclude = ("buendel", "reifegrad", "antraege_pro_jahr")
        order_by = ("-fallzahl", "leika_schluessel")
        empty_text = "Für diese Auswahl sind keine Fallzahlen erfasst."

    def render_fallzahl(self, value, record):
        if record.fallzahl_geschaetzt:
            return format_html(
                '<abbr title="{}">etwa {}</abbr>', fallzahl_herleitung(record.antraege_bundesweit), format_number(value)
            )
        return format_number(value)

    def render_online(self, value):
        return format_yes_no(value == "erledigt")


class EfaTable(tables.Table):
    """EfA Bündel with their facts and Wiesbaden's progress (annotated: ``erledigt`` of ``umzusetzen``)."""

    ozg_id = tables.Column(verbose_name="OZG-ID")
    name = tables.Column(verbose_name="OZG-Leistung", attrs=TEXT_ATTRS)
    ozg_booster = tables.Column(verbose_name="OZG-Booster")
    umsetzendes_land = tables.Column(verbose_name="umsetzendes Land")
    nachnutzbar_ab = tables.Column(verbose_name="nachnutzbar ab")
    rollout_frist = tables.Column(verbose_name="Rollout-Frist")
    fortschritt = tables.Column(
        verbose_name="Fortschritt Wiesbaden",
        accessor="erledigt",
        order_by=("anteil_erledigt", "erledigt"),
        empty_values=(),
    )

    class Meta:
        model = Leistungsbuendel
        fields = ()
        sequence = (
            "ozg_id",
            "name",
            "ozg_booster",
            "umsetzendes_land",
            "nachnutzbar_ab",
            "rollout_frist",
            "fortschritt",
        )
        attrs = TABLE_ATTRS
        template_name = TABLE_TEMPLATE
        default = "–"
        empty_text = "Keine EfA-Leistung entspricht dem Filter."
        order_by = ("rollout_frist", "ozg_id")

    def __init__(self, *args, stichtag=None, **kwargs):
        self.stichtag = stichtag
        super().__init__(*args, **kwargs)

    def render_ozg_booster(self, value):
        return format_yes_no(value)

    def render_umsetzendes_land(self, value, record):
        return record.get_umsetzendes_land_display()

    def render_nachnutzbar_ab(self, value):
        return format_date(value)

    def render_rollout_frist(self, value, record):
        if getattr(record, "ueberfaellig", False):
            return format_html('{} <span class="ueberfaellig">überfällig</span>', format_date(value))
        return format_date(value)

    def render_fortschritt(self, value, record):
        erledigt, gesamt = record.erledigt, record.umzusetzen
        if not gesamt:
            return "keine Leistung für Wiesbaden"
        return format_html(
            '<span class="fortschritt"><progress max="{}" value="{}" aria-hidden="true"></progress> {} von {}</span>',
            gesamt,
            erledigt,
            format_number(erledigt),
            format_number(gesamt),
        )


class OnlineDienstTable(LeistungTable):
    """Leistungen with their online service: platform, user account (marked when it is being replaced), address."""

    online_plattform = tables.Column(verbose_name="Plattform")
    anmeldung = tables.Column(verbose_name="Anmeldung (Nutzerkonto)")
    online_dienst_url = tables.Column(verbose_name="Adresse", attrs=TEXT_ATTRS)

    class Meta(LeistungTable.Meta):
        sequence = (
            "leika_schluessel",
            "bezeichnung",
            "amt",
            "status",
            "online_plattform",
            "anmeldung",
            "reifegrad",
            "online_dienst_url",
        )
        exclude = ("themenfeld", "buendel", "antraege_pro_jahr")
        empty_text = "Kein Online-Dienst entspricht dem Filter."

    def render_online_plattform(self, value, record):
        return record.get_online_plattform_display()

    def render_anmeldung(self, value, record):
        abloesung = ABLOESUNGEN.get(record.anmeldung)
        if abloesung is None:
            return record.get_anmeldung_display()
        return format_html(
            '{} <span class="hinweis-marke" title="{}">wird abgelöst</span>',
            record.get_anmeldung_display(),
            abloesung.text,
        )

    def render_online_dienst_url(self, value):
        if value.startswith(("https://", "http://")):  # shown without the scheme: the table stays narrow
            kurz = value.split("://", 1)[1].removeprefix("www.")
            return format_html('<a class="kern-link" href="{}" rel="noopener noreferrer">{}</a>', value, kurz)
        return value


class _FesteReihenfolge(TableListData):
    """A list read a page at a time, in its own order: a ``?…-sort=`` typed into the address changes nothing."""

    def order_by(self, aliases):
        pass


class BewegungTable(tables.Table):
    """Leistungen that moved between two Stände (:class:`catalog.selectors.Bewegungsliste`, read a page at a
    time): key, name, Amt, status before and after, in the list's own order."""

    schluessel = tables.Column(verbose_name="LeiKa-Schlüssel", attrs={"td": {"class": "kern-table__cell nowrap"}})
    bezeichnung = tables.Column(verbose_name="Leistung")
    amt_nummer = tables.Column(verbose_name="Amt", attrs=NUMBER_ATTRS)
    von = tables.Column(verbose_name="vorher", default="ohne Status")
    nach = tables.Column(verbose_name="nachher", default="ohne Status")

    class Meta:
        attrs = TABLE_ATTRS
        template_name = TABLE_TEMPLATE
        orderable = False
        default = "–"
        empty_text = "Keine."

    def __init__(self, data, **kwargs):
        # as it is, not list(data): a page is read when it is shown, the total is the list's length
        super().__init__(_FesteReihenfolge(data), **kwargs)

    def render_schluessel(self, value, record):
        return format_html(
            '<a class="kern-link" href="{}">{}</a>',
            reverse("dashboard:leistung", args=[value]),
            record.schluessel_formatiert,
        )
