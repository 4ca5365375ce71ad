"""The print dialog: a live preview of the real PDF, layouts, cancel, save, print, banner,
and the entry points on the home and children pages."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Child, SchoolClass
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.print_records import Selection
from liushou_desktop.domain.printing import PrintOutcome, PrintService
from liushou_desktop.gui import dialogs, print_dialog
from liushou_desktop.gui.pages.children import ChildrenPage
from liushou_desktop.gui.pages.children_actions import RosterActions
from liushou_desktop.gui.pages.home import HomePage
from liushou_desktop.gui.pdf_pages import PdfPages
from liushou_desktop.gui.print_dialog import PrintDialog
from liushou_desktop.printing.fonts import FontSet
from tests.helpers import FakeClock

WAIT_MS = 60_000  # a ceiling for a slow machine, not a timing check
RARE = "𠇔"  # CJK Extension B: in no bundled font


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(40, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def _service(db: Database, clock: FakeClock) -> PrintService:
    """The bundled fonts only, whatever the machine has: the banner is predictable."""
    return PrintService(db, clock, fonts=FontSet())


def _open(qtbot: Any, db: Database, clock: FakeClock, actor: Actor, **kw: Any) -> PrintDialog:
    """A dialog shown, with its first preview made."""
    kw.setdefault("service", _service(db, clock))
    dialog = PrintDialog(db, actor, **kw)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        dialog.show()
    return dialog


def _choose(qtbot: Any, dialog: PrintDialog, combo: Any, data: Any) -> None:
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        combo.setCurrentIndex(combo.findData(data))


def _ink(image: QImage) -> float:
    """The share of sampled pixels that are clearly not white."""
    dark = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            total += 1
            dark += image.pixelColor(x, y).lightness() < 160
    return dark / total


def _pdf_pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def _print_entries(db: Database) -> list[dict[str, Any]]:
    with db.session_factory() as session:
        return [
            json.loads(e.detail) for e in session.scalars(select(AuditEntry)) if e.action == "print"
        ]


def _class_teacher(db: Database, class_name: str) -> Actor:
    with db.session_factory() as session:
        teacher_id = session.scalars(
            select(SchoolClass.class_teacher_id).where(SchoolClass.name == class_name)
        ).one()
    return Actor("ct", "class_teacher", teacher_id=teacher_id)


def test_the_preview_shows_the_first_page_rendered(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    assert dialog.preview.page_count() == 10  # 40 cards, 4 to an A4 page
    assert dialog.outcome is not None and dialog.outcome.items == 40
    image = dialog.preview.shown_image()
    assert not image.isNull() and image.width() >= 200
    assert image.height() / image.width() == pytest.approx(297 / 210, rel=0.01)
    assert 0.01 < _ink(image) < 0.5  # drawn lines and text on white paper
    assert image.pixelColor(image.width() // 4, 2).lightness() > 240  # a white margin
    assert "40" in dialog.count_label.text()
    assert dialog.print_button.isEnabled() and dialog.print_button.isDefault()
    assert "1" in dialog.preview.page_label.text() and "10" in dialog.preview.page_label.text()


def test_changing_the_layout_makes_the_preview_again(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    first = dialog.outcome
    assert first is not None
    _choose(qtbot, dialog, dialog.layout_combo, "a6")
    assert dialog.preview.page_count() == 40  # one card per A6 page
    assert not first.path.exists()  # the old preview file is gone
    dialog.preview.next_page()
    dialog.preview.next_page()
    assert dialog.preview.current_page() == 2
    assert "3" in dialog.preview.page_label.text()
    dialog.preview.previous_page()
    assert dialog.preview.current_page() == 1
    assert _ink(dialog.preview.shown_image()) > 0.01


def test_page_keys_turn_the_pages(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    dialog.activateWindow()
    dialog.kind_combo.setFocus()
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_PageDown)
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_PageDown)
    assert dialog.preview.current_page() == 2
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_PageUp)
    assert dialog.preview.current_page() == 1
    assert dialog.kind_combo.currentData() == "cards"  # the keys went to the pages


class _GatedService(PrintService):
    """Stops at the first progress report until the test lets it go on."""

    def __init__(self, db: Database, clock: FakeClock) -> None:
        super().__init__(db, clock, fonts=FontSet())
        self.started = threading.Event()
        self.release = threading.Event()

    def cards(self, actor: Actor, target: Path, *args: Any, **kw: Any) -> PrintOutcome:
        progress = kw.pop("progress", None) or (args[2] if len(args) > 2 else None)
        args = args[:2]

        def gate(done: int, total: int) -> None:
            self.started.set()
            assert self.release.wait(WAIT_MS / 1000)
            if progress is not None:
                progress(done, total)

        return super().cards(actor, target, *args, progress=gate, **kw)


def test_cancelling_the_preview_stops_it_and_leaves_no_file(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    service = _GatedService(demo_db, clock)
    dialog = PrintDialog(demo_db, admin, service=service)
    qtbot.addWidget(dialog)
    dialog.show()
    assert service.started.wait(WAIT_MS / 1000)
    assert dialog.is_busy() and dialog.cancel_button.isVisible()
    assert not dialog.print_button.isEnabled()
    with qtbot.waitSignal(dialog.previewCancelled, timeout=WAIT_MS):
        dialog.cancel_button.click()
        service.release.set()
    assert not dialog.is_busy() and not dialog.cancel_button.isVisible()
    assert list(dialog.preview_folder.iterdir()) == []  # no PDF, no partial file
    assert dialog.preview.page_count() == 0 and dialog.outcome is None
    assert not dialog.print_button.isEnabled()
    assert dialog.preview.message()  # says it was stopped


def test_save_as_pdf_writes_the_document_where_asked(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    clock: FakeClock,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: tmp_path / "联系卡")
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as blocker:
        dialog.save_button.click()
    target = tmp_path / "联系卡.pdf"
    assert blocker.args[0].path == target
    assert _pdf_pages(target) == 10
    text = pypdf.PdfReader(str(target)).pages[0].extract_text()
    assert "联系卡" in text
    assert shown and str(target) in shown[0]
    with demo_db.session_factory() as session:
        logged = [
            json.loads(e.detail) for e in session.scalars(select(AuditEntry)) if e.action == "print"
        ]
    assert logged[-1]["file"] == target.name  # the saved file is named in the audit log
    assert dialog.outcome is not None and dialog.outcome.path.exists()  # preview kept


def test_printing_sends_every_previewed_page_to_the_printer(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    clock: FakeClock,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    asked: list[QPrinter] = []
    monkeypatch.setattr(
        print_dialog, "choose_printer", lambda _parent, printer: asked.append(printer) or True
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)  # small pictures keep the test quick
    assert _print_entries(demo_db) == []  # a preview stays in the data dir: not logged
    assert dialog.print_document(printer) == 10
    assert asked == [printer]
    [entry] = _print_entries(demo_db)  # sending it to the printer is
    assert (entry["document"], entry["children"]) == ("cards", 40)
    assert "printer" in entry
    assert _pdf_pages(tmp_path / "printed.pdf") == 10
    with PdfPages(tmp_path / "printed.pdf") as printed:
        width, height = printed.sizes[0]
        assert (round(width), round(height)) == (595, 842)  # A4 chosen for the cards
        assert _ink(printed.render(0, 40)) > 0.01  # the page is drawn, not blank
    assert not dialog.is_busy() and dialog.print_button.isEnabled()


def test_a_cancelled_print_dialog_prints_nothing(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    clock: FakeClock,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    monkeypatch.setattr(print_dialog, "choose_printer", lambda *_a: False)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_document(printer) == 0
    assert not (tmp_path / "printed.pdf").exists()


def test_names_that_cannot_be_printed_are_listed_before_printing(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    with demo_db.session_factory() as session:
        child_id, class_name = session.execute(
            select(Child.id, SchoolClass.name)
            .join(SchoolClass, Child.class_id == SchoolClass.id)
            .order_by(Child.id)
        ).first()  # type: ignore[misc]
    ChildrenService(demo_db, clock).update(admin, child_id, {"name": f"王{RARE}"})
    dialog = _open(
        qtbot,
        demo_db,
        clock,
        admin,
        selection=Selection(child_ids=(child_id,)),
        description=f"王{RARE}",
    )
    assert dialog.banner.isVisible()
    assert f"王{RARE}（{class_name}）" in dialog.banner.text()
    assert dialog.print_button.isEnabled()  # a warning, not a refusal


def test_no_banner_when_every_name_prints(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    with demo_db.session_factory() as session:
        child_id = session.scalars(select(Child.id).where(Child.name == "贺涵建")).first()
        child_id = child_id or session.scalars(select(Child.id).order_by(Child.id)).first()
    dialog = _open(
        qtbot, demo_db, clock, admin, selection=Selection(child_ids=(child_id,)), description="x"
    )
    assert dialog.outcome is not None and dialog.outcome.items == 1
    assert dialog.banner.isHidden() == (not dialog.outcome.unprintable)


def test_the_other_documents_preview_too(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    _choose(qtbot, dialog, dialog.kind_combo, "roster")
    assert not dialog.layout_combo.isEnabled()
    image = dialog.preview.shown_image()
    assert image.width() > image.height()  # the roster is landscape
    assert _ink(image) > 0.005
    _choose(qtbot, dialog, dialog.kind_combo, "talk-sheet-blank")
    assert dialog.preview.page_count() == 1  # one blank sheet
    assert not dialog.children_combo.isEnabled()


def test_a_class_teacher_prints_their_class_from_the_home_page(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock
) -> None:
    teacher = _class_teacher(demo_db, "一年级1班")
    opened: list[bool] = []
    home = HomePage(
        ChildrenService(demo_db),
        teacher,
        "阳光小学",
        lambda: None,
        print_cards=lambda: opened.append(True),
    )
    qtbot.addWidget(home)
    assert not home.print_button.isHidden()
    home.print_button.click()
    assert opened == [True]

    dialog = _open(qtbot, demo_db, clock, teacher)
    assert dialog.children_combo.isHidden()  # one class: nothing to choose
    assert dialog.children_label.text() == "一年级1班"
    expected = len(
        [r for r in ChildrenService(demo_db).list_active(teacher) if r.class_name == "一年级1班"]
    )
    assert dialog.outcome is not None and dialog.outcome.items == expected > 0


def test_the_home_page_button_follows_the_role(app: Any, qtbot: Any, demo_db: Database) -> None:
    for role, shown in (("admin", True), ("mentor", True), ("inspector", False)):
        home = HomePage(
            ChildrenService(demo_db),
            Actor("x", role),
            "阳光小学",
            lambda: None,
            print_cards=lambda: None,
        )
        qtbot.addWidget(home)
        assert home.print_button.isHidden() is not shown, role


def test_an_administrator_chooses_a_class(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    combo = dialog.children_combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert combo.isVisible() and len(names) > 2 and "一年级1班" in names
    _choose(qtbot, dialog, combo, combo.itemData(names.index("一年级1班")))
    assert dialog.outcome is not None and 0 < dialog.outcome.items < 40


def test_the_children_page_prints_the_filtered_list(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = ChildrenPage(ChildrenService(demo_db), admin)
    actions = RosterActions(page, demo_db, admin)
    qtbot.addWidget(page)
    page.show()
    assert not actions.print_button.isHidden()
    page.class_filter.setCurrentIndex(page.class_filter.findText("一年级1班"))
    shown = page.model.rowCount()
    assert 0 < shown < 40
    dialog = actions.print_children(selected=False)  # deleted on close, with the page
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        pass
    assert dialog.children_combo.itemData(0) == Selection(
        child_ids=tuple(page.model.row_at(i).id for i in range(shown))
    )
    assert dialog.outcome is not None and dialog.outcome.items == shown
    dialog.reject()

    page.table.selectRow(0)
    dialog = actions.print_children(selected=True)
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        pass
    assert dialog.outcome is not None and dialog.outcome.items == 1
    assert dialog.children_combo.itemText(0).startswith(page.model.row_at(0).name)
    dialog.reject()


def test_closing_removes_the_preview_files(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    dialog = _open(qtbot, demo_db, clock, admin)
    folder = dialog.preview_folder
    assert any(folder.iterdir())
    dialog.reject()
    assert not folder.exists()


def test_the_main_windows_home_button_opens_the_card_preview(
    app: Any, qtbot: Any, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QPushButton

    from liushou_desktop.domain.setup import SetupService
    from liushou_desktop.gui.main_window import MainWindow, Services

    user = AccountService(demo_db).find("admin")
    assert user is not None
    installation = SetupService(demo_db).require_installation()
    window = MainWindow(Services.for_database(demo_db), installation, user, demo_db.data_dir)
    qtbot.addWidget(window)
    window.show()
    button = window.findChild(QPushButton, "homePrintCards")
    assert button is not None and button.isVisible()
    button.click()  # one click from the home page to the preview of every child's card
    dialog = window.findChild(PrintDialog)
    assert dialog is not None
    dialog.wait_until_idle()
    assert dialog.outcome is not None and dialog.outcome.items == 40
    assert dialog.print_button.isDefault() and dialog.print_button.isEnabled()
    dialog.close()
