"""Small building blocks shared by the pages."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


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
