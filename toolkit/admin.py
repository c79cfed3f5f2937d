"""The Django admin's lists, hardened: an absurd filter value answers the admin's German "invalid filter" page.

Django's list turns most bad filter values into its own error (``?e=1``), but not all: a date drill-down year of
``99999999999999999999`` or ``9999`` overflows while it computes the date range, and a NUL character in a choice
filter reaches PostgreSQL, which refuses it; either page answered 500. :class:`ChangeList` treats those like any
other bad value.
"""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList as DjangoChangeList


class ChangeList(DjangoChangeList):
    def get_filters(self, request):
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("Ein Filterwert enthält ein NUL-Zeichen.")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class SafeChangeListMixin:
    """For a ModelAdmin: its list uses :class:`ChangeList`."""

    def get_changelist(self, request, **kwargs):
        return ChangeList
