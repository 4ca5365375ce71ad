"""The printed documents of the term's activities: the term plan (行事历), the guardian
meeting sign-in sheet (监护人会签到表) and the home visit record (家访记录表).

Each ``draw_*`` draws what :mod:`liushou_desktop.domain.activity_print` loaded (the plain
dataclasses below: no database here) on a reportlab canvas through a
:class:`~.fonts.FontSet`, calls ``canvas.showPage()`` after each page and returns the
number of pages. Tables are drawn with :class:`~.form_grid.Grid`; the term plan is laid
out like the roster (:func:`~.forms_roster.row_heights`, :func:`~.forms_roster.paginate`):
its header repeats on every page, and the footer says 第 N 页 共 M 页.

No ID number and no health detail is printed on any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4, landscape

from liushou_desktop.printing.document import MM
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import Cell, Grid, day, sign_off
from liushou_desktop.printing.forms_roster import paginate
from liushou_desktop.printing.forms_talk import _written as written_space
from liushou_desktop.printing.text import LEADING, draw, draw_in_box, wrap

__all__ = [
    "ACTIVITY_KIND_WORDS",
    "HomeVisitPage",
    "PLAN_COLUMNS",
    "MAX_PLAN_LINES",
    "PLAN_PAGE",
    "PlanLine",
    "SAFETY_TOPIC_WORDS",
    "SIGN_IN_COLUMNS",
    "SIGN_IN_PAGE",
    "SIGN_IN_ROWS",
    "SignInLine",
    "SignInSheet",
    "TermPlan",
    "VISIT_PAGE",
    "dates_text",
    "draw_home_visits",
    "draw_sign_in",
    "draw_term_plan",
    "layout_plan",
    "term_words",
]

PLAN_PAGE = landscape(A4)
SIGN_IN_PAGE = A4
VISIT_PAGE = A4
MARGIN = 12 * MM  # every side of every page

# The Chinese words the printed plan uses for the activity kinds and safety topics
# (vocab.ACTIVITY_KINDS / SAFETY_TOPICS are the screen's English labels).
ACTIVITY_KIND_WORDS = {
    "class_meeting": "主题班会",
    "guardian_meeting": "监护人会",
    "home_visit": "家访",
    "family_call": "亲情电话",
    "letter": "书信",
    "safety": "安全教育",
    "mental_health": "心理健康",
    "sports_arts": "文体活动",
    "reading": "读书",
    "awards": "评选表彰",
    "archiving": "资料归档",
    "other": "其他",
}
SAFETY_TOPIC_WORDS = {"drowning": "防溺水", "traffic": "交通", "fire": "消防", "earthquake": "防震"}

# (header, width in mm); 活动内容 takes what the others leave of the page's width.
PLAN_COLUMNS: tuple[tuple[str, float], ...] = (
    ("月份", 13),
    ("日期", 27),
    ("活动内容", 0),
    ("类别", 27),
    ("对象", 34),
    ("负责人", 24),
    ("地点", 26),
    ("完成情况", 27),
)
_CONTENT_COLUMN = 2
PLAN_SIZE = 9.0  # the rows' text
_PLAN_PADDING = 1.8  # inside a cell (form_grid's value cells)
_MIN_PLAN_ROW = 7 * MM
MAX_PLAN_LINES = 6
_PLAN_HEADER = 8 * MM
_PLAN_TOP = 17 * MM  # below the top margin: the title and the school line
_FOOTER = 7 * MM

SIGN_IN_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 11),
    ("班级", 24),
    ("学生姓名", 22),
    ("监护人", 24),
    ("关系", 16),
    ("签名", 0),
    ("备注", 34),
)
SIGN_IN_ROWS = 25  # rows on a page of the sign-in sheet
_SIGN_IN_HEAD = 30 * MM  # title and the meeting's lines
_SIGN_IN_HEADER = 8 * MM
_ROW_SIZE = 9.5


@dataclass(frozen=True)
class PlanLine:
    """One activity of the plan as printed: ``kind``, ``target`` and ``status`` are the
    Chinese words (类别, 对象, 完成情况)."""

    starts_on: date
    ends_on: date
    title: str
    kind: str
    target: str
    organiser: str
    place: str
    status: str
    notes: str = ""


@dataclass(frozen=True)
class TermPlan:
    """The term plan: the school, the term in words (2026—2027学年第一学期), its first
    and last day, the activities by day, and the day it is printed."""

    school: str
    term: str
    starts_on: date
    ends_on: date
    lines: tuple[PlanLine, ...]
    today: date


@dataclass(frozen=True)
class SignInLine:
    """One child's row of the sign-in sheet; ``signed`` is "已到" when the guardian's
    attendance was recorded, else "" (a space for the pen)."""

    class_name: str
    child_name: str
    guardian: str
    relation: str
    signed: str = ""
    note: str = ""


@dataclass(frozen=True)
class SignInSheet:
    """The sign-in sheet of a meeting; no ``lines`` for the blank one (ruled rows)."""

    school: str
    title: str = ""
    on: date | None = None
    place: str = ""
    lines: tuple[SignInLine, ...] = ()
    blank: bool = False


@dataclass(frozen=True)
class HomeVisitPage:
    """One 家访记录表: the child's details (empty on a blank form) and the visit (empty
    when printed for a child before the visit). ``guardians`` are (who, name, phone)."""

    school: str
    term: str = ""
    child_name: str = ""
    sex: str = ""
    class_name: str = ""
    address: str = ""
    guardians: tuple[tuple[str, str, str], ...] = field(default=())
    visited_on: date | None = None
    visitors: str = ""
    met: str = ""
    situation: str = ""
    agreed: str = ""


def term_words(name: str) -> str:
    """2026-2027-1 as a form writes it: 2026—2027学年第一学期."""
    parts = name.split("-")
    if len(parts) != 3:
        return name
    number = {"1": "一", "2": "二"}.get(parts[2], parts[2])
    return f"{parts[0]}—{parts[1]}学年第{number}学期"


def dates_text(starts_on: date, ends_on: date) -> str:
    """9月10日, or 9月10日—12日 / 9月28日—10月8日 for several days."""
    first = f"{starts_on.month}月{starts_on.day}日"
    if ends_on <= starts_on:
        return first
    if ends_on.month == starts_on.month:
        return f"{first}—{ends_on.day}日"
    return f"{first}—{ends_on.month}月{ends_on.day}日"


def _month_day(on: date) -> str:
    return f"{on.month}月{on.day}日"


# --- 行事历 ---------------------------------------------------------------------------


def _plan_widths() -> list[float]:
    widths = [w * MM for _, w in PLAN_COLUMNS]
    widths[_CONTENT_COLUMN] = PLAN_PAGE[0] - 2 * MARGIN - sum(widths)
    return widths


def _plan_texts(line: PlanLine) -> tuple[str, ...]:
    content = f"{line.title}\n{line.notes}" if line.notes else line.title
    return (
        "",
        dates_text(line.starts_on, line.ends_on),
        content,
        line.kind,
        line.target,
        line.organiser,
        line.place,
        line.status,
    )


def layout_plan(fonts: FontSet, plan: TermPlan) -> tuple[list[float], list[list[int]]]:
    """The rows' heights and which rows (indexes into ``plan.lines``) go on each page; a
    row grows with its longest text, up to :data:`MAX_PLAN_LINES` lines (a longer text
    shrinks in its cell)."""
    widths = _plan_widths()
    heights = []
    for line in plan.lines:
        count = max(
            len(wrap(fonts, t, PLAN_SIZE, w - 2 * _PLAN_PADDING))
            for t, w in zip(_plan_texts(line), widths, strict=True)
        )
        count = min(count, MAX_PLAN_LINES)
        heights.append(max(_MIN_PLAN_ROW, count * PLAN_SIZE * LEADING + 2 * _PLAN_PADDING + 2))
    room = PLAN_PAGE[1] - 2 * MARGIN - _PLAN_TOP - _PLAN_HEADER - _FOOTER
    return heights, paginate(heights, room, room)


def draw_term_plan(canvas: Any, fonts: FontSet, plan: TermPlan) -> int:
    """The term plan, grouped by month; returns the number of pages."""
    widths = _plan_widths()
    heights, pages = layout_plan(fonts, plan)
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        grid = _plan_head(canvas, fonts, plan, widths)
        table_top = grid.y + _PLAN_HEADER
        month_top, month_of = grid.y, None
        for index in page:
            line = plan.lines[index]
            key = (line.starts_on.year, line.starts_on.month)
            if key != month_of:
                if month_of is not None:
                    _month_cell(grid, month_of, month_top, widths[0])
                month_of, month_top = key, grid.y
            texts = _plan_texts(line)
            cells = [
                Cell(t, w, size=PLAN_SIZE, align=None if i == _CONTENT_COLUMN else "center")
                for i, (t, w) in enumerate(zip(texts, widths, strict=True))
            ][1:]
            grid.row(cells, heights[index], x=grid.x + widths[0])
        if month_of is not None:
            _month_cell(grid, month_of, month_top, widths[0])
        if not page:
            grid.row([Cell("（本学期还没有安排活动）", sum(widths), align="center")], 10 * MM)
        canvas.setLineWidth(1.0)
        canvas.rect(grid.x, grid.y, sum(widths), table_top - grid.y, stroke=1, fill=0)
        _page_number(canvas, fonts, PLAN_PAGE[0], number, count)
        canvas.showPage()
    return count


def _month_cell(grid: Grid, month: tuple[int, int], top: float, width: float) -> None:
    """The 月份 cell spanning a month's rows on this page (from ``top`` to ``grid.y``)."""
    grid.cell(Cell(f"{month[1]}月", width, True, size=10), grid.x, grid.y, width, top - grid.y)


