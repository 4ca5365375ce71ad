"""``liushou-desktop --self-test``: a headless check a frozen build can run.

It opens a temporary data dir, migrates it, makes a demo school, checks it,
and checks the bundled resources (font, translations); exit 0 when all pass.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from liushou_desktop.paths import DataDir, resource


def _check_resources() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("selftest-cjk", str(resource("resources", "fonts", "DroidSansFallbackFull.ttf")))
    if ord("留") not in font.face.charToGlyph:
        raise RuntimeError("bundled font lacks Chinese characters")
    qm = resource("translations", "liushou_zh_CN.qm")
    if qm.stat().st_size < 1000:
        raise RuntimeError(f"compiled translation looks empty: {qm}")


def run_self_test(out: object = sys.stdout) -> int:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.check import CheckService
    from liushou_desktop.domain.demo import DemoService

    steps = []
    with tempfile.TemporaryDirectory(prefix="liushou-selftest-") as tmp:
        db = open_database(DataDir(Path(tmp)))
        try:
            DemoService(db).add_children(30, "selftest")
            steps.append("demo school")
            report = CheckService(db).report()
            if not report["ok"] or report["counts"]["children_active"] != 30:
                raise RuntimeError(f"check failed: {report}")
            steps.append("check")
        finally:
            db.close()
    _check_resources()
    steps.append("resources")
    print(f"self-test passed: {', '.join(steps)}", file=out)  # type: ignore[call-overload]
    return 0
