"""The archive form (留守儿童信息登记表): one child a page, A4 portrait, filled.

The fields follow the official census form (登记表) and the school plans' archive: the
child, the guardianship situation and the entrusted guardian, the family (parents,
grandparents, income, assistance), the care plan (一生一策), and the signature blocks
单位负责人 / 复核人 / 填表人 / 填表日期. ID numbers (and the 学籍号 holding one) are
masked. Each section is a ruled block with its title written downwards on the left.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4

from liushou_desktop.domain import form_words
from liushou_desktop.domain.eligibility import age_on
from liushou_desktop.domain.print_records import PrintRecord, SchoolInfo, term_label, work_place
from liushou_desktop.printing.cards import draw_photo
from liushou_desktop.printing.document import MM, PROGRESS_EVERY, Progress
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import (
    Cell,
    Grid,
    birth_month,
    checkboxes,
    day,
    label,
    masked,
    masked_student_number,
    phone,
    relation_word,
    sign_off,
    text,
    value,
)
from liushou_desktop.printing.text import draw, draw_in_box

__all__ = ["ARCHIVE_PAGE", "archive_texts", "draw_archive"]

ARCHIVE_PAGE = A4
TITLE = "留守儿童信息登记表"
SIGN_OFF = (
    ("单位负责人", ""),
    ("复核人", ""),
    ("填表人", ""),
    ("填表日期", "　　　年　　月　　日"),
)

_MARGIN_X = 15 * MM
_MARGIN_TOP = 14 * MM
_MARGIN_BOTTOM = 14 * MM
_SECTION_W = 9 * MM  # the column with the section titles
_LABEL_W = 18 * MM
_ROW = 7.5 * MM
_PHOTO_W = 27 * MM
_GRANDPARENTS = (
    ("paternal_grandfather", "祖父"),
    ("paternal_grandmother", "祖母"),
    ("maternal_grandfather", "外祖父"),
    ("maternal_grandmother", "外祖母"),
)
# The family table's columns (width in mm); their sum is the content width, 171 mm.
_FAMILY_COLUMNS = (
    ("称谓", 14),
    ("姓名", 18),
    ("出生年月", 19),
    ("身份证号", 34),
    ("联系电话", 26),
    ("务工地点", 20),
    ("工作单位、地址及电话", 40),
)

Row = tuple[list[Cell], float]  # the cells of a row and its height


def draw_archive(
    canvas: Any,
    fonts: FontSet,
    school: SchoolInfo,
    records: Sequence[PrintRecord],
    today: date,
    progress: Progress | None = None,
) -> int:
    """One filled form per record, one page each; returns the number of pages."""
    total = len(records)
    if progress is not None:
        progress(0, total)
    term = term_label(today)
    photos: dict[int, Any] = {}
    for done, record in enumerate(records, start=1):
        _page(canvas, fonts, school, term, record, today, photos)
        canvas.showPage()
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return total


def archive_texts(record: PrintRecord) -> list[str]:
    """Every name, address and free text the archive form prints for ``record``."""
    child = record.child
    texts = [
        record.name,
        record.class_name,
        text(child.get("ethnicity")),
        text(child.get("hukou_place")),
        text(child.get("current_address")),
        text(child.get("disability_type")),
        text(child.get("illness_type")),
        text(child.get("hobbies")),
        text(child.get("personality")),
        text(child.get("medical_history")),
        text(child.get("care_needs")),
        text(child.get("care_measures")),
        text(record.family.get("address")),
    ]
    people = [record.guardians.get(r) for r in ("father", "mother")]
    people += [record.guardians.get(r) for r, _ in _GRANDPARENTS]
    people.append(record.entrusted)
    for person in people:
        if person:
            texts += [
                text(person.get("name")),
                text(person.get("relation_note")),
                text(person.get("address")),
                text(person.get("occupation")),
                text(person.get("health")),
                _workplace(person),
                _employer(person),
            ]
    for teacher in (record.mentor, record.class_teacher):
        if teacher:
            texts.append(text(teacher.get("name")))
    return [t for t in texts if t]


# --- the page ---------------------------------------------------------------------------


def _page(
    canvas: Any,
    fonts: FontSet,
    school: SchoolInfo,
    term: str,
    record: PrintRecord,
    today: date,
    photos: dict[int, Any],
) -> None:
    width, height = ARCHIVE_PAGE
    inner = width - 2 * _MARGIN_X
    top = height - _MARGIN_TOP
    draw(canvas, fonts, width / 2, top - 7 * MM, TITLE, 17, align="center", bold=True)
    info_y = top - 13.5 * MM
    draw_in_box(
        canvas,
        fonts,
        f"学校（盖章）：{school.name}",
        _MARGIN_X,
        info_y,
        inner * 0.55,
        5 * MM,
        9.5,
        6,
        padding=0,
    )
    draw_in_box(
        canvas,
        fonts,
        f"学期：{term}",
        _MARGIN_X + inner * 0.55,
        info_y,
        inner * 0.45,
        5 * MM,
        9.5,
        6,
        align="right",
        padding=0,
    )
    content = inner - _SECTION_W
    grid = Grid(canvas, fonts, _MARGIN_X + _SECTION_W, info_y - 1.5 * MM)
    bottom = _MARGIN_BOTTOM + 12 * MM  # the sign-off below the table
    sections = [
        ("基本情况", _child_rows(record, content)),
        ("监护情况", _guardianship_rows(record, content, today)),
        ("家庭情况", _family_rows(record, content)),
    ]
    fixed = sum(h for _, rows in sections for _, h in rows)
    care_height = grid.y - bottom - fixed
    sections.append(("关爱帮扶", _care_rows(record, content, care_height)))
    for title, rows in sections:
        section_top = grid.y
        grid.x = _MARGIN_X
        grid.section(title, _SECTION_W, sum(h for _, h in rows))
        grid.x = _MARGIN_X + _SECTION_W
        for index, (cells, row_height) in enumerate(rows):
            grid.row(cells, row_height)
            if title == "基本情况" and index == 3:
                _photo_box(grid, section_top, content, record.child.get("photo"), photos)
    canvas.setLineWidth(1.0)  # a stronger frame around the whole table
    canvas.rect(_MARGIN_X, grid.y, inner, info_y - 1.5 * MM - grid.y, stroke=1, fill=0)
    sign_off(canvas, fonts, _MARGIN_X, _MARGIN_BOTTOM + 4 * MM, inner, SIGN_OFF)


def _photo_box(
    grid: Grid, section_top: float, content: float, photo: bytes | None, photos: dict[int, Any]
) -> None:
    """The child's photo, or the box to stick one in, right of the first four rows."""
    x = grid.x + content - _PHOTO_W
    grid.cell(Cell("", _PHOTO_W, False), x, grid.y, _PHOTO_W, section_top - grid.y)
    draw_photo(grid.canvas, grid.fonts, photo, x, grid.y, _PHOTO_W, section_top - grid.y, photos)


