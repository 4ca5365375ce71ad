"""Canonical digests of synced rows: what a payload's content hash and the sync laws compare.

A digest is a SHA-256 over text lines, one per row, in a fixed order: for each table
(the order of :data:`~liushou_desktop.db.models.SYNCED_MODELS`, then ``field_clock`` and
``row_alias``) a header line ``table`` + TAB + the column names joined by commas, then
each row sorted by its key, written as every column's value as SQLite's ``printf('%Q')``
writes it (``NULL``, or the value as text in single quotes with quotes doubled: ``'42'``,
``'it''s'``), the binary columns of the models (photos) as the ``hex()`` of their bytes,
joined by the unit separator (0x1F). The quoting makes a line stand for one row as the
receiving database stores it (the columns' types convert ``'42'`` to 42 there); text is
taken up to a NUL character, as SQLite's text functions do. SQLite writes each line in
one ``printf()`` (a third of the cost of ``quote()`` per value, a tenth of Python's), so
the digest is the same whatever order the rows were stored in, and any program with
SQLite can recompute it.

:func:`canonical_hash` digests a whole database: every column of every synced table,
the per-field clocks, and of the row aliases only which id stands for which (when and
by which key a merge matched two records depends on the order bundles arrived).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from liushou_desktop.db.models import SYNCED_MODELS

FIELD_CLOCK_COLUMNS = ("table_name", "row_id", "field", "clock", "origin")
FIELD_CLOCK_KEY = ("table_name", "row_id", "field")
ROW_ALIAS_COLUMNS = ("table_name", "alias_id", "row_id", "matched_by", "seen_at")
ROW_ALIAS_KEY = ("table_name", "alias_id")


@dataclass(frozen=True)
class TableSpec:
    """What of one table a digest covers: its columns, in order, and its sort key."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...] = ("id",)


def synced_columns() -> dict[str, tuple[str, ...]]:
    """Each synced table's columns by table name (parents first): ``id`` first, then the
    others in model order."""
    return _SYNCED_COLUMNS


_SYNCED_COLUMNS: dict[str, tuple[str, ...]] = {
    model.__tablename__: (  # type: ignore[attr-defined]
        "id",
        *(c.name for c in model.__table__.columns if c.name != "id"),  # type: ignore[attr-defined]
    )
    for model in SYNCED_MODELS
}


def quoted(name: str) -> str:
    """An SQL identifier in double quotes (column names such as ``on`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def _binary_columns() -> dict[str, frozenset[str]]:
    return {
        model.__tablename__: frozenset(  # type: ignore[attr-defined]
            c.name
            for c in model.__table__.columns  # type: ignore[attr-defined]
            if c.type.python_type is bytes
        )
        for model in SYNCED_MODELS
    }


_BINARY = _binary_columns()


def row_line(spec: TableSpec) -> str:
    """The SQL expression of one row's line (see the module docstring)."""
    binary = _BINARY.get(spec.name, frozenset())
    values = [
        f"iif({quoted(c)} IS NULL, NULL, hex({quoted(c)}))" if c in binary else quoted(c)
        for c in spec.columns
    ]
    pattern = "\x1f".join("%Q" for _ in values)
    return f"printf('{pattern}', {', '.join(values)})"


def digest(connection: sqlite3.Connection, specs: Sequence[TableSpec], schema: str = "main") -> str:
    """The SHA-256 hex digest of the tables ``specs`` names in ``schema`` (see the module
    docstring)."""
    hasher = hashlib.sha256()
    cursor = connection.cursor()
    for spec in specs:
        hasher.update(f"{spec.name}\t{','.join(spec.columns)}\n".encode())
        order = ", ".join(quoted(c) for c in spec.key)
        cursor.execute(
            f"SELECT {row_line(spec)} FROM {quoted(schema)}.{quoted(spec.name)} ORDER BY {order}"
        )
        while batch := cursor.fetchmany(20000):
            hasher.update("\n".join(row[0] for row in batch).encode())
            hasher.update(b"\n")
    cursor.close()
    return hasher.hexdigest()


def canonical_specs() -> list[TableSpec]:
    """What :func:`canonical_hash` covers."""
    specs = [TableSpec(name, columns) for name, columns in synced_columns().items()]
    specs.append(TableSpec("field_clock", FIELD_CLOCK_COLUMNS, FIELD_CLOCK_KEY))
    specs.append(TableSpec("row_alias", ("table_name", "alias_id", "row_id"), ROW_ALIAS_KEY))
    return specs


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under ``session``'s transaction (pending changes flushed)."""
    session.flush()
    raw = session.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def canonical_hash(session: Session) -> str:
    """SHA-256 over every synced table's rows sorted by id (all columns), the per-field
    clocks and the row aliases: equal for two databases that hold the same records."""
    return digest(driver_connection(session), canonical_specs())