def _plan_head(canvas: Any, fonts: FontSet, plan: TermPlan, widths: Sequence[float]) -> Grid:
    """The title, the school line and the header row; returns the grid below them."""
    width, height = PLAN_PAGE
    inner = width - 2 * MARGIN
    top = height - MARGIN
    title = f"{plan.school}{plan.term}关爱留守儿童活动行事历"
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
    line_y = top - _PLAN_TOP + 1.5 * MM
    span = f"学期：{day(plan.starts_on)}至{day(plan.ends_on)}"
    draw_in_box(canvas, fonts, span, MARGIN, line_y, inner * 0.6, 5 * MM, 9.5, 6, padding=0)
    made = f"制表日期：{day(plan.today)}"
    draw_in_box(
        canvas,
        fonts,
        made,
        MARGIN + inner * 0.6,
        line_y,
        inner * 0.4,
        5 * MM,
        9.5,
        6,
        align="right",
        padding=0,
    )
    grid = Grid(canvas, fonts, MARGIN, top - _PLAN_TOP)
    grid.row(
        [Cell(t, w, True, size=9.5) for (t, _), w in zip(PLAN_COLUMNS, widths, strict=True)],
        _PLAN_HEADER,
    )
    return grid


def _page_number(canvas: Any, fonts: FontSet, page_width: float, number: int, count: int) -> None:
    draw(
        canvas,
        fonts,
        page_width / 2,
        MARGIN + 1 * MM,
        f"第 {number} 页　共 {count} 页",
        8.5,
        align="center",
    )


