"""The school calendar: which days are school days, the terms, the days the school marked.

A day is a school day unless it is, in this order:

1. marked by the school (:class:`~liushou_desktop.db.models.CalendarDay`): ``off`` is no
   school day, ``workday`` is one, whatever else holds (the school's own days off, next
   year's official holiday notice typed in by hand, its make-up days);
2. an official statutory holiday (法定节假日, from ``chinese_calendar``);
3. a weekend that is not an official make-up working day (调休);
4. inside the break between two consecutive terms the school entered (寒假 between
   ``2026-2027-1`` and ``2026-2027-2``, 暑假 between ``2026-2027-2`` and ``2027-2028-1``).

Days before the first or after the last entered term, or between two terms that are not
consecutive (a term was never entered), count as school days unless marked. For a year
``chinese_calendar`` does not know yet only weekends are off, and
:meth:`SchoolCalendar.official_known` says so (the calendar page tells the user).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import CalendarDay, SchoolTerm
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import installation_school_id, require_school_id
from liushou_desktop.domain.months import month_bounds
from liushou_desktop.domain.permissions import MANAGE_CALENDAR, VIEW_TALK_STATUS, Actor
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

# DayInfo.reason codes
WEEKEND = "weekend"
HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
SCHOOL_OFF = "school_off"
SCHOOL_WORKDAY = "school_workday"
TERM_BREAK = "term_break"
NOTE_MAX = 100
FIRST_TERM_YEAR = 2000
LAST_TERM_YEAR = 2099
_TERM_NAME = re.compile(r"(\d{4})-(\d{4})-([12])")


# What a school-only action says at a township.
_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "The school calendar is kept at the school, not at the township: edit it on "
    "the school's computer.",
)


@dataclass(frozen=True)
class DayInfo:
    """One day of the calendar: whether it is a school day and why not (or why so).

    ``reason`` is a code: ``weekend``, ``holiday`` (statutory), ``makeup_workday`` (an
    official 调休 working day on a weekend), ``school_off`` / ``school_workday`` (marked
    by the school), ``term_break``, or "" for an ordinary school day. ``note`` is the
    statutory holiday's Chinese name (国庆节) or the school's note.
    """

    day: date
    school_day: bool
    reason: str
    note: str


@dataclass(frozen=True)
class TermView:
    """A term the school entered, like ``2026-2027-1`` (first and last day included).
    ``id`` is the row's id ("" for a term built in memory)."""

    name: str
    starts_on: date
    ends_on: date
    id: str = ""


def parse_term_name(name: str) -> tuple[int, int] | None:
    """``(2026, 1)`` for ``2026-2027-1``: the school year's first year and the term
    number; None when the name is not of that form."""
    match = _TERM_NAME.fullmatch(name)
    if match is None:
        return None
    first, second, number = int(match[1]), int(match[2]), int(match[3])
    if second != first + 1 or not FIRST_TERM_YEAR <= first <= LAST_TERM_YEAR:
        return None
    return first, number


def next_term_name(name: str) -> str | None:
    """The name of the term after ``name``: 2026-2027-1 → 2026-2027-2 → 2027-2028-1."""
    parsed = parse_term_name(name)
    if parsed is None:
        return None
    year, number = parsed
    return f"{year}-{year + 1}-2" if number == 1 else f"{year + 1}-{year + 2}-1"


@cache
def _official_known(year: int) -> bool:
    try:
        chinese_calendar.is_holiday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _holiday_name(english: object) -> str:
    """The Chinese name of a chinese_calendar holiday (it stores the English one)."""
    for holiday in chinese_calendar.Holiday:
        if holiday.value == english:
            return str(holiday.chinese)
    return str(english or "")


