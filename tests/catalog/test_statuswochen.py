"""The weekly counts of status changes: kept by the services in step with the history, whatever the order of the
changes (back-dated, same day), a change of Amt or base, a nested service that fails, or an import."""

import datetime as dt
import random

import pytest
from django.db import transaction

from catalog.models import StatuswechselWoche, Vollzugsebene
from catalog.services import (
    leistung_aendern,
    leistung_status_setzen,
    leistungen_aendern,
    leistungen_status_setzen,
    statuswochen_neu_berechnen,
    statuswochen_sammeln,
)
from catalog.services.statuswochen import sonntag, statuswochen_berechnen, statuswochen_gespeichert, wechsel

pytestmark = pytest.mark.django_db


def im_takt():
    gespeichert = statuswochen_gespeichert()
    assert gespeichert == statuswochen_berechnen()
    assert 0 not in gespeichert.values()
    return gespeichert


def test_the_sunday_ends_the_iso_week():
    assert sonntag(dt.date(2022, 5, 9)) == dt.date(2022, 5, 15)  # Monday
    assert sonntag(dt.date(2022, 5, 15)) == dt.date(2022, 5, 15)  # Sunday
    assert sonntag(dt.date(2020, 12, 31)) == dt.date(2021, 1, 3)  # KW 53/2020


def test_a_day_counts_its_last_change_against_the_day_before():
    montag, dienstag = dt.date(2022, 5, 9), dt.date(2022, 5, 10)
    assert wechsel(None, [(montag, 1), (montag, 2), (dienstag, 3)]) == {
        (dt.date(2022, 5, 15), 0, 2): 1,
        (dt.date(2022, 5, 15), 2, 3): 1,
    }
    assert wechsel(1, [(montag, 2), (montag, 1)]) == {}  # back where it began: no transition


def test_changes_are_counted_per_week_amt_and_base(make_leistung, statuses, amt33, amt51):
    a = make_leistung()
    b = make_leistung(amt=amt51, von_wiesbaden_umzusetzen=False, vollzugsebene=Vollzugsebene.LAND)
    leistung_status_setzen(leistung=a, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 5, 10))
    leistung_status_setzen(leistung=b, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 5, 11))
    leistung_status_setzen(leistung=a, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 5, 20))
    wartend, umsetzung = statuses["Wartend"].pk, statuses["Umsetzung"].pk
    assert im_takt() == {
        (dt.date(2022, 5, 15), amt33.pk, True, True, 0, wartend): 1,
        (dt.date(2022, 5, 15), amt51.pk, False, False, 0, wartend): 1,
        (dt.date(2022, 5, 22), amt33.pk, True, True, wartend, umsetzung): 1,
    }


def test_a_back_dated_change_moves_the_next_transition(leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))
    leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 6, 1))
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 3, 1))
    zaehlung = im_takt()
    paare = {(woche, vorher, nachher) for woche, _, _, _, vorher, nachher in zaehlung}
    assert (dt.date(2022, 6, 5), statuses["Umsetzung"].pk, statuses["Abgeschlossen"].pk) in paare
    wartend, abgeschlossen = statuses["Wartend"].pk, statuses["Abgeschlossen"].pk
    assert not any(vorher == wartend and nachher == abgeschlossen for _, vorher, nachher in paare)


def test_a_leistung_that_changes_amt_or_base_takes_its_history_along(make_leistung, statuses, amt51):
    a, b = make_leistung(), make_leistung()
    leistungen_status_setzen(
        aenderungen=[
            (a, statuses["Wartend"], dt.date(2021, 2, 1)),
            (a, statuses["Umsetzung"], dt.date(2022, 2, 1)),
            (b, statuses["Wartend"], dt.date(2021, 3, 1)),
        ]
    )
    leistungen_aendern(aenderungen={a.pk: {"amt": amt51}, b.pk: {"vollzugsebene": Vollzugsebene.LAND}})
    zaehlung = im_takt()
    assert {(amt, kommune) for _, amt, _, kommune, _, _ in zaehlung} == {(amt51.pk, True), (b.amt_id, False)}
    leistungen_aendern(aenderungen={a.pk: {"von_wiesbaden_umzusetzen": False, "bezeichnung": "neu"}})
    im_takt()


def test_fields_and_status_of_one_leistung_change_together(leistung, statuses, amt51):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 2, 1))
    leistung.refresh_from_db()
    leistung_aendern(
        leistung=leistung,
        version=leistung.version,
        felder={"amt": amt51},
        status=statuses["Umsetzung"],
        gueltig_ab=dt.date(2022, 2, 1),
        grund="Übergabe",
    )
    assert {amt for _, amt, *_ in im_takt()} == {amt51.pk}


def test_a_service_that_fails_leaves_the_counts_as_they_were(leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 2, 1))
    vorher = im_takt()
    with pytest.raises(RuntimeError), transaction.atomic(), statuswochen_sammeln():
        leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 2, 1))
        raise RuntimeError("danach scheitert etwas")
    assert im_takt() == vorher


def test_many_random_changes_keep_the_counts_in_step(make_leistung, statuses, amt33, amt51):
    rng = random.Random(15)
    leistungen = [make_leistung() for _ in range(6)]
    stati = list(statuses.values())
    for _ in range(12):
        aenderungen = [
            (rng.choice(leistungen), rng.choice(stati), dt.date(2021, 1, 4) + dt.timedelta(days=rng.randint(0, 500)))
            for _ in range(rng.randint(1, 6))
        ]
        leistungen_status_setzen(aenderungen=aenderungen)
        if rng.random() < 0.4:
            leistung = rng.choice(leistungen)
            leistungen_aendern(
                aenderungen={
                    leistung.pk: {
                        "amt": rng.choice([amt33, amt51, None]),
                        "von_wiesbaden_umzusetzen": rng.random() < 0.7,
                        "vollzugsebene": rng.choice(list(Vollzugsebene.values)),
                    }
                }
            )
        im_takt()


def test_rebuilding_from_the_history_gives_the_same_rows(make_leistung, statuses):
    leistungen_status_setzen(
        aenderungen=[(make_leistung(), statuses["Wartend"], dt.date(2021, 2, n)) for n in range(1, 5)]
    )
    vorher = im_takt()
    StatuswechselWoche.objects.all().delete()
    assert statuswochen_neu_berechnen() == len(vorher)
    assert statuswochen_gespeichert() == vorher
