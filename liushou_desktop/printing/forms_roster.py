"""The roster (留守儿童花名册): A4 landscape, one row per child, many to a page.

Every page carries the title, the school and term, and the two header rows; the rows
grow to hold a long address (wrapped inside its cell, up to :data:`MAX_LINES` lines,
then the text shrinks). The pages are laid out before drawing (:func:`paginate`), so the
footer can say 第 N 页 共 M 页; the last page ends with 填表人 / 审核人 / 填表日期.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4, landscape

from liushou_desktop.domain import form_words
from liushou_desktop.domain.print_records import (
    PrintRecord,
    SchoolInfo,
    guardian_of,
    term_label,
)
from liushou_desktop.printing.document import MM, PROGRESS_EVERY, Progress
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import (
    Cell,
    Grid,
    day,
    masked,
    phone,
    relation_word,
    sign_off,
    text,
    two_row_header,
)
from liushou_desktop.printing.text import LEADING, draw, draw_in_box, wrap

__all__ = [
    "COLUMNS",
    "MAX_LINES",
    "ROSTER_PAGE",
    "RosterLayout",
    "draw_roster",
    "layout_roster",
    "paginate",
    "roster_row",
    "roster_texts",
    "row_heights",
]

ROSTER_PAGE = landscape(A4)
TITLE = "留守儿童花名册"
SIGN_OFF = (("填表人", ""), ("审核人", ""), ("填表日期", "　　　年　　月　　日"))

# (header group, header, width in mm); a group spans the headers under it. The address
# takes what the others leave of the page's width.
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("", "序号", 9),
    ("", "姓名", 16),
    ("", "性别", 8),
    ("", "出生日期", 18),
    ("", "身份证号", 30),
    ("", "班级", 16),
    ("父亲", "姓名", 15),
    ("父亲", "电话", 22),
    ("母亲", "姓名", 15),
    ("母亲", "电话", 22),
    ("监护人", "姓名（关系）", 24),
    ("监护人", "电话", 22),
    ("", "家庭住址", 0),
    ("", "留守类型", 20),
)
ADDRESS_COLUMN = 12
MAX_LINES = 3  # a row grows to this many lines; a longer text shrinks
VALUE_SIZE = 7.5
HEADER_SIZE = 8.0
PADDING = 1.5  # points inside a cell

_MARGIN = 12 * MM
_HEADER_ROW = 6 * MM
_MIN_ROW = 6.5 * MM
_TABLE_TOP = 16 * MM  # below the page's top margin: title and school line
_FOOTER = 7 * MM  # the page number, above the bottom margin
_SIGN_OFF = 11 * MM  # the sign-off on the last page


@dataclass(frozen=True)
class RosterLayout:
    """The roster laid out: the column widths, each row's texts and height, and which
    rows go on which page (indexes into ``rows``)."""

    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    heights: tuple[float, ...]
    pages: tuple[tuple[int, ...], ...]


def column_widths(page_width: float = ROSTER_PAGE[0]) -> tuple[float, ...]:
    """The columns' widths in points; the address gets what is left."""
    inner = page_width - 2 * _MARGIN
    widths = [w * MM for _, _, w in COLUMNS]
    widths[ADDRESS_COLUMN] = inner - sum(widths)
    return tuple(widths)


def _away(child: dict[str, Any]) -> str:
    if child.get("both_parents_away"):
        return "父母双方外出"
    if child.get("one_parent_away_other_unable"):
        unable = form_words.word(form_words.UNABLE_PARENT, child.get("unable_parent") or "")
        return f"一方外出，{unable or '另一方'}无监护能力"
    return ""


def roster_row(number: int, record: PrintRecord) -> tuple[str, ...]:
    """The texts of a record's row, in :data:`COLUMNS` order."""
    child = record.child
    father = record.guardians.get("father") or {}
    mother = record.guardians.get("mother") or {}
    guardian = guardian_of(record) or {}
    relation = relation_word(guardian, note_first=False) if guardian else ""
    guardian_name = text(guardian.get("name"))
    if guardian_name and relation:
        guardian_name = f"{guardian_name}（{relation}）"
    address = text(child.get("current_address")) or text(record.family.get("address"))
    birth = child.get("birth_date")
    return (
        str(number),
        record.name,
        form_words.word(form_words.SEX, child.get("sex") or ""),
        f"{birth.year}.{birth.month:02d}.{birth.day:02d}" if birth else "",
        masked(child.get("id_number")),
        record.class_name,
        text(father.get("name")),
        phone(father.get("phone")),
        text(mother.get("name")),
        phone(mother.get("phone")),
        guardian_name,
        phone(guardian.get("phone")),
        address,
        _away(child),
    )


def roster_texts(record: PrintRecord) -> list[str]:
    """Every name and address the roster prints for ``record``."""
    row = roster_row(0, record)
    return [t for i, t in enumerate(row) if i in (1, 5, 6, 8, 10, 12) and t]


