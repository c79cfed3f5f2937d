"""Backup and restore of the portal's whole database (Sicherung), for operations.

SQLite: the online backup API (consistent while the portal runs). PostgreSQL: ``pg_dump -Fc`` and
``pg_restore`` (the client programs must be installed). A restore goes into an empty database (just created, or
migrated without data); with ``force`` it replaces what is there.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore with fixed arguments, no shell
from pathlib import Path

from django.db import connections


class SicherungFehler(Exception):
    """A backup or restore that could not be done; the message says why, in German."""


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


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SicherungFehler(
            f"Das Programm {name} wurde nicht gefunden; für PostgreSQL bitte die Client-Programme installieren "
            "(Debian: postgresql-client)."
        )
    return path


def sicherung_erstellen(path: Path, *, using: str = "default") -> dict[str, int]:
    """Write a backup of the whole database to ``path``; returns the row counts it holds."""
    connection = connections[using]
    path = Path(path)
    if path.exists():
        raise SicherungFehler(f"Die Datei {path} gibt es schon; bitte einen neuen Namen wählen.")
    path.parent.mkdir(parents=True, exist_ok=True)
    counts = row_counts(using)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        result = subprocess.run(  # noqa: S603
            [_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SicherungFehler(f"pg_dump ist fehlgeschlagen: {result.stderr.strip()}")
    else:
        raise SicherungFehler(f"Für die Datenbank {connection.vendor} gibt es keine Sicherung.")
    return counts


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


def sicherung_einspielen(path: Path, *, using: str = "default", force: bool = False) -> dict[str, int]:
    """Restore the backup at ``path`` into the database; refuses a database that holds data unless ``force``.

    Returns the row counts after the restore.
    """
    connection = connections[using]
    path = Path(path)
    if not path.is_file():
        raise SicherungFehler(f"Die Sicherungsdatei {path} gibt es nicht.")
    if not force and _has_data(using):
        raise SicherungFehler(
            "Die Datenbank enthält schon Daten. Eine Sicherung wird nur in eine leere Datenbank eingespielt "
            "(oder mit --ersetzen, das den bisherigen Inhalt überschreibt)."
        )
    if connection.vendor == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise SicherungFehler(f"{path} ist keine SQLite-Sicherung des Portals: {exc}") from exc
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        connection.close()  # pg_restore drops and recreates tables; keep no session of ours open on them
        result = subprocess.run(  # noqa: S603
            [_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SicherungFehler(f"pg_restore ist fehlgeschlagen: {result.stderr.strip()}")
    else:
        raise SicherungFehler(f"Für die Datenbank {connection.vendor} gibt es keine Sicherung.")
    return row_counts(using)
