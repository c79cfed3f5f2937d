"""The scorecard's reads: the ranking of the open services, one Leistung's breakdown, the rating history.

Selectors return plain data (dataclasses) and run a fixed number of queries whatever the data size; the
arithmetic itself is :mod:`scorecard.scoring`. Every page, chart and export that shows a score gets it here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Max, QuerySet

from catalog.keys import format_key
from catalog.models import Leistung, StatusBedeutung, amt_kurzbezeichnung
from toolkit.formatting import format_number, format_percent, round_half_up
from toolkit.history import latest_changes, person_name

from .models import Bereich, Bewertung, Kriterium, punkte_text
from .scoring import (
    BereichSchema,
    Bereichswert,
    Ergebnis,
    KriteriumSchema,
    Schema,
    as_fraction,
    ergebnis_berechnen,
    rangschluessel,
)

NICHT_OFFEN = (StatusBedeutung.ERLEDIGT, StatusBedeutung.AUSSER_BETRACHT)
BASIS_TEXT = (
    "LeiKa-Leistungen „von Wiesbaden umzusetzen“, die weder abgeschlossen (online verfügbar) noch außer Betracht sind"
)


def gewicht_text(gewicht: Fraction | Decimal) -> str:
    """A weight (in percent) as shown to users: "50 %", "33,5 %" (one decimal where it has one)."""
    stellen = 0 if round_half_up(gewicht, 1) % 1 == 0 else 1
    return format_percent(gewicht / 100, stellen)


def offene_leistungen() -> QuerySet[Leistung]:
    """The base of the ranking: Leistungen von Wiesbaden umzusetzen that are neither done nor out of scope.

    A Leistung without a status yet counts as open.
    """
    return Leistung.objects.filter(von_wiesbaden_umzusetzen=True).exclude(status__bedeutung__in=NICHT_OFFEN)


def bewertungsschema() -> Schema:
    """The scorecard as the arithmetic needs it (areas, weights, each criterion's best points); 2 queries."""
    bereiche = list(Bereich.objects.order_by("reihenfolge", "id").values("id", "name", "gewicht"))
    kriterien = (
        Kriterium.objects.annotate(max_punkte=Max("optionen__punkte"))
        .order_by("reihenfolge", "id")
        .values("id", "bereich_id", "max_punkte")
    )
    by_area: dict[int, list[KriteriumSchema]] = defaultdict(list)
    for k in kriterien:
        by_area[k["bereich_id"]].append(KriteriumSchema(id=k["id"], max_punkte=k["max_punkte"] or 0))
    return Schema(
        bereiche=tuple(
            BereichSchema(
                id=b["id"], name=b["name"], gewicht=as_fraction(b["gewicht"]), kriterien=tuple(by_area[b["id"]])
            )
            for b in bereiche
        )
    )


def schema_hinweise(schema: Schema) -> list[str]:
    """What is wrong with the scorecard itself, in German, for a note above the ranking (normally nothing)."""
    hinweise = []
    if schema.bereiche and schema.gewichtssumme != 100:
        hinweise.append(
            f"Die Gewichte der Bereiche ergeben zusammen {gewicht_text(schema.gewichtssumme)} statt 100 %; "
            "die Gesamtwerte sind so nicht vergleichbar. Bitte die Gewichte in der Verwaltung korrigieren."
        )
    for bereich in schema.bereiche:
        if not bereich.kriterien and bereich.gewicht:
            hinweise.append(
                f"Der Bereich „{bereich.name}“ hat noch keine Kriterien und trägt daher nichts zum Gesamtwert bei."
            )
    return hinweise


# --- the ranking -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RanglistenBereich:
    """An area as a column of the ranking."""

    id: int
    name: str
    gewicht: Fraction

    @property
    def gewicht_text(self) -> str:
        return gewicht_text(self.gewicht)

    @property
    def titel(self) -> str:
        return f"{self.name} ({self.gewicht_text})"


@dataclass
class RanglisteRow:
    """One open Leistung in the ranking: its facts, its score, and its rank among the complete ratings."""

    rang: int | None
    leistung_id: int
    leika_schluessel: str
    bezeichnung: str
    amt_nummer: int | None
    amt_name: str
    amt_kurzname: str
    status: str
    status_farbe: str
    themenfeld: str
    ozg_booster: bool
    fallzahl: int | None
    ergebnis: Ergebnis

    @property
    def schluessel_formatiert(self) -> str:
        return format_key(self.leika_schluessel)

    @property
    def gesamt(self) -> Fraction | None:
        return self.ergebnis.gesamt

    @property
    def amt_kurzbezeichnung(self) -> str:
        """The Amt as charts name it ("33 Bürgeramt"); "" without an Amt."""
        return "" if self.amt_nummer is None else amt_kurzbezeichnung(self.amt_nummer, self.amt_name, self.amt_kurzname)

    def bereichswert(self, bereich_id: int) -> Bereichswert | None:
        return self.ergebnis.bereich(bereich_id)


@dataclass
class Rangliste:
    """The ranking: the areas (columns) and the shown rows in order, with what the figures count.

    ``rang`` is the position among all complete ratings of the whole base, so that a filtered list (one Amt)
    still shows where its services stand in the city. Incomplete ratings have no rank and come last.
    """

    bereiche: list[RanglistenBereich]
    zeilen: list[RanglisteRow]
    anzahl_basis: int
    anzahl_vollstaendig_basis: int
    anzahl_kriterien: int
    hinweise: list[str] = field(default_factory=list)
    basis_text: str = BASIS_TEXT

    @property
    def anzahl_vollstaendig(self) -> int:
        return sum(1 for z in self.zeilen if z.ergebnis.vollstaendig)

    @property
    def anzahl_unvollstaendig(self) -> int:
        return len(self.zeilen) - self.anzahl_vollstaendig


def _rating_points(leistungen: QuerySet[Leistung]) -> dict[int, dict[int, int]]:
    points: dict[int, dict[int, int]] = defaultdict(dict)
    rows = Bewertung.objects.filter(leistung__in=leistungen.values("pk")).values_list(
        "leistung_id", "kriterium_id", "option__punkte"
    )
    for leistung_id, kriterium_id, punkte in rows:
        points[leistung_id][kriterium_id] = punkte
    return points


def rangliste_spitze(anzahl: int) -> list[RanglisteRow]:
    """The ``anzahl`` best-ranked open services (complete ratings only), as :func:`rangliste` ranks them; 4 queries.

    Reads only rated services: an unrated one never has a rank, so leaving them out changes no rank, and the cost
    follows the number of ratings, not the size of the catalogue."""
    return [z for z in rangliste(nur_bewertete=True).zeilen if z.rang is not None][:anzahl]


def rangliste(*, auswahl: QuerySet[Leistung] | None = None, nur_bewertete: bool = False) -> Rangliste:
    """Rank the open services (:func:`offene_leistungen`) by their scorecard total; 4 queries (5 with ``auswahl``).

    ``auswahl`` (e.g. a filter's queryset) narrows the rows shown; ranks are computed over the whole base.
    Order: complete ratings by total, ties by the first area's score, Fallzahl, LeiKa key; then the incomplete.
    ``nur_bewertete``: only the services with a rating (the same ranks; ``anzahl_basis`` counts only those).
    """
    schema = bewertungsschema()
    basis = offene_leistungen()
    if nur_bewertete:
        basis = basis.filter(pk__in=Bewertung.objects.values("leistung_id"))
    rows = basis.values(
        "pk",
        "leika_schluessel",
        "bezeichnung",
        "antraege_pro_jahr",
        "amt__nummer",
        "amt__name",
        "amt__kurzname",
        "status__bezeichnung",
        "status__farbe",
        "buendel__themenfeld__name",
        "buendel__ozg_booster",
    )
    rows = list(rows.order_by())
    sichtbar = None if auswahl is None else set(auswahl.order_by().values_list("pk", flat=True))
    points = _rating_points(basis)

    ohne_bewertung = ergebnis_berechnen(schema, {})  # the same (frozen) result for every unrated service
    scored = []
    for row in rows:
        punkte = points.get(row["pk"])
        ergebnis = ergebnis_berechnen(schema, punkte) if punkte else ohne_bewertung
        key = rangschluessel(ergebnis, fallzahl=row["antraege_pro_jahr"], schluessel=row["leika_schluessel"])
        scored.append((key, row, ergebnis))
    scored.sort(key=lambda item: item[0])

    zeilen = []
    rang = 0
    for _key, row, ergebnis in scored:
        rang_hier = None
        if ergebnis.vollstaendig:
            rang += 1
            rang_hier = rang
        if sichtbar is not None and row["pk"] not in sichtbar:
            continue
        zeilen.append(
            RanglisteRow(
                rang=rang_hier,
                leistung_id=row["pk"],
                leika_schluessel=row["leika_schluessel"],
                bezeichnung=row["bezeichnung"],
                amt_nummer=row["amt__nummer"],
                amt_name=row["amt__name"] or "",
                amt_kurzname=row["amt__kurzname"] or "",
                status=row["status__bezeichnung"] or "ohne Status",
                status_farbe=row["status__farbe"] or "#777777",
                themenfeld=row["buendel__themenfeld__name"] or "",
                ozg_booster=bool(row["buendel__ozg_booster"]),
                fallzahl=row["antraege_pro_jahr"],
                ergebnis=ergebnis,
            )
        )
    return Rangliste(
        bereiche=[RanglistenBereich(id=b.id, name=b.name, gewicht=b.gewicht) for b in schema.bereiche],
        zeilen=zeilen,
        anzahl_basis=len(rows),
        anzahl_vollstaendig_basis=rang,
        anzahl_kriterien=schema.anzahl_kriterien,
        hinweise=schema_hinweise(schema),
    )


def ergebnisse(leistung_ids: Iterable[int]) -> dict[int, Ergebnis]:
    """The score of each given Leistung (any Leistung, not only open ones); 3 queries."""
    ids = list(leistung_ids)
    schema = bewertungsschema()
    points: dict[int, dict[int, int]] = defaultdict(dict)
    for leistung_id, kriterium_id, punkte in Bewertung.objects.filter(leistung_id__in=ids).values_list(
        "leistung_id", "kriterium_id", "option__punkte"
    ):
        points[leistung_id][kriterium_id] = punkte
    return {pk: ergebnis_berechnen(schema, points.get(pk, {})) for pk in ids}


# --- one Leistung's breakdown ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KriteriumAufschluesselung:
    """One criterion of a Leistung's breakdown: the chosen option and its points (or unanswered)."""

    id: int
    name: str
    frage: str
    vorschlag: bool
    max_punkte: int
    option: str | None
    punkte: int | None
    begruendung: str
    bewertet_von: str
    bewertet_am: dt.datetime | None

    @property
    def beantwortet(self) -> bool:
        return self.option is not None

    @property
    def punkte_text(self) -> str:
        return f"{self.punkte} von {punkte_text(self.max_punkte)}" if self.beantwortet else "–"


@dataclass(frozen=True)
class BereichAufschluesselung:
    """One area of a Leistung's breakdown: its criteria, points reached of reachable, score, weight, share."""

    id: int
    name: str
    gewicht: Fraction
    kriterien: tuple[KriteriumAufschluesselung, ...]
    wert: Bereichswert

    @property
    def gewicht_text(self) -> str:
        return gewicht_text(self.gewicht)

    @property
    def punkte_text(self) -> str:
        return f"{self.wert.erreicht} von {punkte_text(self.wert.erreichbar)}"

    @property
    def wert_text(self) -> str:
        """The area score in percent ("83,3 %"), or "–" while a criterion is unanswered."""
        return format_percent(self.wert.wert, 1)

    @property
    def beitrag_text(self) -> str:
        return format_number(self.wert.beitrag, 1)


@dataclass(frozen=True)
class Aufschluesselung:
    """How one Leistung's score comes about: each criterion, chosen option, points, area scores, weights, total."""

    leistung_id: int
    leika_schluessel: str
    bereiche: tuple[BereichAufschluesselung, ...]
    ergebnis: Ergebnis
    hinweise: tuple[str, ...] = ()

    @property
    def schluessel_formatiert(self) -> str:
        return format_key(self.leika_schluessel)

    @property
    def vollstaendig(self) -> bool:
        return self.ergebnis.vollstaendig

    @property
    def gesamt_text(self) -> str:
        return self.ergebnis.anzeige

    @property
    def hat_vorschlaege(self) -> bool:
        return any(k.vorschlag for b in self.bereiche for k in b.kriterien)


def bewertungskriterien() -> list[Kriterium]:
    """All criteria in order with their area and options (for the rating forms); 2 queries."""
    return list(
        Kriterium.objects.select_related("bereich")
        .prefetch_related("optionen")
        .order_by("bereich__reihenfolge", "bereich_id", "reihenfolge", "id")
    )


def bewertung_aufschluesselung(leistung: Leistung) -> Aufschluesselung:
    """The breakdown of ``leistung``'s score, for its detail page, the rating page and the admin; 4 queries."""
    bereiche = list(Bereich.objects.order_by("reihenfolge", "id"))
    kriterien = Kriterium.objects.prefetch_related("optionen").order_by("reihenfolge", "id")
    bewertungen = {
        b.kriterium_id: b
        for b in Bewertung.objects.filter(leistung_id=leistung.pk).select_related("option", "bewertet_von")
    }
    by_area: dict[int, list[Kriterium]] = defaultdict(list)
    for kriterium in kriterien:
        by_area[kriterium.bereich_id].append(kriterium)

    schema_bereiche = []
    zeilen: dict[int, list[KriteriumAufschluesselung]] = {}
    points: dict[int, int] = {}
    for bereich in bereiche:
        schema_kriterien = []
        zeilen[bereich.pk] = []
        for kriterium in by_area[bereich.pk]:
            max_punkte = max((o.punkte for o in kriterium.optionen.all()), default=0)
            schema_kriterien.append(KriteriumSchema(id=kriterium.pk, max_punkte=max_punkte))
            bewertung = bewertungen.get(kriterium.pk)
            if bewertung is not None:
                points[kriterium.pk] = bewertung.option.punkte
            zeilen[bereich.pk].append(
                KriteriumAufschluesselung(
                    id=kriterium.pk,
                    name=kriterium.name,
                    frage=kriterium.frage,
                    vorschlag=kriterium.vorschlag,
                    max_punkte=max_punkte,
                    option=bewertung.option.bezeichnung if bewertung else None,
                    punkte=bewertung.option.punkte if bewertung else None,
                    begruendung=bewertung.begruendung if bewertung else "",
                    bewertet_von=person_name(bewertung.bewertet_von) if bewertung else "",
                    bewertet_am=bewertung.bewertet_am if bewertung else None,
                )
            )
        schema_bereiche.append(
            BereichSchema(
                id=bereich.pk,
                name=bereich.name,
                gewicht=as_fraction(bereich.gewicht),
                kriterien=tuple(schema_kriterien),
            )
        )
    schema = Schema(bereiche=tuple(schema_bereiche))
    ergebnis = ergebnis_berechnen(schema, points)
    return Aufschluesselung(
        leistung_id=leistung.pk,
        leika_schluessel=leistung.leika_schluessel,
        bereiche=tuple(
            BereichAufschluesselung(
                id=b.id,
                name=b.name,
                gewicht=b.gewicht,
                kriterien=tuple(zeilen[b.id]),
                wert=ergebnis.bereich(b.id),
            )
            for b in schema.bereiche
        ),
        ergebnis=ergebnis,
        hinweise=tuple(schema_hinweise(schema)),
    )


# --- the rating history ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerlaufEintrag:
    """One change of one rating: when, by whom, which criterion, which answer."""

    wann: dt.datetime
    wer: str
    kriterium: str
    art: str
    option: str
    begruendung: str


_ARTEN = {"+": "bewertet", "~": "geändert", "-": "entfernt"}


def bewertungsverlauf(leistung: Leistung, *, limit: int = 50) -> list[VerlaufEintrag]:
    """The latest changes of ``leistung``'s ratings, newest first (from the rating history); 1 query."""
    changes = latest_changes(
        Bewertung.history.filter(leistung_id=leistung.pk), kinds=_ARTEN, related=("kriterium", "option"), limit=limit
    )
    return [
        VerlaufEintrag(
            wann=change.when,
            wer=change.who,
            kriterium=change.row.kriterium.name if change.row.kriterium else "(gelöschtes Kriterium)",
            art=change.kind,
            option=change.row.option.bezeichnung if change.row.option else "(gelöschte Antwort)",
            begruendung=change.row.begruendung,
        )
        for change in changes
    ]
