"""The demo loader rates about 300 of Wiesbaden's services, every open one but a few, some incomplete."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import StatusBedeutung
from scorecard.demo import ANZAHL, UNBEWERTET, UNVOLLSTAENDIG
from scorecard.models import Bewertung
from scorecard.selectors import rangliste

pytestmark = pytest.mark.django_db


def test_the_demo_rates_300_services_and_the_ranking_shows_complete_and_incomplete_ones():
    out = StringIO()
    call_command("load_demo_data", stdout=out)

    rated = Bewertung.objects.values("leistung").distinct()
    assert rated.count() == ANZAHL
    assert not Bewertung.objects.exclude(leistung__von_wiesbaden_umzusetzen=True).exists()
    assert not Bewertung.objects.filter(leistung__status__bedeutung=StatusBedeutung.AUSSER_BETRACHT).exists()
    assert f"Scorecard: {ANZAHL} Leistungen bewertet, davon {UNVOLLSTAENDIG} unvollständig." in out.getvalue()

    daten = rangliste()
    incomplete = [z for z in daten.zeilen if not z.ergebnis.vollstaendig]
    unrated = [z for z in incomplete if z.ergebnis.beantwortet == 0]
    assert len(unrated) == UNBEWERTET
    assert len(incomplete) == UNBEWERTET + UNVOLLSTAENDIG
    assert daten.anzahl_vollstaendig_basis == daten.anzahl_basis - UNBEWERTET - UNVOLLSTAENDIG > 100
    assert daten.zeilen[0].rang == 1 and daten.zeilen[-1].rang is None
