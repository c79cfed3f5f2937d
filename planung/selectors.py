"""The reads of the implementation plan and the forecast: gather the inputs, then compute (nothing is stored).

Each selector runs a fixed number of queries whatever the number of services, ratings or status changes:
the ranking comes from :func:`scorecard.selectors.rangliste`, the weekly series from
:func:`catalog.selectors.wochenverlauf`, the services going online from :func:`catalog.selectors.statuswechsel_je_tag`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, replace

from django.utils import timezone

from catalog.models import Amt, Leistung, StatusBedeutung
from catalog.selectors import Basis, status_laden, statuswechsel_je_tag, wochenverlauf
from scorecard.selectors import offene_leistungen, rangliste

from .models import Kapazitaet, Planvorgabe
from .plan import (
    Art,
    OnlineWechsel,
    Plan,
    PlanLeistung,
    Planzeile,
    Quartalskapazitaet,
    Vorgabe,
    plan_berechnen,
)
from .prognose import FENSTER_VORGABE, Prognose, Wochenwert, prognose_berechnen
from .quartal import Quartal, letzter_sonntag

BASIS_TEXT = (
    "offene LeiKa-Leistungen „von Wiesbaden umzusetzen“ (weder online verfügbar noch außer Betracht) in der "
    "Reihenfolge der OZG-Scorecard"
)


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def kapazitaeten() -> list[Quartalskapazitaet]:
    """Every recorded quarter's capacity with its limits per Amt and per platform (status); 2 queries."""
    ergebnis = []
    for k in Kapazitaet.objects.prefetch_related("teile").order_by("jahr", "quartal"):
        teile = list(k.teile.all())
        ergebnis.append(
            Quartalskapazitaet(
                quartal=k.quartal_wert,
                gesamt=k.anzahl,
                je_amt={t.amt_id: t.anzahl for t in teile if t.amt_id is not None},
                je_plattform={t.plattform_id: t.anzahl for t in teile if t.plattform_id is not None},
            )
        )
    return ergebnis


def vorgaben() -> dict[int, Vorgabe]:
    """The Vorgaben of the open services, by Leistung id; 1 query."""
    rows = Planvorgabe.objects.filter(leistung__in=offene_leistungen().values("pk")).select_related("erfasst_von")
    return {
        v.leistung_id: Vorgabe(
            art=Art(v.art), quartal=v.quartal_wert, grund=v.grund, von=_person(v.erfasst_von), am=v.erfasst_am
        )
        for v in rows
    }


def online_wechsel(*, von: dt.date, bis: dt.date) -> list[OnlineWechsel]:
    """Services of the base that went online (or came back) per quarter, Amt and status, in [von, bis]; 2 queries.

    Counted as the weekly series counts: each Leistung's last change of a day against its status the day before.
    The Amt is the Leistung's Amt today.
    """
    online = {s.id for s in status_laden() if s.online}
    je: dict[tuple, int] = defaultdict(int)
    rows = statuswechsel_je_tag(basis=Basis.WIESBADEN, nach=von - dt.timedelta(days=1), bis=bis, je_amt=True)
    for row in rows:
        vorher, neu = row["vorher"] in online, row["neuer_status_id"] in online
        if vorher == neu:
            continue
        plattform = row["vorher"] if neu else row["neuer_status_id"]
        je[Quartal.von_datum(row["gueltig_ab"]), row["leistung__amt_id"], plattform, vorher] += row["anzahl"]
    return [
        OnlineWechsel(quartal=q, anzahl=n, amt_id=amt_id, plattform_id=plattform, zurueck=zurueck)
        for (q, amt_id, plattform, zurueck), n in je.items()
    ]


def plan_leistungen() -> list[PlanLeistung]:
    """The open services in scorecard order, with what the plan needs (Amt, status, Rollout-Frist); 5 queries."""
    zeilen = rangliste().zeilen
    fakten = {
        pk: (amt_id, status_id, frist)
        for pk, amt_id, status_id, frist in offene_leistungen().values_list(
            "pk", "amt_id", "status_id", "buendel__rollout_frist"
        )
    }
    ergebnis = []
    for z in zeilen:
        amt_id, status_id, frist = fakten.get(z.leistung_id, (None, None, None))
        ergebnis.append(
            PlanLeistung(
                leistung_id=z.leistung_id,
                leika_schluessel=z.leika_schluessel,
                bezeichnung=z.bezeichnung,
                amt_id=amt_id,
                amt_nummer=z.amt_nummer,
                amt_name=z.amt_name,
                amt_kurzbezeichnung=z.amt_kurzbezeichnung,
                plattform_id=status_id,
                status=z.status,
                status_farbe=z.status_farbe,
                themenfeld=z.themenfeld,
                rang=z.rang,
                ozg_booster=z.ozg_booster,
                rollout_frist=frist,
            )
        )
    return ergebnis


