"""What the printed forms share: a ruled grid drawn row by row in the house look of the
contact card (grey label cells, thin lines), and the words a record's values print as.

:class:`Grid` draws the rows of a form from the top down; each row is a list of
:class:`Cell` (a text, a width in points, label or value). Texts shrink, then wrap,
inside their cell (:func:`~.text.draw_in_box`). The value helpers turn what the
database stores into what a Chinese form shows: 2015年3月12日, 男, masked ID numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from liushou_desktop.domain import form_words
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.phones import format_phone
from liushou_desktop.printing.document import MM
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.text import draw, draw_in_box

__all__ = [
    "BOX",
    "CHECKED",
    "Cell",
    "Grid",
    "GREY",
    "LABEL_SIZE",
    "LINE",
    "MIN_SIZE",
    "VALUE_SIZE",
    "birth_month",
    "checkboxes",
    "day",
    "label",
    "masked",
    "masked_student_number",
    "phone",
    "relation_word",
    "sign_off",
    "text",
    "value",
]

GREY = 0.92  # fill of a label cell
LINE = 0.45  # width of the ruled lines, in points
LABEL_SIZE = 7.5
VALUE_SIZE = 8.5
MIN_SIZE = 5.5
PADDING = 1.8  # inside a value cell, in points
_LABEL_MIN_ONE_LINE = 6.0  # a label shrinks down to this size before it wraps
_VALUE_MIN_ONE_LINE = 6.5  # and a short value down to this one
_SHORT = 24  # characters: a value no longer is short
BOX = "□"  # an empty checkbox (DejaVu Sans U+25A1)
CHECKED = "☑"  # a ticked one (U+2611)

# A national student number (全国学籍号) is G (or L, J) and the 18-character ID number.
_STUDENT_NUMBER_WITH_ID = re.compile(r"([A-Za-z]?)([0-9]{17}[0-9Xx])")


@dataclass(frozen=True)
class Cell:
    """One cell of a grid row: its text, width (points), and whether it is a label
    (grey, centred) or a value (white, left). ``size`` overrides the font size;
    ``align`` the alignment."""

    text: str
    width: float
    label: bool = False
    size: float | None = None
    align: str | None = None
    valign: str = "middle"


def label(text: str, width: float) -> Cell:
    return Cell(text, width, True)


def value(text: str, width: float, *, align: str | None = None) -> Cell:
    return Cell(text, width, False, align=align)


class Grid:
    """A ruled table drawn downwards from ``top``, starting at ``x``.

    ``y`` is the bottom of the last row drawn; rows are drawn with :meth:`row`.
    """

    def __init__(self, canvas: Any, fonts: FontSet, x: float, top: float) -> None:
        self.canvas = canvas
        self.fonts = fonts
        self.x = x
        self.y = top

    def row(self, cells: Sequence[Cell], height: float, *, x: float | None = None) -> float:
        """Draw one row of ``cells`` below the last; returns its bottom."""
        self.y -= height
        self.cells(cells, x if x is not None else self.x, self.y, height)
        return self.y

    def cells(self, cells: Sequence[Cell], x: float, y: float, height: float) -> None:
        """Draw ``cells`` side by side in a row whose bottom-left is (x, y)."""
        for cell in cells:
            self.cell(cell, x, y, cell.width, height)
            x += cell.width

    def cell(self, cell: Cell, x: float, y: float, width: float, height: float) -> None:
        """Draw one cell (its box, its fill and its text) with bottom-left (x, y)."""
        canvas = self.canvas
        canvas.setLineWidth(LINE)
        if cell.label:
            canvas.setFillGray(GREY)
            canvas.rect(x, y, width, height, stroke=1, fill=1)
            canvas.setFillGray(0)
        else:
            canvas.rect(x, y, width, height, stroke=1, fill=0)
        if not cell.text:
            return
        size = cell.size or (LABEL_SIZE if cell.label else VALUE_SIZE)
        padding = 1.2 if cell.label else PADDING
        # A label or a short value (a date, a phone, a name) shrinks a little to stay
        # on one line, if it can, before it wraps.
        floor = None
        if cell.label or len(cell.text) <= _SHORT:
            floor = _LABEL_MIN_ONE_LINE if cell.label else _VALUE_MIN_ONE_LINE
        draw_in_box(
            canvas,
            self.fonts,
            cell.text,
            x,
            y,
            width,
            height,
            size,
            min(MIN_SIZE, size),
            align=cell.align or ("center" if cell.label else "left"),
            valign=cell.valign,
            padding=padding,
            one_line_down_to=floor,
        )

    def section(self, title: str, width: float, height: float) -> None:
        """A tall label cell on the left of the rows below, its title written downwards
        one character a line; the rows after it start right of it."""
        cell = Cell("\n".join(title), width, True, size=9)
        self.cell(cell, self.x, self.y - height, width, height)


def two_row_header(
    grid: Grid,
    columns: Sequence[tuple[str, str]],
    widths: Sequence[float],
    x: float,
    row_height: float,
    size: float,
) -> None:
    """A table's header on two rows at ``grid.y``: each column's name, under the name of
    its group when it has one (``(group, name)``, group "" for a column alone, which
    then takes both rows); consecutive columns of a group share one cell above them.
    Leaves ``grid.y`` under the header."""
    top = grid.y
    index = 0
    while index < len(columns):
        group = columns[index][0]
        if not group:
            cell = Cell(columns[index][1], widths[index], True, size=size)
            grid.cell(cell, x, top - 2 * row_height, widths[index], 2 * row_height)
            x += widths[index]
            index += 1
            continue
        span = [i for i in range(index, len(columns)) if columns[i][0] == group]
        span_width = sum(widths[i] for i in span)
        grid.cell(
            Cell(group, span_width, True, size=size), x, top - row_height, span_width, row_height
        )
        for i in span:
            cell = Cell(columns[i][1], widths[i], True, size=size)
            grid.cell(cell, x, top - 2 * row_height, widths[i], row_height)
            x += widths[i]
        index = span[-1] + 1
    grid.y = top - 2 * row_height


def sign_off(
    canvas: Any,
    fonts: FontSet,
    x: float,
    y: float,
    width: float,
    blocks: Sequence[tuple[str, str]],
    size: float = 9.5,
) -> None:
    """Signature blocks side by side on the baseline ``y``, filling ``width``: each a
    label and either a line to sign on (an empty filler) or a filler text
    (``　　年　　月　　日``), which takes just its own width."""
    gap = 6 * MM
    fixed = [fonts.width(f"{t}：{f}", size) if f else 0.0 for t, f in blocks]
    lines = sum(1 for _, f in blocks if not f)
    spare = width - sum(fixed) - gap * (len(blocks) - 1)
    line_slot = spare / lines if lines else 0.0
    canvas.setLineWidth(LINE)
    left = x
    for (text_, filler), used in zip(blocks, fixed, strict=True):
        drawn = draw(canvas, fonts, left, y, f"{text_}：", size)
        if filler:
            draw(canvas, fonts, left + drawn, y, filler, size)
            left += used + gap
            continue
        end = left + line_slot
        canvas.line(left + drawn + 1, y - 2, end, y - 2)
        left = end + gap


def checkboxes(options: Sequence[str], ticked: Sequence[str] = ()) -> str:
    """□面谈　□电话 ... with the ticked options as ☑."""
    return "　".join(f"{CHECKED if o in ticked else BOX}{o}" for o in options)


def text(stored: Any) -> str:
    """A stored text for printing ("" for None)."""
    return "" if stored is None else str(stored).strip()


def day(value: date | None) -> str:
    """2015年3月12日 ("" when not known)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def birth_month(value: date | None) -> str:
    """1985年6月, as the forms ask of adults ("" when not known)."""
    return f"{value.year}年{value.month}月" if value else ""


def masked(id_number: str | None) -> str:
    """The ID number masked for print: 5205**********123X."""
    return mask_id_number(id_number) if id_number else ""


def masked_student_number(number: str | None, id_number: str | None) -> str:
    """The 学籍号, with the ID number inside it masked (a national student number is
    G and the child's ID number)."""
    shown = text(number)
    if id_number and id_number in shown:
        return shown.replace(id_number, mask_id_number(id_number))
    return _STUDENT_NUMBER_WITH_ID.sub(lambda m: m.group(1) + mask_id_number(m.group(2)), shown)


def phone(stored: str | None) -> str:
    """A stored phone number formatted for reading: 138 1234 5678."""
    return format_phone(stored) if stored else ""


def relation_word(person: dict[str, Any], *, note_first: bool = True) -> str:
    """How a guardian is related to the child: the note typed (与被监护人关系), else
    the form's word for the relation (祖母); ``note_first=False`` prefers the word."""
    code = person.get("relation") or ""
    known = form_words.word(form_words.RELATIONS, code) if code and code != "other" else ""
    note = text(person.get("relation_note"))
    if note_first:
        return note or known
    return known or note or ("其他亲属" if code == "other" else "")
