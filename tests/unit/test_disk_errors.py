"""Disk full, a read-only data dir, a disk error: a clear message, and nothing lost.

CI runs as root, which writes into read-only folders, so the failures are made
inside SQLite instead: ``PRAGMA max_page_count`` for a full disk, ``PRAGMA
query_only`` for a read-only data dir, and an ``sqlite3.OperationalError``
raised where the driver would write, for disk errors SQLite reports without
an error code.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from liushou_desktop.db.database import (
    DISK_FULL,
    IO_ERROR,
    READ_ONLY,
    Database,
    StorageError,
    storage_problem,
)
from liushou_desktop.db.models import Child, School
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from tests.helpers import FakeClock


def snapshot(db: Database) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its rows, read with a fresh connection."""
    with closing(sqlite3.connect(db.data_dir.database)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in tables:
            order = "id" if table == "child" else "rowid"
            rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
            digest = hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()
            result[table] = (len(rows), digest)
    return result


def active_children(db: Database) -> int:
    with db.session_scope("t") as session:
        return session.scalar(select(func.count()).where(Child.status == "active")) or 0


@pytest.fixture
def demo_db(db: Database, clock: FakeClock) -> Database:
    """A demo school with 40 children."""
    DemoService(db, clock).add_children(40, "test")
    return db


@contextmanager
def on_every_checkout(db: Database, pragma: Callable[[], str]) -> Iterator[None]:
    """Run ``pragma()`` on each connection the sessions take from the pool."""

    def apply(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute(pragma())

    event.listen(db.engine, "checkout", apply)
    try:
        yield
    finally:
        event.remove(db.engine, "checkout", apply)


def page_count(db: Database) -> int:
    with closing(sqlite3.connect(db.data_dir.database)) as conn:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])


# --- disk full ---------------------------------------------------------------


def test_disk_full_during_an_import_says_so_and_loses_nothing(
    demo_db: Database, clock: FakeClock
) -> None:
    before = snapshot(demo_db)
    limit = page_count(demo_db) + 3  # room for a few pages: the import starts, then fills it
    with on_every_checkout(demo_db, lambda: f"PRAGMA max_page_count={limit}"):
        with pytest.raises(StorageError) as caught:
            DemoService(demo_db, clock).add_children(500, "test")
        # The import did write pages before the disk filled up.
        assert page_count(demo_db) <= limit
    error = caught.value
    assert isinstance(error, UserError)
    assert error.kind == DISK_FULL
    assert str(error).startswith("The disk that holds the data folder (")
    assert str(demo_db.data_dir.root) in str(error)
    assert "nothing was saved" in str(error)
    assert "Free some space" in str(error)
    assert isinstance(error.__cause__, OperationalError)
    assert "database or disk is full" in str(error.__cause__)
    assert snapshot(demo_db) == before

    # The connections in the pool still carry the low limit: lift it on each
    # (1073741823 pages is SQLite's default limit before 3.45).
    with on_every_checkout(demo_db, lambda: "PRAGMA max_page_count=1073741823"):
        DemoService(demo_db, clock).add_children(500, "test")
    assert active_children(demo_db) == 540


def test_disk_full_when_a_row_is_changed_leaves_the_row_as_it_was(
    demo_db: Database,
) -> None:
    before = snapshot(demo_db)
    limit = page_count(demo_db)
    with (
        on_every_checkout(demo_db, lambda: f"PRAGMA max_page_count={limit}"),
        pytest.raises(StorageError) as caught,
        demo_db.session_scope("t") as session,
    ):
        for child in session.scalars(select(Child)):
            child.medical_history = "长" * 20_000  # far more than the free pages hold
    assert caught.value.kind == DISK_FULL
    assert snapshot(demo_db) == before


# --- read-only data dir ------------------------------------------------------


def test_read_only_data_dir_says_so_and_loses_nothing(demo_db: Database, clock: FakeClock) -> None:
    before = snapshot(demo_db)
    with on_every_checkout(demo_db, lambda: "PRAGMA query_only=ON"):
        with pytest.raises(StorageError) as caught:
            DemoService(demo_db, clock).add_children(10, "test")
        with pytest.raises(StorageError), demo_db.session_scope("t") as session:
            session.scalars(select(School)).one().name = "改名"
    error = caught.value
    assert error.kind == READ_ONLY
    assert str(error).startswith(f"The data folder ({demo_db.data_dir.root}) cannot be written")
    assert "nothing was saved" in str(error)
    assert "attempt to write a readonly database" in str(error.__cause__)
    assert snapshot(demo_db) == before

    with on_every_checkout(demo_db, lambda: "PRAGMA query_only=OFF"):
        DemoService(demo_db, clock).add_children(10, "test")
    assert active_children(demo_db) == 50


# --- errors injected where the driver writes ----------------------------------


@contextmanager
def failing_writes(db: Database, message: str) -> Iterator[list[str]]:
    """Make every INSERT/UPDATE/DELETE fail in the driver with ``message``."""
    failed: list[str] = []

    def fail(cursor: Any, statement: str, parameters: Any, context: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            failed.append(statement)
            raise sqlite3.OperationalError(message)

    event.listen(db.engine, "do_execute", fail)
    event.listen(db.engine, "do_executemany", fail)
    try:
        yield failed
    finally:
        event.remove(db.engine, "do_execute", fail)
        event.remove(db.engine, "do_executemany", fail)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("disk I/O error", IO_ERROR),
        ("attempt to write a readonly database", READ_ONLY),
        ("database or disk is full", DISK_FULL),
        ("unable to open database file", IO_ERROR),
    ],
)
def test_an_injected_write_error_becomes_a_storage_error(
    demo_db: Database, clock: FakeClock, message: str, kind: str
) -> None:
    before = snapshot(demo_db)
    with failing_writes(demo_db, message) as failed, pytest.raises(StorageError) as caught:
        DemoService(demo_db, clock).add_children(10, "test")
    assert failed, "no write reached the driver"
    assert caught.value.kind == kind
    assert isinstance(caught.value.__cause__, OperationalError)
    assert str(caught.value.__cause__.orig) == message
    assert snapshot(demo_db) == before
    DemoService(demo_db, clock).add_children(10, "test")
    assert active_children(demo_db) == 50


