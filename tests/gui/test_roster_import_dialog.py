"""The roster import dialog: preview, import, save the rejected rows, undo from the history."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child
from liushou_desktop.domain.demo_data import COUNTY_CODES
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.roster_import import RosterImportService
from liushou_desktop.gui import dialogs, roster_import_dialog
from liushou_desktop.gui.roster_import_dialog import ImportHistoryDialog, RosterImportDialog
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
BOY = make_id_number(COUNTY_CODES[0], date(2016, 3, 12), 11)
GIRL = make_id_number(COUNTY_CODES[0], date(2017, 5, 1), 22)
BAD = BOY[:-1] + ("0" if BOY[-1] != "0" else "1")


def make_roster(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "一年级"
    sheet.append(["阳光小学留守儿童花名册"])
    sheet.append(["序号", "姓名", "身份证号", "班级", "父亲姓名", "父亲电话"])
    sheet.append([1, "王小明", BOY, "一(1)班", "王大山", "13812345678"])
    sheet.append([2, "李小红", GIRL, "一年级1班", "", ""])
    sheet.append([3, "赵四", BAD, "一(1)班", "", ""])
    workbook.save(path)
    return path


def live_children(db: Database) -> int:
    with db.session_scope("test") as session:
        return session.scalar(select(func.count()).where(Child.deleted.is_(False))) or 0


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: shown.append(("error", str(exc))))
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a: True)
    return shown


def open_dialog(qtbot: Any, db: Database, path: Path) -> RosterImportDialog:
    dialog = RosterImportDialog(RosterImportService(db, FakeClock()), ADMIN, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None)
    return dialog


def test_preview_explains_then_import_writes(
    app: Any, qtbot: Any, school_db: Database, tmp_path: Path, messages: list[Any]
) -> None:
    dialog = open_dialog(qtbot, school_db, make_roster(tmp_path / "花名册.xlsx"))
    assert live_children(school_db) == 0
    summary = dialog.summary.text()
    assert "2" in summary and "1" in summary
    assert dialog.problems_model.rowCount() == 1
    reason = dialog.problems_model.data(dialog.problems_model.index(0, 4))
    assert "身份证" in reason, reason  # translated, plain Chinese
    assert dialog.problems_model.data(dialog.problems_model.index(0, 1)) == "5"
    assert reason in dialog.detail.text() and "5" in dialog.detail.text()  # shown in full
    assert dialog.import_button.isEnabled()
    assert dialog.save_errors_button.isVisible()

    with qtbot.waitSignal(dialog.imported):
        dialog.import_button.click()
    assert live_children(school_db) == 2
    assert not dialog.import_button.isVisible()
    assert dialog.report is not None and dialog.report.batch_id is not None


def test_rejected_rows_are_saved_to_a_workbook(
    app: Any,
    qtbot: Any,
    school_db: Database,
    tmp_path: Path,
    messages: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, school_db, make_roster(tmp_path / "roster.xlsx"))
    target = tmp_path / "fix-me"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: target)
    dialog.save_errors_button.click()
    written = target.with_suffix(".xlsx")
    assert written.exists()
    cells = [
        str(c.value)
        for ws in load_workbook(written).worksheets
        for r in ws.iter_rows()
        for c in r
        if c.value is not None
    ]
    assert "赵四" in cells
    assert BAD in cells  # the ID kept as text, all 18 characters
    assert messages and messages[-1][0] != "error"


def test_cancel_while_importing_writes_nothing(
    app: Any,
    qtbot: Any,
    school_db: Database,
    tmp_path: Path,
    messages: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, school_db, make_roster(tmp_path / "roster.xlsx"))

    class Events:  # the user presses Cancel while the rows are being read
        @staticmethod
        def processEvents() -> None:  # noqa: N802
            dialog.cancel_button.click()

    monkeypatch.setattr(roster_import_dialog, "QCoreApplication", Events)
    dialog.import_button.click()
    assert live_children(school_db) == 0
    assert dialog.isVisible()  # Cancel stopped the import, not the dialog
    assert dialog.import_button.isEnabled()
    assert "取消" in dialog.summary.text()


def test_history_undoes_an_import(
    app: Any, qtbot: Any, school_db: Database, tmp_path: Path, messages: list[Any]
) -> None:
    service = RosterImportService(school_db, FakeClock())
    service.run(ADMIN, make_roster(tmp_path / "roster.xlsx"))
    assert live_children(school_db) == 2
    history = ImportHistoryDialog(service, ADMIN)
    qtbot.addWidget(history)
    assert history.model.rowCount() == 1
    assert history.undo_button.isEnabled()
    with qtbot.waitSignal(history.undone):
        history.undo_button.click()
    assert live_children(school_db) == 0
    assert not history.undo_button.isEnabled()
    assert "撤销" in history.model.data(history.model.index(0, 6))
