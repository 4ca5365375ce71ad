"""One entry of a child's growth record (成长档案): the day, what kind (a note, a test
result, an award, good news, a letter, a photo), a title, the text, the 已与家长分享
mark, and photos. Ctrl+Enter saves; Esc closes.

Photos chosen for a new entry are kept (downscaled) until the entry is saved and are
saved with it; an entry being corrected adds and removes its photos at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui.family_contact_dialog import BIG
from liushou_desktop.gui.pages.common import error_label
from liushou_desktop.gui.photo_strip import PhotoStrip
from liushou_desktop.gui.translations import tr_vocab, translate_user_error

__all__ = ["GrowthEntryDialog"]


class GrowthEntryDialog(QDialog):
    """Add an entry to ``child_id``'s growth record, or correct ``entry`` (a GrowthRow).
    ``saved`` is emitted with the entry id."""

    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        child_id: str,
        child_label: str,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
        *,
        entry: Any = None,
        service: Any = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.growth import GrowthService

        self._actor = actor
        self._child_id = child_id
        self._entry = entry
        self.service = service or GrowthService(db, now)
        self.entry_id: str | None = None if entry is None else str(entry.id)
        self.setWindowTitle(
            self.tr("Change a growth record entry")
            if entry is not None
            else self.tr("Add to the growth record")
        )
        who = QLabel(child_label, self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setStyleSheet(BIG)

        self.on = QLineEdit(self)
        self.on.setPlaceholderText(self.tr("e.g. 2026-11-05"))
        self.kind = QComboBox(self)
        for code, label in vocab.GROWTH_KINDS.items():
            self.kind.addItem(tr_vocab(label), code)
        self.title = QLineEdit(self)
        self.title.setMaxLength(100)
        self.title.setPlaceholderText(self.tr("e.g. 数学单元测试 92 分"))
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 6 + 14)
        self.shared = QCheckBox(self.tr("Shared with the parents"), self)
        self.photos = PhotoStrip(db, actor, "growth", self, now=now, hold_pending=True, side=96)
        self.error = error_label(self)

        form = QFormLayout()
        form.addRow(self.tr("Date"), self.on)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Text"), self.text)
        form.addRow("", self.shared)
        form.addRow(self.tr("Photos"), self.photos)

        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close without saving (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)

        if entry is not None:
            self.on.setText(entry.on.isoformat())
            self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind)))
            self.title.setText(entry.title)
            self.text.setPlainText(entry.text)
            self.shared.setChecked(bool(entry.shared))
            self.photos.set_owner(str(entry.id))
        else:
            self.on.setText(local_date(now()).isoformat())
            self.photos.set_owner(None)
        self.setMinimumWidth(680)
        self.title.setFocus()

    def form(self) -> Any:
        """The entry as typed (UserError for a day that is not a date)."""
        from liushou_desktop.domain.growth import GrowthForm

        return GrowthForm(
            on=parse_date(self.on.text().strip()),
            kind=str(self.kind.currentData()),
            title=self.title.text().strip(),
            text=self.text.toPlainText().strip(),
            shared=self.shared.isChecked(),
        )

    def save(self) -> bool:
        """Save (a new entry with its photos) and close; False with the reason shown."""
        try:
            form = self.form()
            if self._entry is not None:
                self.service.update(self._actor, self._entry.id, form)
                entry_id = str(self._entry.id)
            else:
                entry_id = self.service.add(
                    self._actor, self._child_id, form, photos=self.photos.pending()
                )
        except UserError as exc:
            self.error.setText(translate_user_error(exc))
            return False
        self.entry_id = entry_id
        self.saved.emit(entry_id)
        self.accept()
        return True
