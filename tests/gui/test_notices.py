"""The township's notices and shared templates in the GUI (通知与模板…), and the notices
on a school's home page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from liushou_desktop.db.models import ActivityTemplate, School
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.township_sharing import NoticeView, SharingService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.notices_dialog import NoticesDialog
from liushou_desktop.gui.pages.home import HomePage
from liushou_desktop.gui.pages.township import TownshipPage
from tests.unit.test_township import build_township

SHOTS = Path("/tmp/gui-notices")


def test_the_township_sends_shares_and_withdraws(
    app: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SHOTS.mkdir(exist_ok=True)
    place = build_township(tmp_path, (("5205261001", "阳光小学", 4, None),))
    with place.db.session_scope("t") as session:  # as the school's bundle brought it
        school_id = session.scalars(select(School.id).where(School.code == "5205261001")).one()
        items = {"autumn": [], "spring": []}
        session.add(
            ActivityTemplate(school_id=school_id, name="我校", title="阳光行事历", items=items)
        )
    page = TownshipPage(place.db, place.admin, place.clock)
    qtbot.addWidget(page)
    assert not page.notices_button.isHidden()
    viewer_page = TownshipPage(place.db, place.viewer, place.clock)
    qtbot.addWidget(viewer_page)
    assert viewer_page.notices_button.isHidden()

    page.notices_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NoticesDialog)
    dialog.send_button.click()
    assert "title" in dialog.error.text() or "标题" in dialog.error.text()
    dialog.title.setText("期末留守儿童档案核查")
    dialog.text.setPlainText("请各校于12月15日前核对档案，并导出同步包。")
    dialog.has_due.setChecked(True)
    dialog.due.setDate(QDate(2026, 12, 15))
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # the keyboard's way to send
    assert dialog.error.text() == "" and dialog.info.text()
    (notice,) = SharingService(place.db).notices()
    assert (notice.title, notice.due_on) == ("期末留守儿童档案核查", date(2026, 12, 15))
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 2).data() == "2026-12-15"
    assert "12月15日" in dialog.shown_text.toPlainText()  # the chosen notice's text

    assert dialog.templates.count() == 1 and "阳光行事历" in dialog.templates.currentText()
    dialog.shared_name.setText("全镇行事历")
    dialog.share_button.click()
    assert dialog.error.text() == "" and "全镇行事历" in dialog.info.text()
    with place.db.session_scope("t") as session:
        shared = session.scalars(
            select(ActivityTemplate.name).where(ActivityTemplate.school_id.is_(None))
        ).all()
    assert shared == ["全镇行事历"]
    dialog.resize(760, 700)
    dialog.grab().save(str(SHOTS / "notices-dialog.png"))

    dialog.table.clearSelection()
    dialog.table.setCurrentIndex(dialog.model.index(-1, -1))
    dialog.withdraw_button.click()  # nothing chosen: says so, and only that
    assert dialog.error.text() and dialog.info.text() == ""
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text: asked.append(text) or False)
    dialog.table.selectRow(0)
    dialog.withdraw_button.click()
    assert asked and SharingService(place.db).notices() == [notice]  # said no
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_args: True)
    dialog.withdraw_button.click()
    assert SharingService(place.db).notices() == [] and dialog.model.rowCount() == 0
    assert dialog.changed
    dialog.close()


def test_the_home_page_shows_the_townships_notices_and_reads_one(
    app: Any, qtbot: Any, school_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = Actor("admin", "admin")
    notices: list[NoticeView] = []
    home = HomePage(
        ChildrenService(school_db), admin, "阳光小学", lambda: None, notices=lambda: notices
    )
    qtbot.addWidget(home)
    assert home.notice_list.isHidden() and home.notices_heading.isHidden()
    notices.append(
        NoticeView(
            "n1", "期末档案核查", "请核对档案。", date(2026, 11, 2), date(2026, 12, 15), "新场镇"
        )
    )
    home.refresh()
    assert not home.notice_list.isHidden()
    assert home.notice_list.count() == 1
    line = home.notice_list.item(0).text()
    assert "期末档案核查" in line and "2026-12-15" in line
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, text: told.append((title, text)))
    home.notice_list.itemActivated.emit(home.notice_list.item(0))
    assert told and "请核对档案。" in told[0][1] and "新场镇" in told[0][1]

    # coming back to the page (after importing a receipt elsewhere) counts again
    home.show()
    qtbot.waitExposed(home)
    home.hide()
    notices.insert(0, NoticeView("n2", "冬季安全教育周", "", date(2026, 11, 9), None, "新场镇"))
    home.show()
    assert home.notice_list.count() == 2 and "冬季安全教育周" in home.notice_list.item(0).text()
