"""Who changed what when: the latest rows of a django-simple-history table as a page shows them.

- :func:`person_name`: a user as the pages name them (full name, else the user name; "" for nobody);
- :func:`latest_changes`: the newest rows of a history queryset with when, who and the kind of change in the
  page's words, one query; the app turns each row's own fields into its entry (a rating's option, a result).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


def person_name(user) -> str:
    """``user``'s full name, else the user name; "" without a user (e.g. an import or a deleted account)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Change:
    """One row of a history: when, by whom, what kind of change (in the page's word), and the row itself (the
    record's fields as they were after the change)."""

    when: dt.datetime
    who: str
    kind: str
    row: Any


def latest_changes(
    history: QuerySet, *, kinds: Mapping[str, str], related: Sequence[str] = (), limit: int = 50
) -> list[Change]:
    """The newest ``limit`` rows of ``history`` (a simple-history queryset, already filtered), newest first.

    ``kinds`` names simple-history's change types for the page (``{"+": "gesetzt", "~": "geändert", "-":
    "entfernt"}``); ``related``: the row's foreign keys the caller reads (fetched in the same query). 1 query.
    """
    rows = history.select_related("history_user", *related).order_by("-history_date", "-history_id")[:limit]
    return [
        Change(
            when=row.history_date,
            who=person_name(row.history_user),
            kind=kinds.get(row.history_type, row.history_type),
            row=row,
        )
        for row in rows
    ]
