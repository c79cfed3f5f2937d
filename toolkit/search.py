"""Case-insensitive text search that folds every letter, not only A–Z, the same on SQLite and PostgreSQL.

SQLite's ``LIKE`` and ``lower()`` fold only ASCII ("Ärztekammer" does not find "ärztekammer"), PostgreSQL's
``lower()`` follows the database's locale. Here a text is folded to lower case by one rule everywhere:

- the lookup ``fold_contains`` on every text field: ``Q(name__fold_contains="Ärztekammer")``, also in an admin's
  ``search_fields`` (``"name__fold_contains"``); underneath, the transform ``fold`` (``name__fold``);
- on SQLite a deterministic SQL function ``toolkit_fold`` (Python's ``str.lower``), registered on every connection
  (:func:`register_sqlite_fold`, connected in :class:`toolkit.apps.ToolkitConfig`);
- on PostgreSQL ``lower()`` under the ICU root collation ``"und-x-icu"``, whatever the database's own locale.

Only the case is folded: "Straße" is not "STRASSE". A search stays one query (a condition on the rows), whatever the
number of rows.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup, Q, TextField, Transform
from django.db.models.lookups import Contains

SQLITE_FUNCTION = "toolkit_fold"


def fold(text: str | None) -> str | None:
    """The folded form of ``text`` (what :class:`Fold` makes of a column in the database)."""
    return None if text is None else text.lower()


class Fold(Transform):
    """``<field>__fold``: the field's text folded to lower case, every script (see the module)."""

    lookup_name = "fold"
    output_field = TextField()

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"LOWER({lhs})", params

    def as_sqlite(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"{SQLITE_FUNCTION}({lhs})", params

    def as_postgresql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f'LOWER(({lhs})::text COLLATE "und-x-icu")', params


# The ASCII characters that some other character folds to (with others): "İ" → "i̇", the Kelvin sign "K" → "k".
_NICHT_NUR_ASCII = frozenset("ik")


def ascii_vorfilter(gefaltet: str) -> str | None:
    """A ``LIKE`` pattern (escape ``\\``) that every text whose folded form contains ``gefaltet`` matches under
    SQLite's ``LIKE``, which ignores the case of A–Z only: the runs of ASCII characters in ``gefaltet`` that no other
    character folds to, in their order, ``%`` between and around them. None when there is no such run.

    SQLite checks it in C before calling :func:`fold` in Python for the rows that pass: the result is the same,
    the cost of a search no longer a Python call per row. It holds because such a character in a folded text comes
    only from itself or its capital (checked over all of Unicode in the tests).
    """
    teile, lauf = [], []
    for zeichen in gefaltet:
        if zeichen.isascii() and zeichen not in _NICHT_NUR_ASCII:
            lauf.append("\\" + zeichen if zeichen in "%_\\" else zeichen)
        elif lauf:
            teile.append("".join(lauf))
            lauf = []
    if lauf:
        teile.append("".join(lauf))
    return f"%{'%'.join(teile)}%" if teile else None


class FoldContains(Lookup):
    """``<field>__fold_contains=text``: the folded field contains the folded ``text`` (``LIKE``, with ``%`` and
    ``_`` in ``text`` taken literally, as ``contains`` does)."""

    lookup_name = "fold_contains"

    def as_sql(self, compiler, connection):
        rhs = fold(self.rhs) if isinstance(self.rhs, str) else self.rhs
        return Contains(Fold(self.lhs), rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        """On SQLite first :func:`ascii_vorfilter` on the column itself, then the folded comparison."""
        sql, params = self.as_sql(compiler, connection)
        vorfilter = ascii_vorfilter(fold(self.rhs)) if isinstance(self.rhs, str) else None
        if vorfilter is None:
            return sql, params
        lhs, lhs_params = compiler.compile(self.lhs)
        return f"({lhs} LIKE %s ESCAPE '\\' AND {sql})", [*lhs_params, vorfilter, *params]


def register_lookups() -> None:
    for field in (CharField, TextField):
        field.register_lookup(Fold)
        field.register_lookup(FoldContains)


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite learns :func:`fold` as the SQL function ``toolkit_fold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def text_contains(fields: list[str], text: str) -> Q:
    """Rows whose text in any of ``fields`` contains ``text``, ignoring case in every script."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__fold_contains": text})
    return condition
