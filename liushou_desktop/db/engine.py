"""The SQLite engine: pragmas on every connection, write-safe transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000
# An empty in-memory database attached to every connection, where a received sync
# payload is put for merging (see liushou_desktop/sync/inbox.py).
INBOX = "sync_inbox"

# At most this many KiB of database pages kept in memory per connection (SQLite's
# default is 2 MiB): the indexes of a township's 100,000s of rows, keyed by random
# UUIDs, are updated all over; with 64 MiB the 20-bundle import took 5.5-5.9 s
# instead of 6.9-7.7 s (benchmarks/README.md).
CACHE_KIB = 65_536

# The page size of databases made from now on (SQLite's default is 4 KiB; a file keeps
# the size it was made with, and older ones stay at 4). With 16 KiB pages a bulk insert
# splits a quarter as many pages, and the WAL, checkpointed at SQLite's default of 1,000
# pages, grows to 16 MiB between checkpoints: the 20-bundle township import took 2.4 s
# instead of 2.8 (benchmarks/README.md). The temp schema, where a sync payload is built,
# gets this size too. A restore copies a file's own page size (domain/backups.py).
PAGE_SIZE = 16_384

# Applied to every new connection (the page size first: it only counts before the
# file's first write, and WAL mode is such a write). WAL lets the GUI read while a
# background job writes; synchronous=FULL makes a committed transaction survive a power
# cut; foreign keys are off in SQLite unless asked for on each connection;
# secure_delete zeroes freed pages, so that an anonymised child's old values do
# not linger in the file and its backups (Debian's SQLite does it by default,
# the one in Python for Windows need not). The temp schema, which only ever holds
# a sync payload being built (dropped whole afterwards, whatever happens), needs
# no rollback journal: without one, dropping a 60 MB payload takes 0.03 s, not 0.1.
PRAGMAS = (
    f"PRAGMA page_size={PAGE_SIZE}",
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp.journal_mode=OFF",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    f"PRAGMA cache_size=-{CACHE_KIB}",
)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.execute(f"ATTACH ':memory:' AS {INBOX}")
    cursor.close()


def _on_begin(connection: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock at the start, so two writers (the GUI
    # and a CLI run) queue on the busy timeout instead of failing half-way.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    """An engine for the database file at ``path`` with the pragmas above."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
