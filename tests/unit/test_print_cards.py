"""Contact cards as real PDFs: the text, the embedded fonts, rare characters, layouts."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pypdf import PdfReader
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Guardian, School, SchoolClass, Teacher
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.print_records import Selection, term_label, work_place
from liushou_desktop.domain.printing import PrintCancelled, PrintService
from liushou_desktop.domain.vocab import ROLE_CLASS_TEACHER
from liushou_desktop.errors import UserError
from liushou_desktop.printing.cards import LAYOUTS
from liushou_desktop.printing.document import MM
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.text import Fitted, fit, wrap
from tests.helpers import FakeClock, run_cli

ADMIN = Actor("admin", "admin")
RARE = "𠇔"  # CJK Extension B: in no bundled font
LONG_ADDRESS = "贵州省毕节市威宁彝族回族苗族自治县哈喇河镇石龙村第十二村民组一百二十三号附二号"


@pytest.fixture
def school(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(40, "test")
    with school_db.session_scope("test") as session:
        school = session.scalars(select(School)).one()
        school.family_phone = "0851-8123456"
        school.emergency_phones = "镇派出所 0851-8123110；镇卫生院 0851-8123120"
        first, second = session.scalars(select(Child).order_by(Child.name_pinyin).limit(2))
        first.illness_type = "哮喘"
        first.current_address = LONG_ADDRESS
        first.name = "阿依古丽·买买提"
        second.name = "王" + RARE
    return school_db


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def fonts_of(path: Path) -> list[tuple[str, bool]]:
    """(base font, embedded) of every font the pages use."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


def live_children(db: Database) -> list[Child]:
    with db.session_factory() as session:
        return list(session.scalars(select(Child).where(Child.status == "active")))


