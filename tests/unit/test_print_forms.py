"""The printed forms (archive 登记表, talk record sheet 谈心记录卡, roster 花名册), checked
in the PDFs themselves: their text (pypdf), their fonts, where each character sits
(pypdfium2) and a rendered page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from sqlalchemy import select, update

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Guardian, Talk
from liushou_desktop.domain import vocab
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.months import month_key
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.print_records import (
    PrintRecord,
    Selection,
    attach_talks,
    load_records,
    load_school,
)
from liushou_desktop.domain.printing import PrintCancelled, PrintService
from liushou_desktop.printing import forms
from liushou_desktop.printing.document import MM, write_pdf
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.form_grid import masked_student_number
from liushou_desktop.printing.forms_roster import (
    ADDRESS_COLUMN,
    MAX_LINES,
    VALUE_SIZE,
    column_widths,
    layout_roster,
    paginate,
)
from liushou_desktop.printing.forms_talk import FORM_WORDS
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
MARGIN = 12 * MM
LONG_ADDRESS = (
    "贵州省黔东南苗族侗族自治州施秉县新场镇沙坝乡大坡村第三村民小组"
    "老街向东二百米过河左转第一家（门口有棵大核桃树）"
)
LONG_TEXT = "孩子性格内向，和奶奶同住，父母在广东打工，每月通一次视频电话。" * 4


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    """The bundled fonts only: 𠇔 (Extension B) has no glyph in them."""
    return FontSet()


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(30, "t")
    return school_db


@pytest.fixture
def service(demo_db: Database, clock: FakeClock, fonts: FontSet) -> PrintService:
    return PrintService(demo_db, clock, fonts=fonts)


def records_of(db: Database) -> list[PrintRecord]:
    with db.session_factory() as session:
        return load_records(session, ADMIN, Selection())


def page_texts(path: Path) -> list[str]:
    """Each page's text, without white space (a line break may fall inside a name)."""
    return ["".join(page.extract_text().split()) for page in PdfReader(path).pages]


def all_id_numbers(db: Database) -> list[str]:
    with db.session_factory() as session:
        children = session.scalars(select(Child.id_number)).all()
        adults = session.scalars(select(Guardian.id_number)).all()
    return [n for n in (*children, *adults) if n]


def change_child(db: Database, child_id: str, **values: Any) -> None:
    with db.session_scope("t") as session:
        session.execute(update(Child).where(Child.id == child_id).values(**values))


def font_dicts(path: Path) -> list[tuple[str, DictionaryObject]]:
    """(base font name, font dictionary) of every font every page uses."""
    found = []
    for page in PdfReader(path).pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).get_object().values():
            font = ref.get_object()
            found.append((str(font["/BaseFont"]), font))
    return found


def assert_fonts_embedded(path: Path) -> None:
    fonts_used = font_dicts(path)
    assert fonts_used
    for name, font in fonts_used:
        assert "Helvetica" not in name
        if font["/Subtype"] == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name


def char_boxes(path: Path) -> list[tuple[int, str, tuple[float, float, float, float], float]]:
    """(page, character, (left, bottom, right, top), page width) of every drawn character."""
    found = []
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            width, _ = page.get_size()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            for i in range(textpage.count_chars()):
                char = text[i] if i < len(text) else ""
                if char.isspace():
                    continue
                found.append((index, char, textpage.get_charbox(i), width))
    finally:
        document.close()
    return found


def assert_inside_margins(path: Path) -> None:
    boxes = char_boxes(path)
    assert boxes
    document = pdfium.PdfDocument(str(path))
    height = document[0].get_size()[1]
    document.close()
    for page, char, (left, bottom, right, top), width in boxes:
        assert left >= MARGIN - 0.5 and right <= width - MARGIN + 0.5, (page, char, left, right)
        assert bottom >= MARGIN - 0.5 and top <= height - MARGIN + 0.5, (page, char, bottom, top)


# --- the archive form ---------------------------------------------------------------


