"""成长档案: a child's growth record — notes, test results, awards, good news, letters
and photos — and the term's summary that is printed for the family.

:class:`GrowthService` reads a child's timeline (``child.view_record``, the child in
the actor's scope), adds, corrects, removes and shares entries (``growth.record``) and
puts together the term summary (:class:`GrowthSummary`): the term's entries and how
often the child had a talk, a call with a parent, a home visit and took part in an
activity. Activity figures are read from the activity tables directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    FamilyContact,
    GrowthEntry,
    HomeVisit,
    Photo,
    School,
    SchoolClass,
    Talk,
)
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.family_contact import check_day, child_in_scope, term_named
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import RECORD_GROWTH, VIEW_CHILD_RECORD, Actor
from liushou_desktop.domain.photos import downscale, store, tombstone_photos
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

TITLE_LENGTH = 100
PHOTO_KIND = "photo"  # vocab.GROWTH_KINDS: an entry that may be only photos


@dataclass
class GrowthForm:
    """An entry as the teacher enters it: the day, the kind (a code of
    :data:`vocab.GROWTH_KINDS`), a title, the text, and whether the parents may see it."""

    on: date
    kind: str
    title: str = ""
    text: str = ""
    shared: bool = False


@dataclass(frozen=True)
class GrowthRow:
    """One entry of the timeline, with the ids of its photos (oldest first)."""

    id: str
    child_id: str
    on: date
    kind: str
    title: str
    text: str
    shared: bool
    author: str
    photo_ids: tuple[str, ...]


@dataclass(frozen=True)
class GrowthSummary:
    """What the printed term summary holds: the child, the school and the term; the
    term's entries, oldest first; the talks held, the calls with a parent, the home
    visits and the held activities the child was present at, in the term."""

    child_id: str
    child_name: str
    class_name: str
    school_name: str
    term_name: str
    starts_on: date
    ends_on: date
    entries: tuple[GrowthRow, ...]
    talks_held: int
    parent_contacts: int
    home_visits: int
    activities_attended: int


def _values(form: GrowthForm, has_photos: bool) -> dict[str, Any]:
    """The row's values; a wrong kind is a programming error, an empty entry a UserError."""
    if form.kind not in vocab.GROWTH_KINDS:
        raise ValueError(f"unknown growth entry kind {form.kind!r}")
    title, text = form.title.strip()[:TITLE_LENGTH], form.text.strip()
    if not (title or text or (form.kind == PHOTO_KIND and has_photos)):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The entry is empty: write a title or a few words (a photo entry may "
                "instead hold a photo).",
            )
        )
    return {
        "on": form.on,
        "kind": form.kind,
        "title": title,
        "text": text,
        "shared": bool(form.shared),
    }


def _rows(
    session: Session, where: Sequence[ColumnElement[bool]], newest_first: bool
) -> list[GrowthRow]:
    order = (
        (GrowthEntry.on.desc(), GrowthEntry.created_at.desc(), GrowthEntry.id)
        if newest_first
        else (GrowthEntry.on, GrowthEntry.created_at, GrowthEntry.id)
    )
    entries = list(
        session.scalars(
            select(GrowthEntry).where(GrowthEntry.deleted.is_(False), *where).order_by(*order)
        )
    )
    photos: dict[str, list[str]] = {}
    if entries:
        for owner_id, photo_id in session.execute(
            select(Photo.owner_id, Photo.id)
            .where(
                Photo.owner_kind == "growth",
                Photo.owner_id.in_([e.id for e in entries]),
                Photo.deleted.is_(False),
            )
            .order_by(Photo.taken_on, Photo.created_at, Photo.id)
        ):
            photos.setdefault(owner_id, []).append(photo_id)
    return [
        GrowthRow(
            id=e.id,
            child_id=e.child_id,
            on=e.on,
            kind=e.kind,
            title=e.title,
            text=e.text,
            shared=e.shared,
            author=e.author,
            photo_ids=tuple(photos.get(e.id, ())),
        )
        for e in entries
    ]


def _removed() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError", "This entry of the growth record was removed: refresh the record."
        )
    )


