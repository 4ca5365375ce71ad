"""Chinese renders with the bundled font on a machine that has no Chinese fonts.

Each case runs in a fresh process whose fontconfig sees only DejaVu (Latin),
like a PC without Chinese fonts, whatever fonts this machine has installed.
"""

import json
import os
import subprocess
import sys

from tests.helpers import NO_CJK_FONTCONFIG, ROOT


def probe(*args: str) -> dict:
    env = {**os.environ, "FONTCONFIG_FILE": str(NO_CJK_FONTCONFIG), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "tests.gui.font_probe", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout)


def test_bundled_font_draws_every_chinese_glyph() -> None:
    result = probe("--register")
    assert result["glyphs"] >= 38
    assert result["missing"] == 0
    assert result["not_in_font"] == []
    assert result["raw_fonts"] == ["Droid Sans Fallback"]


def test_without_the_bundled_font_the_same_text_is_empty_boxes() -> None:
    """Proves the test above can fail: the machine's own fonts are hidden."""
    result = probe()
    assert result["missing"] == result["glyphs"] >= 38
