"""The printed documents of the term (activity_print): the term plan 行事历, the guardian
meeting sign-in sheet, the home visit form and the growth summary, checked in the PDFs
themselves (their text with pypdf, their embedded fonts, their images) and in the
audit log; and the ``print term-plan|sign-in|home-visit|growth`` commands."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from sqlalchemy import func, select, update

from liushou_desktop.cli_print import add_print_parsers, cmd_print
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    AuditEntry,
    Child,
    Guardian,
    HomeVisit,
    SchoolClass,
    SchoolTerm,
    Teacher,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.activity_print import ActivityPrintService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.growth import GrowthForm, GrowthService
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.phones import format_phone
from liushou_desktop.errors import UserError
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.forms_activities import SIGN_IN_ROWS, dates_text, term_words
from tests.helpers import FakeClock
from tests.unit.test_print_forms import all_id_numbers, assert_fonts_embedded, page_texts

ADMIN = Actor("admin", "admin")
INSPECTOR = Actor("inspector", vocab.ROLE_INSPECTOR)
TERM = "2026-2027-1"
ILLNESS = "先天性心脏病"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(30, "t")
    with school_db.session_scope("t") as session:  # a health detail no page may show
        session.execute(update(Child).values(illness_type=ILLNESS, health="ill"))
    return school_db


@pytest.fixture
def service(demo_db: Database, clock: FakeClock, fonts: FontSet) -> ActivityPrintService:
    return ActivityPrintService(demo_db, clock, fonts=fonts)


def term_of(db: Database) -> SchoolTerm:
    with db.session_factory() as session:
        return session.scalars(select(SchoolTerm).where(SchoolTerm.name == TERM)).one()


def add_activity(db: Database, **values: Any) -> str:
    term = term_of(db)
    fields: dict[str, Any] = {
        "school_id": term.school_id,
        "term_id": term.id,
        "kind": "class_meeting",
        "title": "主题班会",
        "starts_on": date(2026, 10, 9),
        "ends_on": date(2026, 10, 9),
        **values,
    }
    with db.session_scope("t") as session:
        activity = Activity(**fields)
        session.add(activity)
        session.flush()
        return activity.id


def audit_entries(db: Database) -> list[dict[str, Any]]:
    """The details of the "print" entries of the audit log, oldest first."""
    with db.session_factory() as session:
        details = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "print").order_by(AuditEntry.id)
        ).all()
    return [json.loads(d) for d in details]


def everything(path: Path) -> str:
    return "".join(page_texts(path))


def assert_nothing_private(db: Database, path: Path) -> None:
    """No ID number (whole or masked) and no health detail anywhere in the PDF."""
    shown = everything(path)
    for number in all_id_numbers(db):
        assert number not in shown
        assert mask_id_number(number) not in shown
    assert ILLNESS not in shown
    assert not any(word in shown for word in ("健康状况", "患病", "残疾"))


# --- 行事历 ---------------------------------------------------------------------------


def test_term_plan_lists_every_activity_of_the_term(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    add_activity(demo_db, title="防溺水安全教育", kind="safety", topic="drowning")
    add_activity(demo_db, title="已取消的读书会", kind="reading", status="cancelled")
    gone = add_activity(demo_db, title="删掉的活动", deleted=True)
    held = add_activity(
        demo_db,
        title="秋季监护人会",
        kind="guardian_meeting",
        status="held",
        held_on=date(2026, 10, 12),
        starts_on=date(2026, 10, 12),
        ends_on=date(2026, 10, 12),
    )
    target = tmp_path / "行事历.pdf"
    before = len(audit_entries(demo_db))
    outcome = service.term_plan(ADMIN, TERM, target)
    term = term_of(demo_db)
    with demo_db.session_factory() as session:
        rows = session.execute(
            select(Activity.id, Activity.title, Activity.starts_on, Activity.ends_on).where(
                Activity.term_id == term.id, Activity.deleted.is_(False)
            )
        ).all()
    assert outcome.items == len(rows) and gone not in {r.id for r in rows}
    shown = everything(target)
    for row in rows:
        assert "".join(row.title.split()) in shown
        assert dates_text(row.starts_on, row.ends_on) in shown
    assert "删掉的活动" not in shown
    assert "安全教育（防溺水）" in shown and "取消" in shown and "已开展10月12日" in shown
    assert "阳光小学" in shown and term_words(TERM) in shown and held
    reader = PdfReader(target)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == tuple(round(v) for v in landscape(A4))
    assert_fonts_embedded(target)
    assert_nothing_private(demo_db, target)
    entries = audit_entries(demo_db)
    assert len(entries) == before + 1
    assert entries[-1]["kind"] == "term-plan"
    assert entries[-1]["count"] == len(rows)


def test_a_long_term_plan_repeats_its_header_and_numbers_its_pages(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    for n in range(70):
        add_activity(
            demo_db,
            title=f"第{n}次亲情电话活动",
            kind="family_call",
            starts_on=date(2026, 9, 1 + n % 28),
            ends_on=date(2026, 9, 1 + n % 28),
            notes="请班主任提前登记要打电话的孩子。" if n % 3 == 0 else "",
        )
    target = tmp_path / "plan.pdf"
    outcome = service.term_plan(ADMIN, TERM, target)
    pages = page_texts(target)
    assert outcome.pages == len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "活动内容" in text and "完成情况" in text and "月份" in text
        assert f"第{number}页共{len(pages)}页" in text
        assert "阳光小学" in text
    shown = "".join(pages)
    assert all(f"第{n}次亲情电话活动" in shown for n in range(70))


def test_a_preview_is_not_audited(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    before = len(audit_entries(demo_db))
    service.term_plan(ADMIN, TERM, tmp_path / "p.pdf", audit=False)
    service.sign_in_sheet(ADMIN, tmp_path / "s.pdf", blank=True, audit=False)
    service.home_visit_form(ADMIN, tmp_path / "h.pdf", blank=True, audit=False)
    assert len(audit_entries(demo_db)) == before


def test_an_unknown_term_says_to_enter_it_in_the_calendar(
    service: ActivityPrintService, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="school calendar"):
        service.term_plan(ADMIN, "2030-2031-1", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


# --- 监护人会签到表 -------------------------------------------------------------------


def class_children(db: Database) -> tuple[str, list[Child], list[Child]]:
    """A class with children, its children, and the others."""
    with db.session_factory() as session:
        class_id = session.scalars(
            select(Child.class_id).where(Child.class_id.is_not(None)).order_by(Child.class_id)
        ).first()
        children = list(session.scalars(select(Child).where(Child.deleted.is_(False))))
    assert class_id is not None
    inside = [c for c in children if c.class_id == class_id]
    return class_id, inside, [c for c in children if c.class_id != class_id]


def test_the_sign_in_sheet_lists_the_meetings_children_with_their_guardians(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    class_id, inside, outside = class_children(demo_db)
    meeting = add_activity(
        demo_db,
        title="三年级监护人会",
        kind="guardian_meeting",
        target_kind="classes",
        target=[class_id],
        place="多功能教室",
    )
    came = inside[0]
    with demo_db.session_scope("t") as session:
        session.add(
            ActivityAttendance(
                activity_id=meeting,
                child_id=came.id,
                present=True,
                guardian_present=True,
                guardian_name="李桂英",
            )
        )
        guardians = set(
            session.scalars(
                select(Guardian.name).where(
                    Guardian.family_id.in_([c.family_id for c in inside]),
                    Guardian.deleted.is_(False),
                )
            )
        )
    target = tmp_path / "签到表.pdf"
    outcome = service.sign_in_sheet(ADMIN, target, meeting)
    shown = everything(target)
    assert outcome.items == len(inside)
    assert all("".join(c.name.split()) in shown for c in inside)
    assert not any(c.name in shown for c in outside if len(c.name) > 2)
    assert sum(1 for g in guardians if g in shown) >= len(inside) // 2
    assert "三年级监护人会" in shown and "多功能教室" in shown and "已到（李桂英）" in shown
    assert shown.count("已到") == 1
    assert f"应到：{len(inside)}人" in shown
    assert_fonts_embedded(target)
    assert_nothing_private(demo_db, target)
    assert audit_entries(demo_db)[-1] == {
        "kind": "sign-in",
        "count": len(inside),
        "file": target.name,
        "blank": False,
    }


def test_a_blank_sign_in_sheet_has_ruled_rows_and_no_child(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "blank.pdf"
    outcome = service.sign_in_sheet(INSPECTOR, target, blank=True)
    assert (outcome.pages, outcome.items) == (1, 0)
    shown = everything(target)
    with demo_db.session_factory() as session:
        names = list(session.scalars(select(Child.name))) + list(
            session.scalars(select(Guardian.name))
        )
    assert not any(name in shown for name in names if len(name) > 1)
    assert "监护人会签到表" in shown and str(SIGN_IN_ROWS) in shown
    assert_fonts_embedded(target)


def test_filled_forms_need_the_right_to_print_children(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    meeting = add_activity(demo_db, kind="guardian_meeting", title="监护人会")
    with pytest.raises(PermissionDenied):
        service.sign_in_sheet(INSPECTOR, tmp_path / "s.pdf", meeting)
    with pytest.raises(UserError, match="guardian meeting"):
        service.sign_in_sheet(ADMIN, tmp_path / "s.pdf")


def test_a_mentor_sees_only_their_own_children_on_the_sheet(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    meeting = add_activity(demo_db, kind="guardian_meeting", title="全校监护人会")
    with demo_db.session_factory() as session:
        teacher_id = session.scalars(
            select(Child.mentor_id).where(Child.mentor_id.is_not(None))
        ).first()
        mine = set(session.scalars(select(Child.name).where(Child.mentor_id == teacher_id)))
        others = set(session.scalars(select(Child.name).where(Child.mentor_id != teacher_id)))
        username = session.scalar(select(Teacher.name).where(Teacher.id == teacher_id))
    mentor = Actor(username or "m", vocab.ROLE_MENTOR, teacher_id=teacher_id)
    target = tmp_path / "m.pdf"
    outcome = service.sign_in_sheet(mentor, target, meeting)
    shown = everything(target)
    assert outcome.items == len(mine) > 0
    assert all(name in shown for name in mine)
    assert not any(name in shown for name in others - mine if len(name) > 2)


# --- 家访记录表 -----------------------------------------------------------------------


def test_a_home_visit_form_shows_the_visit_and_the_family_but_no_id(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session_scope("t") as session:
        child = session.scalars(select(Child).order_by(Child.name_pinyin)).first()
        assert child is not None
        visit = HomeVisit(
            child_id=child.id,
            visited_on=date(2026, 10, 20),
            visitors="王老师、张老师",
            met="奶奶",
            situation="孩子在家能帮奶奶做饭，作业按时完成。",
            agreed="每周和父母视频一次。",
        )
        session.add(visit)
        session.flush()
        visit_id, child_id, name = visit.id, child.id, child.name
        phones = [
            format_phone(p)
            for p in session.scalars(
                select(Guardian.phone).where(
                    Guardian.family_id == child.family_id,
                    Guardian.relation.in_(["father", "mother"]),
                    Guardian.deleted.is_(False),
                )
            )
            if p
        ]
        other = session.scalars(select(Child).where(Child.id != child_id)).first()
        assert other is not None
        other_id, other_name = other.id, other.name
    target = tmp_path / "家访.pdf"
    outcome = service.home_visit_form(ADMIN, target, visit_ids=[visit_id], child_ids=[other_id])
    assert (outcome.pages, outcome.items) == (2, 2)
    first, second = page_texts(target)
    for shown in ("家访记录表", name, "2026年10月20日", "王老师、张老师", "每周和父母视频一次"):
        assert shown in first
    assert "孩子在家能帮奶奶做饭" in first
    assert all("".join(p.split()) in first for p in phones) and phones
    assert other_name in second and "王老师" not in second and "2026年10月20日" not in second
    assert_nothing_private(demo_db, target)
    assert_fonts_embedded(target)
    assert audit_entries(demo_db)[-1]["count"] == 2


def test_a_blank_home_visit_form_has_no_child(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "blank.pdf"
    outcome = service.home_visit_form(ADMIN, target, blank=True)
    assert outcome.pages == 1
    shown = everything(target)
    with demo_db.session_factory() as session:
        names = list(session.scalars(select(Child.name)))
    assert not any(name in shown for name in names)
    assert "家访时间" in shown and "商定事项" in shown and "家长签名" in shown
    with pytest.raises(UserError, match="home visit"):
        service.home_visit_form(ADMIN, tmp_path / "none.pdf")


# --- 成长档案 -------------------------------------------------------------------------


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_growth_summary_prints_the_terms_entries_and_figures(
    service: ActivityPrintService, demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    with demo_db.session_factory() as session:
        child_id = session.scalars(select(Child.id).order_by(Child.name_pinyin)).first()
    assert child_id is not None
    growth = GrowthService(demo_db, clock)
    growth.add(
        ADMIN,
        child_id,
        GrowthForm(
            on=date(2026, 10, 8),
            kind="award",
            title="校运会跳绳第二名",
            text="很努力。",
            shared=True,
        ),
        photos=[jpeg()],
    )
    growth.add(
        ADMIN,
        child_id,
        GrowthForm(
            on=date(2026, 10, 15),
            kind="note",
            title="两周记录",
            text="上课更专心了，能主动举手回答问题。" * 12,
        ),
    )
    summary = growth.term_summary(ADMIN, child_id, TERM)
    target = tmp_path / "成长档案.pdf"
    outcome = service.growth_summary(ADMIN, target, [child_id], TERM)
    shown = everything(target)
    assert outcome.items == 1
    assert summary.child_name in shown and term_words(TERM) in shown
    for entry in summary.entries:
        assert "".join(entry.title.split()) in shown
    assert "校运会跳绳第二名" in shown and "获奖" in shown and "成长记录" in shown
    assert f"谈心{summary.talks_held}次" in shown
    assert f"家访{summary.home_visits}次" in shown
    assert f"参加活动{summary.activities_attended}次" in shown
    assert f"与父母联系{summary.parent_contacts}次" in shown
    assert "家长可见" in shown
    images = [
        name
        for page in PdfReader(target).pages
        for name, ref in page["/Resources"].get("/XObject", {}).items()
        if ref.get_object()["/Subtype"] == "/Image"
    ]
    assert images
    assert_nothing_private(demo_db, target)
    assert_fonts_embedded(target)
    assert audit_entries(demo_db)[-1]["kind"] == "growth"


def test_the_growth_summary_is_only_for_children_in_scope(
    service: ActivityPrintService, demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session_factory() as session:
        teacher_id = session.scalars(
            select(SchoolClass.class_teacher_id).where(SchoolClass.class_teacher_id.is_not(None))
        ).first()
        own = select(SchoolClass.id).where(SchoolClass.class_teacher_id == teacher_id)
        stranger = session.scalars(select(Child.id).where(Child.class_id.not_in(own))).first()
        count = session.scalar(select(func.count()).select_from(Child))
    assert stranger is not None and count
    teacher = Actor("ct", vocab.ROLE_CLASS_TEACHER, teacher_id=teacher_id)
    with pytest.raises(UserError, match="not open to your account"):
        service.growth_summary(teacher, tmp_path / "g.pdf", [stranger], TERM)
    assert not (tmp_path / "g.pdf").exists()


# --- the command line -----------------------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")

    def add_data_dir(p: argparse.ArgumentParser, default: Any) -> None:
        p.add_argument("--data-dir", default=default)

    add_print_parsers(sub, add_data_dir)
    return parser.parse_args(argv)


def test_the_print_commands_write_the_terms_documents(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = add_activity(demo_db, kind="guardian_meeting", title="期中监护人会")
    with demo_db.session_factory() as session:
        child_id, name = session.execute(
            select(Child.id, Child.name).order_by(Child.name_pinyin)
        ).first()
    runs = {
        "plan.pdf": ("term-plan", "--term", TERM),
        "sign.pdf": ("sign-in", "--activity", meeting),
        "blank.pdf": ("sign-in", "--blank"),
        "visit.pdf": ("home-visit", "--child", child_id),
        "visit-blank.pdf": ("home-visit", "--blank"),
        "growth.pdf": ("growth", "--term", TERM, "--child", child_id),
    }
    for file, (kind, *options) in runs.items():
        args = parse("print", kind, str(tmp_path / file), *options)
        assert cmd_print(demo_db, args, ADMIN) == 0
        assert f"to {tmp_path / file}" in capsys.readouterr().out
        assert_fonts_embedded(tmp_path / file)
    assert "期中监护人会" in everything(tmp_path / "plan.pdf")
    assert name in everything(tmp_path / "visit.pdf")
    assert name not in everything(tmp_path / "visit-blank.pdf")
    assert name in everything(tmp_path / "growth.pdf")
    kinds = [e["kind"] for e in audit_entries(demo_db)[-6:]]
    assert kinds == ["term-plan", "sign-in", "sign-in", "home-visit", "home-visit", "growth"]


def test_the_print_commands_say_what_is_missing(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--term"):
        cmd_print(demo_db, parse("print", "term-plan", str(tmp_path / "p.pdf")), ADMIN)
    with pytest.raises(UserError, match="--activity"):
        cmd_print(demo_db, parse("print", "sign-in", str(tmp_path / "s.pdf")), ADMIN)
    with pytest.raises(UserError, match="--child"):
        cmd_print(demo_db, parse("print", "growth", str(tmp_path / "g.pdf"), "--term", TERM), ADMIN)
    assert not list(tmp_path.glob("*.pdf"))
