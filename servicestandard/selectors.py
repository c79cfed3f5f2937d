"""The Servicestandard's figures and lists: plain data, a fixed number of queries whatever the data size.

Counting rule (:data:`ZAEHLREGEL`, also stated on the page and in the JSON): each result of a principle counts
**erfüllt = 1**, **teilweise = ½**, **nicht erfüllt = 0**; **nicht anwendbar** and principles not yet assessed
are left out of the base. The degree of fulfilment is therefore

    (erfüllt + ½ · teilweise) ÷ (erfüllt + teilweise + nicht erfüllt)

and has no value ("–") when the base is empty. Per group, per Amt and overall, all results in it are pooled
(every result weighs the same, so a group is not the mean of its principles' degrees); a Leistung's share
fulfilled is the same rule over its own principles. An *assessed* Leistung has at least one result in the
current Fassung; it is *complete* when every principle of the Fassung has a result.

- :func:`aktuelle_fassung`: the Fassung assessed against today;
- :func:`servicestandard_stand`: per principle, per group, per Amt (also by group), overall, and the list of
  assessed Leistungen with their share fulfilled, for any selection of Leistungen (the filters);
- :func:`servicestandard_ungeprueft`: how many online services are not assessed yet;
- :func:`servicestandard_checkliste`: one Leistung's results by group (the checklist on its page);
- :func:`servicestandard_verlauf`: who changed which result of one Leistung when.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from catalog.models import Leistung
from toolkit.formatting import round_half_up
from toolkit.history import latest_changes, person_name

from .models import Erfuellung, Ergebnis, Fassung, Prinzip, Pruefung, mit_online_dienst

ZAEHLREGEL = (
    "Erfüllungsgrad = (erfüllt + ½ × teilweise) ÷ (erfüllt + teilweise + nicht erfüllt): „teilweise“ zählt halb, "
    "„nicht anwendbar“ und noch nicht geprüfte Prinzipien zählen nicht mit (sie verkleinern die Basis). Je Gruppe, "
    "je Amt und insgesamt zählen alle Ergebnisse zusammen, jedes gleich; der Anteil erfüllt einer Leistung rechnet "
    "ebenso über ihre Prinzipien."
)
ERGEBNIS_TEXT = dict(Erfuellung.choices)


@dataclass
class Zaehlung:
    """Results counted by kind, and the degree of fulfilment they give (see the module's counting rule)."""

    erfuellt: int = 0
    teilweise: int = 0
    nicht_erfuellt: int = 0
    nicht_anwendbar: int = 0
    nicht_geprueft: int = 0

    def zaehlen(self, ergebnis: str) -> None:
        setattr(self, ergebnis, getattr(self, ergebnis) + 1)

    def __iadd__(self, other: Zaehlung) -> Zaehlung:
        for name in ("erfuellt", "teilweise", "nicht_erfuellt", "nicht_anwendbar", "nicht_geprueft"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def ergebnisse(self) -> int:
        """How many results there are (every kind except "nicht geprüft")."""
        return self.erfuellt + self.teilweise + self.nicht_erfuellt + self.nicht_anwendbar

    @property
    def basis(self) -> int:
        """The base of the degree: erfüllt + teilweise + nicht erfüllt."""
        return self.erfuellt + self.teilweise + self.nicht_erfuellt

    @property
    def grad(self) -> Fraction | None:
        """The degree of fulfilment, exact (0..1), or ``None`` with an empty base."""
        if not self.basis:
            return None
        return Fraction(2 * self.erfuellt + self.teilweise, 2 * self.basis)

    def prozent(self, stellen: int = 1) -> Decimal | None:
        """The degree in percent, rounded half up (as everywhere in the portal), or ``None``."""
        grad = self.grad
        if grad is None:
            return None
        return round_half_up(grad * 100, stellen)

    def als_dict(self) -> dict:
        """The counts and the degree for JSON (percent with one decimal, ``None`` without a base)."""
        prozent = self.prozent()
        return {
            "erfuellt": self.erfuellt,
            "teilweise": self.teilweise,
            "nicht_erfuellt": self.nicht_erfuellt,
            "nicht_anwendbar": self.nicht_anwendbar,
            "nicht_geprueft": self.nicht_geprueft,
            "erfuellungsgrad_prozent": float(prozent) if prozent is not None else None,
        }


@dataclass
class PrinzipZahl:
    id: int
    nummer: int
    kurztitel: str
    text: str
    zaehlung: Zaehlung = field(default_factory=Zaehlung)

    @property
    def titel(self) -> str:
        return f"{self.nummer} {self.kurztitel}"


@dataclass
class GruppeZahl:
    id: int
    name: str
    prinzipien: list[PrinzipZahl] = field(default_factory=list)
    zaehlung: Zaehlung = field(default_factory=Zaehlung)


@dataclass
class AmtZahl:
    """One Amt's assessed Leistungen: all their results, and per group (group id → counts)."""

    nummer: int | None
    name: str
    kurzbezeichnung: str = ""  # as charts name it: "33 Bürgeramt"
    leistungen: int = 0
    zaehlung: Zaehlung = field(default_factory=Zaehlung)
    gruppen: dict[int, Zaehlung] = field(default_factory=lambda: defaultdict(Zaehlung))

    @property
    def bezeichnung(self) -> str:
        return f"Amt {self.nummer} – {self.name}" if self.nummer is not None else self.name


@dataclass
class LeistungZeile:
    """One assessed Leistung of the list: its catalogue facts, results by principle id, and its share fulfilled."""

    id: int
    leika_schluessel: str
    schluessel_formatiert: str
    bezeichnung: str
    amt_nummer: int | None
    amt_name: str
    themenfeld: str
    plattform: str
    ozg_booster: bool
    status: str
    geaendert_am: dt.datetime
    geaendert_von: str
    ergebnisse: dict[int, str] = field(default_factory=dict)
    zaehlung: Zaehlung = field(default_factory=Zaehlung)
    vollstaendig: bool = False

    @property
    def sortierwert(self) -> float:
        """The share fulfilled for sorting: without a base (–) below 0 %."""
        grad = self.zaehlung.grad
        return float(grad) if grad is not None else -1.0


@dataclass
class Erfuellungsstand:
    """The Servicestandard's figures for a selection of Leistungen (:func:`servicestandard_stand`)."""

    fassung: Fassung
    gruppen: list[GruppeZahl]
    aemter: list[AmtZahl]
    leistungen: list[LeistungZeile]
    gesamt: Zaehlung
    zaehlregel: str = ZAEHLREGEL

    @property
    def prinzipien(self) -> list[PrinzipZahl]:
        return [p for g in self.gruppen for p in g.prinzipien]

    @property
    def vollstaendig(self) -> int:
        """How many of the assessed Leistungen have a result for every principle."""
        return sum(1 for z in self.leistungen if z.vollstaendig)


def aktuelle_fassung(stichtag: dt.date | None = None) -> Fassung | None:
    """The Fassung assessed against on ``stichtag`` (default today): the latest that applies by then; 1 query."""
    stichtag = stichtag or timezone.localdate()
    return Fassung.objects.filter(gueltig_ab__lte=stichtag).order_by("-gueltig_ab").first()


def pruefbare_leistungen() -> QuerySet[Leistung]:
    """The Leistungen that may be assessed: those that have or are getting an online service."""
    return Leistung.objects.filter(mit_online_dienst())


def servicestandard_ungeprueft(*, fassung: Fassung, leistungen: QuerySet[Leistung] | None = None) -> int:
    """How many Leistungen of ``leistungen`` (default: all) have an online service but no result against
    ``fassung`` yet: what is left to assess. 1 query."""
    offen = pruefbare_leistungen().exclude(
        Exists(Ergebnis.objects.filter(pruefung__leistung=OuterRef("pk"), pruefung__fassung=fassung))
    )
    if leistungen is not None:
        offen = offen.filter(pk__in=leistungen.values("pk"))
    return offen.count()


def _gruppen(fassung: Fassung) -> list[GruppeZahl]:
    gruppen: dict[int, GruppeZahl] = {}
    prinzipien = Prinzip.objects.filter(gruppe__fassung=fassung).select_related("gruppe")
    for prinzip in prinzipien.order_by("gruppe__reihenfolge", "gruppe_id", "nummer"):
        gruppe = gruppen.setdefault(prinzip.gruppe_id, GruppeZahl(id=prinzip.gruppe_id, name=prinzip.gruppe.name))
        gruppe.prinzipien.append(PrinzipZahl(prinzip.pk, prinzip.nummer, prinzip.kurztitel, prinzip.text))
    return list(gruppen.values())


def servicestandard_stand(
    *, leistungen: QuerySet[Leistung] | None = None, fassung: Fassung | None = None
) -> Erfuellungsstand | None:
    """Degree of fulfilment per principle, per group, per Amt and overall, and the assessed Leistungen with their
    share fulfilled, counted by the module's rule over the assessments of ``fassung`` (default: the current
    one) of the Leistungen in ``leistungen`` (default: all; e.g. a filter's queryset). ``None`` without any
    Fassung. 4 queries (3 with ``fassung`` given), whatever the number of Leistungen and results.
    """
    fassung = fassung or aktuelle_fassung()
    if fassung is None:
        return None
    gruppen = _gruppen(fassung)
    prinzipien = {p.id: p for g in gruppen for p in g.prinzipien}

    pruefungen = Pruefung.objects.filter(fassung=fassung)
    if leistungen is not None:
        pruefungen = pruefungen.filter(leistung__in=leistungen.values("pk"))
    ergebnisse: dict[int, dict[int, str]] = defaultdict(dict)
    for pruefung_id, prinzip_id, ergebnis in Ergebnis.objects.filter(pruefung__in=pruefungen).values_list(
        "pruefung_id", "prinzip_id", "ergebnis"
    ):
        ergebnisse[pruefung_id][prinzip_id] = ergebnis

    gruppe_von = {p.id: g.id for g in gruppen for p in g.prinzipien}
    zeilen: list[LeistungZeile] = []
    aemter: dict[int | None, AmtZahl] = {}
    gefuellt = pruefungen.select_related(
        "leistung__amt", "leistung__status", "leistung__buendel__themenfeld", "geaendert_von"
    ).order_by("leistung__leika_schluessel")
    for pruefung in gefuellt:
        je_prinzip = ergebnisse.get(pruefung.pk)
        if not je_prinzip:
            continue
        leistung = pruefung.leistung
        buendel = leistung.buendel
        zeile = LeistungZeile(
            id=leistung.pk,
            leika_schluessel=leistung.leika_schluessel,
            schluessel_formatiert=leistung.schluessel_formatiert,
            bezeichnung=leistung.bezeichnung,
            amt_nummer=leistung.amt.nummer if leistung.amt else None,
            amt_name=leistung.amt.name if leistung.amt else "ohne Amt",
            themenfeld=buendel.themenfeld.name if buendel and buendel.themenfeld else "",
            plattform=leistung.get_online_plattform_display() if leistung.online_plattform else "",
            ozg_booster=bool(buendel and buendel.ozg_booster),
            status=leistung.status.bezeichnung if leistung.status else "",
            geaendert_am=pruefung.geaendert_am,
            geaendert_von=person_name(pruefung.geaendert_von),
        )
        amt = aemter.setdefault(
            zeile.amt_nummer,
            AmtZahl(
                nummer=zeile.amt_nummer,
                name=zeile.amt_name,
                kurzbezeichnung=leistung.amt.kurzbezeichnung if leistung.amt else zeile.amt_name,
            ),
        )
        for prinzip_id, ergebnis in je_prinzip.items():
            if prinzip_id in prinzipien:
                zeile.ergebnisse[prinzip_id] = ergebnis
                zeile.zaehlung.zaehlen(ergebnis)
                prinzipien[prinzip_id].zaehlung.zaehlen(ergebnis)
                amt.gruppen[gruppe_von[prinzip_id]].zaehlen(ergebnis)
        zeile.zaehlung.nicht_geprueft = len(prinzipien) - len(zeile.ergebnisse)
        zeile.vollstaendig = zeile.zaehlung.nicht_geprueft == 0
        zeilen.append(zeile)
        amt.leistungen += 1
        amt.zaehlung += zeile.zaehlung

    gesamt = Zaehlung()
    for gruppe in gruppen:
        for prinzip in gruppe.prinzipien:
            prinzip.zaehlung.nicht_geprueft = len(zeilen) - prinzip.zaehlung.ergebnisse
            gruppe.zaehlung += prinzip.zaehlung
        gesamt += gruppe.zaehlung
        for amt in aemter.values():
            je_gruppe = amt.gruppen[gruppe.id]
            je_gruppe.nicht_geprueft = amt.leistungen * len(gruppe.prinzipien) - je_gruppe.ergebnisse
    return Erfuellungsstand(
        fassung=fassung,
        gruppen=gruppen,
        aemter=sorted(aemter.values(), key=lambda a: (a.nummer is None, a.nummer or 0)),
        leistungen=zeilen,
        gesamt=gesamt,
    )


# --- one Leistung ------------------------------------------------------------------------------------------------


@dataclass
class CheckPunkt:
    """One principle on a Leistung's checklist, with its result (``None`` = not assessed yet)."""

    prinzip: PrinzipZahl
    ergebnis: str | None
    notiz: str = ""
    geprueft_von: str = ""
    geprueft_am: dt.datetime | None = None

    @property
    def ergebnis_text(self) -> str:
        return ERGEBNIS_TEXT[self.ergebnis] if self.ergebnis else "nicht geprüft"


@dataclass
class CheckGruppe:
    name: str
    punkte: list[CheckPunkt]
    zaehlung: Zaehlung = field(default_factory=Zaehlung)


@dataclass
class Checkliste:
    """A Leistung's assessment against a Fassung: every principle by group, the counts, and the version the
    form must send back (0 before the first result)."""

    fassung: Fassung
    gruppen: list[CheckGruppe]
    zaehlung: Zaehlung
    version: int
    pruefbar: bool
    geaendert_am: dt.datetime | None = None
    geaendert_von: str = ""

    @property
    def geprueft(self) -> bool:
        return self.zaehlung.ergebnisse > 0


def servicestandard_checkliste(leistung: Leistung, *, fassung: Fassung | None = None) -> Checkliste | None:
    """``leistung``'s checklist against ``fassung`` (default: the current one), ``None`` without any Fassung.
    4 queries (3 with ``fassung`` given)."""
    fassung = fassung or aktuelle_fassung()
    if fassung is None:
        return None
    gruppen = _gruppen(fassung)
    pruefung = Pruefung.objects.filter(leistung_id=leistung.pk, fassung=fassung).select_related("geaendert_von").first()
    ergebnisse = {}
    if pruefung is not None:
        ergebnisse = {e.prinzip_id: e for e in pruefung.ergebnisse.select_related("geprueft_von")}
    zaehlung = Zaehlung()
    check_gruppen = []
    for gruppe in gruppen:
        punkte = []
        je_gruppe = Zaehlung()
        for prinzip in gruppe.prinzipien:
            ergebnis = ergebnisse.get(prinzip.id)
            if ergebnis is None:
                je_gruppe.nicht_geprueft += 1
                punkte.append(CheckPunkt(prinzip=prinzip, ergebnis=None))
                continue
            je_gruppe.zaehlen(ergebnis.ergebnis)
            punkte.append(
                CheckPunkt(
                    prinzip=prinzip,
                    ergebnis=ergebnis.ergebnis,
                    notiz=ergebnis.notiz,
                    geprueft_von=person_name(ergebnis.geprueft_von),
                    geprueft_am=ergebnis.geprueft_am,
                )
            )
        check_gruppen.append(CheckGruppe(name=gruppe.name, punkte=punkte, zaehlung=je_gruppe))
        zaehlung += je_gruppe
    return Checkliste(
        fassung=fassung,
        gruppen=check_gruppen,
        zaehlung=zaehlung,
        version=pruefung.version if pruefung else 0,
        pruefbar=pruefung is not None or pruefbare_leistungen().filter(pk=leistung.pk).exists(),
        geaendert_am=pruefung.geaendert_am if pruefung else None,
        geaendert_von=person_name(pruefung.geaendert_von) if pruefung else "",
    )


@dataclass
class VerlaufEintrag:
    wann: dt.datetime
    wer: str
    prinzip: str
    art: str
    ergebnis: str
    notiz: str


_ARTEN = {"+": "gesetzt", "~": "geändert", "-": "entfernt"}


def servicestandard_verlauf(leistung: Leistung, *, limit: int = 50) -> list[VerlaufEintrag]:
    """The latest changes of ``leistung``'s results (every Fassung), newest first; 1 query."""
    changes = latest_changes(
        Ergebnis.history.filter(pruefung_id__in=Pruefung.objects.filter(leistung_id=leistung.pk).values("pk")),
        kinds=_ARTEN,
        related=("prinzip",),
        limit=limit,
    )
    return [
        VerlaufEintrag(
            wann=change.when,
            wer=change.who,
            prinzip=str(change.row.prinzip) if change.row.prinzip else "(gelöschtes Prinzip)",
            art=change.kind,
            ergebnis=ERGEBNIS_TEXT.get(change.row.ergebnis, change.row.ergebnis),
            notiz=change.row.notiz,
        )
        for change in changes
    ]
