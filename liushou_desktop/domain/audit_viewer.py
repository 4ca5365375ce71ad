"""Reading the audit log: filter, export, verify (the administrator's tools)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import or_, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import EXPORT_AUDIT, VIEW_AUDIT, Actor
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

MAX_ROWS = 20_000
EXPORT_HEADERS = (
    QT_TRANSLATE_NOOP("AuditExport", "No."),
    QT_TRANSLATE_NOOP("AuditExport", "Time (UTC)"),
    QT_TRANSLATE_NOOP("AuditExport", "Who"),
    QT_TRANSLATE_NOOP("AuditExport", "Action"),
    QT_TRANSLATE_NOOP("AuditExport", "Object"),
    QT_TRANSLATE_NOOP("AuditExport", "Object id"),
    QT_TRANSLATE_NOOP("AuditExport", "Details"),
)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""


class AuditService:
    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def query(self, actor: Actor, filters: AuditFilter = AuditFilter()) -> list[AuditRow]:
        """Entries matching ``filters``, newest first (at most :data:`MAX_ROWS`)."""
        enforce(self._db, actor, VIEW_AUDIT, self._now)
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(MAX_ROWS)
        if filters.who:
            query = query.where(AuditEntry.actor.contains(filters.who))
        if filters.action:
            query = query.where(AuditEntry.action == filters.action)
        if filters.since:
            query = query.where(
                AuditEntry.at >= datetime.combine(filters.since, time()).isoformat()
            )
        if filters.until:
            end = datetime.combine(filters.until + timedelta(days=1), time())
            query = query.where(AuditEntry.at < end.isoformat())
        if filters.text:
            query = query.where(
                or_(
                    AuditEntry.detail.contains(filters.text),
                    AuditEntry.object_id.contains(filters.text),
                )
            )
        with self._db.session_scope(actor.username) as session:
            return [
                AuditRow(e.id, e.at, e.actor, e.action, e.object_type, e.object_id, e.detail)
                for e in session.scalars(query)
            ]

    def actions(self, actor: Actor) -> list[str]:
        """The action names in the log, for the filter's drop-down."""
        enforce(self._db, actor, VIEW_AUDIT, self._now)
        with self._db.session_scope(actor.username) as session:
            return sorted(session.scalars(select(AuditEntry.action).distinct()))

    def export(
        self, actor: Actor, rows: list[AuditRow], path: Path, headers: tuple[str, ...]
    ) -> Path:
        """Write ``rows`` to an .xlsx file (verified after writing); logged."""
        from liushou_desktop.io.xlsx import write_table

        enforce(self._db, actor, EXPORT_AUDIT, self._now)
        written = write_table(
            path,
            "audit",
            headers,
            [(r.id, r.at, r.actor, r.action, r.object_type, r.object_id, r.detail) for r in rows],
        )
        with self._db.session_scope(actor.username) as session:
            audit.append(
                session,
                actor=actor.username,
                action="audit_exported",
                now=self._now(),
                object_type="file",
                object_id=written.name,
                detail={"rows": len(rows)},
            )
        return written

    def verify(self) -> audit.ChainReport:
        with self._db.session_scope("system") as session:
            return audit.verify_chain(session)
