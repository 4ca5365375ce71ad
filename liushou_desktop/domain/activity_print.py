"""Printing the term's activities and the family work: the term plan (行事历), the
guardian meeting sign-in sheet (监护人会签到表), the home visit record (家访记录表) and a
child's growth summary for the term (成长档案·学期小结), each a PDF.

:class:`ActivityPrintService` loads what a document shows (the children the actor may
see only), draws it with :mod:`liushou_desktop.printing.forms_activities` /
:mod:`~liushou_desktop.printing.forms_growth`, writes the PDF atomically and reads it
back (:func:`~liushou_desktop.printing.document.write_pdf`), and logs the print in the
audit log (``print`` with the document's kind and how many items it holds) unless
``audit=False`` (a preview that stays in the data dir).

Rights: the term plan and the blank forms need ``activities.view``; the filled sign-in
sheet and home visit forms (names, guardians, phones, addresses) ``children.print``;
the growth summary ``child.view_record`` and ``children.print``. No ID number and no
health detail is printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    HomeVisit,
    Photo,
)
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, form_words, vocab
from liushou_desktop.domain.activities import ActivityRow, ActivityService, AttendanceRow
from liushou_desktop.domain.family_contact import not_in_scope, term_named
from liushou_desktop.domain.growth import GrowthService, GrowthSummary
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.permissions import (
    PRINT_CHILDREN,
    VIEW_ACTIVITIES,
    Actor,
)
from liushou_desktop.domain.print_records import (
    PrintRecord,
    Selection,
    guardian_of,
    load_records,
    load_school,
)
from liushou_desktop.domain.school_calendar import load_calendar
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.printing.document import PrintOutcome, write_pdf
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import phone, relation_word, text
from liushou_desktop.printing.forms_activities import (
    ACTIVITY_KIND_WORDS,
    PLAN_PAGE,
    SAFETY_TOPIC_WORDS,
    SIGN_IN_PAGE,
    VISIT_PAGE,
    HomeVisitPage,
    PlanLine,
    SignInLine,
    SignInSheet,
    TermPlan,
    draw_home_visits,
    draw_sign_in,
    draw_term_plan,
    term_words,
)
from liushou_desktop.printing.forms_growth import (
    GROWTH_KIND_WORDS,
    GROWTH_PAGE,
    GrowthLine,
    GrowthPrint,
    draw_growth,
)

__all__ = [
    "AUDIT_ACTION",
    "TITLES",
    "ActivityPrintService",
    "load_term_plan",
    "status_words",
]

AUDIT_ACTION = "print"
# The PDF titles (and the audit's kinds) of the documents.
TITLES = {
    "term-plan": "行事历",
    "sign-in": "监护人会签到表",
    "home-visit": "家访记录表",
    "growth": "成长档案学期小结",
}
AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError", "Activities are planned and printed at the school, not at the township."
)


def status_words(status: str, held_on: date | None) -> str:
    """完成情况: 已开展 10月12日, 计划 or 取消."""
    if status == vocab.ACTIVITY_HELD:
        return f"已开展 {held_on.month}月{held_on.day}日" if held_on else "已开展"
    if status == vocab.ACTIVITY_CANCELLED:
        return "取消"
    return "计划"


class ActivityPrintService:
    """Makes the PDFs of the term plan, the sign-in sheet, home visits and growth."""

    def __init__(self, db: Database, now: Now = utcnow, fonts: FontSet | None = None) -> None:
        self._db = db
        self._now = now
        self._fonts = fonts

    @property
    def fonts(self) -> FontSet:
        if self._fonts is None:
            self._fonts = FontSet.for_data_dir(self._db.data_dir.root)
        return self._fonts

    def _today(self) -> date:
        return local_date(self._now())

    # --- the documents ---------------------------------------------------------------

    def term_plan(
        self, actor: Actor, term_name: str, out: Path, *, audit: bool = True
    ) -> PrintOutcome:
        """The term's plan (行事历), A4 landscape, by month; cancelled ones included."""
        plan = load_term_plan(self._db, actor, term_name, self._now)
        lines = plan.lines
        fonts = self.fonts
        return self._write(
            actor,
            "term-plan",
            out,
            lambda c: draw_term_plan(c, fonts, plan),
            PLAN_PAGE,
            len(lines),
            audit,
            {"term": term_name},
        )

    def sign_in_sheet(
        self,
        actor: Actor,
        out: Path,
        activity_id: str | None = None,
        *,
        class_id: str | None = None,
        blank: bool = False,
        audit: bool = True,
    ) -> PrintOutcome:
        """The 监护人会签到表 of a meeting: its children (of ``class_id`` only, if given)
        by class with their guardian; ``blank``: its head (the meeting's, when
        ``activity_id`` is given) and empty ruled rows."""
        enforce(self._db, actor, VIEW_ACTIVITIES if blank else PRINT_CHILDREN, self._now)
        if not blank and not activity_id:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "Choose the guardian meeting whose sign-in sheet to print, or print a "
                    "blank sheet.",
                )
            )
        activities = ActivityService(self._db, self._now)
        activity = activities.get(actor, activity_id) if activity_id else None
        marks = activities.attendance(actor, activity.id) if activity and not blank else []
        with self._db.session_factory() as session:
            school = load_school(session).name
            lines = _sign_in_lines(session, actor, marks, class_id)
        sheet = SignInSheet(
            school,
            activity.title if activity else "",
            (activity.held_on or activity.starts_on) if activity else None,
            activity.place if activity else "",
            lines,
            blank,
        )
        fonts = self.fonts
        return self._write(
            actor,
            "sign-in",
            out,
            lambda c: draw_sign_in(c, fonts, sheet),
            SIGN_IN_PAGE,
            len(lines),
            audit,
            {"blank": blank},
        )

    def home_visit_form(
        self,
        actor: Actor,
        out: Path,
        *,
        visit_ids: Sequence[str] = (),
        child_ids: Sequence[str] = (),
        blank: bool = False,
        audit: bool = True,
    ) -> PrintOutcome:
        """家访记录表: one page per visit (filled), then one per child (the child's
        details, the visit part empty); ``blank``: one empty form."""
        enforce(self._db, actor, VIEW_ACTIVITIES if blank else PRINT_CHILDREN, self._now)
        if not blank and not visit_ids and not child_ids:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "Choose the home visits or the children whose home visit forms to "
                    "print, or print a blank form.",
                )
            )
        today = self._today()
        with self._db.session_factory() as session:
            school = load_school(session).name
            term = _term_of(session, today)
            if blank:
                pages = [HomeVisitPage(school, term)]
            else:
                pages = _visit_pages(session, actor, school, visit_ids, child_ids, today)
        fonts = self.fonts
        return self._write(
            actor,
            "home-visit",
            out,
            lambda c: draw_home_visits(c, fonts, pages),
            VISIT_PAGE,
            0 if blank else len(pages),
            audit,
            {"blank": blank},
        )

    def growth_summary(
        self,
        actor: Actor,
        out: Path,
        child_ids: Sequence[str],
        term_name: str,
        *,
        audit: bool = True,
    ) -> PrintOutcome:
        """Each child's growth summary of the term, from a new page each."""
        enforce(self._db, actor, PRINT_CHILDREN, self._now)
        if not child_ids:
            raise UserError(
                QT_TRANSLATE_NOOP("UserError", "Choose the children whose growth record to print.")
            )
        growth = GrowthService(self._db, self._now)
        summaries = [growth.term_summary(actor, child_id, term_name) for child_id in child_ids]
        with self._db.session_factory() as session:
            photos = _photo_data(
                session, [p for s in summaries for e in s.entries for p in e.photo_ids]
            )
        prints = [_growth_print(summary, photos) for summary in summaries]
        fonts, today = self.fonts, self._today()
        return self._write(
            actor,
            "growth",
            out,
            lambda c: draw_growth(c, fonts, prints, today),
            GROWTH_PAGE,
            len(prints),
            audit,
            {"term": term_name},
        )

    # --- writing and logging ---------------------------------------------------------

    def _write(
        self,
        actor: Actor,
        kind: str,
        out: Path,
        draw: Callable[[Any], int],
        pagesize: tuple[float, float],
        count: int,
        audit_it: bool,
        extra: dict[str, Any],
    ) -> PrintOutcome:
        target = Path(out)
        pages = write_pdf(
            target, TITLES[kind], draw, pagesize=pagesize, initial_font=self.fonts.primary
        )
        if audit_it:
            with self._db.session_scope(actor.username) as session:
                audit.append(
                    session,
                    actor=actor.username,
                    action=AUDIT_ACTION,
                    now=self._now(),
                    object_type="document",
                    object_id=kind,
                    detail={"kind": kind, "count": count, "file": target.name, **extra},
                )
        return PrintOutcome(target, pages, count)


