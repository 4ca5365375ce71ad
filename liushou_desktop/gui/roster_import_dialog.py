"""Importing a roster in the GUI: choose the file, see the preview, import, undo.

The flow is four clicks from the children page: "Import roster…", the file (open),
then "Import" once the preview has said in plain words what will happen and listed every
row that will be rejected and why. Reading and checking show a progress bar and can be
cancelled; nothing is written until "Import", and then everything in one transaction
after a backup. Rejected rows can be saved as a workbook to fix and import again. The
import history offers "Undo this import" while nobody has edited those children since.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.roster_import import (
    ERROR,
    ImportBatchView,
    ImportCancelled,
    ImportProblem,
    ImportReport,
    RosterImportService,
    preload,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.formatting import local_time
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import translate_user_error
from liushou_desktop.io.roster_errors import write_error_workbook


def problem_text(problem: ImportProblem) -> str:
    """A problem's message in the current language."""
    return translate_user_error(UserError(problem.template, problem.params))


def choose_and_import(
    parent: QWidget, service: RosterImportService, actor: Actor
) -> RosterImportDialog | None:
    """Ask for the roster file, then open the import dialog on it (None if cancelled).

    The import's libraries load in a background thread while the file dialog is open.
    """
    threading.Thread(target=preload, name="roster-import-preload", daemon=True).start()
    path = dialogs.choose_open_file(
        parent,
        QCoreApplication.translate("RosterImport", "Choose the class roster"),
        QCoreApplication.translate(
            "RosterImport", "Rosters (*.xlsx *.xlsm *.xls *.csv);;All files (*)"
        ),
    )
    if path is None:
        return None
    dialog = RosterImportDialog(service, actor, path, parent)
    dialog.open()
    return dialog


