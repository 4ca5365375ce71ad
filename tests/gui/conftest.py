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