# --- loading -------------------------------------------------------------------------


def load_term_plan(db: Database, actor: Actor, term_name: str, now: Now) -> TermPlan:
    """The term's plan as printed and exported, from :meth:`ActivityService.list`
    (which checks ``activities.view``); UserError when the term is not in the school
    calendar."""
    rows = ActivityService(db, now).list(actor, term_name)
    with db.session_factory() as session:
        school_id = require_school_id(session, AT_TOWNSHIP)
        term = term_named(session, school_id, term_name)
        school = load_school(session).name
    lines = tuple(_plan_line(row) for row in rows)
    return TermPlan(
        school, term_words(term.name), term.starts_on, term.ends_on, lines, local_date(now())
    )


def _plan_line(row: ActivityRow) -> PlanLine:
    """An activity as the plan prints it."""
    kind = ACTIVITY_KIND_WORDS.get(row.kind, "其他")
    topic = SAFETY_TOPIC_WORDS.get(row.topic or "")
    return PlanLine(
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        title=row.title,
        kind=f"{kind}（{topic}）" if topic else kind,
        target=row.target_label,
        organiser=row.organiser,
        place=row.place,
        status=status_words(row.status, row.held_on),
        notes=row.notes.strip(),
    )


def _records(session: Session, actor: Actor, child_ids: Sequence[str]) -> list[PrintRecord]:
    return load_records(session, actor, Selection(child_ids=tuple(child_ids)))


