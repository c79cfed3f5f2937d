"""The slides of the Foliensatz, following the deck "OZG-Umsetzungsstand": title, funnel, statuses with their
changes since an Erhebung, statuses per Amt, the weekly share online, EfA/OZG-Booster, the Leistungen with the most
applications, the top of the scorecard, Wiesbaden beside the Hessian OZG-Monitor. Every chart is a native chart
(:mod:`.diagramme`) and every chart slide says base, Stichtag and source in its caption."""

from __future__ import annotations

import io

from pptx.util import Inches

from catalog.selectors import SCHAETZUNG_TEXT
from dashboard.charts import ONLINE_COLOR, OPEN_COLOR
from toolkit.charts import COLORS
from toolkit.formatting import format_date, format_difference, format_number, format_percent, format_week, round_half_up

from .daten import FoliensatzDaten
from .diagramme import DIFFERENZ, PROZENT, PUNKTE, Reihe, balken, linie
from .folien import (
    INHALT_BREITE,
    INHALT_HOEHE,
    INHALT_OBEN,
    RAND,
    Absatz,
    beschriftung,
    farblegende,
    folie,
    neue_praesentation,
    textfeld,
)

QUELLE_PORTAL = "Quelle: OZG-Portal der Landeshauptstadt Wiesbaden (Amt 15)"
UEBERFAELLIG_GEZEIGT = 8


def _ganz(position_links: float = 0.0, breite: float = 1.0):
    """A content area (chart or text beside it): from ``position_links`` over ``breite`` of the content width."""
    links = RAND + int(INHALT_BREITE * position_links)
    return (links, INHALT_OBEN, int(INHALT_BREITE * breite), INHALT_HOEHE)


def _vergleich_text(daten: FoliensatzDaten) -> str:
    v = daten.vergleich
    if v is None:
        return "ohne Vergleich: vor dem Stichtag gibt es keine Erhebung"
    return f"Änderungen seit „{v.alt.bezeichnung}“ ({format_date(v.alt.stichtag)})"


def _titelfolie(praesentation, daten: FoliensatzDaten) -> None:
    neu = folie(praesentation, "OZG-Umsetzungsstand der Landeshauptstadt Wiesbaden", nummer=1)
    stand = daten.stand
    textfeld(
        neu,
        (RAND, Inches(1.8), INHALT_BREITE, Inches(4.2)),
        [
            Absatz(f"Stand {format_date(daten.stichtag)} ({format_week(daten.stichtag)})", 32, fett=True),
            Absatz(_vergleich_text(daten), 20),
            Absatz(""),
            Absatz(
                f"{format_number(stand.online)} von {format_number(stand.anzahl)} Leistungen online verfügbar "
                f"({format_percent(stand.online_anteil)}), {format_number(stand.noch_umzusetzen)} noch umzusetzen "
                f"({format_percent(stand.noch_umzusetzen_anteil)})",
                22,
            ),
            Absatz(f"Gezählt: {stand.basis.text}", 14),
            Absatz(""),
            Absatz(
                f"Erstellt am {format_date(daten.heute)} mit dem OZG-Portal; jede Folie nennt Basis, Stichtag und "
                f"Quelle "
                "ihrer Zahlen. Die Diagramme sind bearbeitbar (Daten in PowerPoint: „Daten bearbeiten“).",
                12,
            ),
        ],
        name="Titel der Sitzung",
    )