class GrowthService:
    """The growth record and its term summary (see the module)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def timeline(self, actor: Actor, child_id: str, shared_only: bool = False) -> list[GrowthRow]:
        """The child's entries, newest first (only those shared with the parents)."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        with self._db.session_scope(actor.username) as session:
            child = child_in_scope(session, actor, child_id)
            where = [GrowthEntry.child_id == child.id]
            if shared_only:
                where.append(GrowthEntry.shared.is_(True))
            return _rows(session, where, newest_first=True)

    def add(
        self, actor: Actor, child_id: str, form: GrowthForm, photos: Sequence[bytes] = ()
    ) -> str:
        """Add an entry (with its photos, downscaled, taken on the entry's day) to the
        record of a child in the actor's scope; returns its id."""
        enforce(self._db, actor, RECORD_GROWTH, self._now)
        now = self._now()
        check_day(form.on, local_date(now))
        values = _values(form, bool(photos))
        scaled = [downscale(data) for data in photos]
        with self._db.session_scope(actor.username) as session:
            child = child_in_scope(session, actor, child_id)
            entry = GrowthEntry(child_id=child.id, author=actor.username, **values)
            session.add(entry)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="growth_added",
                now=now,
                object_type="growth_entry",
                object_id=entry.id,
                detail={"child": child.id, "photos": len(scaled)},
            )
            for picture in scaled:
                store(
                    session,
                    actor,
                    now,
                    school_id=child.school_id,
                    owner_kind="growth",
                    owner_id=entry.id,
                    scaled=picture,
                    taken_on=entry.on,
                )
            return entry.id

    def update(self, actor: Actor, entry_id: str, form: GrowthForm) -> None:
        """Correct an entry (audited with the names of the changed fields)."""
        enforce(self._db, actor, RECORD_GROWTH, self._now)
        now = self._now()
        check_day(form.on, local_date(now))
        with self._db.session_scope(actor.username) as session:
            entry = self._entry(session, actor, entry_id)
            has_photos = bool(
                session.scalar(
                    select(func.count()).where(
                        Photo.owner_kind == "growth",
                        Photo.owner_id == entry.id,
                        Photo.deleted.is_(False),
                    )
                )
            )
            values = _values(form, has_photos)
            audit.apply_changes(
                session,
                entry,
                values,
                actor=actor.username,
                action="growth_changed",
                now=now,
                object_type="growth_entry",
                detail={"child": entry.child_id},
            )

    def delete(self, actor: Actor, entry_id: str) -> None:
        """Remove an entry and its photos (tombstones)."""
        enforce(self._db, actor, RECORD_GROWTH, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            entry = self._entry(session, actor, entry_id)
            removed = tombstone_photos(session, "growth", [entry.id])
            audit.tombstone(
                session,
                entry,
                actor=actor.username,
                action="growth_deleted",
                now=now,
                object_type="growth_entry",
                detail={"child": entry.child_id, "photos": removed},
            )

    def set_shared(self, actor: Actor, entry_id: str, shared: bool) -> None:
        """Mark an entry as shown to the parents, or not."""
        enforce(self._db, actor, RECORD_GROWTH, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            entry = self._entry(session, actor, entry_id)
            if entry.shared == shared:
                return
            entry.shared = shared
            audit.append(
                session,
                actor=actor.username,
                action="growth_shared",
                now=now,
                object_type="growth_entry",
                object_id=entry.id,
                detail={"child": entry.child_id, "shared": shared},
            )

    @staticmethod
    def _entry(session: Session, actor: Actor, entry_id: str) -> GrowthEntry:
        entry = session.get(GrowthEntry, entry_id)
        if entry is None or entry.deleted:
            raise _removed()
        child_in_scope(session, actor, entry.child_id)
        return entry

    def term_summary(self, actor: Actor, child_id: str, term_name: str) -> GrowthSummary:
        """The child's term summary (see :class:`GrowthSummary`); UserError when the
        term is not in the school calendar."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        with self._db.session_scope(actor.username) as session:
            child = child_in_scope(session, actor, child_id)
            term = term_named(session, child.school_id, term_name)
            first, last = term.starts_on, term.ends_on
            entries = _rows(
                session,
                [GrowthEntry.child_id == child.id, GrowthEntry.on >= first, GrowthEntry.on <= last],
                newest_first=False,
            )

            def count(*where: ColumnElement[bool]) -> int:
                return int(session.scalar(select(func.count()).where(*where)) or 0)

            talks = count(
                Talk.child_id == child.id,
                Talk.deleted.is_(False),
                Talk.status == vocab.TALK_DONE,
                Talk.held_on >= first,
                Talk.held_on <= last,
            )
            contacts = count(
                FamilyContact.child_id == child.id,
                FamilyContact.deleted.is_(False),
                FamilyContact.relation.in_(vocab.PARENT_RELATIONS),
                FamilyContact.on >= first,
                FamilyContact.on <= last,
            )
            visits = count(
                HomeVisit.child_id == child.id,
                HomeVisit.deleted.is_(False),
                HomeVisit.visited_on >= first,
                HomeVisit.visited_on <= last,
            )
            attended = int(
                session.scalar(
                    select(func.count())
                    .select_from(ActivityAttendance)
                    .join(Activity, Activity.id == ActivityAttendance.activity_id)
                    .where(
                        ActivityAttendance.child_id == child.id,
                        ActivityAttendance.deleted.is_(False),
                        ActivityAttendance.present.is_(True),
                        Activity.deleted.is_(False),
                        Activity.status == vocab.ACTIVITY_HELD,
                        Activity.term_id == term.id,
                    )
                )
                or 0
            )
            class_name = (
                session.scalar(select(SchoolClass.name).where(SchoolClass.id == child.class_id))
                if child.class_id
                else None
            )
            school_name = session.scalar(select(School.name).where(School.id == child.school_id))
            return GrowthSummary(
                child_id=child.id,
                child_name=child.name,
                class_name=class_name or "",
                school_name=school_name or "",
                term_name=term.name,
                starts_on=first,
                ends_on=last,
                entries=tuple(entries),
                talks_held=talks,
                parent_contacts=contacts,
                home_visits=visits,
                activities_attended=attended,
            )
