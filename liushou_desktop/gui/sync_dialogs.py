"""同步包 dialogs: writing this month's bundle onto the USB stick, and the pairing buttons.

:class:`ExportDialog` lists the removable drives (the one there is, preselected), writes
the bundle with :class:`~liushou_desktop.domain.sync_bundles.BundleService` in a worker
thread (a busy bar, the window stays responsive, the worker never touches a widget) and
says in big green words that the stick may be pulled out only after the service returned
-- it has read the file back and checked it by then. The pairing helpers import the
township's pairing file at a school, export it at the township, and accept a changed key
after the fingerprints were compared. The sync services are imported inside functions, so
this module imports even where they are not installed yet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs

__all__ = [
    "SUCCESS_STYLE",
    "BackgroundCall",
    "ExportDialog",
    "accept_new_key",
    "drive_text",
    "export_pairing_file",
    "import_pairing_file",
    "installation_role",
    "open_export",
    "open_import",
]

Now = Callable[[], datetime]

SUCCESS_STYLE = (
    "QLabel { background: #e6f4ea; color: #0b5d27; border: 2px solid #34a853;"
    " border-radius: 6px; padding: 12px; font-size: 20pt; font-weight: bold; }"
)
WARNING_STYLE = (
    "QLabel { background: #fff4ce; color: #4a3800; border: 1px solid #e0b400;"
    " border-radius: 4px; padding: 8px; }"
)


class BackgroundCall(QObject):
    """One service call in a worker thread. The signals reach the GUI thread queued and
    carry the call, so a dialog ignores a call it no longer waits for; the worker never
    touches a widget. ``work`` gets a ``progress(done, total)`` function."""

    progressed = Signal(object, int, int)  # call, done, total
    finished_ok = Signal(object, object)  # call, the result
    failed = Signal(object, object)  # call, the exception

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], name: str) -> None:
        super().__init__()
        self._work = work
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def join(self) -> None:
        """Wait for the worker to end (it does right after its last signal), so that
        this object is freed in the GUI thread, never in the worker's."""
        self.thread.join()

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(self, done, total)

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except Exception as exc:  # a UserError to show, or a bug to report
            self.failed.emit(self, exc)
            return
        self.finished_ok.emit(self, result)


def installation_role(db: Database) -> str:
    """ "school" or "township": what this installation is."""
    from sqlalchemy import select

    from liushou_desktop.db.models import Installation

    with db.session_scope("system") as session:
        role = session.scalar(select(Installation.role))
    return str(role or vocab.INSTALLATION_SCHOOL)


def drive_text(drive: Any) -> str:
    """A drive as the lists show it: its label (with its folder when the label does not
    name it already, as Windows' "KINGSTON (E:)" does) and the free space."""
    label = drive.label or QCoreApplication.translate("SyncExport", "USB stick")
    where = str(drive.path).rstrip("\\/") or str(drive.path)
    free = f"{drive.free_bytes / (1 << 30):.1f}"
    if where in label:
        return QCoreApplication.translate("SyncExport", "{label} — {free} GB free").format(
            label=label, free=free
        )
    return QCoreApplication.translate("SyncExport", "{label} ({path}) — {free} GB free").format(
        label=label, path=str(drive.path), free=free
    )


def _drives() -> list[Any]:
    from liushou_desktop.sync.drives import removable_drives

    return list(removable_drives())