def _trichter(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    stufen = daten.trichter
    neu = folie(
        praesentation,
        "Vom Katalog zu Wiesbaden",
        untertitel=" → ".join(f"{s.bezeichnung}: {format_number(s.leistungen)}" for s in stufen)
        + (f" (davon {stufen[-1].ausser_betracht_text})" if stufen[-1].ausser_betracht else ""),
        nummer=nummer,
    )
    balken(
        neu,
        name="Trichter",
        position=_ganz(),
        kategorien=[s.bezeichnung for s in stufen],
        reihen=[
            Reihe("OZG-Leistungsbündel", [s.leistungsbuendel for s in stufen], farbe=COLORS[1]),
            Reihe("LeiKa-Leistungen", [s.leistungen for s in stufen], farbe=COLORS[0]),
        ],
    )
    beschriftung(
        neu,
        [
            f"Basis: {stufen[0].beschreibung}. Den Kommunen zugeordnet: Vollzug durch die Kommunen; von Wiesbaden "
            "umzusetzen: jeder Status"
            + (
                f", auch {stufen[-1].ausser_betracht_text}, die die Statuszahlen der folgenden Folien nicht zählen"
                if stufen[-1].ausser_betracht
                else ""
            )
            + ".",
            f"Stand: der Katalog, wie er am {format_date(daten.heute)} im Portal steht (der Trichter hat keinen "
            f"Stichtag). " + QUELLE_PORTAL + ".",
        ],
    )


def _status(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    stand, v = daten.stand, daten.vergleich
    differenzen = {s.status_id: s.differenz for s in v.status} if v else {}
    untertitel = _vergleich_text(daten)
    if v is not None:
        untertitel += ": " + ", ".join(
            f"{z.bezeichnung} {format_difference(differenzen.get(z.status_id, 0))}" for z in stand.status
        )
    neu = folie(
        praesentation, f"Umsetzungsstand am {format_date(daten.stichtag)}", untertitel=untertitel, nummer=nummer
    )
    kategorien = [z.bezeichnung for z in stand.status]
    farben = [z.farbe for z in stand.status]
    balken(
        neu,
        name="Status am Stichtag",
        position=_ganz(0.0, 0.56 if v else 1.0),
        kategorien=kategorien,
        reihen=[Reihe(f"Leistungen am {format_date(daten.stichtag)}", [z.anzahl for z in stand.status], farben=farben)],
        legende=False,
        titel=f"Leistungen am {format_date(daten.stichtag)}" if v else "",
    )
    zeilen = [
        f"Basis: {stand.basis.text}; online verfügbar {format_number(stand.online)} "
        f"({format_percent(stand.online_anteil)})."
    ]
    if v is not None:
        balken(
            neu,
            name="Änderung seit der Erhebung",
            position=_ganz(0.6, 0.4),
            kategorien=kategorien,
            reihen=[
                Reihe(
                    f"Änderung seit {v.alt.bezeichnung}",
                    [differenzen.get(z.status_id, 0) for z in stand.status],
                    farben=farben,
                )
            ],
            zahlenformat=DIFFERENZ,
            legende=False,
            titel=f"Änderung seit {v.alt.bezeichnung}",
        )
        weg = daten.weggefallen
        zeilen.append(
            f"Änderung: gegenüber den eingefrorenen Zahlen der Erhebung „{v.alt.bezeichnung}“ "
            f"({format_date(v.alt.stichtag)}, {format_number(v.alt.anzahl)} Leistungen)"
            + (f"; {format_number(weg)} Leistungen sind seitdem außer Betracht (z. B. „Nicht relevant“)" if weg else "")
            + "."
        )
    zeilen.append(QUELLE_PORTAL + ", Statusverlauf der Leistungen und Erhebungen.")
    beschriftung(neu, zeilen)


def _aemter(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    gruppen = daten.aemter
    statuses = {}
    for g in gruppen:
        for z in g.stand.status:
            statuses.setdefault(z.status_id, z)
    neu = folie(
        praesentation,
        "Umsetzungsstand nach Ämtern",
        untertitel=f"Leistungen je federführendem Amt nach Status, Stand {format_date(daten.stichtag)}",
        nummer=nummer,
    )

    balken(
        neu,
        name="Status je Amt",
        position=_ganz(),
        kategorien=[g.kurzbezeichnung or g.name for g in gruppen],
        reihen=[
            Reihe(
                s.bezeichnung,
                [next((z.anzahl for z in g.stand.status if z.status_id == sid), 0) for g in gruppen],
                farbe=s.farbe,
            )
            for sid, s in statuses.items()
        ],
        gestapelt=True,
        beschriftung_groesse=11,
    )
    beschriftung(
        neu,
        [
            f"Basis: {format_number(daten.stand.anzahl)} {daten.stand.basis.beschreibung}, je federführendem Amt; "
            "sortiert nach Anteil online verfügbar; Ämter ohne solche Leistung sind nicht aufgeführt. "
            f"Stand {format_date(daten.stichtag)}.",
            QUELLE_PORTAL + ", Statusverlauf der Leistungen.",
        ],
    )


def _wochen(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    wochen = daten.wochen.wochen
    erste, letzte = wochen[0], wochen[-1]
    neu = folie(
        praesentation,
        "Anteil online verfügbar je Kalenderwoche",
        untertitel=f"{erste.bezeichnung_lang}: {format_percent(erste.stand.online_anteil)} → "
        f"{letzte.bezeichnung_lang}: {format_percent(letzte.stand.online_anteil)} "
        f"({format_number(letzte.stand.online)} von {format_number(letzte.stand.anzahl)})",
        nummer=nummer,
    )
    linie(
        neu,
        name="Anteil online je Kalenderwoche",
        position=_ganz(),
        kategorien=[w.bezeichnung_lang for w in wochen],
        reihe=Reihe("Anteil online verfügbar", [w.stand.online_anteil for w in wochen], farbe=COLORS[0]),
        zahlenformat=PROZENT,
    )
    beschriftung(
        neu,
        [
            f"Basis: {daten.wochen.beschreibung}, je Woche neu gezählt. Wochenstand jeweils sonntags "
            f"({erste.bezeichnung_lang} bis {letzte.bezeichnung_lang}), zuletzt am Stichtag "
            f"{format_date(daten.stichtag)}.",
            QUELLE_PORTAL + ", Statusverlauf der Leistungen.",
        ],
    )


def _efa(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    mit_leistungen = [b for b in daten.efa if b.umzusetzen]
    ohne = len(daten.efa) - len(mit_leistungen)
    ueberfaellig = [b for b in mit_leistungen if b.ueberfaellig]
    gruppen = [
        ("OZG-Booster", [b for b in mit_leistungen if b.ozg_booster]),
        ("weitere EfA-Leistungen", [b for b in mit_leistungen if not b.ozg_booster]),
    ]
    neu = folie(
        praesentation,
        "EfA-Leistungen und OZG-Booster",
        untertitel=f"Nachnutzung von „Einer für Alle“-Diensten: Fortschritt Wiesbadens am "
        f"{format_date(daten.stichtag)}; "
        f"überfällig: {format_number(len(ueberfaellig))} Leistungsbündel",
        nummer=nummer,
    )
    balken(
        neu,
        name="EfA-Fortschritt",
        position=_ganz(0.0, 0.55),
        kategorien=[f"{name} ({format_number(len(liste))} Bündel)" for name, liste in gruppen],
        reihen=[
            Reihe(
                "alle Leistungen online",
                [sum(1 for b in liste if b.erledigt == b.umzusetzen) for _, liste in gruppen],
                farbe=ONLINE_COLOR,
            ),
            Reihe(
                "teilweise online",
                [sum(1 for b in liste if 0 < b.erledigt < b.umzusetzen) for _, liste in gruppen],
                farbe=COLORS[0],
            ),
            Reihe(
                "noch keine online",
                [sum(1 for b in liste if b.erledigt == 0) for _, liste in gruppen],
                farbe=OPEN_COLOR,
            ),
        ],
        gestapelt=True,
    )
    if ueberfaellig:
        absaetze = [
            Absatz(
                f"Überfällig am {format_date(daten.stichtag)} ({format_number(len(ueberfaellig))} Bündel):",
                16,
                fett=True,
            )
        ]
        absaetze += [
            Absatz(
                f"{b.ozg_id} {b.name}: Frist {format_date(b.rollout_frist)}, {format_number(b.erledigt)} von "
                f"{format_number(b.umzusetzen)} online",
                12,
            )
            for b in ueberfaellig[:UEBERFAELLIG_GEZEIGT]
        ]
        if len(ueberfaellig) > UEBERFAELLIG_GEZEIGT:
            absaetze.append(
                Absatz(f"… und {format_number(len(ueberfaellig) - UEBERFAELLIG_GEZEIGT)} weitere (Seite EfA)", 12)
            )
    else:
        offen = [
            b
            for b in mit_leistungen
            if b.rollout_frist and b.rollout_frist >= daten.stichtag and b.erledigt < b.umzusetzen
        ]
        absaetze = [Absatz(f"Am {format_date(daten.stichtag)} ist keine Rollout-Frist überschritten.", 16, fett=True)]
        if offen:
            frist = min(b.rollout_frist for b in offen)
            faellig = [b for b in offen if b.rollout_frist == frist]
            absaetze.append(
                Absatz(
                    f"Nächste Frist: {format_date(frist)} für {format_number(len(faellig))} Bündel, die noch nicht "
                    f"ganz online "
                    "sind, darunter: " + ", ".join(b.name for b in faellig[:5]) + ("…" if len(faellig) > 5 else ""),
                    13,
                )
            )
    textfeld(neu, _ganz(0.58, 0.42), absaetze, name="Überfällig")
    beschriftung(
        neu,
        [
            "Basis: EfA-Leistungsbündel mit mindestens einer Leistung, die von Wiesbaden umzusetzen ist (ohne „außer "
            f"Betracht“); Fortschritt = deren online verfügbare Leistungen am {format_date(daten.stichtag)}; "
            f"überfällig = "
            "Rollout-Frist vor dem Stichtag und noch nicht alle online"
            + (f"; {format_number(ohne)} EfA-Bündel ohne solche Leistung sind nicht gezählt" if ohne else "")
            + ".",
            "OZG-Booster: IT-Planungsrat, Beschluss 2022/20 vom 02.05.2022. " + QUELLE_PORTAL + ".",
        ],
    )


def _fallzahlen(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    top = daten.fallzahlen
    neu = folie(
        praesentation,
        "Wo die meisten Anträge digital werden können",
        untertitel=f"Die {format_number(len(top))} Leistungen Wiesbadens mit den meisten Anträgen pro Jahr, Status am "
        f"{format_date(daten.stichtag)} als Farbe",
        nummer=nummer,
    )

    def name(t) -> str:
        if t.geschaetzt and t.bundesweit is not None:
            return f"{t.bezeichnung} (geschätzt aus {format_number(t.bundesweit)} bundesweit)"
        return t.bezeichnung

    balken(
        neu,
        name="Anträge pro Jahr",
        position=(RAND, INHALT_OBEN + Inches(0.35), INHALT_BREITE, INHALT_HOEHE - Inches(0.35)),
        kategorien=[name(t) for t in top],
        reihen=[Reihe("Anträge pro Jahr in Wiesbaden", [t.fallzahl for t in top], farben=[t.farbe for t in top])],
        legende=False,
        beschriftung_groesse=12,
    )
    reihenfolge = {z.bezeichnung: i for i, z in enumerate(daten.stand.status)}
    status = sorted({(t.status, t.farbe) for t in top}, key=lambda s: (reihenfolge.get(s[0], 99), s[0]))
    farblegende(neu, (RAND, INHALT_OBEN - Inches(0.05), INHALT_BREITE, Inches(0.35)), status)
    beschriftung(
        neu,
        [
            f"{SCHAETZUNG_TEXT}. Basis: {daten.stand.basis.beschreibung}; Farbe = Status am "
            f"{format_date(daten.stichtag)}.",
            QUELLE_PORTAL + ", Fallzahlen der Ämter; bundesweite Fallzahlen wie im Portal erfasst.",
        ],
    )


def _scorecard(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    zeilen = daten.rangliste
    neu = folie(
        praesentation,
        "Was als Nächstes: die Spitze der OZG-Scorecard",
        untertitel=f"Die {format_number(len(zeilen))} offenen Leistungen mit dem höchsten Gesamtwert (0–100)",
        nummer=nummer,
    )
    balken(
        neu,
        name="Scorecard-Rangliste",
        position=_ganz(),
        kategorien=[
            f"{z.rang}. {z.bezeichnung}" + (f" ({z.amt_kurzbezeichnung})" if z.amt_nummer is not None else "")
            for z in zeilen
        ],
        reihen=[Reihe("Gesamtwert", [float(round_half_up(z.gesamt, 1)) for z in zeilen], farbe=COLORS[0])],
        zahlenformat=PUNKTE,
        legende=False,
        achse_maximum=100,
        beschriftung_groesse=12,
    )
    beschriftung(
        neu,
        [
            f"Basis: {daten.rangliste_basis}, vollständig bewertet; Gesamtwert = Summe der gewichteten Bereichswerte. "
            f"Stand: heute ({format_date(daten.heute)}); die Rangliste hat keinen Stichtag.",
            "Quelle: OZG-Scorecard im OZG-Portal (Priorisierung).",
        ],
    )


def _monitor(praesentation, daten: FoliensatzDaten, nummer: int) -> None:
    monitor = daten.monitor
    neu = folie(
        praesentation,
        "Wiesbaden neben dem Hessischen OZG-Monitor",
        untertitel="Anteil online verfügbar je Kalenderwoche: Hessen (OZG-Monitor) und Wiesbaden (OZG-Portal)",
        nummer=nummer,
    )
    if not monitor.wochen:
        textfeld(
            neu,
            _ganz(),
            [
                Absatz(
                    f"Für die Wochen bis zum {format_date(daten.stichtag)} sind keine Werte des Hessischen "
                    f"OZG-Monitors "
                    "erfasst.",
                    18,
                )
            ],
            name="Kein OZG-Monitor",
        )
    else:
        wochen = monitor.wochen
        balken(
            neu,
            name="OZG-Monitor und Wiesbaden",
            position=_ganz(0.0, 0.58),
            kategorien=[w.bezeichnung for w in wochen],
            reihen=[
                Reihe("Hessen: Kommunen", [w.kommunen.anteil if w.kommunen else None for w in wochen], farbe=COLORS[1]),
                Reihe("Hessen: Landesbehörden", [w.land.anteil if w.land else None for w in wochen], farbe=COLORS[2]),
                Reihe("Wiesbaden", [w.wiesbaden.anteil for w in wochen], farbe=COLORS[0]),
            ],
            zahlenformat=PROZENT,
            liegend=False,
            achse_maximum=1,
        )
        letzte = wochen[-1]
        absaetze = [Absatz(f"Hessischer OZG-Monitor, {letzte.bezeichnung}", 16, fett=True)]
        if letzte.hessen:
            h = letzte.hessen
            absaetze.append(
                Absatz(
                    f"{format_number(h.online)} online verfügbar ({format_percent(h.anteil)}), "
                    f"{format_number(h.noch_umzusetzen)} noch umzusetzen ({format_percent(1 - h.anteil)}) "
                    f"von {format_number(h.gesamt)} Leistungen",
                    14,
                )
            )
        for name, z in (("Landesbehörden", letzte.land), ("Kommunen", letzte.kommunen)):
            if z:
                absaetze.append(
                    Absatz(
                        f"{name}: {format_number(z.online)} von {format_number(z.gesamt)} online "
                        f"({format_percent(z.anteil)})",
                        14,
                    )
                )
        absaetze += [
            Absatz(""),
            Absatz(f"Wiesbaden, {letzte.wiesbaden.stand}", 16, fett=True),
            Absatz(
                f"{format_number(letzte.wiesbaden.online)} von {format_number(letzte.wiesbaden.gesamt)} Leistungen "
                f"online "
                f"({format_percent(letzte.wiesbaden.anteil)})",
                14,
            ),
        ]
        textfeld(neu, _ganz(0.62, 0.38), absaetze, name="Zahlen der letzten Woche")
    beschriftung(
        neu,
        [
            "Hessen: Hessischer OZG-Monitor (OZG-Leistungen mit Online-Antrag bei Landesbehörden und Kommunen; "
            "wochenaktuell, von Amt 15 übernommen). Wiesbaden: "
            + (monitor.wiesbaden_basis or daten.stand.basis.beschreibung)
            + ", Stand am Ende der jeweiligen Woche. Beide zählen Verschiedenes und sind nur als Richtung "
            "vergleichbar.",
            f"Stichtag {format_date(daten.stichtag)}. Quellen: Hessischer OZG-Monitor; OZG-Portal der Landeshauptstadt "
            "Wiesbaden.",
        ],
    )


FOLIEN = (_trichter, _status, _aemter, _wochen, _efa, _fallzahlen, _scorecard, _monitor)


def foliensatz_erstellen(daten: FoliensatzDaten) -> bytes:
    """The Foliensatz as the bytes of a .pptx file (16:9)."""
    praesentation = neue_praesentation()
    praesentation.core_properties.title = (
        f"OZG-Umsetzungsstand der Landeshauptstadt Wiesbaden, Stand {format_date(daten.stichtag)}"
    )
    praesentation.core_properties.author = "OZG-Portal (Amt 15)"
    _titelfolie(praesentation, daten)
    for nummer, baue in enumerate(FOLIEN, start=2):
        baue(praesentation, daten, nummer)
    ausgabe = io.BytesIO()
    praesentation.save(ausgabe)
    return ausgabe.getvalue()
