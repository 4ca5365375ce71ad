"""成长档案: a child's growth record as a timeline, newest first.

Each entry is a card: the day and kind, the title, the text, small photos, and a green
已与家长分享 mark when it may be shown to the parents far away. Filter by kind or show
only what was shared; 添加记录… / 修改… (or Enter, or a double-click) open
:class:`GrowthEntryDialog`; 删除 asks first; 标为已分享 / 取消分享 toggles the mark;
打印本学期成长档案… prints the term's summary for the parents (through the preview).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child
from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.permissions import RECORD_GROWTH, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.growth_entry_dialog import GrowthEntryDialog
from liushou_desktop.gui.photo_strip import pixmap_from
from liushou_desktop.gui.translations import tr_vocab
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = ["GrowthDialog", "child_label"]

THUMB = 88
_NO_TERM = QT_TRANSLATE_NOOP(
    "UserError",
    "The school calendar has no term yet. Enter the term in the school calendar (校历) first.",
)
CARD_STYLE = (
    "QFrame#growthCard { background: white; border: 1px solid #c8c8c8; border-radius: 6px; }"
)
CARD_SELECTED = (
    "QFrame#growthCard { background: #eef5fc; border: 3px solid #1f6fb2; border-radius: 6px; }"
)


def child_label(db: Database, username: str, child_id: str) -> str:
    """ "name　class" of ``child_id`` for a dialog's heading ("" when unknown)."""
    with db.session_scope(username) as session:
        child = session.get(Child, child_id)
        if child is None or child.deleted:
            return ""
        klass = child.school_class.name if child.school_class else ""
        return f"{child.name}　{klass}".strip()


