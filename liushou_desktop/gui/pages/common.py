"""Small building blocks shared by the pages."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    """A page title. Rich-text headings scale with the text-size setting."""
    label = QLabel(f"<h2>{html.escape(text)}</h2>", parent)
    label.setObjectName("pageHeading")
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def paragraph(text: str, parent: QWidget | None = None) -> QLabel:
    """Plain body text that wraps."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def error_label(parent: QWidget | None = None) -> QLabel:
    """Where a form says, in red plain words, what is wrong (empty when all is well)."""
    label = QLabel(parent)
    label.setObjectName("errorMessage")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


def list_and_details(
    parent: QWidget, main: QWidget, title: QWidget, buttons: list[QWidget], details: QWidget
) -> QSplitter:
    """A list above and the selected row's details below (a title, its buttons on the
    right, the details), in a splitter the user can drag; the list takes 3/5."""
    lower = QWidget(parent)
    lower_layout = QVBoxLayout(lower)
    lower_layout.setContentsMargins(0, 0, 0, 0)
    title_row = QHBoxLayout()
    title_row.addWidget(title, 1)
    for button in buttons:
        title_row.addWidget(button)
    lower_layout.addLayout(title_row)
    lower_layout.addWidget(details)
    splitter = QSplitter(Qt.Orientation.Vertical, parent)
    splitter.addWidget(main)
    splitter.addWidget(lower)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter
