"""Lost updates: a change based on an outdated version of a Leistung is refused and nothing is lost."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from catalog.models import Leistung
from catalog.services import VersionKonflikt, leistung_aendern, leistung_status_setzen, leistungen_aendern


@pytest.mark.django_db
def test_a_change_on_the_current_version_is_saved_and_counted(leistung, redaktion):
    saved = leistung_aendern(
        leistung=leistung, version=leistung.version, user=redaktion, felder={"zusaetzliche_informationen": "A"}
    )
    assert saved.version == 2
    assert leistung.history.first().history_user == redaktion


@pytest.mark.django_db
def test_a_change_on_an_outdated_version_is_refused_and_writes_nothing(leistung, statuses):
    seen = leistung.version
    leistung_aendern(leistung=leistung, version=seen, felder={"zusaetzliche_informationen": "Zuerst gespeichert"})
    with pytest.raises(VersionKonflikt) as caught:
        leistung_aendern(leistung=leistung, version=seen, felder={"zusaetzliche_informationen": "Überschreibt nicht"})
    assert "zusätzliche Informationen „Zuerst gespeichert“" in caught.value.meldung()
    assert "inzwischen von jemand anderem geändert" in caught.value.messages[0]
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == "Zuerst gespeichert"


@pytest.mark.django_db
def test_a_status_change_makes_older_edits_stale(leistung, statuses):
    seen = leistung.version
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3))
    with pytest.raises(VersionKonflikt):
        leistung_aendern(leistung=leistung, version=seen, felder={"zusaetzliche_informationen": "veraltet"})


@pytest.mark.django_db
def test_the_status_can_only_be_changed_by_the_status_service(leistung, statuses):
    with pytest.raises(ValueError, match="leistung_status_setzen"):
        leistungen_aendern(aenderungen={leistung.pk: {"status": statuses["Abgeschlossen"]}})


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
            leistung_aendern(
                leistung=Leistung(pk=leistung.pk), version=seen, felder={"zusaetzliche_informationen": name}
            )
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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="on SQLite every write transaction begins IMMEDIATE and holds the database lock from its start: no "
    "second writer can commit between the import's reading and writing; the race exists on PostgreSQL only",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_racing_the_import_is_never_lost(tmp_path, leistung):
    """Someone saves a Leistung while an import is about to write it: either the save waits for the import (the
    import locked the rows it changes before writing them) or the import is refused; never is one of the two
    changes silently lost."""
    from django.db import OperationalError

    from catalog.importing.apply import ImportAbgebrochen, katalog_importieren
    from catalog.importing.katalog import read_katalog

    path = tmp_path / "katalog.csv"
    path.write_text(
        f"LeiKa-ID;Leistungsbezeichnung;zusätzliche Informationen\n{leistung.leika_schluessel};"
        f"{leistung.bezeichnung};aus dem Import\n",
        encoding="utf-8",
    )
    seen = leistung.version
    other = {}

    def someone_else_saves():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '500ms'")
            saved = leistung_aendern(
                leistung=Leistung(pk=leistung.pk),
                version=seen,
                felder={"zusaetzliche_informationen": "aus dem Formular"},
            )
            other["ergebnis"] = ("gespeichert", saved.version)
        except (OperationalError, VersionKonflikt) as exc:
            other["ergebnis"] = ("abgewiesen", type(exc).__name__)
        finally:
            connections.close_all()

    def at_the_first_write(execute, sql, params, many, context):
        if "ergebnis" not in other and sql.lstrip().upper().startswith('UPDATE "CATALOG_LEISTUNG"'):
            thread = threading.Thread(target=someone_else_saves)
            thread.start()
            thread.join(timeout=30)
        return execute(sql, params, many, context)

    batch = read_katalog(path)
    try:
        with connection.execute_wrapper(at_the_first_write):
            ergebnis = katalog_importieren(batch, teilauszug=True)
        imported = ergebnis.geschrieben
    except ImportAbgebrochen:
        imported = False

    leistung.refresh_from_db()
    assert other["ergebnis"][0] == "abgewiesen" or not imported, (other, leistung.zusaetzliche_informationen)
    if imported:
        assert (leistung.zusaetzliche_informationen, leistung.version) == ("aus dem Import", seen + 1)
    else:
        assert (leistung.zusaetzliche_informationen, leistung.version) == ("aus dem Formular", seen + 1)
