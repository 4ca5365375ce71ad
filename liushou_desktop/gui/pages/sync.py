"""同步: the sync page — the USB stick between the schools and the township.

At a school: the pairing with the township (or the button to import its pairing file),
the big 制作同步包 button (the drive is preselected when there is one: page → button →
写入, three clicks from the home page), 导入回执…, 冲突记录 (N) and the last bundles.
At the township: 依次导入 U 盘 (every bundle on one stick after another, one running
summary), receipts for the schools, 导出配对文件…, the conflicts and the last bundles.
A changed key waiting to be accepted shows as a yellow banner with both fingerprints.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import SyncBundleLog
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.permissions import MANAGE_PEERS, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import sync_dialogs
from liushou_desktop.gui.formatting import local_time
from liushou_desktop.gui.pages.common import heading, paragraph
from liushou_desktop.gui.table_model import RowsTableModel

__all__ = ["BundleLogModel", "SyncPage"]

Now = Callable[[], datetime]
LAST_BUNDLES = 12
BANNER_STYLE = sync_dialogs.WARNING_STYLE


def _may_sync(actor: Actor) -> bool:
    from liushou_desktop.domain.permissions import SYNC_BUNDLES

    return allowed(actor, SYNC_BUNDLES)


def last_bundles(db: Database, limit: int = LAST_BUNDLES) -> list[SyncBundleLog]:
    """The newest bundles written or taken in (detached rows, read only)."""
    with db.session_scope("system") as session:
        rows = session.scalars(
            select(SyncBundleLog).order_by(SyncBundleLog.logged_at.desc()).limit(limit)
        ).all()
        session.expunge_all()
        return list(rows)


class BundleLogModel(RowsTableModel[SyncBundleLog]):
    """The last bundles: when, written or taken in, with whom, records, what became of it."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                QCoreApplication.translate("SyncPage", "When"),
                QCoreApplication.translate("SyncPage", "Written or taken in"),
                QCoreApplication.translate("SyncPage", "With"),
                QCoreApplication.translate("SyncPage", "Records"),
                QCoreApplication.translate("SyncPage", "Result"),
            ),
            parent=parent,
        )
        self.names: dict[str, str] = {}

    def cell(self, row: SyncBundleLog, column: int) -> str:
        written = row.direction == "out"
        if column == 0:
            return local_time(row.logged_at)
        if column == 1:
            if written:
                return QCoreApplication.translate("SyncPage", "Written")
            return QCoreApplication.translate("SyncPage", "Taken in")
        if column == 2:
            code = row.recipient if written else row.sender
            name = self.names.get(code, "")
            return f"{name}（{code}）" if name else code
        if column == 3:
            return str(_records(row.counts))
        if row.status == "already_imported":
            return QCoreApplication.translate("SyncPage", "Already imported")
        if written:
            return QCoreApplication.translate("SyncPage", "Written and checked")
        return QCoreApplication.translate("SyncPage", "Merged")


def _records(counts: Any) -> int:
    """Rows in a log's counts: {table: n} when written, {table: {new, changed...}} taken in."""
    total = 0
    for value in (counts or {}).values():
        if isinstance(value, dict):
            total += sum(int(v) for v in value.values() if isinstance(v, int))
        elif isinstance(value, int):
            total += value
    return total


def _big(button: QPushButton) -> QPushButton:
    """The page's one main action: large, bold, easy to hit (a style sheet, so that the
    size follows the text under the application's style sheet)."""
    button.setStyleSheet("QPushButton { font-size: 15pt; font-weight: bold; padding: 12px 28px; }")
    button.setMinimumHeight(56)
    return button


