"""家访与监护人会: the term view, recording and correcting a home visit, printing the form."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import HomeVisit
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.home_visits import HomeVisitService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.home_visit_dialog import HomeVisitDialog
from liushou_desktop.gui.home_visits_panel import HomeVisitsPanel
from tests.helpers import FakeClock

TODAY = date(2026, 11, 20)
TERM = "2026-2027-1"


def now() -> datetime:
    return datetime.combine(TODAY, time(4))


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    clock.value = now()
    DemoService(school_db, clock).add_children(20, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def visits(db: Database, child_id: str) -> list[HomeVisit]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(HomeVisit).where(
                    HomeVisit.child_id == child_id, HomeVisit.deleted.is_(False)
                )
            )
        )


def panel_for(qtbot: Any, db: Database, actor: Actor) -> HomeVisitsPanel:
    panel = HomeVisitsPanel(db, actor, now=now)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_a_home_visit_is_recorded_and_the_term_view_follows(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    panel = panel_for(qtbot, demo_db, admin)
    assert panel.term_name == TERM  # the term holding today
    panel.set_term(TERM)
    rows = HomeVisitService(demo_db, now).term_view(admin, TERM)
    assert [r.child_id for r in panel.model.rows] == [r.child_id for r in rows]
    visited = sum(1 for r in rows if r.visited_on is not None)
    assert panel.visited == visited
    assert f"{visited}/{len(rows)}" in panel.summary.text()
    target = next(i for i, r in enumerate(rows) if r.visited_on is None)
    child = rows[target]
    assert "未家访" in panel.model.cell(child, 2) or panel.model.cell(child, 2)

    panel.table.setFocus()
    panel.table.selectRow(target)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter: record a visit
    dialog = panel.visit_dialog
    assert isinstance(dialog, HomeVisitDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.visited_on.text() == TODAY.isoformat()
    assert dialog.situation.hasFocus()
    dialog.visited_on.setText("2026-11-18")
    dialog.visitors.setText("王老师、李老师")
    dialog.met.setCurrentText("奶奶")
    dialog.situation.insertPlainText("家里干净，孩子放学后帮奶奶喂鸡。")
    qtbot.keyClick(dialog.situation, Qt.Key.Key_Tab)
    assert dialog.agreed.hasFocus()
    dialog.agreed.insertPlainText("每周五晚上和妈妈视频。")
    qtbot.keyClick(dialog.agreed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [visit] = visits(demo_db, child.child_id)
    assert visit.visited_on == date(2026, 11, 18) and visit.visitors == "王老师、李老师"
    assert visit.met == "奶奶" and visit.situation == "家里干净，孩子放学后帮奶奶喂鸡。"
    assert visit.agreed == "每周五晚上和妈妈视频。" and visit.author == "admin"

    assert panel.visited == visited + 1
    assert f"{visited + 1}/{len(rows)}" in panel.summary.text()
    assert panel.selected_child_id() == child.child_id
    shown = panel.selected_row()
    assert shown.visited_on == date(2026, 11, 18)
    assert panel.model.cell(shown, 2) == "2026-11-18"
    assert [v.id for v in panel.visits_model.rows] == [visit.id]


def test_a_visit_is_corrected_and_deleted_and_a_bad_date_is_explained(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = panel_for(qtbot, demo_db, admin)
    dialog = panel.open_visit()
    assert dialog is not None
    child_id = panel.selected_child_id()
    assert child_id is not None
    before = len(visits(demo_db, child_id))
    dialog.visited_on.setText("2026-12-30")  # in the future
    dialog.situation.setPlainText("很好")
    assert dialog.save() is False and dialog.error.text()
    assert len(visits(demo_db, child_id)) == before
    dialog.visited_on.setText("2026-11-19")
    assert dialog.save()
    new = next(v for v in visits(demo_db, child_id) if v.visited_on == date(2026, 11, 19))

    panel.visits.selectRow(next(i for i, v in enumerate(panel.visits_model.rows) if v.id == new.id))
    editing = panel.edit_visit()
    assert editing is not None and editing.situation.toPlainText() == "很好"
    editing.agreed.setPlainText("下月再访")
    assert editing.save()
    assert next(v for v in visits(demo_db, child_id) if v.id == new.id).agreed == "下月再访"

    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a: True)
    panel.visits.selectRow(next(i for i, v in enumerate(panel.visits_model.rows) if v.id == new.id))
    assert panel.delete_visit()
    assert new.id not in {v.id for v in visits(demo_db, child_id)}


def test_the_forms_are_printed_through_the_preview(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from liushou_desktop.gui import document_preview

    made: list[tuple[str, Any]] = []
    monkeypatch.setattr(
        document_preview,
        "preview_and_print",
        lambda _parent, _title, stem, make, **_kw: made.append((stem, make)),
    )
    panel = panel_for(qtbot, demo_db, admin)
    row = panel.selected_row()
    panel.print_blank()
    panel.print_child_form()
    dialog = panel.open_visit()
    assert dialog is not None
    dialog.situation.setPlainText("家访情况")
    assert dialog.save()
    panel.print_visit()
    assert [stem for stem, _ in made] == [
        "家访记录表",
        f"家访记录表-{row.child_name}",
        f"家访记录表-{row.child_name}",
    ]
    for number, (_stem, make) in enumerate(made):
        out = tmp_path / f"{number}.pdf"
        outcome = make(out, False)
        assert out.exists() and out.read_bytes().startswith(b"%PDF")
        assert outcome is not None
