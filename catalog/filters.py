"""Filters on catalogue data that every list of the portal shares (django-filter), whatever app shows the list."""

from __future__ import annotations

import django_filters

from catalog.models import Amt


def amt_filter(**kwargs) -> django_filters.ModelChoiceFilter:
    """The Amt by its number (``?amt=33``), as on every page, export and link of the portal; an unknown number is
    a German field error."""
    kwargs.setdefault("label", "Amt")
    return django_filters.ModelChoiceFilter(
        queryset=Amt.objects.all(),
        to_field_name="nummer",
        error_messages={"invalid_choice": "Ein Amt mit der Nummer „%(value)s“ gibt es nicht."},
        **kwargs,
    )
