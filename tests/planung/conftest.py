"""Fixtures for the implementation plan: services rated into a known scorecard order, and a quarter helper."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.services import leistung_status_setzen
from planung.quartal import Quartal
from tests.scorecard.conftest import BEISPIEL, BESTE, NUR_KOMPLEXITAET, NUR_RELEVANZ, SCHLECHTESTE, Scorecard

# totals with the seeded weights: 100, 71.7, 50, 30, 0
RANGFOLGE = [BESTE, BEISPIEL, NUR_RELEVANZ, NUR_KOMPLEXITAET, SCHLECHTESTE]


@pytest.fixture
def scorecard(db):
    return Scorecard()


@pytest.fixture
def laufend():
    """The quarter of today: where every plan starts."""
    return Quartal.von_datum(timezone.localdate())


@pytest.fixture
def rangfolge(scorecard, make_leistung, amt33, amt51, statuses):
    """Five open services in scorecard order A (100), B (71,7, Amt 51), C (50), D (30, Digitalisierungsfabrik),
    E (0); all waiting since 04.01.2021 except D."""
    leistungen = []
    for index, labels in enumerate(RANGFOLGE):
        leistung = make_leistung(bezeichnung=f"Leistung {'ABCDE'[index]}", amt=amt51 if index == 1 else amt33)
        status = statuses["Digitalisierungsfabrik"] if index == 3 else statuses["Wartend"]
        leistung_status_setzen(leistung=leistung, status=status, gueltig_ab=dt.date(2021, 1, 4))
        scorecard.bewerte(leistung, labels)
        leistungen.append(leistung)
    return leistungen
