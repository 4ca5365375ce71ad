"""The import history and taking an import back (undo).

Every :meth:`~liushou_desktop.domain.roster_import.RosterImportService.run` stores an
:class:`~liushou_desktop.db.models.ImportBatch` whose ``undo`` holds
:func:`undo_record`: the ids of the rows it inserted and the old values of the fields
it changed. :func:`history` lists the batches as :class:`ImportBatchView`; :func:`undo`
backs the database up, then in one transaction restores the old values and tombstones
what the import inserted (a class or family a later import gave a child to stays).

An import can be undone once, and only while no row it inserted or changed was
written again since (a row's sync clock later than the batch's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Table, select
from sqlalchemy.orm import Session

from liushou_desktop.db.backup import backup_database
from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Family, Guardian, ImportBatch, SchoolClass
from liushou_desktop.db.sync_meta import Now
from liushou_desktop.domain import audit
from liushou_desktop.domain.permissions import ALL_CHILDREN_ROLES, Actor
from liushou_desktop.domain.roster_write import MODELS, update_rows
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = [
    "UNDO_AUDIT_ACTION",
    "UNDO_BACKUP_REASON",
    "ImportBatchView",
    "history",
    "undo",
    "undo_record",
]

UNDO_AUDIT_ACTION = "roster_import_undone"
UNDO_BACKUP_REASON = "before-import-undo"


@dataclass(frozen=True)
class ImportBatchView:
    """One committed import in the history, and whether it can still be undone.

    ``why_not`` is "" when it can, else an English sentence saying why not; the same
    as a :class:`UserError` in ``why_not_error`` for the GUI to translate.
    """

    id: int
    created_at: datetime
    actor: str
    file_name: str
    counts: dict[str, int]
    undone_at: datetime | None
    can_undo: bool
    why_not: str
    why_not_error: UserError | None = field(default=None, compare=False)


def undo_record(
    inserts: Mapping[str, list[dict[str, Any]]],
    old: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> dict[str, Any]:
    """What undo needs, JSON-ready for ``ImportBatch.undo``: the ids inserted (table ->
    new rows) and the old values of the changed fields (table -> row id -> {field: value})."""
    return {
        "inserted": {name: [row["id"] for row in rows] for name, rows in inserts.items()},
        "changed": {
            name: {
                row_id: {k: _jsonable(v) for k, v in values.items()}
                for row_id, values in rows.items()
            }
            for name, rows in old.items()
        },
    }


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def history(db: Database, actor: Actor) -> list[ImportBatchView]:
    """The committed imports, newest first, each saying whether it can be undone: every
    import for those who see the whole school, a class teacher's own ones for them."""
    query = select(ImportBatch).order_by(ImportBatch.id.desc())
    if actor.role not in ALL_CHILDREN_ROLES:
        query = query.where(ImportBatch.actor == actor.username)
    with db.session_factory() as session:
        views = []
        for batch in session.scalars(query):
            error = _why_not(session, batch)
            views.append(
                ImportBatchView(
                    id=batch.id,
                    created_at=batch.created_at,
                    actor=batch.actor,
                    file_name=batch.file_name,
                    counts=dict(batch.counts),
                    undone_at=batch.undone_at,
                    can_undo=error is None,
                    why_not=str(error) if error else "",
                    why_not_error=error,
                )
            )
        return views


def undo(db: Database, actor: Actor, batch_id: int, now: Now) -> None:
    """Take import ``batch_id`` back: a backup, then one transaction (see :func:`_revert`).

    The caller checks the actor's permission. Raises UserError if the import was
    undone already, a row it touched was changed since, or it is another teacher's
    import and the actor sees only their classes.
    """
    with db.session_factory() as session:
        batch = session.get(ImportBatch, batch_id)
        others = batch is not None and batch.actor != actor.username
        if others and actor.role not in ALL_CHILDREN_ROLES:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "Only the school administrator can undo an import another teacher made.",
                )
            )
        _check_undo(session, batch)
    when = now()
    data_dir = db.data_dir
    backup_database(data_dir.database, data_dir.backups, UNDO_BACKUP_REASON, when)
    with db.session_scope(actor.username) as session:
        batch = session.get(ImportBatch, batch_id)
        _check_undo(session, batch)
        assert batch is not None
        detail = _revert(session, batch, when)
        batch.undone_at = when
        batch.undone_by = actor.username
        audit.append(
            session,
            actor=actor.username,
            action=UNDO_AUDIT_ACTION,
            now=when,
            object_type="import_batch",
            object_id=str(batch.id),
            detail={"file": batch.file_name, "batch_id": batch.id, **detail},
        )


