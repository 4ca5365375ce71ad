"""The contact card (联系卡): one per child, in four layouts.

* ``a4`` (default): four A6 cards on an A4 page, with dashed cut lines and corner marks;
* ``a6``: one card per A6 page (card printers, or A4 printers that take A6 paper);
* ``a5``: the same card enlarged on an A5 page, for those who read large print;
* ``wallet``: a bank-card-size card (85.6 × 54 mm) with a front and a back side by side,
  folded along the dashed line; five on an A4 page.

Every card carries the school's name and the term. ID numbers are masked; health details
are never on a card. Long texts shrink, then wrap, inside their box.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4, A5, A6

from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.printing.document import (
    MM,
    PROGRESS_EVERY,
    Progress,
    Unprintable,
)
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.text import draw, draw_in_box

__all__ = [
    "CardData",
    "CardSchool",
    "Contact",
    "DEFAULT_LAYOUT",
    "LAYOUTS",
    "Layout",
    "draw_cards",
    "draw_photo",
    "unprintable",
]


@dataclass(frozen=True)
class Contact:
    """A person on the card; empty strings for what is not known."""

    name: str = ""
    phone: str = ""  # formatted for reading: 138 1234 5678, 0851-8123456
    relation: str = ""  # 祖父, 外婆... (for the guardian)
    workplace: str = ""  # 广东省东莞市 某某电子厂
    work_phone: str = ""
    address: str = ""

    def named(self) -> str:
        """The name with the relation: 高芳梦（外婆）."""
        if self.name and self.relation:
            return f"{self.name}（{self.relation}）"
        return self.name


@dataclass(frozen=True)
class CardData:
    """What one child's card shows."""

    name: str
    sex: str = ""  # 男 / 女
    class_name: str = ""
    masked_id: str = ""
    address: str = ""
    photo: bytes | None = field(default=None, repr=False)
    father: Contact = Contact()
    mother: Contact = Contact()
    guardian: Contact = Contact()
    mentor: Contact = Contact()
    class_teacher: Contact = Contact()

    def who(self) -> str:
        return f"{self.name}（{self.class_name}）" if self.class_name else self.name

    def texts(self) -> list[str]:
        """Every text the card prints for this child."""
        people = (self.father, self.mother, self.guardian, self.mentor, self.class_teacher)
        return [
            self.name,
            self.class_name,
            self.address,
            *(t for p in people for t in (p.name, p.relation, p.workplace, p.address)),
        ]


@dataclass(frozen=True)
class CardSchool:
    """What every card shows of the school."""

    name: str
    term: str  # 2026—2027学年第一学期
    family_phone: str = ""  # 亲情电话
    emergency_phones: str = ""  # 镇派出所 0851-…；镇卫生院 …


@dataclass(frozen=True)
class Layout:
    """A card layout: the page, the card slots on it (x, y of the bottom-left, in points),
    the card's design size and its scale."""

    key: str
    label: str  # English, translated by the GUI (tr_vocab)
    pagesize: tuple[float, float]
    slots: tuple[tuple[float, float], ...]
    card: tuple[float, float]
    scale: float = 1.0
    wallet: bool = False

    @property
    def per_page(self) -> int:
        return len(self.slots)


_A6_W, _A6_H = A6
_WALLET_W, _WALLET_H = 85.6 * MM, 54 * MM
_WALLET_TOP = (A4[1] - 5 * _WALLET_H) / 2
LAYOUTS: dict[str, Layout] = {
    layout.key: layout
    for layout in (
        Layout(
            "a4",
            QT_TRANSLATE_NOOP("Vocab", "4 cards on an A4 page, with cut lines"),
            A4,
            ((0, _A6_H), (_A6_W, _A6_H), (0, 0), (_A6_W, 0)),
            A6,
        ),
        Layout("a6", QT_TRANSLATE_NOOP("Vocab", "1 card per A6 page"), A6, ((0, 0),), A6),
        Layout(
            "a5",
            QT_TRANSLATE_NOOP("Vocab", "1 large card per A5 page"),
            A5,
            ((0, 0),),
            A6,
            scale=A5[0] / A6[0],
        ),
        Layout(
            "wallet",
            QT_TRANSLATE_NOOP("Vocab", "Wallet size, folded (5 on an A4 page)"),
            A4,
            tuple(
                ((A4[0] - 2 * _WALLET_W) / 2, A4[1] - _WALLET_TOP - (i + 1) * _WALLET_H)
                for i in range(5)
            ),
            (2 * _WALLET_W, _WALLET_H),
            wallet=True,
        ),
    )
}
DEFAULT_LAYOUT = "a4"


