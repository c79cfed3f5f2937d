"""The implementation plan, computed: which open service goes online in which quarter, given the capacities.

Pure functions on plain values (no ORM, no clock); :mod:`planung.selectors` gathers the inputs and calls
:func:`plan_berechnen` on every request, so nothing stored can go stale except the capacities and Vorgaben.

**The rule, stated once** (the README and the page captions say the same):

1. The plan starts in the quarter of ``heute`` (the *laufende Quartal*); earlier quarters are history.
2. Capacities. Each quarter may have a **total** (how many services may go online in it, all Ämter and platforms
   together) and, on top, **limits for one Amt or one platform** (a platform is a status such as
   "Digitalisierungsfabrik": the limit applies to the open services that have that status now). Every capacity
   is an upper bound, none is a reserved share: a service needs a free place in the total *and* in each limit
   that applies to it (its Amt's, its platform's). Limits of different Ämter may add up to more than the total;
   an Amt without a limit competes only for the total. A quarter without a recorded total takes no service.
3. In the laufende Quartal the services that went online since its first day already used their places (in the
   total, their Amt's limit and the limit of the status they came from).
4. Vorgaben first: a service *festgelegt* (pinned) on a quarter goes there whatever the capacity and uses its
   places; if the pins exceed the capacity, the quarter is *überbucht* (overbooked) and takes no further service.
   A pin on a quarter that has passed counts for the laufende Quartal. A service *zurückgestellt* (held back) is
   not planned.
5. Then every other open service in scorecard order (the ranking, ties already broken there; equal inputs keep
   their order) goes into the earliest quarter with a free place in every capacity that applies to it. So a
   service further down may land earlier than one above it whose Amt or platform is full.
6. A service that finds no place up to the last quarter with a capacity has no quarter ("ohne Kapazität").

Derived: per Amt and for the city the quarter of the last open service (none while any service has no quarter;
held-back services do not count but are named), the OZG-Booster services whose Rollout-Frist the plan misses
(expected quarter ends after the Frist, or no quarter), and, for the past quarters since the first recorded
capacity, plan versus actual: the recorded total ("geplant") against the services that went online in it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .quartal import Quartal

OHNE_AMT = "ohne Amt"


class Art(StrEnum):
    """What the Redaktion decided for one service."""

    FESTGELEGT = "festgelegt"
    ZURUECKGESTELLT = "zurueckgestellt"


class Einplanung(StrEnum):
    """How a service came to its quarter (or why it has none)."""

    EINGEPLANT = "eingeplant"  # by capacity, in scorecard order
    FESTGELEGT = "festgelegt"  # pinned by a Vorgabe
    ZURUECKGESTELLT = "zurueckgestellt"  # held back by a Vorgabe
    OHNE_KAPAZITAET = "ohne_kapazitaet"  # no free place in any quarter with a capacity

    @property
    def bezeichnung(self) -> str:
        return {
            "eingeplant": "nach Kapazität",
            "festgelegt": "festgelegt",
            "zurueckgestellt": "zurückgestellt",
            "ohne_kapazitaet": "ohne Quartal",
        }[self.value]


class FristGrund(StrEnum):
    """Why the plan misses an OZG-Booster service's Rollout-Frist."""

    VERSTRICHEN = "verstrichen"  # the Frist lies before today
    OHNE_QUARTAL = "ohne_quartal"  # no quarter (no free place, or held back)
    ZU_SPAET = "zu_spaet"  # its quarter ends after the Frist

    @property
    def bezeichnung(self) -> str:
        return {
            "verstrichen": "Rollout-Frist schon verstrichen",
            "ohne_quartal": "ohne Quartal im Plan",
            "zu_spaet": "erwartetes Quartal endet nach der Rollout-Frist",
        }[self.value]


