"""The growth record's term summary (成长档案·学期小结), A4 portrait, one or more pages
per child.

The head holds the child (name, class), the term and the term's figures (谈心, contacts
with a parent, 家访, activities attended); below it the term's entries by day in a ruled
table — 日期, 类别, 内容 (the title, then the text wrapped), 家长可见 (是 for an entry
shared with the parents) — each entry's photos small under its text. Pages are laid out
with :func:`~.forms_roster.paginate`: the table header repeats on each page, the footer
says 第 N 页 共 M 页, the last page ends with the signatures. No health detail and no ID
number is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4

from liushou_desktop.printing.cards import draw_photo
from liushou_desktop.printing.document import MM
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import Cell, Grid, day, sign_off
from liushou_desktop.printing.forms_roster import paginate
from liushou_desktop.printing.text import LEADING, draw, draw_in_box, draw_lines, wrap

__all__ = [
    "GROWTH_KIND_WORDS",
    "GROWTH_PAGE",
    "GrowthLine",
    "GrowthPrint",
    "draw_growth",
    "entry_heights",
]

GROWTH_PAGE = A4
GROWTH_KIND_WORDS = {
    "note": "成长记录",
    "test": "测试成绩",
    "award": "获奖",
    "good_news": "喜报",
    "letter_to_parents": "给父母的信",
    "letter_from_parents": "父母来信",
    "photo": "照片",
}
SHARED = "是"
MARGIN = 12 * MM
COLUMNS: tuple[tuple[str, float], ...] = (("日期", 26), ("类别", 22), ("内容", 0), ("家长可见", 17))
_CONTENT = 2
TEXT_SIZE = 9.5
_PAD = 2.0
_HEAD = 47 * MM  # title, the child's rows and the figures, below the top margin
_HEADER_ROW = 7.5 * MM
_FOOTER = 7 * MM
_SIGN_OFF = 12 * MM
_PHOTO_H = 26 * MM
_PHOTO_W = 34 * MM
_MAX_PHOTOS = 3  # photos shown under an entry (as many as the width holds)


@dataclass(frozen=True)
class GrowthLine:
    """One entry as printed: ``kind`` in Chinese; ``photos`` JPEG data."""

    on: date
    kind: str
    title: str
    text: str
    shared: bool = False
    photos: tuple[bytes, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class GrowthPrint:
    """One child's term summary as printed (``term`` in words: 2026—2027学年第一学期)."""

    school: str
    child_name: str
    class_name: str
    term: str
    starts_on: date
    ends_on: date
    talks_held: int
    parent_contacts: int
    home_visits: int
    activities_attended: int
    lines: tuple[GrowthLine, ...]


def _widths() -> list[float]:
    widths = [w * MM for _, w in COLUMNS]
    widths[_CONTENT] = GROWTH_PAGE[0] - 2 * MARGIN - sum(widths)
    return widths


def _room() -> float:
    return GROWTH_PAGE[1] - 2 * MARGIN - _HEAD - _HEADER_ROW - _FOOTER


def _text_of(line: GrowthLine) -> str:
    return line.text or ""


def entry_heights(fonts: FontSet, lines: Sequence[GrowthLine]) -> list[float]:
    """Each entry's row height: its title, its text wrapped, its photos; at most a page."""
    width = _widths()[_CONTENT] - 2 * _PAD
    heights = []
    for line in lines:
        count = (1 if line.title else 0) + len(wrap(fonts, _text_of(line), TEXT_SIZE, width))
        needed = count * TEXT_SIZE * LEADING + 2 * _PAD + 2
        if line.photos:
            needed += _PHOTO_H + _PAD
        heights.append(min(max(needed, 8 * MM), _room()))
    return heights


def draw_growth(canvas: Any, fonts: FontSet, prints: Sequence[GrowthPrint], today: date) -> int:
    """The summaries, each child from a new page; returns the number of pages."""
    total = 0
    images: dict[int, Any] = {}
    for summary in prints:
        total += _summary(canvas, fonts, summary, today, images)
    return total


def _summary(
    canvas: Any, fonts: FontSet, summary: GrowthPrint, today: date, images: dict[int, Any]
) -> int:
    widths = _widths()
    heights = entry_heights(fonts, summary.lines)
    room = _room()
    pages = paginate(heights, room, room - _SIGN_OFF)
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        grid = _head(canvas, fonts, summary, widths, today)
        table_top = grid.y + _HEADER_ROW
        for index in page:
            _entry(canvas, fonts, grid, summary.lines[index], widths, heights[index], images)
        if not summary.lines:
            grid.row([Cell("（本学期还没有成长记录）", sum(widths), align="center")], 10 * MM)
        canvas.setLineWidth(1.0)
        canvas.rect(grid.x, grid.y, sum(widths), table_top - grid.y, stroke=1, fill=0)
        if number == count:
            sign_off(
                canvas,
                fonts,
                grid.x + 4 * MM,
                grid.y - 8 * MM,
                sum(widths) - 8 * MM,
                (("班主任", ""), ("家长", ""), ("日期", "　　　年　　月　　日")),
                size=10,
            )
        footer = f"{summary.child_name}　第 {number} 页　共 {count} 页"
        draw(canvas, fonts, GROWTH_PAGE[0] / 2, MARGIN + 1 * MM, footer, 8.5, align="center")
        canvas.showPage()
    return count


