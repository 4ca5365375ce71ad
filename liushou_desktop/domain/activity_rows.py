"""What the activity service hands out and takes in, and the reads it shares.

:class:`ActivityRow` is one item of a term plan as lists, the month grid and the printed
plan show it (its target already in Chinese words); :class:`ActivityForm` is what the
activity dialog fills in; :func:`target_child_ids` says which children an activity is for
(the one rule the attendance list, the statistics and the sign-in sheet share).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    Child,
    Photo,
    SchoolClass,
    SchoolTerm,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.names import GRADE_NAMES
from liushou_desktop.domain.school_calendar import TermView
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

TITLE_MAX = 100
TEXT_MAX = 100  # organiser, place
GUARDIAN_NAME_MAX = 50
NOTE_MAX = 200
MAX_DAYS = 62  # the longest activity (a home-visit round of a month or two)
WHOLE_SCHOOL = "全校"
LABEL_SEPARATOR = "、"


@dataclass(frozen=True)
class ActivityRow:
    """One activity of a term plan. ``target`` holds grade numbers as text, class ids or
    child ids as ``target_kind`` says; ``target_label`` says it in Chinese ("全校",
    "三年级、四年级", "三年级1班", "12名儿童"). ``attended`` counts the children marked
    present, ``photos`` the activity's photos. ``template_key`` is "" for an activity
    added by hand."""

    id: str
    term_name: str
    kind: str
    topic: str
    title: str
    starts_on: date
    ends_on: date
    organiser: str
    place: str
    target_kind: str
    target: tuple[str, ...]
    target_label: str
    status: str
    held_on: date | None
    notes: str
    record: str
    agreed: str
    template_key: str
    attended: int
    photos: int


@dataclass
class ActivityForm:
    """The activity dialog's fields; ``ends_on`` None for a one-day activity. Codes from
    :mod:`.vocab` (ACTIVITY_KINDS, SAFETY_TOPICS, ACTIVITY_TARGETS)."""

    kind: str
    title: str
    starts_on: date
    ends_on: date | None = None
    topic: str = ""
    organiser: str = ""
    place: str = ""
    target_kind: str = vocab.ACTIVITY_TARGET_SCHOOL
    target: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass(frozen=True)
class PlanResult:
    """What planning a term from a template did: items created, items already in the
    plan (kept as the school left them, or deleted by it), titles of items skipped
    because their day falls outside the term."""

    term_name: str
    template: str
    created: int
    kept: int
    skipped: tuple[str, ...]


@dataclass(frozen=True)
class AttendanceRow:
    """A child an activity is for: marked present or not (None: not marked yet), whether
    their guardian came and who signed, and the guardians on record (for the sign-in
    sheet)."""

    child_id: str
    child_name: str
    class_name: str
    present: bool | None
    guardian_present: bool
    guardian_name: str
    note: str
    guardian_names: tuple[str, ...]


@dataclass(frozen=True)
class AttendanceMark:
    """One child's mark on the attendance list."""

    child_id: str
    present: bool
    guardian_present: bool = False
    guardian_name: str = ""
    note: str = ""


def clean_form(form: ActivityForm) -> ActivityForm:
    """``form`` with its texts trimmed and ``ends_on`` filled in, or UserError in plain
    words (the dialog's live check and the service's use the same rule)."""
    title = " ".join(form.title.split())
    if not title:
        raise UserError(QT_TRANSLATE_NOOP("UserError", "Give the activity a title."))
    if len(title) > TITLE_MAX:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "The title is too long: keep it under {max} characters."
            ),
            {"max": TITLE_MAX},
        )
    if form.kind not in vocab.ACTIVITY_KINDS:
        raise UserError(QT_TRANSLATE_NOOP("UserError", "Choose the kind of activity."))
    if form.topic and form.topic not in vocab.SAFETY_TOPICS:
        raise UserError(QT_TRANSLATE_NOOP("UserError", "Choose a safety topic from the list."))
    ends_on = form.ends_on or form.starts_on
    if ends_on < form.starts_on:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The activity would end ({ends}) before it starts ({starts}): check both days.",
            ),
            {"starts": form.starts_on.isoformat(), "ends": ends_on.isoformat()},
        )
    if (ends_on - form.starts_on).days >= MAX_DAYS:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "An activity can last {max} days at most: split a longer one into parts.",
            ),
            {"max": MAX_DAYS},
        )
    organiser, place = form.organiser.strip(), form.place.strip()
    if len(organiser) > TEXT_MAX or len(place) > TEXT_MAX:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The organiser or the place is too long: keep each under {max} characters.",
            ),
            {"max": TEXT_MAX},
        )
    if form.target_kind not in vocab.ACTIVITY_TARGETS:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Choose whom the activity is for: the school, grades, classes or children.",
            )
        )
    target = (
        [] if form.target_kind == vocab.ACTIVITY_TARGET_SCHOOL else list(dict.fromkeys(form.target))
    )
    if form.target_kind != vocab.ACTIVITY_TARGET_SCHOOL and not target:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "Choose at least one grade, class or child the activity is for."
            )
        )
    if form.target_kind == "grades" and not all(
        t.isdigit() and int(t) in GRADE_NAMES for t in target
    ):
        raise UserError(QT_TRANSLATE_NOOP("UserError", "Choose the grades from the list."))
    return replace(
        form,
        title=title,
        ends_on=ends_on,
        organiser=organiser,
        place=place,
        target=target,
        notes=form.notes.strip(),
    )


# --- reads ---------------------------------------------------------------------------------


