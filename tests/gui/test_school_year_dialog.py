"""The new-school-year dialog: the preview table, the top-grade choice, the start button."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, School, SchoolClass
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.school_year import SchoolYearService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.school_year_dialog import SchoolYearDialog
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
SEPT = date(2026, 9, 1)
GRADE_NAMES = "一二三四五六七八九"


def make_school(db: Database, top: int) -> None:
    """One class per grade 1..top with two children each, and one child without a class."""
    with db.session_scope("test") as session:
        school_id = session.scalars(select(School.id)).one()
        for grade in range(1, top + 1):
            klass = SchoolClass(
                school_id=school_id, grade=grade, name=f"{GRADE_NAMES[grade - 1]}年级1班"
            )
            session.add(klass)
            session.flush()
            session.add_all(
                Child(school_id=school_id, class_id=klass.id, name=f"学生{grade}{n}")
                for n in range(2)
            )
        session.add(Child(school_id=school_id, name="插班生"))


def open_dialog(
    qtbot: QtBot, db: Database, clock: FakeClock, actor: Actor = ADMIN
) -> SchoolYearDialog:
    dialog = SchoolYearDialog(SchoolYearService(db, clock), actor, SEPT)
    qtbot.addWidget(dialog)
    return dialog


def test_the_preview_lists_every_class_and_the_start_button_runs_it(
    app: QApplication,
    qtbot: QtBot,
    school_db: Database,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_school(school_db, 6)
    dialog = open_dialog(qtbot, school_db, clock)
    assert dialog.chosen_top_grade() == 6
    assert dialog.model.rowCount() == 6
    assert dialog.model.index(0, 1).data() == "二年级1班"
    assert dialog.model.index(5, 1).data() == "六年级1班（2026届）"
    assert dialog.model.index(5, 2).data() == "2"
    assert "插班生" in dialog.notes.text()
    assert dialog.start_button.isEnabled()

    asked: list[str] = []
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and len(shown) == 1
    assert "11" in shown[0]  # 10 promoted children and the child without a class to confirm
    assert dialog.run_result is not None and dialog.result() == QDialog.DialogCode.Accepted
    with school_db.session_scope("test") as session:
        graduated = session.scalars(select(Child.name).where(Child.status == "graduated")).all()
    assert sorted(graduated) == ["学生60", "学生61"]

    # The re-survey the dialog announced counts down as records are confirmed, the one way.
    years = SchoolYearService(school_db, clock)
    newcomer = [r.child_id for r in years.resurvey(ADMIN) if r.name == "插班生"]
    assert ChildrenService(school_db, clock).confirm(ADMIN, newcomer, SEPT) == 1
    assert [r.name for r in years.resurvey(ADMIN) if r.name == "插班生"] == []
    assert years.resurvey_counts(ADMIN).to_confirm == 10


def test_saying_no_changes_nothing_and_a_refusal_is_a_message(
    app: QApplication,
    qtbot: QtBot,
    school_db: Database,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_school(school_db, 6)
    dialog = open_dialog(qtbot, school_db, clock)
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_: False)
    dialog.start()
    assert SchoolYearService(school_db, clock).last_started_on() is None

    SchoolYearService(school_db, clock).run(ADMIN, SEPT)  # started elsewhere meanwhile
    errors: list[Exception] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_: True)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(exc))
    dialog.start()
    assert len(errors) == 1 and "2026-09-01" in str(errors[0])
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_a_nine_year_school_defaults_to_grade_9_and_grade_6_is_explained(
    app: QApplication, qtbot: QtBot, school_db: Database, clock: FakeClock
) -> None:
    make_school(school_db, 8)
    dialog = open_dialog(qtbot, school_db, clock)
    assert dialog.chosen_top_grade() == 9
    assert dialog.model.rowCount() == 8
    dialog.top_grade.setCurrentIndex(dialog.top_grade.findData(6))
    assert dialog.model.rowCount() == 0
    assert "8" in dialog.message.text() and not dialog.start_button.isEnabled()


def test_a_class_teacher_sees_why_they_cannot_start_it(
    app: QApplication, qtbot: QtBot, school_db: Database, clock: FakeClock
) -> None:
    make_school(school_db, 6)
    dialog = open_dialog(qtbot, school_db, clock, Actor("ct", "class_teacher", teacher_id="x"))
    assert dialog.model.rowCount() == 0
    assert dialog.message.text() and not dialog.start_button.isEnabled()