# --- inputs ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanLeistung:
    """An open service as the plan needs it. ``plattform_id`` is its current status (the platform limits key)."""

    leistung_id: int
    leika_schluessel: str = ""
    bezeichnung: str = ""
    amt_id: int | None = None
    amt_nummer: int | None = None
    amt_name: str = ""
    amt_kurzbezeichnung: str = ""  # as charts name the Amt: "33 Bürgeramt"
    plattform_id: int | None = None
    status: str = ""
    status_farbe: str = ""
    themenfeld: str = ""
    rang: int | None = None
    ozg_booster: bool = False
    rollout_frist: dt.date | None = None

    @property
    def amt(self) -> str:
        return f"Amt {self.amt_nummer} – {self.amt_name}" if self.amt_nummer is not None else OHNE_AMT


@dataclass(frozen=True)
class Quartalskapazitaet:
    """The recorded capacity of one quarter: the total and the limits per Amt id and per platform (status id)."""

    quartal: Quartal
    gesamt: int
    je_amt: Mapping[int, int] = field(default_factory=dict)
    je_plattform: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Vorgabe:
    """The Redaktion's decision for one service: pinned on a quarter, or held back; why, by whom, when."""

    art: Art
    quartal: Quartal | None = None
    grund: str = ""
    von: str = ""
    am: dt.datetime | None = None


@dataclass(frozen=True)
class OnlineWechsel:
    """How many services of one Amt, coming from one status, went online (or came back) in one quarter."""

    quartal: Quartal
    anzahl: int
    amt_id: int | None = None
    plattform_id: int | None = None  # the status before going online (after coming back)
    zurueck: bool = False  # True: from online back to a status that is not online


# --- results -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planzeile:
    """One open service in the plan: its place in scorecard order, its quarter (or none) and how it got there."""

    position: int
    leistung: PlanLeistung
    quartal: Quartal | None
    einplanung: Einplanung
    vorgabe: Vorgabe | None = None
    hinweis: str = ""
    frist_verfehlt: bool = False
    frist_hinweis: str = ""
    frist_grund: FristGrund | None = None


@dataclass(frozen=True)
class Grenze:
    """The use of one limit (an Amt's or a platform's) in one quarter."""

    art: str  # "amt" or "plattform"
    schluessel: int
    kapazitaet: int
    belegt: int  # already online (laufendes Quartal) + pinned + planned

    @property
    def frei(self) -> int:
        return max(0, self.kapazitaet - self.belegt)

    @property
    def ueberbucht(self) -> int:
        return max(0, self.belegt - self.kapazitaet)


@dataclass(frozen=True)
class Quartalsbelegung:
    """One planned quarter: its total capacity (None = none recorded), what uses it, what is left."""

    quartal: Quartal
    kapazitaet: int | None
    bereits_online: int
    festgelegt: int
    eingeplant: int
    grenzen: tuple[Grenze, ...] = ()

    @property
    def belegt(self) -> int:
        return self.bereits_online + self.festgelegt + self.eingeplant

    @property
    def frei(self) -> int:
        return max(0, (self.kapazitaet or 0) - self.belegt)

    @property
    def ueberbucht(self) -> int:
        return max(0, self.belegt - (self.kapazitaet or 0))


@dataclass(frozen=True)
class Abschluss:
    """When the last open service of an Amt (or of the city) would be done by the plan."""

    bezeichnung: str
    amt_id: int | None
    amt_nummer: int | None
    offen: int
    eingeplant: int  # with a quarter (pinned or by capacity)
    zurueckgestellt: int
    ohne_quartal: int
    letztes_quartal: Quartal | None  # None while a service has no quarter, or when nothing is planned
    kurzbezeichnung: str = ""  # as charts name the Amt: "33 Bürgeramt"

    @property
    def text(self) -> str:
        """In words: "Q2/2027", "nicht absehbar: 12 von 40 Leistungen ohne Quartal", "+ (ohne 2 zurückgestellte)"."""
        if self.ohne_quartal:
            text = f"nicht absehbar: {self.ohne_quartal} von {self.offen} Leistungen ohne Quartal"
        elif self.letztes_quartal is not None:
            text = str(self.letztes_quartal)
        else:
            text = "nichts eingeplant"
        if self.zurueckgestellt:
            text += f" (ohne {self.zurueckgestellt} zurückgestellte)"
        return text


