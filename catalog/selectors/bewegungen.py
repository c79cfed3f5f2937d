"""The Leistungen that moved between the two sides of a comparison: status changed, entered the base, left it.

At Hessen scale an Erhebung compared with today has thousands of them, so the database compares the sides and
counts them (one query for the three totals), and each list is read a page at a time (one query per page shown):
:func:`bewegungen` returns each list as a :class:`Bewegungsliste`, a sequence of :class:`Bewegung` rows whose
length is the total and whose slices are pages (what django-tables2 paginates).

A side that is an Erhebung is joined through its frozen rows (one join each, on the index of Erhebung and
Leistung); a side that is today reads ``Leistung.status``; an earlier date the history as of that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import BooleanField, Case, Count, F, FilteredRelation, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from catalog.keys import format_key
from catalog.models import Amt, Erhebung, Leistung

from .basis import Basis, ausser_ids, status_am, status_laden


class Bewegungsart(StrEnum):
    """How a Leistung moved between the older side and the newer one."""

    GEAENDERT = "geaendert"
    HINZUGEKOMMEN = "hinzugekommen"
    WEGGEFALLEN = "weggefallen"

    @property
    def titel(self) -> str:
        return {
            Bewegungsart.GEAENDERT: "Status geändert",
            Bewegungsart.HINZUGEKOMMEN: "Neu in der Zählung",
            Bewegungsart.WEGGEFALLEN: "Aus der Zählung gefallen (z. B. „Nicht relevant“)",
        }[self]


@dataclass(frozen=True)
class Bewegung:
    """A Leistung that moved: its status at the older side (``von``) and at the newer one (``nach``); the Amt is
    the one at the newer side (at the older one for a Leistung that left the base).

    For one that entered the base ``von`` is its status on the older date by the history (may be out of scope
    or none); for one that left, ``nach`` is its status on the newer date by the history.
    """

    leistung_id: int
    schluessel: str
    bezeichnung: str
    amt_nummer: int | None
    von_status_id: int | None
    von: str | None
    nach_status_id: int | None
    nach: str | None

    @property
    def schluessel_formatiert(self) -> str:
        return format_key(self.schluessel)


class Bewegungsliste(Sequence):
    """One list of moved Leistungen: ``len()`` is its total (counted by the database), a slice (a page) one
    query."""

    def __init__(self, art: Bewegungsart, anzahl: int, abfrage: QuerySet, zeile):
        self.art, self.anzahl, self._abfrage, self._zeile = art, anzahl, abfrage, zeile

    def __len__(self) -> int:
        return self.anzahl

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.anzahl)
            if step != 1:
                raise ValueError("Eine Bewegungsliste wird nur in zusammenhängenden Stücken gelesen.")
            # also an empty page asks the database (for at most one row): the same queries whatever the data
            rows = list(self._abfrage[start : max(stop, start + 1)])[: max(stop - start, 0)]
            return [self._zeile(row) for row in rows]
        if not -self.anzahl <= index < self.anzahl:
            raise IndexError(index)
        return self[index % self.anzahl : index % self.anzahl + 1][0]


@dataclass(frozen=True)
class _Seite:
    annotationen: dict
    drin: Q  # in the side's base (and Amt)
    vorfilter: Q  # a superset of the side's base that the database finds fast


def _seite(name: str, seite: Erhebung | dt.date, *, ausser: set[int], amt: Amt | None) -> _Seite:
    """Annotations ``<name>_status``, ``<name>_amt`` and what makes a Leistung part of the side's base."""
    if isinstance(seite, Erhebung):
        eintrag = f"{name}_eintrag"
        drin = Q(**{f"{eintrag}__id__isnull": False})
        return _Seite(
            annotationen={
                eintrag: FilteredRelation("erhebungseintraege", condition=Q(erhebungseintraege__erhebung=seite)),
                f"{name}_status": F(f"{eintrag}__status_id"),
                f"{name}_amt": F(f"{eintrag}__amt_id"),
            },
            drin=drin & Q(**{f"{eintrag}__amt_id": amt.pk}) if amt is not None else drin,
            vorfilter=drin,
        )
    status = F("status_id") if seite >= timezone.localdate() else status_am(seite)
    drin = Q(von_wiesbaden_umzusetzen=True) & (
        Q(**{f"{name}_status__isnull": True}) | ~Q(**{f"{name}_status__in": ausser})
    )
    return _Seite(
        annotationen={f"{name}_status": status, f"{name}_amt": F("amt_id")},
        drin=drin & Q(amt=amt) if amt is not None else drin,
        vorfilter=Q(von_wiesbaden_umzusetzen=True),
    )


