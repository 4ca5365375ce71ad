"""The merge conflicts a person reviews: which value a merge kept, which it set aside.

A conflict (:class:`~liushou_desktop.db.models.MergeConflict`) is written by the merge
(:mod:`liushou_desktop.sync.merge`) when two installations changed the same field of a
child, family or guardian record apart. Here it is shown in plain terms
(:class:`ConflictView`: the child it concerns, the two values, where each came from) and
decided: :func:`reverse` puts the lost value back as a new local edit (a new clock, so it
wins on every later exchange), :func:`keep` marks it reviewed. The services that call
these check the permission and audit (:class:`~liushou_desktop.domain.sync_bundles.BundleService`).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, select, text
from sqlalchemy.orm import Session

from liushou_desktop.db import sync_meta
from liushou_desktop.db.models import SYNCED_MODELS, Installation, MergeConflict
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.sync.canonical import quoted

__all__ = ["ConflictView", "conflict_views", "keep", "reverse"]

_MODELS = {model.__tablename__: model for model in SYNCED_MODELS}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the list shows it.

    ``table``/``row_id``/``field`` name the value; ``child_name`` is the child the row
    belongs to ("" if none); ``kept`` and ``lost`` the two values (as JSON gives them:
    dates as ISO text); ``kept_origin_name``/``lost_origin_name`` the school (or this
    installation) that wrote each ("" if unknown); ``resolved`` whether a person decided.
    """

    id: int
    table: str
    row_id: str
    field: str
    child_name: str
    kept: Any
    lost: Any
    kept_origin_name: str
    lost_origin_name: str
    seen_at: datetime
    resolved: bool


def _child_name(session: Session, table: str, row_id: str) -> str:
    """The name of the child ``row_id`` of ``table`` belongs to ("" if none)."""
    if table == "child":
        sql = "SELECT name FROM child WHERE id = :id"
    elif table == "family":
        sql = "SELECT name FROM child WHERE family_id = :id ORDER BY deleted, name LIMIT 1"
    elif table == "guardian":
        sql = (
            "SELECT c.name FROM child c JOIN guardian g ON g.family_id = c.family_id "
            "WHERE g.id = :id ORDER BY c.deleted, c.name LIMIT 1"
        )
    elif table in _MODELS and "child_id" in _MODELS[table].__table__.columns:  # type: ignore[attr-defined]
        sql = (
            f"SELECT c.name FROM child c JOIN {quoted(table)} r ON r.child_id = c.id "
            "WHERE r.id = :id"
        )
    else:
        return ""
    return str(session.execute(text(sql), {"id": row_id}).scalar() or "")


class _Origins:
    """Names of the installations that wrote values: this one, or a school by its rows."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._names: dict[str, str] = {
            row.id: row.name for row in session.scalars(select(Installation))
        }

    def name(self, origin: str) -> str:
        if not origin:
            return ""
        if origin not in self._names:
            # a school's own row is written by its installation; else a child it wrote
            found = (
                self._session.execute(
                    text("SELECT name FROM school WHERE origin = :o LIMIT 1"), {"o": origin}
                ).scalar()
                or self._session.execute(
                    text(
                        "SELECT s.name FROM child c JOIN school s ON s.id = c.school_id "
                        "WHERE c.origin = :o LIMIT 1"
                    ),
                    {"o": origin},
                ).scalar()
            )
            self._names[origin] = str(found or "")
        return self._names[origin]


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def conflict_views(
    session: Session, *, include_resolved: bool = False, bundle_id: str | None = None
) -> list[ConflictView]:
    """The conflicts, newest first (only those of ``bundle_id`` if given)."""
    query = select(MergeConflict).order_by(MergeConflict.seen_at.desc(), MergeConflict.id.desc())
    if not include_resolved:
        query = query.where(MergeConflict.resolved_at.is_(None))
    if bundle_id is not None:
        query = query.where(MergeConflict.bundle_id == bundle_id)
    origins = _Origins(session)
    return [
        ConflictView(
            id=row.id,
            table=row.table_name,
            row_id=row.row_id,
            field=row.field,
            child_name=_child_name(session, row.table_name, row.row_id),
            kept=_decode(row.kept),
            lost=_decode(row.lost),
            kept_origin_name=origins.name(row.kept_origin),
            lost_origin_name=origins.name(row.lost_origin),
            seen_at=row.seen_at,
            resolved=row.resolved_at is not None,
        )
        for row in session.scalars(query)
    ]


def _open(session: Session, conflict_id: int) -> MergeConflict:
    row = session.get(MergeConflict, conflict_id)
    if row is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "There is no conflict number {id}: see the conflict list."
            ),
            {"id": conflict_id},
        )
    if row.resolved_at is not None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Conflict number {id} was already decided by {who}: nothing was changed.",
            ),
            {"id": conflict_id, "who": row.resolved_by or "-"},
        )
    return row


def _stored(table: str, field: str, value: Any) -> Any:
    """A conflict's JSON value as the database stores it in ``table.field``."""
    column = _MODELS[table].__table__.columns[field]  # type: ignore[attr-defined]
    if value is None:
        return None
    if isinstance(column.type, JSON):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(value, bool):
        return int(value)
    return value


def reverse(session: Session, conflict_id: int, actor: str, now: datetime) -> MergeConflict:
    """Put the lost value back as a new edit of this installation, mark it resolved."""
    row = _open(session, conflict_id)
    table, field = row.table_name, row.field
    if table not in _MODELS or field not in _MODELS[table].__table__.columns:  # type: ignore[attr-defined]
        raise ValueError(f"unknown field {table}.{field}")
    lost = _decode(row.lost)
    stamp = sync_meta.reserve_clocks(session, 1, now)
    result = session.execute(
        text(
            f"UPDATE {quoted(table)} SET {quoted(field)} = :value, clock = :clock, "
            "origin = :origin, changed_by = :actor, updated_at = :now WHERE id = :id"
        ),
        {
            "value": _stored(table, field, lost),
            "clock": stamp.first_clock,
            "origin": stamp.origin,
            "actor": actor,
            "now": now.strftime("%Y-%m-%d %H:%M:%S.%f"),
            "id": row.row_id,
        },
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The record of conflict number {id} is no longer here: nothing was changed.",
            ),
            {"id": conflict_id},
        )
    row.resolved_at = now
    row.resolved_by = actor
    session.flush()
    session.expire_all()  # ORM copies of the record now hold the old value
    return row


def keep(session: Session, conflict_id: int, actor: str, now: datetime) -> MergeConflict:
    """Mark the conflict reviewed: the kept value stays."""
    row = _open(session, conflict_id)
    row.resolved_at = now
    row.resolved_by = actor
    return row
