"""Talk records (谈心记录卡) and the concerns they open (个别教育管理方案).

:class:`TalkService` lists a month's talks of the children an actor may see, records a
held talk (filling the child's planned talk of that month, or adding one), lets its
author correct it for ``talks.edit_days`` days (the administrator at any time; every
change is audited with its old and new value, so corrections stay visible), and keeps
the concerns a talk flags, with their follow-ups, until they are closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, aliased

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Concern,
    ConcernFollowUp,
    SchoolClass,
    Talk,
    Teacher,
)
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.months import month_key
from liushou_desktop.domain.permissions import RECORD_TALKS, VIEW_TALK_STATUS, Actor
from liushou_desktop.domain.settings import TALK_EDIT_DAYS, SettingsService
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

EDIT_DAYS_KEY = TALK_EDIT_DAYS  # days the author may correct a record (Setting)
OLDEST_DAYS = 366  # a talk held longer ago than this is a typing mistake
# The fields of a talk the record card writes (TalkForm's fields).
FORM_FIELDS = (
    "held_on",
    "form",
    "place",
    "topics",
    "condition",
    "problems",
    "measures",
    "follow_up_on",
    "concerns",
)


@dataclass(frozen=True)
class TalkRow:
    """One line of the month's list: the child, their talk of the month (the held one if
    there is one, else the planned one; ``status`` "" when none is planned)."""

    talk_id: str | None
    child_id: str
    child_name: str
    class_name: str
    mentor_name: str
    planned_on: date | None
    held_on: date | None
    status: str
    overdue: bool
    concern_open: bool


@dataclass
class TalkForm:
    """What the record card holds; codes from :mod:`.vocab` (TALK_FORMS, TALK_TOPICS,
    CONCERN_KINDS)."""

    held_on: date
    form: str = "face"
    place: str = ""
    topics: list[str] = field(default_factory=list)
    condition: str = ""
    problems: str = ""
    measures: str = ""
    follow_up_on: date | None = None
    concerns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConcernView:
    """An open concern: the child, what it is about, since when, its plan and follow-ups."""

    concern_id: str
    child_id: str
    child_name: str
    class_name: str
    mentor_name: str
    kinds: tuple[str, ...]
    opened_on: date
    plan: str
    follow_ups: int
    last_follow_up: date | None


def validate_form(form: TalkForm, today: date) -> None:
    """Raise UserError, in plain words, for what is wrong with the card (the form's
    live check and the service's use the same rule)."""
    if form.held_on > today:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The talk's date {day} is in the future: enter the day the talk was held.",
            ),
            {"day": form.held_on.isoformat()},
        )
    if form.held_on < today - timedelta(days=OLDEST_DAYS):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The talk's date {day} is more than a year ago: check the year.",
            ),
            {"day": form.held_on.isoformat()},
        )
    if form.follow_up_on is not None and not (
        form.held_on <= form.follow_up_on <= form.held_on + timedelta(days=OLDEST_DAYS)
    ):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The follow-up date {day} must be after the talk and within a year of it.",
            ),
            {"day": form.follow_up_on.isoformat()},
        )
    if form.form not in vocab.TALK_FORMS:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Choose how the talk was held: face to face, phone, video call or home visit.",
            )
        )
    if not set(form.topics) <= set(vocab.TALK_TOPICS):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Choose the topics from the list: study, daily life, feelings, safety, "
                "family ties.",
            )
        )
    if not set(form.concerns) <= set(vocab.CONCERN_KINDS):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Choose the concern from the list: serious drop in school work, mental "
                "health, behaviour, safety, suspected offence.",
            )
        )


def _values(form: TalkForm) -> dict[str, Any]:
    """The talk's column values for ``form`` (texts stripped, lists de-duplicated)."""
    return {
        "held_on": form.held_on,
        "form": form.form,
        "place": form.place.strip()[:100],
        "topics": [t for t in vocab.TALK_TOPICS if t in form.topics],
        "condition": form.condition.strip(),
        "problems": form.problems.strip(),
        "measures": form.measures.strip(),
        "follow_up_on": form.follow_up_on,
        "concerns": [c for c in vocab.CONCERN_KINDS if c in form.concerns],
    }


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _not_in_scope() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This child's talks are not open to your account (the child belongs to another "
            "class or mentor), or the record was removed.",
        )
    )


