"""A child's record over time: status changes, confirmations, the audited edits, the timeline.

:class:`ChildHistoryMixin` gives :class:`~.children.ChildrenService` ``change_status``,
``confirm`` and ``timeline``; :class:`EditLog` is how ``save`` (in :mod:`.child_records`)
writes one audit entry per changed field, and :meth:`ChildHistoryMixin.timeline` reads
those entries back, masked as the viewer's role must see them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, String, cast, select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Child, ChildStatusChange, Consent, ImportBatch
from liushou_desktop.db.sync_meta import Now
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.permissions import (
    EDIT_CHILD,
    SEE_FULL_ID,
    SEE_HEALTH,
    SEE_PHONES,
    VIEW_CHILD_RECORD,
    Actor,
    allowed,
)
from liushou_desktop.domain.phones import mask_phone
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

# The child's health fields: left out of the form and of the history for roles that may
# not see health. Guardians' health (``father.health``) is not among them.
HEALTH_FORM_FIELDS = frozenset(
    {"health", "disability_type", "disability_grade", "illness_type", "medical_history"}
)
# Phone fields of the form (a guardian's, the family's): masked for roles without phones.
PHONE_FIELDS = frozenset({"phone", "employer_phone", "home_phone"})
CONFIRM_ACTION = "child_confirmed"


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a child's history, newest first in :meth:`ChildHistoryMixin.timeline`.

    ``kind``: "status" (old → new status, note), "consent" (new = form, note = given by),
    "registered", "edit" (field, old → new, masked as the role must see them),
    "confirmed", "import" (note = the file's name). ``at`` is a date's midnight for
    dated events.
    """

    at: datetime
    kind: str
    actor: str = ""
    field: str = ""
    old: str = ""
    new: str = ""
    note: str = ""


