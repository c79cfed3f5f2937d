"""What the list pages' exports write: the rows of a queryset as a header and data rows (plain values).

The Leistung export writes the columns the catalogue importer reads (labels and order of
:data:`catalog.importing.katalog.KATALOG_SPALTEN`), so a filtered list taken to Excel can be imported again
unchanged. The LeiKa key is written as text, grouped with dots.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from catalog.keys import format_key
from catalog.models import Leistung, Leistungsbuendel
from dashboard.listview import ExportTabelle

SCHLUESSEL = "LeiKa-Schlüssel"


def _leistung_werte(leistung: Leistung) -> dict[str, object]:
    """Each importer column's value for one Leistung, by the importer's column key."""
    buendel = leistung.buendel
    return {
        "leika_schluessel": format_key(leistung.leika_schluessel),
        "vorlaeufig": leistung.vorlaeufig,
        "bezeichnung": leistung.bezeichnung,
        "ozg_id": buendel.ozg_id if buendel else None,
        "buendel_name": buendel.name if buendel else None,
        "themenfeld": buendel.themenfeld.name if buendel and buendel.themenfeld else None,
        "lebenslage": buendel.lebenslage.name if buendel and buendel.lebenslage else None,
        "leika_typ": leistung.leika_typ,
        "ressort": leistung.ressort.name if leistung.ressort else None,
        "vollzugsebene": leistung.get_vollzugsebene_display() if leistung.vollzugsebene else None,
        "von_wiesbaden_umzusetzen": leistung.von_wiesbaden_umzusetzen,
        "amt": leistung.amt.nummer if leistung.amt else None,
        "status": leistung.status.bezeichnung if leistung.status else None,
        "zusaetzliche_informationen": leistung.zusaetzliche_informationen,
        "antraege_pro_jahr": leistung.antraege_pro_jahr,
        "antraege_bundesweit": leistung.antraege_bundesweit,
        "reifegrad": leistung.reifegrad.stufe if leistung.reifegrad else None,
        "efa": buendel.efa if buendel else None,
        "ozg_booster": buendel.ozg_booster if buendel else None,
        "umsetzendes_land": buendel.get_umsetzendes_land_display() if buendel and buendel.umsetzendes_land else None,
        "nachnutzbar_ab": buendel.nachnutzbar_ab if buendel else None,
        "rollout_frist": buendel.rollout_frist if buendel else None,
        "online_dienst_url": leistung.online_dienst_url,
        "online_plattform": leistung.get_online_plattform_display() if leistung.online_plattform else None,
        "anmeldung": leistung.get_anmeldung_display() if leistung.anmeldung else None,
        "rechtsgrundlage": leistung.rechtsgrundlage,
        "nicht_mehr_im_katalog_seit": leistung.nicht_mehr_im_katalog_seit,
    }


def leistungen_export(queryset: QuerySet[Leistung]) -> ExportTabelle:
    """The Leistungen of ``queryset`` (its order kept) in the importer's columns; rows are read lazily."""
    from catalog.importing.katalog import KATALOG_SPALTEN

    spalten = list(KATALOG_SPALTEN)
    queryset = queryset.select_related(
        "buendel__themenfeld", "buendel__lebenslage", "ressort", "amt", "status", "reifegrad"
    )

    def zeilen() -> Iterator[list]:
        for leistung in queryset.iterator(chunk_size=2000):
            werte = _leistung_werte(leistung)
            yield [werte.get(spalte.key) for spalte in spalten]

    return ExportTabelle(kopf=[spalte.label for spalte in spalten], zeilen=zeilen(), text_spalten=[SCHLUESSEL])


def efa_export(queryset: QuerySet[Leistungsbuendel]) -> ExportTabelle:
    """EfA Bündel with their facts and Wiesbaden's progress (annotated by :func:`catalog.selectors.efa_buendel`)."""
    kopf = [
        "OZG-ID",
        "OZG-Leistung",
        "Themenfeld",
        "OZG-Booster",
        "umsetzendes Land",
        "nachnutzbar ab",
        "Rollout-Frist",
        "Leistungen für Wiesbaden",
        "davon online",
        "Rollout-Frist überschritten",
    ]

    def zeilen() -> Iterator[list]:
        for b in queryset.iterator(chunk_size=2000):
            yield [
                b.ozg_id,
                b.name,
                b.themenfeld.name if b.themenfeld else None,
                b.ozg_booster,
                b.get_umsetzendes_land_display() if b.umsetzendes_land else None,
                b.nachnutzbar_ab,
                b.rollout_frist,
                b.umzusetzen,
                b.erledigt,
                b.ueberfaellig,
            ]

    return ExportTabelle(kopf=kopf, zeilen=zeilen(), text_spalten=["OZG-ID"])
