"""Sync payloads: what collect_changes puts in, and what read_payload refuses."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Family, FieldClock, Talk
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.errors import UserError
from liushou_desktop.sync.canonical import digest, synced_columns
from liushou_desktop.sync.payload import collect_changes, payload_specs, read_payload
from tests.helpers import FakeClock


@pytest.fixture
def demo(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(12, "t")
    return school_db


def test_a_full_payload_holds_every_row_and_its_hash_is_recomputed(demo: Database) -> None:
    with demo.session_scope("t") as session:
        child_count = len(session.scalars(select(Child.id)).all())
        talk_count = len(session.scalars(select(Talk.id)).all())
        payload = collect_changes(session)
    assert payload.counts["child"] == child_count == 12
    assert payload.counts["talk"] == talk_count > 0
    with read_payload(payload.data) as reader:
        assert reader.content_hash == payload.content_hash
        assert reader.counts == payload.counts
        assert reader.clock_to == payload.clock_to >= reader.max_clock > 0
        ids = {row[0] for chunk in reader.rows("child") for row in chunk}
    with demo.session_scope("t") as session:
        assert ids == set(session.scalars(select(Child.id)))


def test_since_takes_only_later_changes_with_their_field_clocks_and_tombstones(
    demo: Database, clock: FakeClock
) -> None:
    with demo.session_scope("t") as session:
        first = collect_changes(session)
        child = session.scalars(select(Child).order_by(Child.id)).first()
        assert child is not None
        child.hobbies = "下棋"
        family = session.scalars(select(Family).order_by(Family.id)).first()
        assert family is not None
        family.deleted = True
    with demo.session_scope("t") as session:
        later = collect_changes(session, since_clock=first.clock_to)
        clocks = session.scalars(select(FieldClock)).all()
    assert later.clock_from == first.clock_to
    assert later.counts["child"] == 1 and later.counts["family"] == 1
    assert later.counts["talk"] == 0
    assert later.counts["field_clock"] == len(clocks) == 2
    with read_payload(later.data) as reader:
        families = [row for chunk in reader.rows("family") for row in chunk]
        deleted_at = reader.columns("family").index("deleted")
        assert families[0][deleted_at] == 1
        assert reader.field_clocks("child") == {child.id: {"hobbies": (child.clock, child.origin)}}
    # The content hash does not depend on the order rows were stored in.
    assert later.content_hash != first.content_hash


TALK_COLUMNS = ", ".join(f'"{c}"' for c in synced_columns()["talk"])


def _rebuild_talk(key: str) -> tuple[str, ...]:
    """Statements that make the payload's talk table again, untyped, ``id`` first (as
    payloads were made before they took the sender's declarations) with ``key`` its
    primary key, and copy its rows over."""
    return (
        "ALTER TABLE talk RENAME TO old_talk",
        f'CREATE TABLE "talk" ({TALK_COLUMNS}, PRIMARY KEY ({key}))',
        f"INSERT INTO talk SELECT {TALK_COLUMNS} FROM old_talk",
        "DROP TABLE old_talk",
    )


def _edit(data: bytes, *statements: str) -> bytes:
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    edited = connection.serialize()
    connection.close()
    return edited


@pytest.mark.parametrize(
    ("statements", "words"),
    [
        (("CREATE TABLE rocket (id TEXT)",), "newer version"),
        (("ALTER TABLE child ADD COLUMN shoe_size INTEGER",), "newer version"),
        (
            ("INSERT INTO field_clock VALUES ('child', 'x', 'shoe_size', 1, 'o')",),
            "newer version",
        ),
        (("UPDATE payload_meta SET value = 99 WHERE key = 'format'",), "newer version"),
        (("DROP TABLE talk",), "damaged"),
        (("UPDATE talk SET clock = 'soon'",), "damaged"),
        (("CREATE VIEW v AS SELECT 1",), "damaged"),
        (  # without its primary key, and with one row twice
            (
                "CREATE TABLE copy AS SELECT * FROM talk",
                "DROP TABLE talk",
                "ALTER TABLE copy RENAME TO talk",
                "INSERT INTO talk SELECT * FROM talk LIMIT 1",
            ),
            "damaged",
        ),
        (_rebuild_talk('"clock"'), "damaged"),  # a well-made table keyed by another column
    ],
)
def test_unknown_or_broken_structure_is_refused(
    demo: Database, statements: tuple[str, ...], words: str
) -> None:
    with demo.session_scope("t") as session:
        payload = collect_changes(session)
    with pytest.raises(UserError) as refused:
        read_payload(_edit(payload.data, *statements))
    assert words in str(refused.value)
    assert "Nothing was imported" in str(refused.value)


def test_the_payload_declares_the_senders_columns_and_reads_as_before_without(
    demo: Database,
) -> None:
    """The sender's declarations (so SQLite copies whole tables); a payload made before,
    untyped and ``id`` first, reads the same."""
    with demo.session_scope("t") as session:
        payload = collect_changes(session)
    connection = sqlite3.connect(":memory:")
    connection.deserialize(payload.data)
    talk = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'talk'").fetchone()
    connection.close()
    assert talk[0].startswith('CREATE TABLE "talk" ("child_id" VARCHAR(36), "mentor_id" ')
    assert "FOREIGN KEY" not in talk[0] and talk[0].endswith('PRIMARY KEY ("id"))')
    with read_payload(payload.data) as reader:
        rows = [row for batch in reader.rows("talk") for row in batch]
    with read_payload(_edit(payload.data, *_rebuild_talk('"id"'))) as old:
        assert old.counts == reader.counts
        assert [row for batch in old.rows("talk") for row in batch] == rows


def test_a_payload_of_an_older_version_may_lack_only_the_tables_added_since(
    demo: Database,
) -> None:
    """A school still on schema 0007 sends no notice table: read as empty, left out of
    the counts (its manifest has none); from this version, or missing another table,
    the payload is damaged."""
    with demo.session_scope("t") as session:
        payload = collect_changes(session)
    old = _edit(payload.data, "DROP TABLE notice")
    with pytest.raises(UserError, match="damaged"):
        read_payload(old)
    with pytest.raises(UserError, match="damaged"):
        read_payload(old, "0008")
    with read_payload(old, "0007") as reader:
        assert "notice" not in reader.counts
        assert reader.counts == {k: v for k, v in payload.counts.items() if k != "notice"}
        assert [row for batch in reader.rows("notice") for row in batch] == []
        assert reader.content_hash == hashlib.sha256(old).hexdigest()  # of the bytes sent
    with pytest.raises(UserError, match="damaged"):
        read_payload(_edit(old, "DROP TABLE talk"), "0007")


def test_garbage_is_refused_as_damaged() -> None:
    with pytest.raises(UserError, match="damaged"):
        read_payload(b"not an sqlite database at all" * 20)


def test_a_changed_value_changes_the_content_hash(demo: Database) -> None:
    with demo.session_scope("t") as session:
        payload = collect_changes(session)
    edited = _edit(payload.data, "UPDATE child SET name = '假名' WHERE rowid = 1")
    with read_payload(edited) as reader:
        assert reader.content_hash != payload.content_hash


def _reordered(data: bytes) -> bytes:
    """The same payload with every table's rows stored in the reverse order."""
    source = sqlite3.connect(":memory:")
    source.deserialize(data)
    target = sqlite3.connect(":memory:")
    for name, sql in source.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        target.execute(sql)
        rows = source.execute(f'SELECT * FROM "{name}" ORDER BY rowid DESC').fetchall()
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    target.commit()
    reordered = target.serialize()
    source.close()
    target.close()
    return reordered


