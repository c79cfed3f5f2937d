"""The portal's one guard against lost updates: a version number per record, checked under a row lock.

Every record that two people may edit at once carries a ``version`` (a Leistung; the ratings of a Leistung, see
``scorecard.models.Bewertungsstand``). A form or a preview remembers the versions it showed; the service that
writes locks the rows (ascending primary key, so that two writers never wait for each other crosswise), compares
with :func:`check_versions` and raises the version with the database's own arithmetic (``version = version + 1``)
when it writes. A difference means someone else saved in between: :class:`VersionKonflikt`, with one German
message naming what changed, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import batched
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

CHUNK = 2000
NAMES_SHOWN = 10  # records named in the message; the rest are counted
WAS_LEISTUNG = ("Die Leistung", "Leistungen")


class VersionKonflikt(ValidationError):
    """Someone else changed the record(s) since the user saw them; nothing was written.

    ``geaendert`` names the changed records as the user knows them (e.g. "99.050.042.000.000 Meldebescheinigung");
    ``werte`` says what is saved now (for a form about one record), so that the user sees what to compare.
    """

    def __init__(self, geaendert: Sequence[str], *, was: tuple[str, str] = WAS_LEISTUNG, werte: str = ""):
        self.geaendert = list(geaendert)
        self.werte = werte
        super().__init__(conflict_message(self.geaendert, was=was), code="version_konflikt")

    def meldung(self) -> str:
        """The message, followed by the values saved now when they are known."""
        return f"{self.messages[0]} {self.werte}" if self.werte else self.messages[0]


def conflict_message(geaendert: Sequence[str], *, was: tuple[str, str] = WAS_LEISTUNG) -> str:
    """The one German conflict message of the portal; ``was`` names the kind of record (singular with article,
    plural), e.g. ``("Die Leistung", "Leistungen")``."""
    einzahl, mehrzahl = was
    if len(geaendert) == 1:
        was = f"{einzahl} {geaendert[0]} wurde"
    else:
        namen = ", ".join(geaendert[:NAMES_SHOWN])
        rest = len(geaendert) - NAMES_SHOWN
        was = f"{len(geaendert)} {mehrzahl} ({namen}{f' und {rest} weitere' if rest > 0 else ''}) wurden"
    return (
        f"{was} inzwischen von jemand anderem geändert. Ihre Änderung wurde nicht gespeichert; bitte prüfen Sie die "
        "aktuellen Werte und ändern Sie sie erneut."
    )


def check_versions(
    queryset: models.QuerySet,
    versionen: Mapping[int, int | None],
    *,
    beschreibung: Callable[[Any], str],
    fields: Iterable[str] = (),
    was: tuple[str, str] = WAS_LEISTUNG,
    werte: Callable[[int], str] | None = None,
) -> dict[int, tuple]:
    """Lock the records ``versionen`` names (ascending primary key) and compare their stored version.

    ``versionen`` maps primary key → the version the user saw (``None``: the user did not see the record, e.g. it
    was created after the preview; any stored version then counts as a change). Raises :class:`VersionKonflikt`
    naming every record whose version differs or that no longer exists (``beschreibung`` makes its name from the
    locked row: ``pk``, ``version`` and ``fields`` as attributes; ``werte(pk)`` what is saved now, for a single
    record). Returns primary key → ``(version, *fields)`` of
    the locked rows. Must run inside a transaction (the locks last until it ends).
    """
    fields = list(fields)
    locked: dict[int, tuple] = {}
    changed = []
    for chunk in batched(sorted(versionen), CHUNK):
        rows = (
            queryset.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "version", *fields, named=True)
        )
        for row in rows:
            locked[row.pk] = tuple(row[1:])
            if versionen[row.pk] != row.version:
                changed.append(row)
    missing = [pk for pk in versionen if pk not in locked]
    if changed or missing:
        namen = [beschreibung(row) for row in changed] + [f"Nr. {pk} (inzwischen gelöscht)" for pk in missing]
        jetzt = werte(changed[0].pk) if werte is not None and len(versionen) == 1 and changed else ""
        raise VersionKonflikt(namen, was=was, werte=jetzt)
    return locked
