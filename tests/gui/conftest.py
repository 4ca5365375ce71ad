"""GUI fixtures: the app's font and Chinese translations installed once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from liushou_desktop.gui.app import make_application
from liushou_desktop.gui.fonts import install_app_font
from liushou_desktop.gui.translations import install_translators


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(scope="session")
def app(qapp: QApplication) -> QApplication:
    application = make_application()
    assert application is qapp
    install_translators(application, "zh_CN")
    install_app_font(application)
    return application


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box a test did not expect fails the test instead of waiting for a click
    forever (tests that expect one patch the function themselves)."""
    from liushou_desktop.gui import dialogs

    def unexpected(name: str):  # noqa: ANN202
        def fail(*args: object) -> None:
            raise AssertionError(f"unexpected dialog {name}: {args[1:]}")

        return fail

    for name in ("show_error", "show_info", "ask_yes_no", "show_bug", "ask_secret"):
        monkeypatch.setattr(dialogs, name, unexpected(name))
    for name in ("choose_folder", "choose_open_file", "choose_save_file"):
        monkeypatch.setattr(dialogs, name, unexpected(name))