def _sign_in_lines(
    session: Session, actor: Actor, rows: Sequence[AttendanceRow], class_id: str | None
) -> tuple[SignInLine, ...]:
    """The sheet's rows: the meeting's children (:meth:`ActivityService.attendance`,
    in the actor's scope) with the guardian who looks after them and the marks."""
    records = {r.child["id"]: r for r in _records(session, actor, [a.child_id for a in rows])}
    lines = []
    for row in rows:
        record = records.get(row.child_id)
        if record is None or (class_id is not None and record.child["class_id"] != class_id):
            continue
        person = guardian_of(record) or next(iter(record.guardians.values()), None) or {}
        signed = ""
        if row.guardian_present:
            signed = f"已到（{row.guardian_name}）" if row.guardian_name else "已到"
        lines.append(
            SignInLine(
                row.class_name,
                row.child_name,
                text(person.get("name")),
                relation_word(person, note_first=False) if person else "",
                signed,
                row.note,
            )
        )
    return tuple(lines)


def _term_of(session: Session, today: date) -> str:
    """The words of the term holding ``today`` (else the next one), "" if none."""
    terms = load_calendar(session).terms
    for term in terms:
        if term.ends_on >= today:
            return term_words(term.name)
    return ""


def _guardian_rows(record: PrintRecord) -> tuple[tuple[str, str, str], ...]:
    """(who, name, phone) of the father, the mother and the guardian at home."""
    rows = []
    for relation, who in (("father", "父亲"), ("mother", "母亲")):
        person = record.guardians.get(relation) or {}
        rows.append((who, text(person.get("name")), phone(person.get("phone"))))
    guardian = guardian_of(record)
    if guardian is not None and guardian.get("relation") not in ("father", "mother"):
        relation = relation_word(guardian, note_first=False)
        name = text(guardian.get("name"))
        rows.append(
            ("监护人", f"{name}（{relation}）" if relation else name, phone(guardian.get("phone")))
        )
    else:
        rows.append(("监护人", "", ""))
    return tuple(rows)


