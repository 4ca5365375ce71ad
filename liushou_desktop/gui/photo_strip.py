"""A row of photo thumbnails for an activity or a growth entry (照片).

:class:`PhotoStrip` shows the photos of one owner (``set_owner``) as thumbnails in a
horizontal list, with 添加照片… (a file picker for pictures; the photo is downscaled by
:class:`~liushou_desktop.domain.photos.PhotoService` on the way in, and a term whose photo
budget is full says so in plain words) and 删除照片. Double-click (or Enter) on a thumbnail
shows the photo large.

Until an owner is set the strip is disabled with a note — or, with ``hold_pending``, it
keeps the chosen photos in memory (downscaled) so a new, unsaved entry can take them when
it is saved (:meth:`pending`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = ["PhotoStrip", "PhotoViewer", "pixmap_from", "read_photo_file"]

THUMB_SIDE = 120
MAX_FILE_BYTES = 40_000_000  # a camera's photo is a few MB; anything bigger is not a photo

# Qt's name filter for the file picker; the words are translated, the patterns are not.
IMAGE_PATTERNS = "(*.jpg *.jpeg *.png *.bmp *.gif *.webp *.JPG *.JPEG *.PNG)"


def pixmap_from(data: bytes, side: int = 0) -> QPixmap:
    """A pixmap from image bytes (JPEG/PNG…), scaled to fit ``side`` when given."""
    image = QImage.fromData(data)
    pixmap = QPixmap.fromImage(image)
    if side and not pixmap.isNull():
        pixmap = pixmap.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return pixmap


def read_photo_file(path: Path) -> bytes:
    """The bytes of the picture file ``path``, or UserError in plain words."""
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The file {name} could not be read. Check that it is still there and try again.",
            ),
            {"name": path.name},
        ) from None
    if size > MAX_FILE_BYTES:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "The file {name} is too big to be a photo. Choose a photo file."
            ),
            {"name": path.name},
        )
    return data


class PhotoViewer(QDialog):
    """One photo shown large; Esc or the button closes it."""

    def __init__(self, data: bytes, caption: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Photo"))
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(pixmap_from(data, 900))
        scroll = QScrollArea(self)
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        close = QPushButton(self.tr("Close (Esc)"), self)
        close.clicked.connect(self.accept)
        close.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        if caption:
            text = QLabel(caption, self)
            text.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(text)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(960, 760)


class PhotoStrip(QWidget):
    """The photos of one owner (``owner_kind`` "activity" or "growth").

    ``read_only`` hides the add/remove buttons (a timeline row); ``hold_pending`` keeps
    photos chosen before an owner exists (see :meth:`pending`). ``changed`` is emitted
    after a photo was added or removed.
    """

    changed = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        owner_kind: str,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        read_only: bool = False,
        hold_pending: bool = False,
        side: int = THUMB_SIDE,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.photos import PhotoService

        self._db = db
        self._actor = actor
        self._owner_kind = owner_kind
        self._read_only = read_only
        self._hold_pending = hold_pending
        self._side = side
        self.service = PhotoService(db, now)
        self.owner_id: str | None = None
        self._pending: list[bytes] = []

        self.list = QListWidget(self)
        self.list.setObjectName("photoStripList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(QSize(side, side))
        self.list.setSpacing(6)
        self.list.setFixedHeight(side + 34)
        self.list.itemActivated.connect(self.show_large)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        self.add_button = QPushButton(self.tr("Add a photo…"), self)
        self.add_button.clicked.connect(self.add_photo)
        self.remove_button = QPushButton(self.tr("Remove photo"), self)
        self.remove_button.clicked.connect(self.remove_photo)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        if not read_only:
            layout.addLayout(buttons)
        else:
            self.add_button.hide()
            self.remove_button.hide()
            self.note.hide()
        self._update_state()

    # --- owner ---------------------------------------------------------------------

    def set_owner(self, owner_id: str | None) -> None:
        """Show the photos of ``owner_id`` (None: no owner yet)."""
        self.owner_id = owner_id
        self.refresh()

    def refresh(self) -> None:
        """Load the thumbnails again."""
        self.list.clear()
        if self.owner_id is not None:
            try:
                infos = self.service.photos(self._actor, self._owner_kind, self.owner_id)
                for info in infos:
                    thumb = self.service.thumbnail(self._actor, info.id, self._side)
                    self._add_item(thumb, info.id, info.caption or info.taken_on.isoformat())
            except UserError as exc:
                dialogs.show_error(self, exc)
        else:
            for number, data in enumerate(self._pending):
                self._add_item(data, number, self.tr("Not saved yet"))
        self._update_state()

    def _add_item(self, data: bytes, key: object, tip: str) -> None:
        item = QListWidgetItem(QIcon(pixmap_from(data, self._side)), "")
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(tip)
        item.setSizeHint(QSize(self._side + 8, self._side + 8))
        self.list.addItem(item)

    def photo_ids(self) -> list[str]:
        """The ids of the photos shown (saved photos only)."""
        if self.owner_id is None:
            return []
        return [
            str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
        ]

    def pending(self) -> list[bytes]:
        """The photos chosen while there was no owner (downscaled JPEGs)."""
        return list(self._pending)

    def _update_state(self) -> None:
        can_add = self.owner_id is not None or self._hold_pending
        self.add_button.setEnabled(can_add)
        self.remove_button.setEnabled(can_add and self.list.count() > 0)
        self.list.setEnabled(can_add or self.list.count() > 0)
        if not can_add:
            self.note.setText(self.tr("Save first, then photos can be added."))
        elif self.owner_id is None and self._pending:
            self.note.setText(self.tr("The photos are kept when you save."))
        elif self.list.count() == 0:
            self.note.setText(self.tr("No photos yet."))
        else:
            self.note.setText(self.tr("Double-click a photo to see it large."))

    # --- actions -------------------------------------------------------------------

    def add_photo(self) -> bool:
        """Choose a picture file and add it; False if nothing was added."""
        if self._read_only or not self.add_button.isEnabled():
            return False
        path = dialogs.choose_open_file(
            self,
            self.tr("Choose a photo"),
            self.tr("Photos") + " " + IMAGE_PATTERNS,
        )
        if path is None:
            return False
        try:
            data = read_photo_file(path)
            if self.owner_id is None:
                from liushou_desktop.domain.photos import downscale

                small, _width, _height = downscale(data)
                self._pending.append(small)
            else:
                self.service.add(self._actor, self._owner_kind, self.owner_id, data)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.refresh()
        self.list.setCurrentRow(self.list.count() - 1)
        self.changed.emit()
        return True

    def remove_photo(self) -> bool:
        """Remove the selected photo after asking; False if nothing was removed."""
        item = self.list.currentItem()
        if self._read_only or item is None:
            return False
        if not dialogs.ask_yes_no(
            self, self.tr("Remove photo"), self.tr("Remove the selected photo?")
        ):
            return False
        key = item.data(Qt.ItemDataRole.UserRole)
        if self.owner_id is None:
            del self._pending[int(key)]
        else:
            try:
                self.service.delete(self._actor, str(key))
            except UserError as exc:
                dialogs.show_error(self, exc)
                return False
        self.refresh()
        self.changed.emit()
        return True

    def show_large(self, item: QListWidgetItem | None = None) -> PhotoViewer | None:
        """The photo of ``item`` (default: the selected one) in a window of its own."""
        item = item or self.list.currentItem()
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        if self.owner_id is None:
            data = self._pending[int(key)]
        else:
            try:
                data = self.service.data(self._actor, str(key))
            except UserError as exc:
                dialogs.show_error(self, exc)
                return None
        viewer = PhotoViewer(data, item.toolTip(), self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()
        self.viewer = viewer
        return viewer
