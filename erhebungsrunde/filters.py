"""The filters of a round's list of entries: the Amt (by its number, as everywhere in the portal), the answer."""

from __future__ import annotations

import django_filters as filters

from catalog.filters import amt_filter
from catalog.models import Amt
from toolkit.filters import KernFilterSet

from .models import Antwort, RundenEintrag

OFFEN = "offen"


def _antwort(queryset, name, value):
    if not value:
        return queryset
    return queryset.filter(antwort="" if value == OFFEN else value)


def _gefragte_aemter(request):
    """The Ämter the page's round asked (the round from the URL), in number order."""
    match = getattr(request, "resolver_match", None)
    runde_id = match.kwargs.get("runde_id") if match else None
    return Amt.objects.filter(pk__in=RundenEintrag.objects.filter(runde_id=runde_id).values("amt_id")).order_by(
        "nummer"
    )


class EintragFilter(KernFilterSet):
    amt = amt_filter(
        queryset=_gefragte_aemter,
        error_messages={"invalid_choice": "Amt „%(value)s“ wurde in dieser Erhebungsrunde nicht gefragt."},
    )
    antwort = filters.ChoiceFilter(
        label="Rückmeldung", choices=[(OFFEN, "noch offen"), *Antwort.choices], method=_antwort, empty_label="alle"
    )

    class Meta:
        model = RundenEintrag
        fields = []
