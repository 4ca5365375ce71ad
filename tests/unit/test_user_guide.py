"""The user guide (docs/guide/): every picture and every link to another chapter is there."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tests.helpers import ROOT

GUIDE = ROOT / "docs" / "guide"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_every_relative_link_of_the_guide_leads_to_a_file() -> None:
    chapters = sorted(GUIDE.glob("*.md"))
    assert len(chapters) >= 10
    missing = []
    pictures = 0
    for chapter in chapters:
        for target in LINK.findall(chapter.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            pictures += target.endswith(".png")
            if not (chapter.parent / unquote(target)).is_file():
                missing.append(f"{chapter.name}: {target}")
    assert missing == []
    assert pictures >= 20
