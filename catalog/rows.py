"""Many records at once, with their audit rows, in a fixed number of statements (the services' set-based writes).

django-simple-history's bulk helpers build a model instance per record and a historical instance per audit row,
and Django's ``bulk_update`` writes one ``CASE WHEN`` per record and field; for a catalogue of 5,000 Leistungen
that Python work costs many times what the database needs. The three functions here write the same rows
set-based:

- :func:`insert_rows` inserts plain rows with each field's default: on PostgreSQL with ``COPY``, on SQLite
  ``executemany`` of one prepared INSERT;
- :func:`update_rows` changes given columns of given records and raises their version with the database's own
  arithmetic (``version = version + 1``): on PostgreSQL one ``UPDATE … FROM UNNEST`` per chunk, on SQLite
  ``executemany`` of one prepared UPDATE (SQLite runs in the process: a prepared statement per row costs no round
  trip);
- :func:`write_history` copies the stored state of exactly the given records into their history table with one
  ``INSERT … SELECT`` per chunk: the audit row shows what is in the database, not what Python believed.

Only the services (:mod:`catalog.services`) call them (``tests/ops/test_audit.py`` keeps it that way): the
status rule, the locks and the version counter stay the services' business.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping, Sequence
from itertools import batched
from typing import Any

from django.db import connection, models

CHUNK = 2000  # records per statement (SQLite allows 32,766 parameters, PostgreSQL 65,535)
_PLAIN_FIELDS = {  # fields whose (validated) values both drivers take as they are: str, int, bool, None
    "CharField", "TextField", "URLField", "EmailField", "SlugField", "BooleanField", "IntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField", "ForeignKey",
}  # fmt: skip

CREATED, CHANGED = "+", "~"  # simple_history's history_type values


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _array_type(field: models.Field) -> str:
    """The PostgreSQL type of an array of ``field``'s values ("varchar", "integer", "date" …)."""
    return field.db_type(connection).split("(")[0]


