"""Bringing a database to the schema this version of the app expects.

Start-up compares the ``alembic_version`` row with :data:`HEAD_REVISION`
using plain SQL; Alembic itself (a quarter of a second to import) is loaded
only when a migration is actually due. Before migrating a database that
already holds data, a backup is made with SQLite's backup API.

Developers add a revision with::

    python -m liushou_desktop.db.migrate revision "add talk tables"

then set :data:`HEAD_REVISION` to the new id (a test checks they agree).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from liushou_desktop.db.backup import backup_database
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0008"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at, or None for an empty database."""
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config() -> Config:
    """An Alembic config pointing at the bundled migrations (no alembic.ini)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> set[str]:
    """Every revision id this version of the app ships."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade_to_head(engine: Engine, backups: Path, now: datetime) -> Path | None:
    """Migrate to :data:`HEAD_REVISION`; returns the backup made first, if any.

    A database from a newer version of the app is refused, untouched.
    """
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return None
    from alembic import command

    if revision is not None and revision not in known_revisions():
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "This data was saved by a newer version of the program (schema {revision}). "
                "Please install the newest version of liushou-desktop, then open it again.",
            ),
            {"revision": revision},
        )
    backup = None
    if inspect(engine).get_table_names():
        database = Path(engine.url.database or "")
        backup = backup_database(database, backups, f"before-{HEAD_REVISION}", now)
    config = alembic_config()
    with engine.connect() as conn:
        # SQLite rebuilds a table to alter it; foreign keys must be off meanwhile
        # (and can only be switched outside a transaction). They are checked
        # before the migration commits, and switched back on after.
        raw = conn.connection.dbapi_connection  # outside SQLAlchemy's autobegin
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    return backup


def _make_revision(message: str) -> None:  # developer tool, not used by the app
    import tempfile

    from alembic import command

    from liushou_desktop.db.engine import make_engine

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "dev.sqlite3")
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            rev_id = f"{int(HEAD_REVISION) + 1:04d}"
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _make_revision(sys.argv[2])
    else:
        sys.exit("usage: python -m liushou_desktop.db.migrate revision MESSAGE")
