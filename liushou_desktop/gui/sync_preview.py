"""One sync bundle with a preview: a school taking in its receipt, or the township one
file. :class:`ImportPreviewDialog` runs a dry run first, says in plain words what the
import would do and lists the conflicts, then 导入 writes it (the services run in worker
threads, :class:`~liushou_desktop.gui.sync_dialogs.BackgroundCall`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.conflicts_dialog import ConflictsModel
from liushou_desktop.gui.formatting import local_time
from liushou_desktop.gui.sync_dialogs import BackgroundCall
from liushou_desktop.gui.sync_import import FileResult, table_view, take_in
from liushou_desktop.gui.translations import translate_user_error

__all__ = ["ImportPreviewDialog", "open_file_preview"]

Now = Callable[[], datetime]


class ImportPreviewDialog(QDialog):
    """One bundle: a dry run first (what would change, the conflicts), then 导入.

    ``previewReady`` is emitted when the dry run is shown, ``refused`` (the message) when
    the bundle cannot be imported, ``imported`` (the ImportOutcome) after the import.
    """

    previewReady = Signal()  # noqa: N815 (Qt's signal naming)
    refused = Signal(str)
    imported = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        now: Now = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(self.tr("Import a sync bundle — {file}").format(file=path.name))
        self.resize(980, 600)
        self.path = path
        self._db = db
        self._actor = actor
        self._now = now
        self._call: BackgroundCall | None = None
        self.outcome: Any = None

        self.header_label = QLabel(self)
        self.header_label.setObjectName("previewHeader")
        self.header_label.setWordWrap(True)
        self.summary = QLabel(self.tr("Checking {file}…").format(file=path.name), self)
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        big = QFont(self.summary.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.summary.setFont(big)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.conflicts_caption = QLabel(
            self.tr(
                "Conflicts: both sides changed the same thing. The newer value is kept; the other "
                "one is listed here and can be put back later (Sync page, “Conflicts”)."
            ),
            self,
        )
        self.conflicts_caption.setWordWrap(True)
        self.conflicts_model = ConflictsModel(self)
        self.conflicts = table_view(self, self.conflicts_model, "previewConflicts")
        for widget in (self.conflicts_caption, self.conflicts):
            widget.setVisible(False)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setObjectName("previewImport")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton(self.tr("Cancel"), self)
        self.close_button.setObjectName("previewClose")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.conflicts_caption)
        layout.addWidget(self.conflicts, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)
        self._start(dry_run=True)

    def _start(self, *, dry_run: bool) -> None:
        from liushou_desktop.domain.sync_bundles import BundleService

        service, actor, path = BundleService(self._db, self._now), self._actor, self.path

        def work(_progress: Callable[[int, int], None]) -> tuple[FileResult, Any]:
            return take_in(service, actor, path, dry_run=dry_run)

        call = BackgroundCall(work, "sync-import-preview" if dry_run else "sync-import")
        call.finished_ok.connect(self._on_done)
        call.failed.connect(self._on_failed)
        self._call = call
        self.dry_run = dry_run
        self.progress.setVisible(True)
        self.import_button.setEnabled(False)
        self.close_button.setEnabled(False)
        call.start()

    def run_import(self) -> None:
        """Import the previewed bundle for real (one transaction)."""
        if self._call is None and self.import_button.isEnabled():
            self.summary.setText(self.tr("Importing…"))
            self._start(dry_run=False)

    def _on_done(self, call: BackgroundCall, done: tuple[FileResult, Any]) -> None:
        if call is not self._call:
            return
        self._call = None
        call.join()
        self.progress.setVisible(False)
        self.close_button.setEnabled(True)
        result, outcome = done
        if result.status == "refused" or outcome is None:
            message = translate_user_error(result.error) if result.error else result.reason
            self.summary.setText(message)
            self.summary.setStyleSheet("color: #b00020;")
            self.close_button.setText(self.tr("Close"))
            self.close_button.setDefault(True)
            self.refused.emit(message)
            return
        self.outcome = outcome
        header = outcome.header
        names = self._names(header)
        self.header_label.setText(
            self.tr("From {sender} to {recipient}, made {made}.").format(
                sender=names.get(header.sender, header.sender),
                recipient=names.get(header.recipient, header.recipient),
                made=local_time(header.created_at),
            )
        )
        self.summary.setText(self.plain_words(outcome, result, preview=self.dry_run))
        self.conflicts_model.set_rows(list(outcome.conflicts))
        for widget in (self.conflicts_caption, self.conflicts):
            widget.setVisible(bool(outcome.conflicts))
        if self.dry_run:
            writes = outcome.status != "already_imported"
            self.import_button.setEnabled(writes)
            if writes:
                self.import_button.setDefault(True)
                self.import_button.setFocus()
            else:
                self.close_button.setText(self.tr("Close"))
                self.close_button.setDefault(True)
            self.previewReady.emit()
            return
        self.import_button.setVisible(False)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.imported.emit(outcome)

    def _names(self, header: Any) -> dict[str, str]:
        """Installation codes with their names: "新场镇（XCZ）"."""
        from liushou_desktop.domain.sync_peers import PeerService

        service = PeerService(self._db, self._now)
        known: dict[str, str] = {}
        try:
            known = {p.code: p.name for p in service.schools(self._actor)}
            me = service.identity()
            known[me.code] = me.name
        except UserError:
            pass
        if header.sender_identity:
            known.setdefault(header.sender, str(header.sender_identity.get("name", "")))
        return {code: f"{name}（{code}）" for code, name in known.items() if name}

    def plain_words(self, outcome: Any, result: FileResult, *, preview: bool) -> str:
        """What the import does (``preview``) or did, in plain words, one fact a line."""
        if outcome.status == "already_imported":
            return self.tr(
                "Nothing new: this bundle (or a newer one from the same sender) was already "
                "imported. Importing it again changes nothing."
            )
        new_children, notices = (
            table.new if table is not None else 0
            for table in (outcome.tables.get("child"), outcome.tables.get("notice"))
        )
        lines = [self.tr("If you click “Import”:") if preview else self.tr("Imported:")]
        if new_children:
            lines.append(self.tr("• {n} new children").format(n=new_children))
        if notices:
            lines.append(
                self.tr("• {n} new notices from the township (on the home page)").format(n=notices)
            )
        if result.new - new_children - notices:
            lines.append(self.tr("• {n} new records").format(n=result.new - new_children - notices))
        if result.changed:
            lines.append(self.tr("• {n} changed records").format(n=result.changed))
        if result.deleted:
            lines.append(self.tr("• {n} records deleted").format(n=result.deleted))
        if result.conflicts:
            lines.append(
                self.tr("• {n} conflicts to review (listed below)").format(n=result.conflicts)
            )
        if len(lines) == 1:
            lines = [self.tr("Nothing changes: the bundle holds nothing new for this computer.")]
        return "\n".join(lines)

    def _on_failed(self, call: BackgroundCall, exc: Exception) -> None:
        if call is not self._call:
            return
        self._call = None
        call.join()
        self.progress.setVisible(False)
        self.close_button.setEnabled(True)
        if not isinstance(exc, UserError):
            raise exc
        dialogs.show_error(self, exc)

    def done(self, result: int) -> None:  # noqa: D102
        if self._call is not None:
            return  # the check or the import finishes first (it takes a second)
        super().done(result)


def open_file_preview(
    parent: QWidget | None, db: Database, actor: Actor, now: Now = utcnow
) -> ImportPreviewDialog | None:
    """Choose one bundle file, then open the preview dialog on it (None if cancelled)."""
    path = dialogs.choose_open_file(
        parent,
        QCoreApplication.translate("SyncImport", "Choose the sync bundle"),
        QCoreApplication.translate("SyncImport", "Sync bundles (*.lsb);;All files (*)"),
    )
    if path is None:
        return None
    dialog = ImportPreviewDialog(db, actor, path, now, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
