"""Builds the demo catalogue: Themenfelder, Lebenslagen, Bündel, Leistungen, Ämter, Ressorts and their facts.

From the real OZG catalogue 2019 (``fixtures/ozg-katalog-2019``): all 557 OZG-Leistungen (Bündel) and, of their
LeiKa-Leistungen, the Leistungsobjekte (the keys ending in 000 000, as the deck's list of Wiesbaden's Leistungen
shows them, e.g. 99.115.001.000.000 Adressbuchsperre); the Verrichtungen of an object (Ausstellung, Verlängerung
…) are not tracked on their own. Who carries out each Leistung follows its subject through the documented mapping
``fixtures/demo-zustaendigkeit.csv`` (:mod:`catalog.demo.zustaendigkeit`): a Leistung of an Amt of the city is "von
Wiesbaden umzusetzen"; one of another municipal body (e.g. the Landeswohlfahrtsverband Hessen) is assigned to the
Kommunen only; the rest belong to Land, Bund and others. The funnel's first step names this catalogue, so that
nobody takes it for Hessen's (the deck: 430 Bündel / 5,019 Leistungen).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from catalog.demo.fallzahlen import BUNDESWEIT, WIESBADEN
from catalog.demo.zustaendigkeit import Zustaendigkeit, Zustaendigkeiten
from catalog.keys import InvalidKey, normalize_key
from catalog.models import (
    Amt,
    Katalog,
    Lebenslage,
    Leistung,
    Leistungsbuendel,
    Ressort,
    Themenfeld,
    Vollzugsebene,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
KATALOG_DIR = FIXTURES / "ozg-katalog-2019"
ZUSTAENDIGKEIT = FIXTURES / "demo-zustaendigkeit.csv"
KATALOG_NAME = "OZG-Katalog 2019 (bundesweit, Demodaten)"
KATALOG_QUELLE = (
    "OZG-Datenbank NRW (kdn-nrw/OZG-Datenbank-NRW, MIT-Lizenz), Stand Ende 2019; je Leistungsobjekt eine LeiKa-Leistung"
)
OHNE_BUENDEL = Zustaendigkeit(None, "Land", Vollzugsebene.LAND, "ohne OZG-Leistung: Polizei und Finanzamt")

RESSORTS = {
    "HMdI": "Hessisches Ministerium des Innern und für Sport",
    "HMSI": "Hessisches Ministerium für Soziales und Integration",
    "HMWEVW": "Hessisches Ministerium für Wirtschaft, Energie, Verkehr und Wohnen",
    "HMdF": "Hessisches Ministerium der Finanzen",
    "HKM": "Hessisches Kultusministerium",
    "HMWK": "Hessisches Ministerium für Wissenschaft und Kunst",
    "HMUKLV": "Hessisches Ministerium für Umwelt, Klimaschutz, Landwirtschaft und Verbraucherschutz",
    "HMdJ": "Hessisches Ministerium der Justiz",
    "HStK": "Hessische Staatskanzlei",
}
RESSORT_NACH_THEMENFELD = {
    "Arbeit & Ruhestand": "HMSI",
    "Bauen & Wohnen": "HMWEVW",
    "Bildung": "HKM",
    "Ein- & Auswanderung": "HMdI",
    "Engagement & Hobby": "HMdI",
    "Familie & Kind": "HMSI",
    "Forschung & Förderung": "HMWK",
    "Gesundheit": "HMSI",
    "Mobilität & Reisen": "HMWEVW",
    "Querschnitt": "HStK",
    "Recht & Ordnung": "HMdJ",
    "Steuern & Zoll": "HMdF",
    "Umwelt": "HMUKLV",
    "Unternehmensführung & -entwicklung": "HMWEVW",
}
EFA_LAENDER = ["HE", "BY", "NW", "HH", "BE", "SH", "BW", "NI", "SN", "RP", "BB", "MV", "ST", "TH", "SL", "HB"]


@dataclass
class DemoKatalog:
    """What the builder made, for the status histories that follow."""

    wiesbaden: list[Leistung] = field(default_factory=list)
    kommune_sonst: list[Leistung] = field(default_factory=list)


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(KATALOG_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ist_leistungsobjekt(schluessel: str) -> bool:
    """A LeiKa key without Verrichtung (its last six digits 000 000): the Leistung as the deck lists it."""
    return schluessel.endswith("000000")


def build_catalogue(rng: random.Random) -> DemoKatalog:
    """Create the demo catalogue in the (empty) database and return the Leistungen that get statuses."""
    themenfelder = {t.name: t for t in Themenfeld.objects.all()}
    aemter = _load_aemter()
    ressorts = {
        kurz: Ressort.objects.get_or_create(name=name, defaults={"kurzname": kurz})[0]
        for kurz, name in RESSORTS.items()
    }
    zustaendigkeiten = Zustaendigkeiten(ZUSTAENDIGKEIT)

    buendel_rows = {row["ozg_id"]: row for row in _read_csv("ozg-leistungen.csv")}
    lebenslagen = {}
    for row in buendel_rows.values():
        key = (row["themenfeld"], row["lebenslage"])
        if key not in lebenslagen:
            lebenslagen[key] = Lebenslage(name=row["lebenslage"], themenfeld=themenfelder[row["themenfeld"]])
    Lebenslage.objects.bulk_create(lebenslagen.values())

    zeilen = []
    for row in _read_csv("leika-leistungen.csv"):
        try:
            schluessel = normalize_key(row["leika_schluessel"])
        except InvalidKey:
            continue  # "nicht im LeiKa": not a LeiKa-Leistung the portal can track
        if not ist_leistungsobjekt(schluessel):
            continue
        b = buendel_rows.get(row["ozg_id"])
        if b is None:
            z = OHNE_BUENDEL
        else:
            z = zustaendigkeiten.fuer(
                schluessel=schluessel,
                leika_typ=row["leika_typ"],
                themenfeld=b["themenfeld"],
                lebenslage=b["lebenslage"],
                ozg_id=row["ozg_id"],
            )
        zeilen.append((schluessel, row, z))

    buendel = {
        ozg_id: Leistungsbuendel(
            ozg_id=ozg_id,
            name=row["ozg_leistung"],
            themenfeld=themenfelder[row["themenfeld"]],
            lebenslage=lebenslagen[(row["themenfeld"], row["lebenslage"])],
        )
        for ozg_id, row in buendel_rows.items()
    }
    wiesbadens = sorted({row["ozg_id"] for _, row, z in zeilen if z.wiesbaden})
    _mark_efa(rng, [buendel[ozg_id] for ozg_id in wiesbadens])
    bulk_create_with_history(list(buendel.values()), Leistungsbuendel, batch_size=500)
    buendel = {b.ozg_id: b for b in Leistungsbuendel.objects.all()}

    leistungen = []
    for schluessel, row, z in zeilen:
        b = buendel.get(row["ozg_id"])
        themenfeld = b.themenfeld.name if b else "Querschnitt"
        name = row["bezeichnung"][:500]
        leistung = Leistung(
            leika_schluessel=schluessel,
            bezeichnung=name,
            buendel=b,
            leika_typ=row["leika_typ"],
            ressort=ressorts[RESSORT_NACH_THEMENFELD[themenfeld]]
            if z.vollzugsebene in (Vollzugsebene.LAND, Vollzugsebene.KOMMUNE)
            else None,
            vollzugsebene=z.vollzugsebene,
            von_wiesbaden_umzusetzen=z.wiesbaden,
            amt=aemter[z.amt] if z.wiesbaden else None,
            rechtsgrundlage=row["rechtsgrundlage"],
        )
        if z.wiesbaden:
            leistung.antraege_pro_jahr = WIESBADEN.get(name)
        if BUNDESWEIT.get(row["ozg_id"], ("",))[0] == name:
            leistung.antraege_bundesweit = BUNDESWEIT[row["ozg_id"]][1]
        leistungen.append(leistung)
    _fallzahlen_pruefen(leistungen)
    bulk_create_with_history(leistungen, Leistung, batch_size=500)
    Katalog.objects.create(bezeichnung=KATALOG_NAME, stand=dt.date(2019, 12, 31), quelle=KATALOG_QUELLE)

    nach_schluessel = {
        leistung.leika_schluessel: leistung for leistung in Leistung.objects.order_by("leika_schluessel")
    }
    return DemoKatalog(
        wiesbaden=[nach_schluessel[s] for s, _, z in zeilen if z.wiesbaden],
        kommune_sonst=[nach_schluessel[s] for s, _, z in zeilen if not z.wiesbaden and z.stelle == "Kommune"],
    )


def _fallzahlen_pruefen(leistungen: list[Leistung]) -> None:
    """Every Fallzahl of the demo lands where it is meant to: own figures on the city's Leistungen."""
    eigene = {le.bezeichnung for le in leistungen if le.antraege_pro_jahr is not None}
    bundesweit = sum(1 for le in leistungen if le.antraege_bundesweit is not None)
    fehlend = set(WIESBADEN) - eigene
    if fehlend or bundesweit != len(BUNDESWEIT):
        raise ValueError(f"Demo-Fallzahlen ohne passende Leistung: {sorted(fehlend)}, bundesweit {bundesweit}.")


def _load_aemter() -> dict[int, Amt]:
    aemter = {}
    with open(FIXTURES / "demo-aemter.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            amt, _ = Amt.objects.update_or_create(
                nummer=int(row["nummer"]), defaults={"name": row["name"], "kurzname": row["kurzname"]}
            )
            aemter[amt.nummer] = amt
    return aemter


def _mark_efa(rng: random.Random, wiesbaden_buendel: list[Leistungsbuendel]) -> None:
    """About 35 OZG-Booster Bündel (IT-PLR 2022/20) and some more EfA services, with implementing Land."""
    chosen = sorted(wiesbaden_buendel, key=lambda b: b.ozg_id)
    rng.shuffle(chosen)
    for index, b in enumerate(chosen[:75]):
        b.efa = True
        b.umsetzendes_land = EFA_LAENDER[index % len(EFA_LAENDER)]
        b.nachnutzbar_ab = dt.date(2022, 6, 30) + dt.timedelta(days=30 * (index % 8))
        if index < 35:
            b.ozg_booster = True
            b.rollout_frist = dt.date(2022, 12, 31)
        else:
            b.rollout_frist = dt.date(2023, 12, 31) + dt.timedelta(days=91 * (index % 4))
