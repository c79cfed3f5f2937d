"""Pieces several pages share: the Stichtag context, and selector data → the charts every page draws alike."""

from __future__ import annotations

import datetime as dt

from catalog.models import Amt, Erhebung
from catalog.selectors import Gruppe, Stand, Vergleich, letzte_erhebung, vergleich, wochenverlauf
from dashboard import charts
from dashboard.stichtag import Stichtag

TREND_WOCHEN = 52


def stichtag_context(stichtag: Stichtag) -> dict:
    """What the base layout shows about the page's date, and the date picker's state."""
    return {
        "stand": stichtag.datum,
        "stand_hinweis": "heute" if stichtag.heute else "",
        "stichtag": stichtag,
        "praesentierbar": True,
    }


def vergleich_seit_letzter_erhebung(stichtag: dt.date, *, amt: Amt | None = None) -> Vergleich | None:
    """The figures on ``stichtag`` compared with the last Erhebung before it (None when there is none).

    On an Erhebung's own Stichtag this is the change since the Erhebung before, as the deck reports it
    ("Erhebungsstand Mai 2022, mit Änderungen seit Dez. 2021").
    """
    erhebung = letzte_erhebung(bis=stichtag - dt.timedelta(days=1))
    if erhebung is None:
        return None
    return vergleich(alt=erhebung, neu=stichtag, amt=amt)


def status_werte(stand: Stand, vergleich_: Vergleich | None) -> list[charts.StatusWert]:
    """Each status of ``stand`` with its share and, if compared, its change."""
    differenzen = {s.status_id: s.differenz for s in vergleich_.status} if vergleich_ else {}
    return [
        charts.StatusWert(
            bezeichnung=z.bezeichnung,
            farbe=z.farbe,
            anzahl=z.anzahl,
            anteil=z.anteil,
            differenz=differenzen.get(z.status_id, 0) if vergleich_ else None,
        )
        for z in stand.status
    ]


def status_diagramm(*, kennung: str, stand: Stand, vergleich_: Vergleich | None, titel: str) -> charts.Diagramm:
    return charts.status_verteilung(
        kennung=kennung,
        titel=titel,
        werte=status_werte(stand, vergleich_),
        stichtag=stand.stichtag,
        basis_text=f"{stand.basis.anzahl} {stand.basis.beschreibung}",
        vergleich_text=f"seit {vergleich_.alt.bezeichnung} ({vergleich_.alt.stichtag:%d.%m.%Y})"
        if vergleich_
        else None,
    )


def online_diagramm(*, kennung: str, stand: Stand) -> charts.Diagramm:
    return charts.online_anteil(
        kennung=kennung,
        online=stand.online,
        offen=stand.noch_umzusetzen,
        stichtag=stand.stichtag,
        basis_text=f"{stand.basis.anzahl} {stand.basis.beschreibung}",
    )


def trend_diagramm(*, kennung: str, bis: dt.date, amt: Amt | None = None) -> charts.Diagramm:
    """The online share per ISO week over the year up to ``bis``."""
    verlauf = wochenverlauf(von=bis - dt.timedelta(weeks=TREND_WOCHEN), bis=bis, amt=amt)
    return charts.wochenverlauf(
        kennung=kennung,
        wochen=[
            charts.WochenWert(jahr=w.jahr, kw=w.kw, montag=w.montag, online=w.stand.online, basis=w.stand.anzahl)
            for w in verlauf.wochen
        ],
        basis_text=verlauf.beschreibung,
        bis=bis,
    )


def aemter_diagramm(*, kennung: str, gruppen: list[Gruppe], stichtag: dt.date, basis_text: str) -> charts.Diagramm:
    """The stacked status bar per Amt, sorted by the share online (Ämter without Leistungen left out)."""
    mit_leistungen = sorted(
        (g for g in gruppen if g.stand.anzahl),
        key=lambda g: (-g.stand.online_anteil, -g.stand.anzahl, g.nummer or 0),
    )
    statuses: dict[int, charts.StatusSpalte] = {}
    for g in mit_leistungen:
        for z in g.stand.status:
            spalte = charts.StatusSpalte(id=z.status_id, bezeichnung=z.bezeichnung, farbe=z.farbe)
            statuses.setdefault(z.status_id, spalte)
    return charts.gestapelt(
        kennung=kennung,
        titel="Status der Leistungen je Amt",
        untertitel=f"{basis_text}; sortiert nach Anteil online verfügbar; Stand {stichtag:%d.%m.%Y}",
        zeilen=[
            charts.GruppenZeile(
                bezeichnung=f"Amt {g.nummer}" if g.nummer is not None else g.name,
                anzahl_je_status={z.status_id: z.anzahl for z in g.stand.status},
                gesamt=g.stand.anzahl,
                anteil_online=g.stand.online_anteil,
            )
            for g in mit_leistungen
        ],
        statuses=list(statuses.values()),
    )


def erhebung_oder_404(erhebung_id: int) -> Erhebung:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Erhebung, pk=erhebung_id)
