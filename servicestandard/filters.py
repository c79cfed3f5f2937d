"""The Servicestandard's filters (Amt, Themenfeld, platform, OZG-Booster), one set for the page, the JSON and the
exports, so that they always count the same Leistungen.

Parameters: ``amt`` (an Amt's number, e.g. ``33``), ``themenfeld`` (its name, e.g. ``Familie & Kind``),
``plattform`` (``civento``, ``efa``, ``eigen``, ``andere``), ``ozg_booster`` (``ja`` / ``nein``). A bad value
gives a German message (:func:`filter_fehler`).
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from catalog.filters import amt_filter
from catalog.models import Leistung, OnlinePlattform, Themenfeld
from toolkit.filters import KernFilterSet

JA_NEIN = [("ja", "ja"), ("nein", "nein")]


class ServicestandardFilter(KernFilterSet):
    """Narrows the Leistungen whose assessments are counted (in the KERN UX look on the page)."""

    amt = amt_filter(empty_label="alle Ämter")
    themenfeld = django_filters.ModelChoiceFilter(
        field_name="buendel__themenfeld",
        queryset=Themenfeld.objects.all(),
        to_field_name="name",
        label="Themenfeld",
        empty_label="alle",
        error_messages={"invalid_choice": "Ein Themenfeld „%(value)s“ gibt es nicht."},
    )
    plattform = django_filters.ChoiceFilter(
        field_name="online_plattform",
        choices=OnlinePlattform.choices,
        label="Plattform",
        empty_label="alle",
        error_messages={
            "invalid_choice": "Eine Plattform „%(value)s“ gibt es nicht; möglich sind: "
            + ", ".join(OnlinePlattform.values)
            + "."
        },
    )
    ozg_booster = django_filters.ChoiceFilter(
        choices=JA_NEIN,
        label="OZG-Booster",
        empty_label="alle",
        method="filter_ozg_booster",
        error_messages={"invalid_choice": "„%(value)s“ ist weder „ja“ noch „nein“."},
    )

    class Meta:
        model = Leistung
        fields: list[str] = []

    def filter_ozg_booster(self, queryset, name, value):
        return queryset.filter(buendel__ozg_booster=(value == "ja")) if value else queryset

    @property
    def aktiv(self) -> bool:
        """Whether any filter is set (the figures are then for a part of the Leistungen)."""
        return self.is_valid() and any(self.form.cleaned_data.get(name) not in (None, "") for name in self.filters)


def ausgewaehlte_leistungen(filterset: ServicestandardFilter) -> QuerySet[Leistung] | None:
    """The Leistungen to count: ``None`` for all (no filter set), none at all while a filter value is invalid."""
    if not filterset.is_bound:
        return None
    if not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs if filterset.aktiv else None


def filter_fehler(filterset: ServicestandardFilter) -> str:
    """The German message for invalid parameters, e.g. "Der Parameter „amt“ ist ungültig: Ein Amt mit …"."""
    teile = []
    for name, fehler in filterset.form.errors.items():
        text = " ".join(fehler)
        teile.append(text if text.startswith("Der Parameter") else f"Der Parameter „{name}“ ist ungültig: {text}")
    return " ".join(teile)


def auswahl_text(filterset: ServicestandardFilter) -> str:
    """The filters set, in words ("Amt 33, Plattform civento (ekom21), OZG-Booster"); "" without a filter."""
    if not (filterset.is_bound and filterset.is_valid()):
        return ""
    daten = filterset.form.cleaned_data
    teile = []
    if daten.get("amt"):
        teile.append(f"Amt {daten['amt'].nummer}")
    if daten.get("themenfeld"):
        teile.append(f"Themenfeld {daten['themenfeld'].name}")
    if daten.get("plattform"):
        teile.append(f"Plattform {OnlinePlattform(daten['plattform']).label}")
    if daten.get("ozg_booster"):
        teile.append("OZG-Booster" if daten["ozg_booster"] == "ja" else "kein OZG-Booster")
    return ", ".join(teile)
