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
from catalog.models import Amt, Erhebung, ErhebungsEintrag, Leistung

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


def _heute_oder_damals(tag: dt.date, leistung: str):
    """A Leistung's status on ``tag`` by the history: today ``Leistung.status`` (``leistung``: the path to the
    Leistung, "" or "leistung__"), before that the as-of query."""
    if tag >= timezone.localdate():
        return F(f"{leistung}status_id")
    return status_am(tag, f"{leistung}id" if leistung else "pk")


def _stichtag(seite: Erhebung | dt.date) -> dt.date:
    return seite.stichtag if isinstance(seite, Erhebung) else seite


def _zeilen(seite: Erhebung | dt.date, *, ausser: set[int], amt: Amt | None) -> tuple[QuerySet, str]:
    """The rows of one side's base (and Amt), annotated ``ref_leistung``, ``ref_status``, ``ref_amt``,
    ``ref_schluessel``, ``ref_bezeichnung``; and the path from a row to its Leistung.

    An Erhebung's frozen rows, or the Leistungen "von Wiesbaden umzusetzen" not out of scope on the date: the
    database reads only the side's base, not the whole catalogue.
    """
    if isinstance(seite, Erhebung):
        zeilen = ErhebungsEintrag.objects.filter(erhebung=seite)
        if amt is not None:
            zeilen = zeilen.filter(amt=amt)
        return zeilen.annotate(
            ref_leistung=F("leistung_id"),
            ref_status=F("status_id"),
            ref_amt=F("amt_id"),
            ref_schluessel=F("leistung__leika_schluessel"),
            ref_bezeichnung=F("leistung__bezeichnung"),
        ), "leistung__"
    zeilen = Leistung.objects.filter(von_wiesbaden_umzusetzen=True)
    if amt is not None:
        zeilen = zeilen.filter(amt=amt)
    zeilen = zeilen.annotate(
        ref_leistung=F("pk"),
        ref_status=_heute_oder_damals(seite, ""),
        ref_amt=F("amt_id"),
        ref_schluessel=F("leika_schluessel"),
        ref_bezeichnung=F("bezeichnung"),
    )
    return zeilen.filter(Q(ref_status__isnull=True) | ~Q(ref_status__in=ausser)), ""


def _mit_gegenseite(
    zeilen: QuerySet, leistung: str, seite: Erhebung | dt.date, *, ausser: set[int], amt: Amt | None
) -> QuerySet:
    """Annotate each row with its Leistung's status at the other side (``gegen_status``) and whether it is in the
    other side's base (and Amt) there (``gegen_drin``); an Erhebung is joined by its frozen rows."""
    if isinstance(seite, Erhebung):
        beziehung = f"{leistung}erhebungseintraege"
        zeilen = zeilen.annotate(
            gegen=FilteredRelation(beziehung, condition=Q(**{f"{beziehung}__erhebung": seite}))
        ).annotate(gegen_status=F("gegen__status_id"))
        drin = Q(gegen__id__isnull=False)
        if amt is not None:
            drin &= Q(gegen__amt_id=amt.pk)
    else:
        zeilen = zeilen.annotate(gegen_status=_heute_oder_damals(seite, leistung))
        drin = Q(**{f"{leistung}von_wiesbaden_umzusetzen": True}) & (
            Q(gegen_status__isnull=True) | ~Q(gegen_status__in=ausser)
        )
        if amt is not None:
            drin &= Q(**{f"{leistung}amt": amt})
    drin_ja = Case(When(drin, then=Value(True)), default=Value(False), output_field=BooleanField())
    return zeilen.annotate(gegen_drin=drin_ja)


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

    Four queries (statuses, Ämter, the totals of the newer side's rows and of the older side's), then one per page
    read. Each reads one side's base and looks up the other side per row.
    """
    if neu is None:
        neu = timezone.localdate()
    statuses = status_laden()
    ausser = ausser_ids(statuses, Basis.WIESBADEN)
    namen = {s.id: s.bezeichnung for s in statuses}
    aemter = dict(Amt.objects.values_list("pk", "nummer"))
    neu_zeilen, neu_weg = _zeilen(neu, ausser=ausser, amt=amt)
    neu_zeilen = _mit_gegenseite(neu_zeilen, neu_weg, alt, ausser=ausser, amt=amt)
    alt_zeilen, alt_weg = _zeilen(alt, ausser=ausser, amt=amt)
    alt_zeilen = _mit_gegenseite(alt_zeilen, alt_weg, neu, ausser=ausser, amt=amt)
    geaendert = Q(gegen_drin=True) & _verschieden("gegen_status", "ref_status")
    anzahl = neu_zeilen.aggregate(
        geaendert=Count("pk", filter=geaendert), hinzugekommen=Count("pk", filter=Q(gegen_drin=False))
    ) | alt_zeilen.aggregate(weggefallen=Count("pk", filter=Q(gegen_drin=False)))

    def rang(feld: str) -> Case:
        return Case(
            *(When(**{feld: s.id}, then=Value(i)) for i, s in enumerate(statuses)),
            default=Value(-1),
            output_field=IntegerField(),
        )

    abfragen = {
        Bewegungsart.GEAENDERT: neu_zeilen.filter(geaendert)
        .annotate(von=F("gegen_status"), nach=F("ref_status"))
        .order_by(rang("gegen_status"), rang("ref_status"), "ref_schluessel"),
        Bewegungsart.HINZUGEKOMMEN: neu_zeilen.filter(gegen_drin=False)
        .annotate(von=_heute_oder_damals(_stichtag(alt), neu_weg), nach=F("ref_status"))
        .order_by("ref_schluessel"),
        Bewegungsart.WEGGEFALLEN: alt_zeilen.filter(gegen_drin=False)
        .annotate(von=F("ref_status"), nach=_heute_oder_damals(_stichtag(neu), alt_weg))
        .order_by("ref_schluessel"),
    }

    def zeile(row: dict) -> Bewegung:
        return Bewegung(
            leistung_id=row["ref_leistung"],
            schluessel=row["ref_schluessel"],
            bezeichnung=row["ref_bezeichnung"],
            amt_nummer=aemter.get(row["ref_amt"]),
            von_status_id=row["von"],
            von=namen.get(row["von"]),
            nach_status_id=row["nach"],
            nach=namen.get(row["nach"]),
        )

    felder = ("ref_leistung", "ref_schluessel", "ref_bezeichnung", "ref_amt", "von", "nach")
    return {
        art: Bewegungsliste(art, anzahl[art.value], abfrage.values(*felder), zeile) for art, abfrage in abfragen.items()
    }
