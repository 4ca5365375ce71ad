"""Opening the data dir's database: check, back up, migrate, hand out sessions."""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, configure_mappers, sessionmaker

from liushou_desktop.db import sync_meta
from liushou_desktop.db.backup import latest_backup, quick_check
from liushou_desktop.db.engine import make_engine
from liushou_desktop.db.migrate import upgrade_to_head
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.paths import DataDir

log = logging.getLogger(__name__)


class DatabaseDamagedError(UserError):
    """``quick_check`` failed; ``backup`` is the newest good backup, if any."""

    def __init__(self, message: str, params: dict[str, str], backup: Path | None) -> None:
        super().__init__(message, params)
        self.backup = backup


DISK_FULL = "disk_full"
READ_ONLY = "read_only"
IO_ERROR = "io_error"

# What the user reads for each kind of storage failure (the GUI translates it).
_STORAGE_MESSAGES = {
    DISK_FULL: QT_TRANSLATE_NOOP(
        "UserError",
        "The disk that holds the data folder ({path}) is full, so nothing was saved. "
        "Free some space on this computer (delete old files you no longer need or empty "
        "the Recycle Bin), then try again.",
    ),
    READ_ONLY: QT_TRANSLATE_NOOP(
        "UserError",
        "The data folder ({path}) cannot be written to, so nothing was saved. "
        "If it is on a USB stick, make sure the stick is not write-protected; otherwise ask "
        "the township's IT helper to give your Windows account permission to change the "
        "folder. Then try again.",
    ),
    IO_ERROR: QT_TRANSLATE_NOOP(
        "UserError",
        "The computer could not read or write the data folder ({path}), so nothing was "
        "saved. If it is on a USB stick or another removable disk, make sure it is plugged "
        "in; then close the program, open it again and try again. If this keeps happening, "
        "ask the township's IT helper to check the disk.",
    ),
}

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_CODES = {
    13: DISK_FULL,  # SQLITE_FULL
    8: READ_ONLY,  # SQLITE_READONLY
    3: READ_ONLY,  # SQLITE_PERM
    10: IO_ERROR,  # SQLITE_IOERR
    14: IO_ERROR,  # SQLITE_CANTOPEN: the file or its journal could not be opened
}
# The same, by SQLite's message, for errors that carry no code.
_SQLITE_MESSAGES = (
    ("database or disk is full", DISK_FULL),
    ("attempt to write a readonly database", READ_ONLY),
    ("access permission denied", READ_ONLY),
    ("disk i/o error", IO_ERROR),
    ("unable to open database file", IO_ERROR),
)


class StorageError(UserError):
    """A transaction failed because the data folder could not be written.

    ``kind`` is :data:`DISK_FULL`, :data:`READ_ONLY` or :data:`IO_ERROR`. The
    transaction was rolled back, so nothing of the action was saved; the
    SQLite error is kept as ``__cause__``.
    """

    def __init__(self, kind: str, path: Path) -> None:
        super().__init__(_STORAGE_MESSAGES[kind], {"path": str(path)})
        self.kind = kind


def storage_problem(exc: BaseException) -> str | None:
    """The kind of storage failure ``exc`` reports, or None if it is something else.

    Only SQLite's ``OperationalError`` counts, bare or wrapped by SQLAlchemy;
    a syntax error, a constraint or a bug is not a storage problem.
    """
    error: BaseException | None = exc
    if isinstance(exc, sa_exc.DBAPIError):
        if not isinstance(exc, sa_exc.OperationalError):
            return None
        error = exc.orig
    if not isinstance(error, sqlite3.OperationalError):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    message = str(error).lower()
    return next((kind for text, kind in _SQLITE_MESSAGES if text in message), None)


@dataclass
class Database:
    """The open database of one data dir. Make one per process."""

    data_dir: DataDir
    engine: Engine
    session_factory: sessionmaker[Session]

    @contextmanager
    def session_scope(self, actor: str) -> Iterator[Session]:
        """One transaction for one user action: committed, or rolled back on error.

        ``actor`` (a username, or ``cli``) is recorded on every synced row it changes.
        If the data folder cannot be written (disk full, read-only, a disk error), the
        transaction is rolled back and :class:`StorageError` is raised instead.
        """
        session = self.session_factory()
        session.info[sync_meta.ACTOR_KEY] = actor
        try:
            yield session
            session.commit()
        except BaseException as exc:
            problem = storage_problem(exc)
            try:
                session.rollback()
            except Exception:
                if problem is None:
                    raise
                # SQLite may have rolled back already; the storage error is what matters.
                log.warning("rollback after a storage error failed", exc_info=True)
            if problem is not None:
                raise StorageError(problem, self.data_dir.root) from exc
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def check_integrity(data_dir: DataDir) -> None:
    """Raise :class:`DatabaseDamagedError` if the live database fails ``quick_check``."""
    if not data_dir.database.exists():
        return
    result = quick_check(data_dir.database)
    if result == "ok":
        return
    backup = latest_backup(data_dir.backups)
    raise DatabaseDamagedError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The database file is damaged ({problem}). Nothing more will be written to it. "
            "The newest good backup is: {backup}. Restore it, or ask the township's IT helper.",
        ),
        {"problem": result[:200], "backup": str(backup) if backup else "-"},
        backup,
    )


def open_database(data_dir: DataDir, now: sync_meta.Now = sync_meta.utcnow) -> Database:
    """Check, back up if a migration is due, migrate, and open the database.

    A full disk or a folder that cannot be written is reported as a
    :class:`StorageError`, as it is for any later write.
    """
    try:
        data_dir.ensure()
    except OSError as exc:
        raise StorageError(_os_storage_kind(exc), data_dir.root) from exc
    check_integrity(data_dir)
    engine = make_engine(data_dir.database)
    try:
        upgrade_to_head(engine, data_dir.backups, now())
    except (sa_exc.OperationalError, sqlite3.OperationalError) as exc:
        kind = storage_problem(exc)
        engine.dispose()
        if kind is None:
            raise
        raise StorageError(kind, data_dir.root) from exc
    except OSError as exc:  # the backup before a migration
        engine.dispose()
        raise StorageError(_os_storage_kind(exc), data_dir.backups) from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    sync_meta.install(factory, now)
    # Ready the models' mappings now rather than in the first query a user waits for.
    configure_mappers()
    return Database(data_dir, engine, factory)


def _os_storage_kind(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return DISK_FULL
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return READ_ONLY
    return IO_ERROR