def unprintable(fonts: FontSet, cards: Sequence[CardData]) -> list[Unprintable]:
    """The texts of ``cards`` with characters no font has, one entry per text."""
    found: list[Unprintable] = []
    for card in cards:
        for text in card.texts():
            chars = fonts.missing(text) if text else ""
            if chars:
                found.append(Unprintable(card.who(), text, chars))
    return found


def draw_cards(
    canvas: Any,
    fonts: FontSet,
    school: CardSchool,
    cards: Sequence[CardData],
    layout: Layout,
    progress: Progress | None = None,
) -> int:
    """Draw every card, ``layout.per_page`` to a page; returns the number of pages."""
    total = len(cards)
    pages = 0
    photos: dict[int, Any] = {}
    if not layout.wallet:
        _card_template(canvas, fonts, school)
    if progress is not None:
        progress(0, total)
    for start in range(0, max(total, 1), layout.per_page):
        batch = cards[start : start + layout.per_page]
        if not batch and pages:
            break
        pages += 1
        if layout.key == "a4":
            _cut_lines_a4(canvas)
        for (x, y), card in zip(layout.slots, batch, strict=False):
            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(layout.scale, layout.scale)
            if layout.wallet:
                _wallet_card(canvas, fonts, school, card, photos)
            else:
                _card(canvas, fonts, school, card, photos)
            canvas.restoreState()
        if layout.wallet:
            _cut_marks_wallet(canvas, layout, len(batch))
        canvas.showPage()
        done = min(start + layout.per_page, total)
        if progress is not None and (done % PROGRESS_EVERY < layout.per_page or done == total):
            progress(done, total)
    return pages


# --- the A6 card ----------------------------------------------------------------------

_GREY = 0.92
_LINE = 0.45
_LABEL_SIZE = 7.5
_VALUE_SIZE = 8.5
_MIN_SIZE = 5.5
_ONE_LINE_MIN = 7.0  # a value shrinks down to this size to stay on one line, then wraps


_ROW_H = 7.6 * MM
_CARD_MARGIN = 6 * MM
_TEMPLATE = "liushouCardA6"  # the Form XObject of a card's fixed parts


def _card_cells(card: CardData, school: CardSchool) -> list[tuple[float, list[_Cell]]]:
    """The card's table: rows of (height, cells) from the top; a cell is (text, width,
    kind) with kind "label" (grey, fixed), "fixed" (the same on every card) or "value"."""
    inner = A6[0] - 2 * _CARD_MARGIN
    label_w, value_w, label2_w = 17 * MM, 33 * MM, 13 * MM
    value2_w = inner - label_w - value_w - label2_w
    narrow = inner - _PHOTO_W - label_w  # the value width of the rows beside the photo
    wide = inner - label_w

    def pair(label: str, name: str, label2: str, value: str) -> list[_Cell]:
        return [
            (label, label_w, "label"),
            (name, value_w, "value"),
            (label2, label2_w, "label"),
            (value, value2_w, "value"),
        ]

    rows: list[tuple[float, list[_Cell]]] = [
        (
            _ROW_H,
            [
                ("姓名", label_w, "label"),
                (card.name, narrow - 22 * MM, "value"),
                ("性别", 10 * MM, "label"),
                (card.sex, 12 * MM, "value"),
            ],
        ),
        (_ROW_H, [("班级", label_w, "label"), (card.class_name, narrow, "value")]),
        (_ROW_H, [("身份证号", label_w, "label"), (card.masked_id, narrow, "value")]),
        (_ROW_H * 1.25, [("家庭住址", label_w, "label"), (card.address, wide, "value")]),
    ]
    for label, person in (("父亲", card.father), ("母亲", card.mother)):
        rows.append((_ROW_H, pair(label, person.name, "电话", person.phone)))
        rows.append((_ROW_H, pair("务工地点", person.workplace, "单位电话", person.work_phone)))
    guardian = card.guardian
    rows.append((_ROW_H, pair("监护人", guardian.named(), "电话", guardian.phone)))
    rows.append((_ROW_H, [("监护人住址", label_w, "label"), (guardian.address, wide, "value")]))
    for label, person in (("帮扶教师", card.mentor), ("班主任", card.class_teacher)):
        rows.append((_ROW_H, pair(label, person.name, "电话", person.phone)))
    emergency = school.emergency_phones or "报警 110　急救 120　火警 119"
    rows += [
        (_ROW_H, [("学校亲情电话", label_w, "label"), (school.family_phone, wide, "fixed")]),
        (_ROW_H, [("紧急求助", label_w, "label"), (emergency, wide, "fixed")]),
        (
            _ROW_H,
            [
                (t, w, "fixed" if k == "value" else k)
                for t, w, k in pair("紧急联系人", "", "电话", "")
            ],
        ),
    ]
    return rows


