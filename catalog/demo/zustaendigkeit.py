"""Who carries out a service of the OZG catalogue 2019 in the demo: an Amt of the city, or another body.

The mapping is data, documented line by line in ``fixtures/demo-zustaendigkeit.csv``: by the subject of the service
(Themenfeld / Lebenslage, then its OZG-Leistung (Bündel), then its LeiKa Leistungsobjekt, the most specific line
winning). Services the Bund regulates and carries out itself (LeiKa-Typ 1) are the Bund's wherever they stand.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from catalog.models import Vollzugsebene

ANDERE = {
    # who (zustaendig) → the Vollzugsebene the portal records
    "Kommune": Vollzugsebene.KOMMUNE,  # a municipal body, but not an Amt of Wiesbaden (e.g. LWV Hessen)
    "Land": Vollzugsebene.LAND,
    "Justiz": Vollzugsebene.LAND,
    "Kammer": Vollzugsebene.LAND,
    "Bund": Vollzugsebene.BUND,
    "Sozialversicherung": Vollzugsebene.BUND,
    "Dritte": "",  # no authority: doctors, experts, network operators
}
NUR_BUND = {"1", "1, 2"}  # LeiKa-Typ: the Bund regulates and carries out


@dataclass(frozen=True)
class Zustaendigkeit:
    """An Amt's number (then Wiesbaden carries the service out), or another body (``amt`` None)."""

    amt: int | None
    stelle: str
    vollzugsebene: str
    erlaeuterung: str

    @property
    def wiesbaden(self) -> bool:
        return self.amt is not None


class Zustaendigkeiten:
    """The mapping read from the fixture; :meth:`fuer` answers for one LeiKa row."""

    def __init__(self, pfad: Path):
        self.lebenslage: dict[str, Zustaendigkeit] = {}
        self.buendel: dict[str, Zustaendigkeit] = {}
        self.leistung: dict[str, Zustaendigkeit] = {}
        with open(pfad, encoding="utf-8", newline="") as handle:
            zeilen = (line for line in handle if not line.startswith("#"))
            for row in csv.DictReader(zeilen, delimiter=";"):
                ziel = {"lebenslage": self.lebenslage, "buendel": self.buendel, "leistung": self.leistung}[row["ebene"]]
                ziel[row["schluessel"]] = self._lies(row["zustaendig"], row["erlaeuterung"])

    @staticmethod
    def _lies(text: str, erlaeuterung: str) -> Zustaendigkeit:
        if text.isdigit():
            return Zustaendigkeit(int(text), f"Amt {text}", Vollzugsebene.KOMMUNE, erlaeuterung)
        if text not in ANDERE:
            raise ValueError(f"Unbekannte Zuständigkeit „{text}“ in der Demo-Zuordnung.")
        return Zustaendigkeit(None, text, ANDERE[text], erlaeuterung)

    def fuer(self, *, schluessel: str, leika_typ: str, themenfeld: str, lebenslage: str, ozg_id: str) -> Zustaendigkeit:
        if leika_typ.strip() in NUR_BUND:
            return Zustaendigkeit(None, "Bund", Vollzugsebene.BUND, "LeiKa-Typ 1: der Bund regelt und vollzieht")
        for laenge in range(len(schluessel), 4, -1):
            if treffer := self.leistung.get(schluessel[:laenge]):
                return treffer
        if treffer := self.buendel.get(ozg_id):
            return treffer
        try:
            return self.lebenslage[f"{themenfeld} / {lebenslage}"]
        except KeyError:
            raise ValueError(f"Die Lebenslage „{themenfeld} / {lebenslage}“ fehlt in der Demo-Zuordnung.") from None
