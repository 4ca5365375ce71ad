"""Copies of the live database made with SQLite's online backup API.

Backups live in the data dir's ``backups/`` folder and are named
``liushou-YYYYMMDD-HHMMSS-REASON.bak`` (never ``*.sqlite*``, so nobody opens a
backup by mistake thinking it is the live database).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

BACKUP_SUFFIX = ".bak"
_REASON_RE = re.compile(r"[^A-Za-z0-9_-]+")


def backup_database(database: Path, backups: Path, reason: str, now: datetime) -> Path:
    """Copy ``database`` into ``backups`` and return the new file.

    The copy is consistent even while other connections write (the backup API
    copies a snapshot), and is checked with ``quick_check`` before it counts.
    """
    backups.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    slug = _REASON_RE.sub("-", reason).strip("-") or "manual"
    target = backups / f"liushou-{stamp}-{slug}{BACKUP_SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = backups / f"liushou-{stamp}-{slug}-{n}{BACKUP_SUFFIX}"
    partial = target.with_suffix(".partial")
    with closing(sqlite3.connect(database)) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    if quick_check(partial) != "ok":
        partial.unlink(missing_ok=True)
        raise OSError(f"backup copy failed its integrity check: {target}")
    partial.replace(target)
    return target


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

    Returns the folder where the replaced (possibly damaged) files were moved.
    """
    aside = backups / f"replaced-{now.strftime('%Y%m%d-%H%M%S')}"
    aside.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        live = database.with_name(database.name + suffix)
        if live.exists():
            shutil.move(str(live), aside / (live.name.replace(".sqlite3", "") + ".bak"))
    with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(database)) as dst:
        src.backup(dst)
    return aside
