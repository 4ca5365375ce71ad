"""The payload of a sync bundle: the rows it carries, as a small SQLite database.

**Format.** The payload is an SQLite database made by SQLite itself (``INSERT ... SELECT`` into the
sending connection's ``temp`` schema) and turned into bytes with
``sqlite3.Connection.serialize()`` (the receiver ``deserialize()``\\ s it into memory:
nothing touches the disk, no parser of our own, and the issue's measurements found it
three times faster to merge than JSON lines). It holds:

- one table per synced table (:data:`~liushou_desktop.db.models.SYNCED_MODELS`), named
  and with columns named as in the models (declared as the sender's database declares
  them, in its order), ``id`` its primary key, values stored as the app's database stores
  them (dates and times as ISO text, JSON as text, booleans 0/1);
- ``field_clock`` (``table_name, row_id, field, clock, origin``): the per-field clocks of
  the child, family and guardian rows it carries;
- ``row_alias`` (``table_name, alias_id, row_id, matched_by, seen_at``): every alias the
  sender knows (one child registered at two schools);
- ``payload_meta`` (``key, value``): ``format`` (:data:`PAYLOAD_FORMAT`), ``clock_from``
  and ``clock_to``.

A payload holds every row whose clock is greater than ``clock_from`` (tombstones
included); every row of the sender with a clock up to ``clock_to`` is in it or in an
earlier payload. Its content hash is the SHA-256 of the serialized bytes (an
order-independent digest of the rows, as :func:`~liushou_desktop.sync.canonical.digest`
computes for whole databases, cost more than half of a big school's export and added
nothing the signature and the AEAD do not already guarantee).

:func:`read_payload` checks the structure against the models: a table, column or field
this version does not know means the bundle was made by a newer version and is refused.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import IN_CHUNK, chunks
from liushou_desktop.db.field_clocks import TRACKED
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.sync.canonical import (
    FIELD_CLOCK_COLUMNS,
    FIELD_CLOCK_KEY,
    ROW_ALIAS_COLUMNS,
    ROW_ALIAS_KEY,
    TableSpec,
    driver_connection,
    quoted,
    synced_columns,
)

PAYLOAD_FORMAT = 1
META_TABLE = "payload_meta"
TEMP_CACHE_KIB = -1_048_576  # at most 1 GiB of the temp schema's pages kept in memory


@dataclass(frozen=True)
class Payload:
    """A serialized payload: ``data`` (the SQLite database's bytes), rows per table in
    ``counts`` (synced tables, ``field_clock`` and ``row_alias``), ``content_hash`` (see
    :func:`content_hash`), and the clock range ``clock_from`` < clock <=
    ``clock_to`` of the changes it holds."""

    data: bytes
    counts: dict[str, int]
    content_hash: str
    clock_from: int
    clock_to: int


def payload_specs() -> list[TableSpec]:
    """The tables of a payload, in merge order, as the content hash covers them."""
    specs = [TableSpec(name, columns) for name, columns in synced_columns().items()]
    specs.append(TableSpec("field_clock", FIELD_CLOCK_COLUMNS, FIELD_CLOCK_KEY))
    specs.append(TableSpec("row_alias", ROW_ALIAS_COLUMNS, ROW_ALIAS_KEY))
    return specs


META_DEFINITION = f"{META_TABLE} (key TEXT PRIMARY KEY, value)"


def _column_definition(name: str, declared: str, default: str | None) -> str:
    definition = f"{quoted(name)} {declared}".rstrip()
    return definition if default is None else f"{definition} DEFAULT {default}"


def _create_schema(source: sqlite3.Connection, schema: str) -> dict[str, str]:
    """Make the payload's tables in ``schema`` of ``source``; return, for each synced
    table, what to select from ``main`` to fill it.

    A synced table's columns are declared as ``source``'s database declares them (types
    and defaults, in its order: SQLite wants them alike), with ``id`` the primary key and
    no foreign keys. An ``INSERT ... SELECT *`` into such a table from its empty start is
    SQLite's transfer optimisation: records and index entries are copied as they are, not
    decoded and built again (a big school's full export: 0.39 → 0.16 s of copying). NOT
    NULL is left out, which the optimisation does not need. The receiver checks columns
    by name and the primary key, not the declarations (see :func:`_check`).
    """
    selects = {}
    synced = synced_columns()
    for spec in payload_specs():
        if spec.name in synced:
            info = source.execute(f"PRAGMA main.table_info({quoted(spec.name)})").fetchall()
            kept = [row for row in info if row[1] in spec.columns]
            columns = [_column_definition(row[1], row[2], row[4]) for row in kept]
            everything = len(kept) == len(info)
            selects[spec.name] = "*" if everything else ", ".join(quoted(r[1]) for r in kept)
        else:
            columns = [quoted(c) for c in spec.columns]
        key = ", ".join(quoted(c) for c in spec.key)
        source.execute(
            f"CREATE TABLE {schema}.{quoted(spec.name)} ({', '.join(columns)}, PRIMARY KEY ({key}))"
        )
    source.execute(f"CREATE TABLE {schema}.{META_DEFINITION}")
    return selects


def _create_empty(target: sqlite3.Connection, names: set[str]) -> None:
    """Make the payload tables ``names`` in ``target``, empty (see :func:`read_payload`)."""
    for spec in payload_specs():
        if spec.name in names:
            columns = ", ".join(quoted(c) for c in spec.columns)
            key = ", ".join(quoted(c) for c in spec.key)
            target.execute(f"CREATE TABLE {quoted(spec.name)} ({columns}, PRIMARY KEY ({key}))")


def _drop_schema(target: sqlite3.Connection, schema: str) -> None:
    for spec in payload_specs():
        target.execute(f"DROP TABLE IF EXISTS {schema}.{quoted(spec.name)}")
    target.execute(f"DROP TABLE IF EXISTS {schema}.{META_TABLE}")


def collect_changes(session: Session, since_clock: int = 0) -> Payload:
    """Every synced row with a clock above ``since_clock`` (0: everything, ``--full``),
    tombstones included, with the per-field clocks of those rows and all row aliases.

    SQLite copies the rows itself, in ``session``'s transaction (see :func:`_temp_payload`).
    """
    source = driver_connection(session)
    with _temp_payload(source) as selects:
        counts: dict[str, int] = {}
        # A plain scan (the clock is not indexed: see migration 0007); everything is
        # copied without a WHERE, which the transfer optimisation needs.
        where, params = ("WHERE clock > ?", (since_clock,)) if since_clock else ("", ())
        for table in synced_columns():
            t = quoted(table)
            counts[table] = source.execute(
                f"INSERT INTO temp.{t} SELECT {selects[table]} FROM main.{t} {where}", params
            ).rowcount
        fc_names = ", ".join(f"fc.{quoted(c)}" for c in FIELD_CLOCK_COLUMNS)
        counts["field_clock"] = 0
        for table in TRACKED:
            counts["field_clock"] += source.execute(
                f"INSERT INTO temp.field_clock SELECT {fc_names} FROM main.field_clock fc "
                f"JOIN main.{quoted(table)} r ON r.id = fc.row_id "
                "WHERE fc.table_name = ? AND r.clock > ?",
                (table, since_clock),
            ).rowcount
        alias_names = ", ".join(ROW_ALIAS_COLUMNS)
        counts["row_alias"] = source.execute(
            f"INSERT INTO temp.row_alias SELECT {alias_names} FROM main.row_alias"
        ).rowcount
        return _serialized(source, counts, since_clock)


def township_payload(session: Session) -> Payload:
    """What a township sends its schools beside their receipts, as a payload: its notices
    (withdrawn ones as tombstones) and its shared activity templates (``school_id``
    empty); every other table empty."""
    source = driver_connection(session)
    with _temp_payload(source) as selects:
        counts = {spec.name: 0 for spec in payload_specs()}
        for table, where in (("activity_template", "WHERE school_id IS NULL"), ("notice", "")):
            counts[table] = source.execute(
                f"INSERT INTO temp.{table} SELECT {selects[table]} FROM main.{table} {where}"
            ).rowcount
        return _serialized(source, counts, 0)


@contextmanager
def _temp_payload(source: sqlite3.Connection) -> Iterator[dict[str, str]]:
    """The payload's tables made in the connection's ``temp`` schema for the length of
    the block (every statement names its schema, since these tables have the synced
    tables' names), then dropped; yields :func:`_create_schema`'s selects."""
    if source.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0]:
        raise RuntimeError("a payload needs the connection's temp schema empty")
    # The temp schema lives in a file unless ``temp_store`` says memory (which cannot be
    # switched inside a transaction): a cache as large as the payload keeps it in memory.
    cache = source.execute("PRAGMA temp.cache_size").fetchone()[0]
    source.execute(f"PRAGMA temp.cache_size = {TEMP_CACHE_KIB}")
    # The schema is dropped afterwards and its pages are reused by the next payload, whose
    # serialized bytes hold them all: they must be zeroed when freed, whatever SQLite's
    # build says (Debian's does; others need not), or they carry this payload's rows on.
    secure = source.execute("PRAGMA temp.secure_delete").fetchone()[0]
    source.execute("PRAGMA temp.secure_delete = 1")
    try:
        yield _create_schema(source, "temp")
    finally:
        _drop_schema(source, "temp")
        source.execute(f"PRAGMA temp.cache_size = {int(cache)}")
        source.execute(f"PRAGMA temp.secure_delete = {int(secure)}")


def _serialized(source: sqlite3.Connection, counts: dict[str, int], since_clock: int) -> Payload:
    """The payload filled in ``source``'s temp schema, its meta table written: its clock
    range runs from ``since_clock`` to the highest clock it holds or this installation
    has reached."""
    high = since_clock
    for table in synced_columns():
        # The rows above ``since_clock`` are all here, so their highest is the table's.
        top = source.execute(f"SELECT max(clock) FROM temp.{quoted(table)}").fetchone()[0]
        high = max(high, top or 0)
    top = source.execute("SELECT max(hlc) FROM main.installation").fetchone()[0]
    high = max(high, top or 0)
    meta = {"format": PAYLOAD_FORMAT, "clock_from": since_clock, "clock_to": high}
    source.executemany(f"INSERT INTO temp.{META_TABLE} VALUES (?, ?)", meta.items())
    data = source.serialize(name="temp")
    return Payload(data, counts, content_hash(data), since_clock, high)


def content_hash(data: bytes) -> str:
    """A payload's content hash: the SHA-256 hex digest of its serialized bytes."""
    return hashlib.sha256(data).hexdigest()


class PayloadFromNewerVersion(UserError):
    """The payload holds a table, column or format this version does not know."""


def _newer_version(what: str) -> UserError:
    return PayloadFromNewerVersion(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This bundle was made by a newer version of the program (it holds {what}, which "
            "this version does not know). Please upgrade the program on this computer, then "
            "import the bundle again. Nothing was imported.",
        ),
        {"what": what},
    )


def _damaged(what: str) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The bundle's contents are damaged ({what}). Nothing was imported: ask the sender "
            "to make a new bundle.",
        ),
        {"what": what},
    )


class PayloadReader:
    """A received payload, checked: its rows table by table, in merge order.

    Holds the payload in an in-memory SQLite database; :meth:`close` frees it.
    """

    def __init__(self, connection: sqlite3.Connection, data: bytes) -> None:
        self._db = connection
        self.data = data  # the payload's bytes, for the merge's inbox
        self.counts: dict[str, int] = {}
        self.clock_from = 0
        self.clock_to = 0
        self.max_clock = 0
        self.content_hash = ""

    def columns(self, table: str) -> tuple[str, ...]:
        """The columns of a synced table, in model order (rows come in this order)."""
        return synced_columns()[table]

    def rows(
        self, table: str, batch: int = 500, only: Sequence[str] | None = None
    ) -> Iterator[list[tuple[object, ...]]]:
        """The rows of a synced table in batches, sorted by id; of the ids in ``only``
        (sorted) when given."""
        names = ", ".join(quoted(c) for c in self.columns(table))
        if only is not None:
            select = f"SELECT {names} FROM {quoted(table)} WHERE id IN"
            for part in chunks(sorted(only), min(batch, IN_CHUNK)):
                marks = ", ".join("?" * len(part))
                yield self._db.execute(f"{select} ({marks}) ORDER BY id", part).fetchall()
            return
        cursor = self._db.execute(f"SELECT {names} FROM {quoted(table)} ORDER BY id")
        while chunk := cursor.fetchmany(batch):
            yield chunk
        cursor.close()

    def key_values(self, table: str, columns: Sequence[str]) -> list[tuple[object, ...]]:
        """The distinct values of ``columns`` (a natural key) in a synced table."""
        names = ", ".join(quoted(c) for c in columns)
        return self._db.execute(f"SELECT DISTINCT {names} FROM {quoted(table)}").fetchall()

    def field_clocks(self, table: str) -> dict[str, dict[str, tuple[int, str]]]:
        """``{row id: {field: (clock, origin)}}`` of one table's rows in the payload."""
        clocks: dict[str, dict[str, tuple[int, str]]] = {}
        for row_id, field, clock, origin in self._db.execute(
            "SELECT row_id, field, clock, origin FROM field_clock WHERE table_name = ?", (table,)
        ):
            clocks.setdefault(row_id, {})[field] = (clock, origin)
        return clocks

    def aliases(self) -> list[tuple[str, str, str, str]]:
        """``(table, alias id, row id, matched by)`` of every alias the sender knows."""
        return list(
            self._db.execute(
                "SELECT table_name, alias_id, row_id, matched_by FROM row_alias "
                "ORDER BY table_name, alias_id"
            )
        )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> PayloadReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


# Synced tables added after bundles began, with the schema revision that added each: a
# payload made by an older revision lacks them, and reads as if they were empty.
ADDED_IN_REVISION = {"notice": "0008"}


def read_payload(data: bytes, schema_version: str | None = None) -> PayloadReader:
    """Open and check a payload: tables, columns and fields against the models (unknown
    ones: made by a newer version), ids and clocks well-formed; the content hash
    computed from the bytes (compare it with the one the bundle states).

    ``schema_version`` is the sender's (the bundle header's): a table added after it
    (:data:`ADDED_IN_REVISION`) may be missing, and is then made empty; any other
    missing table means a damaged payload. Its counts leave such a table out, as the
    sender's manifest does."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.deserialize(data)
        reader = _check(connection, data, _added_after(schema_version))
        reader.content_hash = content_hash(data)
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise _damaged(str(exc)) from exc
    except BaseException:
        connection.close()
        raise
    return reader


def _added_after(schema_version: str | None) -> set[str]:
    """The synced tables a payload made at ``schema_version`` cannot hold."""
    if schema_version is None:
        return set()
    try:
        sender = int(schema_version)
    except ValueError:
        return set()
    return {t for t, revision in ADDED_IN_REVISION.items() if sender < int(revision)}


def _check(connection: sqlite3.Connection, data: bytes, may_lack: set[str]) -> PayloadReader:
    if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise _damaged("quick_check")
    specs = {spec.name: spec for spec in payload_specs()}
    expected = set(specs) | {META_TABLE}
    tables: dict[str, str] = {}
    for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master"):
        if kind == "table" and name not in expected:
            raise _newer_version(f"table {name}")
        if kind not in ("table", "index"):
            raise _damaged(f"{kind} {name}")
        if kind == "table":
            tables[name] = sql or ""
    lacking = expected - set(tables)
    if lacking - may_lack:
        raise _damaged("missing " + ", ".join(sorted(lacking - may_lack)))
    if lacking:  # made by an older version: the tables it did not have yet, empty
        _create_empty(connection, lacking)
        data = connection.serialize()
        tables.update({name: f"CREATE TABLE {quoted(name)}" for name in lacking})
    # Plain tables (not virtual ones; the declared types are the sender's: see
    # _create_schema) whose primary keys, which keep ids unique and are what the merge
    # looks rows up by, are as this program makes them. (A file crafted with an index
    # hiding a second row of one id does no harm: the township's own primary keys refuse
    # such a row.)
    for name, sql in tables.items():
        if not sql.startswith("CREATE TABLE ") or (
            name == META_TABLE and sql != f"CREATE TABLE {META_DEFINITION}"
        ):
            raise _damaged(f"table {name}")
    for name, spec in specs.items():
        info = connection.execute(f"PRAGMA table_info({quoted(name)})").fetchall()
        have = [row[1] for row in info]
        unknown = sorted(set(have) - set(spec.columns))
        if unknown:
            raise _newer_version(f"column {name}.{unknown[0]}")
        if set(spec.columns) - set(have):
            raise _damaged(f"columns missing from {name}")
        key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
        if key != list(spec.key):
            raise _damaged(f"table {name}")
    reader = PayloadReader(connection, data)
    synced = synced_columns()
    for table in synced:
        if table in lacking:
            continue
        t = quoted(table)
        count, bad, high = connection.execute(
            f"SELECT count(*), sum(typeof(id) != 'text' OR typeof(clock) != 'integer' "
            f"OR typeof(origin) != 'text' OR deleted NOT IN (0, 1)), max(clock) FROM {t}"
        ).fetchone()
        if bad:
            raise _damaged(f"ids or clocks of {table}")
        reader.counts[table] = count
        reader.max_clock = max(reader.max_clock, high or 0)
    for table, field in connection.execute("SELECT DISTINCT table_name, field FROM field_clock"):
        if table not in TRACKED or field not in synced[table]:
            raise _newer_version(f"field {table}.{field}")
    bad_clock = connection.execute(
        "SELECT count(*) FROM field_clock WHERE typeof(clock) != 'integer'"
    ).fetchone()[0]
    bad_alias = connection.execute(
        "SELECT count(*) FROM row_alias WHERE table_name NOT IN "
        f"({', '.join('?' * len(synced))}) OR typeof(alias_id) != 'text' "
        "OR typeof(row_id) != 'text'",
        tuple(synced),
    ).fetchone()[0]
    if bad_clock or bad_alias:
        raise _damaged("field clocks or aliases")
    for table in ("field_clock", "row_alias"):
        reader.counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    meta = dict(connection.execute(f"SELECT key, value FROM {META_TABLE}"))
    if meta.get("format") != PAYLOAD_FORMAT:
        if isinstance(meta.get("format"), int) and meta["format"] > PAYLOAD_FORMAT:
            raise _newer_version(f"payload format {meta['format']}")
        raise _damaged("payload format")
    if not all(isinstance(meta.get(k), int) for k in ("clock_from", "clock_to")):
        raise _damaged("clock range")
    reader.clock_from, reader.clock_to = meta["clock_from"], meta["clock_to"]
    return reader