def test_rows_come_sorted_by_id_whatever_order_they_are_stored_in(demo: Database) -> None:
    with demo.session_scope("t") as session:
        payload = collect_changes(session)
    reordered = _reordered(payload.data)
    assert reordered != payload.data
    with read_payload(reordered) as reader:
        ids = [row[0] for chunk in reader.rows("child") for row in chunk]
        assert ids == sorted(ids) and len(ids) == 12
        # the content hash is the hash of the bytes: the same rows stored otherwise differ
        assert reader.content_hash == hashlib.sha256(reordered).hexdigest()
        assert reader.content_hash != payload.content_hash


def test_collecting_leaves_the_connection_as_it_was(demo: Database) -> None:
    with demo.session_scope("t") as session:
        first = collect_changes(session)
        connection = session.connection().connection.driver_connection
        assert connection.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
        assert len(session.scalars(select(Child.id)).all()) == 12  # main tables seen again
        again = collect_changes(session)  # the temp tables can be made twice
    assert _rows_digest(again.data) == _rows_digest(first.data) and again.counts == first.counts


def _rows_digest(data: bytes) -> str:
    """The order-independent digest of a payload's rows (its bytes may differ)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        return digest(connection, payload_specs())
    finally:
        connection.close()


def test_a_payload_carries_no_rows_of_the_one_made_before_it(demo: Database) -> None:
    """The temp schema's freed pages are reused and serialized with the next payload: they
    are zeroed even where SQLite is built without secure_delete (as on some platforms)."""
    with demo.session_scope("t") as session:
        connection = session.connection().connection.driver_connection
        connection.execute("PRAGMA temp.secure_delete = 0")  # such a build
        names = session.scalars(select(Child.name)).all()
        full = collect_changes(session)
        later = collect_changes(session, since_clock=full.clock_to)  # nothing changed
        assert connection.execute("PRAGMA temp.secure_delete").fetchone()[0] == 0  # restored
    assert all(name.encode() in full.data for name in names)
    assert later.counts["child"] == 0
    assert not [name for name in names if name.encode() in later.data]
