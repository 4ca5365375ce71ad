"""The main window: Chinese, fits a 1366x768 screen, lists and searches children."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liushou_desktop.db.database import Database
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.settings import TEXT_SCALE
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.gui.children_model import ChildrenTableModel
from liushou_desktop.gui.fonts import BASE_POINT_SIZE
from liushou_desktop.gui.main_window import MainWindow, Services
from liushou_desktop.gui.signin import SignInDialog


@pytest.fixture
def window(app, qtbot, school_db: Database) -> MainWindow:  # noqa: ANN001
    DemoService(school_db).add_children(60, "t")
    user = AccountService(school_db).sign_in("admin", "correct horse")
    installation = SetupService(school_db).require_installation()
    services = Services.for_database(school_db)
    win = MainWindow(services, installation, user, school_db.data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_navigation_is_in_chinese_and_every_page_is_reachable(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == ["首页", "儿童档案", "谈心", "活动", "打印", "同步", "统计", "设置"]
    for key in MainWindow.PAGE_KEYS:
        window.show_page(key)
        assert window.current_page_key() == key
    assert "阳光小学" in window.windowTitle()


def test_fits_a_1366_by_768_screen(window: MainWindow) -> None:
    frame = window.frameGeometry()
    assert window.width() <= 1366 and window.height() <= 768 - 40  # minus the taskbar
    assert window.minimumWidth() <= 1024 and frame.width() <= 1366


def test_home_page_shows_the_counts(window: MainWindow) -> None:
    home = window.pages.widget(0)
    assert "60" in home.active.value.text()  # type: ignore[attr-defined]


def test_children_page_lists_searches_and_sorts(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    window.show_page("children")
    page = window.children_page
    model = page.model
    assert model.rowCount() == 60
    assert page.count_label.text() == "共 60 名儿童"
    first = model.row_at(0)
    qtbot.keyClicks(page.search, first.name_initials)
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert first.name in shown and len(shown) < 60
    assert page.count_label.text().startswith("显示")
    page.search.setText(first.class_name)  # Chinese arrives through the input method
    assert 0 < model.rowCount() < 60
    assert all(model.index(r, 3).data() == first.class_name for r in range(model.rowCount()))
    masked = model.index(0, 4).data()
    assert "*" in masked and len(masked) == 18
    page.search.setText(masked[-3:])  # the tail of an ID number
    assert any(model.index(r, 4).data() == masked for r in range(model.rowCount()))
    page.search.clear()
    header = page.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # a click on 姓名
    pinyin = [model.row_at(r).name_pinyin for r in range(model.rowCount())]
    assert pinyin == sorted(pinyin, reverse=True)
    page.search.setText(first.class_name)  # the sort holds while searching
    pinyin = [model.row_at(r).name_pinyin for r in range(model.rowCount())]
    assert pinyin == sorted(pinyin, reverse=True)


def test_children_model_passes_the_model_tester(window: MainWindow, qtmodeltester) -> None:  # noqa: ANN001
    rows = window.children_page._service.list_active(window.children_page._actor)
    qtmodeltester.check(ChildrenTableModel(rows))
    qtmodeltester.check(ChildrenTableModel([]))


def test_text_size_setting_changes_the_font_and_is_saved(window: MainWindow, app) -> None:  # noqa: ANN001
    window.show_page("settings")
    settings_page = window.pages.widget(7)
    combo = settings_page.display.text_size  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData(150))
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
    assert settings_page.display._settings.get(TEXT_SCALE) == 150  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData(100))
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)


def test_sign_out_is_signalled(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.signed_out, timeout=1000):
        window.findChildren(type(window.nav))  # window is alive
        window._sign_out()


def test_sign_in_dialog_explains_a_wrong_password(app, qtbot, school_db: Database) -> None:  # noqa: ANN001
    dialog = SignInDialog(AccountService(school_db), "阳光小学", "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "wrong password")
    dialog.sign_in_button.click()
    assert dialog.user is None and "用户名或密码不对" in dialog.message.text()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, "correct horse")
    dialog.sign_in_button.click()
    assert dialog.user is not None and dialog.user.username == "admin"
