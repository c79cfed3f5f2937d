"""The weekly counts of status changes (:class:`~catalog.models.StatuswechselWoche`), kept in step with the history.

They are derived data, written only here and only by the services that change what they count, inside the same
transaction:

- the status service hands each changed Leistung's timeline before and after its new rows
  (:func:`statuswochen_vormerken`);
- the Leistung service hands the Leistungen whose Amt or base changed (:func:`statuswochen_umziehen`): their whole
  history moves to the new key.

A service collects its changes while it runs (:func:`statuswochen_sammeln`) and the outermost one writes them once,
at its end, in key order (:func:`catalog.rows.add_counts`): two transactions that add to the same counters lock
them in the same order, and a part that fails (and is rolled back to its savepoint) leaves nothing behind.
:func:`statuswochen_neu_berechnen` rebuilds the table from the history (the migration that made it, and a check).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import batched, groupby
from operator import itemgetter

from catalog.models import StatusAenderung, StatuswechselWoche, Vollzugsebene
from catalog.models.statuswechsel_woche import OHNE
from catalog.rows import CHUNK, add_counts

ORDER = ("leistung_id", "gueltig_ab", "erfasst_am", "id")  # the order in which history rows take effect
Schluessel = tuple[int, bool, bool]  # (Amt id or OHNE, von Wiesbaden umzusetzen, Vollzug bei den Kommunen)
Wechsel = Counter  # (Sunday, status before or OHNE, status after) → number of Leistungen

_OFFEN: ContextVar[Counter | None] = ContextVar("statuswochen", default=None)


def sonntag(tag: dt.date) -> dt.date:
    """The Sunday that ends ``tag``'s ISO week."""
    return tag + dt.timedelta(days=7 - tag.isoweekday())


def schluessel(amt_id: int | None, von_wiesbaden_umzusetzen: bool, vollzugsebene: str) -> Schluessel:
    """A Leistung's key in the weekly counts, from its current fields."""
    return (amt_id or OHNE, bool(von_wiesbaden_umzusetzen), vollzugsebene == Vollzugsebene.KOMMUNE)


def wechsel(davor: int | None, zeilen: Iterable[tuple[dt.date, int]]) -> Wechsel:
    """One Leistung's transitions per week: ``zeilen`` are its changes ``(gueltig_ab, status id)`` in the order
    they take effect, ``davor`` its status before the first of them (None: none).

    Per day with changes, the status at its end (the day's last change) against the status at the end of the day
    before, as the figures "as of a date" count; a day that ends where it began is no transition.
    """
    ergebnis: Wechsel = Counter()
    vorher = davor
    for tag, gruppe in groupby(zeilen, key=itemgetter(0)):
        *_, (_, nachher) = gruppe
        if nachher != vorher:
            ergebnis[sonntag(tag), vorher or OHNE, nachher] += 1
        vorher = nachher
    return ergebnis


@contextmanager
def statuswochen_sammeln() -> Iterator[None]:
    """Collect the changes of the weekly counts made inside; write them when the outermost collector ends without
    an error (a nested one hands its changes to the one around it, and only if it ends without an error). Use it
    inside the service's transaction."""
    aussen = _OFFEN.get()
    eigene: Counter = Counter()
    token = _OFFEN.set(eigene)
    try:
        yield
    finally:
        _OFFEN.reset(token)
    if aussen is not None:
        aussen.update(eigene)
    else:
        add_counts(StatuswechselWoche, eigene, key=StatuswechselWoche.KEY)


def _offen() -> Counter:
    offen = _OFFEN.get()
    if offen is None:
        raise RuntimeError("Änderungen der Wochenzahlen nur innerhalb von statuswochen_sammeln().")
    return offen


def _vormerken(offen: Counter, key: Schluessel, wechsel_: Mapping, vorzeichen: int) -> None:
    amt, wiesbaden, kommune = key
    for (woche, vorher, nachher), anzahl in wechsel_.items():
        offen[woche, amt, wiesbaden, kommune, vorher, nachher] += vorzeichen * anzahl


def statuswochen_vormerken(key: Schluessel, *, alt: Mapping, neu: Mapping) -> None:
    """A Leistung's transitions changed from ``alt`` to ``neu`` (both from :func:`wechsel`)."""
    offen = _offen()
    _vormerken(offen, key, alt, -1)
    _vormerken(offen, key, neu, +1)


def _verlaeufe(pks: Iterable[int]) -> Iterator[tuple[int, list[tuple[dt.date, int]]]]:
    """Each Leistung's whole history as ``(gueltig_ab, status id)`` in effect order; one query per chunk."""
    for chunk in batched(sorted(pks), CHUNK):
        rows = (
            StatusAenderung.objects.filter(leistung_id__in=chunk)
            .order_by(*ORDER)
            .values_list("leistung_id", "gueltig_ab", "neuer_status_id")
        )
        for pk, gruppe in groupby(rows, key=itemgetter(0)):
            yield pk, [(tag, status) for _, tag, status in gruppe]


def statuswochen_umziehen(umzuege: Mapping[int, tuple[Schluessel, Schluessel]]) -> None:
    """Leistungen changed Amt or base: primary key → (old key, new key); their whole history moves along."""
    offen = _offen()
    geaendert = {pk: keys for pk, keys in umzuege.items() if keys[0] != keys[1]}
    for pk, zeilen in _verlaeufe(geaendert):
        alt, neu = geaendert[pk]
        uebergaenge = wechsel(None, zeilen)
        _vormerken(offen, alt, uebergaenge, -1)
        _vormerken(offen, neu, uebergaenge, +1)


def statuswochen_berechnen(*, modelle=None) -> Counter:
    """The weekly counts as the whole history gives them (``modelle``: the models StatusAenderung and
    StatuswechselWoche of a migration's state, default the current ones)."""
    aenderung = modelle[0] if modelle else StatusAenderung
    ergebnis: Counter = Counter()
    rows = (
        aenderung.objects.order_by(*ORDER)
        .values_list(
            "leistung_id",
            "gueltig_ab",
            "neuer_status_id",
            "leistung__amt_id",
            "leistung__von_wiesbaden_umzusetzen",
            "leistung__vollzugsebene",
        )
        .iterator(chunk_size=10_000)
    )
    for _, gruppe in groupby(rows, key=itemgetter(0)):
        zeilen = list(gruppe)
        _, _, _, amt_id, wiesbaden, vollzug = zeilen[0]
        uebergaenge = wechsel(None, [(tag, status) for _, tag, status, *_ in zeilen])
        _vormerken(ergebnis, schluessel(amt_id, wiesbaden, vollzug), uebergaenge, +1)
    return +ergebnis  # without zeros


def statuswochen_gespeichert() -> Counter:
    """The weekly counts as stored (for the check against :func:`statuswochen_berechnen`)."""
    return Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in StatuswechselWoche.objects.values_list(*StatuswechselWoche.KEY, "anzahl").iterator()
        }
    )


def statuswochen_neu_berechnen(*, modelle=None) -> int:
    """Replace the weekly counts by what the whole history gives; returns the number of rows written."""
    woche = modelle[1] if modelle else StatuswechselWoche
    zaehlung = statuswochen_berechnen(modelle=modelle)
    woche.objects.all().delete()
    add_counts(woche, zaehlung, key=StatuswechselWoche.KEY)
    return len(zaehlung)
