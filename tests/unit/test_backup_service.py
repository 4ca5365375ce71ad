"""Daily rolling backups with pruning, back up now, and restore (with the copy made first)."""

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.backups import BackupService, backup_time, backups_to_prune
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock


@pytest.fixture
def admin(school_db: Database, clock: FakeClock) -> Actor:
    DemoService(school_db, clock).add_children(15, "t")
    return AccountService(school_db, clock).sign_in("admin", "correct horse").actor()


def children(db: Database) -> int:
    with db.session_scope("t") as session:
        return session.scalar(select(func.count()).select_from(Child)) or 0


def test_a_rolling_backup_is_made_once_a_day(school_db: Database, clock: FakeClock) -> None:
    service = BackupService(school_db, clock)
    first = service.auto_backup_if_due()
    assert first is not None and first.suffix == ".bak"
    assert service.auto_backup_if_due() is None  # not due yet
    clock.value += timedelta(hours=25)
    assert service.auto_backup_if_due() is not None


def names(stamps: list[datetime]) -> list[Path]:
    return [Path(f"liushou-{s:%Y%m%d-%H%M%S}-daily.bak") for s in stamps]


def test_pruning_keeps_newest_daily_and_weekly() -> None:
    now = datetime(2026, 11, 28, 12)
    stamps = [now - timedelta(hours=6 * k) for k in range(4 * 120)]  # 4 a day for 120 days
    paths = names(stamps)
    pruned = set(backups_to_prune(paths, now))
    kept = [p for p in paths if p not in pruned]
    kept_times = sorted(backup_time(p) for p in kept)  # type: ignore[type-var]
    assert paths[:3] == [p for p in paths if p in kept][:3]  # the three newest
    recent_days = {t.date() for t in kept_times if now - t <= timedelta(days=7)}
    assert len(recent_days) >= 7
    assert all(now - t <= timedelta(weeks=8) for t in kept_times)
    assert 10 <= len(kept) <= 3 + 8 + 9
    assert backups_to_prune(kept, now) == []  # stable


def test_back_up_now_and_restore_brings_the_data_back(
    school_db: Database, clock: FakeClock, admin: Actor, tmp_path: Path
) -> None:
    service = BackupService(school_db, clock)
    path = service.backup_now(admin, tmp_path / "usb", passphrase="奶奶的生日 1950")
    info = service.preview(admin, path)
    assert info.encrypted and info.counts["children_active"] == 15
    DemoService(school_db, clock).add_children(5, "t")
    assert children(school_db) == 20
    with pytest.raises(UserError):
        service.restore(admin, path, "wrong")
    assert children(school_db) == 20  # nothing changed
    before = service.restore(admin, path, "奶奶的生日 1950")
    assert children(school_db) == 15
    assert before.parent == school_db.data_dir.backups and "before-restore" in before.name
    # the copy made first holds the 20 children, so the restore can itself be undone
    with sqlite3.connect(before) as conn:
        assert conn.execute("SELECT count(*) FROM child").fetchone() == (20,)


def test_a_backup_from_an_older_version_is_migrated_when_restored(
    school_db: Database, clock: FakeClock, admin: Actor, tmp_path: Path
) -> None:
    import shutil

    from liushou_desktop.db.backup_file import write_backup_file
    from liushou_desktop.db.migrate import HEAD_REVISION, current_revision
    from tests.helpers import ROOT

    old = tmp_path / "old.sqlite3"
    shutil.copy(ROOT / "tests" / "data" / "schemas" / "schema-0001.sqlite3", old)
    file = write_backup_file(old, tmp_path / "usb", clock(), None, {"children_active": 20})
    assert BackupService(school_db).preview(admin, file).schema_revision == "0001"
    BackupService(school_db, clock).restore(admin, file)
    assert current_revision(school_db.engine) == HEAD_REVISION
    assert children(school_db) == 20
    from liushou_desktop.domain.check import CheckService

    report = CheckService(school_db).report()
    assert report["ok"], report
    # The old file's 4 KiB pages came with it (the live database had 16), and the
    # database is back in WAL mode.
    with sqlite3.connect(school_db.data_dir.database) as conn:
        assert conn.execute("PRAGMA page_size").fetchone() == (4096,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