class ExportDialog(QDialog):
    """Write the sync bundle onto a USB stick: choose the drive, 写入, pull it out when told.

    At a school the bundle goes to its township (``full`` sends everything, not only what
    changed); at the township, ``all_schools`` writes a receipt for every school.
    ``written`` carries the service's list of ExportResult once the files were written and
    read back; ``exportFailed`` the message shown when it did not work.
    """

    written = Signal(object)
    exportFailed = Signal(str)  # noqa: N815 (Qt's signal naming)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        now: Now = utcnow,
        *,
        all_schools: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncExportDialog")
        self.setWindowTitle(self.tr("Make a sync bundle (同步包)"))
        self.resize(680, 520)
        self._db = db
        self._actor = actor
        self._now = now
        self._all_schools = all_schools
        self._call: BackgroundCall | None = None
        self.results: list[Any] = []

        intro = self.tr(
            "Choose the USB stick and click “Write”. The file is encrypted: only the "
            "township can read it."
        )
        if all_schools:
            intro = self.tr(
                "Choose the USB stick and click “Write”: a receipt for every school is written "
                "on it, one file per school."
            )
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.drive_caption = QLabel(self.tr("USB stick or folder:"), self)
        self.drive_list = QListWidget(self)
        self.drive_list.setObjectName("syncDrives")
        self.drive_list.setMinimumHeight(110)
        self.drive_caption.setBuddy(self.drive_list)
        self.drive_list.currentItemChanged.connect(lambda *_: self._update_enabled())
        self.drive_list.itemActivated.connect(lambda _item: self.write())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("syncRefreshDrives")
        self.refresh_button.setToolTip(self.tr("Look again for USB sticks (after plugging one in)"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.folder_button = QPushButton(self.tr("Other folder…"), self)
        self.folder_button.setObjectName("syncOtherFolder")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.choose_other_folder)
        self.full_box = QCheckBox(
            self.tr("Send everything, not only what changed since the last bundle"), self
        )
        self.full_box.setObjectName("syncFull")
        self.full_box.setVisible(not all_schools)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncExportProgress")
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("syncExportStatus")
        self.status.setWordWrap(True)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("syncExportDone")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet(SUCCESS_STYLE)
        self.result_label.setVisible(False)
        self.hint = QLabel(self)
        self.hint.setObjectName("syncExportHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)

        self.write_button = QPushButton(self.tr("Write"), self)
        self.write_button.setObjectName("syncWrite")
        self.write_button.setDefault(True)
        self.write_button.setAutoDefault(True)
        self.write_button.clicked.connect(self.write)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("syncExportClose")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        drive_buttons = QHBoxLayout()
        drive_buttons.addWidget(self.refresh_button)
        drive_buttons.addWidget(self.folder_button)
        drive_buttons.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.drive_caption)
        layout.addWidget(self.drive_list, 1)
        layout.addLayout(drive_buttons)
        layout.addWidget(self.full_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.result_label)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.refresh_drives()

    # --- the drives ------------------------------------------------------------------

    def refresh_drives(self) -> None:
        """List the removable drives again; the only one is chosen."""
        self.drive_list.clear()
        drives = _drives()
        for drive in drives:
            item = QListWidgetItem(drive_text(drive), self.drive_list)
            item.setData(Qt.ItemDataRole.UserRole, str(drive.path))
        if len(drives) == 1:
            self.drive_list.setCurrentRow(0)
        if drives:
            self.status.setText("" if len(drives) == 1 else self.tr("Click the USB stick to use."))
        else:
            self.status.setText(
                self.tr(
                    "No USB stick was found. Plug one in and click “Refresh”, or choose "
                    "“Other folder…”."
                )
            )
        self._update_enabled()

    def choose_other_folder(self) -> None:
        """Add a folder of the teacher's choice to the list and choose it."""
        folder = dialogs.choose_folder(self, self.tr("Where to write the sync bundle"))
        if folder is None:
            return
        item = QListWidgetItem(str(folder), self.drive_list)
        item.setData(Qt.ItemDataRole.UserRole, str(folder))
        self.drive_list.setCurrentItem(item)
        self.status.clear()
        self._update_enabled()

    def chosen_folder(self) -> Path | None:
        item = self.drive_list.currentItem()
        if item is None:
            return None
        return Path(item.data(Qt.ItemDataRole.UserRole))

    def _update_enabled(self) -> None:
        busy = self._call is not None
        for widget in (self.drive_list, self.refresh_button, self.folder_button, self.full_box):
            widget.setEnabled(not busy)
        self.write_button.setEnabled(not busy and self.chosen_folder() is not None)
        self.close_button.setEnabled(not busy)

    # --- writing ---------------------------------------------------------------------

    def write(self) -> None:
        """Write the bundle to the chosen drive in a worker thread."""
        folder = self.chosen_folder()
        if folder is None or self._call is not None or not self.write_button.isVisible():
            return
        from liushou_desktop.domain.sync_bundles import BundleService

        service = BundleService(self._db, self._now)
        actor, full, everyone = self._actor, self.full_box.isChecked(), self._all_schools

        def work(_progress: Callable[[int, int], None]) -> list[Any]:
            return service.export(actor, folder, full=full, all_schools=everyone)

        call = BackgroundCall(work, "sync-export")
        call.finished_ok.connect(self._on_done)
        call.failed.connect(self._on_failed)
        self._call = call
        self.result_label.setVisible(False)
        self.hint.setVisible(False)
        self.progress.setVisible(True)
        self.status.setText(
            self.tr("Writing and checking the sync bundle… Do not pull out the USB stick.")
        )
        self._update_enabled()
        call.start()

    def _on_done(self, call: BackgroundCall, results: list[Any]) -> None:
        if call is not self._call:
            return
        self._call = None
        call.join()
        self.results = list(results)
        self.progress.setVisible(False)
        self._update_enabled()
        self.result_label.setText(
            self.tr("Written and checked: you can pull out the USB stick now.")
        )
        self.result_label.setVisible(True)
        self.status.setText(self._written_text(self.results))
        self.hint.setText(
            self.tr(
                "On Windows, click “Safely Remove Hardware” (安全删除硬件) at the bottom right "
                "of the screen first, then pull out the stick."
            )
        )
        self.hint.setVisible(True)
        self.write_button.setVisible(False)
        self.close_button.setText(self.tr("Done"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.written.emit(self.results)

    def _written_text(self, results: list[Any]) -> str:
        lines = []
        for result in results:
            records = sum(result.counts.values())
            lines.append(
                self.tr("{file} for {name}: {n} records, {kb} KB").format(
                    file=result.path.name,
                    name=result.recipient_name or result.recipient,
                    n=records,
                    kb=max(1, round(result.size / 1024)),
                )
            )
        return "\n".join(lines)

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
        from liushou_desktop.gui.translations import translate_user_error

        self.exportFailed.emit(translate_user_error(exc))
        dialogs.show_error(self, exc)

    def is_busy(self) -> bool:
        return self._call is not None

    def done(self, result: int) -> None:  # noqa: D102
        if self._call is not None:  # never leave a half-written stick behind a closed window
            self.status.setText(self.tr("Please wait until the bundle is written and checked."))
            return
        # the list emits currentItemChanged while it is destroyed: not into a dead dialog
        self.drive_list.blockSignals(True)
        super().done(result)


def open_export(
    parent: QWidget | None,
    db: Database,
    actor: Actor,
    now: Now = utcnow,
    *,
    all_schools: bool = False,
) -> ExportDialog:
    """Open the export dialog (window-modal, deleted when closed) and return it."""
    dialog = ExportDialog(db, actor, now, all_schools=all_schools, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_import(parent: QWidget | None, db: Database, actor: Actor, now: Now = utcnow) -> QDialog:
    """The township's stick-after-stick import (see :mod:`liushou_desktop.gui.sync_import`)."""
    from liushou_desktop.gui.sync_import import open_import as open_stick_import

    return open_stick_import(parent, db, actor, now)


# --- pairing ---------------------------------------------------------------------------


def import_pairing_file(
    parent: QWidget | None, db: Database, actor: Actor, now: Now = utcnow
) -> Any | None:
    """At a school: choose the township's pairing file and pin it; the PeerView, or None."""
    from liushou_desktop.domain.sync_peers import PeerService

    path = dialogs.choose_open_file(
        parent,
        QCoreApplication.translate("SyncPairing", "Choose the township's pairing file"),
        QCoreApplication.translate("SyncPairing", "Pairing files (*.json);;All files (*)"),
    )
    if path is None:
        return None
    try:
        view = PeerService(db, now).import_pairing(actor, path)
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return None
    dialogs.show_info(
        parent,
        QCoreApplication.translate("SyncPairing", "Paired"),
        QCoreApplication.translate(
            "SyncPairing",
            "This school is now paired with {name} ({code}).\nFingerprint: {fingerprint}\n\n"
            "Phone the township and compare the fingerprint: it must be the same.",
        ).format(name=view.name, code=view.code, fingerprint=view.fingerprint),
    )
    return view


def export_pairing_file(
    parent: QWidget | None, db: Database, actor: Actor, now: Now = utcnow
) -> Path | None:
    """At the township: write the pairing file where the teacher says (the stick)."""
    from liushou_desktop.domain.sync_peers import PeerService

    target = dialogs.choose_save_file(
        parent,
        QCoreApplication.translate("SyncPairing", "Save the pairing file for the schools"),
        "配对文件.json",
        QCoreApplication.translate("SyncPairing", "Pairing files (*.json)"),
    )
    if target is None:
        return None
    if target.suffix.lower() != ".json":
        target = target.with_suffix(".json")
    try:
        public = PeerService(db, now).export_pairing(actor, target)
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return None
    dialogs.show_info(
        parent,
        QCoreApplication.translate("SyncPairing", "Pairing file written"),
        QCoreApplication.translate(
            "SyncPairing",
            "The pairing file was written to\n{path}\n\nEach school imports it once "
            "(Sync page, “Import the pairing file…”). Fingerprint: {fingerprint}",
        ).format(path=target, fingerprint=public.fingerprint),
    )
    return target


def accept_new_key(
    parent: QWidget | None, db: Database, actor: Actor, peer: Any, now: Now = utcnow
) -> bool:
    """Accept the changed key waiting for ``peer`` (a PeerView) after asking; True if done."""
    from liushou_desktop.domain.sync_peers import PeerService

    if not dialogs.ask_yes_no(
        parent,
        QCoreApplication.translate("SyncPairing", "Accept the new key?"),
        QCoreApplication.translate(
            "SyncPairing",
            "{name} ({code}) now sends with a new key.\nOld fingerprint: {old}\n"
            "New fingerprint: {new}\n\nPhone {name} and have them read their fingerprint "
            "(on their Sync page). Accept only if it is the new one.",
        ).format(
            name=peer.name, code=peer.code, old=peer.fingerprint, new=peer.pending_fingerprint
        ),
    ):
        return False
    try:
        PeerService(db, now).accept(actor, peer.code)
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return False
    return True
