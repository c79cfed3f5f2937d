"""Many records at once, with their audit rows, in a fixed number of statements (the catalogue import).

django-simple-history's bulk helpers build a model instance per record and a historical instance per audit row;
for a catalogue of 5,000 Leistungen that Python work costs many times what the database needs. The two functions
here write the same rows as ``bulk_create_with_history`` set-based:

- :func:`zeilen_einfuegen` inserts plain rows with each field's default: on PostgreSQL one ``INSERT … SELECT FROM
  UNNEST`` of one array per column, on SQLite ``executemany`` of one prepared INSERT;
- :func:`historie_schreiben` copies the stored state of exactly the given records into their history table with
  one ``INSERT … SELECT`` per chunk: the audit row shows what is in the database, not what Python believed.

Only :mod:`catalog.services` calls them (``tests/ops/test_audit.py`` keeps it that way): the status rule and the
version counter stay the services' business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from itertools import batched
from typing import Any

from django.db import connection, models

from catalog.berechtigungen import authenticated_user

CHUNK = 2000  # records per statement (SQLite allows 32,766 parameters, PostgreSQL 65,535)
_PLAIN_FIELDS = {  # fields whose (validated) values both drivers take as they are: str, int, bool, None
    "CharField", "TextField", "URLField", "EmailField", "SlugField", "BooleanField", "IntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField", "ForeignKey",
}  # fmt: skip

ERSTELLT, GEAENDERT = "+", "~"  # simple_history's history_type values


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def zeilen_einfuegen(model: type[models.Model], zeilen: Sequence[Mapping[str, Any]], *, jetzt: dt.datetime) -> None:
    """Insert ``zeilen`` (field attname → value; foreign keys as ids) into ``model``'s table.

    Fields a row leaves out get their default; ``auto_now``/``auto_now_add`` fields get ``jetzt``. No signal is
    sent and nothing is validated here: the caller has validated every value (as ``bulk_create`` would expect).
    """
    if not zeilen:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    known = {f.attname for f in fields}
    unknown = set().union(*zeilen) - known
    if unknown:
        raise ValueError(f"{model.__name__} hat keine Felder {sorted(unknown)}.")
    defaults = [  # as the database wants them, prepared once
        f.get_db_prep_save(
            jetzt if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default(),
            connection,
        )
        for f in fields
    ]
    slots = [(f.attname, default) for f, default in zip(fields, defaults, strict=True)]
    # text, numbers, yes/no and keys go to the driver as they are; every other kind through its field
    prepared = [(index, f) for index, f in enumerate(fields) if f.get_internal_type() not in _PLAIN_FIELDS]
    insert = f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(_q(f.column) for f in fields)}) "  # noqa: S608 - names from the model
    postgresql = connection.vendor == "postgresql"
    if postgresql:  # one array per column: a few parameters however many rows (as Django's bulk_create does there)
        arrays = ", ".join(f"(%s)::{f.db_type(connection).split('(')[0]}[]" for f in fields)
        sql = f"{insert}SELECT * FROM UNNEST({arrays})"  # noqa: S608 - types from the model
    else:  # SQLite runs in the process: one prepared INSERT, executed per row, costs no round trip
        sql = f"{insert}VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for chunk in batched(zeilen, CHUNK):
            params = [[zeile.get(attname, default) for attname, default in slots] for zeile in chunk]
            for index, field in prepared:  # given dates and the like as the database wants them
                for row, zeile in zip(params, chunk, strict=True):
                    if field.attname in zeile:
                        row[index] = field.get_db_prep_save(row[index], connection)
            if postgresql:
                cursor.execute(sql, [list(column) for column in zip(*params, strict=True)])
            else:
                cursor.executemany(sql, params)


def historie_schreiben(
    model: type[models.Model],
    pks: Iterable[int],
    *,
    art: str,
    zeitpunkt: dt.datetime,
    user=None,
    grund: str = "",
) -> int:
    """One history row per record in ``pks``, holding its stored state; returns the number of rows written.

    ``art`` is simple_history's history type (:data:`ERSTELLT` or :data:`GEAENDERT`), ``grund`` its change
    reason, ``user`` who did it (or ``None``).
    """
    history = model.history.model
    meta = history._meta
    tracked = [f.column for f in history.tracked_fields]
    extra = [meta.get_field(name) for name in ("history_date", "history_change_reason", "history_type", "history_user")]
    values = [
        extra[0].get_db_prep_save(zeitpunkt, connection),
        grund[: extra[1].max_length] if grund else None,
        art,
        getattr(authenticated_user(user), "pk", None),
    ]
    placeholders = ["%s"] * len(values)
    if connection.vendor == "postgresql":  # a parameter in a SELECT list has no type of its own there
        placeholders = [f"CAST(%s AS {f.cast_db_type(connection)})" for f in extra]
    into = ", ".join(_q(c) for c in [*tracked, *(f.column for f in extra)])
    select = ", ".join([*(_q(c) for c in tracked), *placeholders])
    pk_column = _q(model._meta.pk.column)
    written = 0
    with connection.cursor() as cursor:
        for chunk in batched(pks, CHUNK):
            cursor.execute(
                f"INSERT INTO {_q(meta.db_table)} ({into}) SELECT {select} FROM {_q(model._meta.db_table)} "  # noqa: S608 - names from the models, values as parameters
                f"WHERE {pk_column} IN ({', '.join(['%s'] * len(chunk))})",
                [*values, *chunk],
            )
            written += cursor.rowcount
    return written
