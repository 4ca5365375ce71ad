"""The connection's inbox (sync/inbox.py): payloads attached one after another."""

from __future__ import annotations

import sqlite3

from liushou_desktop.db.database import Database
from liushou_desktop.db.engine import INBOX
from liushou_desktop.sync.inbox import payload_inbox


def _database(rows: int) -> bytes:
    """A database of two tables made the same way each time (so with the same schema
    cookie), the second made after ``rows`` rows filled the first (so its root page
    differs): ``t`` holds ``rows`` rows, ``u`` holds ``rows % 7`` rows."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id TEXT PRIMARY KEY, v TEXT)")
    connection.executemany(
        "INSERT INTO t VALUES (?, ?)", [(f"{i:08d}", "x" * 30) for i in range(rows)]
    )
    connection.execute("CREATE TABLE u (id TEXT PRIMARY KEY)")
    connection.executemany("INSERT INTO u VALUES (?)", [(f"{i:08d}",) for i in range(rows % 7)])
    connection.commit()
    data = connection.serialize()
    connection.close()
    return data


def test_payloads_one_after_another_are_each_read_right(db: Database) -> None:
    """Without a fresh schema cookie the second payload is read through the first one's
    prepared statement and SQLite reports the database as malformed."""
    payloads = [_database(10), _database(3000), _database(700), _database(10)]
    with db.session_scope("t") as session:
        connection = session.connection().connection.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        seen = []
        for data in payloads:
            with payload_inbox(connection, data) as inbox:
                assert inbox == INBOX
                seen.append(
                    connection.execute(
                        f"SELECT (SELECT count(*) FROM {inbox}.u), count(*) FROM {inbox}.t"
                    ).fetchone()
                )
            # emptied afterwards
            assert connection.execute(f"SELECT count(*) FROM {INBOX}.sqlite_master").fetchone() == (
                0,
            )
    assert seen == [(3, 10), (4, 3000), (0, 700), (3, 10)]


def test_every_connection_of_the_engine_has_an_empty_inbox(db: Database) -> None:
    with db.engine.connect() as connection:
        names = [row[1] for row in connection.exec_driver_sql("PRAGMA database_list")]
        assert INBOX in names
        count = connection.exec_driver_sql(f"SELECT count(*) FROM {INBOX}.sqlite_master")
        assert count.scalar() == 0