_Cell = tuple[str, float, str]
_PHOTO_W = 21 * MM
_TABLE_TOP = A6[1] - _CARD_MARGIN - 12.5 * MM


def _card_template(canvas: Any, fonts: FontSet, school: CardSchool) -> None:
    """Draw the fixed parts of the A6 card once, as a Form XObject every card reuses:
    the title, the school line, the grid, the labels, the school's numbers, the footer."""
    width, height = A6
    inner = width - 2 * _CARD_MARGIN
    top = height - _CARD_MARGIN
    canvas.beginForm(_TEMPLATE, 0, 0, width, height)
    draw(canvas, fonts, width / 2, top - 5 * MM, "留守儿童联系卡", 13, align="center", bold=True)
    draw_in_box(
        canvas,
        fonts,
        f"{school.name}　{school.term}",
        _CARD_MARGIN,
        top - 11 * MM,
        inner,
        5 * MM,
        8,
        _MIN_SIZE,
        align="center",
        padding=0.5,
    )
    canvas.setLineWidth(_LINE)
    y = _TABLE_TOP
    for h, cells in _card_cells(CardData(""), school):
        y -= h
        x = _CARD_MARGIN
        for text, w, kind in cells:
            if kind == "label":
                canvas.setFillGray(_GREY)
                canvas.rect(x, y, w, h, stroke=1, fill=1)
                canvas.setFillGray(0)
                draw_in_box(
                    canvas,
                    fonts,
                    text,
                    x,
                    y,
                    w,
                    h,
                    _LABEL_SIZE,
                    _MIN_SIZE,
                    align="center",
                    padding=1.2,
                )
            else:
                canvas.rect(x, y, w, h, stroke=1, fill=0)
                if kind == "fixed":
                    draw_in_box(
                        canvas, fonts, text, x, y, w, h, _VALUE_SIZE, _MIN_SIZE, padding=1.8
                    )
            x += w
    canvas.rect(_CARD_MARGIN + inner - _PHOTO_W, _TABLE_TOP - 3 * _ROW_H, _PHOTO_W, 3 * _ROW_H)
    draw_in_box(
        canvas,
        fonts,
        "请妥善保管此卡；家庭情况或电话有变化，请及时告诉班主任。",
        _CARD_MARGIN,
        y - 5 * MM,
        inner,
        4.5 * MM,
        6.5,
        _MIN_SIZE,
        align="center",
        padding=0.3,
    )
    canvas.endForm()


def _card(
    canvas: Any, fonts: FontSet, school: CardSchool, card: CardData, photos: dict[int, Any]
) -> None:
    """One card in the A6 design (105 × 148 mm), its bottom-left at the origin: the
    template, then this child's values and photo."""
    canvas.doForm(_TEMPLATE)
    y = _TABLE_TOP
    for h, cells in _card_cells(card, school):
        y -= h
        x = _CARD_MARGIN
        for text, w, kind in cells:
            if kind == "value" and text:
                draw_in_box(
                    canvas,
                    fonts,
                    text,
                    x,
                    y,
                    w,
                    h,
                    _VALUE_SIZE,
                    _MIN_SIZE,
                    padding=1.8,
                    one_line_down_to=_ONE_LINE_MIN,
                )
            x += w
    inner = A6[0] - 2 * _CARD_MARGIN
    draw_photo(
        canvas,
        fonts,
        card.photo,
        _CARD_MARGIN + inner - _PHOTO_W,
        _TABLE_TOP - 3 * _ROW_H,
        _PHOTO_W,
        3 * _ROW_H,
        photos,
    )


def _photo_box(
    canvas: Any,
    fonts: FontSet,
    card: CardData,
    x: float,
    y: float,
    w: float,
    h: float,
    photos: dict[int, Any],
) -> None:
    """A box with the child's photo, or "照片" where to stick one."""
    canvas.rect(x, y, w, h, stroke=1, fill=0)
    draw_photo(canvas, fonts, card.photo, x, y, w, h, photos)


def draw_photo(
    canvas: Any,
    fonts: FontSet,
    photo: bytes | None,
    x: float,
    y: float,
    w: float,
    h: float,
    photos: dict[int, Any],
) -> None:
    """A stored photo (JPEG) centred in the box, or "照片" where to stick one; ``photos``
    caches the decoded images of one document."""
    image = _image(photo, photos) if photo else None
    if image is None:
        draw_in_box(canvas, fonts, "照片", x, y, w, h, 7, 6, align="center")
        return
    iw, ih = image.getSize()
    scale = min((w - 2) / iw, (h - 2) / ih)
    dw, dh = iw * scale, ih * scale
    canvas.drawImage(image, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh)