def _columns(content: float) -> list[float]:
    """The widths of the form's six columns (label, value, label, value, label, value),
    shared by every section so that the labels line up; the last value column is wide
    enough to leave room for the photo beside the first rows."""
    value_w = (content - _PHOTO_W - 3 * _LABEL_W) / 3
    return [_LABEL_W, value_w, _LABEL_W, value_w, _LABEL_W, content - 3 * _LABEL_W - 2 * value_w]


def _span(columns: list[float], first: int, last: int) -> float:
    """The width of columns ``first`` to ``last``, both included."""
    return sum(columns[first : last + 1])


def _child_rows(record: PrintRecord, content: float) -> list[Row]:
    child = record.child
    c = _columns(content)
    beside_photo = c[5] - _PHOTO_W
    health = form_words.word(form_words.HEALTH, child.get("health") or "")
    disability = f"{text(child.get('disability_type'))}{text(child.get('disability_grade'))}"
    stage = form_words.word(form_words.SCHOOLING_STAGES, child.get("schooling_stage") or "")
    categories = form_words.words(form_words.CATEGORIES, list(child.get("categories") or []))
    return [
        (
            [
                label("姓名", c[0]),
                value(record.name, c[1]),
                label("性别", c[2]),
                value(form_words.word(form_words.SEX, child.get("sex") or ""), c[3]),
                label("民族", c[4]),
                value(text(child.get("ethnicity")), beside_photo),
            ],
            _ROW,
        ),
        (
            [
                label("出生日期", c[0]),
                value(day(child.get("birth_date")), c[1]),
                label("班级", c[2]),
                value(record.class_name, c[3]),
                label("就学情况", c[4]),
                value(stage, beside_photo),
            ],
            _ROW,
        ),
        (
            [
                label("身份证号", c[0]),
                value(masked(child.get("id_number")), c[1]),
                label("学籍号", c[2]),
                value(
                    masked_student_number(child.get("student_number"), child.get("id_number")),
                    _span(c, 3, 4) + beside_photo,
                ),
            ],
            _ROW,
        ),
        (
            [
                label("是否登记户口", c[0]),
                value(form_words.yes_no(child.get("hukou_registered")), c[1]),
                label("户籍所在地", c[2]),
                value(text(child.get("hukou_place")), _span(c, 3, 4) + beside_photo),
            ],
            _ROW,
        ),
        (
            [
                label("现居住地", c[0]),
                value(text(child.get("current_address")), _span(c, 1, 5)),
            ],
            _ROW * 1.25,
        ),
        (
            [
                label("身体情况", c[0]),
                value(health, c[1]),
                label("残疾类别及等级", c[2]),
                value(disability, c[3]),
                label("患病类型", c[4]),
                value(text(child.get("illness_type")), c[5]),
            ],
            _ROW,
        ),
        (
            [
                label("是否学校寄宿", c[0]),
                value(form_words.yes_no(child.get("boarding")), c[1]),
                label("特殊类别", c[2]),
                value(categories, _span(c, 3, 5)),
            ],
            _ROW,
        ),
        (
            [
                label("兴趣爱好", c[0]),
                value(text(child.get("hobbies")), _span(c, 1, 3)),
                label("性格特点", c[4]),
                value(text(child.get("personality")), c[5]),
            ],
            _ROW,
        ),
        (
            [
                label("既往病史", c[0]),
                value(text(child.get("medical_history")), _span(c, 1, 5)),
            ],
            _ROW * 1.25,
        ),
    ]


