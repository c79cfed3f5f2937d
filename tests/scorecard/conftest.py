"""Scorecard fixtures: the seeded criteria by name, and a helper that rates Leistungen by option labels."""

import pytest

from scorecard.models import Bewertung, Kriterium
from scorecard.services import Antwort, leistung_bewerten

# The seeded criteria (scorecard/migrations/0002_seed_scorecard.py), by area.
ERLEICHTERUNG = "Grad der Erleichterung"
WICHTIGKEIT = "Gesellschaftspolitische Wichtigkeit"
MEDIENKOMPETENZ = "Medienkompetenz der Zielgruppe"
MEDIENBRUCH = "Medienbruchfreie Bearbeitung realisierbar?"
ENTLASTUNG = "Grad der Entlastung des Fachbereichs"
AUFWAND = "Technischer Aufwand"
NACHNUTZUNG = "Nachnutzbare Lösung verfügbar"
HUERDEN = "Rechtliche und organisatorische Hürden"

# docs/DOMAENE.md's worked example: Relevanz hoch/hoch/mittel = 15 of 18; Fachbereich 8 of 8 and hoch 6 of 6;
# Komplexität 2 of 6. Total 71.7.
BEISPIEL = {
    ERLEICHTERUNG: "hoch",
    WICHTIGKEIT: "hoch",
    MEDIENKOMPETENZ: "mittel",
    MEDIENBRUCH: "mit vorhandenen Tools",
    ENTLASTUNG: "hoch",
    AUFWAND: "mittel",
    NACHNUTZUNG: "in Entwicklung",
    HUERDEN: "erhebliche",
}
BESTE = {
    ERLEICHTERUNG: "hoch",
    WICHTIGKEIT: "hoch",
    MEDIENKOMPETENZ: "hoch",
    MEDIENBRUCH: "mit vorhandenen Tools",
    ENTLASTUNG: "hoch",
    AUFWAND: "gering",
    NACHNUTZUNG: "ja, einsatzbereit",
    HUERDEN: "keine",
}
SCHLECHTESTE = {
    ERLEICHTERUNG: "niedrig",
    WICHTIGKEIT: "niedrig",
    MEDIENKOMPETENZ: "niedrig",
    MEDIENBRUCH: "nein",
    ENTLASTUNG: "niedrig",
    AUFWAND: "hoch",
    NACHNUTZUNG: "nein",
    HUERDEN: "erhebliche",
}
# Only Relevanz für Bürger at its best: 50 with the seeded weights 50/20/30.
NUR_RELEVANZ = {**SCHLECHTESTE, ERLEICHTERUNG: "hoch", WICHTIGKEIT: "hoch", MEDIENKOMPETENZ: "hoch"}
# Only Umsetzungskomplexität at its best: 30 with the seeded weights.
NUR_KOMPLEXITAET = {**SCHLECHTESTE, AUFWAND: "gering", NACHNUTZUNG: "ja, einsatzbereit", HUERDEN: "keine"}


class Scorecard:
    """The seeded scorecard, with helpers to rate by criterion name and option label."""

    def __init__(self):
        self.kriterien = {k.name: k for k in Kriterium.objects.prefetch_related("optionen").select_related("bereich")}

    def option(self, kriterium: str, bezeichnung: str):
        return next(o for o in self.kriterien[kriterium].optionen.all() if o.bezeichnung == bezeichnung)

    def antworten(self, labels: dict[str, str | None], begruendung: str = "") -> dict:
        return {
            self.kriterien[name]: Antwort(
                option=None if label is None else self.option(name, label), begruendung=begruendung
            )
            for name, label in labels.items()
        }

    def bewerte(self, leistung, labels: dict[str, str | None], *, user=None, begruendung: str = ""):
        return leistung_bewerten(leistung=leistung, antworten=self.antworten(labels, begruendung), user=user)

    def bulk_bewerte(self, leistungen, labels: dict[str, str]):
        """Fast set-up for size tests: ratings without history (test data only)."""
        Bewertung.objects.bulk_create(
            Bewertung(leistung=leistung, kriterium=self.kriterien[name], option=self.option(name, label))
            for leistung in leistungen
            for name, label in labels.items()
        )


@pytest.fixture
def scorecard(db):
    return Scorecard()