class SchoolCalendar:
    """A school's calendar, built from its terms and marked days (no database here).

    ``marked`` maps a day to ``(kind, note)``, kind ``off`` or ``workday``.
    """

    def __init__(
        self,
        terms: Iterable[TermView] = (),
        marked: Mapping[date, tuple[str, str]] | None = None,
    ) -> None:
        self.terms = tuple(sorted(terms, key=lambda term: term.starts_on))
        self.marked = dict(marked or {})
        by_name = {term.name: term for term in self.terms}
        breaks = []
        for term in self.terms:
            following = by_name.get(next_term_name(term.name) or "")
            if following is not None and following.starts_on > term.ends_on:
                breaks.append((term.ends_on, following.starts_on))
        # each break as (last day of the term before, first day of the term after)
        self.breaks = tuple(breaks)

    def official_known(self, year: int) -> bool:
        """Whether chinese_calendar knows the statutory holidays of ``year``."""
        return _official_known(year)

    def day_info(self, day: date) -> DayInfo:
        """Whether ``day`` is a school day, with the reason (see the module docstring)."""
        mark = self.marked.get(day)
        if mark is not None:
            kind, note = mark
            if kind == vocab.CALENDAR_WORKDAY:
                return DayInfo(day, True, SCHOOL_WORKDAY, note)
            return DayInfo(day, False, SCHOOL_OFF, note)
        makeup, note = False, ""
        if _official_known(day.year):
            is_off, name = chinese_calendar.get_holiday_detail(day)
            if is_off and name is not None:
                return DayInfo(day, False, HOLIDAY, _holiday_name(name))
            makeup = not is_off and day.weekday() >= 5
            note = _holiday_name(name) if makeup else ""
        if day.weekday() >= 5 and not makeup:
            return DayInfo(day, False, WEEKEND, "")
        if any(before < day < after for before, after in self.breaks):
            return DayInfo(day, False, TERM_BREAK, "")
        if makeup:
            return DayInfo(day, True, MAKEUP_WORKDAY, note)
        return DayInfo(day, True, "", "")

    def is_school_day(self, day: date) -> bool:
        return self.day_info(day).school_day

    def school_days(self, first: date, last: date) -> list[date]:
        """The school days from ``first`` to ``last``, both included, in order."""
        days = []
        day = first
        while day <= last:
            if self.is_school_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def month_days(self, month: date) -> list[DayInfo]:
        """Every day of ``month.year`` / ``month.month``, in order."""
        first, last = month_bounds(month)
        return [self.day_info(first + timedelta(days=n)) for n in range((last - first).days + 1)]


def load_calendar(session: Session) -> SchoolCalendar:
    """This installation's school calendar, read in ``session`` (empty at a township)."""
    school_id = installation_school_id(session)
    if school_id is None:
        return SchoolCalendar()
    terms = [
        TermView(name, starts, ends, term_id)
        for term_id, name, starts, ends in session.execute(
            select(SchoolTerm.id, SchoolTerm.name, SchoolTerm.starts_on, SchoolTerm.ends_on).where(
                SchoolTerm.school_id == school_id, SchoolTerm.deleted.is_(False)
            )
        )
    ]
    marked = {
        day: (kind, note)
        for day, kind, note in session.execute(
            select(CalendarDay.day, CalendarDay.kind, CalendarDay.note).where(
                CalendarDay.school_id == school_id, CalendarDay.deleted.is_(False)
            )
        )
    }
    return SchoolCalendar(terms, marked)