def _away_situation(child: dict[str, Any]) -> str:
    """The two official situations as checkboxes, the one that applies ticked."""
    ticked = []
    if child.get("both_parents_away"):
        ticked.append("父母双方外出")
    unable = ""
    if child.get("one_parent_away_other_unable"):
        ticked.append("父母一方外出、另一方无监护能力")
        unable = form_words.word(form_words.UNABLE_PARENT, child.get("unable_parent") or "")
    shown = checkboxes(("父母双方外出", "父母一方外出、另一方无监护能力"), ticked)
    return f"{shown}（无监护能力：{unable}）" if unable else shown


def _guardianship_rows(record: PrintRecord, content: float, today: date) -> list[Row]:
    child = record.child
    c = _columns(content)
    kind = form_words.word(form_words.GUARDIANSHIP_TYPES, child.get("guardianship_type") or "")
    types = [words[0] for words in form_words.GUARDIANSHIP_TYPES.values()]
    person = record.entrusted or {}
    has = record.entrusted is not None
    birth = person.get("birth_date")
    age = f"{age_on(birth, today)}岁" if birth else ""
    return [
        (
            [label("留守类型", _LABEL_W), value(_away_situation(child), content - _LABEL_W)],
            _ROW,
        ),
        (
            [
                label("监护类型", _LABEL_W),
                value(checkboxes(types, [kind] if kind else []), content - _LABEL_W),
            ],
            _ROW,
        ),
        (
            [
                label("委托监护人", c[0]),
                value(text(person.get("name")) if has else "无", c[1]),
                label("与被监护人关系", c[2]),
                value(relation_word(person) if has else "", c[3]),
                label("联系电话", c[4]),
                value(phone(person.get("phone")), c[5]),
            ],
            _ROW,
        ),
        (
            [
                label("身份证号", c[0]),
                value(masked(person.get("id_number")), c[1]),
                label("年龄", c[2]),
                value(age, c[3]),
                label("健康状况", c[4]),
                value(text(person.get("health")), c[5]),
            ],
            _ROW,
        ),
        (
            [
                label("职业", c[0]),
                value(text(person.get("occupation")), c[1]),
                label("居住地址", c[2]),
                value(text(person.get("address")), _span(c, 3, 5)),
            ],
            _ROW * 1.25,
        ),
    ]