def umsetzungsplan(*, heute: dt.date | None = None) -> Plan:
    """The plan as of ``heute`` (default today), computed by :func:`planung.plan.plan_berechnen`; 10 queries."""
    heute = heute or timezone.localdate()
    laufend = Quartal.von_datum(heute)
    kap = kapazitaeten()
    erstes = min([k.quartal for k in kap if k.quartal <= laufend], default=laufend)
    return plan_berechnen(
        leistungen=plan_leistungen(),
        kapazitaeten=kap,
        vorgaben=vorgaben(),
        heute=heute,
        wechsel=online_wechsel(von=erstes.beginn, bis=heute),
    )


def grenzen_namen() -> dict[tuple[str, int], str]:
    """What a limit applies to, in words: ("amt", id) → "Amt 32 – Ordnungsamt", ("plattform", id) → the status's
    name ("Digitalisierungsfabrik"); 2 queries."""
    namen = {
        ("amt", pk): f"Amt {nummer} – {name}" for pk, nummer, name in Amt.objects.values_list("pk", "nummer", "name")
    }
    namen.update({("plattform", s.id): s.bezeichnung for s in status_laden()})
    return namen


@dataclass(frozen=True)
class LeistungPlanung:
    """One Leistung in the plan, for its page: its row, or (``zeile`` None) why the plan has none."""

    zeile: Planzeile | None
    grund: str = ""
    laufendes_quartal: Quartal | None = None
    letztes_kapazitaetsquartal: Quartal | None = None
    anzahl_offen: int = 0


def leistung_planung(leistung: Leistung, *, heute: dt.date | None = None) -> LeistungPlanung:
    """Where the plan puts ``leistung`` (as of ``heute``, default today). A service that is not open needs no
    plan: its reason comes from ``leistung`` itself (no query with its status loaded); an open one costs the
    plan's 10 queries."""
    bedeutung = leistung.status.bedeutung if leistung.status_id else None
    if not leistung.von_wiesbaden_umzusetzen:
        return LeistungPlanung(None, "Die Leistung ist nicht von Wiesbaden umzusetzen; sie wird nicht geplant.")
    if bedeutung == StatusBedeutung.ERLEDIGT:
        # (said by its status: whether its online service is recorded, the page's "Online-Dienst" box says)
        return LeistungPlanung(
            None, f"Die Leistung ist umgesetzt (Status „{leistung.status.bezeichnung}“); sie braucht kein Quartal mehr."
        )
    if bedeutung == StatusBedeutung.AUSSER_BETRACHT:
        return LeistungPlanung(
            None, f"Die Leistung ist außer Betracht (Status „{leistung.status.bezeichnung}“); sie wird nicht geplant."
        )
    plan = umsetzungsplan(heute=heute)
    return LeistungPlanung(
        zeile=plan.zeile(leistung.pk),
        grund="",
        laufendes_quartal=plan.laufendes_quartal,
        letztes_kapazitaetsquartal=plan.letztes_kapazitaetsquartal,
        anzahl_offen=len(plan.zeilen),
    )


def wochenreihe(*, bis: dt.date, wochen: int) -> tuple[list[Wochenwert], str]:
    """The base's count online on each of the ``wochen`` + 1 Sundays up to ``bis`` (a Sunday), with each week's
    services going online and coming back (from the rows the weekly series was built from), and the base in
    words; 4 queries."""
    von = bis - dt.timedelta(weeks=wochen)
    verlauf = wochenverlauf(von=von, bis=bis)
    online = {s.id for s in status_laden() if s.online}
    gegangen, zurueck = defaultdict(int), defaultdict(int)
    for row in verlauf.statuswechsel:
        woche = math.ceil((row["gueltig_ab"] - von).days / 7)  # 1..wochen: the week whose Sunday ends it
        vorher, neu = row["vorher"] in online, row["neuer_status_id"] in online
        if neu and not vorher:
            gegangen[woche] += row["anzahl"]
        elif vorher and not neu:
            zurueck[woche] += row["anzahl"]
    reihe = [
        Wochenwert(
            stichtag=w.stichtag,
            online=w.stand.online,
            basis=w.stand.anzahl,
            online_gegangen=gegangen[i],
            zurueckgefallen=zurueck[i],
        )
        for i, w in enumerate(verlauf.wochen)
    ]
    return reihe, verlauf.beschreibung


def prognose(*, stichtag: dt.date | None = None, fenster: int = FENSTER_VORGABE, horizont: int = 52) -> Prognose:
    """The forecast from the last ``fenster`` complete ISO weeks up to ``stichtag`` (default today); 4 queries.

    The window ends on the last Sunday on or before ``stichtag`` (the current, unfinished week is not used).
    """
    bis = letzter_sonntag(stichtag or timezone.localdate())
    reihe, beschreibung = wochenreihe(bis=bis, wochen=fenster)
    return replace(prognose_berechnen(reihe, fenster=fenster, horizont=horizont), beschreibung=beschreibung)