class CalendarService:
    """Reads and edits this school's calendar: terms and marked days."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def calendar(self) -> SchoolCalendar:
        """This school's calendar, loaded fresh."""
        with self._db.session_scope("system") as session:
            return load_calendar(session)

    def terms(self, actor: Actor) -> list[TermView]:
        """The terms the school entered, by first day."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        with self._db.session_scope(actor.username) as session:
            return list(load_calendar(session).terms)

    def save_term(self, actor: Actor, name: str, starts_on: date, ends_on: date) -> None:
        """Enter a term, or change the dates of the term of that name."""
        enforce(self._db, actor, MANAGE_CALENDAR, self._now)
        name = name.strip()
        _check_term(name, starts_on, ends_on)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            rows = session.scalars(select(SchoolTerm).where(SchoolTerm.school_id == school_id))
            row = None
            for other in rows:
                if other.name == name:
                    row = other
                elif (
                    not other.deleted and other.starts_on <= ends_on and starts_on <= other.ends_on
                ):
                    raise UserError(
                        QT_TRANSLATE_NOOP(
                            "UserError",
                            "The term {name} shares days with the term {other} ({starts} to "
                            "{ends}): change the dates so that the terms do not overlap.",
                        ),
                        {
                            "name": name,
                            "other": other.name,
                            "starts": other.starts_on.isoformat(),
                            "ends": other.ends_on.isoformat(),
                        },
                    )
            old = None
            if row is None:
                session.add(
                    SchoolTerm(school_id=school_id, name=name, starts_on=starts_on, ends_on=ends_on)
                )
            else:
                if not row.deleted:
                    old = [row.starts_on.isoformat(), row.ends_on.isoformat()]
                row.starts_on, row.ends_on, row.deleted = starts_on, ends_on, False
            audit.append(
                session,
                actor=actor.username,
                action="term_saved",
                now=self._now(),
                object_type="term",
                object_id=name,
                detail={"old": old, "new": [starts_on.isoformat(), ends_on.isoformat()]},
            )

    def delete_term(self, actor: Actor, name: str) -> None:
        """Remove a term entered by mistake (a tombstone, as every synced row)."""
        enforce(self._db, actor, MANAGE_CALENDAR, self._now)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            row = session.scalars(
                select(SchoolTerm).where(
                    SchoolTerm.school_id == school_id,
                    SchoolTerm.name == name,
                    SchoolTerm.deleted.is_(False),
                )
            ).first()
            if row is None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError", "There is no term {name}: it may have been removed already."
                    ),
                    {"name": name},
                )
            row.deleted = True
            audit.append(
                session,
                actor=actor.username,
                action="term_deleted",
                now=self._now(),
                object_type="term",
                object_id=name,
                detail={"old": [row.starts_on.isoformat(), row.ends_on.isoformat()]},
            )

    def mark_day(self, actor: Actor, day: date, kind: str, note: str = "") -> None:
        """Mark ``day`` as a day off (``off``) or a school day (``workday``), with a note."""
        enforce(self._db, actor, MANAGE_CALENDAR, self._now)
        if kind not in vocab.CALENDAR_DAY_KINDS:
            raise ValueError(f"unknown calendar day kind: {kind}")
        note = " ".join(note.split())
        if len(note) > NOTE_MAX:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "The note is too long: keep it under {max} characters."
                ),
                {"max": NOTE_MAX},
            )
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            row = session.scalars(
                select(CalendarDay).where(
                    CalendarDay.school_id == school_id, CalendarDay.day == day
                )
            ).first()
            old = None if row is None or row.deleted else [row.kind, row.note]
            if row is None:
                session.add(CalendarDay(school_id=school_id, day=day, kind=kind, note=note))
            else:
                row.kind, row.note, row.deleted = kind, note, False
            audit.append(
                session,
                actor=actor.username,
                action="calendar_day_marked",
                now=self._now(),
                object_type="calendar_day",
                object_id=day.isoformat(),
                detail={"old": old, "new": [kind, note]},
            )

    def unmark_day(self, actor: Actor, day: date) -> None:
        """Take the school's mark off ``day`` (it follows the official calendar again)."""
        enforce(self._db, actor, MANAGE_CALENDAR, self._now)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            row = session.scalars(
                select(CalendarDay).where(
                    CalendarDay.school_id == school_id,
                    CalendarDay.day == day,
                    CalendarDay.deleted.is_(False),
                )
            ).first()
            if row is None:
                return
            row.deleted = True
            audit.append(
                session,
                actor=actor.username,
                action="calendar_day_unmarked",
                now=self._now(),
                object_type="calendar_day",
                object_id=day.isoformat(),
                detail={"old": [row.kind, row.note]},
            )


def _check_term(name: str, starts_on: date, ends_on: date) -> None:
    """UserError in plain words when the name or the dates of a term cannot be right."""
    parsed = parse_term_name(name)
    if parsed is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The term name “{name}” cannot be read: write the school year's two years, "
                "then 1 for the autumn term or 2 for the spring term, like 2026-2027-1.",
            ),
            {"name": name},
        )
    if ends_on < starts_on:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The term {name} would end ({ends}) before it starts ({starts}): check both dates.",
            ),
            {"name": name, "starts": starts_on.isoformat(), "ends": ends_on.isoformat()},
        )
    year, number = parsed
    start_year = year if number == 1 else year + 1
    if starts_on.year != start_year:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The term {name} should start in {year}, but its first day is {starts}: "
                "check the term's name and its first day.",
            ),
            {"name": name, "year": start_year, "starts": starts_on.isoformat()},
        )
