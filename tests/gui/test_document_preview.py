"""The document preview (gui/document_preview): the pages of a real PDF, print, save,
errors, and what the audit log holds."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry
from liushou_desktop.domain.activity_print import ActivityPrintService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs, document_preview
from liushou_desktop.gui.document_preview import DocumentPreview, preview_and_print
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.printing.document import PrintOutcome
from liushou_desktop.printing.fonts import FontSet
from tests.helpers import FakeClock
from tests.unit.test_print_activities import TERM, add_activity

WAIT_MS = 60_000  # a ceiling for a slow machine, not a timing check
ADMIN = Actor("admin", "admin")
SHOTS = Path(os.environ.get("GUI7_SHOTS", "/tmp/gui7-print"))


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(20, "t")
    for n in range(40):
        add_activity(school_db, title=f"第{n}次主题班会")
    return school_db


@pytest.fixture
def make(demo_db: Database, clock: FakeClock) -> Any:
    service = ActivityPrintService(demo_db, clock, fonts=FontSet())

    def make_plan(path: Path, audit: bool) -> PrintOutcome:
        return service.term_plan(ADMIN, TERM, path, audit=audit)

    return make_plan


def print_entries(db: Database) -> list[dict[str, Any]]:
    with db.session_factory() as session:
        details = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "print"))
        return [json.loads(d) for d in details]


def opened(qtbot: Any, make: Any, tmp_path: Path) -> DocumentPreview:
    dialog = DocumentPreview("行事历", "行事历-2026-2027-1", make, folder=tmp_path / "preview")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_the_preview_shows_the_pages_without_logging_them(
    app: Any, qtbot: Any, demo_db: Database, make: Any, tmp_path: Path
) -> None:
    dialog = opened(qtbot, make, tmp_path)
    assert dialog.outcome is not None
    pages = len(pypdf.PdfReader(str(dialog.outcome.path)).pages)
    assert dialog.preview.page_count() == pages == dialog.outcome.pages >= 2
    assert dialog.outcome.path.parent.parent == tmp_path / "preview"
    assert not dialog.preview.shown_image().isNull()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.print_button.isDefault()
    assert print_entries(demo_db) == []  # a preview is not logged
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.preview.current_page() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1000, 760)
    assert dialog.grab().save(str(SHOTS / "document-preview.png"))
    folder = dialog.folder
    dialog.close()
    assert not folder.exists()  # the preview PDFs are removed


def test_save_as_pdf_writes_the_document_and_logs_it(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    make: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = opened(qtbot, make, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: tmp_path / "行事历")
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as blocker:
        dialog.save_button.click()
    target = tmp_path / "行事历.pdf"
    assert blocker.args[0].path == target
    assert len(pypdf.PdfReader(str(target)).pages) == dialog.outcome.pages
    assert shown and str(target) in shown[0]
    [entry] = print_entries(demo_db)
    assert (entry["kind"], entry["file"]) == ("term-plan", target.name)


def test_printing_asks_for_the_printer_and_logs_the_print(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    make: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = opened(qtbot, make, tmp_path)
    asked: list[QPrinter] = []
    monkeypatch.setattr(
        document_preview, "choose_printer", lambda _p, printer: asked.append(printer) or True
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(60)
    with qtbot.waitSignal(dialog.printed, timeout=WAIT_MS) as blocker:
        dialog.print_document(printer)
    assert asked == [printer]
    assert blocker.args[0] == dialog.outcome.pages
    assert len(pypdf.PdfReader(str(tmp_path / "printed.pdf")).pages) == dialog.outcome.pages
    [entry] = print_entries(demo_db)
    assert entry["kind"] == "term-plan"
    assert [p.name for p in dialog.folder.iterdir()] == [dialog.outcome.path.name]


def test_a_cancelled_printer_dialog_prints_nothing(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    make: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = opened(qtbot, make, tmp_path)
    monkeypatch.setattr(document_preview, "choose_printer", lambda *_a: False)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_document(printer)
    assert not dialog.is_busy()
    assert not (tmp_path / "printed.pdf").exists()
    assert print_entries(demo_db) == []


def test_a_document_that_cannot_be_made_says_why(
    app: Any, qtbot: Any, demo_db: Database, tmp_path: Path
) -> None:
    def fail(_path: Path, _audit: bool) -> PrintOutcome:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "There is no term {name} in the school calendar: enter the term in the school "
                "calendar (校历) first.",
            ),
            {"name": "2031-2032-1"},
        )

    dialog = DocumentPreview("行事历", "行事历", fail, folder=tmp_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewFailed, timeout=WAIT_MS) as blocker:
        dialog.show()
    assert "2031-2032-1" in blocker.args[0]
    assert "2031-2032-1" in dialog.preview.message()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def test_preview_and_print_opens_a_modal_dialog(
    app: Any, qtbot: Any, demo_db: Database, make: Any, tmp_path: Path
) -> None:
    dialog = preview_and_print(None, "行事历", "行事历-2026-2027-1", make, folder=tmp_path)
    assert dialog.isVisible() and dialog.isModal()
    assert dialog.windowTitle() == "行事历"
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        pass
    assert dialog.preview.page_count() >= 2
    folder = dialog.folder
    dialog.reject()
    assert not folder.exists()
