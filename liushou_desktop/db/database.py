"""Opening the data dir's database: check, back up, migrate, hand out sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from liushou_desktop.db import sync_meta
from liushou_desktop.db.backup import latest_backup, quick_check
from liushou_desktop.db.engine import make_engine
from liushou_desktop.db.migrate import upgrade_to_head
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.paths import DataDir


class DatabaseDamagedError(UserError):
    """``quick_check`` failed; ``backup`` is the newest good backup, if any."""

    def __init__(self, message: str, params: dict[str, str], backup: Path | None) -> None:
        super().__init__(message, params)
        self.backup = backup


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
        """
        session = self.session_factory()
        session.info[sync_meta.ACTOR_KEY] = actor
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
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
    """Check, back up if a migration is due, migrate, and open the database."""
    data_dir.ensure()
    check_integrity(data_dir)
    engine = make_engine(data_dir.database)
    upgrade_to_head(engine, data_dir.backups, now())
    factory = sessionmaker(engine, expire_on_commit=False)
    sync_meta.install(factory, now)
    return Database(data_dir, engine, factory)