class TalkService:
    """The month's list, the record card, corrections and concerns (see the module)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    # --- the month's list --------------------------------------------------------

    def month_list(self, actor: Actor, month: date, today: date | None = None) -> list[TalkRow]:
        """Active children the actor may see, by grade, class and pinyin, each with their
        talk of ``month`` (held first, else planned); ``overdue``: planned before ``today``."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        today = today or local_date(self._now())
        key = month_key(month)
        mentor, class_teacher = aliased(Teacher), aliased(Teacher)
        children = (
            select(
                Child.id,
                Child.name,
                SchoolClass.name,
                func.coalesce(mentor.name, class_teacher.name, ""),
            )
            .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
            .outerjoin(mentor, mentor.id == Child.mentor_id)
            .outerjoin(class_teacher, class_teacher.id == SchoolClass.class_teacher_id)
            .where(self._active(actor))
            .order_by(SchoolClass.grade, SchoolClass.name, Child.name_pinyin, Child.id)
        )
        in_scope = select(Child.id).where(self._active(actor))
        talk_mentor = aliased(Teacher)
        talks = (
            select(
                Talk.child_id,
                Talk.id,
                Talk.status,
                Talk.planned_on,
                Talk.held_on,
                talk_mentor.name,
            )
            .outerjoin(talk_mentor, talk_mentor.id == Talk.mentor_id)
            .where(
                Talk.month == key,
                Talk.deleted.is_(False),
                Talk.status.in_((vocab.TALK_PLANNED, vocab.TALK_DONE)),
                Talk.child_id.in_(in_scope),
            )
        )
        concerned = select(Concern.child_id).where(
            Concern.closed_on.is_(None), Concern.deleted.is_(False), Concern.child_id.in_(in_scope)
        )
        with self._db.session_scope(actor.username) as session:
            child_rows = session.execute(children).all()
            best: dict[str, Any] = {}
            for talk in session.execute(talks):
                if _better(talk, best.get(talk.child_id)):
                    best[talk.child_id] = talk
            open_ids = set(session.scalars(concerned))
        rows = []
        for child_id, name, class_name, child_mentor in child_rows:
            talk = best.get(child_id)
            status = talk.status if talk else ""
            rows.append(
                TalkRow(
                    talk_id=talk.id if talk else None,
                    child_id=child_id,
                    child_name=name,
                    class_name=class_name or "",
                    mentor_name=(talk[5] if talk and talk[5] else child_mentor) or "",
                    planned_on=talk.planned_on if talk else None,
                    held_on=talk.held_on if talk else None,
                    status=status,
                    overdue=bool(
                        talk
                        and status == vocab.TALK_PLANNED
                        and talk.planned_on is not None
                        and talk.planned_on < today
                    ),
                    concern_open=child_id in open_ids,
                )
            )
        return rows

    @staticmethod
    def _active(actor: Actor) -> ColumnElement[bool]:
        return and_(
            Child.deleted.is_(False),
            Child.status == vocab.CHILD_ACTIVE,
            ChildrenService.scope(actor),
        )

    # --- the record card ---------------------------------------------------------

    def record(self, actor: Actor, child_id: str, form: TalkForm) -> str:
        """Record a held talk; returns its id. Fills the child's planned talk of the month
        the talk was held in (or adds a held talk) and opens a concern if the card flags
        one and the child has none open."""
        enforce(self._db, actor, RECORD_TALKS, self._now)
        now = self._now()
        validate_form(form, local_date(now))
        values = _values(form)
        with self._db.session_scope(actor.username) as session:
            child = self._child(session, actor, child_id)
            planned = session.scalars(
                select(Talk)
                .where(
                    Talk.child_id == child.id,
                    Talk.month == month_key(form.held_on),
                    Talk.status == vocab.TALK_PLANNED,
                    Talk.deleted.is_(False),
                )
                .order_by(Talk.planned_on, Talk.id)
            ).first()
            own = actor.teacher_id if actor.role == vocab.ROLE_MENTOR else None
            if planned is not None:
                talk = planned
                talk.mentor_id = own or planned.mentor_id or actor.teacher_id
            else:
                talk = Talk(
                    child_id=child.id,
                    month=month_key(form.held_on),
                    mentor_id=own or child.mentor_id or _class_teacher(child) or actor.teacher_id,
                )
                session.add(talk)
            talk.status = vocab.TALK_DONE
            for name, value in values.items():
                setattr(talk, name, value)
            talk.author, talk.recorded_at = actor.username, now
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="talk_recorded",
                now=now,
                object_type="talk",
                object_id=talk.id,
                detail={
                    "child": child.id,
                    "month": talk.month,
                    "planned": planned is not None,
                    **{k: _jsonable(v) for k, v in values.items()},
                },
            )
            self._flag(session, actor, talk, now)
            return talk.id

    def update(self, actor: Actor, talk_id: str, form: TalkForm) -> None:
        """Correct a recorded talk: its author within ``talks.edit_days`` days of recording
        it, the administrator at any time. One audit entry per changed field (old, new)."""
        enforce(self._db, actor, RECORD_TALKS, self._now)
        now = self._now()
        validate_form(form, local_date(now))
        edit_days = self._edit_days()
        with self._db.session_scope(actor.username) as session:
            talk = session.get(Talk, talk_id)
            if talk is None or talk.deleted or talk.status != vocab.TALK_DONE:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This talk has no record to correct (it was not held yet, or it was "
                        "removed): record the talk instead.",
                    )
                )
            self._child(session, actor, talk.child_id)
            if actor.role != vocab.ROLE_ADMIN:
                _check_may_correct(actor, talk, now, edit_days)
            for name, new in _values(form).items():
                old = getattr(talk, name)
                if old == new:
                    continue
                setattr(talk, name, new)
                audit.append(
                    session,
                    actor=actor.username,
                    action="talk_edit",
                    now=now,
                    object_type="talk",
                    object_id=talk.id,
                    detail={"field": name, "old": _jsonable(old), "new": _jsonable(new)},
                )
            talk.month = month_key(talk.held_on or form.held_on)
            self._flag(session, actor, talk, now)

    def _edit_days(self) -> int:
        return int(SettingsService(self._db).get(EDIT_DAYS_KEY))

    def _child(self, session: Session, actor: Actor, child_id: str) -> Child:
        child = session.scalars(
            select(Child).where(
                Child.id == child_id, Child.deleted.is_(False), ChildrenService.scope(actor)
            )
        ).first()
        if child is None:
            raise _not_in_scope()
        return child

    def _flag(self, session: Session, actor: Actor, talk: Talk, now: datetime) -> None:
        """Open a concern for the talk's flags if the child has none open; else add the
        new kinds to the open one."""
        if not talk.concerns:
            return
        concern = session.scalars(
            select(Concern).where(
                Concern.child_id == talk.child_id,
                Concern.closed_on.is_(None),
                Concern.deleted.is_(False),
            )
        ).first()
        if concern is None:
            concern = Concern(
                child_id=talk.child_id,
                talk_id=talk.id,
                kinds=list(talk.concerns),
                opened_on=talk.held_on or local_date(now),
                plan=talk.measures,
            )
            session.add(concern)
            session.flush()
            action, detail = "concern_opened", {"child": talk.child_id, "kinds": concern.kinds}
        else:
            added = [k for k in talk.concerns if k not in concern.kinds]
            if not added:
                return
            old = list(concern.kinds)
            concern.kinds = old + added
            action, detail = "concern_edit", {"field": "kinds", "old": old, "new": concern.kinds}
        audit.append(
            session,
            actor=actor.username,
            action=action,
            now=now,
            object_type="concern",
            object_id=concern.id,
            detail=detail,
        )

    # --- concerns ----------------------------------------------------------------

    def open_concerns(self, actor: Actor) -> list[ConcernView]:
        """Open concerns of children the actor may see, oldest first."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        mentor, class_teacher = aliased(Teacher), aliased(Teacher)
        follow_ups = (
            select(
                ConcernFollowUp.concern_id,
                func.count().label("n"),
                func.max(ConcernFollowUp.on).label("last"),
            )
            .where(ConcernFollowUp.deleted.is_(False))
            .group_by(ConcernFollowUp.concern_id)
            .subquery()
        )
        query = (
            select(
                Concern.id,
                Child.id,
                Child.name,
                SchoolClass.name,
                func.coalesce(mentor.name, class_teacher.name, ""),
                Concern.kinds,
                Concern.opened_on,
                Concern.plan,
                func.coalesce(follow_ups.c.n, 0),
                follow_ups.c.last,
            )
            .join(Child, Child.id == Concern.child_id)
            .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
            .outerjoin(mentor, mentor.id == Child.mentor_id)
            .outerjoin(class_teacher, class_teacher.id == SchoolClass.class_teacher_id)
            .outerjoin(follow_ups, follow_ups.c.concern_id == Concern.id)
            .where(
                Concern.closed_on.is_(None),
                Concern.deleted.is_(False),
                Child.deleted.is_(False),
                ChildrenService.scope(actor),
            )
            .order_by(Concern.opened_on, Child.name_pinyin, Concern.id)
        )
        with self._db.session_scope(actor.username) as session:
            return [
                ConcernView(
                    concern_id=r[0],
                    child_id=r[1],
                    child_name=r[2],
                    class_name=r[3] or "",
                    mentor_name=r[4],
                    kinds=tuple(r[5] or ()),
                    opened_on=r[6],
                    plan=r[7],
                    follow_ups=r[8],
                    last_follow_up=r[9],
                )
                for r in session.execute(query)
            ]

    def follow_up(self, actor: Actor, concern_id: str, on: date, note: str) -> None:
        """Write down one follow-up of an open concern (what was done, how the child is)."""
        enforce(self._db, actor, RECORD_TALKS, self._now)
        now = self._now()
        if not note.strip():
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "Write what the follow-up found or did before saving it."
                )
            )
        with self._db.session_scope(actor.username) as session:
            concern = self._open_concern(session, actor, concern_id)
            _check_day(on, concern.opened_on, local_date(now))
            follow = ConcernFollowUp(
                concern_id=concern.id, on=on, note=note.strip(), author=actor.username
            )
            session.add(follow)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="concern_follow_up",
                now=now,
                object_type="concern",
                object_id=concern.id,
                detail={"on": on.isoformat(), "note": follow.note},
            )

    def close_concern(self, actor: Actor, concern_id: str, on: date) -> None:
        """Close an open concern on ``on`` (the child is out of trouble)."""
        enforce(self._db, actor, RECORD_TALKS, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            concern = self._open_concern(session, actor, concern_id)
            _check_day(on, concern.opened_on, local_date(now))
            concern.closed_on = on
            audit.append(
                session,
                actor=actor.username,
                action="concern_closed",
                now=now,
                object_type="concern",
                object_id=concern.id,
                detail={"on": on.isoformat()},
            )

    def _open_concern(self, session: Session, actor: Actor, concern_id: str) -> Concern:
        concern = session.get(Concern, concern_id)
        if concern is None or concern.deleted:
            raise _not_in_scope()
        self._child(session, actor, concern.child_id)
        if concern.closed_on is not None:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "This concern was closed on {day}: flag a new concern on a talk record "
                    "if the child needs help again.",
                ),
                {"day": concern.closed_on.isoformat()},
            )
        return concern


def _better(talk: Any, current: Any) -> bool:
    """Whether ``talk`` shows the child's month better than ``current``: a held talk
    before a planned one, the latest held, the earliest planned."""
    if current is None:
        return True
    if talk.status != current.status:
        return bool(talk.status == vocab.TALK_DONE)
    if talk.status == vocab.TALK_DONE:
        return bool((talk.held_on or date.min) > (current.held_on or date.min))
    return bool((talk.planned_on or date.max) < (current.planned_on or date.max))


def _class_teacher(child: Child) -> str | None:
    return child.school_class.class_teacher_id if child.school_class else None


def _check_may_correct(actor: Actor, talk: Talk, now: datetime, edit_days: int) -> None:
    if talk.author != actor.username:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Only {author}, who recorded this talk, or the school administrator can "
                "correct it: ask one of them.",
            ),
            {"author": talk.author or "?"},
        )
    recorded = talk.recorded_at or now
    if now > recorded + timedelta(days=edit_days):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "This record was locked {days} days after it was written, on {day}: ask the "
                "school administrator to correct it (the correction stays visible in the "
                "history).",
            ),
            {"days": edit_days, "day": (recorded + timedelta(days=edit_days)).date().isoformat()},
        )


def _check_day(on: date, opened_on: date, today: date) -> None:
    if not opened_on <= on <= today:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Choose a day from {first} (when the concern was opened) to today.",
            ),
            {"first": opened_on.isoformat()},
        )
