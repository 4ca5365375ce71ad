"""The monthly talk record sheet (谈心记录卡), A4 portrait.

One sheet per child for a month, its head filled in (姓名, 性别, 班级, age that month,
帮扶教师: the mentor, else the class teacher, and the month), or one blank sheet with
the same head left empty, for handwriting. The body is for the teacher's pen: ruled
writing spaces for 孩子近况, 发现的问题 and 采取的措施, checkboxes for the form and
topics of the talk and for what needs attention (a child ticked there gets an
individual plan, 个别教育管理方案), and the signature line.

When the child's talk of the month was held and recorded (``PrintRecord.talk``), the
card is printed filled with it: the day, place, form and topics ticked, the three texts
written on the ruled lines (smaller, without the lines, when they are too long), the
follow-up day and the concerns ticked; the teacher who held it is the 帮扶教师.
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
    day,
    text,
)
from liushou_desktop.printing.text import draw, draw_in_box, wrap

__all__ = ["TALK_PAGE", "draw_talk_sheets", "talk_texts"]

TALK_PAGE = A4
TITLE = "留守儿童谈心记录卡"
# The words the card prints for the codes a talk stores, and its boxes in that order.
FORM_WORDS = form_words.TALK_FORM_WORDS
TOPIC_WORDS = form_words.TALK_TOPIC_WORDS
CONCERN_WORDS = form_words.CONCERN_WORDS
TALK_FORMS = tuple(FORM_WORDS.values())
TALK_TOPICS = tuple(TOPIC_WORDS.values())
ATTENTION = tuple(CONCERN_WORDS.values())
WRITTEN = (("孩子近况", "condition"), ("发现的问题", "problems"), ("采取的措施", "measures"))
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
    """Every name (and, for a held talk, free text) the sheet prints for ``record``."""
    talk = record.talk or {}
    shown = [record.name, record.class_name, _teacher_name(record)]
    shown += [text(talk.get(key)) for key in ("place", "condition", "problems", "measures")]
    return [t for t in shown if t]


def _teacher_name(record: PrintRecord | None) -> str:
    """The teacher who held the talk, else the mentor, else the class teacher."""
    if record is None:
        return ""
    held_by = text((record.talk or {}).get("mentor_name"))
    return held_by or text((record.mentor or record.class_teacher or {}).get("name"))


def _words(codes: Any, words: dict[str, str]) -> list[str]:
    return [words[c] for c in codes or () if c in words]


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
    talk = (record.talk if record else None) or {}
    talk_day = f"{month.year}年{month.month}月　　日" if month else BLANK_DATE
    if talk.get("held_on"):
        talk_day = day(talk["held_on"])
    topics = _words(talk.get("topics"), TOPIC_WORDS)

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
            big(_teacher_name(record), v4),
            label("谈心时间", _LABEL_W),
            big(talk_day, wide),
            label("地点", _LABEL_W),
            big(text(talk.get("place")), v4),
        ],
        _ROW,
    )
    form = _words([talk.get("form")], FORM_WORDS)
    grid.row([label("谈心形式", _LABEL_W), big(checkboxes(TALK_FORMS, form), rest)], _ROW)
    other = "" if talk else "＿＿＿＿＿＿"  # a recorded talk has no other topic
    grid.row(
        [
            label("谈心主题", _LABEL_W),
            big(f"{checkboxes(TALK_TOPICS, topics)}　{checkboxes(['其他'])}{other}", rest),
        ],
        _ROW,
    )
    bottom = _MARGIN_BOTTOM + 8 * MM  # the footnote below the table
    fixed_below = 3 * _ROW + _ROW * 1.2
    writing = grid.y - bottom - fixed_below
    lines = max(9, int(writing // _RULE))  # the writing lines, shared by three spaces
    for index, (title, key) in enumerate(WRITTEN):
        space = _RULE * (lines // 3 + (1 if index < lines % 3 else 0))
        grid.row([label(title, _LABEL_W), big("", rest)], space)
        _written(canvas, fonts, text(talk.get(key)), grid.x + _LABEL_W, grid.y, rest, space)
    grid.row(
        [
            label("跟进日期", _LABEL_W),
            big(day(talk.get("follow_up_on")) or BLANK_DATE, wide),
            label("跟进情况", _LABEL_W),
            big("", wide),
        ],
        _ROW,
    )
    grid.row(
        [
            label("需要关注", _LABEL_W),
            Cell(
                f"{checkboxes(ATTENTION, _words(talk.get('concerns'), CONCERN_WORDS))}\n"
                "（勾选任一项，须制定个别教育管理方案并跟进）",
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


def _written(
    canvas: Any, fonts: FontSet, shown: str, x: float, y: float, width: float, height: float
) -> None:
    """The ruled writing space (x, y, width, height) with ``shown`` written on its lines;
    a text longer than the lines is fitted into the box, smaller and without lines."""
    inner = width - 6 * MM
    lines = wrap(fonts, shown, _BIG, inner) if shown else []
    rules = int(round(height / _RULE)) - 1
    if len(lines) > rules:
        draw_in_box(canvas, fonts, shown, x, y, width, height, _BIG, 6, valign="top", padding=3)
        return
    _rules(canvas, x, y, width, height)
    for index, line in enumerate(lines):
        draw(canvas, fonts, x + 3 * MM, y + height - _RULE * (index + 1) + 1.5, line, _BIG)


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
