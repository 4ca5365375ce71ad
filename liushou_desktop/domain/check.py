"""``check``: is the data dir healthy? The same data always gives the same report."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from liushou_desktop.db.backup import quick_check
from liushou_desktop.db.database import Database
from liushou_desktop.db.migrate import HEAD_REVISION, current_revision
from liushou_desktop.db.models import (
    Child,
    Family,
    Guardian,
    School,
    SchoolClass,
    Teacher,
    UserAccount,
)
from liushou_desktop.domain import audit, vocab


class CheckService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def report(self) -> dict[str, Any]:
        """``{"ok", "integrity", "schema", "audit", "counts"}`` — no timestamps."""
        integrity = quick_check(self._db.data_dir.database)
        revision = current_revision(self._db.engine)
        live = Child.deleted.is_(False)
        counted = {
            "children_active": select(func.count()).where(live, Child.status == vocab.CHILD_ACTIVE),
            "children_total": select(func.count()).where(live),
            "classes": select(func.count())
            .select_from(SchoolClass)
            .where(SchoolClass.deleted.is_(False)),
            "families": select(func.count()).select_from(Family).where(Family.deleted.is_(False)),
            "guardians": select(func.count())
            .select_from(Guardian)
            .where(Guardian.deleted.is_(False)),
            "schools": select(func.count()).select_from(School).where(School.deleted.is_(False)),
            "teachers": select(func.count()).select_from(Teacher).where(Teacher.deleted.is_(False)),
            "users": select(func.count()).select_from(UserAccount),
        }
        with self._db.session_scope("system") as session:
            counts = {key: session.scalar(query) or 0 for key, query in counted.items()}
            chain = audit.verify_chain(session)
        ok = integrity == "ok" and revision == HEAD_REVISION and chain.ok
        return {
            "ok": ok,
            "integrity": integrity,
            "schema": {"revision": revision, "head": HEAD_REVISION},
            "audit": {"ok": chain.ok, "first_broken_id": chain.first_broken_id},
            "counts": counts,
        }
