"""The term plan as an Excel workbook (activity_export), read back with openpyxl."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, AuditEntry
from liushou_desktop.domain import vocab
from liushou_desktop.domain.activity_export import COLUMNS, SHEET, export_term_plan
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.io.xlsx import unneutralise
from tests.helpers import FakeClock
from tests.unit.test_print_activities import TERM, add_activity, term_of

ADMIN = Actor("admin", "admin")
INSPECTOR = Actor("inspector", vocab.ROLE_INSPECTOR)


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(10, "t")
    return school_db


def test_the_workbook_has_one_row_per_activity_with_real_dates(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    add_activity(
        demo_db,
        title="=防溺水安全教育",  # a formula trigger stays text
        kind="safety",
        topic="drowning",
        starts_on=date(2026, 9, 21),
        ends_on=date(2026, 9, 23),
        notes="各班上交照片",
    )
    add_activity(
        demo_db,
        title="秋季监护人会",
        kind="guardian_meeting",
        status="held",
        held_on=date(2026, 10, 12),
    )
    add_activity(demo_db, title="删掉的", deleted=True)
    out = tmp_path / "行事历.xlsx"
    written = export_term_plan(demo_db, INSPECTOR, TERM, out, now=clock)
    with demo_db.session_factory() as session:
        expected = session.scalars(
            select(Activity.title)
            .where(Activity.term_id == term_of(demo_db).id, Activity.deleted.is_(False))
            .order_by(Activity.starts_on, Activity.title)
        ).all()
    assert written == len(expected)
    sheet = load_workbook(out)[SHEET]
    assert "阳光小学" in sheet["A1"].value and "行事历" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == [c.header[0] for c in COLUMNS]
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["E"].width == pytest.approx(COLUMNS[4].width, abs=1)
    rows = [
        [unneutralise(c.value) if isinstance(c.value, str) else c.value for c in row]
        for row in sheet.iter_rows(min_row=3, max_row=2 + written)
    ]
    assert sorted(r[4] for r in rows) == sorted(expected)
    assert [r[0] for r in rows] == list(range(1, written + 1))
    starts = [r[2] for r in rows]
    assert all(isinstance(d, datetime) for d in starts) and starts == sorted(starts)
    drowning = next(r for r in rows if r[4] == "=防溺水安全教育")
    assert drowning[1:4] == ["9月", datetime(2026, 9, 21), datetime(2026, 9, 23)]
    assert drowning[5] == "安全教育（防溺水）" and drowning[6] == "全校"
    assert drowning[10] == "各班上交照片"
    assert next(r for r in rows if r[4] == "秋季监护人会")[9] == "已开展 10月12日"
    assert "删掉的" not in {r[4] for r in rows}
    with demo_db.session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "activities_exported")
        ).one()
    assert json.loads(entry.detail) == {"file": out.name, "term": TERM, "rows": written}


def test_an_unknown_term_writes_nothing(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    out = tmp_path / "x.xlsx"
    with pytest.raises(UserError, match="school calendar"):
        export_term_plan(demo_db, ADMIN, "2031-2032-1", out, now=clock)
    assert not out.exists()