class ProblemsModel(RowsTableModel[ImportProblem]):
    """The rejected rows and the warnings of a preview, one line per problem."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                self.tr("Sheet"),
                self.tr("Row"),
                self.tr("Column"),
                self.tr("What happens"),
                self.tr("Reason and what to do"),
            ),
            parent=parent,
        )
        self._texts: dict[int, str] = {}

    def set_rows(self, rows: list[ImportProblem]) -> None:
        self._texts.clear()
        super().set_rows(rows)

    def sort_key(self, row: ImportProblem, column: int) -> Any:
        if column == 1:
            return row.row
        return self.cell(row, column)

    def cell(self, problem: ImportProblem, column: int) -> str:
        if column == 0:
            return problem.sheet
        if column == 1:
            return str(problem.row)
        if column == 2:
            return problem.column
        if column == 3:
            if problem.severity == ERROR:
                return self.tr("Row not imported")
            return self.tr("Imported, cell left blank")
        key = id(problem)
        if key not in self._texts:
            self._texts[key] = problem_text(problem)
        return self._texts[key]


class RosterImportDialog(QDialog):
    """Preview, import and result of one roster file."""

    imported = Signal()  # emitted once the import is committed (the list should reload)

    def __init__(
        self,
        service: RosterImportService,
        actor: Actor,
        path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rosterImportDialog")
        self.setWindowTitle(self.tr("Import a roster — {file}").format(file=path.name))
        self.resize(1000, 620)
        self._service = service
        self._actor = actor
        self.path = path
        self.report: ImportReport | None = None
        self._cancelled = False
        self._busy = False

        self.summary = QLabel(self.tr("Reading {file}…").format(file=path.name), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.problems_model = ProblemsModel(self)
        self.problems = QTableView(self)
        self.problems.setObjectName("importProblems")
        self.problems.setModel(self.problems_model)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setAlternatingRowColors(True)
        self.problems.setWordWrap(True)
        self.problems.verticalHeader().setVisible(False)
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self.problems_model.sort)

        # the whole reason of the selected line (the table cuts long ones short)
        self.detail = QLabel(self)
        self.detail.setObjectName("problemDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.selectionModel().currentRowChanged.connect(self._show_detail)

        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.save_errors_button = QPushButton(self.tr("Save the rejected rows to fix…"), self)
        self.save_errors_button.setObjectName("saveErrorsButton")
        self.save_errors_button.setVisible(False)
        self.save_errors_button.clicked.connect(self.save_errors)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self._cancel)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_errors_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        QTimer.singleShot(0, self.run_preview)

    # --- steps ---------------------------------------------------------------------

    def run_preview(self) -> None:
        """Read and check the file, writing nothing, and show what an import would do."""
        report = self._call(self._service.preview)
        if report is None:
            return
        self.report = report
        self.problems_model.set_rows(list(report.errors))
        if report.errors:
            self.problems.selectRow(0)
        self.summary.setText(self._preview_text(report))
        will_write = report.imported + report.updated
        self.import_button.setEnabled(will_write > 0)
        if will_write:
            self.import_button.setText(
                self.tr("Import {n} children").format(n=report.imported + report.updated)
            )
            self.import_button.setDefault(True)
            self.import_button.setFocus()
        self.save_errors_button.setVisible(report.rejected > 0)

    def run_import(self) -> None:
        """Write the previewed changes: a backup first, then one transaction."""
        self.import_button.setEnabled(False)
        report = self._call(self._service.run)
        if report is None:
            self.import_button.setEnabled(True)
            return
        self.report = report
        self.problems_model.set_rows(list(report.errors))
        self.summary.setText(self._result_text(report))
        self.import_button.setVisible(False)
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setDefault(True)
        self.save_errors_button.setVisible(report.rejected > 0)
        self.imported.emit()

    def save_errors(self) -> None:
        """Write the rejected rows, with their reasons, to a workbook to fix and re-import."""
        if self.report is None:
            return
        suggested = str(self.path.with_name(f"{self.path.stem}-待修改.xlsx"))
        target = dialogs.choose_save_file(
            self, self.tr("Save the rejected rows"), suggested, self.tr("Excel workbook (*.xlsx)")
        )
        if target is None:
            return
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        try:
            written = write_error_workbook(self.report, target, self.path, problem_text)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self,
            self.tr("Rejected rows saved"),
            self.tr(
                "The rejected rows were saved with the reason next to each one:\n{path}\n\n"
                "Correct them in Excel or WPS, save, and import that file again."
            ).format(path=written),
        )

    # --- helpers --------------------------------------------------------------------

    def _call(self, step: Any) -> ImportReport | None:
        """Run preview or run with the progress bar; None if it failed or was cancelled."""
        self._cancelled = False
        self._busy = True
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        try:
            return step(self._actor, self.path, progress=self._progress)  # type: ignore[no-any-return]
        except ImportCancelled:
            self.summary.setText(self.tr("Cancelled: nothing was imported."))
            return None
        except UserError as exc:
            self.summary.setText(translate_user_error(exc))
            dialogs.show_error(self, exc)
            return None
        finally:
            self._busy = False
            self.progress.setVisible(False)

    def _show_detail(self, current: Any, _previous: Any = None) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        problem = self.problems_model.row_at(current.row())
        self.detail.setText(
            self.tr("Sheet {sheet}, row {row}, column {column}: {reason}").format(
                sheet=problem.sheet,
                row=problem.row,
                column=problem.column or "-",
                reason=problem_text(problem),
            )
        )

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        QCoreApplication.processEvents()
        if self._cancelled:
            raise ImportCancelled()

    def _cancel(self) -> None:
        if self._busy:
            self._cancelled = True
            return
        self.reject()

    def reject(self) -> None:
        if self._busy:  # Esc while reading: stop reading, keep the dialog
            self._cancelled = True
            return
        super().reject()

    def _preview_text(self, report: ImportReport) -> str:
        lines = [
            self.tr("{file}: nothing has been written yet.").format(file=self.path.name),
            self.tr("New children to add: {n}").format(n=report.imported),
            self.tr("Children already registered, to update: {n}").format(n=report.updated),
            self.tr("Children already registered, unchanged: {n}").format(n=report.unchanged),
        ]
        if report.duplicates:
            lines.append(
                self.tr("Rows repeating a child earlier in the file (skipped): {n}").format(
                    n=report.duplicates
                )
            )
        if report.rejected:
            lines.append(
                self.tr("Rows that cannot be imported: {n} — see the list below.").format(
                    n=report.rejected
                )
            )
        if report.warnings:
            lines.append(
                self.tr("Cells that will be left blank: {n} — see the list below.").format(
                    n=report.warnings
                )
            )
        if report.imported + report.updated:
            lines.append(
                self.tr("A backup is made before importing, and the import can be undone.")
            )
        else:
            lines.append(self.tr("There is nothing to import from this file."))
        return "\n".join(lines)

    def _result_text(self, report: ImportReport) -> str:
        text = self.tr(
            "Imported: {new} new children added, {updated} updated, {unchanged} unchanged."
        ).format(new=report.imported, updated=report.updated, unchanged=report.unchanged)
        if report.rejected:
            text += "\n" + self.tr(
                "{n} rows were not imported: save them to fix, then import that file."
            ).format(n=report.rejected)
        return text


class ImportHistoryDialog(QDialog):
    """The imports made on this computer, newest first, with "Undo this import"."""

    undone = Signal()

    def __init__(
        self, service: RosterImportService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importHistoryDialog")
        self.setWindowTitle(self.tr("Roster imports"))
        self.resize(900, 420)
        self._service = service
        self._actor = actor
        self.model = HistoryModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.undo_button = QPushButton(self.tr("Undo this import…"), self)
        self.undo_button.setObjectName("undoImportButton")
        self.undo_button.clicked.connect(self.undo_selected)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "An import can be undone while nobody has edited the children it added "
                    "or changed. A backup is made first."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_button)
        self.reload()

    def reload(self) -> None:
        try:
            self.model.set_rows(self._service.history(self._actor))
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        if self.model.rowCount():
            self.table.selectRow(0)
        self.table.resizeColumnsToContents()
        self._update_button()

    def selected(self) -> ImportBatchView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_button(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch.can_undo)

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None or not batch.can_undo:
            return
        question = self.tr(
            "Undo the import of {file} made on {time}?\n\n"
            "The {n} children it added are removed again and the records it changed get "
            "their old values back. A backup is made first."
        ).format(
            file=batch.file_name,
            time=local_time(batch.created_at),
            n=batch.counts.get("imported", 0),
        )
        if not dialogs.ask_yes_no(self, self.tr("Undo an import"), question):
            return
        try:
            self._service.undo(self._actor, batch.id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            self.reload()
            return
        self.reload()
        self.undone.emit()
        dialogs.show_info(self, self.tr("Import undone"), self.tr("The import was undone."))


class HistoryModel(RowsTableModel[ImportBatchView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                self.tr("Time"),
                self.tr("File"),
                self.tr("Who"),
                self.tr("Added"),
                self.tr("Updated"),
                self.tr("Not imported"),
                self.tr("Can it be undone?"),
            ),
            parent=parent,
        )

    def cell(self, batch: ImportBatchView, column: int) -> str:
        if column == 0:
            return local_time(batch.created_at)
        if column == 1:
            return batch.file_name
        if column == 2:
            return batch.actor
        if column in (3, 4, 5):
            key = ("imported", "updated", "rejected")[column - 3]
            return str(batch.counts.get(key, 0))
        if batch.undone_at is not None:
            return self.tr("Undone on {time}").format(time=local_time(batch.undone_at))
        if batch.can_undo:
            return self.tr("Yes")
        return self._why_not(batch)

    def _why_not(self, batch: ImportBatchView) -> str:
        if batch.why_not_error is not None:
            return translate_user_error(batch.why_not_error)
        return batch.why_not or self.tr("No")
