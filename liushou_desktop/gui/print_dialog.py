"""打印: choose what to print and for which children, see the pages, print or save a PDF.

The preview shows the very PDF that is printed: the service writes it into a temporary
folder in the data dir from a worker thread (progress bar, Cancel, the window stays
responsive) whenever a choice changes, and pdfium renders its pages here. "Print…"
sends that file to the printer chosen in Qt's print dialog, page by page; "Save as
PDF…" has the service write the document again at the chosen place, so the audit log
names the saved file. Names the fonts cannot print are listed in a banner above the
preview before anything is printed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import ALL_CHILDREN_ROLES, Actor
from liushou_desktop.domain.print_records import Selection
from liushou_desktop.domain.printing import (
    PrintCancelled,
    PrintOutcome,
    PrintService,
    Unprintable,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pdf_pages import PdfPreview, fit_printer_to, print_pdf
from liushou_desktop.gui.print_job import PrintChoice, PrintJob, run_service
from liushou_desktop.gui.translations import tr_vocab, translate_user_error
from liushou_desktop.printing.cards import DEFAULT_LAYOUT, LAYOUTS

__all__ = [
    "PrintChoice",
    "PrintDialog",
    "choose_printer",
    "open_print_dialog",
    "printable_classes",
]

BLANK_TALK_SHEET = "talk-sheet-blank"  # the kind combo's key for the blank sheet
DEBOUNCE_MS = 250  # a new preview starts this long after the last change of a choice
BANNER_NAMES = 12  # names listed in the banner; the rest are counted
STALE_PREVIEWS_S = 12 * 3600  # preview folders left by a crash are removed after this


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """Qt's print dialog on ``printer``; False if the teacher cancelled (tests patch it)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("PrintDialog", "Print"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_print_dialog(
    parent: QWidget | None,
    db: Database,
    actor: Actor,
    *,
    selection: Selection | None = None,
    description: str = "",
    children: ChildrenService | None = None,
    kind: str = "cards",
) -> PrintDialog:
    """Open the print dialog (window-modal, deleted when closed) on the paper ``kind``
    ("cards" or a key of DOCUMENTS) and return it. Without ``selection`` it offers the
    actor's children: a class teacher's class, a mentor's children, the whole school or
    one class for an administrator."""
    dialog = PrintDialog(
        db,
        actor,
        selection=selection,
        description=description,
        kind=kind,
        children=children,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def preview_root(db: Database) -> Path:
    """Where previews are written while a print dialog is open: in the data dir, so the
    children's data stays where the database is (and a crash's leftovers are found)."""
    return db.data_dir.root / "print-preview"


def printable_classes(children: ChildrenService, actor: Actor) -> list[tuple[str, str]]:
    """(class id, name) of the classes whose children ``actor`` may print: every class
    for the whole-school roles, their own for a class teacher, their children's classes
    for a mentor."""
    classes = [(ident, name) for ident, _grade, name in children.class_choices(actor)]
    if actor.role in ALL_CHILDREN_ROLES or actor.role == vocab.ROLE_CLASS_TEACHER:
        return classes
    mine = {row.class_id for row in children.list_active(actor)}
    return [(ident, name) for ident, name in classes if ident in mine]


class PrintDialog(QDialog):
    """The print dialog. ``selection`` and ``description`` say which children the caller
    opened it for (the filtered list, one child); without them it offers the actor's
    children, a class at a time or all. ``previewReady`` is emitted when the preview
    shows the pages of a new PDF (tests and screenshots wait for it)."""

    previewReady = Signal()  # noqa: N815 (Qt's signal naming)
    previewFailed = Signal(str)  # noqa: N815
    previewCancelled = Signal()  # noqa: N815
    saved = Signal(object)  # the PrintOutcome of "Save as PDF…"

    def __init__(
        self,
        db: Database,
        actor: Actor,
        *,
        selection: Selection | None = None,
        description: str = "",
        kind: str = "cards",
        layout: str = DEFAULT_LAYOUT,
        children: ChildrenService | None = None,
        service: PrintService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printDialog")
        self.setWindowTitle(self.tr("Print"))
        self.resize(1100, 700)
        self._db = db
        self._actor = actor
        self._service = service or PrintService(db)
        self._children = children or ChildrenService(db)
        self._job: PrintJob | None = None
        self._printing = False
        self._print_stop = False
        self.outcome: PrintOutcome | None = None  # the PDF the preview shows
        self._shown_choice = PrintChoice()  # what it was made for
        self.preview_folder = self._preview_folder()
        self._serial = 0
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.regenerate)

        self._build_choices(selection, description, kind, layout)
        self._build_preview()
        self._build_buttons()
        layout_box = QVBoxLayout(self)
        layout_box.addWidget(self.banner)
        body = QHBoxLayout()
        body.addWidget(self.choices_panel)
        body.addLayout(self.preview_box, 1)
        layout_box.addLayout(body, 1)
        layout_box.addLayout(self.buttons_row)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.preview.previous_page)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.preview.next_page)
        self._update_enabled()
        self.regenerate()

    # --- building ------------------------------------------------------------------

    def _build_choices(
        self, selection: Selection | None, description: str, kind: str, layout: str
    ) -> None:
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("printKind")
        for label, key in (
            (self.tr("Contact cards (联系卡)"), "cards"),
            (self.tr("Registration forms (登记表)"), "archive"),
            (self.tr("Talk record cards (谈心记录卡)"), "talk-sheet"),
            (self.tr("Blank talk record card, to fill in by hand"), BLANK_TALK_SHEET),
            (self.tr("Class roster (花名册)"), "roster"),
        ):
            self.kind_combo.addItem(label, key)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))

        self.children_combo = QComboBox(self)
        self.children_combo.setObjectName("printChildren")
        for label, chosen in self._children_items(selection, description):
            self.children_combo.addItem(label, chosen)
        self.children_label = QLabel(self.children_combo.itemText(0), self)
        self.children_label.setObjectName("printChildrenLabel")
        self.children_label.setWordWrap(True)
        single = self.children_combo.count() == 1
        self.children_combo.setVisible(not single)
        self.children_label.setVisible(single)

        self.layout_combo = QComboBox(self)
        self.layout_combo.setObjectName("printLayout")
        for key, card_layout in LAYOUTS.items():
            self.layout_combo.addItem(tr_vocab(card_layout.label), key)
        self.layout_combo.setCurrentIndex(max(self.layout_combo.findData(layout), 0))

        self.count_label = QLabel(self)
        self.count_label.setObjectName("printCount")
        self.count_label.setWordWrap(True)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("What to print"), self.kind_combo)
        children_row = QVBoxLayout()
        children_row.addWidget(self.children_combo)
        children_row.addWidget(self.children_label)
        form.addRow(self.tr("Which children"), children_row)
        self.layout_caption = QLabel(self.tr("Card layout"), self)
        form.addRow(self.layout_caption, self.layout_combo)
        self.choices_panel = QWidget(self)
        self.choices_panel.setFixedWidth(340)
        panel = QVBoxLayout(self.choices_panel)
        panel.setContentsMargins(0, 0, 8, 0)
        panel.addLayout(form)
        panel.addWidget(self.count_label)
        panel.addStretch(1)
        for combo in (self.kind_combo, self.children_combo, self.layout_combo):
            combo.currentIndexChanged.connect(self._choice_changed)

    def _children_items(
        self, selection: Selection | None, description: str
    ) -> list[tuple[str, Selection]]:
        items: list[tuple[str, Selection]] = []
        if selection is not None:
            items.append((description or self.tr("The chosen children"), selection))
        classes = printable_classes(self._children, self._actor)
        if self._actor.role in ALL_CHILDREN_ROLES:
            everyone = self.tr("The whole school")
        elif self._actor.role == vocab.ROLE_CLASS_TEACHER:
            everyone = classes[0][1] if len(classes) == 1 else self.tr("All my classes")
        else:
            everyone = self.tr("All the children I mentor")
        items.append((everyone, Selection()))
        if len(classes) > 1:
            items.extend((name, Selection(class_ids=(ident,))) for ident, name in classes)
        return items

    def _build_preview(self) -> None:
        self.banner = QLabel(self)
        self.banner.setObjectName("unprintableBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(
            "QLabel { background: #fff4ce; color: #4a3800; border: 1px solid #e0b400;"
            " border-radius: 4px; padding: 8px; }"
        )
        self.banner.setVisible(False)

        self.preview = PdfPreview(self)
        self.preview.setObjectName("printPreviewPane")

        self.progress = QProgressBar(self)
        self.progress.setObjectName("printProgress")
        self.progress_text = QLabel(self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("printCancel")
        self.cancel_button.clicked.connect(self.cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_text)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.preview_box = QVBoxLayout()
        self.preview_box.addLayout(progress_row)
        self.preview_box.addWidget(self.preview, 1)
        self._show_progress(False)

    def _build_buttons(self) -> None:
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
        self.buttons_row = QHBoxLayout()
        self.buttons_row.addWidget(self.save_button)
        self.buttons_row.addStretch(1)
        self.buttons_row.addWidget(self.print_button)
        self.buttons_row.addWidget(self.close_button)

    # --- the choice ----------------------------------------------------------------

    def choice(self) -> PrintChoice:
        """What the dialog's choices say to print now."""
        key = self.kind_combo.currentData()
        return PrintChoice(
            kind="talk-sheet" if key == BLANK_TALK_SHEET else key,
            blank=key == BLANK_TALK_SHEET,
            layout=self.layout_combo.currentData(),
            selection=self.children_combo.currentData(),
        )

    def _choice_changed(self) -> None:
        self._debounce.start()  # the preview is out of date until it is made again
        self._update_enabled()

    def _update_enabled(self) -> None:
        choice = self.choice()
        busy = self._job is not None or self._printing
        ready = self.outcome is not None and not busy and not self._debounce.isActive()
        # no change of choice while the printer or "save as" uses the shown one
        self.choices_panel.setEnabled(not self._printing and not self._saving())
        self.layout_combo.setEnabled(choice.kind == "cards")
        self.layout_caption.setEnabled(choice.kind == "cards")
        self.children_combo.setEnabled(not choice.blank)
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # --- making the PDF ------------------------------------------------------------

    def regenerate(self) -> None:
        """Make the preview PDF for the current choice (cancelling one being made)."""
        self._debounce.stop()
        if self._printing or self._saving():
            self._debounce.start()  # after the print or the save
            return
        if self._job is not None:
            self._job.cancel()
            self._drop_job()
        self._clear_preview()
        self._serial += 1
        target = self.preview_folder / f"preview-{self._serial}.pdf"
        self.progress_text.setText(self.tr("Preparing the pages…"))
        self._start(self.choice(), target, "preview")

    def _start(self, choice: PrintChoice, target: Path, purpose: str) -> None:
        service, actor = self._service, self._actor
        job = PrintJob(
            choice,
            purpose,
            lambda report: run_service(
                service, actor, choice, target, report, audit=purpose != "preview"
            ),
        )
        job.progressed.connect(self._on_progress)
        job.finished_ok.connect(self._on_done)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._job = job
        self.progress.setRange(0, 0)
        self._show_progress(True)
        self._update_enabled()
        job.start()

    def _drop_job(self) -> None:
        """Forget the job (its late signals are then ignored) and hide the progress."""
        self._job = None
        self._show_progress(False)
        self._update_enabled()

    def _on_progress(self, job: PrintJob, done: int, total: int) -> None:
        if job is self._job and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _on_done(self, job: PrintJob, outcome: PrintOutcome) -> None:
        if job is not self._job:  # replaced by a newer choice, or the dialog closed
            if job.purpose == "preview":
                outcome.path.unlink(missing_ok=True)
            return
        self._drop_job()
        if job.purpose == "save":
            self._saved(outcome)
        else:
            self._show_outcome(job.choice, outcome)

    def _on_failed(self, job: PrintJob, exc: Exception) -> None:
        if job is not self._job:
            return
        self._drop_job()
        if not isinstance(exc, UserError):
            raise exc  # a bug: the excepthook logs it and apologises
        if job.purpose == "save":
            dialogs.show_error(self, exc)
            return
        self.count_label.clear()
        self._show_banner(())
        self._show_failure(translate_user_error(exc))

    def _on_cancelled(self, job: PrintJob) -> None:
        if job is not self._job:
            return
        self._drop_job()
        if job.purpose == "preview":
            self.count_label.clear()
            self._show_banner(())
            self.preview.clear(
                self.tr("The preview was stopped. Change a choice to make it again.")
            )
            self.previewCancelled.emit()

    def cancel(self) -> None:
        """Stop the PDF being made, or the printing (the Cancel button)."""
        if self._printing:
            self._print_stop = True
        elif self._job is not None:
            self._job.cancel()

    def _saving(self) -> bool:
        return self._job is not None and self._job.purpose == "save"

    def is_busy(self) -> bool:
        return self._job is not None or self._printing

    def _show_progress(self, shown: bool) -> None:
        for widget in (self.progress, self.progress_text, self.cancel_button):
            widget.setVisible(shown)

    # --- the preview ---------------------------------------------------------------

    def _clear_preview(self, message: str = "") -> None:
        self.preview.clear(message)
        if self.outcome is not None:
            self.outcome.path.unlink(missing_ok=True)
            self.outcome = None
        self._update_enabled()

    def _show_outcome(self, choice: PrintChoice, outcome: PrintOutcome) -> None:
        try:
            self.preview.show_pdf(outcome.path)
        except UserError as exc:
            outcome.path.unlink(missing_ok=True)
            self._show_failure(translate_user_error(exc))
            return
        self.outcome, self._shown_choice = outcome, choice
        if choice.blank:
            self.count_label.setText(self.tr("Pages: {pages}").format(pages=outcome.pages))
        else:
            self.count_label.setText(
                self.tr("Children: {n}\nPages: {pages}").format(
                    n=outcome.items, pages=outcome.pages
                )
            )
        self._show_banner(outcome.unprintable)
        self._update_enabled()
        self.previewReady.emit()

    def _show_failure(self, message: str) -> None:
        self.preview.clear(message)
        self.previewFailed.emit(message)

    def _show_banner(self, found: tuple[Unprintable, ...]) -> None:
        if not found:
            self.banner.setVisible(False)
            self.banner.clear()
            return
        entries: list[str] = []
        for item in found:
            name = item.who.split("（")[0]
            entry = item.who if item.text == name else f"{item.who}: {item.text}"
            if entry not in entries:
                entries.append(entry)
        shown = "、".join(entries[:BANNER_NAMES])
        if len(entries) > BANNER_NAMES:
            shown += self.tr(" … and {n} more").format(n=len(entries) - BANNER_NAMES)
        self.banner.setText(
            self.tr(
                "These names or addresses have rare characters that this computer's fonts "
                "cannot print (they would come out as empty boxes): {names}. Please write "
                "them in by hand after printing, or ask the township for the rare-character "
                "font pack and copy it into {folder}."
            ).format(names=shown, folder=self._db.data_dir.root / "fonts")
        )
        self.banner.setVisible(True)

    # --- print and save ------------------------------------------------------------

    def print_document(self, printer: QPrinter | None = None) -> int:
        """Qt's print dialog, then the previewed PDF to the printer; the pages printed
        (0 if cancelled). ``printer`` defaults to the system's, at high resolution."""
        if not self.print_button.isEnabled():
            return 0
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._shown_choice.file_stem())
        fit_printer_to(printer, self.outcome.path)
        if not choose_printer(self, printer):
            return 0
        self._printing, self._print_stop = True, False
        self.progress_text.setText(self.tr("Printing…"))
        self.progress.setRange(0, self.outcome.pages)
        self._show_progress(True)
        self._update_enabled()

        def report(done: int, total: int) -> None:
            self.progress.setValue(done)
            self.progress_text.setText(
                self.tr("Printing page {page} of {pages}…").format(
                    page=min(done + 1, total), pages=total
                )
            )
            QCoreApplication.processEvents()
            if self._print_stop:
                raise PrintCancelled()

        try:
            pages = print_pdf(self.outcome.path, printer, report)
            self._service.record_printed(
                self._actor, self._shown_choice.kind, self.outcome.items, printer.printerName()
            )
            return pages
        except PrintCancelled:
            return 0
        except UserError as exc:
            dialogs.show_error(self, exc)
            return 0
        finally:
            self._printing = False
            self._show_progress(False)
            self._update_enabled()

    def save_pdf(self) -> None:
        """Ask where, then have the service write the document there (and log it)."""
        if not self.save_button.isEnabled():
            return
        choice = self._shown_choice
        target = dialogs.choose_pdf_file(self, choice.file_stem())
        if target is None:
            return
        self.progress_text.setText(self.tr("Saving the PDF…"))
        self._start(choice, target, "save")

    def _saved(self, outcome: PrintOutcome) -> None:
        self._update_enabled()
        self.saved.emit(outcome)
        dialogs.show_info(
            self,
            self.tr("PDF saved"),
            self.tr("{pages} pages were saved to\n{path}").format(
                pages=outcome.pages, path=outcome.path
            ),
        )

    # --- for tests and screenshots -------------------------------------------------

    def wait_until_idle(self, timeout_s: float = 60.0) -> None:
        """Process events until no PDF is being made (a pending preview starts first)."""
        deadline = time.monotonic() + timeout_s
        while self._debounce.isActive() or self._job is not None:
            if time.monotonic() > deadline:
                raise TimeoutError("the print preview did not finish")
            QCoreApplication.processEvents()
            if self._debounce.isActive() and self._job is None:
                self.regenerate()
            time.sleep(0.005)

    # --- closing -------------------------------------------------------------------

    def done(self, result: int) -> None:  # noqa: D102
        if self._printing:  # Esc while printing stops the printing, keeps the dialog
            self._print_stop = True
            return
        self._debounce.stop()
        job = self._job
        if job is not None:
            job.cancel()
            self._drop_job()
            job.thread.join()
        self._clear_preview()
        shutil.rmtree(self.preview_folder, ignore_errors=True)
        super().done(result)

    def _preview_folder(self) -> Path:
        """A new folder for the preview PDFs, in the data dir (the children's data stays
        where the database is); folders a crash left behind are removed."""
        parent = preview_root(self._db)
        parent.mkdir(parents=True, exist_ok=True)
        now = time.time()
        for old in parent.glob("preview-*"):
            try:
                if now - old.stat().st_mtime > STALE_PREVIEWS_S:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                continue
        return Path(tempfile.mkdtemp(prefix="preview-", dir=parent))
