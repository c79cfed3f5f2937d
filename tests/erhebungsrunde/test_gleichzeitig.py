"""Two people at the same moment, on the real database (threads with connections of their own): only one round is
ever open, a round is closed once, and two Amtsleitungen answering the same Leistung do not both land."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Erhebung
from erhebungsrunde.models import Erhebungsrunde, RundenEintrag
from erhebungsrunde.services import (
    Rueckmeldung,
    RueckmeldungKonflikt,
    erhebungsrunde_abschliessen,
    erhebungsrunde_oeffnen,
    rueckmeldungen_abgeben,
)
from tests.ops.test_gleichzeitig import gleichzeitig

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_rounds_opened_at_the_same_moment_one_opens(katalog):
    heute = timezone.localdate()

    def oeffnen(name):
        return erhebungsrunde_oeffnen(name=name, stichtag=heute, frist=heute + dt.timedelta(days=3))

    ergebnisse = gleichzeitig([lambda: oeffnen("Runde A"), lambda: oeffnen("Runde B")])

    offen = list(Erhebungsrunde.objects.filter(offen=True))
    assert len(offen) == 1 == Erhebungsrunde.objects.count()
    fehler = [e for e in ergebnisse if isinstance(e, ValidationError)]
    assert len(fehler) == 1 and "es kann nur eine Runde offen sein" in " ".join(fehler[0].messages)
    assert set(RundenEintrag.objects.values_list("runde_id", flat=True)) == {offen[0].pk}


def test_a_round_closed_twice_at_the_same_moment_is_closed_once(runde):
    ergebnisse = gleichzeitig([lambda: erhebungsrunde_abschliessen(runde=runde)] * 2)
    assert sorted(type(e).__name__ for e in ergebnisse) == ["Erhebung", "ValidationError"]
    assert Erhebung.objects.count() == 1


def test_two_answers_for_one_leistung_at_the_same_moment_one_lands(runde, katalog, amtsleitung33, redaktion):
    e = RundenEintrag.objects.select_related("leistung").get(runde=runde, leistung=katalog["melde"])

    def antworten(user):
        return rueckmeldungen_abgeben(
            runde=runde, rueckmeldungen=[Rueckmeldung(eintrag_id=e.pk, version=e.leistung.version)], user=user
        )

    ergebnisse = gleichzeitig([lambda: antworten(amtsleitung33), lambda: antworten(redaktion)])
    assert sorted(type(x).__name__ for x in ergebnisse) == ["Ergebnis", "RueckmeldungKonflikt"]
    konflikt = next(x for x in ergebnisse if isinstance(x, RueckmeldungKonflikt))
    assert "inzwischen beantwortet" in konflikt.messages[0]
    assert RundenEintrag.objects.exclude(antwort="").count() == 1