def _head(
    canvas: Any,
    fonts: FontSet,
    summary: GrowthPrint,
    widths: Sequence[float],
    today: date,
) -> Grid:
    width, height = GROWTH_PAGE
    inner = width - 2 * MARGIN
    top = height - MARGIN
    draw_in_box(
        canvas,
        fonts,
        f"{summary.school}留守儿童成长档案·学期小结",
        MARGIN,
        top - 11 * MM,
        inner,
        11 * MM,
        17,
        11,
        align="center",
        bold=True,
    )
    draw_in_box(
        canvas,
        fonts,
        f"打印日期：{day(today)}",
        MARGIN,
        top - 17 * MM,
        inner,
        5 * MM,
        9,
        6,
        align="right",
        padding=0,
    )
    grid = Grid(canvas, fonts, MARGIN, top - 18 * MM)
    lw = 18 * MM
    v = 38 * MM

    def title(text: str, w: float) -> Cell:
        return Cell(text, w, True, size=9.5)

    def big(text: str, w: float) -> Cell:
        return Cell(text, w, False, size=11, align="center")

    grid.row(
        [
            title("姓名", lw),
            big(summary.child_name, v),
            title("班级", lw),
            big(summary.class_name, v),
            title("学期", lw),
            big(summary.term, inner - 3 * lw - 2 * v),
        ],
        9 * MM,
    )
    grid.row(
        [
            title("起止日期", lw),
            big(f"{day(summary.starts_on)}至{day(summary.ends_on)}", inner - lw),
        ],
        8 * MM,
    )
    quarter = (inner - lw) / 4
    grid.row(
        [
            title("本学期", lw),
            big(f"谈心 {summary.talks_held} 次", quarter),
            big(f"与父母联系 {summary.parent_contacts} 次", quarter),
            big(f"家访 {summary.home_visits} 次", quarter),
            big(f"参加活动 {summary.activities_attended} 次", quarter),
        ],
        9 * MM,
    )
    grid.y = top - _HEAD
    grid.row(
        [Cell(t, w, True, size=9.5) for (t, _), w in zip(COLUMNS, widths, strict=True)],
        _HEADER_ROW,
    )
    return grid


def _entry(
    canvas: Any,
    fonts: FontSet,
    grid: Grid,
    line: GrowthLine,
    widths: Sequence[float],
    height: float,
    images: dict[int, Any],
) -> None:
    """One entry's row: the date, the kind, the title and text with its photos, the mark."""
    cells = [
        Cell(day(line.on), widths[0], size=9, align="center"),
        Cell(line.kind, widths[1], size=9, align="center"),
        Cell("", widths[2]),
        Cell(SHARED if line.shared else "", widths[3], size=10, align="center"),
    ]
    grid.row(cells, height)
    x = grid.x + widths[0] + widths[1]
    top = grid.y + height - _PAD
    photo_room = _PHOTO_H + _PAD if line.photos else 0.0
    if line.title:
        draw(canvas, fonts, x + _PAD, top - TEXT_SIZE - 0.5, line.title, TEXT_SIZE, bold=True)
        top -= TEXT_SIZE * LEADING
    bottom = grid.y + photo_room + _PAD
    if line.text and top - bottom >= TEXT_SIZE:
        lines = wrap(fonts, line.text, TEXT_SIZE, widths[2] - 2 * _PAD)
        if len(lines) * TEXT_SIZE * LEADING <= top - bottom + 0.01:
            draw_lines(canvas, fonts, x + _PAD, top, lines, TEXT_SIZE)
        else:  # longer than a page: fitted, smaller
            draw_in_box(
                canvas,
                fonts,
                line.text,
                x,
                bottom,
                widths[2],
                top - bottom,
                TEXT_SIZE,
                6,
                valign="top",
                padding=_PAD,
            )
    left = x + _PAD
    for photo in line.photos[:_MAX_PHOTOS]:
        canvas.setLineWidth(0.3)
        draw_photo(canvas, fonts, photo, left, grid.y + _PAD, _PHOTO_W, _PHOTO_H, images)
        left += _PHOTO_W + _PAD
