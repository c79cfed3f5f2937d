"""The catalogue's data: master data, Leistungsbündel and Leistungen, status history (and its weekly counts),
Erhebungen."""

from .erhebung import Erhebung, ErhebungsEintrag
from .leistung import Anmeldung, Bundesland, Leistung, Leistungsbuendel, OnlinePlattform, Vollzugsebene
from .quellen import KATALOG_VORGABE, Katalog, MonitorEbene, OzgMonitorWert, wochen_im_jahr
from .stammdaten import (
    KURZNAME_LAENGE,
    Amt,
    Benutzerprofil,
    Lebenslage,
    Reifegrad,
    Ressort,
    Status,
    StatusBedeutung,
    Themenfeld,
    amt_kurzbezeichnung,
)
from .status_aenderung import StatusAenderung
from .statuswechsel_woche import StatuswechselWoche

__all__ = [
    "KATALOG_VORGABE",
    "KURZNAME_LAENGE",
    "Amt",
    "Anmeldung",
    "Benutzerprofil",
    "Bundesland",
    "Erhebung",
    "ErhebungsEintrag",
    "Katalog",
    "Lebenslage",
    "Leistung",
    "Leistungsbuendel",
    "MonitorEbene",
    "OnlinePlattform",
    "OzgMonitorWert",
    "Reifegrad",
    "Ressort",
    "Status",
    "StatusAenderung",
    "StatusBedeutung",
    "StatuswechselWoche",
    "Themenfeld",
    "Vollzugsebene",
    "amt_kurzbezeichnung",
    "wochen_im_jahr",
]
