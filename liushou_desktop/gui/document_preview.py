"""A printed document's preview: its pages, 打印… and 另存为 PDF….

:func:`preview_and_print` opens a modal :class:`DocumentPreview` for any document a
service makes with ``make(path, audit)`` (the term plan, a sign-in sheet, home visit
forms, a growth summary: :class:`~liushou_desktop.domain.activity_print.
ActivityPrintService`). The preview PDF is made in a worker thread
(:class:`~liushou_desktop.gui.print_job.PrintJob`) with ``audit=False`` and shown with
:class:`~liushou_desktop.gui.pdf_pages.PdfPreview`. "Print…" asks for the printer
(Qt's print dialog, :func:`choose_printer`), has the service write the document again
with ``audit=True`` (so the audit log holds what went to paper) and sends those pages
to the printer; "Save as PDF…" has the service write it where the teacher chose, also
audited. A UserError is shown in the preview (making it) or in a message box (saving,
printing), never a traceback.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs, print_dialog
from liushou_desktop.gui.pdf_pages import PdfPreview, fit_printer_to, print_pdf
from liushou_desktop.gui.print_job import PrintChoice, PrintJob
from liushou_desktop.gui.translations import translate_user_error
from liushou_desktop.printing.document import PrintCancelled, PrintOutcome

__all__ = ["DocumentPreview", "MakeDocument", "choose_printer", "preview_and_print"]

# make(path, audit): writes the document to path (audit False for the preview).
MakeDocument = Callable[[Path, bool], PrintOutcome]


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """Qt's print dialog on ``printer``; False if the teacher cancelled (tests patch it)."""
    return print_dialog.choose_printer(parent, printer)


