"""Writing capacities and Vorgaben: one service each, version checks against lost updates, German refusals that
leave the data as it was, and who changed what when."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from catalog.services import leistung_status_setzen
from planung.models import Kapazitaet, Planvorgabe, Teilkapazitaet
from planung.plan import Art
from planung.quartal import Quartal
from planung.services import (
    Teil,
    VersionKonflikt,
    kapazitaet_loeschen,
    kapazitaet_speichern,
    planvorgabe_aufheben,
    planvorgabe_setzen,
)

pytestmark = pytest.mark.django_db
Q = Quartal(2027, 1)


def teile(kapazitaet):
    return sorted(
        (f"Amt {t.amt.nummer}" if t.amt_id else t.plattform.bezeichnung, t.anzahl)
        for t in Teilkapazitaet.objects.filter(kapazitaet=kapazitaet).select_related("amt", "plattform")
    )


def test_a_capacity_is_recorded_with_its_limits_and_who_when(redaktion, amt33, statuses):
    fabrik = statuses["Digitalisierungsfabrik"]
    k = kapazitaet_speichern(
        quartal=Q,
        anzahl=20,
        teile=[Teil(5, amt=amt33), Teil(8, plattform=fabrik)],
        bemerkung=" Haushalt ",
        user=redaktion,
    )
    k.refresh_from_db()
    assert (str(k), k.version, k.bemerkung, k.geaendert_von) == ("Q1/2027: 20 Leistungen", 1, "Haushalt", redaktion)
    assert teile(k) == [("Amt 33", 5), ("Digitalisierungsfabrik", 8)]
    assert k.history.first().history_user == redaktion


def test_a_change_replaces_the_limits_and_raises_the_version(redaktion, amt33, amt51, statuses):
    k = kapazitaet_speichern(quartal=Q, anzahl=20, teile=[Teil(5, amt=amt33), Teil(3, amt=amt51)])
    k = kapazitaet_speichern(
        quartal=Q,
        anzahl=25,
        teile=[Teil(6, amt=amt33), Teil(2, plattform=statuses["Umsetzung"])],
        kapazitaet=k,
        version=1,
        user=redaktion,
    )
    assert (k.anzahl, k.version) == (25, 2)
    assert teile(k) == [("Amt 33", 6), ("Umsetzung", 2)]
    assert Teilkapazitaet.history.filter(history_type="-").count() == 1  # Amt 51's limit removed, with history


def test_a_change_on_an_outdated_version_is_refused_and_writes_nothing(amt33):
    k = kapazitaet_speichern(quartal=Q, anzahl=20, teile=[Teil(5, amt=amt33)])
    kapazitaet_speichern(quartal=Q, anzahl=30, kapazitaet=k, version=1)
    with pytest.raises(VersionKonflikt) as caught:
        kapazitaet_speichern(quartal=Q, anzahl=10, kapazitaet=k, version=1)
    assert "Die Kapazität für Q1/2027 wurde inzwischen von jemand anderem geändert (jetzt Version 2)" in str(
        caught.value
    )
    k.refresh_from_db()
    assert (k.anzahl, k.version, teile(k)) == (30, 2, [])


def test_a_capacity_deleted_meanwhile_is_reported(amt33):
    k = kapazitaet_speichern(quartal=Q, anzahl=20)
    kapazitaet_loeschen(kapazitaet=k, version=1)
    with pytest.raises(VersionKonflikt, match="inzwischen gelöscht"):
        kapazitaet_speichern(quartal=Q, anzahl=5, kapazitaet=k, version=1)
    assert not Kapazitaet.objects.exists()


@pytest.mark.parametrize(
    ("anzahl", "grenzen", "meldung"),
    [
        (-1, [], "Bitte eine Zahl ab 0 angeben."),
        (5, [("amt", 6)], "Die Grenze für Amt 33 (6) ist größer als die Kapazität des Quartals insgesamt (5)"),
        (5, [("amt", 2), ("amt", 3)], "Für Amt 33 ist die Grenze doppelt angegeben."),
        (5, [("beides", 2)], "Eine Grenze gilt entweder für ein Amt oder für eine Plattform (Status)."),
    ],
)
def test_wrong_capacities_are_refused_in_german_and_nothing_is_written(anzahl, grenzen, meldung, amt33, statuses):
    arten = {
        "amt": {"amt": amt33},
        "beides": {"amt": amt33, "plattform": statuses["Wartend"]},
    }
    with pytest.raises(ValidationError) as caught:
        kapazitaet_speichern(quartal=Q, anzahl=anzahl, teile=[Teil(n, **arten[art]) for art, n in grenzen])
    assert meldung in " ".join(caught.value.messages)
    assert not Kapazitaet.objects.exists() and not Teilkapazitaet.objects.exists()


def test_a_second_capacity_for_the_same_quarter_is_refused():
    kapazitaet_speichern(quartal=Q, anzahl=20)
    with pytest.raises(ValidationError, match="Für Q1/2027 ist bereits eine Kapazität erfasst"):
        kapazitaet_speichern(quartal=Q, anzahl=5)
    assert list(Kapazitaet.objects.values_list("anzahl", flat=True)) == [20]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_changing_one_capacity_at_once_one_wins_and_the_other_is_told():
    """On PostgreSQL two threads race with their own connections; SQLite serialises writes, so there the two
    saves run one after the other. Either way exactly one change lands."""
    k = kapazitaet_speichern(quartal=Q, anzahl=20)
    results = {}
    barrier = threading.Barrier(2)

    def save(anzahl):
        try:
            if connection.vendor == "postgresql":
                barrier.wait(timeout=10)
            kapazitaet_speichern(quartal=Q, anzahl=anzahl, kapazitaet=Kapazitaet(pk=k.pk), version=1)
            results[anzahl] = "gespeichert"
        except VersionKonflikt:
            results[anzahl] = "abgewiesen"
        finally:
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=save, args=(n,)) for n in (30, 40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        save(30)
        save(40)
    assert sorted(results.values()) == ["abgewiesen", "gespeichert"]
    gewinner = next(n for n, r in results.items() if r == "gespeichert")
    k.refresh_from_db()
    assert (k.anzahl, k.version) == (gewinner, 2)


# --- Vorgaben ----------------------------------------------------------------------------------------------------

HEUTE = dt.date(2026, 11, 30)


def test_a_service_is_pinned_with_reason_who_and_when(leistung, redaktion):
    v = planvorgabe_setzen(
        leistung=leistung, art=Art.FESTGELEGT, quartal=Q, grund=" Frist ", user=redaktion, heute=HEUTE
    )
    v.refresh_from_db()
    assert (str(v), v.grund, v.erfasst_von, v.version) == (
        "99.050.042.000.000: festgelegt auf Q1/2027",
        "Frist",
        redaktion,
        1,
    )
    assert v.erfasst_am is not None and v.history.first().history_user == redaktion


def test_a_vorgabe_changes_on_its_version_and_is_removed_on_its_version(leistung, redaktion):
    v = planvorgabe_setzen(leistung=leistung, art=Art.FESTGELEGT, quartal=Q, grund="a", heute=HEUTE)
    v = planvorgabe_setzen(
        leistung=leistung, art=Art.ZURUECKGESTELLT, grund="b", planvorgabe=v, version=1, user=redaktion, heute=HEUTE
    )
    assert (v.art, v.jahr, v.quartal, v.version) == ("zurueckgestellt", None, None, 2)
    with pytest.raises(VersionKonflikt, match="jetzt Version 2"):
        planvorgabe_aufheben(planvorgabe=v, version=1)
    planvorgabe_aufheben(planvorgabe=v, version=2, user=redaktion)
    assert not Planvorgabe.objects.exists()


def test_a_second_vorgabe_for_the_same_service_is_a_conflict_not_an_overwrite(leistung):
    planvorgabe_setzen(leistung=leistung, art=Art.FESTGELEGT, quartal=Q, grund="zuerst", heute=HEUTE)
    with pytest.raises(VersionKonflikt, match="Die Vorgabe für die Leistung 99.050.042.000.000 wurde inzwischen"):
        planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="später", heute=HEUTE)
    assert Planvorgabe.objects.get().grund == "zuerst"


@pytest.mark.parametrize(
    ("art", "quartal", "grund", "meldung"),
    [
        (Art.FESTGELEGT, Q, "  ", "Bitte einen Grund angeben."),
        (Art.FESTGELEGT, None, "x", "Bitte das Quartal angeben, auf das die Leistung festgelegt wird."),
        (Art.ZURUECKGESTELLT, Q, "x", "Eine zurückgestellte Leistung hat kein Quartal; bitte das Quartal leeren."),
        (Art.FESTGELEGT, Quartal(2026, 3), "x", "Q3/2026 liegt in der Vergangenheit; festlegen lässt sich ab dem"),
    ],
)
def test_wrong_vorgaben_are_refused_in_german(leistung, art, quartal, grund, meldung):
    with pytest.raises(ValidationError) as caught:
        planvorgabe_setzen(leistung=leistung, art=art, quartal=quartal, grund=grund, heute=HEUTE)
    assert meldung in " ".join(caught.value.messages)
    assert not Planvorgabe.objects.exists()


def test_only_open_services_get_a_vorgabe(make_leistung, statuses, a_date):
    online = make_leistung()
    leistung_status_setzen(leistung=online, status=statuses["Abgeschlossen"], gueltig_ab=a_date)
    nicht_wiesbaden = make_leistung(von_wiesbaden_umzusetzen=False)
    for leistung in (online, nicht_wiesbaden):
        with pytest.raises(ValidationError, match="ist nicht offen"):
            planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="x", heute=HEUTE)
    assert not Planvorgabe.objects.exists()
