"""Copies of the live database made with SQLite's online backup API.

Backups live in the data dir's ``backups/`` folder and are named
``liushou-YYYYMMDD-HHMMSS-REASON.bak`` (never ``*.sqlite*``, so nobody opens a
backup by mistake thinking it is the live database).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from liushou_desktop.safe_files import fsync_dir, unique_path, write_atomically

BACKUP_SUFFIX = ".bak"
_REASON_RE = re.compile(r"[^A-Za-z0-9_-]+")


def backup_database(database: Path, backups: Path, reason: str, now: datetime) -> Path:
    """Copy ``database`` into ``backups`` and return the new file.

    The copy is consistent even while other connections write (the backup API
    copies a snapshot), and is checked with ``quick_check`` before it counts.
    """
    stamp = now.strftime("%Y%m%d-%H%M%S")
    slug = _REASON_RE.sub("-", reason).strip("-") or "manual"
    target = unique_path(backups, f"liushou-{stamp}-{slug}", BACKUP_SUFFIX)

    def copy(partial: Path) -> None:
        _copy_database(database, partial)

    def verify(written: Path) -> None:
        if quick_check(written) != "ok":
            raise OSError(f"backup copy failed its integrity check: {written}")

    return write_atomically(target, copy, verify)


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` (even while others write) as one plain file."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def quick_check(database: Path) -> str:
    """SQLite's ``quick_check`` of a database file: ``"ok"`` or the problems found."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(row[0]) for row in rows)


def list_backups(backups: Path) -> list[Path]:
    """Backups in ``backups``, newest first."""
    if not backups.is_dir():
        return []
    return sorted(backups.glob(f"liushou-*{BACKUP_SUFFIX}"), key=lambda p: p.name, reverse=True)


def latest_backup(backups: Path) -> Path | None:
    """The newest backup that passes ``quick_check``, if any."""
    return next((p for p in list_backups(backups) if quick_check(p) == "ok"), None)


def restore_backup(backup: Path, database: Path, backups: Path, now: datetime) -> Path:
    """Put ``backup`` in place of ``database``; the replaced files are kept aside.

    The replacement is built beside the live file and renamed over it, so a
    power cut leaves either the old database or the restored one, never a mix.
    Returns the folder where copies of the replaced (possibly damaged) files went.
    """
    aside = backups / f"replaced-{now.strftime('%Y%m%d-%H%M%S')}"
    aside.mkdir(parents=True, exist_ok=True)
    live_files = [database.with_name(database.name + s) for s in ("", "-wal", "-shm")]
    for live in live_files:
        if live.exists():
            shutil.copy2(live, aside / (live.name.replace(".sqlite3", "") + ".bak"))
    staging = database.with_name(".liushou-restoring.tmp")
    staging.unlink(missing_ok=True)
    _copy_database(backup, staging)
    with open(staging, "rb+") as handle:
        os.fsync(handle.fileno())
    for stale in live_files[1:]:  # the old WAL must not be replayed onto the restored file
        stale.unlink(missing_ok=True)
    os.replace(staging, database)
    fsync_dir(database.parent)
    return aside
