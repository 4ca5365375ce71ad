"""The database: migrations equal the models, pragmas, backups, refusing what it cannot read."""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from liushou_desktop.db import migrate
from liushou_desktop.db.backup import backup_database, latest_backup, quick_check, restore_backup
from liushou_desktop.db.database import Database, DatabaseDamagedError, open_database
from liushou_desktop.db.models import Base, Child
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from tests.helpers import FakeClock


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_head_constant_matches_the_migration_scripts() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == migrate.HEAD_REVISION


def test_empty_database_upgrades_to_a_schema_equal_to_the_models(db: Database) -> None:
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_the_schema_compare_can_fail(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_child_id_number"))
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert any(op[0] == "add_index" for op in diff)


def test_every_connection_has_the_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        values = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in (
                "journal_mode",
                "foreign_keys",
                "synchronous",
                "secure_delete",
                "busy_timeout",
                "cache_size",
                "temp.journal_mode",
                "page_size",
                "temp.page_size",
            )
        }
    assert values == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,
        "secure_delete": 1,
        "busy_timeout": 10000,
        "cache_size": -65536,
        "temp.journal_mode": "off",
        "page_size": 16384,  # a new database's
        "temp.page_size": 16384,  # where sync payloads are built
    }


def test_foreign_keys_are_enforced(school_db: Database) -> None:
    with pytest.raises(IntegrityError), school_db.session_scope("t") as session:
        session.add(Child(school_id="no-such-school", name="张三"))


def test_a_failed_action_writes_nothing(school_db: Database) -> None:
    with pytest.raises(RuntimeError), school_db.session_scope("t") as session:
        session.add(
            Child(school_id=session.execute(text("SELECT id FROM school")).scalar(), name="李四")
        )
        session.flush()
        raise RuntimeError("power cut")
    with school_db.session_scope("t") as session:
        assert session.execute(text("SELECT count(*) FROM child")).scalar() == 0


def test_migration_backs_up_first_and_never_names_backups_sqlite(
    data_dir: DataDir, clock: FakeClock
) -> None:
    # A database holding data but older than every revision (no alembic_version yet).
    with sqlite3.connect(data_dir.database) as conn:
        conn.execute("CREATE TABLE legacy(x TEXT)")
        conn.execute("INSERT INTO legacy VALUES ('kept')")
    db = open_database(data_dir, now=clock)
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    db.close()
    backups = list(data_dir.backups.iterdir())
    assert len(backups) == 1
    assert backups[0].suffix == ".bak" and ".sqlite" not in backups[0].name
    assert quick_check(backups[0]) == "ok"
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT x FROM legacy").fetchall() == [("kept",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "child" not in tables  # the copy was taken before the migration


def test_no_backup_when_nothing_is_due(data_dir: DataDir, clock: FakeClock) -> None:
    open_database(data_dir, now=clock).close()  # empty file: migrated, nothing to back up
    open_database(data_dir, now=clock).close()  # at head: no migration, no backup
    assert list(data_dir.backups.iterdir()) == []


def test_newer_schema_is_refused_and_the_file_is_untouched(
    data_dir: DataDir, clock: FakeClock
) -> None:
    db = open_database(data_dir, now=clock)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    before = sha256(data_dir.database)
    with pytest.raises(UserError, match="newer version"):
        open_database(data_dir, now=clock)
    assert sha256(data_dir.database) == before
    assert list(data_dir.backups.iterdir()) == []


def test_damaged_database_is_reported_with_the_last_good_backup(
    school_db: Database, data_dir: DataDir, clock: FakeClock
) -> None:
    backup = backup_database(data_dir.database, data_dir.backups, "manual", clock())
    school_db.close()
    with sqlite3.connect(data_dir.database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(data_dir.database.read_bytes())
    page = int.from_bytes(raw[16:18], "big")  # the file's page size (header bytes 16-17)
    raw[page * 2 : page * 2 + 200] = b"\xff" * 200  # scribble over a b-tree page
    data_dir.database.write_bytes(bytes(raw))
    assert quick_check(data_dir.database) != "ok"
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(data_dir, now=clock)
    assert caught.value.backup == backup
    assert str(backup) in str(caught.value)

    aside = restore_backup(backup, data_dir.database, data_dir.backups, clock())
    assert any(aside.iterdir())
    reopened = open_database(data_dir, now=clock)
    with reopened.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM school")).scalar() == "阳光小学"
    reopened.close()


def test_latest_backup_skips_broken_copies(tmp_path: Path, clock: FakeClock) -> None:
    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE t(x)")
    good = backup_database(source, tmp_path / "b", "one", clock())
    broken = tmp_path / "b" / "liushou-29990101-000000-broken.bak"
    broken.write_bytes(b"not a database" * 100)
    assert latest_backup(tmp_path / "b") == good
