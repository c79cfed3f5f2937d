"""Builds the demo catalogue: Themenfelder, Lebenslagen, Bündel, Leistungen, Ämter, Ressorts and their facts.

Of the real catalogue's Leistungen with a valid key, exactly 607 in 210 Bündel are assigned to the Kommunen and
512 in 176 Bündel are "von Wiesbaden umzusetzen", as in the deck.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from catalog.keys import InvalidKey, normalize_key
from catalog.models import Amt, Lebenslage, Leistung, Leistungsbuendel, Ressort, Themenfeld, Vollzugsebene

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
KATALOG_DIR = FIXTURES / "ozg-katalog-2019"

KOMMUNEN_BUENDEL, KOMMUNEN_LEISTUNGEN = 210, 607
WIESBADEN_BUENDEL, WIESBADEN_LEISTUNGEN = 176, 512

# The deck's ten services with the most applications a year (national scale), by OZG-ID.
TOP_FALLZAHLEN = {
    "10559": 2_400_000,  # Meldebescheinigung und -registerauskunft
    "10557": 2_100_000,  # Geburtsurkunde und -bescheinigung
    "10188": 1_900_000,  # Apothekennotdienst
    "10175": 1_700_000,  # Krisenvorsorgeliste ELEFAND
    "10110": 1_600_000,  # Abfallentsorgung
    "10082": 1_500_000,  # Arbeitslosengeld II
    "10073": 1_400_000,  # Arbeitslosengeld
    "10060": 1_300_000,  # Hochschulzulassung, -studium, -prüfung und -zeugnis
    "10056": 1_200_000,  # Ausbildungsförderung (BAföG)
    "10005": 1_100_000,  # Kindergeld
}
# The LeiKa-Leistung of each of those Bündel that carries the figure (the one a citizen applies for).
TOP_LEISTUNG = {
    "10559": "Melderegisterauskunft Erteilung",
    "10557": "Geburtsurkunde Ausstellung",
    "10188": "Apothekennotdienst",
    "10175": "Krisenvorsorgeliste",
    "10110": "Sperrmüll Entsorgung durch Abholung",
    "10082": "Arbeitslosengeld II Bewilligung",
    "10073": "Arbeitslosengeld Bewilligung",
    "10060": "ausländische Studienbewerber Zulassung",
    "10056": "Ausbildungsförderung Bewilligung für Studierende",
    "10005": "Kindergeld Auszahlung",
}

# Themenfeld -> the Ämter (demo) that usually answer for it, and the Hessian Ressort.
AEMTER_NACH_THEMENFELD = {
    "Arbeit & Ruhestand": (50, 10),
    "Bauen & Wohnen": (63, 80),
    "Bildung": (40, 51),
    "Ein- & Auswanderung": (33, 32),
    "Engagement & Hobby": (32, 10),
    "Familie & Kind": (51, 34),
    "Forschung & Förderung": (80, 40),
    "Gesundheit": (53, 50),
    "Mobilität & Reisen": (36, 33),
    "Querschnitt": (15, 10),
    "Recht & Ordnung": (32, 37),
    "Steuern & Zoll": (20, 80),
    "Umwelt": (67, 37),
    "Unternehmensführung & -entwicklung": (80, 32),
}
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


def _is_kommunal(leika_typ: str) -> bool:
    return "5" in leika_typ or "2/3" in leika_typ


def _allocate(groups: list[list[dict]], total: int) -> list[list[dict]]:
    """Take at least one row from each group and ``total`` rows in all, round-robin over the groups."""
    taken = [[] for _ in groups]
    remaining = total
    depth = 0
    while remaining > 0:
        progressed = False
        for index, rows in enumerate(groups):
            if remaining == 0:
                break
            if depth < len(rows):
                taken[index].append(rows[depth])
                remaining -= 1
                progressed = True
        if not progressed:
            raise ValueError(f"Zu wenige Leistungen für die Demo: {remaining} fehlen.")
        depth += 1
    return taken


def build_catalogue(rng: random.Random) -> DemoKatalog:
    """Create the demo catalogue in the (empty) database and return the Leistungen that get statuses."""
    themenfelder = {t.name: t for t in Themenfeld.objects.all()}
    aemter = _load_aemter()
    ressorts = {
        kurz: Ressort.objects.get_or_create(name=name, defaults={"kurzname": kurz})[0]
        for kurz, name in RESSORTS.items()
    }

    buendel_rows = _read_csv("ozg-leistungen.csv")
    lebenslagen = {}
    for row in buendel_rows:
        key = (row["themenfeld"], row["lebenslage"])
        if key not in lebenslagen:
            lebenslagen[key] = Lebenslage(name=row["lebenslage"], themenfeld=themenfelder[row["themenfeld"]])
    Lebenslage.objects.bulk_create(lebenslagen.values())

    buendel = {}
    for row in buendel_rows:
        buendel[row["ozg_id"]] = Leistungsbuendel(
            ozg_id=row["ozg_id"],
            name=row["ozg_leistung"],
            themenfeld=themenfelder[row["themenfeld"]],
            lebenslage=lebenslagen[(row["themenfeld"], row["lebenslage"])],
        )

    leistung_rows = []
    for row in _read_csv("leika-leistungen.csv"):
        try:
            row["key"] = normalize_key(row["leika_schluessel"])
        except InvalidKey:
            continue  # "nicht im LeiKa": not a LeiKa-Leistung the portal can track
        leistung_rows.append(row)

    # Which Bündel the Kommunen (and Wiesbaden) implement: the deck's top services first, then a fixed shuffle.
    kandidaten: dict[str, list[dict]] = {}
    for row in leistung_rows:
        if row["ozg_id"] in buendel and _is_kommunal(row["leika_typ"]):
            kandidaten.setdefault(row["ozg_id"], []).append(row)
    order = sorted(kandidaten)
    rng.shuffle(order)
    order.sort(key=lambda ozg_id: ozg_id not in TOP_FALLZAHLEN)  # stable: top services first
    w_ids = order[:WIESBADEN_BUENDEL]
    k_ids = order[WIESBADEN_BUENDEL:KOMMUNEN_BUENDEL]
    w_rows = [row for group in _allocate([kandidaten[i] for i in w_ids], WIESBADEN_LEISTUNGEN) for row in group]
    k_rows = [
        row
        for group in _allocate([kandidaten[i] for i in k_ids], KOMMUNEN_LEISTUNGEN - WIESBADEN_LEISTUNGEN)
        for row in group
    ]
    w_keys = {row["key"] for row in w_rows}
    k_keys = {row["key"] for row in k_rows}

    _mark_efa(rng, [buendel[i] for i in w_ids])
    bulk_create_with_history(list(buendel.values()), Leistungsbuendel, batch_size=500)
    buendel = {b.ozg_id: b for b in Leistungsbuendel.objects.all()}

    # The deck's top services: their Fallzahl goes to the named Leistung of the Bündel.
    top_keys = {}
    for row in leistung_rows:
        if TOP_LEISTUNG.get(row["ozg_id"]) == row["bezeichnung"]:
            top_keys.setdefault(row["ozg_id"], row["key"])
    top_keys = {key: TOP_FALLZAHLEN[ozg_id] for ozg_id, key in top_keys.items()}

    leistungen = []
    for row in leistung_rows:
        b = buendel.get(row["ozg_id"])
        themenfeld = b.themenfeld.name if b else "Querschnitt"
        key = row["key"]
        if key in w_keys or key in k_keys:
            ebene = Vollzugsebene.KOMMUNE
        elif row["leika_typ"].startswith("1"):
            ebene = Vollzugsebene.BUND
        else:
            ebene = Vollzugsebene.LAND
        leistung = Leistung(
            leika_schluessel=key,
            bezeichnung=row["bezeichnung"][:500],
            buendel=b,
            leika_typ=row["leika_typ"],
            ressort=ressorts[RESSORT_NACH_THEMENFELD[themenfeld]] if ebene != Vollzugsebene.BUND else None,
            vollzugsebene=ebene,
            von_wiesbaden_umzusetzen=key in w_keys,
            rechtsgrundlage=row["rechtsgrundlage"],
        )
        if ebene == Vollzugsebene.KOMMUNE:
            first, second = AEMTER_NACH_THEMENFELD[themenfeld]
            leistung.amt = aemter[first if int(row["ozg_id"] or 0) % 3 else second]
            leistung.antraege_pro_jahr = int(rng.lognormvariate(6.0, 1.6)) + 5
        if key in top_keys:
            leistung.antraege_pro_jahr = top_keys[key]
        leistungen.append(leistung)
    bulk_create_with_history(leistungen, Leistung, batch_size=500)

    by_key = {leistung.leika_schluessel: leistung for leistung in Leistung.objects.all()}
    return DemoKatalog(
        wiesbaden=[by_key[row["key"]] for row in w_rows],
        kommune_sonst=[by_key[row["key"]] for row in k_rows],
    )


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
