"""The funnel: Hessian catalogue → assigned to the Kommunen → von Wiesbaden umzusetzen.

Counted in OZG-Leistungsbündel and in LeiKa-Leistungen, from the catalogue as it is now (the deck: 430/5,019 →
210/607 → 176/512). The catalogue level counts every Bündel of the catalogue, also those without a Leistung
the portal tracks; the lower levels count the Bündel that hold at least one Leistung of the level.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from catalog.models import Leistung, Leistungsbuendel, Vollzugsebene

from .basis import Basis


@dataclass(frozen=True)
class TrichterStufe:
    basis: Basis
    bezeichnung: str
    beschreibung: str
    leistungsbuendel: int
    leistungen: int


def trichter() -> list[TrichterStufe]:
    """The three levels of the funnel, widest first. Two queries."""
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
            bezeichnung="Hessischer OZG-Katalog",
            beschreibung="alle OZG-Leistungsbündel und LeiKa-Leistungen des Katalogs",
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
