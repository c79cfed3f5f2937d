"""The catalogue's data: master data, Leistungsbündel and Leistungen, status history, Erhebungen."""

from .erhebung import Erhebung, ErhebungsEintrag
from .leistung import Anmeldung, Bundesland, Leistung, Leistungsbuendel, OnlinePlattform, Vollzugsebene
from .stammdaten import Amt, Benutzerprofil, Lebenslage, Reifegrad, Ressort, Status, StatusBedeutung, Themenfeld
from .status_aenderung import StatusAenderung

__all__ = [
    "Amt",
    "Anmeldung",
    "Benutzerprofil",
    "Bundesland",
    "Erhebung",
    "ErhebungsEintrag",
    "Lebenslage",
    "Leistung",
    "Leistungsbuendel",
    "OnlinePlattform",
    "Reifegrad",
    "Ressort",
    "Status",
    "StatusAenderung",
    "StatusBedeutung",
    "Themenfeld",
    "Vollzugsebene",
]
