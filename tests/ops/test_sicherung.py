"""Backup and restore (Sicherung).

A backup carries what it needs to be verified (format, database kind, applied migrations, row counts, a SHA-256
of its content) and is readable only by its owner (0600, temporary files too). A restore verifies all of it
before it touches the live database; on SQLite the live file is then replaced by an atomic rename of the verified
copy, on PostgreSQL pg_restore runs in one transaction. A bad file ends with exit code 1, a German message, and
the live database as it was: on SQLite byte for byte (hash of the file), on PostgreSQL every row of every table.

On SQLite the restore runs as ``manage.py`` in its own process against a database file (the test database lives
in memory); on PostgreSQL in this process against the test database.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from catalog.models import Leistung, StatusAenderung
from catalog.services import leistung_status_setzen
from catalog.sicherung import row_counts

ROOT = Path(__file__).resolve().parents[2]
SQLITE = connection.vendor == "sqlite"


def manage(*args, datenbank: Path):
    """``manage.py`` in its own process against the SQLite file ``datenbank``: (exit code, stdout, stderr)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{datenbank}", "DJANGO_SETTINGS_MODULE": "ozgportal.settings_test"}
    result = subprocess.run(  # noqa: S603 - the project's own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    return result.returncode, result.stdout, result.stderr


def einspielen(sicherung: Path, live: Path | None, *args):
    """Restore ``sicherung`` into the live database (SQLite: the file ``live``): (exit code, output)."""
    if SQLITE:
        code, out, err = manage("sicherung_einspielen", str(sicherung), *args, datenbank=live)
        return code, out + err
    out = io.StringIO()
    try:
        call_command("sicherung_einspielen", str(sicherung), *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_zeilen(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        tabellen = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not name.startswith("sqlite_")
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tabellen}  # noqa: S608


def pg_fingerabdruck() -> dict[str, str]:
    """Every row of every table of the (PostgreSQL) test database, as one digest per table."""
    abdruck = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {name} t")  # noqa: S608
            abdruck[table] = cursor.fetchone()
    return abdruck


@pytest.fixture(scope="module")
def gueltige_sicherung(tmp_path_factory, django_db_setup, django_db_blocker):
    """A backup of the freshly migrated test database, and (SQLite) a live database file restored from it."""
    verzeichnis = tmp_path_factory.mktemp("sicherung")
    sicherung = verzeichnis / "gueltig.zip"
    with django_db_blocker.unblock():
        call_command("sicherung_erstellen", str(sicherung), stdout=io.StringIO())
    live = None
    if SQLITE:  # the live database of a portal that was restored from it
        live = verzeichnis / "live.sqlite3"
        with zipfile.ZipFile(sicherung) as archiv:
            live.write_bytes(archiv.read("datenbank.sqlite3"))
    return sicherung, live


def umpacken(quelle: Path, ziel: Path, *, kopf=None, inhalt: bytes | None = None, pruefsumme_anpassen=True) -> Path:
    """A copy of the backup ``quelle`` with changed metadata and/or content (a well-formed archive)."""
    with zipfile.ZipFile(quelle) as archiv:
        meta = json.loads(archiv.read("sicherung.json"))
        name = next(n for n in archiv.namelist() if n != "sicherung.json")
        daten = archiv.read(name)
    if inhalt is not None:
        daten = inhalt
        if pruefsumme_anpassen:
            meta["inhalt"].update(groesse=len(daten), sha256=hashlib.sha256(daten).hexdigest())
    if kopf:
        kopf(meta)
    with zipfile.ZipFile(ziel, "w") as archiv:
        archiv.writestr("sicherung.json", json.dumps(meta))
        archiv.writestr(name, daten)
    return ziel


def _leer(gueltig, ziel):
    ziel.write_bytes(b"")
    return ziel


def _fremde_sqlite(gueltig, ziel):
    with closing(sqlite3.connect(ziel)) as db, db:
        db.execute("CREATE TABLE foo (x INTEGER)")
        db.execute("INSERT INTO foo VALUES (1)")
    return ziel


def _gekippte_bytes(gueltig, ziel):
    daten = bytearray(gueltig.read_bytes())
    for stelle in (len(daten) // 2, len(daten) // 2 + 97, len(daten) // 2 + 1013):
        daten[stelle] ^= 0x5A
    ziel.write_bytes(bytes(daten))
    return ziel


def _abgeschnitten(gueltig, ziel):
    daten = gueltig.read_bytes()
    ziel.write_bytes(daten[: len(daten) * 2 // 3])
    return ziel


def _falsche_pruefsumme(gueltig, ziel):
    return umpacken(gueltig, ziel, kopf=lambda meta: meta["inhalt"].update(sha256="0" * 64))


def _unlesbarer_inhalt(gueltig, ziel):
    return umpacken(gueltig, ziel, inhalt=b"Dies ist keine Datenbank. " * 100)


def _neuerer_stand(gueltig, ziel):
    return umpacken(gueltig, ziel, kopf=lambda meta: meta["migrationen"].append(["catalog", "9999_aus_der_zukunft"]))


def _andere_datenbankart(gueltig, ziel):
    anders = "postgresql" if SQLITE else "sqlite"
    return umpacken(gueltig, ziel, kopf=lambda meta: meta.update(datenbank=anders))


SCHLECHTE_DATEIEN = {
    "leere Datei": (_leer, "ist leer"),
    "SQLite-Datei mit einer Tabelle foo": (_fremde_sqlite, "keine Sicherung des OZG-Portals"),
    "gekippte Bytes": (_gekippte_bytes, "ist beschädigt"),
    "abgeschnitten": (_abgeschnitten, "ist beschädigt oder unvollständig"),
    "Inhalt passt nicht zur Prüfsumme": (_falsche_pruefsumme, "stimmt nicht mit seiner Prüfsumme überein"),
    "Inhalt keine Datenbank": (_unlesbarer_inhalt, "Die Datenbank in der Sicherung ist nicht lesbar"),
    "von einem neueren Stand": (_neuerer_stand, "9999_aus_der_zukunft"),
    "aus der anderen Datenbankart": (_andere_datenbankart, "Eine Sicherung lässt sich nur in dieselbe Art"),
}


# On SQLite one process restores every bad file in turn, each through the command line as ``manage.py`` does, and
# hashes the live file after each of them.
ALLE_EINSPIELEN = """
import contextlib, hashlib, io, json, os, sys
import django
from django.core.management import execute_from_command_line
django.setup()
live = os.environ["DATABASE_URL"].removeprefix("sqlite:///")
ergebnisse = {}
for art, datei in json.loads(sys.argv[1]).items():
    ausgabe, code = io.StringIO(), 0
    with contextlib.redirect_stderr(ausgabe), contextlib.redirect_stdout(ausgabe):
        try:
            execute_from_command_line(["manage.py", "sicherung_einspielen", datei, "--ersetzen"])
        except SystemExit as exc:
            code = exc.code
    with open(live, "rb") as handle:
        hash_nachher = hashlib.sha256(handle.read()).hexdigest()
    ergebnisse[art] = [code, ausgabe.getvalue(), hash_nachher, os.listdir(os.path.dirname(live))]
print(json.dumps(ergebnisse))
"""


@pytest.fixture(scope="module")
def schlechte_dateien(tmp_path_factory, gueltige_sicherung):
    gueltig, _ = gueltige_sicherung
    verzeichnis = tmp_path_factory.mktemp("schlecht")
    return {
        art: machen(gueltig, verzeichnis / f"{i}.zip") for i, (art, (machen, _)) in enumerate(SCHLECHTE_DATEIEN.items())
    }


@pytest.fixture(scope="module")
def sqlite_abgewiesen(tmp_path_factory, gueltige_sicherung, schlechte_dateien):
    """SQLite: every bad file restored with --ersetzen into one live file: art → (code, output, hash, folder)."""
    _, vorlage = gueltige_sicherung
    live = tmp_path_factory.mktemp("live") / "live.sqlite3"
    shutil.copyfile(vorlage, live)
    vorher = sha256(live)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{live}", "DJANGO_SETTINGS_MODULE": "ozgportal.settings_test"}
    result = subprocess.run(  # noqa: S603 - the project's own code with fixed arguments
        [sys.executable, "-c", ALLE_EINSPIELEN, json.dumps({art: str(p) for art, p in schlechte_dateien.items()})],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return vorher, json.loads(result.stdout)


@pytest.mark.django_db
@pytest.mark.parametrize("art", SCHLECHTE_DATEIEN, ids=SCHLECHTE_DATEIEN.keys())
def test_a_bad_file_is_refused_before_the_live_database_is_touched(request, schlechte_dateien, art):
    _, meldung = SCHLECHTE_DATEIEN[art]
    if SQLITE:
        vorher, ergebnisse = request.getfixturevalue("sqlite_abgewiesen")
        code, ausgabe, nachher, ordner = ergebnisse[art]
        assert nachher == vorher  # byte for byte
        assert ordner == ["live.sqlite3"]  # no copy left behind
    else:
        vorher = pg_fingerabdruck()
        code, ausgabe = einspielen(schlechte_dateien[art], None, "--ersetzen")
        assert pg_fingerabdruck() == vorher  # every row of every table
    assert code == 1, ausgabe
    assert meldung in ausgabe
    assert "Die Datenbank ist unverändert." in ausgabe


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # PostgreSQL: pg_dump sees committed rows only
def test_a_backup_carries_what_it_needs_to_be_verified_and_is_for_its_owner_only(tmp_path):
    ziel = tmp_path / "neu" / "sicherung.zip"
    alte_umask = os.umask(0)  # even so: the file and its folder are the owner's only
    try:
        call_command("sicherung_erstellen", str(ziel), stdout=io.StringIO())
    finally:
        os.umask(alte_umask)

    assert stat.S_IMODE(ziel.stat().st_mode) == 0o600
    assert stat.S_IMODE(ziel.parent.stat().st_mode) == 0o700
    assert [p.name for p in ziel.parent.iterdir()] == ["sicherung.zip"]  # no temporary file left
    with zipfile.ZipFile(ziel) as archiv:
        meta = json.loads(archiv.read("sicherung.json"))
        inhalt = archiv.read(meta["inhalt"]["datei"])
    assert (meta["format"], meta["version"], meta["datenbank"]) == ("ozgportal-sicherung", 1, connection.vendor)
    assert ["catalog", "0001_initial"] in meta["migrationen"]
    assert meta["zeilen"]["catalog_status"] == 5
    assert meta["inhalt"]["sha256"] == hashlib.sha256(inhalt).hexdigest()
    assert meta["inhalt"]["groesse"] == len(inhalt)


def test_temporary_files_are_created_for_the_owner_only(tmp_path):
    from catalog.sicherung import privat_datei

    alte_umask = os.umask(0)
    try:
        datei = privat_datei(tmp_path)
    finally:
        os.umask(alte_umask)
    assert stat.S_IMODE(datei.stat().st_mode) == 0o600


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_an_empty_database_has_the_same_rows(tmp_path, make_leistung, statuses, redaktion):
    for number in range(5):
        leistung = make_leistung(bezeichnung=f"Leistung „{number}“ <b>")
        leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3 + number))
    before = row_counts()
    assert before["catalog_leistung"] == 5 and before["catalog_statusaenderung"] == 5

    backup = tmp_path / "sicherung.zip"
    call_command("sicherung_erstellen", str(backup), stdout=io.StringIO())

    if SQLITE:
        live = tmp_path / "live.sqlite3"
        code, ausgabe = einspielen(backup, live)
        assert code == 0, ausgabe
        assert sqlite_zeilen(live) == {t: n for t, n in before.items() if not t.startswith("sqlite_")}
        with closing(sqlite3.connect(live)) as db:
            assert db.execute("SELECT COUNT(*) FROM catalog_leistung WHERE bezeichnung = 'Leistung „3“ <b>'").fetchone()
    else:
        call_command("flush", "--noinput")
        assert Leistung.objects.count() == 0
        code, ausgabe = einspielen(backup, None)
        assert code == 0, ausgabe
        assert row_counts() == before
        assert Leistung.objects.filter(bezeichnung="Leistung „3“ <b>").exists()
        assert StatusAenderung.objects.filter(gueltig_ab=dt.date(2022, 1, 5)).count() == 1
    assert "Sicherung eingespielt" in ausgabe


@pytest.mark.django_db
def test_a_restore_into_a_database_with_data_is_refused_unless_replacing(tmp_path, gueltige_sicherung, leistung):
    gueltig, vorlage = gueltige_sicherung
    live = None
    if SQLITE:
        live = tmp_path / "live.sqlite3"
        shutil.copyfile(vorlage, live)
        with closing(sqlite3.connect(live)) as db, db:  # the live database holds data of its own
            db.execute("INSERT INTO catalog_amt (nummer, name, kurzname) VALUES (99, 'Amt mit Daten', '')")
        vorher = sha256(live)
    else:
        vorher = pg_fingerabdruck()

    code, ausgabe = einspielen(gueltig, live)

    assert code == 1
    assert "enthält schon Daten" in ausgabe and "Die Datenbank ist unverändert." in ausgabe
    assert (sha256(live) if SQLITE else pg_fingerabdruck()) == vorher
    if SQLITE:
        code, ausgabe = einspielen(gueltig, live, "--ersetzen")
        assert code == 0, ausgabe
        assert sqlite_zeilen(live) == sqlite_zeilen(vorlage)


@pytest.mark.skipif(not SQLITE, reason="nur SQLite: eine Datei, die ein anderer Prozess offen hält")
@pytest.mark.django_db
def test_a_sqlite_database_in_use_is_not_replaced(tmp_path, gueltige_sicherung):
    gueltig, vorlage = gueltige_sicherung
    live = tmp_path / "live.sqlite3"
    shutil.copyfile(vorlage, live)
    portal = sqlite3.connect(live)  # a running portal: WAL mode, a connection open
    portal.execute("PRAGMA journal_mode=WAL")
    portal.execute("SELECT COUNT(*) FROM auth_group").fetchone()
    try:
        code, ausgabe = einspielen(gueltig, live, "--ersetzen")
    finally:
        portal.close()
    assert code == 1
    assert "wird gerade benutzt" in ausgabe


@pytest.mark.django_db
def test_a_backup_can_be_verified_without_restoring_it(gueltige_sicherung, schlechte_dateien):
    gueltig, _ = gueltige_sicherung
    out = io.StringIO()
    call_command("sicherung_pruefen", str(gueltig), stdout=out)
    assert "Sicherung in Ordnung" in out.getvalue()
    with pytest.raises(CommandError, match="ist beschädigt"):
        call_command("sicherung_pruefen", str(schlechte_dateien["gekippte Bytes"]))


@pytest.mark.django_db
def test_an_existing_target_file_is_not_overwritten(tmp_path):
    backup = tmp_path / "sicherung.zip"
    backup.write_bytes(b"wichtig")
    with pytest.raises(CommandError, match="gibt es schon"):
        call_command("sicherung_erstellen", str(backup))
    assert backup.read_bytes() == b"wichtig"
    assert [p.name for p in tmp_path.iterdir()] == ["sicherung.zip"]


@pytest.mark.django_db
def test_a_missing_backup_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="gibt es nicht"):
        call_command("sicherung_einspielen", str(tmp_path / "fehlt.zip"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_holding_only_what_migrate_seeded_counts_as_empty(tmp_path):
    """The apps' seed migrations (statuses, scorecard, Servicestandard) fill tables; a restore still goes in."""
    before = {table: count for table, count in row_counts().items() if not table.startswith("sqlite_")}
    assert before["servicestandard_prinzip"] == 19 and before["scorecard_kriterium"] > 0
    backup = tmp_path / "sicherung.zip"
    call_command("sicherung_erstellen", str(backup), stdout=io.StringIO())
    live = None
    if SQLITE:  # a freshly migrated database file: what the test database holds now
        live = tmp_path / "live.sqlite3"
        with zipfile.ZipFile(backup) as archiv:
            live.write_bytes(archiv.read("datenbank.sqlite3"))

    code, ausgabe = einspielen(backup, live)

    assert code == 0, ausgabe
    assert (sqlite_zeilen(live) if SQLITE else row_counts()) == before