def target_child_ids(session: Session, activity: Activity) -> list[str]:
    """The active children ``activity`` is for, by grade, class, pinyin and id (children
    without a class last)."""
    where: list[ColumnElement[bool]] = [
        Child.deleted.is_(False),
        Child.status == vocab.CHILD_ACTIVE,
        Child.school_id == activity.school_id,
    ]
    target = list(activity.target or [])
    if activity.target_kind == "grades":
        where.append(SchoolClass.grade.in_([int(t) for t in target if t.isdigit()]))
    elif activity.target_kind == "classes":
        where.append(Child.class_id.in_(target))
    query = (
        select(SchoolClass.grade, SchoolClass.name, Child.name_pinyin, Child.id)
        .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
        .where(*where)
    )
    if activity.target_kind == "children":
        found = [
            r for part in chunks(target) for r in session.execute(query.where(Child.id.in_(part)))
        ]
    else:
        found = list(session.execute(query))
    found.sort(key=lambda r: (r[0] is None, r[0] or 0, r[1] or "", r[2], r[3]))
    return [r[3] for r in found]


def class_names(session: Session, class_ids: Sequence[str]) -> dict[str, str]:
    """The names of these classes by id, in the order of grade and name (missing ones
    left out)."""
    if not class_ids:
        return {}
    return {
        class_id: name
        for class_id, name in session.execute(
            select(SchoolClass.id, SchoolClass.name)
            .where(SchoolClass.id.in_(list(class_ids)), SchoolClass.deleted.is_(False))
            .order_by(SchoolClass.grade, SchoolClass.name)
        )
    }


def target_label(target_kind: str, target: Sequence[str], names: dict[str, str]) -> str:
    """The target in Chinese: 全校, 三年级、四年级, 三年级1班、三年级2班, 12名儿童;
    ``names`` maps class ids to names (:func:`class_names`)."""
    if target_kind == "grades":
        grades = sorted(int(t) for t in target if t.isdigit() and int(t) in GRADE_NAMES)
        return LABEL_SEPARATOR.join(GRADE_NAMES[g] for g in grades)
    if target_kind == "classes":
        chosen = set(target)
        return LABEL_SEPARATOR.join(name for class_id, name in names.items() if class_id in chosen)
    if target_kind == "children":
        return f"{len(target)}名儿童"
    return WHOLE_SCHOOL


def load_rows(session: Session, *where: ColumnElement[bool]) -> list[ActivityRow]:
    """The activities matching ``where`` (tombstones left out), by first day and title."""
    attended = (
        select(ActivityAttendance.activity_id, func.count().label("n"))
        .where(ActivityAttendance.deleted.is_(False), ActivityAttendance.present.is_(True))
        .group_by(ActivityAttendance.activity_id)
        .subquery()
    )
    photos = (
        select(Photo.owner_id, func.count().label("n"))
        .where(Photo.deleted.is_(False), Photo.owner_kind == "activity")
        .group_by(Photo.owner_id)
        .subquery()
    )
    query = (
        select(Activity, SchoolTerm.name, attended.c.n, photos.c.n)
        .join(SchoolTerm, Activity.term_id == SchoolTerm.id)
        .outerjoin(attended, attended.c.activity_id == Activity.id)
        .outerjoin(photos, photos.c.owner_id == Activity.id)
        .where(Activity.deleted.is_(False), *where)
        .order_by(Activity.starts_on, Activity.title, Activity.id)
    )
    results = session.execute(query).all()
    wanted = {t for a, *_ in results if a.target_kind == "classes" for t in a.target or []}
    names = class_names(session, sorted(wanted))
    return [
        _row(activity, term_name, n_attended or 0, n_photos or 0, names)
        for activity, term_name, n_attended, n_photos in results
    ]


def _row(
    activity: Activity, term_name: str, attended: int, photos: int, names: dict[str, str]
) -> ActivityRow:
    target = tuple(activity.target or ())
    label = target_label(activity.target_kind, target, names)
    return ActivityRow(
        id=activity.id,
        term_name=term_name,
        kind=activity.kind,
        topic=activity.topic,
        title=activity.title,
        starts_on=activity.starts_on,
        ends_on=activity.ends_on,
        organiser=activity.organiser,
        place=activity.place,
        target_kind=activity.target_kind,
        target=target,
        target_label=label,
        status=activity.status,
        held_on=activity.held_on,
        notes=activity.notes,
        record=activity.record,
        agreed=activity.agreed,
        template_key=activity.template_key,
        attended=attended,
        photos=photos,
    )


def find_term(session: Session, school_id: str, name: str) -> TermView:
    """The school's term ``name``, or UserError telling the user to enter it in the school
    calendar first."""
    row = session.execute(
        select(SchoolTerm.id, SchoolTerm.name, SchoolTerm.starts_on, SchoolTerm.ends_on).where(
            SchoolTerm.school_id == school_id,
            SchoolTerm.name == name.strip(),
            SchoolTerm.deleted.is_(False),
        )
    ).first()
    if row is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "There is no term {name} in the school calendar: enter the term in the school "
                "calendar (校历) first.",
            ),
            {"name": name.strip()},
        )
    return TermView(row.name, row.starts_on, row.ends_on, row.id)


def term_holding(session: Session, school_id: str, day: date) -> TermView:
    """The school's term that holds ``day``, or UserError saying to enter it first."""
    row = session.execute(
        select(SchoolTerm.id, SchoolTerm.name, SchoolTerm.starts_on, SchoolTerm.ends_on).where(
            SchoolTerm.school_id == school_id,
            SchoolTerm.starts_on <= day,
            SchoolTerm.ends_on >= day,
            SchoolTerm.deleted.is_(False),
        )
    ).first()
    if row is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "No term of the school calendar holds {day}: enter the term in the school "
                "calendar (校历) first, or choose a day inside a term.",
            ),
            {"day": day.isoformat()},
        )
    return TermView(row.name, row.starts_on, row.ends_on, row.id)
