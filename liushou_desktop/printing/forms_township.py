"""The township's summary table (乡镇汇总表): A4 landscape, one row per school, 合计 last.

:func:`draw_township_summary` draws a :class:`TownshipSummary` (plain texts made by
:mod:`liushou_desktop.domain.township_report`: no database here) with
:class:`~.form_grid.Grid`, laid out like the roster (:func:`~.forms_roster.row_heights`,
:func:`~.forms_roster.paginate`): the title (the township's name and the date), the
two header rows repeated on every page, the total row in grey, 第 N 页 共 M 页, and the
sign-off on the last page. Only counts are printed: no child is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4, landscape

from liushou_desktop.printing.document import MM
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import Cell, Grid, day, sign_off, two_row_header
from liushou_desktop.printing.forms_roster import paginate, row_heights
from liushou_desktop.printing.text import draw, draw_in_box

__all__ = ["COLUMNS", "SUMMARY_PAGE", "TownshipSummary", "draw_township_summary"]

SUMMARY_PAGE = landscape(A4)
MARGIN = 12 * MM
SIGN_OFF = (("填表人", ""), ("审核人", ""), ("填表日期", "　　　年　　月　　日"))

# (header group, header, width in mm); 学校 takes what the others leave.
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("", "序号", 10),
    ("", "学校", 0),
    ("", "最近同步", 27),
    ("建档", "应建档", 15),
    ("建档", "已建档", 15),
    ("建档", "建档率", 15),
    ("本月谈心", "应谈心", 15),
    ("本月谈心", "已谈心", 15),
    ("本月谈心", "完成率", 15),
    ("", "逾期未谈", 15),
    ("", "未结关注", 15),
    ("本月亲情联系", "人数", 15),
    ("本月亲情联系", "覆盖率", 15),
    ("本学期家访", "人数", 15),
    ("本学期家访", "覆盖率", 15),
)
SCHOOL_COLUMN = 1
VALUE_SIZE = 9.0
HEADER_SIZE = 9.0
_HEADER_ROW = 7 * MM
_TABLE_TOP = 18 * MM  # below the page's top margin: title and date line
_FOOTER = 7 * MM
_SIGN_OFF = 12 * MM


@dataclass(frozen=True)
class TownshipSummary:
    """What the printed table shows: the township, the day counted, one row of texts per
    school (in :data:`COLUMNS` order) and the total row."""

    township: str
    today: date
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...]


def column_widths() -> list[float]:
    widths = [w * MM for _, _, w in COLUMNS]
    widths[SCHOOL_COLUMN] = SUMMARY_PAGE[0] - 2 * MARGIN - sum(widths)
    return widths


def draw_township_summary(canvas: Any, fonts: FontSet, summary: TownshipSummary) -> int:
    """The summary table; returns the number of pages."""
    widths = column_widths()
    lines = [*summary.rows, summary.total]
    heights = row_heights(fonts, lines, widths)
    room = SUMMARY_PAGE[1] - 2 * MARGIN - _TABLE_TOP - 2 * _HEADER_ROW - _FOOTER
    pages = paginate(heights, room, room - _SIGN_OFF)
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        grid = _head(canvas, fonts, summary, widths)
        table_top = grid.y + 2 * _HEADER_ROW
        for index in page:
            total = index == len(lines) - 1
            cells = [
                Cell(
                    text,
                    width,
                    total,
                    size=VALUE_SIZE,
                    align=None if k == SCHOOL_COLUMN and not total else "center",
                )
                for k, (text, width) in enumerate(zip(lines[index], widths, strict=True))
            ]
            grid.row(cells, heights[index])
        canvas.setLineWidth(1.0)
        canvas.rect(grid.x, grid.y, sum(widths), table_top - grid.y, stroke=1, fill=0)
        if number == count:
            sign_off(
                canvas, fonts, grid.x + 10 * MM, grid.y - 8 * MM, sum(widths) - 20 * MM, SIGN_OFF
            )
        draw(
            canvas,
            fonts,
            SUMMARY_PAGE[0] / 2,
            MARGIN + 1 * MM,
            f"第 {number} 页　共 {count} 页",
            8.5,
            align="center",
        )
        canvas.showPage()
    return count


def _head(canvas: Any, fonts: FontSet, summary: TownshipSummary, widths: Sequence[float]) -> Grid:
    """The title, the date line and the two header rows; returns the grid below them."""
    width, height = SUMMARY_PAGE
    inner = width - 2 * MARGIN
    top = height - MARGIN
    title = f"{summary.township}农村留守儿童关爱工作汇总表"
    draw_in_box(
        canvas,
        fonts,
        title,
        MARGIN,
        top - 10 * MM,
        inner,
        10 * MM,
        16,
        10,
        align="center",
        bold=True,
    )
    line_y = top - _TABLE_TOP + 1.5 * MM
    draw_in_box(
        canvas,
        fonts,
        f"填报单位（盖章）：{summary.township}",
        MARGIN,
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
        f"统计日期：{day(summary.today)}",
        MARGIN + inner * 0.5,
        line_y,
        inner * 0.5,
        5 * MM,
        9.5,
        6,
        align="right",
        padding=0,
    )
    grid = Grid(canvas, fonts, MARGIN, top - _TABLE_TOP)
    two_row_header(
        grid,
        [(group, name) for group, name, *_ in COLUMNS],
        widths,
        MARGIN,
        _HEADER_ROW,
        HEADER_SIZE,
    )
    return grid
