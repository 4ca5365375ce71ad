"""The connection's inbox: a received payload attached in memory, so that SQLite copies
its new rows into the database itself (``INSERT ... SELECT``) instead of Python handing
them over one by one.

Every connection of the app's engine has an empty in-memory database attached as
:data:`~liushou_desktop.db.engine.INBOX` (``ATTACH`` is refused inside a transaction;
``deserialize()`` into an attached database is not). :func:`payload_inbox` puts a payload's
bytes there for the length of a ``with`` block and empties it afterwards.

Each time, the bytes get a schema cookie (offset 40 of the SQLite header) never used
before in this process: payloads are made alike, so two of them would otherwise share a
cookie, and a statement the ``sqlite3`` module had prepared against the previous payload
would run on the new one with stale page numbers ("database disk image is malformed").
A new cookie makes SQLite prepare such statements again.
"""

from __future__ import annotations

import itertools
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager

from liushou_desktop.db.engine import INBOX

SCHEMA_COOKIE = slice(40, 44)
_cookies = itertools.count(1 << 24)


def _empty_database() -> bytes:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE TABLE empty (x)")
        connection.execute("DROP TABLE empty")
        return connection.serialize()
    finally:
        connection.close()


_EMPTY = _empty_database()


def _load(connection: sqlite3.Connection, data: bytes) -> None:
    image = bytearray(data)
    image[SCHEMA_COOKIE] = struct.pack(">I", next(_cookies))
    connection.deserialize(image, name=INBOX)  # copied by SQLite


@contextmanager
def payload_inbox(connection: sqlite3.Connection, data: bytes) -> Iterator[str]:
    """Attach the payload ``data`` as the inbox of ``connection`` (which must come from the
    app's engine); yields the inbox's schema name; empties it afterwards."""
    _load(connection, data)
    try:
        yield INBOX
    finally:
        _load(connection, _EMPTY)
