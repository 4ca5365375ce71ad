"""The monthly talk record sheet (谈心记录卡), A4 portrait.

One sheet per child for a month, its head filled in (姓名, 性别, 班级, age that month,
帮扶教师: the mentor, else the class teacher, and the month), or one blank sheet with
the same head left empty, for handwriting. The body is for the teacher's pen: ruled
writing spaces for 孩子近况, 发现的问题 and 采取的措施, checkboxes for the form and
topics of the talk and for what needs attention (a child ticked there gets an
individual plan, 个别教育管理方案), and the signature line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4

from liushou_desktop.domain import form_words
from liushou_desktop.domain.eligibility import age_on
from liushou_desktop.domain.print_records import PrintRecord, SchoolInfo
from liushou_desktop.printing.document import MM, PROGRESS_EVERY, Progress
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import (
    LINE,
    Cell,
    Grid,
    checkboxes,
    text,
)
from liushou_desktop.printing.text import draw, draw_in_box

__all__ = ["TALK_PAGE", "draw_talk_sheets", "talk_texts"]

TALK_PAGE = A4
TITLE = "留守儿童谈心记录卡"
TALK_FORMS = ("面谈", "电话", "视频", "家访")
TALK_TOPICS = ("学习", "生活", "心理", "安全", "亲情")
ATTENTION = ("学习严重滑坡", "心理", "行为", "安全", "涉嫌违法")
BLANK_DATE = "　　年　　月　　日"

_MARGIN_X = 15 * MM
_MARGIN_TOP = 14 * MM
_MARGIN_BOTTOM = 14 * MM
_LABEL_W = 21 * MM
_ROW = 9 * MM
_RULE = 8 * MM  # the spacing of the ruled lines to write on
_BIG = 10.0  # the size of the filled-in values and the checkboxes
_LABEL_SIZE = 9.0


def draw_talk_sheets(
    canvas: Any,
    fonts: FontSet,
    school: SchoolInfo,
    records: Sequence[PrintRecord],
    month: date,
    progress: Progress | None = None,
) -> int:
    """One sheet per record for ``month``; one blank sheet when ``records`` is empty.
    Returns the number of pages."""
    total = len(records)
    if progress is not None:
        progress(0, total)
    if not records:
        _sheet(canvas, fonts, school, None, None)
        canvas.showPage()
        if progress is not None:
            progress(0, total)
        return 1
    for done, record in enumerate(records, start=1):
        _sheet(canvas, fonts, school, record, month)
        canvas.showPage()
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return total


def talk_texts(record: PrintRecord) -> list[str]:
    """Every name the sheet prints for ``record``."""
    teacher = record.mentor or record.class_teacher or {}
    return [t for t in (record.name, record.class_name, text(teacher.get("name"))) if t]


def _age(record: PrintRecord, month: date) -> str:
    """The child's age on the first day of ``month``: 10岁."""
    birth = record.child.get("birth_date")
    return f"{age_on(birth, month.replace(day=1))}岁" if birth else ""


