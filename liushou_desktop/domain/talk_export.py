"""The month's talks as an Excel workbook: the records (谈心记录) and where they stand
(完成情况), written with :func:`liushou_desktop.io.xlsx.write_forms` (atomically, then
read back and checked).

* sheet 1 ``谈心记录``: one row per talk held in the month with a child the actor may
  see, by grade, class, pinyin and day: 序号, 姓名, 班级, 帮扶教师, 谈心日期, 形式, 主题,
  孩子近况, 发现的问题, 采取的措施, 跟进日期, 需要关注 — codes in the words of the paper
  record card (面谈, 学习、心理, 学习严重滑坡...). Only for those who may record talks:
  an inspector, who sees how the talks are going but not what was said, gets
* sheet 2 ``完成情况`` only: per class 儿童数, 已谈, 已排期, 逾期 and 谈心完成率 (a
  percentage), and a 合计 row — the figures of
  :meth:`~liushou_desktop.domain.talk_status.TalkStatusService.status`.

Every export is audited (``talks_exported``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, SchoolClass, Talk, Teacher
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.form_words import CONCERN_WORDS, TALK_FORM_WORDS, TALK_TOPIC_WORDS
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.months import month_key
from liushou_desktop.domain.permissions import RECORD_TALKS, VIEW_TALK_STATUS, Actor, allowed
from liushou_desktop.domain.print_records import load_school
from liushou_desktop.domain.talk_status import Figures, MonthStatus, TalkStatusService
from liushou_desktop.io.xlsx import DATE, NUMBER, TEXT, FormColumn, FormSheet, write_forms

__all__ = [
    "AUDIT_ACTION",
    "RECORDS_SHEET",
    "STATUS_SHEET",
    "percent",
    "record_rows",
    "status_rows",
    "write_month_workbook",
]

AUDIT_ACTION = "talks_exported"
RECORDS_SHEET = "谈心记录"
STATUS_SHEET = "完成情况"
RECORDS_TITLE = "{school}{year}年{month}月留守儿童谈心记录"
STATUS_TITLE = "{school}{year}年{month}月留守儿童谈心完成情况"
TOTAL = "合计"
NO_CLASS = "未分班"
FOOTER = "填表人：　　　　　　联系电话：　　　　　　填表日期：　　　　年　　月　　日"
JOINER = "、"


RECORD_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("序号",), 5, NUMBER),
    FormColumn(("姓名",), 8, TEXT),
    FormColumn(("班级",), 11, TEXT),
    FormColumn(("帮扶教师",), 8, TEXT),
    FormColumn(("谈心日期",), 11, DATE),
    FormColumn(("形式",), 6, TEXT),
    FormColumn(("主题",), 14, TEXT),
    FormColumn(("孩子近况",), 30, TEXT),
    FormColumn(("发现的问题",), 24, TEXT),
    FormColumn(("采取的措施",), 24, TEXT),
    FormColumn(("跟进日期",), 11, DATE),
    FormColumn(("需要关注",), 14, TEXT),
)
STATUS_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("班级",), 14, TEXT),
    FormColumn(("儿童数",), 8, NUMBER),
    FormColumn(("已谈",), 8, NUMBER),
    FormColumn(("已排期",), 8, NUMBER),
    FormColumn(("逾期",), 8, NUMBER),
    FormColumn(("谈心完成率",), 11, TEXT),
)

_DIGITS = re.compile(r"(\d+)")


def _words(table: Mapping[str, str], codes: Sequence[str] | None) -> str:
    """Several codes as one cell, in the table's order, joined with 、."""
    chosen = set(codes or ())
    return JOINER.join(word for code, word in table.items() if code in chosen)


def percent(rate: float) -> str:
    """A completion rate (0 to 1) as the sheet writes it: ``85.7%``."""
    return f"{rate * 100:.1f}%"