@dataclass(frozen=True)
class SollIst:
    """Plan versus actual for one quarter: the recorded total, and how many went online (and came back)."""

    quartal: Quartal
    geplant: int | None
    online: int
    zurueck: int
    laufend: bool = False

    @property
    def netto(self) -> int:
        return self.online - self.zurueck


@dataclass(frozen=True)
class Plan:
    """The computed plan (see the module docstring for the rule)."""

    heute: dt.date
    laufendes_quartal: Quartal
    zeilen: list[Planzeile]
    quartale: list[Quartalsbelegung]
    aemter: list[Abschluss]
    stadt: Abschluss
    soll_ist: list[SollIst]

    @property
    def letztes_kapazitaetsquartal(self) -> Quartal | None:
        mit = [b.quartal for b in self.quartale if b.kapazitaet is not None]
        return max(mit) if mit else None

    @property
    def frist_verfehlt(self) -> list[Planzeile]:
        return [z for z in self.zeilen if z.frist_verfehlt]

    @property
    def frist_gruende(self) -> list[tuple[FristGrund, int]]:
        """How many missed Rollout-Fristen for each reason (only reasons that occur)."""
        zaehlung = [(g, sum(1 for z in self.zeilen if z.frist_grund == g)) for g in FristGrund]
        return [(g, n) for g, n in zaehlung if n]

    @property
    def soll_ist_summe(self) -> SollIst | None:
        """Plan versus actual of all past quarters together (without the laufende one); None without any."""
        vergangen = [s for s in self.soll_ist if not s.laufend]
        if not vergangen:
            return None
        return SollIst(
            quartal=vergangen[0].quartal,
            geplant=sum(s.geplant or 0 for s in vergangen),
            online=sum(s.online for s in vergangen),
            zurueck=sum(s.zurueck for s in vergangen),
        )

    def zeile(self, leistung_id: int) -> Planzeile | None:
        return next((z for z in self.zeilen if z.leistung.leistung_id == leistung_id), None)


# --- the computation ---------------------------------------------------------------------------------------------


class _Belegung:
    """Places used per quarter, in the total and in each limit (mutable while the plan is built)."""

    def __init__(self, kapazitaeten: Mapping[Quartal, Quartalskapazitaet]):
        self.kapazitaeten = kapazitaeten
        self.bereits_online: dict[Quartal, int] = defaultdict(int)
        self.gesamt: dict[Quartal, int] = defaultdict(int)
        self.amt: dict[tuple[Quartal, int], int] = defaultdict(int)
        self.plattform: dict[tuple[Quartal, int], int] = defaultdict(int)

    def belegen(self, quartal: Quartal, amt_id: int | None, plattform_id: int | None, anzahl: int = 1) -> None:
        self.gesamt[quartal] += anzahl
        if amt_id is not None:
            self.amt[quartal, amt_id] += anzahl
        if plattform_id is not None:
            self.plattform[quartal, plattform_id] += anzahl

    def hat_platz(self, quartal: Quartal, leistung: PlanLeistung) -> bool:
        kap = self.kapazitaeten.get(quartal)
        if kap is None or self.gesamt[quartal] >= kap.gesamt:
            return False
        if leistung.amt_id in kap.je_amt and self.amt[quartal, leistung.amt_id] >= kap.je_amt[leistung.amt_id]:
            return False
        plattform = leistung.plattform_id
        return not (plattform in kap.je_plattform and self.plattform[quartal, plattform] >= kap.je_plattform[plattform])


