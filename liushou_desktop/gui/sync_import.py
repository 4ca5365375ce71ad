"""Taking in sync bundles: the township's stick after stick, and one file with a preview.

At the township (:class:`StickImportDialog`, :func:`open_import`): choose the stick, and
every ``.lsb`` file on it is imported at once -- each bundle is checked from end to end
before one transaction writes it, so a refused bundle writes nothing and is listed with
its reason in words. One running summary per school (bundles, new, changed, conflicts,
already had, refused) stays on screen while the next stick goes in, until 完成.

One file with a preview is :mod:`liushou_desktop.gui.sync_preview`. The services run in
worker threads (:class:`~liushou_desktop.gui.sync_dialogs.BackgroundCall`) and are
imported lazily.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.sync_dialogs import BackgroundCall, drive_text
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import translate_user_error
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = [
    "FileResult",
    "SchoolSummary",
    "StickImportDialog",
    "find_bundles",
    "open_import",
    "reason_words",
    "table_view",
    "take_in",
]

Now = Callable[[], datetime]
OTHER = "other"  # a refusal that is not one of the bundle format's reasons
OWN = "own"  # a file this installation wrote (the township's receipts on a school's stick)


def reason_words(reason: str) -> str:
    """A refusal reason (bundle_format.REASONS) in a few words for the summary table."""
    words = {
        "not_a_bundle": QCoreApplication.translate("SyncImport", "not a sync bundle"),
        "truncated": QCoreApplication.translate("SyncImport", "incomplete (cut off)"),
        "tampered": QCoreApplication.translate("SyncImport", "changed or damaged"),
        "wrong_recipient": QCoreApplication.translate("SyncImport", "made for someone else"),
        "unpaired": QCoreApplication.translate("SyncImport", "sender not paired"),
        "key_changed": QCoreApplication.translate("SyncImport", "new key, accept it first"),
        "newer_schema": QCoreApplication.translate("SyncImport", "needs a newer program"),
        "newer_format": QCoreApplication.translate("SyncImport", "needs a newer program"),
    }
    return words.get(reason, QCoreApplication.translate("SyncImport", "could not be read"))


@dataclass(frozen=True)
class FileResult:
    """What became of one file: ``status`` "merged", "already_imported", "refused" or
    "own" (written by this installation: left alone)."""

    path: Path
    sender: str  # the sender's code ("" when the file says nothing readable)
    status: str
    new: int = 0
    changed: int = 0
    conflicts: int = 0
    deleted: int = 0
    reason: str = ""
    error: UserError | None = None


@dataclass
class SchoolSummary:
    """One line of the running summary: everything taken in from one school."""

    code: str
    name: str
    bundles: int = 0
    new: int = 0
    changed: int = 0
    conflicts: int = 0
    already: int = 0
    refused: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        if result.status == "refused":
            self.refused += 1
            if result.reason not in self.reasons:
                self.reasons.append(result.reason)
            return
        self.bundles += 1
        self.already += result.status == "already_imported"
        self.new += result.new
        self.changed += result.changed
        self.conflicts += result.conflicts


def find_bundles(folder: Path) -> list[Path]:
    """The ``.lsb`` files in ``folder`` and its subfolders one level down, by name."""
    found: list[Path] = []
    try:
        for entry in sorted(folder.iterdir()):
            if entry.is_file() and entry.suffix.lower() == ".lsb":
                found.append(entry)
            elif entry.is_dir() and not entry.name.startswith("."):
                found.extend(
                    sorted(p for p in entry.iterdir() if p.is_file() and p.suffix.lower() == ".lsb")
                )
    except OSError as exc:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The folder {folder} cannot be read ({problem}). Check that the USB stick is "
                "plugged in.",
            ),
            {"folder": str(folder), "problem": exc.strerror or str(exc)},
        ) from exc
    return found


def outcome_counts(outcome: Any) -> tuple[int, int, int, int]:
    """(new, changed, conflicts, deleted) of an ImportOutcome, over all its tables."""
    tables = outcome.tables.values()
    conflicts = len(outcome.conflicts) or sum(t.conflicting for t in tables)
    return (
        sum(t.new for t in tables),
        sum(t.changed for t in tables),
        conflicts,
        sum(t.deleted for t in tables),
    )


def take_in(
    service: Any, actor: Actor, path: Path, *, dry_run: bool = False, own_code: str = ""
) -> tuple[FileResult, Any]:
    """Import one file with the BundleService; (its FileResult, the ImportOutcome or None).
    A refusal is a result, not an exception (no Qt here: it runs in the worker). A file
    this installation wrote itself (``own_code``: e.g. the township's receipts left on a
    school's stick) is not imported: its status is "own"."""
    sender = ""
    with contextlib.suppress(UserError):
        sender = service.inspect(path).sender
    if own_code and sender == own_code:
        return FileResult(path, sender, OWN), None
    try:
        outcome = service.import_bundle(actor, path, dry_run=dry_run)
    except UserError as exc:
        reason = getattr(exc, "reason", OTHER)
        return FileResult(path, sender, "refused", reason=reason, error=exc), None
    new, changed, conflicts, deleted = outcome_counts(outcome)
    status = "already_imported" if outcome.status == "already_imported" else "merged"
    result = FileResult(path, outcome.header.sender, status, new, changed, conflicts, deleted)
    return result, outcome


class SummaryModel(RowsTableModel[SchoolSummary]):
    """The running summary: one line per school."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                QCoreApplication.translate("SyncImport", "School"),
                QCoreApplication.translate("SyncImport", "Bundles"),
                QCoreApplication.translate("SyncImport", "New"),
                QCoreApplication.translate("SyncImport", "Changed"),
                QCoreApplication.translate("SyncImport", "Conflicts"),
                QCoreApplication.translate("SyncImport", "Had already"),
                QCoreApplication.translate("SyncImport", "Refused (why)"),
            ),
            parent=parent,
        )

    def sort_key(self, row: SchoolSummary, column: int) -> Any:
        if 1 <= column <= 5:
            return (row.bundles, row.new, row.changed, row.conflicts, row.already)[column - 1]
        return self.cell(row, column)

    def cell(self, row: SchoolSummary, column: int) -> str:
        if column == 0:
            return f"{row.name}（{row.code}）" if row.name and row.name != row.code else row.code
        if 1 <= column <= 5:
            return str(self.sort_key(row, column))
        if not row.refused:
            return "0"
        return f"{row.refused}：" + "、".join(reason_words(r) for r in row.reasons)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            if 1 <= index.column() <= 5:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.cell(self.rows[index.row()], index.column())
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == 6
            and self.rows[index.row()].refused
        ):
            return QBrush(QColor("#b00020"))
        return super().data(index, role)


def table_view(parent: QWidget, model: RowsTableModel[Any], name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _drives() -> list[Any]:
    from liushou_desktop.sync.drives import removable_drives

    return list(removable_drives())


class StickImportDialog(QDialog):
    """依次导入 U 盘: every bundle on one stick after another, one running summary.

    ``stickDone`` is emitted after each stick (tests and screenshots wait for it);
    ``imported`` whenever something was written (the pages reload).
    """

    stickDone = Signal()  # noqa: N815 (Qt's signal naming)
    imported = Signal()

    def __init__(
        self, db: Database, actor: Actor, now: Now = utcnow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stickImportDialog")
        self.setWindowTitle(self.tr("Take in the schools' USB sticks"))
        self.resize(1000, 640)
        self._db = db
        self._actor = actor
        self._now = now
        self._call: BackgroundCall | None = None
        self.sticks = 0
        self.results: list[FileResult] = []
        self.summaries: dict[str, SchoolSummary] = {}

        self.intro = QLabel(
            self.tr(
                "Plug in a school's USB stick, choose it and click “Take in this stick”: every "
                "sync bundle on it is checked and imported. Then plug in the next stick."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.drive_combo = QComboBox(self)
        self.drive_combo.setObjectName("stickDrive")
        self.drive_combo.setMinimumWidth(380)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.folder_button = QPushButton(self.tr("Other folder…"), self)
        self.folder_button.setObjectName("stickOtherFolder")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.choose_other_folder)
        self.take_button = QPushButton(self.tr("Take in this stick"), self)
        self.take_button.setObjectName("stickTakeIn")
        self.take_button.setDefault(True)
        self.take_button.clicked.connect(self.take_in_stick)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("stickStatus")
        self.status.setWordWrap(True)
        self.totals = QLabel(self)
        self.totals.setObjectName("stickTotals")
        self.totals.setWordWrap(True)
        bold = QFont(self.totals.font())
        bold.setBold(True)
        self.totals.setFont(bold)
        self.model = SummaryModel(self)
        self.table = table_view(self, self.model, "stickSummary")
        self.refused_label = QLabel(self)
        self.refused_label.setObjectName("stickRefused")
        self.refused_label.setWordWrap(True)
        self.refused_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refused_label.setStyleSheet("color: #b00020;")
        self.refused_label.setVisible(False)
        self.next_button = QPushButton(self.tr("Next stick"), self)
        self.next_button.setObjectName("stickNext")
        self.next_button.setEnabled(False)
        self.next_button.clicked.connect(self.next_stick)
        self.finish_button = QPushButton(self.tr("Finish"), self)
        self.finish_button.setObjectName("stickFinish")
        self.finish_button.setAutoDefault(False)
        self.finish_button.clicked.connect(self.accept)

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("USB stick:"), self))
        chooser.addWidget(self.drive_combo, 1)
        chooser.addWidget(self.refresh_button)
        chooser.addWidget(self.folder_button)
        chooser.addWidget(self.take_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(chooser)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refused_label)
        layout.addLayout(buttons)
        self._show_totals()
        self.refresh_drives()

    # --- the drive -------------------------------------------------------------------

    def refresh_drives(self) -> None:
        self.drive_combo.clear()
        for drive in _drives():
            self.drive_combo.addItem(drive_text(drive), str(drive.path))
        if self.drive_combo.count() == 0:
            self.status.setText(
                self.tr(
                    "No USB stick was found. Plug one in and click “Refresh”, or choose "
                    "“Other folder…”."
                )
            )
        else:
            self.status.clear()
        self._update_enabled()

    def choose_other_folder(self) -> None:
        folder = dialogs.choose_folder(self, self.tr("The folder with the sync bundles"))
        if folder is None:
            return
        self.drive_combo.addItem(str(folder), str(folder))
        self.drive_combo.setCurrentIndex(self.drive_combo.count() - 1)
        self.status.clear()
        self._update_enabled()

    def _update_enabled(self, waiting_for_next: bool = False) -> None:
        busy = self._call is not None
        choosing = not busy and not waiting_for_next
        for widget in (self.drive_combo, self.refresh_button, self.folder_button):
            widget.setEnabled(choosing)
        self.take_button.setEnabled(choosing and self.drive_combo.currentIndex() >= 0)
        self.finish_button.setEnabled(not busy)

    # --- taking in -------------------------------------------------------------------

    def take_in_stick(self) -> None:
        """Import every bundle on the chosen stick, in a worker thread."""
        if self._call is not None or self.drive_combo.currentIndex() < 0:
            return
        folder = Path(self.drive_combo.currentData())
        try:
            files = find_bundles(folder)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        if not files:
            self.status.setText(
                self.tr("There is no sync bundle (.lsb file) on {folder}.").format(folder=folder)
            )
            return
        from liushou_desktop.domain.sync_bundles import BundleService
        from liushou_desktop.domain.sync_peers import PeerService

        service, actor = BundleService(self._db, self._now), self._actor
        own_code = PeerService(self._db, self._now).identity().code

        def work(progress: Callable[[int, int], None]) -> list[FileResult]:
            results = []
            for done, path in enumerate(files):
                progress(done, len(files))
                results.append(take_in(service, actor, path, own_code=own_code)[0])
            return results

        call = BackgroundCall(work, "sync-stick-import")
        call.progressed.connect(self._on_progress)
        call.finished_ok.connect(self._on_done)
        call.failed.connect(self._on_failed)
        self._call = call
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Checking and importing {n} files…").format(n=len(files)))
        self._update_enabled()
        call.start()

    def _on_progress(self, call: BackgroundCall, done: int, total: int) -> None:
        if call is self._call:
            self.progress.setValue(done)

    def _on_done(self, call: BackgroundCall, results: list[FileResult]) -> None:
        if call is not self._call:
            return
        self._call = None
        call.join()
        self.progress.setVisible(False)
        self.sticks += 1
        own = sum(r.status == OWN for r in results)
        results = [r for r in results if r.status != OWN]
        self.results.extend(results)
        names = self._school_names()
        for result in results:
            key = result.sender or result.path.name
            summary = self.summaries.get(key)
            if summary is None:
                summary = SchoolSummary(key, names.get(key, ""))
                self.summaries[key] = summary
            summary.add(result)
        self.model.set_rows(sorted(self.summaries.values(), key=lambda s: s.code))
        self._show_totals()
        self._show_refused()
        merged = sum(r.status != "refused" for r in results)
        refused = len(results) - merged
        self.status.setText(
            self.tr(
                "Stick {n} done: {merged} bundles taken in, {refused} refused. Pull it out, "
                "plug in the next one and click “Next stick” — or “Finish”."
            ).format(n=self.sticks, merged=merged, refused=refused)
        )
        if own:
            self.status.setText(
                self.status.text()
                + " "
                + self.tr(
                    "{n} files on it were written by this computer (for the schools) and were "
                    "left as they are."
                ).format(n=own)
            )
        self._update_enabled(waiting_for_next=True)
        self.next_button.setEnabled(True)
        self.next_button.setDefault(True)
        self.next_button.setFocus()
        if any(r.status == "merged" for r in results):
            self.imported.emit()
        self.stickDone.emit()

    def _on_failed(self, call: BackgroundCall, exc: Exception) -> None:
        if call is not self._call:
            return
        self._call = None
        call.join()
        self.progress.setVisible(False)
        self.status.clear()
        self._update_enabled()
        if not isinstance(exc, UserError):
            raise exc  # a bug: the excepthook logs it and apologises
        dialogs.show_error(self, exc)

    def next_stick(self) -> None:
        """Ready for the next stick: look for drives again."""
        self.next_button.setEnabled(False)
        self.take_button.setDefault(True)
        self.refresh_drives()
        self.take_button.setFocus()

    def _school_names(self) -> dict[str, str]:
        from liushou_desktop.domain.sync_peers import PeerService

        try:
            return {p.code: p.name for p in PeerService(self._db, self._now).schools(self._actor)}
        except UserError:
            return {}

    def _show_totals(self) -> None:
        merged = sum(r.status == "merged" for r in self.results)
        already = sum(r.status == "already_imported" for r in self.results)
        refused = sum(r.status == "refused" for r in self.results)
        self.totals.setText(
            self.tr(
                "Sticks taken in: {sticks}. Bundles merged: {merged}; already imported before: "
                "{already}; refused: {refused}."
            ).format(sticks=self.sticks, merged=merged, already=already, refused=refused)
        )

    def _show_refused(self) -> None:
        refused = [r for r in self.results if r.status == "refused"]
        lines = [
            self.tr("Refused, nothing of it was written — {file}: {why}").format(
                file=r.path.name, why=translate_user_error(r.error) if r.error else r.reason
            )
            for r in refused
        ]
        self.refused_label.setText("\n".join(lines))
        self.refused_label.setVisible(bool(lines))

    def is_busy(self) -> bool:
        return self._call is not None

    def done(self, result: int) -> None:  # noqa: D102
        if self._call is not None:
            self.status.setText(self.tr("Please wait until this stick is taken in."))
            return
        super().done(result)


def open_import(
    parent: QWidget | None, db: Database, actor: Actor, now: Now = utcnow
) -> StickImportDialog:
    """Open the stick-after-stick import (window-modal, deleted when closed)."""
    dialog = StickImportDialog(db, actor, now, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