def _workplace(person: dict[str, Any]) -> str:
    """Where a parent works: 广东省东莞市."""
    return work_place(person)


def _employer(person: dict[str, Any]) -> str:
    """The employer, its address and phone, as one text."""
    parts = [text(person.get("employer")), text(person.get("employer_address"))]
    work_phone = phone(person.get("employer_phone"))
    if work_phone:
        parts.append(f"电话 {work_phone}")
    return "，".join(p for p in parts if p)


def _family_rows(record: PrintRecord, content: float) -> list[Row]:
    widths = [w * MM for _, w in _FAMILY_COLUMNS]
    widths[-1] = content - sum(widths[:-1])
    rows: list[Row] = [
        ([label(title, w) for (title, _), w in zip(_FAMILY_COLUMNS, widths, strict=True)], _ROW)
    ]
    people = [("father", "父亲", True), ("mother", "母亲", True)]
    people += [(relation, title, False) for relation, title in _GRANDPARENTS]
    for relation, title, parent in people:
        person = record.guardians.get(relation) or {}
        texts = [
            title,
            text(person.get("name")),
            birth_month(person.get("birth_date")),
            masked(person.get("id_number")),
            phone(person.get("phone")),
            _workplace(person) if parent else "",
            _employer(person) if parent else "",
        ]
        cells = [label(texts[0], widths[0])]
        cells += [value(t, w) for t, w in zip(texts[1:], widths[1:], strict=True)]
        rows.append((cells, _ROW * 1.6 if parent else _ROW))
    family = record.family
    c = _columns(content)
    rows += [
        (
            [
                label("家庭住址", c[0]),
                value(text(family.get("address")), _span(c, 1, 3)),
                label("家庭电话", c[4]),
                value(phone(family.get("home_phone")), c[5]),
            ],
            _ROW * 1.25,
        ),
        (
            [
                label("家庭经济来源", _LABEL_W),
                value(
                    _options(form_words.INCOME_SOURCES, family.get("income_sources")),
                    content - _LABEL_W,
                ),
            ],
            _ROW,
        ),
        (
            [
                label("救助帮扶情况", _LABEL_W),
                value(
                    _options(form_words.ASSISTANCE, family.get("assistance")), content - _LABEL_W
                ),
            ],
            _ROW,
        ),
    ]
    return rows


def _options(table: Any, codes: Any) -> str:
    """Every word of a table as a checkbox, those of ``codes`` ticked."""
    chosen = [form_words.word(table, c) for c in (codes or [])]
    return checkboxes([words[0] for words in table.values()], chosen)


def _teacher(person: dict[str, Any] | None) -> str:
    if not person:
        return ""
    shown = phone(person.get("phone"))
    return f"{text(person.get('name'))}　{shown}".strip()


def _care_rows(record: PrintRecord, content: float, height: float) -> list[Row]:
    child = record.child
    c = _columns(content)
    mentor = record.mentor or record.class_teacher
    box = max(_ROW * 1.5, (height - _ROW) / 2)
    return [
        (
            [
                label("帮扶教师", c[0]),
                value(_teacher(mentor), _span(c, 1, 3)),
                label("班主任", c[4]),
                value(_teacher(record.class_teacher), c[5]),
            ],
            _ROW,
        ),
        (
            [
                label("关爱需求", _LABEL_W),
                Cell(text(child.get("care_needs")), content - _LABEL_W, valign="top"),
            ],
            box,
        ),
        (
            [
                label("帮扶措施", _LABEL_W),
                Cell(text(child.get("care_measures")), content - _LABEL_W, valign="top"),
            ],
            box,
        ),
    ]
