"""The list pages' filters (django-filter), with German labels, in the toolkit's KERN UX look.

The free-text search finds a Leistung by its name or its OZG-Leistung's (Bündel's) name, in any capitalisation
(umlauts included, :mod:`toolkit.search`), by the Bündel's OZG-ID, or by its LeiKa key in any notation: dotted or
plain, complete or just its beginning ("99.050.042", "99050042000000", "99 050 042"), or as a spreadsheet number
("9.9050042E13").
"""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Q

from catalog.filters import amt_filter, buendel_filter
from catalog.keys import OZG_ID, key_filter
from catalog.models import (
    Anmeldung,
    Bundesland,
    Leistung,
    Leistungsbuendel,
    OnlinePlattform,
    Reifegrad,
    Status,
    Themenfeld,
    Vollzugsebene,
)
from catalog.selectors import konto_abzuloesen
from toolkit.filters import KernFilterSet, yes_no_filter
from toolkit.formatting import format_number
from toolkit.search import text_contains


def leistung_search(queryset, name, value):
    """Name or Bündel name (any part, any capitalisation), the Bündel's OZG-ID, or the LeiKa key (complete in any
    notation, or its beginning)."""
    text = (value or "").strip()
    if not text:
        return queryset
    bedingung = text_contains(["bezeichnung", "buendel__name"], text)
    if OZG_ID.match(text):
        bedingung |= Q(buendel__ozg_id=text)
    if (schluessel := key_filter(text)) is not None:
        bedingung |= schluessel
    return queryset.filter(bedingung)


class LeistungFilterForm(forms.Form):
    """The filter form of the Leistung lists: a Fallzahl range whose start lies above its end says so."""

    def clean(self):
        cleaned = super().clean()
        ab, bis = cleaned.get("fallzahl_ab"), cleaned.get("fallzahl_bis")
        if ab is not None and bis is not None and ab > bis:
            self.add_error(
                "fallzahl_bis",
                f"„ab“ ({format_number(ab)}) ist größer als „bis“ ({format_number(bis)}); so passt keine Leistung.",
            )
        return cleaned


class _LeistungSucheFilter(KernFilterSet):
    """What every Leistung list filters by first: the search, Amt, status and Themenfeld."""

    q = filters.CharFilter(label="Suche (Name, Bündel oder LeiKa-Schlüssel)", method=leistung_search)
    amt = amt_filter()
    status = filters.ModelChoiceFilter(label="Status", queryset=Status.objects.all())
    themenfeld = filters.ModelChoiceFilter(
        label="Themenfeld", field_name="buendel__themenfeld", queryset=Themenfeld.objects.all()
    )

    class Meta:
        model = Leistung
        fields = []
        form = LeistungFilterForm


class LeistungFilter(_LeistungSucheFilter):
    """The filters of ``/leistungen/`` (and of an Amt's Leistungen)."""

    buendel = buendel_filter()
    vollzugsebene = filters.ChoiceFilter(label="Vollzug", choices=Vollzugsebene.choices, empty_label="alle")
    von_wiesbaden_umzusetzen = yes_no_filter("von Wiesbaden umzusetzen", "von_wiesbaden_umzusetzen")
    efa = yes_no_filter("EfA-Leistung", "buendel__efa")
    ozg_booster = yes_no_filter("OZG-Booster", "buendel__ozg_booster")
    reifegrad = filters.ModelChoiceFilter(
        label="Reifegrad",
        queryset=Reifegrad.objects.all(),
        to_field_name="stufe",
        error_messages={"invalid_choice": "Einen Reifegrad „%(value)s“ gibt es nicht."},
    )
    fallzahl_ab = filters.NumberFilter(
        label="Anträge pro Jahr in Wiesbaden (erfasst) ab",
        field_name="antraege_pro_jahr",
        lookup_expr="gte",
        min_value=0,
    )
    fallzahl_bis = filters.NumberFilter(
        label="Anträge pro Jahr in Wiesbaden (erfasst) bis",
        field_name="antraege_pro_jahr",
        lookup_expr="lte",
        min_value=0,
    )


class FallzahlFilter(_LeistungSucheFilter):
    """The filters of ``/fallzahlen/``."""

    digital = yes_no_filter("bereits digital unterstützt", method="filter_digital")

    def filter_digital(self, queryset, name, value):
        if value is None:
            return queryset
        online = Q(status__bedeutung="erledigt")
        return queryset.filter(online) if value else queryset.exclude(online)


def buendel_search(queryset, name, value):
    text = (value or "").strip()
    if not text:
        return queryset
    return queryset.filter(text_contains(["name"], text) | Q(ozg_id__startswith=text))


class EfaFilter(KernFilterSet):
    """The filters of ``/efa/``."""

    q = filters.CharFilter(label="Suche (Name oder OZG-ID)", method=buendel_search)
    ozg_booster = yes_no_filter("OZG-Booster (IT-PLR 2022/20)", "ozg_booster")
    umsetzendes_land = filters.ChoiceFilter(label="umsetzendes Land", choices=Bundesland.choices, empty_label="alle")
    themenfeld = filters.ModelChoiceFilter(label="Themenfeld", queryset=Themenfeld.objects.all())
    ueberfaellig = yes_no_filter("Rollout-Frist überschritten", "ueberfaellig")

    class Meta:
        model = Leistungsbuendel
        fields = []


OHNE_ANGABE = "ohne"  # the filter value for "not recorded" (stored as "")


def _angabe_filter(label: str, choices, fehler: str) -> filters.ChoiceFilter:
    """A choice of a recorded value or "nicht erfasst"; an unknown value is the German message ``fehler``."""
    return filters.ChoiceFilter(
        label=label,
        choices=[*choices, (OHNE_ANGABE, "nicht erfasst")],
        empty_label="alle",
        method="filter_angabe",
        error_messages={"invalid_choice": fehler},
    )


class OnlineDienstFilter(_LeistungSucheFilter):
    """The filters of ``/online-dienste/``: platform, user account, and whether the account is being replaced."""

    plattform = _angabe_filter("Plattform", OnlinePlattform.choices, "Eine Plattform „%(value)s“ gibt es nicht.")
    anmeldung = _angabe_filter(
        "Anmeldung (Nutzerkonto)", Anmeldung.choices, "Ein Nutzerkonto „%(value)s“ gibt es nicht."
    )
    abzuloesen = yes_no_filter("Nutzerkonto wird abgelöst", method="filter_abzuloesen")

    def filter_angabe(self, queryset, name, value):
        feld = {"plattform": "online_plattform", "anmeldung": "anmeldung"}[name]
        if not value:
            return queryset
        return queryset.filter(**{feld: "" if value == OHNE_ANGABE else value})

    def filter_abzuloesen(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(konto_abzuloesen()) if value else queryset.exclude(konto_abzuloesen())