def _frist(leistung: PlanLeistung, quartal: Quartal | None, heute: dt.date) -> tuple[FristGrund | None, str]:
    """Does the plan miss an OZG-Booster service's Rollout-Frist? (why, or None; in words)"""
    frist = leistung.rollout_frist
    if not leistung.ozg_booster or frist is None:
        return None, ""
    if frist < heute:
        return FristGrund.VERSTRICHEN, f"Rollout-Frist {frist:%d.%m.%Y} verstrichen"
    if quartal is None:
        return FristGrund.OHNE_QUARTAL, f"Rollout-Frist {frist:%d.%m.%Y}, aber ohne Quartal"
    if quartal.ende > frist:
        return FristGrund.ZU_SPAET, f"Rollout-Frist {frist:%d.%m.%Y}, geplant erst {quartal}"
    return None, f"Rollout-Frist {frist:%d.%m.%Y} eingehalten"


def _abschluss(bezeichnung: str, amt_id, amt_nummer, zeilen: Iterable[Planzeile], kurz: str = "") -> Abschluss:
    zeilen = list(zeilen)
    mit_quartal = [z.quartal for z in zeilen if z.quartal is not None]
    ohne = sum(1 for z in zeilen if z.einplanung == Einplanung.OHNE_KAPAZITAET)
    return Abschluss(
        bezeichnung=bezeichnung,
        amt_id=amt_id,
        amt_nummer=amt_nummer,
        offen=len(zeilen),
        eingeplant=len(mit_quartal),
        zurueckgestellt=sum(1 for z in zeilen if z.einplanung == Einplanung.ZURUECKGESTELLT),
        ohne_quartal=ohne,
        letztes_quartal=max(mit_quartal) if mit_quartal and not ohne else None,
        kurzbezeichnung=kurz or bezeichnung,
    )


def plan_berechnen(
    *,
    leistungen: Sequence[PlanLeistung],
    kapazitaeten: Iterable[Quartalskapazitaet],
    vorgaben: Mapping[int, Vorgabe],
    heute: dt.date,
    wechsel: Iterable[OnlineWechsel] = (),
) -> Plan:
    """Lay the open ``leistungen`` (in scorecard order) into quarters by the rule of this module.

    ``vorgaben`` maps a Leistung id to its Vorgabe (ids of services that are not open are ignored); ``wechsel``
    are the services that went online or came back since the first recorded capacity (for the laufende Quartal's
    used places and for plan versus actual).
    """
    laufend = Quartal.von_datum(heute)
    kap = {k.quartal: k for k in kapazitaeten}
    wechsel = list(wechsel)
    belegung = _Belegung(kap)
    for w in wechsel:
        if w.quartal == laufend and not w.zurueck:
            belegung.bereits_online[laufend] += w.anzahl
            belegung.belegen(laufend, w.amt_id, w.plattform_id, w.anzahl)

    zeilen: dict[int, Planzeile] = {}
    festgelegt: dict[Quartal, int] = defaultdict(int)
    eingeplant: dict[Quartal, int] = defaultdict(int)
    # Vorgaben first: pinned services take their places whatever the capacity.
    for position, leistung in enumerate(leistungen, start=1):
        vorgabe = vorgaben.get(leistung.leistung_id)
        if vorgabe is None:
            continue
        if vorgabe.art == Art.ZURUECKGESTELLT:
            zeilen[position] = Planzeile(position, leistung, None, Einplanung.ZURUECKGESTELLT, vorgabe)
            continue
        if vorgabe.quartal is None:
            raise ValueError(f"Die Festlegung der Leistung {leistung.leistung_id} nennt kein Quartal.")
        quartal, hinweis = vorgabe.quartal, ""
        if quartal < laufend:
            quartal, hinweis = laufend, f"Festlegung auf {vorgabe.quartal} verstrichen; zählt im laufenden Quartal"
        belegung.belegen(quartal, leistung.amt_id, leistung.plattform_id)
        festgelegt[quartal] += 1
        zeilen[position] = Planzeile(position, leistung, quartal, Einplanung.FESTGELEGT, vorgabe, hinweis)

    # Then the rest in scorecard order, each into the earliest quarter with a free place in every capacity.
    offen_quartale = sorted(q for q in kap if q >= laufend)
    for position, leistung in enumerate(leistungen, start=1):
        if position in zeilen:
            continue
        quartal = next((q for q in offen_quartale if belegung.hat_platz(q, leistung)), None)
        if quartal is None:
            zeilen[position] = Planzeile(position, leistung, None, Einplanung.OHNE_KAPAZITAET)
            continue
        belegung.belegen(quartal, leistung.amt_id, leistung.plattform_id)
        eingeplant[quartal] += 1
        zeilen[position] = Planzeile(position, leistung, quartal, Einplanung.EINGEPLANT)

    geordnet = []
    for position in sorted(zeilen):
        zeile = zeilen[position]
        grund, text = _frist(zeile.leistung, zeile.quartal, heute)
        geordnet.append(replace(zeile, frist_verfehlt=grund is not None, frist_grund=grund, frist_hinweis=text))

    return Plan(
        heute=heute,
        laufendes_quartal=laufend,
        zeilen=geordnet,
        quartale=_quartale(laufend, kap, belegung, festgelegt, eingeplant),
        aemter=_aemter(geordnet),
        stadt=_abschluss("Stadt Wiesbaden", None, None, geordnet),
        soll_ist=_soll_ist(laufend, kap, wechsel),
    )