def test_archive_has_one_page_per_child_with_names_and_masked_ids(
    service: PrintService, demo_db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "archive.pdf"
    outcome = service.document(ADMIN, "archive", target)
    records = records_of(demo_db)
    texts = page_texts(target)
    assert outcome.pages == len(texts) == len(records) == 30
    for record, text in zip(records, texts, strict=True):
        child = record.child
        assert "留守儿童信息登记表" in text and "阳光小学" in text
        assert record.name in text and record.class_name in text
        assert mask_id_number(child["id_number"]) in text
        father = record.guardians["father"]
        assert father["name"] in text and mask_id_number(father["id_number"]) in text
        for block in ("单位负责人", "复核人", "填表人", "填表日期"):
            assert block in text
    whole = "".join(texts)
    for number in all_id_numbers(demo_db):
        assert number not in whole
    assert "2026—2027学年第一学期" in whole


def test_archive_wraps_long_texts_inside_the_page(
    service: PrintService, demo_db: Database, tmp_path: Path
) -> None:
    child = records_of(demo_db)[0].child
    change_child(
        demo_db,
        child["id"],
        current_address=LONG_ADDRESS,
        care_needs=LONG_TEXT,
        care_measures=LONG_TEXT,
        medical_history="幼儿期患过肺炎，对青霉素过敏。" * 3,
    )
    target = tmp_path / "archive.pdf"
    service.document(ADMIN, "archive", target, Selection(child_ids=(child["id"],)))
    text = page_texts(target)[0]
    assert LONG_ADDRESS in text  # wrapped whole, not cut short
    assert LONG_TEXT in text
    assert "…" not in text
    assert_inside_margins(target)
    assert_fonts_embedded(target)


def test_archive_page_renders_ink(service: PrintService, tmp_path: Path) -> None:
    target = tmp_path / "archive.pdf"
    service.document(ADMIN, "archive", target)
    document = pdfium.PdfDocument(str(target))
    try:
        bitmap = document[0].render(scale=1, grayscale=True)
        pixels = bytes(bitmap.buffer)
    finally:
        document.close()
    dark = sum(1 for value in pixels[::3] if value < 128)
    # Text and ruled lines, but far from a black page.
    assert 0.01 < dark / len(pixels[::3]) < 0.5


# --- the talk record sheet ------------------------------------------------------------


def test_filled_talk_sheets_show_each_child_and_the_month(
    service: PrintService, demo_db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "talk.pdf"
    outcome = service.document(ADMIN, "talk-sheet", target, month=date(2026, 11, 1))
    records = records_of(demo_db)
    texts = page_texts(target)
    assert outcome.pages == len(texts) == len(records)
    for record, text in zip(records, texts, strict=True):
        teacher = record.mentor or record.class_teacher
        assert teacher is not None
        assert record.name in text and record.class_name in text
        assert teacher["name"] in text
        assert "2026年11月" in text
        birth = record.child["birth_date"]
        before = (birth.month, birth.day) > (11, 1)
        assert f"{2026 - birth.year - before}岁" in text
        for label in ("谈心时间", "孩子近况", "发现的问题", "采取的措施", "跟进日期"):
            assert label in text
        assert "□面谈" in text and "□涉嫌违法" in text and "帮扶教师签名" in text
    assert_fonts_embedded(target)
    assert_inside_margins(target)


def test_blank_talk_sheet_is_one_page_without_any_child(
    service: PrintService, demo_db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "blank.pdf"
    outcome = service.document(ADMIN, "talk-sheet", target, blank=True)
    texts = page_texts(target)
    assert outcome.pages == len(texts) == 1 and outcome.items == 0
    text = texts[0]
    assert "谈心记录卡" in text and "学生姓名" in text and "□家访" in text
    for record in records_of(demo_db):
        assert record.name not in text
    assert "2026年11月" not in text
    assert_fonts_embedded(target)


OCTOBER = date(2026, 10, 1)  # the demo holds most children's talks in the months before


def held_talk(db: Database, month: date) -> Talk:
    """A held talk of ``month`` (the demo's), detached from its session."""
    with db.session_factory() as session:
        talk = session.scalars(
            select(Talk).where(Talk.month == month_key(month), Talk.status == vocab.TALK_DONE)
        ).first()
        assert talk is not None
        session.expunge(talk)
        return talk


def print_talk_sheets(
    db: Database, fonts: FontSet, child_ids: tuple[str, ...], month: date, target: Path
) -> list[PrintRecord]:
    """The talk sheets of the children for ``month``, each filled with its held talk (as
    PrintService.document does with attach_talks); the records printed."""
    with db.session_factory() as session:
        records = load_records(session, ADMIN, Selection(child_ids=child_ids))
        attach_talks(session, records, month_key(month))
        school = load_school(session)
    write_pdf(
        target,
        "谈心记录卡",
        lambda canvas: forms.draw_talk_sheets(canvas, fonts, school, records, month),
        pagesize=forms.PAGE_SIZES["talk-sheet"],
        initial_font=fonts.primary,
    )
    return records


def test_talk_sheet_is_filled_with_the_held_talk_of_the_month(
    demo_db: Database, fonts: FontSet, tmp_path: Path
) -> None:
    talk = held_talk(demo_db, OCTOBER)
    with demo_db.session_scope("t") as session:
        session.execute(
            update(Talk)
            .where(Talk.id == talk.id)
            .values(
                place="学校心理辅导室",
                topics=["study", "family"],
                condition="最近按时完成作业，和奶奶相处融洽。",
                problems="想念在外打工的妈妈。",
                measures="约好每周和妈妈视频一次。",
                follow_up_on=date(2026, 10, 28),
                concerns=["mental"],
            )
        )
    target = tmp_path / "talk.pdf"
    records = print_talk_sheets(demo_db, fonts, (talk.child_id,), OCTOBER, target)
    assert records[0].talk is not None and records[0].talk["held_on"] == talk.held_on
    text = page_texts(target)[0]
    held = talk.held_on
    assert held is not None
    assert f"{held.year}年{held.month}月{held.day}日" in text
    form = FORM_WORDS[talk.form]
    assert f"☑{form}" in text and text.count("☑") == 1 + 2 + 1  # form, topics, concern
    assert "☑学习" in text and "☑亲情" in text and "□生活" in text and "☑心理" in text
    for written in ("学校心理辅导室", "最近按时完成作业，和奶奶相处融洽。", "想念在外打工的妈妈。"):
        assert written in text
    assert "约好每周和妈妈视频一次。" in text and "2026年10月28日" in text
    assert (records[0].who(), "学校心理辅导室") in forms.texts_of("talk-sheet", records)
    assert_fonts_embedded(target)
    assert_inside_margins(target)


def test_long_talk_texts_are_fitted_into_their_space(
    demo_db: Database, fonts: FontSet, tmp_path: Path
) -> None:
    talk = held_talk(demo_db, OCTOBER)
    with demo_db.session_scope("t") as session:
        session.execute(update(Talk).where(Talk.id == talk.id).values(condition=LONG_TEXT * 4))
    target = tmp_path / "talk.pdf"
    print_talk_sheets(demo_db, fonts, (talk.child_id,), OCTOBER, target)
    text = page_texts(target)[0]
    assert LONG_TEXT * 4 in text and "…" not in text
    assert_inside_margins(target)


def test_child_without_a_held_talk_gets_the_empty_card(
    demo_db: Database, fonts: FontSet, tmp_path: Path
) -> None:
    talk = held_talk(demo_db, OCTOBER)
    with demo_db.session_scope("t") as session:  # only planned now: nothing to print
        session.execute(
            update(Talk)
            .where(Talk.child_id == talk.child_id, Talk.month == month_key(OCTOBER))
            .values(status=vocab.TALK_PLANNED)
        )
    target = tmp_path / "talk.pdf"
    records = print_talk_sheets(demo_db, fonts, (talk.child_id,), OCTOBER, target)
    assert records[0].talk is None
    text = page_texts(target)[0]
    assert records[0].name in text and "2026年10月日" in text  # the day left to write
    assert "☑" not in text and "□面谈" in text and "□涉嫌违法" in text
    assert talk.condition not in text and talk.measures not in text


# --- the roster -----------------------------------------------------------------------


def test_roster_repeats_its_header_and_counts_its_pages(
    school_db: Database, clock: FakeClock, fonts: FontSet, tmp_path: Path
) -> None:
    DemoService(school_db, clock).add_children(70, "t")
    target = tmp_path / "roster.pdf"
    outcome = PrintService(school_db, clock, fonts=fonts).document(ADMIN, "roster", target)
    texts = page_texts(target)
    pages = len(texts)
    assert outcome.pages == pages >= 3
    assert PdfReader(target).pages[0].mediabox.width > PdfReader(target).pages[0].mediabox.height
    for number, text in enumerate(texts, start=1):
        for header in ("留守儿童花名册", "序号", "身份证号", "父亲", "母亲", "监护人", "家庭住址"):
            assert header in text, (number, header)
        assert f"第{number}页共{pages}页" in text
        assert ("审核人" in text) == (number == pages)
    whole = "".join(texts)
    for record in records_of(school_db):
        assert record.name in whole
        assert mask_id_number(record.child["id_number"]) in whole
    for number in all_id_numbers(school_db):
        assert number not in whole
    assert_fonts_embedded(target)
    assert_inside_margins(target)


def test_roster_row_grows_for_a_long_address(
    service: PrintService, demo_db: Database, fonts: FontSet, tmp_path: Path
) -> None:
    first = records_of(demo_db)[0]
    change_child(demo_db, first.child["id"], current_address=LONG_ADDRESS)
    records = records_of(demo_db)
    layout = layout_roster(fonts, records)
    long_row = layout.heights[0]
    assert long_row > max(layout.heights[1:])
    assert long_row <= MAX_LINES * VALUE_SIZE * 1.25 + 10
    target = tmp_path / "roster.pdf"
    service.document(ADMIN, "roster", target)
    text = page_texts(target)[0]
    assert LONG_ADDRESS in text and "…" not in text
    assert_inside_margins(target)


def test_paginate_leaves_room_for_the_sign_off() -> None:
    assert paginate([10.0] * 5, 30, 20) == [[0, 1, 2], [3, 4]]
    # Three rows fill the last page: the last one moves on so the sign-off fits.
    assert paginate([10.0] * 6, 30, 20) == [[0, 1, 2], [3, 4], [5]]
    assert paginate([], 30, 20) == [[]]


def test_column_widths_fill_the_page_between_the_margins() -> None:
    widths = column_widths()
    assert sum(widths) == pytest.approx(forms.PAGE_SIZES["roster"][0] - 2 * MARGIN)
    assert min(widths) >= 8 * MM - 0.01
    assert widths[ADDRESS_COLUMN] >= 30 * MM  # the address gets what is left: enough


# --- names, fonts, progress -------------------------------------------------------------


def test_rare_names_print_or_are_reported(
    service: PrintService, demo_db: Database, tmp_path: Path
) -> None:
    records = records_of(demo_db)
    change_child(demo_db, records[0].child["id"], name="王𠇔")
    change_child(demo_db, records[1].child["id"], name="李堃䶮")
    for kind in ("archive", "talk-sheet", "roster"):
        target = tmp_path / f"{kind}.pdf"
        outcome = service.document(ADMIN, kind, target)
        found = {(u.text, u.chars) for u in outcome.unprintable}
        assert ("王𠇔", "𠇔") in found, kind
        assert not any("堃" in text or "䶮" in text for text, _ in found), kind
        whole = "".join(page_texts(target))
        assert "李堃䶮" in whole, kind
        assert_fonts_embedded(target)


def test_texts_of_lists_the_names_and_addresses(demo_db: Database) -> None:
    records = records_of(demo_db)[:3]
    for kind in ("archive", "talk-sheet", "roster"):
        texts = forms.texts_of(kind, records)
        for record in records:
            assert (record.who(), record.name) in texts
    archive = {text for _, text in forms.texts_of("archive", records)}
    roster = {text for _, text in forms.texts_of("roster", records)}
    for record in records:
        assert record.guardians["father"]["name"] in archive & roster
        assert record.child["current_address"] in archive & roster


@pytest.mark.parametrize("kind", ["archive", "talk-sheet", "roster"])
def test_progress_runs_from_start_to_end(service: PrintService, kind: str, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    service.document(ADMIN, kind, tmp_path / "out.pdf", progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 30) and calls[-1] == (30, 30)
    assert (20, 30) in calls
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize("kind", ["archive", "talk-sheet", "roster"])
def test_cancelling_leaves_no_file(service: PrintService, kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def progress(done: int, total: int) -> None:
        if done >= 20:
            raise PrintCancelled

    with pytest.raises(PrintCancelled):
        service.document(ADMIN, kind, folder / "out.pdf", progress=progress)
    assert list(folder.iterdir()) == []


def test_student_number_holding_the_id_is_masked() -> None:
    number = "52052620150312001X"
    assert masked_student_number("G" + number, number) == "G" + mask_id_number(number)
    assert masked_student_number("G" + number, None) == "G" + mask_id_number(number)
    assert masked_student_number("2015031201", number) == "2015031201"


def test_the_print_service_fills_talk_sheets_with_the_months_held_talks(
    demo_db: Database, service: PrintService, tmp_path: Path
) -> None:
    talk = held_talk(demo_db, OCTOBER)
    with demo_db.session_scope("t") as session:
        session.execute(
            update(Talk).where(Talk.id == talk.id).values(condition="周末帮奶奶喂鸡，很懂事。")
        )
    selection = Selection(child_ids=(talk.child_id,))
    october = service.document(ADMIN, "talk-sheet", tmp_path / "oct.pdf", selection, month=OCTOBER)
    assert "周末帮奶奶喂鸡，很懂事。" in page_texts(october.path)[0]
    november = date(2026, 11, 1)  # no held talk yet: the card is empty for handwriting
    empty = service.document(ADMIN, "talk-sheet", tmp_path / "nov.pdf", selection, month=november)
    assert "周末帮奶奶喂鸡" not in page_texts(empty.path)[0]
    assert "☑" not in page_texts(empty.path)[0]