def _status_dort(seite: Erhebung | dt.date):
    """A Leistung's status by the history on the side's date (for one that entered or left the base)."""
    tag = seite.stichtag if isinstance(seite, Erhebung) else seite
    return F("status_id") if tag >= timezone.localdate() else status_am(tag)


def _verschieden(a: str, b: str) -> Q:
    return (
        Q(**{f"{a}__isnull": True, f"{b}__isnull": False})
        | Q(**{f"{a}__isnull": False, f"{b}__isnull": True})
        | (Q(**{f"{a}__isnull": False, f"{b}__isnull": False}) & ~Q(**{a: F(b)}))
    )


def bewegungen(
    *, alt: Erhebung | dt.date, neu: Erhebung | dt.date | None = None, amt: Amt | None = None
) -> dict[Bewegungsart, Bewegungsliste]:
    """The Leistungen that moved from ``alt`` to ``neu`` (default today), as :func:`~catalog.selectors.vergleich`
    counts them: changed status (in both bases, another status; by the statuses' order, then key), entered the
    base (``von``: its status by the history on the older date), left it (``nach``: by the history on the newer
    date). For one Amt a side's base holds the Leistungen whose Amt at that side is ``amt``.

    Three queries (statuses, Ämter, the three totals), then one per page read.
    """
    if neu is None:
        neu = timezone.localdate()
    statuses = status_laden()
    ausser = ausser_ids(statuses, Basis.WIESBADEN)
    namen = {s.id: s.bezeichnung for s in statuses}
    aemter = dict(Amt.objects.values_list("pk", "nummer"))
    a, n = _seite("alt", alt, ausser=ausser, amt=amt), _seite("neu", neu, ausser=ausser, amt=amt)
    ja = Value(True)
    zeilen = (
        Leistung.objects.annotate(**a.annotationen, **n.annotationen)
        .filter(a.vorfilter | n.vorfilter)
        .annotate(
            alt_drin=Case(When(a.drin, then=ja), default=Value(False), output_field=BooleanField()),
            neu_drin=Case(When(n.drin, then=ja), default=Value(False), output_field=BooleanField()),
        )
    )
    bedingung = {
        Bewegungsart.GEAENDERT: Q(alt_drin=True, neu_drin=True) & _verschieden("alt_status", "neu_status"),
        Bewegungsart.HINZUGEKOMMEN: Q(alt_drin=False, neu_drin=True),
        Bewegungsart.WEGGEFALLEN: Q(alt_drin=True, neu_drin=False),
    }
    anzahl = zeilen.aggregate(**{art.value: Count("pk", filter=q) for art, q in bedingung.items()})

    def rang(feld: str) -> Case:
        return Case(
            *(When(**{feld: s.id}, then=Value(i)) for i, s in enumerate(statuses)),
            default=Value(-1),
            output_field=IntegerField(),
        )

    werte = {
        Bewegungsart.GEAENDERT: {"von": F("alt_status"), "nach": F("neu_status"), "amt_ref": F("neu_amt")},
        Bewegungsart.HINZUGEKOMMEN: {"von": _status_dort(alt), "nach": F("neu_status"), "amt_ref": F("neu_amt")},
        Bewegungsart.WEGGEFALLEN: {"von": F("alt_status"), "nach": _status_dort(neu), "amt_ref": F("alt_amt")},
    }
    ordnung = {
        Bewegungsart.GEAENDERT: [rang("alt_status"), rang("neu_status"), "leika_schluessel"],
        Bewegungsart.HINZUGEKOMMEN: ["leika_schluessel"],
        Bewegungsart.WEGGEFALLEN: ["leika_schluessel"],
    }

    def zeile(row: dict) -> Bewegung:
        return Bewegung(
            leistung_id=row["pk"],
            schluessel=row["leika_schluessel"],
            bezeichnung=row["bezeichnung"],
            amt_nummer=aemter.get(row["amt_ref"]),
            von_status_id=row["von"],
            von=namen.get(row["von"]),
            nach_status_id=row["nach"],
            nach=namen.get(row["nach"]),
        )

    return {
        art: Bewegungsliste(
            art,
            anzahl[art.value],
            zeilen.filter(bedingung[art])
            .annotate(**werte[art])
            .order_by(*ordnung[art])
            .values("pk", "leika_schluessel", "bezeichnung", "amt_ref", "von", "nach"),
            zeile,
        )
        for art in Bewegungsart
    }
