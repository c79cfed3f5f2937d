"""Backup and restore of the portal's whole database (Sicherung), for operations.

A backup is a ZIP archive, readable only by its owner (0600), with two members:

- ``sicherung.json``: format and version, the kind of database, when, the applied migrations, the rows per table,
  and name, size and SHA-256 of the content;
- the content: on SQLite a copy made with the online backup API (consistent while the portal runs), on PostgreSQL
  ``pg_dump -Fc`` of the same snapshot in which migrations and rows were read.

A restore verifies everything before it touches the live database: the archive (ZIP checksums), the metadata,
that the database kind and the migrations match this portal, size and SHA-256 of the content, and the content
itself (SQLite: integrity and foreign-key check, migrations and rows as the metadata says; PostgreSQL: pg_restore
can read its table of contents, and its migrations are the metadata's). Only then: on SQLite the verified copy
replaces the live file by an atomic rename (refused while another process has the database open); on
PostgreSQL ``pg_restore --single-transaction`` replaces the tables (all or nothing). A restore goes into an empty
database (just created, or migrated without data); with ``force`` it replaces what is there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess  # noqa: S404 - pg_dump/pg_restore with fixed arguments, no shell
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = "ozgportal-sicherung"
VERSION = 1
KOPF = "sicherung.json"
INHALT = {"sqlite": "datenbank.sqlite3", "postgresql": "datenbank.pgdump"}
DATENBANKART = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_BLOCK = 1 << 20
_KOPF_HOECHSTENS = 1 << 20


class SicherungFehler(Exception):
    """A backup or restore that could not be done; the message says why, in German.

    ``unveraendert``: the live database is as it was (every refusal before the restore itself)."""

    def __init__(self, message: str, *, unveraendert: bool = True):
        super().__init__(message)
        self.unveraendert = unveraendert


@dataclass(frozen=True)
class Kopf:
    """What ``sicherung.json`` says about a backup."""

    datenbank: str
    erstellt: str
    migrationen: frozenset[tuple[str, str]]
    zeilen: dict[str, int]
    datei: str
    groesse: int
    sha256: str


def row_counts(using: str = "default") -> dict[str, int]:
    """Rows per table of the database, for comparing a restore with its source."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            counts[table] = cursor.fetchone()[0]
    return counts


def privat_datei(verzeichnis: Path, praefix: str = ".sicherung-") -> Path:
    """A new, empty file in ``verzeichnis`` that only its owner may read and write (0600, whatever the umask)."""
    handle, name = tempfile.mkstemp(dir=verzeichnis, prefix=praefix, suffix=".tmp")
    os.close(handle)
    return Path(name)


