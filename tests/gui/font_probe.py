"""Lay out Chinese text with the application font and count missing glyphs.

Run as ``python -m tests.gui.font_probe [--register]`` with ``FONTCONFIG_FILE``
pointing at a font set without Chinese fonts; prints JSON. Glyph index 0 is
what Qt draws as an empty box.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QFontMetrics, QTextLayout  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

# Names, the navigation, and characters from Extension A (䶮) that real registers hold.
TEXT = "留守儿童关爱首页儿童档案谈心活动联系卡同步统计设置监护人亲情电话王堃李喆刘䶮"


def main() -> None:
    app = QApplication(sys.argv[:1])
    if "--register" in sys.argv:
        from liushou_desktop.gui.fonts import install_app_font

        install_app_font(app)
    font = app.font()
    layout = QTextLayout(TEXT, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    glyphs = [index for run in layout.glyphRuns() for index in run.glyphIndexes()]
    metrics = QFontMetrics(font)
    print(
        json.dumps(
            {
                "glyphs": len(glyphs),
                "missing": sum(1 for index in glyphs if index == 0),
                "not_in_font": [c for c in TEXT if not metrics.inFontUcs4(ord(c))],
                "raw_fonts": sorted({run.rawFont().familyName() for run in layout.glyphRuns()}),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
