"""The filters of ``/planung/``: the ranking's (Amt by number, status, Themenfeld, OZG-Booster) and the quarter.

The quarter is no field of a Leistung but the plan's result: its choices are the plan's quarters, "ohne Quartal"
and "zurückgestellt", and it narrows the plan's rows, not the queryset (see :class:`planung.views.PlanListView`).
"""

from __future__ import annotations

import django_filters

from scorecard.filters import RanglisteFilter

from .plan import Plan

OHNE_QUARTAL = "ohne"
ZURUECKGESTELLT = "zurueckgestellt"


class PlanFilter(RanglisteFilter):
    """Narrows the rows of the plan; the plan itself is always the whole city's."""

    quartal = django_filters.ChoiceFilter(label="erwartetes Quartal", empty_label="alle", method="filter_quartal")

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs["ohne"] = (*kwargs.get("ohne", ()), "bewertung")
        super().__init__(*args, **kwargs)
        if "quartal" in self.form.fields:
            self.form.fields["quartal"].choices = [
                ("", "alle"),
                *[(b.quartal.iso, str(b.quartal)) for b in plan.quartale],
                (OHNE_QUARTAL, "ohne Quartal"),
                (ZURUECKGESTELLT, "zurückgestellt"),
            ]

    def filter_quartal(self, queryset, name, value):
        return queryset  # narrows the plan's rows: PlanListView.get_table_data

    @property
    def gewaehltes_quartal(self) -> str:
        """The chosen quarter ("2027-Q1", "ohne", "zurueckgestellt") or "" for all (also while the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return ""
        return self.form.cleaned_data.get("quartal") or ""
