"""1,000 contact cards in one PDF: ours against a bare reportlab loop drawing the same strings.

Run by ``run.py`` (operation ``print_cards_in_process``), or by hand::

    python benchmarks/print_cards.py ours DATA_DIR OUT.pdf       # PrintService.cards, layout a4
    python benchmarks/print_cards.py baseline DATA_DIR OUT.pdf   # canvas.drawString loop

Each prints ``seconds <s>`` and ``bytes <n>`` (the PDF's size). The time is the work
alone: after the imports and after the fonts are parsed and registered (0.2 s, once per
process), so without interpreter start-up.

**Ours** reads the active children of the data dir with their families, guardians and
teachers, lays out every card (boxes, wrapping, shrinking long texts), draws 4 cards per
A4 page with cut lines, embeds the font subsets, writes the file beside the target,
renames it, reads it back and writes an audit entry.

**Baseline** gets the same strings per card with sqlite3 before the clock starts (name,
class, masked ID, address, parents' and guardian's names and phones, teacher), then
times only a bare loop: ``drawString`` of each string at a fixed place, 4 cards per A4
page, with the same embedded TrueType font, and ``save()``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

CARDS_PER_PAGE = 4


def ours(data_dir: Path, out: Path) -> float:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.printing import PrintService
    from liushou_desktop.paths import DataDir

    db = open_database(DataDir(data_dir))
    try:
        service = PrintService(db)
        service.fonts  # noqa: B018 - parse and register the fonts before the clock starts
        start = time.perf_counter()
        outcome = service.cards(cli_actor("school"), out)
        elapsed = time.perf_counter() - start
    finally:
        db.close()
    if outcome.items == 0:
        raise SystemExit("no card printed")
    return elapsed


def _strings(database: Path) -> list[list[str]]:
    """Per active child, the strings its card shows (read with bare sqlite3)."""
    connection = sqlite3.connect(database)
    try:
        guardians: dict[str, list[str]] = {}
        for family_id, name, phone, province, city, employer in connection.execute(
            "SELECT family_id, name, phone, work_province, work_city, employer FROM guardian "
            "WHERE deleted = 0"
        ):
            guardians.setdefault(family_id, []).extend(
                [name, phone, f"{province}{city} {employer}"]
            )
        cards = []
        for name, id_number, address, family_id, class_name in connection.execute(
            "SELECT c.name, c.id_number, c.current_address, c.family_id, k.name FROM child c "
            "LEFT JOIN school_class k ON k.id = c.class_id "
            "WHERE c.deleted = 0 AND c.status = 'active' ORDER BY k.grade, k.name, c.name_pinyin"
        ):
            masked = (id_number or "")[:4] + "*" * 10 + (id_number or "")[-4:]
            cards.append(
                [
                    "留守儿童联系卡",
                    "阳光小学 2026—2027学年第一学期",
                    name,
                    class_name or "",
                    masked,
                    address or "",
                    *guardians.get(family_id, []),
                ]
            )
        return cards
    finally:
        connection.close()


def baseline(data_dir: Path, out: Path) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from liushou_desktop.paths import DATABASE_NAME, resource

    cards = _strings(data_dir / DATABASE_NAME)
    pdfmetrics.registerFont(
        TTFont("Bare", str(resource("resources", "fonts", "DroidSansFallbackFull.ttf")))
    )
    width, height = A4
    slots = ((0, height / 2), (width / 2, height / 2), (0, 0), (width / 2, 0))
    start = time.perf_counter()
    canvas = Canvas(str(out), pagesize=A4, pageCompression=1, initialFontName="Bare")
    for index, strings in enumerate(cards):
        x, y = slots[index % CARDS_PER_PAGE]
        canvas.setFont("Bare", 8.5)
        for line, text in enumerate(strings):
            canvas.drawString(x + 20, y + height / 2 - 30 - line * 22, text)
        if index % CARDS_PER_PAGE == CARDS_PER_PAGE - 1:
            canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=("ours", "baseline"))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    seconds = (ours if args.side == "ours" else baseline)(args.data_dir, args.out)
    print(f"seconds {seconds:.4f}")
    print(f"bytes {args.out.stat().st_size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