def _quartale(laufend, kap, belegung: _Belegung, festgelegt, eingeplant) -> list[Quartalsbelegung]:
    """Every quarter from the laufende one to the last with a capacity or a pin, with its use."""
    spaeteste = [q for q in (*kap, *festgelegt) if q >= laufend]
    if not spaeteste:
        return []
    ergebnis = []
    for quartal in laufend.bis(max(spaeteste)):
        k = kap.get(quartal)
        grenzen = ()
        if k is not None:
            grenzen = tuple(
                [Grenze("amt", amt_id, n, belegung.amt[quartal, amt_id]) for amt_id, n in sorted(k.je_amt.items())]
                + [
                    Grenze("plattform", status_id, n, belegung.plattform[quartal, status_id])
                    for status_id, n in sorted(k.je_plattform.items())
                ]
            )
        ergebnis.append(
            Quartalsbelegung(
                quartal=quartal,
                kapazitaet=k.gesamt if k is not None else None,
                bereits_online=belegung.bereits_online[quartal],
                festgelegt=festgelegt[quartal],
                eingeplant=eingeplant[quartal],
                grenzen=grenzen,
            )
        )
    return ergebnis


def _aemter(zeilen: Sequence[Planzeile]) -> list[Abschluss]:
    """Per Amt with open services (in Amt number order, "ohne Amt" last) when its last service would be done."""
    je_amt: dict[int | None, list[Planzeile]] = defaultdict(list)
    for zeile in zeilen:
        je_amt[zeile.leistung.amt_id].append(zeile)

    def ordnung(amt_id):
        leistung = je_amt[amt_id][0].leistung
        return (leistung.amt_nummer is None, leistung.amt_nummer or 0)

    return [
        _abschluss(
            je_amt[amt_id][0].leistung.amt,
            amt_id,
            je_amt[amt_id][0].leistung.amt_nummer,
            je_amt[amt_id],
            kurz=je_amt[amt_id][0].leistung.amt_kurzbezeichnung,
        )
        for amt_id in sorted(je_amt, key=ordnung)
    ]


def _soll_ist(laufend: Quartal, kap, wechsel: Sequence[OnlineWechsel]) -> list[SollIst]:
    """From the first quarter with a capacity up to the laufende one: recorded total against what went online."""
    frueheste = [q for q in kap if q <= laufend]
    if not frueheste:
        return []
    online: dict[Quartal, int] = defaultdict(int)
    zurueck: dict[Quartal, int] = defaultdict(int)
    for w in wechsel:
        (zurueck if w.zurueck else online)[w.quartal] += w.anzahl
    return [
        SollIst(
            quartal=q,
            geplant=kap[q].gesamt if q in kap else None,
            online=online[q],
            zurueck=zurueck[q],
            laufend=q == laufend,
        )
        for q in min(frueheste).bis(laufend)
    ]
