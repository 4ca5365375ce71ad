"""A page whose feature arrives in a later version: it says what it will do."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from liushou_desktop.gui.pages.common import heading, paragraph


class ComingPage(QWidget):
    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(paragraph(description))
        note = paragraph(self.tr("This page is being built and comes with a later update."))
        note.setObjectName("comingNote")
        layout.addWidget(note)
        layout.addStretch(1)
