"""The township's page: the schools' figures, the total last and bold, drill-down,
the schools dialog, the workbook and the printed summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import select

from liushou_desktop.db.models import SyncPeer
from liushou_desktop.domain.township import TownshipService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.township import SchoolChildrenDialog, TownshipPage
from liushou_desktop.gui.township_schools_dialog import SchoolsDialog
from tests.unit.test_township import SCHOOLS, TODAY, Township, build_township, naive

SHOTS = Path("/tmp/gui8-township")


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Township:
    place = build_township(tmp_path_factory.mktemp("township-page"))
    place.clock.value = place.clock.value.replace(day=20)  # TODAY
    return place


def _page(qtbot, place: Township) -> TownshipPage:  # noqa: ANN001
    page = TownshipPage(place.db, place.admin, place.clock)
    qtbot.addWidget(page)
    page.resize(1280, 560)
    return page


def test_the_page_shows_every_school_and_the_total_last_and_bold(app, qtbot, township) -> None:  # noqa: ANN001
    page = _page(qtbot, township)
    model = page.model
    assert model.rowCount() == len(SCHOOLS) + 1
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == [s[1] for s in SCHOOLS] + ["合计"]
    first = naive(township.db, SCHOOLS[0][0], TODAY)
    assert model.index(0, 3).data() == str(first["children"])
    assert model.index(0, 5).data().startswith(f"{first['talks_done']} / {first['children']}")
    assert model.index(len(SCHOOLS), 0).data(Qt.ItemDataRole.FontRole).bold()
    # sorting keeps the total last
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    counts = [int(model.index(r, 3).data()) for r in range(len(SCHOOLS))]
    assert counts == sorted(counts, reverse=True)
    assert model.index(len(SCHOOLS), 0).data() == "合计"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.show()
    qtbot.waitExposed(page)
    page.grab().save(str(SHOTS / "township-page.png"))


def test_double_click_opens_the_school_children_read_only(app, qtbot, township) -> None:  # noqa: ANN001
    page = _page(qtbot, township)
    page.open_school(page.model.index(1, 0))
    dialog = page.dialog
    assert isinstance(dialog, SchoolChildrenDialog)
    code = page.model.row_at(1).code
    assert dialog.model.rowCount() == naive(township.db, code, TODAY)["children"]
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
    dialog.resize(900, 520)
    dialog.grab().save(str(SHOTS / "school-children.png"))
    dialog.close()
    page.open_school(page.model.index(len(SCHOOLS), 0))  # the total opens nothing
    assert page.dialog is dialog


def test_the_schools_dialog_adds_and_changes_a_school(app, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    place = build_township(tmp_path, (("5205261001", "阳光小学", 4, None),))
    page = _page(qtbot, place)
    page.manage_schools()
    dialog = page.dialog
    assert isinstance(dialog, SchoolsDialog)
    dialog.code.setText("5205261007")
    dialog.name.setText("白云小学")
    qtbot.keyClicks(dialog.expected, "35")
    dialog.save_button.click()
    assert dialog.error.text() == ""
    dialog.table.selectRow(0)
    assert dialog.code.text() == "5205261001"
    qtbot.keyClicks(dialog.expected, "12")
    dialog.save_button.click()
    dialog.code.setText("")
    dialog.save_button.click()
    assert dialog.error.text()  # what to fix, in words
    dialog.grab().save(str(SHOTS / "schools-dialog.png"))
    with place.db.session_factory() as session:
        peers = dict(session.execute(select(SyncPeer.code, SyncPeer.expected_children)).all())
    assert peers == {"5205261001": 12, "5205261007": 35}
    dialog.close()  # the page counts again
    assert [page.model.index(r, 0).data() for r in range(3)] == ["阳光小学", "白云小学", "合计"]
    assert page.model.index(1, 2).data() == "35"


def test_export_and_print_write_the_files(app, qtbot, township, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    page = _page(qtbot, township)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *a: tmp_path / "汇总")
    page.export_button.click()
    book = load_workbook(tmp_path / "汇总.xlsx", read_only=True)
    assert book.sheetnames[0] == "乡镇汇总表"
    book.close()
    page.print_button.click()
    assert (tmp_path / "汇总.pdf").read_bytes().startswith(b"%PDF-")
    assert len(shown) == 2


def test_the_import_button_opens_the_import_and_refreshes(
    app,
    qtbot,
    township,
    monkeypatch,  # noqa: ANN001
) -> None:
    from PySide6.QtWidgets import QDialog

    from liushou_desktop.gui import sync_dialogs

    opened: list[QDialog] = []

    def fake_open(parent, db, actor, now):  # noqa: ANN001, ANN202
        dialog = QDialog(parent)
        opened.append(dialog)
        return dialog

    monkeypatch.setattr(sync_dialogs, "open_import", fake_open)
    page = _page(qtbot, township)
    page.import_button.click()
    assert len(opened) == 1
    calls: list[int] = []
    monkeypatch.setattr(page.service, "overview", lambda *a: calls.append(1) or [])
    opened[0].done(0)
    assert calls == [1]


def test_the_overview_matches_the_service(app, qtbot, township) -> None:  # noqa: ANN001
    page = _page(qtbot, township)
    rows = TownshipService(township.db, township.clock).overview(township.admin, TODAY)
    assert page.model.rows == rows
