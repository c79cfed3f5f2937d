"""Lost updates: a change based on an outdated version of a Leistung is refused and nothing is lost."""

import datetime as dt
import threading

import pytest
from django.db import connections

from catalog.models import Leistung
from catalog.services import VersionKonflikt, leistung_aendern, leistung_set_status


@pytest.mark.django_db
def test_a_change_on_the_current_version_is_saved_and_counted(leistung, redaktion):
    saved = leistung_aendern(
        leistung=leistung, version=leistung.version, user=redaktion, zusaetzliche_informationen="A"
    )
    assert saved.version == 2
    assert leistung.history.first().history_user == redaktion


@pytest.mark.django_db
def test_a_change_on_an_outdated_version_is_refused_and_writes_nothing(leistung, statuses):
    seen = leistung.version
    leistung_aendern(leistung=leistung, version=seen, zusaetzliche_informationen="Zuerst gespeichert")
    with pytest.raises(VersionKonflikt) as caught:
        leistung_aendern(leistung=leistung, version=seen, zusaetzliche_informationen="Überschreibt nicht")
    assert caught.value.aktuell.zusaetzliche_informationen == "Zuerst gespeichert"
    assert "inzwischen von jemand anderem geändert" in caught.value.messages[0]
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == "Zuerst gespeichert"


@pytest.mark.django_db
def test_a_status_change_makes_older_edits_stale(leistung, statuses):
    seen = leistung.version
    leistung_set_status(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3))
    with pytest.raises(VersionKonflikt):
        leistung_aendern(leistung=leistung, version=seen, zusaetzliche_informationen="veraltet")


@pytest.mark.django_db
def test_the_status_can_only_be_changed_by_the_status_service(leistung, statuses):
    with pytest.raises(ValueError, match="leistung_set_status"):
        leistung_aendern(leistung=leistung, version=leistung.version, status=statuses["Abgeschlossen"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_saving_at_once_one_wins_and_the_other_is_told(leistung):
    """Two threads with their own connections race (on SQLite a file in WAL mode with IMMEDIATE transactions, as
    in production): exactly one change lands and the other gets a VersionKonflikt."""
    seen = leistung.version
    results = {}
    barrier = threading.Barrier(2)

    def save(name):
        try:
            barrier.wait(timeout=10)
            leistung_aendern(leistung=Leistung(pk=leistung.pk), version=seen, zusaetzliche_informationen=name)
            results[name] = "gespeichert"
        except VersionKonflikt:
            results[name] = "abgewiesen"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("Anna", "Bernd")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["abgewiesen", "gespeichert"]
    winner = next(name for name, result in results.items() if result == "gespeichert")
    leistung.refresh_from_db()
    assert (leistung.zusaetzliche_informationen, leistung.version) == (winner, seen + 1)
