"""The funnel: Hessian catalogue → assigned to the Kommunen → von Wiesbaden umzusetzen.

Counted in OZG-Leistungsbündel and in LeiKa-Leistungen, from the catalogue as it is now (the deck: 430/5,019 →
210/607 → 176/512). The catalogue level counts every Bündel of the catalogue, also those without a Leistung
the portal tracks; the lower levels count the Bündel that hold at least one Leistung of the level. The first level
is named after the catalogue that is loaded (:class:`~catalog.models.Katalog`; the demo's is the OZG catalogue
2019, not Hessen's). The last level counts every status, also "außer Betracht" (e.g. „Nicht relevant“), which the
status figures leave out (``Basis.WIESBADEN``); it says how many of those it holds, so that a page can say why its
count is larger than the status figures'.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q

from catalog.models import KATALOG_VORGABE, Katalog, Leistung, Leistungsbuendel, StatusBedeutung, Vollzugsebene
from toolkit.formatting import format_date, format_number

from .basis import Basis


@dataclass(frozen=True)
class TrichterStufe:
    basis: Basis
    bezeichnung: str
    beschreibung: str
    leistungsbuendel: int
    leistungen: int
    ausser_betracht: int = 0  # of ``leistungen``: with a status meaning "außer Betracht" now (last level only)
    ausser_status: str = ""  # their status in words: "„Nicht relevant“" (or "„außer Betracht“" for several)

    @property
    def ausser_betracht_text(self) -> str:
        """ "34 Leistungen mit Status „Nicht relevant“" (empty without any)."""
        if not self.ausser_betracht:
            return ""
        wort = "Leistung" if self.ausser_betracht == 1 else "Leistungen"
        return f"{format_number(self.ausser_betracht)} {wort} mit Status {self.ausser_status}"


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
    ausser = wiesbaden & Q(status__bedeutung=StatusBedeutung.AUSSER_BETRACHT)
    zahlen = Leistung.objects.order_by().aggregate(
        katalog_l=Count("pk"),
        kommune_l=Count("pk", filter=kommune),
        kommune_b=Count("buendel", filter=kommune, distinct=True),
        wiesbaden_l=Count("pk", filter=wiesbaden),
        wiesbaden_b=Count("buendel", filter=wiesbaden, distinct=True),
        ausser_l=Count("pk", filter=ausser),
        ausser_erster=Min("status__bezeichnung", filter=ausser),
        ausser_letzter=Max("status__bezeichnung", filter=ausser),
    )
    if zahlen["ausser_erster"] == zahlen["ausser_letzter"]:
        ausser_status = f"„{zahlen['ausser_erster']}“" if zahlen["ausser_erster"] else ""
    else:  # several statuses mean "außer Betracht": their common meaning
        ausser_status = f"„{StatusBedeutung.AUSSER_BETRACHT.label}“"
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
            ausser_betracht=zahlen["ausser_l"],
            ausser_status=ausser_status,
        ),
    ]
