"""The bundled CJK font, registered so Chinese renders on a PC without Chinese fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from liushou_desktop.paths import resource

BUNDLED_FONT_FILE = "DroidSansFallbackFull.ttf"
# Preferred when the PC has them (Windows' own Chinese UI fonts, hinted for screens).
PREFERRED_SYSTEM_CJK = ("Microsoft YaHei UI", "Microsoft YaHei")
BASE_POINT_SIZE = 11.0


def register_bundled_font() -> str:
    """Add the bundled font to Qt's font database; return its family name."""
    font_id = QFontDatabase.addApplicationFont(
        str(resource("resources", "fonts", BUNDLED_FONT_FILE))
    )
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"could not load the bundled font {BUNDLED_FONT_FILE}")
    return families[0]


def app_font(bundled_family: str, scale_percent: int) -> QFont:
    """The application font: the system UI font for Latin, a CJK font for Chinese.

    Qt 6 uses the families in order as a fallback chain per character, so the
    bundled font is last and catches whatever the PC's fonts lack.
    """
    available = set(QFontDatabase.families())
    system_family = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    families = [system_family]
    families += [f for f in PREFERRED_SYSTEM_CJK if f in available]
    families.append(bundled_family)
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(BASE_POINT_SIZE * scale_percent / 100)
    return font


def install_app_font(app: QApplication, scale_percent: int = 100) -> str:
    """Register the bundled font and make it part of the application font."""
    family = register_bundled_font()
    app.setFont(app_font(family, scale_percent))
    return family


def set_text_scale(app: QApplication, scale_percent: int) -> None:
    """Change the text size of every widget at once (100-150%)."""
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * scale_percent / 100)
    app.setFont(font)