def _image(data: bytes, photos: dict[int, Any]) -> Any:
    """A reportlab image of a stored photo (None if it cannot be read)."""
    key = id(data)
    if key not in photos:
        from reportlab.lib.utils import ImageReader

        try:
            photos[key] = ImageReader(io.BytesIO(data))
            photos[key].getSize()
        except Exception:  # noqa: BLE001 - a damaged photo leaves the box empty, not the print
            photos[key] = None
    return photos[key]


def _cut_lines_a4(canvas: Any) -> None:
    """Dashed lines between the four cards, and a scissors mark."""
    width, height = A4
    canvas.saveState()
    canvas.setStrokeGray(0.55)
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    canvas.line(width / 2, 0, width / 2, height)
    canvas.line(0, height / 2, width, height / 2)
    canvas.restoreState()


# --- the wallet card ------------------------------------------------------------------


def _wallet_card(
    canvas: Any, fonts: FontSet, school: CardSchool, card: CardData, photos: dict[int, Any]
) -> None:
    """Front (left) and back (right), each 85.6 × 54 mm; the fold between them."""
    w, h = _WALLET_W, _WALLET_H
    pad = 3 * MM
    canvas.setLineWidth(_LINE)
    # Front: who the child is and whom to call at school.
    draw(canvas, fonts, w / 2, h - pad - 3.2 * MM, "留守儿童联系卡", 9.5, align="center", bold=True)
    draw_in_box(
        canvas,
        fonts,
        f"{school.name}　{school.term}",
        pad,
        h - pad - 8 * MM,
        w - 2 * pad,
        4 * MM,
        6.5,
        5,
        align="center",
        padding=0.3,
    )
    photo_w, photo_h = 17 * MM, 22 * MM
    _photo_box(canvas, fonts, card, w - pad - photo_w, pad + 10 * MM, photo_w, photo_h, photos)
    text_w = w - 3 * pad - photo_w
    lines = [
        (f"{card.name}　{card.sex}", 10, True),
        (card.class_name, 7.5, False),
        (f"班主任 {card.class_teacher.name}　{card.class_teacher.phone}", 7, False),
        (f"帮扶教师 {card.mentor.name}　{card.mentor.phone}", 7, False),
        (f"学校亲情电话 {school.family_phone}", 7, False),
    ]
    y = h - pad - 9 * MM
    for text, size, bold in lines:
        box_h = size * 1.45
        y -= box_h
        draw_in_box(canvas, fonts, text, pad, y, text_w, box_h, size, 5, padding=0.2, bold=bold)
    draw_in_box(canvas, fonts, card.masked_id, pad, pad, w - 2 * pad, 5 * MM, 6.5, 5, padding=0.2)
    # Back: the family and what to do in an emergency.
    canvas.saveState()
    canvas.translate(w, 0)
    guardian = card.guardian
    rows = [
        ("父亲", f"{card.father.name}　{card.father.phone}"),
        ("母亲", f"{card.mother.name}　{card.mother.phone}"),
        (
            "监护人",
            f"{guardian.named()}　{guardian.phone}",
        ),
        ("家庭住址", card.address),
        ("紧急求助", school.emergency_phones or "报警 110　急救 120　火警 119"),
    ]
    label_w = 13 * MM
    row_h = (h - 2 * pad) / len(rows)
    y = h - pad
    for label, value in rows:
        y -= row_h
        canvas.setFillGray(_GREY)
        canvas.rect(pad, y, label_w, row_h, stroke=1, fill=1)
        canvas.setFillGray(0)
        canvas.rect(pad + label_w, y, w - 2 * pad - label_w, row_h, stroke=1, fill=0)
        draw_in_box(
            canvas, fonts, label, pad, y, label_w, row_h, 6.5, 5, align="center", padding=0.8
        )
        draw_in_box(
            canvas, fonts, value, pad + label_w, y, w - 2 * pad - label_w, row_h, 7, 5, padding=1.2
        )
    canvas.restoreState()


def _cut_marks_wallet(canvas: Any, layout: Layout, count: int) -> None:
    """Solid cut lines round each card, a dashed fold line down the middle."""
    x0 = layout.slots[0][0]
    w, h = layout.card
    canvas.saveState()
    canvas.setStrokeGray(0.45)
    canvas.setLineWidth(0.4)
    for _, y in layout.slots[:count]:
        canvas.rect(x0, y, w, h, stroke=1, fill=0)
    top = layout.slots[0][1] + h
    bottom = layout.slots[count - 1][1]
    canvas.setDash(2, 2)
    canvas.line(x0 + w / 2, bottom, x0 + w / 2, top)
    canvas.restoreState()