# --- 监护人会签到表 -------------------------------------------------------------------


def _sign_in_widths() -> list[float]:
    widths = [w * MM for _, w in SIGN_IN_COLUMNS]
    widths[5] = SIGN_IN_PAGE[0] - 2 * MARGIN - sum(widths)
    return widths


def draw_sign_in(canvas: Any, fonts: FontSet, sheet: SignInSheet) -> int:
    """The sign-in sheet: :data:`SIGN_IN_ROWS` rows a page, the children's rows filled
    (the signature column left for the pen), or empty ruled rows on a blank sheet.
    Returns the number of pages."""
    widths = _sign_in_widths()
    height = SIGN_IN_PAGE[1]
    room = height - 2 * MARGIN - _SIGN_IN_HEAD - _SIGN_IN_HEADER - _FOOTER - 8 * MM
    row = room / SIGN_IN_ROWS
    lines = list(sheet.lines)
    pages = max(1, -(-len(lines) // SIGN_IN_ROWS))
    for number in range(1, pages + 1):
        grid = _sign_in_head(canvas, fonts, sheet, widths)
        table_top = grid.y + _SIGN_IN_HEADER
        first = (number - 1) * SIGN_IN_ROWS
        for serial in range(first + 1, first + SIGN_IN_ROWS + 1):
            line = lines[serial - 1] if serial <= len(lines) else None
            texts = ["", "", "", "", "", "", ""]
            if line is not None:
                texts = [
                    str(serial),
                    line.class_name,
                    line.child_name,
                    line.guardian,
                    line.relation,
                    line.signed,
                    line.note,
                ]
            elif sheet.blank:
                texts[0] = str(serial)
            grid.row(
                [
                    Cell(t, w, size=_ROW_SIZE, align=None if i == 6 else "center")
                    for i, (t, w) in enumerate(zip(texts, widths, strict=True))
                ],
                row,
            )
        canvas.setLineWidth(1.0)
        canvas.rect(grid.x, grid.y, sum(widths), table_top - grid.y, stroke=1, fill=0)
        if number == pages:
            expected = f"{len(lines)}" if lines else "　　"
            sign_off(
                canvas,
                fonts,
                grid.x + 4 * MM,
                grid.y - 6.5 * MM,
                sum(widths) - 8 * MM,
                (("应到", f"{expected}人"), ("实到", "　　人"), ("记录人", "")),
                size=10,
            )
        _page_number(canvas, fonts, SIGN_IN_PAGE[0], number, pages)
        canvas.showPage()
    return pages


def _sign_in_head(canvas: Any, fonts: FontSet, sheet: SignInSheet, widths: Sequence[float]) -> Grid:
    width, height = SIGN_IN_PAGE
    inner = width - 2 * MARGIN
    top = height - MARGIN
    draw_in_box(
        canvas,
        fonts,
        f"{sheet.school}监护人会签到表",
        MARGIN,
        top - 11 * MM,
        inner,
        11 * MM,
        18,
        11,
        align="center",
        bold=True,
    )
    blank_day = "　　　　年　　月　　日"
    rows = (
        (f"会议名称：{sheet.title or '＿' * 16}", f"日期：{day(sheet.on) or blank_day}"),
        (f"地点：{sheet.place or '＿' * 12}", "主持人：＿＿＿＿＿＿"),
    )
    y = top - 18 * MM
    for left, right in rows:
        draw_in_box(canvas, fonts, left, MARGIN, y, inner * 0.62, 6 * MM, 11, 7, padding=0)
        draw_in_box(
            canvas,
            fonts,
            right,
            MARGIN + inner * 0.62,
            y,
            inner * 0.38,
            6 * MM,
            11,
            7,
            align="right",
            padding=0,
        )
        y -= 6.5 * MM
    grid = Grid(canvas, fonts, MARGIN, top - _SIGN_IN_HEAD)
    grid.row(
        [Cell(t, w, True, size=10) for (t, _), w in zip(SIGN_IN_COLUMNS, widths, strict=True)],
        _SIGN_IN_HEADER,
    )
    return grid


# --- 家访记录表 -----------------------------------------------------------------------

_VISIT_ROW = 9 * MM
_VISIT_LABEL = 24 * MM
_RULE = 8 * MM  # the ruled lines of forms_talk's writing spaces


def draw_home_visits(canvas: Any, fonts: FontSet, pages: Sequence[HomeVisitPage]) -> int:
    """One 家访记录表 a page; returns the number of pages."""
    for page in pages:
        _visit_page(canvas, fonts, page)
        canvas.showPage()
    return len(pages)


def _visit_page(canvas: Any, fonts: FontSet, page: HomeVisitPage) -> None:
    width, height = VISIT_PAGE
    inner = width - 2 * MARGIN
    top = height - MARGIN
    draw_in_box(
        canvas,
        fonts,
        f"{page.school}家访记录表",
        MARGIN,
        top - 11 * MM,
        inner,
        11 * MM,
        18,
        11,
        align="center",
        bold=True,
    )
    term = f"学期：{page.term}" if page.term else "学期：＿＿＿＿＿＿＿＿"
    draw_in_box(
        canvas, fonts, term, MARGIN, top - 18 * MM, inner, 6 * MM, 10.5, 7, align="right", padding=0
    )
    lw = _VISIT_LABEL
    v3 = (inner - 3 * lw) / 3
    grid = Grid(canvas, fonts, MARGIN, top - 19.5 * MM)
    table_top = grid.y

    def big(shown: str, w: float) -> Cell:
        return Cell(shown, w, False, size=10.5)

    def title(shown: str, w: float) -> Cell:
        return Cell(shown, w, True, size=9.5)

    grid.row(
        [
            title("学生姓名", lw),
            big(page.child_name, v3),
            title("性别", lw),
            big(page.sex, v3),
            title("班级", lw),
            big(page.class_name, v3),
        ],
        _VISIT_ROW,
    )
    grid.row([title("家庭住址", lw), big(page.address, inner - lw)], _VISIT_ROW * 1.2)
    people = list(page.guardians) or [("父亲", "", ""), ("母亲", "", ""), ("监护人", "", "")]
    for who, name, phone in people:
        grid.row(
            [title(who, lw), big(name, v3), title("联系电话", lw), big(phone, v3 + lw + v3)],
            _VISIT_ROW,
        )
    blank_day = "　　　年　　月　　日"
    grid.row(
        [
            title("家访时间", lw),
            big(day(page.visited_on) or blank_day, v3),
            title("家访教师", lw),
            big(page.visitors, v3),
            title("接待人", lw),
            big(page.met, v3),
        ],
        _VISIT_ROW,
    )
    fixed_below = 2 * _VISIT_ROW * 2.5 + _VISIT_ROW
    writing = grid.y - (MARGIN + 8 * MM) - fixed_below
    lines = max(6, int(writing // _RULE))
    for index, (caption, shown) in enumerate(
        (("家庭情况\n及孩子\n在家表现", page.situation), ("商定事项", page.agreed))
    ):
        space = _RULE * (lines // 2 + (1 if index < lines % 2 else 0))
        grid.row([title(caption, lw), big("", inner - lw)], space)
        written_space(canvas, fonts, shown, grid.x + lw, grid.y, inner - lw, space)
    opinion = _VISIT_ROW * 2.5
    grid.row([title("家长意见", lw), big("", inner - lw)], opinion)
    draw(canvas, fonts, grid.x + inner - 62 * MM, grid.y + 3 * MM, "家长签名：", 10)
    grid.row([title("教师意见", lw), big("", inner - lw)], opinion)
    draw(canvas, fonts, grid.x + inner - 62 * MM, grid.y + 3 * MM, "教师签名：", 10)
    grid.row(
        [title("家访教师签名", lw), big("", v3 + lw + v3), title("日期", lw), big(blank_day, v3)],
        _VISIT_ROW,
    )
    canvas.setLineWidth(1.0)
    canvas.rect(MARGIN, grid.y, inner, table_top - grid.y, stroke=1, fill=0)
    draw_in_box(
        canvas,
        fonts,
        "家访后请在一周内填写本表，交班主任存入学生成长档案。",
        MARGIN,
        grid.y - 7 * MM,
        inner,
        5 * MM,
        8.5,
        6,
        padding=0,
    )