def test_cards_hold_the_names_masked_ids_and_no_health_details(
    school: Database, clock: FakeClock, tmp_path: Path
) -> None:
    outcome = PrintService(school, clock).cards(ADMIN, tmp_path / "cards.pdf")
    children = live_children(school)
    assert (outcome.items, outcome.pages) == (len(children), -(-len(children) // 4))
    text = pdf_text(outcome.path)
    printable = [c for c in children if RARE not in c.name]
    assert printable and len(printable) < len(children)  # the demo has a rare name
    for child in printable:
        assert child.name in text
        assert child.id_number is not None
        assert mask_id_number(child.id_number) in text
        assert child.id_number not in text
    assert "哮喘" not in text
    assert "阿依古丽·买买提" in text  # the minority-name dot prints
    assert term_label(clock().date()) in text and "0851-8123456" in text
    assert "镇派出所 0851-8123110" in text


def test_every_font_is_embedded_and_every_name_prints_or_is_reported(
    school: Database, clock: FakeClock, tmp_path: Path
) -> None:
    outcome = PrintService(school, clock).cards(ADMIN, tmp_path / "cards.pdf")
    fonts = fonts_of(outcome.path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)
    reported = {u.text for u in outcome.unprintable}
    text = pdf_text(outcome.path)
    with school.session_factory() as session:
        names = set(session.scalars(select(Child.name).where(Child.status == "active")))
        names |= set(session.scalars(select(Guardian.name)))
    for name in filter(None, names):
        if RARE in name:
            assert name in reported, name
        else:
            assert name not in reported
            assert all(FontSet().face_for(ch) for ch in name), name
    for child in live_children(school):
        if RARE not in child.name:
            assert child.name in text  # its glyphs map back to the characters (ToUnicode)
    assert [u.chars for u in outcome.unprintable if u.text.endswith(RARE)] == [RARE] * len(
        [u for u in outcome.unprintable if u.text.endswith(RARE)]
    )


def rare_font(path: Path) -> Path:
    """A tiny TrueType font with one glyph, for 𠇔 (a square), as a font pack would have."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "u201D4"])
    builder.setupCharacterMap({0x201D4: "u201D4"})
    pen = TTGlyphPen(None)
    for x0, y0, x1, y1 in ((100, -100, 900, 700),):
        pen.moveTo((x0, y0))
        pen.lineTo((x0, y1))
        pen.lineTo((x1, y1))
        pen.lineTo((x1, y0))
        pen.closePath()
    square = pen.glyph()
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "u201D4": square})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "u201D4": (1000, 100)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Test Rare", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def test_a_rare_character_font_in_the_data_dir_prints_extension_b(
    school: Database, clock: FakeClock, tmp_path: Path
) -> None:
    fonts_dir = school.data_dir.root / "fonts"
    fonts_dir.mkdir()
    rare_font(fonts_dir / "rare-pack.ttf")
    outcome = PrintService(school, clock).cards(ADMIN, tmp_path / "cards.pdf")
    assert outcome.unprintable == ()
    fonts = fonts_of(outcome.path)
    assert all(embedded for _, embedded in fonts), fonts
    # reportlab splits a face into subsets of 256 glyphs: AAAAAA+..., AAAAAB+...
    assert {name.split("+")[1] for name, _ in fonts} == {
        "DejaVuSans",
        "DroidSansFallback",
        "Test-Rare",
    }
    rare_names = [c.name for c in live_children(school) if RARE in c.name]
    assert rare_names and all(name in pdf_text(outcome.path) for name in rare_names)


def test_check_warns_before_printing(school: Database, clock: FakeClock) -> None:
    check = PrintService(school, clock).check(ADMIN, Selection())
    assert check.children == len(live_children(school))
    assert check.unprintable and all(RARE in u.chars for u in check.unprintable)
    assert all(RARE in u.text for u in check.unprintable)


@pytest.mark.parametrize(
    ("layout", "per_page", "size_mm"),
    [
        ("a4", 4, (210, 297)),
        ("a6", 1, (105, 148)),
        ("a5", 1, (148, 210)),
        ("wallet", 5, (210, 297)),
    ],
)
def test_layouts_put_the_cards_on_their_pages(
    school: Database,
    clock: FakeClock,
    tmp_path: Path,
    layout: str,
    per_page: int,
    size_mm: tuple[int, int],
) -> None:
    outcome = PrintService(school, clock).cards(ADMIN, tmp_path / "c.pdf", layout=layout)
    reader = PdfReader(outcome.path)
    count = len(live_children(school))
    assert len(reader.pages) == outcome.pages == -(-count // per_page)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == pytest.approx(
        size_mm, abs=1
    )
    assert LAYOUTS[layout].per_page == per_page
    first_page = reader.pages[0].extract_text()
    assert first_page.count("留守儿童联系卡") == per_page


def test_a_selection_and_the_actors_scope_choose_the_children(
    school: Database, clock: FakeClock, tmp_path: Path
) -> None:
    service = PrintService(school, clock)
    with school.session_scope("test") as session:
        klass = session.scalars(select(SchoolClass).order_by(SchoolClass.name)).first()
        assert klass is not None
        teacher = Teacher(school_id=klass.school_id, name="陈老师", phone="13912345678")
        session.add(teacher)
        session.flush()
        klass.class_teacher_id = teacher.id
        class_id, teacher_id, class_name = klass.id, teacher.id, klass.name
        in_class = list(session.scalars(select(Child.name).where(Child.class_id == class_id)))
    actor = Actor("chen", ROLE_CLASS_TEACHER, teacher_id=teacher_id)
    outcome = service.cards(actor, tmp_path / "mine.pdf")
    assert outcome.items == len(in_class) > 0
    text = pdf_text(outcome.path)
    assert "陈老师" in text and "139 1234 5678" in text and class_name in text
    others = [c.name for c in live_children(school) if c.class_id != class_id]
    assert not any(name in text for name in others if RARE not in name)
    by_class = service.cards(ADMIN, tmp_path / "class.pdf", Selection(class_ids=(class_id,)))
    assert by_class.items == len(in_class)
    one = live_children(school)[3]
    single = service.cards(ADMIN, tmp_path / "one.pdf", Selection(child_ids=(one.id,)))
    assert single.items == 1 and one.name in pdf_text(single.path)


def test_cards_are_in_class_then_name_order(
    school: Database, clock: FakeClock, tmp_path: Path
) -> None:
    outcome = PrintService(school, clock).cards(ADMIN, tmp_path / "c.pdf", layout="a6")
    reader = PdfReader(outcome.path)
    with school.session_factory() as session:
        rows = session.execute(
            select(Child.name, SchoolClass.grade, SchoolClass.name, Child.name_pinyin)
            .join(SchoolClass, Child.class_id == SchoolClass.id)
            .where(Child.status == "active")
        ).all()
    expected = [r[0] for r in sorted(rows, key=lambda r: (r[1], r[2], r[3]))]
    # A page's text: the card's fixed parts (a form drawn once), then the values, name first.
    found = [page.extract_text().split("告诉班主任。")[1].split()[0] for page in reader.pages]
    printable = [n for n in expected if RARE not in n]
    assert [n for n in found if n in printable] == printable
    assert len(found) == len(expected)


def test_cancelling_leaves_no_file(school: Database, clock: FakeClock, tmp_path: Path) -> None:
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 20:
            raise PrintCancelled

    target = tmp_path / "cards.pdf"
    with pytest.raises(PrintCancelled):
        PrintService(school, clock).cards(ADMIN, target, progress=progress)
    assert calls[0] == 0 and calls[-1] == 20
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_nothing_to_print_and_a_bad_layout_are_explained(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    service = PrintService(school_db, clock)
    with pytest.raises(UserError, match="no child to print"):
        service.cards(ADMIN, tmp_path / "c.pdf")
    with pytest.raises(UserError, match="no card layout"):
        service.cards(ADMIN, tmp_path / "c.pdf", layout="a3")
    assert not (tmp_path / "c.pdf").exists()


def test_long_texts_wrap_inside_the_box_and_latin_words_stay_whole() -> None:
    fonts = FontSet()
    width = 60 * MM
    lines = wrap(fonts, LONG_ADDRESS + " Room 1203, Building B", 8.5, width)
    assert len(lines) > 1 and all(fonts.width(line, 8.5) <= width + 0.01 for line in lines)
    assert "".join(lines).replace(" ", "") == (LONG_ADDRESS + "Room1203,BuildingB")
    assert not any(line.startswith(("，", "。", ",")) for line in lines)
    assert any("Building" in line for line in lines)  # not cut inside the word
    fitted = fit(fonts, LONG_ADDRESS, 76 * MM, 9.5 * MM - 3.6, 8.5, 5.5)
    # Wrapped at the full size when the lines fit the box's height...
    assert fitted == Fitted(8.5, fitted.lines) and len(fitted.lines) == 2
    # ...and shrunk when they do not.
    smaller = fit(fonts, LONG_ADDRESS, 76 * MM, 2 * 7 * 1.25, 8.5, 5.5)
    assert not smaller.overflow and smaller.size <= 7 and len(smaller.lines) == 2
    cut = fit(fonts, LONG_ADDRESS * 4, 40 * MM, 6 * MM, 8.5, 5.5)
    assert cut.overflow and cut.lines[-1].endswith("…")
    assert all(fonts.width(line, cut.size) <= 40 * MM + 0.01 for line in cut.lines)


def test_cli_writes_cards_and_lists_unprintable_names_on_stderr(
    school: Database, tmp_path: Path
) -> None:
    data = str(school.data_dir.root)
    school.close()
    target = tmp_path / "cards.pdf"
    result = run_cli("--data-dir", data, "cards", str(target), "--layout", "a6")
    assert result.returncode == 0, result.stderr
    count = len(PdfReader(target).pages)
    assert f"wrote {count} cards on {count} page(s)" in result.stdout
    assert RARE in result.stderr and "cannot print" in result.stderr
    result = run_cli("--data-dir", data, "cards", str(tmp_path / "x.pdf"), "--grade", "1")
    assert result.returncode == 0, result.stderr
    result = run_cli("--data-dir", data, "cards", str(tmp_path / "y.pdf"), "--child", "1234")
    assert result.returncode == 1 and "1234" in result.stderr
    assert not (tmp_path / "y.pdf").exists()


# A 24 × 32 red JPEG, as the child form stores a photo.
PHOTO = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAgABgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDGooorgPrgooooAKKKKACiiigD/9k="
)


def test_a_stored_photo_is_printed_on_the_card_and_the_archive_form(
    school: Database, clock: FakeClock, tmp_path: Path
) -> None:
    with school.session_scope("test") as session:
        child = session.scalars(select(Child).order_by(Child.name_pinyin)).first()
        assert child is not None
        child.photo = PHOTO
        child_id = child.id
    service = PrintService(school, clock)
    both = Selection(child_ids=(child_id, live_children(school)[-1].id))
    cards = PdfReader(service.cards(ADMIN, tmp_path / "c.pdf", both, layout="a6").path)
    archive = PdfReader(service.document(ADMIN, "archive", tmp_path / "a.pdf", both).path)
    for reader in (cards, archive):
        images = [len(page.images) for page in reader.pages]
        assert sorted(images) == [0, 1], images
        assert "照片" in reader.pages[images.index(0)].extract_text()


def test_a_workplace_names_a_city_that_is_its_own_province_once() -> None:
    assert work_place({"work_province": "北京市", "work_city": "北京市"}) == "北京市"
    assert work_place({"work_province": "广东省", "work_city": "东莞市"}) == "广东省东莞市"
    assert work_place({"work_province": "", "work_city": None}) == ""


def test_a_short_value_shrinks_to_stay_on_one_line_before_it_wraps() -> None:
    fonts = FontSet()
    text = "浙江省宁波市 宁波长城模具厂"
    width = fonts.width(text, 7.5) + 0.1  # fits on one line at 7.5 pt, not at 8.5 pt
    kept = fit(fonts, text, width, 22, 8.5, 5.5, one_line_down_to=7)
    assert kept.lines == [text] and 7 <= kept.size < 8.5
    wrapped = fit(fonts, text, width, 22, 8.5, 5.5)
    assert len(wrapped.lines) == 2 and wrapped.size == 8.5
    too_long = fit(fonts, text * 2, width, 22, 8.5, 5.5, one_line_down_to=7)
    assert len(too_long.lines) > 1  # it would need less than 7 pt: wrapped instead