def _prepare(fields: Sequence[models.Field], params: list[list], *, offset: int = 0) -> None:
    """Values of fields other than text, numbers, yes/no and keys (dates …) as the database wants them."""
    for index, field in enumerate(fields):
        if field.get_internal_type() in _PLAIN_FIELDS:
            continue
        for row in params:
            row[index + offset] = field.get_db_prep_save(row[index + offset], connection)


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, now: dt.datetime) -> None:
    """Insert ``rows`` (field attname → value; foreign keys as ids) into ``model``'s table.

    Fields a row leaves out get their default; ``auto_now``/``auto_now_add`` fields get ``now``. No signal is
    sent and nothing is validated here: the caller has validated every value (as ``bulk_create`` would expect).
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    known = {f.attname for f in fields}
    unknown = set().union(*rows) - known
    if unknown:
        raise ValueError(f"{model.__name__} hat keine Felder {sorted(unknown)}.")
    defaults = [  # as the database wants them, prepared once
        f.get_db_prep_save(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default(),
            connection,
        )
        for f in fields
    ]
    slots = [(f.attname, default) for f, default in zip(fields, defaults, strict=True)]
    # text, numbers, yes/no and keys go to the driver as they are; every other kind through its field
    prepared = [(index, f) for index, f in enumerate(fields) if f.get_internal_type() not in _PLAIN_FIELDS]
    table, columns = _q(model._meta.db_table), ", ".join(_q(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the rows as one stream, converted by psycopg's C adapters (an array parameter per column would
            # be written out as one long literal by the client-side binding Django uses)
            sql = f"COPY {table} ({columns}) FROM STDIN"  # names from the model
            started = time.monotonic()
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:  # Django's exceptions
                for chunk in batched(rows, CHUNK):
                    for values in _values(chunk, slots, prepared):
                        copy.write_row(values)
            if connection.queries_logged:  # counted like every other statement (Django does not see COPY)
                connection.queries_log.append(
                    {"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - started:.3f}"}
                )
            return
        # SQLite runs in the process: one prepared INSERT, executed per row, costs no round trip
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 - names from the model
        for chunk in batched(rows, CHUNK):
            cursor.executemany(sql, _values(chunk, slots, prepared))


def _values(chunk, slots, prepared) -> list[list]:
    params = [[row.get(attname, default) for attname, default in slots] for row in chunk]
    for index, field in prepared:  # given dates and the like as the database wants them
        for values, row in zip(params, chunk, strict=True):
            if field.attname in row:
                values[index] = field.get_db_prep_save(values[index], connection)
    return params


def update_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    now: dt.datetime,
    raise_version: str | None = "version",
) -> None:
    """Set the columns ``attnames`` of the records in ``rows`` (each ``(pk, value, value, …)`` in the order of
    ``attnames``; foreign keys as ids), raise the field ``raise_version`` by one in the database, and set every
    ``auto_now`` field to ``now``. Nothing is validated or locked here: the caller (a service) has done both.
    """
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in attnames]
    fields = [meta.get_field(f.name) for f in fields]  # an attname ("amt_id") names its field too
    automatic = [f for f in meta.concrete_fields if getattr(f, "auto_now", False)]
    table, pk = _q(meta.db_table), _q(meta.pk.column)
    postgresql = connection.vendor == "postgresql"
    target = "t." if postgresql else ""
    sets = [f"{_q(f.column)} = {'v.' if postgresql else ''}{_q(f.column) if postgresql else '%s'}" for f in fields]
    if raise_version:
        column = _q(meta.get_field(raise_version).column)
        sets.append(f"{column} = {target}{column} + 1")
    sets += [f"{_q(f.column)} = %s" for f in automatic]
    stamps = [f.get_db_prep_save(now, connection) for f in automatic]
    if postgresql:  # one statement per chunk: the rows as one array per column
        arrays = ", ".join(f"(%s)::{_array_type(f)}[]" for f in [meta.pk, *fields])
        names = ", ".join(_q(f.column) for f in [meta.pk, *fields])
        sql = (
            f"UPDATE {table} AS t SET {', '.join(sets)} FROM UNNEST({arrays}) AS v({names}) "  # noqa: S608 - names from the model
            f"WHERE t.{pk} = v.{pk}"
        )
    else:
        sql = f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} = %s"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for chunk in batched(rows, CHUNK):
            params = [[*row[1:]] for row in chunk]
            _prepare(fields, params)
            if postgresql:
                pks = [row[0] for row in chunk]
                columns = [list(column) for column in zip(*params, strict=True)] if fields else []
                cursor.execute(sql, [*stamps, pks, *columns])
            else:
                cursor.executemany(sql, [[*values, *stamps, row[0]] for values, row in zip(params, chunk, strict=True)])


def write_history(
    model: type[models.Model],
    pks: Iterable[int],
    *,
    kind: str,
    when: dt.datetime,
    user=None,
    reason: str = "",
) -> int:
    """One history row per record in ``pks``, holding its stored state; returns the number of rows written.

    ``kind`` is simple_history's history type (:data:`CREATED` or :data:`CHANGED`), ``reason`` its change
    reason, ``user`` who did it (or ``None``).
    """
    history = model.history.model
    meta = history._meta
    tracked = [f.column for f in history.tracked_fields]
    extra = [meta.get_field(name) for name in ("history_date", "history_change_reason", "history_type", "history_user")]
    values = [
        extra[0].get_db_prep_save(when, connection),
        reason[: extra[1].max_length] if reason else None,
        kind,
        user.pk if user is not None and user.is_authenticated else None,
    ]
    placeholders = ["%s"] * len(values)
    if connection.vendor == "postgresql":  # a parameter in a SELECT list has no type of its own there
        placeholders = [f"CAST(%s AS {f.cast_db_type(connection)})" for f in extra]
    into = ", ".join(_q(c) for c in [*tracked, *(f.column for f in extra)])
    select = ", ".join([*(_q(c) for c in tracked), *placeholders])
    pk_column = _q(model._meta.pk.column)
    sql = f"INSERT INTO {_q(meta.db_table)} ({into}) SELECT {select} FROM {_q(model._meta.db_table)} WHERE {pk_column} "  # noqa: S608 - names from the models, values as parameters
    written = 0
    with connection.cursor() as cursor:
        for chunk in batched(pks, CHUNK):
            if connection.vendor == "postgresql":  # one array, not 2,000 placeholders for the client to fill in
                cursor.execute(f"{sql}= ANY(%s)", [*values, list(chunk)])
            else:
                cursor.execute(f"{sql}IN ({', '.join(['%s'] * len(chunk))})", [*values, *chunk])
            written += cursor.rowcount
    return written


def add_counts(
    model: type[models.Model], counts: Mapping[tuple, int], *, key: Sequence[str], count: str = "anzahl"
) -> None:
    """Add ``counts`` (values of the fields ``key`` → a number, negative to subtract) to the counter column
    ``count`` of ``model``'s rows; a missing row is created, a row that reaches 0 is deleted.

    One ``INSERT … ON CONFLICT DO UPDATE`` per chunk (``key`` must be a unique constraint), the rows in key order,
    so that two transactions adding to the same counters lock them in the same order.
    """
    rows = sorted((tuple(k), n) for k, n in counts.items() if n)
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in key]
    table, columns = _q(meta.db_table), [_q(f.column) for f in fields]
    counter = _q(meta.get_field(count).column)
    placeholders = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    conflict = f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET {counter} = {table}.{counter} + EXCLUDED.{counter}"
    first = fields[0]
    with connection.cursor() as cursor:
        for chunk in batched(rows, CHUNK):
            params = [[*k, n] for k, n in chunk]
            _prepare(fields, params)
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}, {counter}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join([placeholders] * len(chunk))} {conflict}"
            )
            cursor.execute(sql, [value for row in params for value in row])
            leading = sorted({row[0] for row in params})  # the chunk's values of the key's first field
            cursor.execute(
                f"DELETE FROM {table} WHERE {counter} = 0 AND {_q(first.column)} IN "  # noqa: S608 - names from the model
                f"({', '.join(['%s'] * len(leading))})",
                leading,
            )