def test_a_disk_error_at_commit_saves_nothing(
    demo_db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(demo_db)
    commits: list[object] = []

    def fail_commit(dbapi_connection: Any) -> None:
        commits.append(dbapi_connection)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(demo_db.engine.dialect, "do_commit", fail_commit)
    with pytest.raises(StorageError) as caught:
        DemoService(demo_db, clock).add_children(10, "test")
    monkeypatch.undo()
    assert commits
    assert caught.value.kind == IO_ERROR
    assert "could not read or write the data folder" in str(caught.value)
    assert snapshot(demo_db) == before
    DemoService(demo_db, clock).add_children(10, "test")
    assert active_children(demo_db) == 50


def test_a_rollback_that_fails_too_still_gives_the_storage_error(
    demo_db: Database,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = snapshot(demo_db)

    def fail_rollback(dbapi_connection: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(demo_db.engine.dialect, "do_rollback", fail_rollback)
    with failing_writes(demo_db, "disk I/O error"), pytest.raises(StorageError) as caught:
        DemoService(demo_db, clock).add_children(10, "test")
    monkeypatch.undo()
    assert caught.value.kind == IO_ERROR
    assert "rollback after a storage error failed" in caplog.text
    assert snapshot(demo_db) == before
    DemoService(demo_db, clock).add_children(10, "test")
    assert active_children(demo_db) == 50


def test_the_io_message_tells_what_to_do(demo_db: Database) -> None:
    with (
        failing_writes(demo_db, "disk I/O error"),
        pytest.raises(StorageError) as caught,
        demo_db.session_scope("t") as session,
    ):
        session.execute(text("DELETE FROM setting"))
    message = str(caught.value)
    assert str(demo_db.data_dir.root) in message
    assert "nothing was saved" in message
    assert "plugged in" in message


# --- other errors are left alone ---------------------------------------------


def test_a_syntax_error_is_not_a_storage_error(demo_db: Database) -> None:
    with pytest.raises(OperationalError) as caught, demo_db.session_scope("t") as session:
        session.execute(text("SELEC count(*) FROM child"))
    assert not isinstance(caught.value, StorageError)
    assert "syntax error" in str(caught.value)


def test_an_injected_unrelated_operational_error_is_left_alone(
    demo_db: Database, clock: FakeClock
) -> None:
    before = snapshot(demo_db)
    with failing_writes(demo_db, "no such table: child"), pytest.raises(OperationalError):
        DemoService(demo_db, clock).add_children(10, "test")
    assert snapshot(demo_db) == before


def test_a_constraint_error_is_left_alone(demo_db: Database) -> None:
    with pytest.raises(IntegrityError), demo_db.session_scope("t") as session:
        session.add(Child(school_id="no-such-school", name="张三"))


def test_an_application_error_is_left_alone(demo_db: Database) -> None:
    with pytest.raises(ZeroDivisionError), demo_db.session_scope("t"):
        _ = 1 / 0


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (sqlite3.OperationalError("database or disk is full"), DISK_FULL),
        (sqlite3.OperationalError("Disk I/O error"), IO_ERROR),
        (sqlite3.OperationalError("attempt to write a readonly database"), READ_ONLY),
        (sqlite3.OperationalError("access permission denied"), READ_ONLY),
        (sqlite3.OperationalError('near "SELEC": syntax error'), None),
        (sqlite3.OperationalError("database is locked"), None),
        (sqlite3.IntegrityError("database or disk is full"), None),  # not an OperationalError
        (OSError("database or disk is full"), None),
        (ValueError("disk I/O error"), None),
    ],
)
def test_storage_problem_reads_sqlite_errors(error: BaseException, kind: str | None) -> None:
    assert storage_problem(error) == kind
    wrapped = OperationalError("INSERT", {}, error)
    expected = kind if isinstance(error, sqlite3.OperationalError) else None
    assert storage_problem(wrapped) == expected


@pytest.mark.parametrize(
    ("failure", "kind"),
    [
        (sqlite3.OperationalError("database or disk is full"), "disk_full"),
        (OSError(28, "No space left on device"), "disk_full"),
        (PermissionError(13, "Permission denied"), "read_only"),
    ],
)
def test_opening_on_a_full_or_locked_disk_is_a_clear_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, kind: str
) -> None:
    import liushou_desktop.db.database as database_module

    def fail(*_args: object) -> None:
        raise failure

    monkeypatch.setattr(database_module, "upgrade_to_head", fail)
    with pytest.raises(database_module.StorageError) as caught:
        database_module.open_database(DataDir(tmp_path / "data"))
    assert caught.value.kind == kind and caught.value.__cause__ is failure


def test_opening_with_an_unrelated_sqlite_error_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import liushou_desktop.db.database as database_module

    def fail(*_args: object) -> None:
        raise sqlite3.OperationalError("no such table: nothing")

    monkeypatch.setattr(database_module, "upgrade_to_head", fail)
    with pytest.raises(sqlite3.OperationalError):
        database_module.open_database(DataDir(tmp_path / "data"))
