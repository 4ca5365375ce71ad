"""The audit log is a hash chain: any change, removal or insertion is found."""

import pytest
from sqlalchemy import select, text

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry
from liushou_desktop.domain import audit
from tests.helpers import FakeClock


@pytest.fixture
def logged(school_db: Database, clock: FakeClock) -> Database:
    with school_db.session_scope("t") as session:
        for n in range(5):
            audit.append(
                session,
                actor="wang",
                action="view_child",
                now=clock(),
                object_type="child",
                object_id=f"c{n}",
                detail={"n": n, "名": "王"},
            )
    return school_db


def verify(db: Database) -> audit.ChainReport:
    with db.session_scope("t") as session:
        return audit.verify_chain(session)


def test_intact_chain_verifies(logged: Database) -> None:
    report = verify(logged)
    assert report == audit.ChainReport(True, 7)  # set-up, its keys, five entries


def test_every_column_is_covered_by_the_hash(logged: Database) -> None:
    columns = [c.key for c in AuditEntry.__table__.columns if c.key != "hash"]
    for column in columns:
        with logged.session_scope("t") as session:
            entry = session.get(AuditEntry, 3)
            assert entry is not None
            fields = {c: getattr(entry, c) for c in [*columns, "hash"]}
        assert audit.entry_hash(fields) == fields["hash"]
        changed = dict(fields, **{column: fields[column] + 1 if column == "id" else "x"})
        assert audit.entry_hash(changed) != fields["hash"], column


def test_a_changed_entry_is_found(logged: Database) -> None:
    with logged.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'li' WHERE id = 4"))
    assert (verify(logged).ok, verify(logged).first_broken_id) == (False, 4)


def test_a_removed_entry_is_found(logged: Database) -> None:
    with logged.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = 3"))
    assert verify(logged).first_broken_id == 4


def test_an_inserted_entry_is_found(logged: Database, clock: FakeClock) -> None:
    with logged.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET id = id + 100 WHERE id >= 3"))
    with logged.session_scope("t") as session:
        forged = AuditEntry(
            id=3,
            at=clock().isoformat(),
            actor="x",
            action="x",
            object_type="",
            object_id="",
            detail="{}",
            prev_hash="0" * 64,
        )
        forged.hash = audit.entry_hash(
            {c.key: getattr(forged, c.key) for c in AuditEntry.__table__.columns}
        )
        session.add(forged)
    assert verify(logged).first_broken_id == 3


def test_entries_are_appended_in_order(logged: Database) -> None:
    with logged.session_scope("t") as session:
        ids = list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
    assert ids == list(range(1, 8))
