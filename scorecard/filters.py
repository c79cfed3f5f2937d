"""The ranking's filters: Amt (by number), status, Themenfeld, OZG-Booster, complete or incomplete rating."""

from __future__ import annotations

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from catalog.filters import amt_filter
from catalog.models import Leistung, Status, StatusBedeutung, Themenfeld
from toolkit.filters import KernFilterSet, yes_no_filter

from .models import Bewertung, Kriterium


class RanglisteFilter(KernFilterSet):
    """Narrows the rows of the ranking (the ranks stay those of the whole base)."""

    amt = amt_filter(empty_label="alle Ämter")
    status = django_filters.ModelChoiceFilter(
        queryset=Status.objects.filter(bedeutung__in=[StatusBedeutung.IN_ARBEIT, StatusBedeutung.WARTEND]),
        label="Status",
        empty_label="alle offenen",
    )
    themenfeld = django_filters.ModelChoiceFilter(
        field_name="buendel__themenfeld", queryset=Themenfeld.objects.all(), label="Themenfeld", empty_label="alle"
    )
    ozg_booster = yes_no_filter("OZG-Booster", "buendel__ozg_booster")
    bewertung = django_filters.ChoiceFilter(
        label="Bewertung",
        choices=[("vollstaendig", "vollständig"), ("unvollstaendig", "unvollständig")],
        empty_label="alle",
        method="filter_bewertung",
    )

    class Meta:
        model = Leistung
        fields: list[str] = []

    def filter_bewertung(self, queryset, name, value):
        anzahl = Kriterium.objects.count()
        bewertet = (
            Bewertung.objects.filter(leistung=OuterRef("pk"))
            .order_by()
            .values("leistung")
            .annotate(n=Count("pk"))
            .values("n")
        )
        queryset = queryset.annotate(_bewertet=Coalesce(Subquery(bewertet, output_field=IntegerField()), 0))
        if value == "vollstaendig":
            return queryset.filter(_bewertet__gte=anzahl)
        return queryset.filter(_bewertet__lt=anzahl)