def _touched(batch: ImportBatch) -> dict[str, list[str]]:
    """table -> the ids of the rows the import inserted or changed."""
    inserted = batch.undo.get("inserted", {})
    changed = batch.undo.get("changed", {})
    return {
        name: [*inserted.get(name, []), *changed.get(name, {})]
        for name in MODELS
        if inserted.get(name) or changed.get(name)
    }


def _why_not(session: Session, batch: ImportBatch) -> UserError | None:
    """Why ``batch`` cannot be undone, or None if it can."""
    if batch.undone_at is not None:
        return UserError(QT_TRANSLATE_NOOP("UserError", "This import was already undone."))
    for name, ids in _touched(batch).items():
        table = MODELS[name].__table__
        for chunk in chunks(ids):
            later = session.scalar(
                select(table.c.id).where(table.c.id.in_(chunk), table.c.clock > batch.clock)
            )
            if later is not None:
                return UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This import can no longer be undone: some of the children or "
                        "families it added or changed were edited after it. Correct those "
                        "records by hand instead.",
                    )
                )
    return None


def _check_undo(session: Session, batch: ImportBatch | None) -> None:
    if batch is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "This import is not in the import history any more. Close the window and "
                "open the history again.",
            )
        )
    error = _why_not(session, batch)
    if error is not None:
        raise error


def _live_parents(session: Session, column: Any, ids: list[str]) -> set[str]:
    """Which of ``ids`` (class or family ids) still have a live child."""
    found: set[str] = set()
    for chunk in chunks(ids):
        found.update(
            session.scalars(
                select(column).where(column.in_(chunk), Child.deleted.is_(False)).distinct()
            )
        )
    return found


def _revert(session: Session, batch: ImportBatch, now: datetime) -> dict[str, int]:
    """Restore the changed fields, then tombstone what the import inserted."""
    inserted: dict[str, list[str]] = batch.undo.get("inserted", {})
    changed: dict[str, dict[str, dict[str, Any]]] = batch.undo.get("changed", {})
    for name, model in MODELS.items():
        table = model.__table__
        rows = {
            row_id: {k: _from_json(table, k, v) for k, v in old.items()}
            for row_id, old in changed.get(name, {}).items()
        }
        update_rows(session, table, rows, now)
    children = inserted.get("child", [])
    _tombstone(session, Child.__table__, children, now)
    classes = inserted.get("school_class", [])
    kept_classes = _live_parents(session, Child.class_id, classes)
    _tombstone(session, SchoolClass.__table__, [c for c in classes if c not in kept_classes], now)
    families = inserted.get("family", [])
    kept = _live_parents(session, Child.family_id, families)
    _tombstone(session, Family.__table__, [f for f in families if f not in kept], now)
    guardians = inserted.get("guardian", [])
    if kept:  # a later import linked a sibling to a family this one made: its people stay
        stay: set[str] = set()
        for chunk in chunks(guardians):
            stay.update(
                session.scalars(
                    select(Guardian.id).where(
                        Guardian.id.in_(chunk), Guardian.family_id.in_(sorted(kept))
                    )
                )
            )
        guardians = [g for g in guardians if g not in stay]
    _tombstone(session, Guardian.__table__, guardians, now)
    return {"removed": len(children), "restored": sum(len(r) for r in changed.values())}


def _tombstone(session: Session, table: Table, ids: list[str], now: datetime) -> None:
    update_rows(session, table, {row_id: {"deleted": True} for row_id in ids}, now)


def _from_json(table: Table, key: str, value: Any) -> Any:
    """An old value as stored in ImportBatch.undo, back in the column's type."""
    if isinstance(value, str) and isinstance(table.c[key].type, Date):
        return date.fromisoformat(value)
    return value
