"""Backup and restore: a restore into an empty database gives back every row of every table."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import Leistung, StatusAenderung
from catalog.services import leistung_set_status
from catalog.sicherung import row_counts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_an_empty_database_has_the_same_rows(tmp_path, make_leistung, statuses, redaktion):
    for number in range(5):
        leistung = make_leistung(bezeichnung=f"Leistung „{number}“ <b>")
        leistung_set_status(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3 + number))
    before = row_counts()
    assert before["catalog_leistung"] == 5 and before["catalog_statusaenderung"] == 5

    backup = tmp_path / "sicherung.bin"
    call_command("sicherung_erstellen", str(backup))
    assert backup.stat().st_size > 0

    call_command("flush", "--noinput")
    assert Leistung.objects.count() == 0

    call_command("sicherung_einspielen", str(backup))
    assert row_counts() == before
    assert Leistung.objects.filter(bezeichnung="Leistung „3“ <b>").exists()
    assert StatusAenderung.objects.filter(gueltig_ab=dt.date(2022, 1, 5)).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_into_a_database_with_data_is_refused(tmp_path, leistung):
    backup = tmp_path / "sicherung.bin"
    call_command("sicherung_erstellen", str(backup))
    with pytest.raises(CommandError, match="enthält schon Daten"):
        call_command("sicherung_einspielen", str(backup))
    assert Leistung.objects.count() == 1


@pytest.mark.django_db
def test_an_existing_target_file_is_not_overwritten(tmp_path):
    backup = tmp_path / "sicherung.bin"
    backup.write_bytes(b"wichtig")
    with pytest.raises(CommandError, match="gibt es schon"):
        call_command("sicherung_erstellen", str(backup))
    assert backup.read_bytes() == b"wichtig"


@pytest.mark.django_db
def test_a_missing_backup_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="gibt es nicht"):
        call_command("sicherung_einspielen", str(tmp_path / "fehlt.bin"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_holding_only_what_migrate_seeded_counts_as_empty(tmp_path):
    """The apps' seed migrations (statuses, scorecard, Servicestandard) fill tables; a restore still goes in."""
    before = row_counts()
    assert before["servicestandard_prinzip"] == 19 and before["scorecard_kriterium"] > 0
    backup = tmp_path / "sicherung.bin"
    call_command("sicherung_erstellen", str(backup))

    call_command("sicherung_einspielen", str(backup))

    assert row_counts() == before
