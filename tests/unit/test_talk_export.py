"""The month's talks workbook, read back with openpyxl: the records sheet holds exactly
the month's held talks the actor may see, the status sheet TalkStatusService's figures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Child, SchoolClass, Talk, Teacher
from liushou_desktop.domain import vocab
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.talk_export import (
    CONCERN_WORDS,
    RECORDS_SHEET,
    STATUS_SHEET,
    TALK_FORM_WORDS,
    TALK_TOPIC_WORDS,
    percent,
    write_month_workbook,
)
from liushou_desktop.domain.talk_plan import TalkPlanService
from liushou_desktop.domain.talk_status import TalkStatusService
from liushou_desktop.domain.talks import TalkForm, TalkService
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
INSPECTOR = Actor("insp", "inspector")
OCTOBER = date(2026, 10, 1)
TODAY = date(2026, 11, 2)
HEADER_ROW = 2  # row 1 is the title


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(30, "t")
    return school_db


def sheet_rows(path: Path, name: str) -> tuple[list[Any], list[list[Any]]]:
    """The header and the data rows of sheet ``name`` (up to the first empty row)."""
    workbook = load_workbook(path, read_only=True)
    try:
        rows = [list(r) for r in workbook[name].iter_rows(values_only=True)]
    finally:
        workbook.close()
    header = rows[HEADER_ROW - 1]
    body = []
    for row in rows[HEADER_ROW:]:
        if all(v is None for v in row):
            break
        body.append(row)
    return header, body


def as_day(value: Any) -> date | None:
    return value.date() if hasattr(value, "date") else value


def done_talks(db: Database, month: str, mentor_id: str | None = None) -> list[dict[str, Any]]:
    """The held talks of ``month`` straight from the tables (of one mentor's children)."""
    with db.session_factory() as session:
        query = (
            select(Talk, Child.name, SchoolClass.name)
            .join(Child, Child.id == Talk.child_id)
            .outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
            .where(Talk.month == month, Talk.status == "done", Talk.deleted.is_(False))
        )
        if mentor_id is not None:
            query = query.where(Child.mentor_id == mentor_id)
        return [
            {
                "name": name,
                "class": class_name,
                "held_on": talk.held_on,
                "form": TALK_FORM_WORDS[talk.form],
                "topics": "、".join(w for c, w in TALK_TOPIC_WORDS.items() if c in talk.topics),
                "condition": talk.condition,
                "problems": talk.problems,
                "measures": talk.measures,
                "follow_up_on": talk.follow_up_on,
                "concerns": "、".join(w for c, w in CONCERN_WORDS.items() if c in talk.concerns),
            }
            for talk, name, class_name in session.execute(query)
        ]


def from_sheet(row: list[Any]) -> dict[str, Any]:
    return {
        "name": row[1],
        "class": row[2],
        "held_on": as_day(row[4]),
        "form": row[5],
        "topics": row[6] or "",
        "condition": row[7] or "",
        "problems": row[8] or "",
        "measures": row[9] or "",
        "follow_up_on": as_day(row[10]),
        "concerns": row[11] or "",
    }


def key(record: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(str(v) for v in record.values())


def test_the_records_sheet_holds_the_months_held_talks(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = write_month_workbook(demo_db, ADMIN, OCTOBER, tmp_path / "谈心.xlsx", now=clock)
    header, body = sheet_rows(path, RECORDS_SHEET)
    assert header == [
        "序号",
        "姓名",
        "班级",
        "帮扶教师",
        "谈心日期",
        "形式",
        "主题",
        "孩子近况",
        "发现的问题",
        "采取的措施",
        "跟进日期",
        "需要关注",
    ]
    expected = done_talks(demo_db, "2026-10")
    assert len(expected) > 10
    assert sorted(map(key, map(from_sheet, body))) == sorted(map(key, expected))
    assert [row[0] for row in body] == list(range(1, len(body) + 1))
    assert all(row[3] for row in body)  # every talk has its mentor
    assert {row[5] for row in body} <= set(TALK_FORM_WORDS.values())
    # the same workbook again for another month holds that month's talks only
    september = write_month_workbook(
        demo_db, ADMIN, date(2026, 9, 15), tmp_path / "九月.xlsx", now=clock
    )
    assert len(sheet_rows(september, RECORDS_SHEET)[1]) == len(done_talks(demo_db, "2026-09"))


def test_the_status_sheet_equals_the_status_figures(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    november = date(2026, 11, 1)
    TalkPlanService(demo_db, clock).plan_month(ADMIN, november)
    rows = TalkService(demo_db, clock).month_list(ADMIN, november, TODAY)
    for row in rows[:4]:
        TalkService(demo_db, clock).record(ADMIN, row.child_id, TalkForm(held_on=TODAY))
    later = date(2026, 11, 20)  # some planned talks are overdue by then
    path = write_month_workbook(
        demo_db, ADMIN, november, tmp_path / "十一月.xlsx", today=later, now=clock
    )
    status = TalkStatusService(demo_db, clock).status(ADMIN, november, later)
    assert status.total.done == 4 and status.total.overdue > 0 and len(status.classes) > 1
    header, body = sheet_rows(path, STATUS_SHEET)
    assert header == ["班级", "儿童数", "已谈", "已排期", "逾期", "谈心完成率"]
    figures = [*status.classes.items(), ("合计", status.total)]
    assert body == [
        [name, f.children, f.done, f.planned, f.overdue, percent(f.rate)] for name, f in figures
    ]
    assert body[-1][:3] == ["合计", 30, 4] and body[-1][5] == "13.3%"
    assert len(sheet_rows(path, RECORDS_SHEET)[1]) == 4


def test_a_mentor_gets_only_their_childrens_talks(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    with demo_db.session_factory() as session:
        teacher_id = session.scalars(
            select(Child.mentor_id).where(Child.mentor_id.is_not(None)).order_by(Child.id)
        ).first()
        assert teacher_id is not None
        assert session.get(Teacher, teacher_id) is not None
    mentor = Actor("m", vocab.ROLE_MENTOR, teacher_id=teacher_id)
    path = write_month_workbook(demo_db, mentor, OCTOBER, tmp_path / "mine.xlsx", now=clock)
    _header, body = sheet_rows(path, RECORDS_SHEET)
    expected = done_talks(demo_db, "2026-10", teacher_id)
    assert expected and len(expected) < len(done_talks(demo_db, "2026-10"))
    assert sorted(map(key, map(from_sheet, body))) == sorted(map(key, expected))


def test_an_inspector_gets_the_status_only_and_each_export_is_audited(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = write_month_workbook(demo_db, INSPECTOR, OCTOBER, tmp_path / "督查.xlsx", now=clock)
    workbook = load_workbook(path, read_only=True)
    try:
        assert workbook.sheetnames == [STATUS_SHEET]
    finally:
        workbook.close()
    write_month_workbook(demo_db, ADMIN, OCTOBER, tmp_path / "全部.xlsx", now=clock)
    with demo_db.session_factory() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "talks_exported").order_by(AuditEntry.id)
        ).all()
    assert [(e.actor, e.object_id) for e in entries] == [
        ("insp", "督查.xlsx"),
        ("admin", "全部.xlsx"),
    ]
    assert json.loads(entries[0].detail)["records"] == 0
    assert json.loads(entries[1].detail)["records"] == len(done_talks(demo_db, "2026-10"))


def test_other_roles_are_refused_and_nothing_is_written(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    nobody = Actor("x", "no_such_role")
    with pytest.raises(PermissionDenied):
        write_month_workbook(demo_db, nobody, OCTOBER, tmp_path / "x.xlsx", now=clock)
    assert not (tmp_path / "x.xlsx").exists()