def migrationen_im_code() -> frozenset[tuple[str, str]]:
    """Every migration this version of the portal has (what a fully migrated database has applied)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


# --- Creating a backup ---------------------------------------------------------------------------------------


def sicherung_erstellen(path: Path, *, using: str = "default") -> dict[str, int]:
    """Write a backup of the whole database to ``path`` (0600); returns the row counts it holds."""
    connection = connections[using]
    path = Path(path)
    if path.exists():
        raise SicherungFehler(f"Die Datei {path} gibt es schon; bitte einen neuen Namen wählen.")
    if connection.vendor not in INHALT:
        raise SicherungFehler(f"Für die Datenbank {connection.vendor} gibt es keine Sicherung.")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    roh = privat_datei(path.parent)
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(roh) as ziel:
                connection.connection.backup(ziel)
            ziel.close()
            zeilen, migrationen = _sqlite_inhalt(roh)
        else:
            zeilen, migrationen = _pg_dump(connection, roh)
        _verpacken(path, roh, vendor=connection.vendor, zeilen=zeilen, migrationen=migrationen)
    finally:
        roh.unlink(missing_ok=True)
    return zeilen


def _sqlite_inhalt(datei: Path) -> tuple[dict[str, int], frozenset[tuple[str, str]]]:
    """Rows per table and the applied migrations of the SQLite database file ``datei``."""
    db = sqlite3.connect(datei)
    try:
        tabellen = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not name.startswith("sqlite_")
        ]
        zeilen = {}
        for name in tabellen:
            quoted = name.replace('"', '""')
            zeilen[name] = db.execute(f'SELECT COUNT(*) FROM "{quoted}"').fetchone()[0]  # noqa: S608 - own names
        migrationen = frozenset()
        if "django_migrations" in zeilen:
            migrationen = frozenset(db.execute("SELECT app, name FROM django_migrations"))
    finally:
        db.close()
    return zeilen, migrationen


def _pg_dump(connection, ziel: Path) -> tuple[dict[str, int], frozenset[tuple[str, str]]]:
    """pg_dump of one snapshot into ``ziel``; rows and migrations read in that same snapshot."""
    if connection.in_atomic_block:
        raise SicherungFehler("Eine Sicherung lässt sich nicht innerhalb einer laufenden Transaktion erstellen.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        zeilen = row_counts(connection.alias)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrationen = frozenset(cursor.fetchall())
        _pg_programm(
            "pg_dump",
            ["--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(ziel)],
            connection.settings_dict,
        )
    return zeilen, migrationen


def _verpacken(path: Path, roh: Path, *, vendor: str, zeilen, migrationen) -> None:
    """Write the archive next to ``path`` (0600), then give it its name without ever overwriting a file."""
    groesse, pruefsumme = _pruefsumme(roh)
    kopf = {
        "format": FORMAT,
        "version": VERSION,
        "datenbank": vendor,
        "erstellt": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "migrationen": sorted([list(m) for m in migrationen]),
        "zeilen": zeilen,
        "inhalt": {"datei": INHALT[vendor], "groesse": groesse, "sha256": pruefsumme},
    }
    archiv_datei = privat_datei(path.parent)
    try:
        # pg_dump's custom format is compressed already; the SQLite copy is not.
        packen = zipfile.ZIP_STORED if vendor == "postgresql" else zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(archiv_datei, "w", compression=zipfile.ZIP_DEFLATED) as archiv:
            archiv.writestr(KOPF, json.dumps(kopf, ensure_ascii=False, indent=1))
            archiv.write(roh, INHALT[vendor], compress_type=packen)
        _auf_platte(archiv_datei)
        try:
            os.link(archiv_datei, path)  # atomic, and never over an existing file
        except FileExistsError:
            raise SicherungFehler(f"Die Datei {path} gibt es schon; bitte einen neuen Namen wählen.") from None
        except OSError:  # a file system without hard links: rename, having looked first
            if path.exists():
                raise SicherungFehler(f"Die Datei {path} gibt es schon; bitte einen neuen Namen wählen.") from None
            os.replace(archiv_datei, path)
        _auf_platte(path.parent)
    finally:
        archiv_datei.unlink(missing_ok=True)


def _pruefsumme(datei: Path) -> tuple[int, str]:
    summe = hashlib.sha256()
    groesse = 0
    with datei.open("rb") as handle:
        while block := handle.read(_BLOCK):
            summe.update(block)
            groesse += len(block)
    return groesse, summe.hexdigest()


def _auf_platte(path: Path) -> None:
    """fsync a file or a folder, so that a rename or link survives a crash."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# --- Verifying and restoring ---------------------------------------------------------------------------------


def sicherung_einspielen(path: Path, *, using: str = "default", force: bool = False) -> dict[str, int]:
    """Verify the backup at ``path`` completely, then restore it; refuses a database that holds data unless
    ``force``. Returns the row counts after the restore."""
    connection = connections[using]
    if not Path(path).is_file():
        raise SicherungFehler(f"Die Sicherungsdatei {path} gibt es nicht.")
    live = _sqlite_datei(connection) if connection.vendor == "sqlite" else None
    with _geprueft(path, connection, live.parent if live else None) as (kopf, geprueft):
        if not force and _has_data(using):
            raise SicherungFehler(
                "Die Datenbank enthält schon Daten. Eine Sicherung wird nur in eine leere Datenbank eingespielt "
                "(oder mit --ersetzen, das den bisherigen Inhalt überschreibt)."
            )
        if live:
            _sqlite_ersetzen(connection, live, geprueft)
        else:
            connection.close()  # pg_restore drops and recreates tables; keep no session of ours open on them
            # one transaction: if anything fails, PostgreSQL rolls the whole restore back
            _pg_programm(
                "pg_restore",
                ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(geprueft)],
                connection.settings_dict,
                mit_datenbank=True,
            )
    counts = row_counts(using)
    eingespielt = {table: count for table, count in counts.items() if not table.startswith("sqlite_")}
    if eingespielt != kopf.zeilen:
        raise SicherungFehler(
            "Die Sicherung ist eingespielt, aber die Zeilen je Tabelle weichen von ihren Angaben ab: "
            + _abweichungen(kopf.zeilen, eingespielt),
            unveraendert=False,
        )
    return counts


