"""The funnel: Hessian catalogue → assigned to the Kommunen → von Wiesbaden umzusetzen.

Counted in OZG-Leistungsbündel and in LeiKa-Leistungen, from the catalogue as it is now (the deck: 430/5,019 →
210/607 → 176/512). The catalogue level counts every Bündel of the catalogue, also those without a Leistung
the portal tracks; the lower levels count the Bündel that hold at least one Leistung of the level. The first level
is named after the catalogue that is loaded (:class:`~catalog.models.Katalog`; the demo's is the OZG catalogue
2019, not Hessen's).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from catalog.models import KATALOG_VORGABE, Katalog, Leistung, Leistungsbuendel, Vollzugsebene
from toolkit.formatting import format_date

from .basis import Basis


@dataclass(frozen=True)
class TrichterStufe:
    basis: Basis
    bezeichnung: str
    beschreibung: str
    leistungsbuendel: int
    leistungen: int


def katalog_bezeichnung() -> tuple[str, str]:
    """The loaded catalogue's name and a sentence on it (source, Stand); one query."""
    katalog = Katalog.objects.order_by("pk").first()
    if katalog is None:
        return KATALOG_VORGABE, "alle OZG-Leistungsbündel und LeiKa-Leistungen des Katalogs"
    teile = [f"alle OZG-Leistungsbündel und LeiKa-Leistungen des Katalogs „{katalog.bezeichnung}“"]
    if katalog.stand:
        teile.append(f"Stand {format_date(katalog.stand)}")
    if katalog.quelle:
        teile.append(f"Quelle: {katalog.quelle}")
    return katalog.bezeichnung, ", ".join(teile)


def trichter() -> list[TrichterStufe]:
    """The three levels of the funnel, widest first. Three queries."""
    katalog_name, katalog_text = katalog_bezeichnung()
    kommune = Q(vollzugsebene=Vollzugsebene.KOMMUNE)
    wiesbaden = Q(von_wiesbaden_umzusetzen=True)
    zahlen = Leistung.objects.order_by().aggregate(
        katalog_l=Count("pk"),
        kommune_l=Count("pk", filter=kommune),
        kommune_b=Count("buendel", filter=kommune, distinct=True),
        wiesbaden_l=Count("pk", filter=wiesbaden),
        wiesbaden_b=Count("buendel", filter=wiesbaden, distinct=True),
    )
    return [
        TrichterStufe(
            basis=Basis.KATALOG,
            bezeichnung=katalog_name,
            beschreibung=katalog_text,
            leistungsbuendel=Leistungsbuendel.objects.count(),
            leistungen=zahlen["katalog_l"],
        ),
        TrichterStufe(
            basis=Basis.KOMMUNE,
            bezeichnung="den Kommunen zugeordnet",
            beschreibung="LeiKa-Leistungen mit Vollzug durch die Kommunen und ihre Leistungsbündel",
            leistungsbuendel=zahlen["kommune_b"],
            leistungen=zahlen["kommune_l"],
        ),
        TrichterStufe(
            basis=Basis.WIESBADEN,
            bezeichnung="von Wiesbaden umzusetzen",
            beschreibung="LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (jeder Status), und ihre Leistungsbündel",
            leistungsbuendel=zahlen["wiesbaden_b"],
            leistungen=zahlen["wiesbaden_l"],
        ),
    ]
