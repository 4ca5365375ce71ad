"""Drawing text on a reportlab canvas with a :class:`~.fonts.FontSet`: runs of faces,
line wrapping for Chinese (a line may break between any two characters, but not inside
a Latin word or a number), and fitting a text into a box: wrapped at the largest size,
from the wanted one down to a minimum, whose lines fit; "…" only when even the minimum
does not.

Everything is in points; ``y`` is the baseline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from liushou_desktop.printing.fonts import FontSet

__all__ = ["Fitted", "draw", "fit", "wrap", "draw_lines", "draw_in_box"]

LEADING = 1.25  # line height / font size
ELLIPSIS = "…"
# What is kept together on a line: a Latin word or a number, with what sticks to it.
_TOKENS = re.compile(r"[A-Za-z0-9@._\-+*#/:]+\s*|\s+|.", re.DOTALL)
# Characters that may not start a line (Chinese typesetting rules, 避头点).
_NO_LINE_START = set("，。、；：？！）》」』】〕…—,.;:?!)%")


def draw(
    canvas: Any,
    fonts: FontSet,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    align: str = "left",
    bold: bool = False,
) -> float:
    """Draw one line; ``align`` is left, center or right of ``x``. Returns the width."""
    runs = fonts.runs(text)
    if not runs:
        return 0.0
    width = fonts.width(text, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    if bold:  # the faces have no bold: fill and stroke the outlines (faux bold)
        canvas.saveState()
        canvas.setLineWidth(size * 0.04)
        obj = canvas.beginText(x, y)
        obj.setTextRenderMode(2)
        for face, piece in runs:
            obj.setFont(face, size)
            obj.textOut(piece)
        canvas.drawText(obj)
        canvas.restoreState()
        return width
    if len(runs) == 1:
        canvas.setFont(runs[0][0], size)
        canvas.drawString(x, y, text)
        return width
    obj = canvas.beginText(x, y)
    for face, piece in runs:
        obj.setFont(face, size)
        obj.textOut(piece)
    canvas.drawText(obj)
    return width


def wrap(fonts: FontSet, text: str, size: float, width: float) -> list[str]:
    """``text`` cut into lines no wider than ``width`` (a word wider than the line is cut).

    Line breaks in the text are kept; spaces at the start of a wrapped line are dropped.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(fonts, paragraph, size, width))
    return lines


def _wrap_paragraph(fonts: FontSet, text: str, size: float, width: float) -> list[str]:
    if fonts.width(text, size) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    line_width = 0.0
    for token in _TOKENS.findall(text):
        token_width = fonts.width(token, size)
        if line_width + token_width <= width or not line:
            if not line and token.isspace():
                continue
            if token_width > width:  # a word longer than a line: cut it by characters
                for char in token:
                    char_width = fonts.width(char, size)
                    if line and line_width + char_width > width:
                        lines.append(line)
                        line, line_width = "", 0.0
                    line += char
                    line_width += char_width
                continue
            line += token
            line_width += token_width
            continue
        if token[0] in _NO_LINE_START and len(line) > 1:
            # Carry the line's last character over with the punctuation.
            carried = line[-1]
            lines.append(line[:-1].rstrip())
            line = carried + token
        else:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        line_width = fonts.width(line, size)
    if line:
        lines.append(line.rstrip())
    return lines


@dataclass(frozen=True)
class Fitted:
    """A text fitted into a box: the font size, the lines, and whether it was cut short."""

    size: float
    lines: list[str]
    overflow: bool = False


def fit(
    fonts: FontSet,
    text: str,
    width: float,
    height: float,
    size: float,
    min_size: float,
    *,
    leading: float = LEADING,
    one_line_down_to: float | None = None,
) -> Fitted:
    """The largest size from ``size`` down to ``min_size`` at which ``text`` fits the box
    wrapped; at ``min_size`` the last line that fits ends with "…" (``overflow``).

    ``one_line_down_to``: a one-paragraph text that fits the width on one line at a size
    down to this one is shrunk to stay on one line rather than wrapped (a phone, a name,
    a workplace)."""
    if one_line_down_to is not None and text and "\n" not in text:
        one_line = min(size, width / max(fonts.width(text, 1.0), 1e-6))
        if one_line >= one_line_down_to and one_line * leading <= height + 0.01:
            return Fitted(one_line, [text])
    current = size
    while True:
        lines = wrap(fonts, text, current, width)
        if len(lines) * current * leading <= height + 0.01:
            return Fitted(current, lines)
        if current <= min_size:
            break
        current = max(min_size, current - 0.5)
    keep = max(1, int((height + 0.01) // (current * leading)))
    lines = lines[:keep]
    last = lines[-1]
    while last and fonts.width(last + ELLIPSIS, current) > width:
        last = last[:-1]
    lines[-1] = last + ELLIPSIS
    return Fitted(current, lines, overflow=True)


def draw_lines(
    canvas: Any,
    fonts: FontSet,
    x: float,
    top: float,
    lines: list[str],
    size: float,
    *,
    leading: float = LEADING,
    align: str = "left",
    bold: bool = False,
) -> float:
    """Draw lines downwards from ``top`` (the top of the first line); returns the bottom."""
    y = top
    for line in lines:
        y -= size * leading
        draw(
            canvas,
            fonts,
            x,
            y + size * (leading - 1) / 2 + size * 0.2,
            line,
            size,
            align=align,
            bold=bold,
        )
    return y


def draw_in_box(
    canvas: Any,
    fonts: FontSet,
    text: str,
    x: float,
    y: float,
    width: float,
    height: float,
    size: float,
    min_size: float,
    *,
    align: str = "left",
    valign: str = "middle",
    padding: float = 2.0,
    bold: bool = False,
    one_line_down_to: float | None = None,
) -> Fitted:
    """Fit ``text`` into the box (x, y = its bottom-left) and draw it; returns the fit
    (``one_line_down_to`` as for :func:`fit`)."""
    inner_w, inner_h = width - 2 * padding, height - 2 * padding
    fitted = fit(fonts, text, inner_w, inner_h, size, min_size, one_line_down_to=one_line_down_to)
    block = len(fitted.lines) * fitted.size * LEADING
    if valign == "top":
        top = y + height - padding
    elif valign == "bottom":
        top = y + padding + block
    else:
        top = y + (height + block) / 2
    anchor = {"left": x + padding, "center": x + width / 2, "right": x + width - padding}[align]
    draw_lines(canvas, fonts, anchor, top, fitted.lines, fitted.size, align=align, bold=bold)
    return fitted