def preview_and_print(
    parent: QWidget | None,
    title: str,
    file_stem: str,
    make: MakeDocument,
    *,
    folder: Path | None = None,
) -> DocumentPreview:
    """Open the preview of the document ``make`` writes (modal, deleted when closed) and
    return it. ``title`` is the window's title, ``file_stem`` the suggested file name
    (行事历-2026-2027-1). ``folder`` holds the preview PDFs while the dialog is open:
    give the data dir's ``print-preview`` folder, so the children's data stays beside
    the database (default: a temporary folder)."""
    dialog = DocumentPreview(title, file_stem, make, folder=folder, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class DocumentPreview(QDialog):
    """The preview dialog of one document. ``previewReady`` is emitted when its pages
    are shown (tests and screenshots wait for it), ``previewFailed`` with the message
    shown instead; ``saved`` with the saved PrintOutcome, ``printed`` with the pages
    sent to the printer."""

    previewReady = Signal()  # noqa: N815 (Qt's signal naming)
    previewFailed = Signal(str)  # noqa: N815
    saved = Signal(object)
    printed = Signal(int)

    def __init__(
        self,
        title: str,
        file_stem: str,
        make: MakeDocument,
        *,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(1000, 760)
        self._make = make
        self._file_stem = file_stem
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="preview-", dir=folder))
        self._job: PrintJob | None = None
        self._printer: QPrinter | None = None
        self._serial = 0
        self.outcome: PrintOutcome | None = None  # the PDF the preview shows

        self.status = QLabel(self.tr("Preparing the pages…"), self)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.preview = PdfPreview(self)
        self.preview.setObjectName("documentPages")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.setAutoDefault(True)
        self.print_button.clicked.connect(lambda: self.print_document())
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.setObjectName("savePdfButton")
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button, self.close_button):
            button.setMinimumHeight(36)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.preview.previous_page)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.preview.next_page)
        self._start("preview", self._next_file("preview"), audit=False)

    # --- the worker ------------------------------------------------------------------

    def _next_file(self, purpose: str) -> Path:
        self._serial += 1
        return self.folder / f"{purpose}-{self._serial}.pdf"

    def _start(self, purpose: str, target: Path, *, audit: bool) -> None:
        make = self._make
        job = PrintJob(PrintChoice(), purpose, lambda _report: make(target, audit))
        job.finished_ok.connect(self._on_done)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._job = job
        self._update_enabled()
        job.start()

    def _on_done(self, job: PrintJob, outcome: PrintOutcome) -> None:
        if job is not self._job:
            if job.purpose != "save":
                outcome.path.unlink(missing_ok=True)
            return
        self._job = None
        if job.purpose == "preview":
            self._show(outcome)
        elif job.purpose == "save":
            self._saved(outcome)
        else:
            self._send_to_printer(outcome)
        self._update_enabled()

    def _on_failed(self, job: PrintJob, exc: Exception) -> None:
        if job is not self._job:
            return
        self._job = None
        self._update_enabled()
        if not isinstance(exc, UserError):
            raise exc  # a bug: the excepthook logs it and apologises
        if job.purpose == "preview":
            message = translate_user_error(exc)
            self.status.setText(self.tr("The document could not be made."))
            self.preview.clear(message)
            self.previewFailed.emit(message)
            return
        dialogs.show_error(self, exc)

    def _on_cancelled(self, job: PrintJob) -> None:
        if job is self._job:
            self._job = None
            self._update_enabled()

    def _update_enabled(self) -> None:
        ready = self.outcome is not None and self._job is None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def is_busy(self) -> bool:
        return self._job is not None

    # --- the preview -----------------------------------------------------------------

    def _show(self, outcome: PrintOutcome) -> None:
        try:
            self.preview.show_pdf(outcome.path)
        except UserError as exc:
            outcome.path.unlink(missing_ok=True)
            self.preview.clear(translate_user_error(exc))
            self.previewFailed.emit(translate_user_error(exc))
            return
        self.outcome = outcome
        self.status.setText(
            self.tr("{pages} page(s). Check them, then print or save them as a PDF.").format(
                pages=outcome.pages
            )
        )
        self.previewReady.emit()

    # --- print and save --------------------------------------------------------------

    def print_document(self, printer: QPrinter | None = None) -> None:
        """Ask for the printer, then have the document written again (audited) and
        print it. ``printer`` defaults to the system's, at high resolution."""
        if not self.print_button.isEnabled() or self.outcome is None:
            return
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._file_stem)
        fit_printer_to(printer, self.outcome.path)
        if not choose_printer(self, printer):
            return
        self._printer = printer
        self.status.setText(self.tr("Printing…"))
        self._start("print", self._next_file("print"), audit=True)

    def _send_to_printer(self, outcome: PrintOutcome) -> None:
        printer, self._printer = self._printer, None
        assert printer is not None

        def report(done: int, total: int) -> None:
            self.status.setText(
                self.tr("Printing page {page} of {pages}…").format(
                    page=min(done + 1, total), pages=total
                )
            )
            QCoreApplication.processEvents()

        try:
            pages = print_pdf(outcome.path, printer, report)
        except (UserError, PrintCancelled) as exc:
            if isinstance(exc, UserError):
                dialogs.show_error(self, exc)
            return
        finally:
            outcome.path.unlink(missing_ok=True)
        self.status.setText(
            self.tr("{pages} page(s) were sent to the printer.").format(pages=pages)
        )
        self.printed.emit(pages)

    def save_pdf(self) -> None:
        """Ask where, then have the document written there (and logged)."""
        if not self.save_button.isEnabled():
            return
        target = dialogs.choose_pdf_file(self, self._file_stem)
        if target is None:
            return
        self.status.setText(self.tr("Saving the PDF…"))
        self._start("save", target, audit=True)

    def _saved(self, outcome: PrintOutcome) -> None:
        self.status.setText(self.tr("Saved to {path}").format(path=outcome.path))
        self.saved.emit(outcome)
        dialogs.show_info(
            self,
            self.tr("PDF saved"),
            self.tr("{pages} pages were saved to\n{path}").format(
                pages=outcome.pages, path=outcome.path
            ),
        )

    # --- for tests and screenshots ---------------------------------------------------

    def wait_until_idle(self, timeout_s: float = 60.0) -> None:
        """Process events until no PDF is being made."""
        deadline = time.monotonic() + timeout_s
        while self._job is not None:
            if time.monotonic() > deadline:
                raise TimeoutError("the document preview did not finish")
            QCoreApplication.processEvents()
            time.sleep(0.005)

    # --- closing ---------------------------------------------------------------------

    def done(self, result: int) -> None:  # noqa: D102
        job = self._job
        if job is not None:
            job.cancel()
            self._job = None
            job.thread.join()
        self.preview.clear()
        self.outcome = None
        shutil.rmtree(self.folder, ignore_errors=True)
        super().done(result)
