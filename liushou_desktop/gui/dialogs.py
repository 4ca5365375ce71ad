"""Every message box and file picker goes through here, so tests patch one place."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from liushou_desktop.gui.translations import translate_user_error

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: Exception) -> None:
    """A UserError, in plain words, saying what to do."""
    QMessageBox.warning(
        parent, QCoreApplication.translate("Dialogs", "Please check"), translate_user_error(exc)
    )


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def show_bug(parent: QWidget | None, log_path: str) -> None:
    """The apology shown for a bug; the traceback went to the log file."""
    QMessageBox.critical(
        parent,
        QCoreApplication.translate("Dialogs", "Sorry, something went wrong"),
        QCoreApplication.translate(
            "Dialogs",
            "The program met an unexpected problem. Your saved records are safe. "
            "Please tell the township's IT helper and give them the log file:\n{path}",
        ).format(path=log_path),
    )


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder (e.g. the USB stick), or None if the user cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None


def choose_open_file(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", name_filter)
    return Path(path) if path else None


def choose_save_file(
    parent: QWidget | None, title: str, suggested: str, name_filter: str
) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
    return Path(path) if path else None


def choose_pdf_file(parent: QWidget | None, file_stem: str) -> Path | None:
    """Where to save a PDF: "STEM-YYYYMMDD.pdf" suggested, ".pdf" added when the teacher
    typed a name without it; None if cancelled."""
    target = choose_save_file(
        parent,
        QCoreApplication.translate("Dialogs", "Save as PDF"),
        f"{file_stem}-{date.today():%Y%m%d}.pdf",
        QCoreApplication.translate("Dialogs", "PDF documents (*.pdf)"),
    )
    if target is not None and target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    return target


def ask_secret(parent: QWidget | None, title: str, label: str) -> str | None:
    """A passphrase typed without echo; None if cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None