def _natural(text: str) -> tuple[Any, ...]:
    """A sort key putting 一年级2班 before 一年级10班."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def record_rows(db: Database, actor: Actor, month: date) -> list[list[Any]]:
    """The 谈心记录 rows: the talks held in ``month`` with children the actor may see
    (children who left since are kept: the talk was held), by grade, class, pinyin and
    day. Does not check permissions (:func:`write_month_workbook` does)."""
    talk_mentor, mentor, class_teacher = aliased(Teacher), aliased(Teacher), aliased(Teacher)
    query = (
        select(
            Child.name,
            SchoolClass.name,
            func.coalesce(talk_mentor.name, mentor.name, class_teacher.name, ""),
            Talk.held_on,
            Talk.form,
            Talk.topics,
            Talk.condition,
            Talk.problems,
            Talk.measures,
            Talk.follow_up_on,
            Talk.concerns,
            SchoolClass.grade,
            Child.name_pinyin,
            Talk.id,
        )
        .join(Child, Child.id == Talk.child_id)
        .outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
        .outerjoin(talk_mentor, talk_mentor.id == Talk.mentor_id)
        .outerjoin(mentor, mentor.id == Child.mentor_id)
        .outerjoin(class_teacher, class_teacher.id == SchoolClass.class_teacher_id)
        .where(
            Talk.month == month_key(month),
            Talk.status == vocab.TALK_DONE,
            Talk.deleted.is_(False),
            Child.deleted.is_(False),
            ChildrenService.scope(actor),
        )
    )
    with db.session_factory() as session:
        found = session.execute(query).all()
    found.sort(
        key=lambda r: (
            r[11] is None,
            r[11] or 0,
            _natural(r[1] or ""),
            r[12] or "",
            r[0],
            r[3] or date.min,
            r[13],
        )
    )
    return [
        [
            serial,
            r[0],
            r[1] or NO_CLASS,
            r[2],
            r[3],
            TALK_FORM_WORDS.get(r[4] or "", ""),
            _words(TALK_TOPIC_WORDS, r[5]),
            r[6] or "",
            r[7] or "",
            r[8] or "",
            r[9],
            _words(CONCERN_WORDS, r[10]),
        ]
        for serial, r in enumerate(found, start=1)
    ]


def _status_row(name: str, figures: Figures) -> list[Any]:
    return [
        name,
        figures.children,
        figures.done,
        figures.planned,
        figures.overdue,
        percent(figures.rate),
    ]


def status_rows(status: MonthStatus) -> list[list[Any]]:
    """The 完成情况 rows: one per class (the status's order), then 合计."""
    rows = [_status_row(name, figures) for name, figures in status.classes.items()]
    rows.append(_status_row(TOTAL, status.total))
    return rows


def write_month_workbook(
    db: Database,
    actor: Actor,
    month: date,
    path: Path,
    *,
    today: date | None = None,
    now: Now = utcnow,
) -> Path:
    """Write the workbook of ``month`` (any day of it) to ``path`` and audit it.

    Needs RECORD_TALKS or VIEW_TALK_STATUS (every role that records talks may see their
    status); the records sheet only for RECORD_TALKS. ``today`` decides what is overdue
    (default: the clock's day). Raises UserError when the file cannot be written
    (nothing is left at ``path`` then) and PermissionDenied for other roles.
    """
    enforce(db, actor, VIEW_TALK_STATUS, now)
    path = Path(path)
    today = today or local_date(now())
    status = TalkStatusService(db, now).status(actor, month, today)
    with_records = allowed(actor, RECORD_TALKS)
    records = record_rows(db, actor, month) if with_records else []
    with db.session_factory() as session:
        school = load_school(session).name
    names = {"school": school, "year": month.year, "month": month.month}
    sheets = []
    if with_records:
        sheets.append(
            FormSheet(
                name=RECORDS_SHEET,
                title=RECORDS_TITLE.format(**names),
                columns=RECORD_COLUMNS,
                rows=records,
                footer=FOOTER,
            )
        )
    sheets.append(
        FormSheet(
            name=STATUS_SHEET,
            title=STATUS_TITLE.format(**names),
            columns=STATUS_COLUMNS,
            rows=status_rows(status),
            footer=FOOTER,
        )
    )
    write_forms(path, sheets)
    with db.session_scope(actor.username) as session:
        audit.append(
            session,
            actor=actor.username,
            action=AUDIT_ACTION,
            now=now(),
            object_type="file",
            object_id=path.name[:64],
            detail={
                "file": path.name,
                "month": month_key(month),
                "records": len(records),
                "with_records": with_records,
                "classes": len(status.classes),
            },
        )
    return path
