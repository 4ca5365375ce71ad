"""Backups: the daily rolling copies, "back up now" to a stick, and restoring.

Rolling copies live in the data dir's ``backups/`` (SQLite backup API, see
:mod:`liushou_desktop.db.backup`); the portable, optionally encrypted
``.lsbak`` files a teacher carries away are :mod:`liushou_desktop.db.backup_file`.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from liushou_desktop.db.backup import backup_database, list_backups
from liushou_desktop.db.backup_file import (
    BackupInfo,
    extract_backup,
    read_backup_info,
    write_backup_file,
)
from liushou_desktop.db.database import Database
from liushou_desktop.db.engine import make_engine
from liushou_desktop.db.migrate import known_revisions, upgrade_to_head
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.check import CheckService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import BACKUP, RESTORE, Actor
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

AUTO_EVERY = timedelta(days=1)
KEEP_NEWEST = 3
KEEP_DAILY = 7
KEEP_WEEKLY = 8
_STAMP = re.compile(r"liushou-(\d{8}-\d{6})")


def backup_time(path: Path) -> datetime | None:
    """When a rolling backup was made, from its name."""
    match = _STAMP.match(path.name)
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match else None


def backups_to_prune(paths: list[Path], now: datetime) -> list[Path]:
    """Rolling backups past the policy: keep the 3 newest, one a day for a week,
    one a week for 8 weeks."""
    dated = sorted(((backup_time(p), p) for p in paths if backup_time(p)), reverse=True)
    keep: set[Path] = {p for _, p in dated[:KEEP_NEWEST]}
    days: set[object] = set()
    weeks: set[object] = set()
    for when, path in dated:
        assert when is not None
        age = now - when
        if age <= timedelta(days=KEEP_DAILY) and when.date() not in days:
            days.add(when.date())
            keep.add(path)
        week = when.isocalendar()[:2]
        if age <= timedelta(weeks=KEEP_WEEKLY) and week not in weeks:
            weeks.add(week)
            keep.add(path)
    return [p for _, p in dated if p not in keep]


class BackupService:
    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    @property
    def _backups(self) -> Path:
        return self._db.data_dir.backups

    def auto_backup_if_due(self) -> Path | None:
        """At start-up: a rolling copy if the newest is older than a day; then prune."""
        now = self._now()
        newest = next(iter(list_backups(self._backups)), None)
        when = backup_time(newest) if newest else None
        made = None
        if when is None or now - when >= AUTO_EVERY:
            made = backup_database(self._db.data_dir.database, self._backups, "daily", now)
        for old in backups_to_prune(list_backups(self._backups), now):
            old.unlink(missing_ok=True)
        return made

    def backup_now(self, actor: Actor, dest_dir: Path, passphrase: str | None = None) -> Path:
        """An ``.lsbak`` file in ``dest_dir`` (e.g. a USB stick), read back and verified."""
        enforce(self._db, actor, BACKUP, self._now)
        counts = CheckService(self._db).report()["counts"]
        path = write_backup_file(
            self._db.data_dir.database, dest_dir, self._now(), passphrase, counts
        )
        with self._db.session_scope(actor.username) as session:
            audit.append(
                session,
                actor=actor.username,
                action="backup_written",
                now=self._now(),
                object_type="file",
                object_id=path.name,
                detail={"folder": str(dest_dir), "encrypted": passphrase is not None},
            )
        return path

    def preview(self, actor: Actor, path: Path) -> BackupInfo:
        """What a backup file holds (date, counts), readable without its passphrase."""
        enforce(self._db, actor, RESTORE, self._now)
        return read_backup_info(path)

    def restore(self, actor: Actor, path: Path, passphrase: str | None = None) -> Path:
        """Replace the database with a backup file's; returns the copy made first.

        Everything is prepared on a staging copy first: decrypted and checked,
        migrated if the backup is from an older version, and the restore written
        into its audit log. Only then, after the current database is backed up,
        is the staging copy put in place in one SQLite transaction (backup API),
        so a power cut leaves either the old data or the restored data.
        """
        enforce(self._db, actor, RESTORE, self._now)
        now = self._now()
        staging = self._backups / ".restoring"
        staging.unlink(missing_ok=True)
        try:
            info = extract_backup(path, staging, passphrase)
            if info.schema_revision and info.schema_revision not in known_revisions():
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This backup was made by a newer version of the program. Please "
                        "install the newest version, then restore it.",
                    )
                )
            self._prepare(staging, actor, path, info.created, now)
            before = backup_database(
                self._db.data_dir.database, self._backups, "before-restore", now
            )
            self._db.engine.dispose()
            with (
                closing(sqlite3.connect(staging)) as src,
                closing(sqlite3.connect(self._db.data_dir.database)) as dst,
            ):
                # The backup API cannot copy into a WAL database of another page size
                # (older databases have 4 KiB pages, new ones 16: db/engine.py); such a
                # restore goes through a rollback journal, as safe in a power cut.
                if _page_size(src) != _page_size(dst):
                    dst.execute("PRAGMA journal_mode=DELETE")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=WAL")
        finally:
            staging.unlink(missing_ok=True)
        return before

    def _prepare(
        self, staging: Path, actor: Actor, source: Path, created: datetime, now: datetime
    ) -> None:
        """Migrate the staging copy and log the restore in it, before it goes live."""
        engine = make_engine(staging)
        try:
            upgrade_to_head(engine, self._backups, now)  # an older backup's schema
            with Session(engine) as session, session.begin():
                audit.append(
                    session,
                    actor=actor.username,
                    action="backup_restored",
                    now=now,
                    object_type="file",
                    object_id=source.name,
                    detail={"backup_created": created.isoformat()},
                )
        finally:
            engine.dispose()


def _page_size(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA page_size").fetchone()[0])