def row_heights(
    fonts: FontSet, rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> list[float]:
    """Each row's height: enough for its longest cell wrapped at :data:`VALUE_SIZE`, at
    least one line and at most :data:`MAX_LINES` lines."""
    line = VALUE_SIZE * LEADING
    heights = []
    for row in rows:
        lines = max(
            (
                len(wrap(fonts, t, VALUE_SIZE, w - 2 * PADDING))
                for t, w in zip(row, widths, strict=True)
                if t
            ),
            default=1,
        )
        needed = min(lines, MAX_LINES) * line + 2 * PADDING + 1.5
        heights.append(max(_MIN_ROW, needed))
    return heights


def paginate(heights: Sequence[float], room: float, last_room: float) -> list[list[int]]:
    """Rows (indexes) cut into pages holding ``room`` points of rows each; the last page
    holds at most ``last_room`` (room for the sign-off). Always at least one page."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    if used > last_room:  # the sign-off does not fit: carry the last rows over
        carried: list[int] = []
        while pages[-1] and used > last_room:
            index = pages[-1].pop()
            carried.insert(0, index)
            used -= heights[index]
        pages.append(carried)
    return pages


def layout_roster(fonts: FontSet, records: Sequence[PrintRecord]) -> RosterLayout:
    """The roster's rows, their heights and pages, before anything is drawn."""
    widths = column_widths()
    rows = [roster_row(n, r) for n, r in enumerate(records, start=1)]
    heights = row_heights(fonts, rows, widths)
    room = ROSTER_PAGE[1] - 2 * _MARGIN - _TABLE_TOP - 2 * _HEADER_ROW - _FOOTER
    pages = paginate(heights, room, room - _SIGN_OFF)
    return RosterLayout(widths, tuple(rows), tuple(heights), tuple(tuple(page) for page in pages))


def draw_roster(
    canvas: Any,
    fonts: FontSet,
    school: SchoolInfo,
    records: Sequence[PrintRecord],
    today: date,
    progress: Progress | None = None,
) -> int:
    """The roster of ``records``, in their order; returns the number of pages."""
    total = len(records)
    if progress is not None:
        progress(0, total)
    layout = layout_roster(fonts, records)
    term = term_label(today)
    count = len(layout.pages)
    done = 0
    for number, page in enumerate(layout.pages, start=1):
        grid = _page_head(canvas, fonts, school, term, today, layout.widths)
        table_top = grid.y + 2 * _HEADER_ROW
        for index in page:
            cells = [
                Cell(t, w, size=VALUE_SIZE, align="center" if i not in (ADDRESS_COLUMN,) else None)
                for i, (t, w) in enumerate(zip(layout.rows[index], layout.widths, strict=True))
            ]
            grid.row(cells, layout.heights[index])
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0 and done != total:
                progress(done, total)
        canvas.setLineWidth(1.0)
        canvas.rect(grid.x, grid.y, sum(layout.widths), table_top - grid.y, stroke=1, fill=0)
        if number == count:
            sign_off(
                canvas,
                fonts,
                grid.x + 10 * MM,
                grid.y - 7 * MM,
                sum(layout.widths) - 20 * MM,
                SIGN_OFF,
            )
        draw(
            canvas,
            fonts,
            ROSTER_PAGE[0] / 2,
            _MARGIN + 1 * MM,
            f"第 {number} 页　共 {count} 页",
            8.5,
            align="center",
        )
        canvas.showPage()
    if progress is not None:
        progress(total, total)
    return count


def _page_head(
    canvas: Any,
    fonts: FontSet,
    school: SchoolInfo,
    term: str,
    today: date,
    widths: Sequence[float],
) -> Grid:
    """The title, the school line and the two header rows; returns the grid below them."""
    width, height = ROSTER_PAGE
    inner = width - 2 * _MARGIN
    top = height - _MARGIN
    draw(canvas, fonts, width / 2, top - 7 * MM, TITLE, 16, align="center", bold=True)
    line_y = top - _TABLE_TOP + 1.5 * MM
    draw_in_box(
        canvas,
        fonts,
        f"学校（盖章）：{school.name}",
        _MARGIN,
        line_y,
        inner * 0.5,
        5 * MM,
        9.5,
        6,
        padding=0,
    )
    draw_in_box(
        canvas,
        fonts,
        f"学期：{term}　　制表日期：{day(today)}",
        _MARGIN + inner * 0.5,
        line_y,
        inner * 0.5,
        5 * MM,
        9.5,
        6,
        align="right",
        padding=0,
    )
    grid = Grid(canvas, fonts, _MARGIN, top - _TABLE_TOP)
    two_row_header(
        grid,
        [(group, name) for group, name, *_ in COLUMNS],
        widths,
        _MARGIN,
        _HEADER_ROW,
        HEADER_SIZE,
    )
    return grid