class ChildHistoryMixin:
    """The history part of ChildrenService (see the module docstring)."""

    _db: Database
    _now: Now

    @staticmethod
    def scope(actor: Actor) -> ColumnElement[bool]:
        raise NotImplementedError

    def _child_in_scope(self, session: Session, actor: Actor, child_id: str) -> Child:
        raise NotImplementedError

    def change_status(
        self, actor: Actor, child_id: str, status: str, on: date, note: str = ""
    ) -> None:
        """Transferred, graduated, parents returned, left, or back to active: kept as history."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        if status not in vocab.CHILD_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            child = self._child_in_scope(session, actor, child_id)
            if child.status == status:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError", "The child's status is already “{status}”: choose another."
                    ),
                    {"status": vocab.CHILD_STATUSES[status]},
                )
            session.add(
                ChildStatusChange(
                    child_id=child.id,
                    changed_on=on,
                    previous_status=child.status,
                    status=status,
                    note=note.strip()[:200],
                )
            )
            audit.append(
                session,
                actor=actor.username,
                action="child_status_changed",
                now=now,
                object_type="child",
                object_id=child.id,
                detail={"old": child.status, "new": status, "on": on.isoformat()},
            )
            child.status, child.status_date = status, on

    def confirm(self, actor: Actor, child_ids: list[str], on: date) -> int:
        """Mark these records as checked and still true on ``on`` (what the re-survey reads,
        ``Child.confirmed_on``); returns how many. One ``child_confirmed`` audit entry per
        child. A thousand children take a few statements: the children are read by chunks
        of ids, updated in one batched flush, and the audit entries inserted at once. Raises
        UserError (nothing confirmed) if any of them is not open to ``actor``."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        ids = sorted(set(child_ids))
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            children: list[Child] = []
            for chunk in chunks(ids):
                children += session.scalars(
                    select(Child).where(
                        Child.id.in_(chunk),
                        Child.deleted.is_(False),
                        self.scope(actor),
                    )
                ).all()
            for missing in sorted(set(ids) - {c.id for c in children}):
                self._child_in_scope(session, actor, missing)  # raises: not open to this actor
            for child in children:
                child.confirmed_on = on
            session.flush()
            audit.append_many(
                session,
                actor=actor.username,
                action=CONFIRM_ACTION,
                now=now,
                object_type="child",
                entries=[
                    (c.id, {"on": on.isoformat()}) for c in sorted(children, key=lambda c: c.id)
                ],
            )
            return len(children)

    def timeline(self, actor: Actor, child_id: str) -> list[TimelineEntry]:
        """The child's history, newest first: status changes, consents, registration,
        edits (field old → new, masked as the role must see them), confirmations, imports."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        see_id, see_phones = allowed(actor, SEE_FULL_ID), allowed(actor, SEE_PHONES)
        see_health = allowed(actor, SEE_HEALTH)
        entries: list[TimelineEntry] = []
        with self._db.session_scope(actor.username) as session:
            child = self._child_in_scope(session, actor, child_id)
            for s in session.scalars(
                select(ChildStatusChange).where(
                    ChildStatusChange.child_id == child.id, ChildStatusChange.deleted.is_(False)
                )
            ):
                entries.append(
                    TimelineEntry(
                        _midnight(s.changed_on),
                        "status",
                        s.changed_by,
                        "status",
                        s.previous_status,
                        s.status,
                        s.note,
                    )
                )
            for c in session.scalars(
                select(Consent).where(Consent.child_id == child.id, Consent.deleted.is_(False))
            ):
                entries.append(
                    TimelineEntry(
                        _midnight(c.consent_date),
                        "consent",
                        c.changed_by,
                        new=c.form,
                        note=c.given_by,
                    )
                )
            kinds = {
                "child_registered": "registered",
                "child_edit": "edit",
                CONFIRM_ACTION: "confirmed",
            }
            for e in session.scalars(
                select(AuditEntry).where(
                    AuditEntry.object_type == "child",
                    AuditEntry.object_id == child.id,
                    AuditEntry.action.in_(kinds),
                )
            ):
                entry = _audit_entry(e, kinds[e.action], see_id, see_phones, see_health)
                if entry is not None:
                    entries.append(entry)
            for batch in session.scalars(
                select(ImportBatch).where(cast(ImportBatch.undo, String).contains(child.id))
            ):
                entries.append(
                    TimelineEntry(batch.created_at, "import", batch.actor, note=batch.file_name)
                )
        entries.sort(key=lambda t: t.at, reverse=True)
        return entries


class EditLog:
    """Assigns changed values and writes one ``child_edit`` audit entry per changed field
    (a new child gets one ``child_registered`` entry instead)."""

    def __init__(self, session: Session, actor: Actor, now: datetime, child: Child, created: bool):
        self.session, self.actor, self.now, self.child, self.created = (
            session,
            actor,
            now,
            child,
            created,
        )
        self.added: list[str] = []

    def assign(self, obj: Any, values: dict[str, Any], prefix: str) -> None:
        for name, new in values.items():
            old = getattr(obj, name)
            if old == new or (_blank(old) and _blank(new) and not self.created):
                continue
            setattr(obj, name, new)
            if not self.created and name not in ("name_pinyin", "name_initials"):
                self._entry(
                    "child_edit", {"field": prefix + name, "old": _shown(old), "new": _shown(new)}
                )

    def note_added(self, relation: str) -> None:
        self.added.append(relation)

    def finish(self) -> None:
        if self.created:
            self._entry("child_registered", {"source": "form", "guardians": self.added})
        elif self.added:
            self._entry(
                "child_edit", {"field": "guardians", "old": "", "new": ",".join(self.added)}
            )

    def _entry(self, action: str, detail: dict[str, Any]) -> None:
        audit.append(
            self.session,
            actor=self.actor.username,
            action=action,
            now=self.now,
            object_type="child",
            object_id=self.child.id,
            detail=detail,
        )


def _shown(value: Any) -> Any:
    """A value as written to the audit log: dates as text, a photo only as a mark."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"photo {len(value)} bytes"
    return value


def _blank(value: Any) -> bool:
    """Not filled in: None, "" or an empty list (False is an answer, not a blank)."""
    return value is None or value == "" or value == []


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _audit_entry(
    e: AuditEntry, kind: str, see_id: bool, see_phones: bool, see_health: bool
) -> TimelineEntry | None:
    detail = json.loads(e.detail or "{}")
    name = str(detail.get("field", ""))
    old, new = detail.get("old"), detail.get("new")
    base = name.rsplit(".", 1)[-1]
    if base in HEALTH_FORM_FIELDS and not name.count(".") and not see_health:
        return None
    if base == "id_number" and not see_id:
        old, new = mask_id_number(str(old or "")), mask_id_number(str(new or ""))
    if base in PHONE_FIELDS and not see_phones:
        old, new = mask_phone(str(old or "")), mask_phone(str(new or ""))
    at = datetime.fromisoformat(e.at).replace(tzinfo=None)
    return TimelineEntry(
        at,
        kind,
        e.actor,
        name,
        _text(old),
        _text(new if kind != "confirmed" else detail.get("on", "")),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)
