"""The list pages' filters (django-filter), with German labels and KERN UX form classes.

The free-text search finds a Leistung by name or by its LeiKa key in any notation: dotted or plain, complete or
just its beginning ("99.050.042", "99050042000000", "99 050 042"), or as a spreadsheet number ("9.9050042E13").
"""

from __future__ import annotations

import re

import django_filters as filters
from django import forms
from django.db.models import Q

from catalog.keys import InvalidKey, normalize_key
from catalog.models import (
    Amt,
    Bundesland,
    Leistung,
    Leistungsbuendel,
    Reifegrad,
    Status,
    Themenfeld,
    Vollzugsebene,
)

_TRENNER = re.compile(r"[\s.\u00a0\u202f_-]+")
JA_NEIN = [("", "alle"), ("true", "ja"), ("false", "nein")]


def ja_nein_filter(label: str, field_name: str, **kwargs) -> filters.BooleanFilter:
    return filters.BooleanFilter(label=label, field_name=field_name, widget=forms.Select(choices=JA_NEIN), **kwargs)


class KernFilterSet(filters.FilterSet):
    """A FilterSet whose widgets carry the KERN UX classes; selects offer "alle" as the empty choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "kern-form-input__select"
                if hasattr(field, "empty_label") and field.empty_label is not None:
                    field.empty_label = "alle"
            else:
                widget.attrs["class"] = "kern-form-input__input"
            widget.attrs.setdefault("id", f"filter-{name}")


def suche_leistung(queryset, name, value):
    """Name (any part, case-insensitive) or LeiKa key (complete in any notation, or its beginning)."""
    text = (value or "").strip()
    if not text:
        return queryset
    bedingung = Q(bezeichnung__icontains=text)
    try:
        bedingung |= Q(leika_schluessel=normalize_key(text))
    except InvalidKey:
        ziffern = _TRENNER.sub("", text)
        if ziffern.isdigit():
            bedingung |= Q(leika_schluessel__startswith=ziffern)
    return queryset.filter(bedingung)


class LeistungFilter(KernFilterSet):
    """The filters of ``/leistungen/`` (and of an Amt's Leistungen)."""

    q = filters.CharFilter(label="Suche (Name oder LeiKa-Schlüssel)", method=suche_leistung)
    amt = filters.ModelChoiceFilter(label="Amt", queryset=Amt.objects.all())
    status = filters.ModelChoiceFilter(label="Status", queryset=Status.objects.all())
    themenfeld = filters.ModelChoiceFilter(
        label="Themenfeld", field_name="buendel__themenfeld", queryset=Themenfeld.objects.all()
    )
    buendel = filters.ModelChoiceFilter(label="OZG-Leistungsbündel", queryset=Leistungsbuendel.objects.all())
    vollzugsebene = filters.ChoiceFilter(label="Vollzug", choices=Vollzugsebene.choices, empty_label="alle")
    von_wiesbaden_umzusetzen = ja_nein_filter("von Wiesbaden umzusetzen", "von_wiesbaden_umzusetzen")
    efa = ja_nein_filter("EfA-Leistung", "buendel__efa")
    ozg_booster = ja_nein_filter("OZG-Booster", "buendel__ozg_booster")
    reifegrad = filters.ModelChoiceFilter(label="Reifegrad", queryset=Reifegrad.objects.all())
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

    class Meta:
        model = Leistung
        fields = []

    def __init__(self, *args, ohne=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ohne:  # e.g. the Amt on an Amt's own page
            self.filters.pop(name, None)
            self.form.fields.pop(name, None)


class FallzahlFilter(KernFilterSet):
    """The filters of ``/fallzahlen/``."""

    q = filters.CharFilter(label="Suche (Name oder LeiKa-Schlüssel)", method=suche_leistung)
    amt = filters.ModelChoiceFilter(label="Amt", queryset=Amt.objects.all())
    status = filters.ModelChoiceFilter(label="Status", queryset=Status.objects.all())
    themenfeld = filters.ModelChoiceFilter(
        label="Themenfeld", field_name="buendel__themenfeld", queryset=Themenfeld.objects.all()
    )
    digital = filters.BooleanFilter(
        label="bereits digital unterstützt",
        method="filter_digital",
        widget=forms.Select(choices=JA_NEIN),
    )

    class Meta:
        model = Leistung
        fields = []

    def filter_digital(self, queryset, name, value):
        if value is None:
            return queryset
        online = Q(status__bedeutung="erledigt")
        return queryset.filter(online) if value else queryset.exclude(online)


def suche_buendel(queryset, name, value):
    text = (value or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(name__icontains=text) | Q(ozg_id__startswith=text))


class EfaFilter(KernFilterSet):
    """The filters of ``/efa/``."""

    q = filters.CharFilter(label="Suche (Name oder OZG-ID)", method=suche_buendel)
    ozg_booster = ja_nein_filter("OZG-Booster (IT-PLR 2022/20)", "ozg_booster")
    umsetzendes_land = filters.ChoiceFilter(label="umsetzendes Land", choices=Bundesland.choices, empty_label="alle")
    themenfeld = filters.ModelChoiceFilter(label="Themenfeld", queryset=Themenfeld.objects.all())
    ueberfaellig = ja_nein_filter("Rollout-Frist überschritten", "ueberfaellig")

    class Meta:
        model = Leistungsbuendel
        fields = []