def sicherung_pruefen(path: Path, *, using: str = "default") -> Kopf:
    """Verify a backup completely, as a restore would, without restoring it."""
    with _geprueft(path, connections[using], None) as (kopf, _):
        return kopf


@contextmanager
def _geprueft(path: Path, connection, verzeichnis: Path | None) -> Iterator[tuple[Kopf, Path]]:
    """The metadata and a verified copy of the content (0600, in ``verzeichnis``), removed afterwards."""
    path = Path(path)
    if not path.is_file():
        raise SicherungFehler(f"Die Sicherungsdatei {path} gibt es nicht.")
    if connection.vendor not in INHALT:
        raise SicherungFehler(f"Für die Datenbank {connection.vendor} gibt es keine Sicherung.")
    kopf = kopf_lesen(path)
    _passt_zum_portal(kopf, connection.vendor)
    geprueft = privat_datei(verzeichnis or Path(tempfile.gettempdir()))
    try:
        _auspacken(path, kopf, geprueft)
        if connection.vendor == "sqlite":
            _sqlite_pruefen(geprueft, kopf)
        else:
            _pg_pruefen(geprueft, kopf, connection.settings_dict)
        yield kopf, geprueft
    finally:
        geprueft.unlink(missing_ok=True)


def kopf_lesen(path: Path) -> Kopf:
    """The metadata of the backup at ``path``; anything that is not a readable portal backup is refused."""
    with path.open("rb") as handle:
        anfang = handle.read(16)
    if not anfang:
        raise SicherungFehler(f"Die Datei {path} ist leer und damit keine Sicherung des OZG-Portals.")
    if anfang.startswith(b"SQLite format 3"):
        raise _keine_sicherung(path, "eine SQLite-Datenbank ohne die Angaben einer Sicherung")
    if anfang.startswith(b"PGDMP"):
        raise _keine_sicherung(path, "eine pg_dump-Datei ohne die Angaben einer Sicherung")
    if not anfang.startswith(b"PK\x03\x04"):
        raise _keine_sicherung(path, "kein Sicherungsarchiv")
    try:
        with zipfile.ZipFile(path) as archiv:
            if KOPF not in archiv.namelist():
                raise _keine_sicherung(path, f"{KOPF} fehlt")
            info = archiv.getinfo(KOPF)
            if info.file_size > _KOPF_HOECHSTENS:
                raise _keine_sicherung(path, f"{KOPF} ist zu groß")
            daten = json.loads(archiv.read(info).decode("utf-8"))
            if not isinstance(daten, dict) or daten.get("format") != FORMAT:
                raise _keine_sicherung(path, f"{KOPF} beschreibt keine Sicherung des Portals")
            if daten.get("version") != VERSION:
                raise SicherungFehler(
                    f"Die Sicherung {path} hat das Format {daten.get('version')!r}; dieses Portal liest Format "
                    f"{VERSION}."
                )
            inhalt = daten["inhalt"]
            kopf = Kopf(
                datenbank=str(daten["datenbank"]),
                erstellt=str(daten["erstellt"]),
                migrationen=frozenset((str(app), str(name)) for app, name in daten["migrationen"]),
                zeilen={str(table): int(count) for table, count in daten["zeilen"].items()},
                datei=str(inhalt["datei"]),
                groesse=int(inhalt["groesse"]),
                sha256=str(inhalt["sha256"]),
            )
            if kopf.datei not in archiv.namelist():
                raise _beschaedigt(path, f"der Inhalt {kopf.datei} fehlt")
    except KeyError as exc:
        raise _keine_sicherung(path, f"die Angabe {exc} fehlt") from None
    except (TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, UnicodeDecodeError | json.JSONDecodeError):
            raise _beschaedigt(path, f"{KOPF} ist nicht lesbar") from None
        raise _keine_sicherung(path, f"{KOPF} ist unvollständig ({exc})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _beschaedigt(path, f"das Archiv ist nicht lesbar ({exc})") from None
    return kopf


def _keine_sicherung(path: Path, grund: str) -> SicherungFehler:
    return SicherungFehler(
        f"Die Datei {path} ist keine Sicherung des OZG-Portals ({grund}). "
        "Sicherungen schreibt „manage.py sicherung_erstellen“."
    )


def _beschaedigt(path: Path, grund: str) -> SicherungFehler:
    return SicherungFehler(f"Die Sicherung {path} ist beschädigt oder unvollständig: {grund}.")


def _passt_zum_portal(kopf: Kopf, vendor: str) -> None:
    if kopf.datenbank != vendor:
        raise SicherungFehler(
            f"Die Sicherung stammt aus einer {DATENBANKART.get(kopf.datenbank, kopf.datenbank)}-Datenbank; das "
            f"Portal läuft mit {DATENBANKART[vendor]}. Eine Sicherung lässt sich nur in dieselbe Art von "
            "Datenbank einspielen."
        )
    if kopf.datei != INHALT[vendor]:
        raise SicherungFehler(f"Die Sicherung enthält {kopf.datei!r} statt {INHALT[vendor]!r}.")
    im_code = migrationen_im_code()
    unbekannt, fehlend = kopf.migrationen - im_code, im_code - kopf.migrationen
    if unbekannt or fehlend:
        teile = []
        if unbekannt:
            teile.append(f"die Sicherung hat Migrationen, die dieses Portal nicht kennt: {_liste(unbekannt)}")
        if fehlend:
            teile.append(f"in der Sicherung fehlen die Migrationen {_liste(fehlend)}")
        raise SicherungFehler(
            "Die Sicherung passt nicht zu diesem Stand des Portals: "
            + "; ".join(teile)
            + ". Bitte mit dem Stand des Portals einspielen, mit dem sie erstellt wurde, und danach aktualisieren "
            "(„manage.py migrate“)."
        )


def _liste(migrationen, hoechstens: int = 5) -> str:
    namen = [f"{app}.{name}" for app, name in sorted(migrationen)]
    rest = len(namen) - hoechstens
    return ", ".join(namen[:hoechstens]) + (f" und {rest} weitere" if rest > 0 else "")


def _abweichungen(erwartet: dict[str, int], gefunden: dict[str, int], hoechstens: int = 5) -> str:
    tabellen = sorted(t for t in erwartet.keys() | gefunden.keys() if erwartet.get(t) != gefunden.get(t))
    return ", ".join(
        f"{t}: {gefunden.get(t, 'fehlt')} statt {erwartet.get(t, 'keine')}" for t in tabellen[:hoechstens]
    ) + (f" und {len(tabellen) - hoechstens} weitere" if len(tabellen) > hoechstens else "")


def _auspacken(path: Path, kopf: Kopf, ziel: Path) -> None:
    """Copy the content into ``ziel`` (0600), checking its ZIP checksum, its size and its SHA-256."""
    summe = hashlib.sha256()
    groesse = 0
    try:
        with zipfile.ZipFile(path) as archiv, archiv.open(kopf.datei) as quelle, ziel.open("wb") as handle:
            if archiv.getinfo(kopf.datei).file_size != kopf.groesse:
                raise SicherungFehler(
                    f"Die Sicherung {path} ist beschädigt: Der Inhalt ist nicht so groß, wie ihre Angaben sagen."
                )
            while block := quelle.read(_BLOCK):
                groesse += len(block)
                if groesse > kopf.groesse:
                    break
                summe.update(block)
                handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise SicherungFehler(
            f"Die Sicherung {path} ist beschädigt: Der Inhalt stimmt nicht mit seiner Prüfsumme überein ({exc})."
        ) from None
    if groesse != kopf.groesse or summe.hexdigest() != kopf.sha256:
        raise SicherungFehler(
            f"Die Sicherung {path} ist beschädigt: Der Inhalt stimmt nicht mit seiner Prüfsumme überein "
            "(SHA-256 in sicherung.json)."
        )


def _sqlite_pruefen(datei: Path, kopf: Kopf) -> None:
    """The extracted SQLite copy is sound and holds what the metadata says; left in rollback-journal mode."""
    try:
        db = sqlite3.connect(datei)
        try:
            ergebnis = [zeile[0] for zeile in db.execute("PRAGMA integrity_check")]
            if ergebnis != ["ok"]:
                raise SicherungFehler(
                    "Die Datenbank in der Sicherung ist beschädigt (SQLite: " + "; ".join(ergebnis[:3]) + ")."
                )
            if db.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise SicherungFehler("Die Datenbank in der Sicherung verweist auf Zeilen, die es nicht gibt.")
            db.execute("PRAGMA journal_mode=DELETE")
        finally:
            db.close()
        zeilen, migrationen = _sqlite_inhalt(datei)
    except sqlite3.DatabaseError as exc:
        raise SicherungFehler(f"Die Datenbank in der Sicherung ist nicht lesbar (SQLite: {exc}).") from None
    if migrationen != kopf.migrationen:
        raise SicherungFehler("Die Datenbank in der Sicherung passt nicht zu ihren Angaben (Migrationen).")
    if zeilen != kopf.zeilen:
        raise SicherungFehler(
            "Die Datenbank in der Sicherung passt nicht zu ihren Angaben (Zeilen je Tabelle: "
            + _abweichungen(kopf.zeilen, zeilen)
            + ")."
        )


def _pg_pruefen(datei: Path, kopf: Kopf, settings_dict: dict) -> None:
    """pg_restore can read the dump, and the migrations in it are the metadata's."""
    try:
        _pg_programm("pg_restore", ["--list", str(datei)], settings_dict)
        text = _pg_programm(
            "pg_restore", ["--data-only", "--table=django_migrations", "--file=-", str(datei)], settings_dict
        )
    except SicherungFehler as exc:
        raise SicherungFehler(f"Die Datenbank in der Sicherung ist nicht lesbar ({exc}).") from None
    migrationen, im_copy = set(), False
    for zeile in text.splitlines():
        if zeile.startswith("COPY ") and "django_migrations" in zeile:
            im_copy = True
        elif im_copy and zeile == "\\.":
            im_copy = False
        elif im_copy:
            spalten = zeile.split("\t")
            migrationen.add((spalten[1], spalten[2]))
    if frozenset(migrationen) != kopf.migrationen:
        raise SicherungFehler("Die Datenbank in der Sicherung passt nicht zu ihren Angaben (Migrationen).")


def _sqlite_datei(connection) -> Path:
    if connection.is_in_memory_db():
        raise SicherungFehler("Eine Sicherung lässt sich nur in eine SQLite-Datei einspielen, nicht in den Speicher.")
    return Path(connection.settings_dict["NAME"]).resolve()


def _sqlite_ersetzen(connection, live: Path, geprueft: Path) -> None:
    """Replace the live SQLite file by the verified copy with one atomic rename, if nobody else has it open."""
    connection.close()
    if live.exists():
        _sqlite_fuer_sich(live)
        alt = live.stat()
        os.chmod(geprueft, stat.S_IMODE(alt.st_mode))
        if (alt.st_uid, alt.st_gid) != (os.getuid(), os.getgid()):
            with suppress(PermissionError):  # then the restorer owns the new file (README, Betrieb)
                os.chown(geprueft, alt.st_uid, alt.st_gid)
    os.replace(geprueft, live)
    _auf_platte(live.parent)


def _sqlite_fuer_sich(live: Path) -> None:
    """Take the live database out of WAL mode; that works only while no other connection has it open."""
    db = sqlite3.connect(live, timeout=0.5)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        modus = db.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if modus != "delete":
            raise sqlite3.OperationalError(modus)
        db.execute("BEGIN EXCLUSIVE")
        db.rollback()
    except sqlite3.OperationalError:
        raise SicherungFehler(
            f"Die Datenbank {live} wird gerade benutzt (läuft das Portal noch?). Bitte das Portal anhalten und "
            "die Sicherung dann einspielen."
        ) from None
    finally:
        db.close()
    for rest in ("-wal", "-journal"):
        if Path(f"{live}{rest}").exists():
            raise SicherungFehler(f"Neben der Datenbank {live} liegt noch {live.name}{rest}; bitte prüfen.")


def _has_data(using: str) -> bool:
    return any(count for table, count in row_counts(using).items() if table not in _SETUP_TABLES)


# Tables that migrate fills by itself; an "empty" database may hold them.
_SETUP_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "catalog_themenfeld",
    "catalog_status",
    "catalog_reifegrad",
    "catalog_historicalstatus",
    "scorecard_bereich",
    "scorecard_kriterium",
    "scorecard_option",
    "servicestandard_fassung",
    "servicestandard_gruppe",
    "servicestandard_prinzip",
}


def _pg_programm(name: str, args: list[str], settings_dict: dict, *, mit_datenbank: bool = False) -> str:
    """Run pg_dump / pg_restore with the connection settings; returns its standard output."""
    programm = shutil.which(name)
    if programm is None:
        raise SicherungFehler(
            f"Das Programm {name} wurde nicht gefunden; für PostgreSQL bitte die Client-Programme installieren "
            "(Debian: postgresql-client)."
        )
    verbindung = []
    if name == "pg_dump" or mit_datenbank:
        verbindung = ["--dbname", settings_dict["NAME"]]
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings_dict.get(key):
                verbindung += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    result = subprocess.run(  # noqa: S603
        [programm, *verbindung, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SicherungFehler(f"{name} ist fehlgeschlagen: {result.stderr.strip()}")
    return result.stdout