class GrowthDialog(QDialog):
    """The growth record of ``child_id`` for ``actor``; ``now`` is the clock (naive UTC)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        child_id: str,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.growth import GrowthService
        from liushou_desktop.domain.photos import PhotoService

        self._db = db
        self._actor = actor
        self._child_id = child_id
        self._now = now
        self.service = GrowthService(db, now)
        self.photo_service = PhotoService(db, now)
        self.can_record = allowed(actor, RECORD_GROWTH)
        self.label = child_label(db, actor.username, child_id)
        self.entries: list[Any] = []
        self.setWindowTitle(self.tr("Growth record of {child}").format(child=self.label))

        heading = QLabel(self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setText(
            "<h2>"
            + html.escape(self.tr("Growth record of {child}").format(child=self.label))
            + "</h2>"
        )
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(self.tr("All kinds"), None)
        for code, text in vocab.GROWTH_KINDS.items():
            self.kind_filter.addItem(tr_vocab(text), code)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.shared_only = QCheckBox(self.tr("Only what was shared with the parents"), self)
        self.shared_only.toggled.connect(lambda _on: self.refresh())
        self.count = QLabel(self)

        self.list = QListWidget(self)
        self.list.setObjectName("growthTimeline")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSpacing(4)
        self.list.setStyleSheet(
            "QListWidget#growthTimeline::item:selected { background: #cfe3f5; border-radius: 6px; }"
        )
        self.list.itemActivated.connect(lambda _item: self.edit_entry())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())

        self.add_button = QPushButton(self.tr("Add an entry…"), self)
        self.add_button.setObjectName("growthAddButton")
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button = QPushButton(self.tr("Change…"), self)
        self.edit_button.clicked.connect(self.edit_entry)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_entry)
        self.share_button = QPushButton(self.tr("Mark as shared"), self)
        self.share_button.clicked.connect(self.toggle_shared)
        for button in (self.add_button, self.edit_button, self.delete_button, self.share_button):
            button.setVisible(self.can_record)
            button.setAutoDefault(False)
        self.print_button = QPushButton(self.tr("Print this term's growth record…"), self)
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_term)
        close = QPushButton(self.tr("Close (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:"), self))
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.shared_only)
        filters.addStretch(1)
        filters.addWidget(self.count)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.share_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(900, 680)
        self.refresh()
        self.list.setFocus()

    # --- the timeline ------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        """Load the timeline again; select ``keep`` (default: the selected entry)."""
        keep = keep or self.selected_id()
        try:
            rows = self.service.timeline(
                self._actor, self._child_id, shared_only=self.shared_only.isChecked()
            )
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        kind = self.kind_filter.currentData()
        self.entries = [r for r in rows if kind is None or r.kind == kind]
        self.list.clear()
        for row in self.entries:
            self._add_card(row)
        self.count.setText(self.tr("{n} entries").format(n=len(self.entries)))
        target = next((i for i, r in enumerate(self.entries) if r.id == keep), 0)
        if self.entries:
            self.list.setCurrentRow(target)
        self._update_buttons()

    def _add_card(self, row: Any) -> None:
        card = QFrame()
        card.setObjectName("growthCard")
        card.setStyleSheet(CARD_STYLE)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(12, 8, 12, 8)
        top = QHBoxLayout()
        kind = html.escape(tr_vocab(vocab.GROWTH_KINDS.get(row.kind, row.kind)))
        day = QLabel(f"<b>{row.on.isoformat()}</b>　{kind}", card)
        top.addWidget(day)
        top.addStretch(1)
        if row.shared:
            mark = QLabel(self.tr("✓ Shared with the parents"), card)
            mark.setStyleSheet("color: #1b6e20; font-weight: bold;")
            top.addWidget(mark)
        inner.addLayout(top)
        if row.title:
            title = QLabel(row.title, card)
            title.setTextFormat(Qt.TextFormat.PlainText)
            title.setWordWrap(True)
            title.setStyleSheet("font-size: 14pt; font-weight: bold;")
            inner.addWidget(title)
        if row.text:
            text = QLabel(row.text, card)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            inner.addWidget(text)
        if row.photo_ids:
            photos = QHBoxLayout()
            for photo_id in row.photo_ids:
                thumb = QLabel(card)
                try:
                    data = self.photo_service.thumbnail(self._actor, photo_id, THUMB)
                except UserError:
                    continue
                thumb.setPixmap(pixmap_from(data, THUMB))
                photos.addWidget(thumb)
            photos.addStretch(1)
            inner.addLayout(photos)
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, row.id)
        self.list.addItem(item)
        self.list.setItemWidget(item, card)
        self._size_item(item, card)

    def _size_item(self, item: QListWidgetItem, card: QWidget) -> None:
        width = max(300, self.list.viewport().width() - 12)
        height = card.heightForWidth(width) if card.hasHeightForWidth() else -1
        item.setSizeHint(QSize(width, max(height, card.sizeHint().height())))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        for row in range(self.list.count()):
            item = self.list.item(row)
            card = self.list.itemWidget(item)
            if card is not None:
                self._size_item(item, card)

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def selected(self) -> Any:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _update_buttons(self) -> None:
        current = self.list.currentRow()
        for row in range(self.list.count()):
            card = self.list.itemWidget(self.list.item(row))
            if card is not None:
                card.setStyleSheet(CARD_SELECTED if row == current else CARD_STYLE)
        entry = self.selected()
        for button in (self.edit_button, self.delete_button, self.share_button):
            button.setEnabled(entry is not None)
        if entry is not None and entry.shared:
            self.share_button.setText(self.tr("Take back the shared mark"))
        else:
            self.share_button.setText(self.tr("Mark as shared"))

    # --- actions -------------------------------------------------------------------------

    def _entry_dialog(self, entry: Any = None) -> GrowthEntryDialog:
        dialog = GrowthEntryDialog(
            self._db,
            self._actor,
            self._child_id,
            self.label,
            self._now,
            self,
            entry=entry,
            service=self.service,
        )
        dialog.saved.connect(lambda entry_id: self.refresh(entry_id))
        # photos added or removed while correcting show at once in the card
        dialog.photos.changed.connect(lambda: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.entry_dialog = dialog
        return dialog

    def add_entry(self) -> GrowthEntryDialog | None:
        """A new entry."""
        return self._entry_dialog() if self.can_record else None

    def edit_entry(self) -> GrowthEntryDialog | None:
        """Correct the selected entry."""
        entry = self.selected()
        if entry is None or not self.can_record:
            return None
        return self._entry_dialog(entry)

    def delete_entry(self) -> bool:
        """Delete the selected entry (and its photos) after asking."""
        entry = self.selected()
        if entry is None or not self.can_record:
            return False
        question = self.tr("Delete the entry of {day} “{title}” and its photos?").format(
            day=entry.on.isoformat(),
            title=entry.title or tr_vocab(vocab.GROWTH_KINDS.get(entry.kind, entry.kind)),
        )
        if not dialogs.ask_yes_no(self, self.tr("Delete an entry"), question):
            return False
        try:
            self.service.delete(self._actor, entry.id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.refresh()
        return True

    def toggle_shared(self) -> bool:
        """Mark the selected entry as shared with the parents, or take the mark back."""
        entry = self.selected()
        if entry is None or not self.can_record:
            return False
        try:
            self.service.set_shared(self._actor, entry.id, not entry.shared)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.refresh(entry.id)
        return True

    def print_term(self) -> None:
        """This term's growth summary of the child, through the print preview."""
        from liushou_desktop.domain.activity_print import ActivityPrintService
        from liushou_desktop.gui.document_preview import preview_and_print
        from liushou_desktop.gui.home_visits_panel import current_term_name
        from liushou_desktop.gui.print_dialog import preview_root

        try:
            term = current_term_name(self._db, self._actor, local_date(self._now()))
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        if term is None:
            dialogs.show_error(self, UserError(_NO_TERM))
            return
        service = ActivityPrintService(self._db, self._now)
        child_id = self._child_id

        def make(out: Path, audit: bool) -> Any:
            return service.growth_summary(self._actor, out, [child_id], term, audit=audit)

        name = self.label.split("　")[0]
        preview_and_print(
            self,
            self.tr("Growth record"),
            f"成长档案-{name}-{term}",
            make,
            folder=preview_root(self._db),
        )