def _sheet(
    canvas: Any,
    fonts: FontSet,
    school: SchoolInfo,
    record: PrintRecord | None,
    month: date | None,
) -> None:
    """One sheet; ``record`` None for the blank one."""
    width, height = TALK_PAGE
    inner = width - 2 * _MARGIN_X
    top = height - _MARGIN_TOP
    draw(canvas, fonts, width / 2, top - 7.5 * MM, TITLE, 18, align="center", bold=True)
    info_y = top - 14 * MM
    month_text = f"{month.year}年{month.month}月" if month else "　　　　年　　月"
    draw_in_box(
        canvas,
        fonts,
        f"学校：{school.name}",
        _MARGIN_X,
        info_y,
        inner * 0.6,
        5.5 * MM,
        10,
        6,
        padding=0,
    )
    draw_in_box(
        canvas,
        fonts,
        f"月份：{month_text}",
        _MARGIN_X + inner * 0.6,
        info_y,
        inner * 0.4,
        5.5 * MM,
        10,
        6,
        align="right",
        padding=0,
    )
    grid = Grid(canvas, fonts, _MARGIN_X, info_y - 1.5 * MM)
    table_top = grid.y
    rest = inner - _LABEL_W
    v4 = (inner - 4 * _LABEL_W) / 4
    wide = v4 + _LABEL_W + v4  # a value spanning two value columns and the label between
    child = record.child if record else {}
    teacher = (record.mentor or record.class_teacher) if record else None
    talk_day = f"{month.year}年{month.month}月　　日" if month else BLANK_DATE

    def big(shown: str, w: float) -> Cell:
        return Cell(shown, w, False, size=_BIG)

    def label(title: str, w: float) -> Cell:
        return Cell(title, w, True, size=_LABEL_SIZE)

    grid.row(
        [
            label("学生姓名", _LABEL_W),
            big(record.name if record else "", v4),
            label("性别", _LABEL_W),
            big(form_words.word(form_words.SEX, child.get("sex") or ""), v4),
            label("班级", _LABEL_W),
            big(record.class_name if record else "", v4),
            label("年龄", _LABEL_W),
            big(_age(record, month) if record and month else "", v4),
        ],
        _ROW,
    )
    grid.row(
        [
            label("帮扶教师", _LABEL_W),
            big(text((teacher or {}).get("name")), v4),
            label("谈心时间", _LABEL_W),
            big(talk_day, wide),
            label("地点", _LABEL_W),
            big("", v4),
        ],
        _ROW,
    )
    grid.row([label("谈心形式", _LABEL_W), big(checkboxes(TALK_FORMS), rest)], _ROW)
    grid.row(
        [
            label("谈心主题", _LABEL_W),
            big(f"{checkboxes(TALK_TOPICS)}　{checkboxes(['其他'])}＿＿＿＿＿＿", rest),
        ],
        _ROW,
    )
    bottom = _MARGIN_BOTTOM + 8 * MM  # the footnote below the table
    fixed_below = 3 * _ROW + _ROW * 1.2
    writing = grid.y - bottom - fixed_below
    lines = max(9, int(writing // _RULE))  # the writing lines, shared by three spaces
    for index, title in enumerate(("孩子近况", "发现的问题", "采取的措施")):
        space = _RULE * (lines // 3 + (1 if index < lines % 3 else 0))
        grid.row([label(title, _LABEL_W), big("", rest)], space)
        _rules(canvas, grid.x + _LABEL_W, grid.y, rest, space)
    grid.row(
        [
            label("跟进日期", _LABEL_W),
            big(BLANK_DATE, wide),
            label("跟进情况", _LABEL_W),
            big("", wide),
        ],
        _ROW,
    )
    grid.row(
        [
            label("需要关注", _LABEL_W),
            Cell(
                f"{checkboxes(ATTENTION)}\n（勾选任一项，须制定个别教育管理方案并跟进）",
                rest,
                size=_BIG,
            ),
        ],
        _ROW * 1.2 + _ROW,
    )
    grid.row(
        [
            label("帮扶教师签名", _LABEL_W),
            big("", wide),
            label("日期", _LABEL_W),
            big(BLANK_DATE, wide),
        ],
        _ROW,
    )
    canvas.setLineWidth(1.0)
    canvas.rect(_MARGIN_X, grid.y, inner, table_top - grid.y, stroke=1, fill=0)
    draw_in_box(
        canvas,
        fonts,
        "每月至少谈心一次；本卡填写后交班主任存入学生成长档案。",
        _MARGIN_X,
        grid.y - 7 * MM,
        inner,
        5 * MM,
        8.5,
        6,
        padding=0,
    )


def _rules(canvas: Any, x: float, y: float, width: float, height: float) -> None:
    """Light lines to write on, every ``_RULE``, inside the box (x, y, width, height)."""
    canvas.saveState()
    canvas.setStrokeGray(0.62)
    canvas.setLineWidth(LINE * 0.8)
    canvas.setDash(1, 1.5)
    line_y = y + height - _RULE
    while line_y > y + _RULE * 0.5:
        canvas.line(x + 3 * MM, line_y, x + width - 3 * MM, line_y)
        line_y -= _RULE
    canvas.restoreState()
