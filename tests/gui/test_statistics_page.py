"""The statistics page: the term's figures by class, the total in bold, the term chooser,
a class teacher's own classes only, and the Excel export."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    SchoolClass,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.activity_stats import SHEET, TOTAL, ActivityStatsService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.statistics import StatisticsPage, current_term
from tests.helpers import FakeClock

TODAY = date(2026, 11, 20)
TERM = "2026-2027-1"
ADMIN = Actor("admin", vocab.ROLE_ADMIN)
SHOTS = Path(os.environ.get("GUI7_SHOTS", "/tmp/gui7-counting"))


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(60, "t")  # with the term's activities
    return school_db


def page_for(qtbot: Any, db: Database, actor: Actor = ADMIN) -> StatisticsPage:
    page = StatisticsPage(db, actor, now=lambda: datetime.combine(TODAY, time(1)))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page


def cells(page: StatisticsPage) -> list[list[str]]:
    model = page.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_page_shows_the_current_terms_figures_by_class(
    app: Any, qtbot: Any, demo_db: Database
) -> None:
    page = page_for(qtbot, demo_db)
    assert page.term_name() == TERM
    figures = ActivityStatsService(demo_db).term_figures(ADMIN, TERM, TODAY)
    shown = cells(page)
    assert [row[0] for row in shown] == [f.class_name for f in figures]
    assert shown[-1][0] == TOTAL
    for row, f in zip(shown, figures, strict=True):
        assert row[1] == str(f.children)
        assert row[2] == f"{f.held} / {f.planned}"
        assert row[3].startswith(f"{f.reached} (")
        assert row[4].startswith(f"{f.months[-1].with_parent_contact} (")
    total = figures[-1]
    assert total.planned > total.held > 0 and total.reached > 0
    assert shown[-1][4] == (
        f"{total.months[-1].with_parent_contact} "
        f"({round(total.months[-1].with_parent_contact / total.children * 100)}%)"
    )
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert any("9月" in h for h in headers) and any("11月" in h for h in headers)
    assert len(headers) == 5 + 2 + 3  # November, the two months before, ..., the talks
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    assert page.explanation.isVisible() and page.explanation.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(SHOTS / "statistics.png"))
    # Sorting by a column keeps the total last.
    visits = page.model.columns.index("visits")
    page.table.sortByColumn(visits, Qt.SortOrder.DescendingOrder)
    assert cells(page)[-1][0] == TOTAL
    shares = [int(row[visits].split("(")[1].rstrip("%)")) for row in cells(page)[:-1]]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1]


def test_choosing_a_term_not_begun_says_so(app: Any, qtbot: Any, demo_db: Database) -> None:
    page = page_for(qtbot, demo_db)
    page.term_box.setCurrentIndex(page.term_box.findData("2026-2027-2"))
    assert page.term_name() == "2026-2027-2"
    assert page.message.isVisible() and page.message.text()
    assert page.model.columnCount() == 4 + 2  # no month yet, no talks column
    assert all(row[2] == "0 / 0" for row in cells(page))


def test_a_class_teacher_sees_only_their_class(app: Any, qtbot: Any, demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        klass = session.scalars(select(SchoolClass).order_by(SchoolClass.name)).first()
        assert klass is not None
    teacher = Actor("ct", vocab.ROLE_CLASS_TEACHER, teacher_id=klass.class_teacher_id)
    page = page_for(qtbot, demo_db, teacher)
    assert [row[0] for row in cells(page)] == [klass.name, TOTAL]


def test_export_writes_the_workbook_and_says_where(
    app: Any, qtbot: Any, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_args: tmp_path / "统计")
    monkeypatch.setattr(dialogs, "show_info", lambda _parent, _title, text: said.append(text))
    page = page_for(qtbot, demo_db)
    page.export_button.click()
    out = tmp_path / "统计.xlsx"
    assert out.exists() and str(out) in said[0]
    workbook = load_workbook(out, read_only=True)
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    workbook.close()
    names = [r[0] for r in rows]
    assert TOTAL in names
    assert [n for n in names if n in {row[0] for row in cells(page)}] == [
        row[0] for row in cells(page)
    ]
    with demo_db.session_factory() as session:
        assert session.scalars(
            select(AuditEntry).where(AuditEntry.action == "activity_stats_exported")
        ).one()


def test_cancelling_the_export_writes_nothing(
    app: Any, qtbot: Any, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_args: None)
    page = page_for(qtbot, demo_db)
    assert page.export() is None
    with demo_db.session_factory() as session:
        assert not session.scalars(
            select(AuditEntry).where(AuditEntry.action == "activity_stats_exported")
        ).all()


def test_without_a_term_the_page_says_what_to_do(app: Any, qtbot: Any, school_db: Database) -> None:
    page = page_for(qtbot, school_db)
    assert page.term_name() is None
    assert page.message.isVisible() and "校历" in page.message.text()
    assert not page.export_button.isEnabled()
    assert page.model.rowCount() == 0


def test_current_term() -> None:
    from liushou_desktop.domain.school_calendar import TermView

    terms = [
        TermView("2025-2026-2", date(2026, 2, 24), date(2026, 7, 3)),
        TermView("2026-2027-1", date(2026, 9, 1), date(2027, 1, 22)),
    ]
    assert current_term(terms, date(2026, 11, 2)) == 1
    assert current_term(terms, date(2026, 8, 1)) == 0  # the summer: the term just ended
    assert current_term(terms, date(2025, 1, 1)) == 0
    assert current_term([], date(2026, 1, 1)) == -1