class SyncPage(QWidget):
    """The sync page for ``actor``; ``now`` is the clock of its services (naive UTC)."""

    def __init__(
        self, db: Database, actor: Actor, now: Now = utcnow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._now = now
        self.township = sync_dialogs.installation_role(db) == vocab.INSTALLATION_TOWNSHIP
        self.may_sync = _may_sync(actor)
        self.may_pair = allowed(actor, MANAGE_PEERS)
        self.dialog: QDialog | None = None  # the last dialog opened (tests look at it)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Sync (同步)"), self))
        if self.township:
            intro = self.tr(
                "The schools bring their sync bundles on USB sticks. Take them in one stick "
                "after another; the summary shows what came from each school."
            )
        else:
            intro = self.tr(
                "Once a month, put this school's sync bundle on a USB stick for the township. "
                "The file is encrypted: only the township can read it."
            )
        layout.addWidget(paragraph(intro, self))
        self.banners = QVBoxLayout()
        layout.addLayout(self.banners)

        self.pairing_label = QLabel(self)
        self.pairing_label.setObjectName("syncPairing")
        self.pairing_label.setWordWrap(True)
        self.pairing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pair_button = QPushButton(
            self.tr("Export the pairing file…")
            if self.township
            else self.tr("Import the pairing file…"),
            self,
        )
        self.pair_button.setObjectName("syncPairButton")
        self.pair_button.clicked.connect(self.pair)
        self.pair_button.setVisible(self.may_pair)
        pairing = QFrame(self)
        pairing.setObjectName("figure")
        pairing_row = QHBoxLayout(pairing)
        pairing_row.addWidget(self.pairing_label, 1)
        pairing_row.addWidget(self.pair_button)
        layout.addWidget(pairing)

        self.main_button = _big(
            QPushButton(
                self.tr("Take in USB sticks one by one")
                if self.township
                else self.tr("Make the sync bundle"),
                self,
            )
        )
        self.main_button.setObjectName("syncMainButton")
        self.main_button.clicked.connect(self.main_action)
        self.receipt_button = QPushButton(
            self.tr("Write receipts and notices for the schools…")
            if self.township
            else self.tr("Import the township's receipt and notices…"),
            self,
        )
        self.receipt_button.setObjectName("syncReceiptButton")
        self.receipt_button.clicked.connect(self.receipts)
        self.file_button = QPushButton(self.tr("Import one bundle file…"), self)
        self.file_button.setObjectName("syncFileButton")
        self.file_button.clicked.connect(self.import_one_file)
        self.file_button.setVisible(self.township)
        self.conflicts_button = QPushButton(self)
        self.conflicts_button.setObjectName("syncConflictsButton")
        self.conflicts_button.clicked.connect(self.open_conflicts)
        main_row = QHBoxLayout()
        main_row.addWidget(self.main_button)
        main_row.addStretch(1)
        layout.addLayout(main_row)
        actions = QHBoxLayout()
        for button in (self.receipt_button, self.file_button, self.conflicts_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        for button in (
            self.main_button,
            self.receipt_button,
            self.file_button,
            self.conflicts_button,
        ):
            button.setEnabled(self.may_sync)
        self.not_allowed = paragraph(
            self.tr("Only the school's administrator makes and takes in sync bundles."), self
        )
        self.not_allowed.setVisible(not self.may_sync)
        layout.addWidget(self.not_allowed)

        layout.addWidget(QLabel(self.tr("Last bundles written and taken in:"), self))
        self.log_model = BundleLogModel(self)
        self.log_table = QTableView(self)
        self.log_table.setObjectName("syncLog")
        self.log_table.setModel(self.log_model)
        self.log_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.verticalHeader().setVisible(False)
        header = self.log_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.log_table, 1)
        self.refresh()

    # --- the state ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the pairing, the waiting keys, the conflicts and the last bundles again."""
        peers = self._peers()
        self._show_pairing(peers)
        self._show_banners([p for p in peers if p.key_pending])
        self.log_model.names = {p.code: p.name for p in peers}
        self.log_model.set_rows(last_bundles(self._db))
        count = self._open_conflicts()
        self.conflicts_button.setText(self.tr("Conflicts ({n})").format(n=count))
        bold = QFont(self.conflicts_button.font())
        bold.setBold(count > 0)
        self.conflicts_button.setFont(bold)

    def _peers(self) -> list[Any]:
        if not self.may_pair:
            return []
        from liushou_desktop.domain.sync_peers import PeerService

        try:
            return list(PeerService(self._db, self._now).schools(self._actor))
        except UserError:
            return []

    def _open_conflicts(self) -> int:
        if not self.may_sync:
            return 0
        from liushou_desktop.domain.sync_bundles import BundleService

        try:
            return len(BundleService(self._db, self._now).conflicts(self._actor))
        except UserError:
            return 0

    def _fingerprint(self) -> str:
        from liushou_desktop.domain.sync_peers import PeerService

        try:
            return PeerService(self._db, self._now).identity().public().fingerprint
        except UserError:
            return "—"

    def _show_pairing(self, peers: list[Any]) -> None:
        if self.township:
            paired = sum(p.paired for p in peers)
            text = self.tr(
                "This township's fingerprint: {fingerprint}. Schools paired: {paired} of {n}. "
                "A school pairs by importing the township's pairing file."
            ).format(fingerprint=self._fingerprint(), paired=paired, n=len(peers))
        elif peers and peers[0].paired:
            township = peers[0]
            text = self.tr(
                "Paired with the township {name} ({code}). Its fingerprint: {fingerprint}. "
                "This school's own fingerprint (read it out when the township asks): {own}."
            ).format(
                name=township.name,
                code=township.code,
                fingerprint=township.fingerprint,
                own=self._fingerprint(),
            )
        else:
            text = self.tr(
                "Not paired with the township yet. Plug in the USB stick with the township's "
                "pairing file and click “Import the pairing file…”."
            )
        self.pairing_label.setText(text)

    def _show_banners(self, waiting: list[Any]) -> None:
        while self.banners.count():
            item = self.banners.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for peer in waiting:
            banner = QFrame(self)
            banner.setObjectName("syncKeyBanner")
            banner.setStyleSheet(
                "QFrame#syncKeyBanner { background: #fff4ce; border: 1px solid #e0b400;"
                " border-radius: 4px; }"
            )
            text = QLabel(
                self.tr(
                    "{name} ({code}) sends with a new key (a new or reinstalled computer?). "
                    "Its bundles are refused until you accept it. Old fingerprint: {old}; new "
                    "fingerprint: {new}. Phone {name} and compare before accepting."
                ).format(
                    name=html.unescape(peer.name),
                    code=peer.code,
                    old=peer.fingerprint,
                    new=peer.pending_fingerprint,
                ),
                banner,
            )
            text.setWordWrap(True)
            accept = QPushButton(self.tr("Accept the new key…"), banner)
            accept.setObjectName("syncAcceptKey")
            accept.clicked.connect(lambda _checked=False, p=peer: self.accept_key(p))
            row = QHBoxLayout(banner)
            row.addWidget(text, 1)
            row.addWidget(accept)
            self.banners.addWidget(banner)

    # --- the actions -------------------------------------------------------------------

    def _opened(self, dialog: QDialog | None) -> QDialog | None:
        self.dialog = dialog
        if dialog is not None:
            # after the dialog is gone: changing this page's widgets inside the close
            # sequence of a dialog deleted on close crashed PySide (seen in the tests)
            dialog.finished.connect(lambda _result: QTimer.singleShot(0, self.refresh))
        return dialog

    def main_action(self) -> None:
        """制作同步包 at a school, 依次导入 U 盘 at the township."""
        if self.township:
            from liushou_desktop.gui.sync_import import open_import

            self._opened(open_import(self, self._db, self._actor, self._now))
        else:
            self._opened(sync_dialogs.open_export(self, self._db, self._actor, self._now))

    def receipts(self) -> None:
        """The township writes receipts for every school; a school imports its receipt."""
        if self.township:
            self._opened(
                sync_dialogs.open_export(self, self._db, self._actor, self._now, all_schools=True)
            )
        else:
            self.import_one_file()

    def import_one_file(self) -> None:
        """Choose one bundle file and import it after a preview."""
        from liushou_desktop.gui.sync_preview import open_file_preview

        self._opened(open_file_preview(self, self._db, self._actor, self._now))

    def open_conflicts(self) -> None:
        from liushou_desktop.gui.conflicts_dialog import open_conflicts

        self._opened(open_conflicts(self, self._db, self._actor, self._now))

    def pair(self) -> None:
        """Export the pairing file (township) or import the township's (school)."""
        if self.township:
            sync_dialogs.export_pairing_file(self, self._db, self._actor, self._now)
        else:
            sync_dialogs.import_pairing_file(self, self._db, self._actor, self._now)
        self.refresh()

    def accept_key(self, peer: Any) -> None:
        """Accept a changed key after asking (the fingerprints were compared)."""
        if sync_dialogs.accept_new_key(self, self._db, self._actor, peer, self._now):
            self.refresh()
