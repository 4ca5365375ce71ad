"""The small forms of the school calendar dialog: a day's note (day off or make-up school
day) and a term's name and dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.school_calendar import (
    NOTE_MAX,
    TermView,
)
from liushou_desktop.gui.pages.common import error_label, heading, paragraph


def parse_day(text: str) -> date | None:
    """``2026-09-01`` as a date; None when it cannot be read."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


class _Form(QDialog):
    """A small form: a title, what to do in plain words, fields, a message, OK / Cancel.
    OK calls :meth:`submit`; the form closes only when that returns True."""

    def __init__(self, title: str, explanation: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = QFormLayout()
        self.message = error_label(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(heading(title, self))
        self._layout.addWidget(paragraph(explanation, self))
        self._layout.addLayout(self.fields)
        self._layout.addWidget(self.message)
        self._layout.addWidget(buttons)

    def fit(self, width: int) -> None:
        """Make the form tall enough for its wrapped explanation at ``width``."""
        self.setMinimumWidth(width)
        self.resize(width, self._layout.totalHeightForWidth(width))

    def submit(self) -> bool:
        raise NotImplementedError

    def accept(self) -> None:
        if self.submit():
            super().accept()


class DayForm(_Form):
    """Mark one day (what it becomes is in the title) with a note; OK calls
    ``save(note)``, which says whether the form may close (it stays open on an error)."""

    def __init__(
        self,
        title: str,
        explanation: str,
        note: str,
        save: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, explanation, parent)
        self._save = save
        self.note = QLineEdit(note, self)
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(self.tr("For example: 运动会, 县统一放假"))
        self.fields.addRow(self.tr("Note"), self.note)
        self.fit(480)

    def submit(self) -> bool:
        return self._save(self.note.text())


class TermForm(_Form):
    """Enter or change a term: its name and first and last day typed like 2026-09-01.
    OK calls ``save(name, first, last)``; the form stays open when that fails."""

    def __init__(
        self,
        term: TermView | None,
        suggested_name: str,
        save: Callable[[str, date, date], bool],
        parent: QWidget | None = None,
    ) -> None:
        explanation = self.tr(
            "Name: the school year's two years, then 1 for the autumn term or 2 for the spring "
            "term, like 2026-2027-1. Days: type them like 2026-09-01. A term of the same name "
            "gets the new dates. The days between two terms count as the winter or summer "
            "holiday."
        )
        super().__init__(self.tr("Add or change a term"), explanation, parent)
        self._save = save
        self.name = QLineEdit(term.name if term else suggested_name, self)
        self.name.setPlaceholderText("2026-2027-1")
        self.first_day = QLineEdit(term.starts_on.isoformat() if term else "", self)
        self.first_day.setPlaceholderText("2026-09-01")
        self.last_day = QLineEdit(term.ends_on.isoformat() if term else "", self)
        self.last_day.setPlaceholderText("2027-01-22")
        self.fields.addRow(self.tr("Term name"), self.name)
        self.fields.addRow(self.tr("First school day"), self.first_day)
        self.fields.addRow(self.tr("Last school day"), self.last_day)
        self.fit(540)

    def submit(self) -> bool:
        first, last = parse_day(self.first_day.text()), parse_day(self.last_day.text())
        if first is None or last is None:
            self.message.setText(
                self.tr("A day cannot be read: type the first and the last day like 2026-09-01.")
            )
            (self.first_day if first is None else self.last_day).setFocus()
            return False
        self.message.clear()
        return self._save(self.name.text(), first, last)