def _child_page(school: str, term: str, record: PrintRecord) -> HomeVisitPage:
    child = record.child
    return HomeVisitPage(
        school=school,
        term=term,
        child_name=record.name,
        sex=form_words.word(form_words.SEX, child.get("sex") or ""),
        class_name=record.class_name,
        address=text(child.get("current_address")) or text(record.family.get("address")),
        guardians=_guardian_rows(record),
    )


def _visit_pages(
    session: Session,
    actor: Actor,
    school: str,
    visit_ids: Sequence[str],
    child_ids: Sequence[str],
    today: date,
) -> list[HomeVisitPage]:
    visits = []
    for chunk in chunks(list(visit_ids)):
        visits += session.scalars(
            select(HomeVisit).where(HomeVisit.id.in_(chunk), HomeVisit.deleted.is_(False))
        ).all()
    if len(visits) != len(set(visit_ids)):
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "A home visit was not found; it may have been removed.")
        )
    visits.sort(key=lambda v: (v.visited_on, v.id))
    wanted = [v.child_id for v in visits] + list(child_ids)
    by_child = {r.child["id"]: r for r in _records(session, actor, wanted)}
    if any(c not in by_child for c in wanted):
        raise not_in_scope()
    pages = []
    for visit in visits:
        term = term_words(_term_name(session, visit.visited_on))
        pages.append(
            replace(
                _child_page(school, term, by_child[visit.child_id]),
                visited_on=visit.visited_on,
                visitors=visit.visitors,
                met=visit.met,
                situation=visit.situation,
                agreed=visit.agreed,
            )
        )
    today_term = _term_of(session, today)
    for child_id in child_ids:
        pages.append(_child_page(school, today_term, by_child[child_id]))
    return pages


def _term_name(session: Session, on: date) -> str:
    """The name of the term holding ``on`` ("" if none)."""
    for term in load_calendar(session).terms:
        if term.starts_on <= on <= term.ends_on:
            return term.name
    return ""


def _growth_print(summary: GrowthSummary, photos: dict[str, bytes]) -> GrowthPrint:
    """A summary of :meth:`GrowthService.term_summary` as the page prints it."""
    lines = tuple(
        GrowthLine(
            e.on,
            GROWTH_KIND_WORDS.get(e.kind, "成长记录"),
            e.title,
            e.text,
            e.shared,
            tuple(photos[p] for p in e.photo_ids if p in photos),
        )
        for e in summary.entries
    )
    return GrowthPrint(
        summary.school_name,
        summary.child_name,
        summary.class_name,
        term_words(summary.term_name),
        summary.starts_on,
        summary.ends_on,
        summary.talks_held,
        summary.parent_contacts,
        summary.home_visits,
        summary.activities_attended,
        lines,
    )


def _photo_data(session: Session, photo_ids: Sequence[str]) -> dict[str, bytes]:
    """The JPEG data of the photos (not deleted), by id."""
    found: dict[str, bytes] = {}
    for chunk in chunks(list(photo_ids)):
        for photo_id, data in session.execute(
            select(Photo.id, Photo.data).where(Photo.id.in_(chunk), Photo.deleted.is_(False))
        ):
            found[photo_id] = data
    return found
