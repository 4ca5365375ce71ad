"""Recording a home visit (家访记录表): the day, who went, whom they met, what they found
and what was agreed. Ctrl+Enter saves; Esc closes.

The visiting teacher is filled with the signed-in teacher's name, and the list under
接待人 suggests the child's guardians from the record (one can still type any name).
With ``visit`` (a VisitRow) the dialog corrects that visit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
from liushou_desktop.db.models import HomeVisit
from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui.family_contact_dialog import BIG, child_hints, teacher_name
from liushou_desktop.gui.pages.common import error_label
from liushou_desktop.gui.translations import translate_user_error

__all__ = ["HomeVisitDialog"]


def _text_box(parent: QWidget, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def _stored_activity(db: Database, username: str, visit: Any) -> str | None:
    """The plan's home-visit round a stored visit belongs to (VisitRow does not say), so
    a correction keeps the link."""
    if visit is None:
        return None
    with db.session_scope(username) as session:
        row = session.get(HomeVisit, visit.id)
        return None if row is None else row.activity_id


class HomeVisitDialog(QDialog):
    """Record (or correct) a home visit to ``child_id``. ``saved`` gives the child id."""

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
        visit: Any = None,
        service: Any = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.home_visits import HomeVisitService

        self._actor = actor
        self._child_id = child_id
        self._visit = visit
        self._activity_id = _stored_activity(db, actor.username, visit)
        self.service = service or HomeVisitService(db, now)
        self.setWindowTitle(
            self.tr("Correct a home visit") if visit is not None else self.tr("Record a home visit")
        )
        who = QLabel(child_label, self)
        who.setObjectName("visitWho")
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setStyleSheet(BIG)

        self.visited_on = QLineEdit(self)
        self.visited_on.setPlaceholderText(self.tr("e.g. 2026-11-05"))
        self.visitors = QLineEdit(self)
        self.visitors.setMaxLength(100)
        self.visitors.setPlaceholderText(self.tr("the teachers who went, e.g. 王老师、李老师"))
        self.met = QComboBox(self)
        self.met.setEditable(True)
        self.met.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.met.lineEdit().setMaxLength(100)
        self.met.lineEdit().setPlaceholderText(self.tr("whom you met at home"))
        self.situation = _text_box(self, 5)
        self.situation.setPlaceholderText(
            self.tr("the family's situation, how the child is at home")
        )
        self.agreed = _text_box(self, 4)
        self.agreed.setPlaceholderText(self.tr("what the school and the family agreed to do"))
        self.error = error_label(self)

        form = QFormLayout()
        form.addRow(self.tr("Date of the visit"), self.visited_on)
        form.addRow(self.tr("Visiting teachers"), self.visitors)
        form.addRow(self.tr("Met at home"), self.met)
        form.addRow(self.tr("Family situation and the child at home"), self.situation)
        form.addRow(self.tr("What was agreed"), self.agreed)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"), self)
        self.save_button.clicked.connect(self.save)
        self.save_button.setAutoDefault(False)
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

        hints = child_hints(db, actor.username, child_id)
        for name in hints.guardian_names:
            self.met.addItem(name)
        if visit is not None:
            self.visited_on.setText(visit.visited_on.isoformat())
            self.visitors.setText(visit.visitors)
            self.met.setCurrentText(visit.met)
            self.situation.setPlainText(visit.situation)
            self.agreed.setPlainText(visit.agreed)
        else:
            self.visited_on.setText(local_date(now()).isoformat())
            self.visitors.setText(teacher_name(db, actor))
            self.met.setCurrentIndex(0 if hints.guardian_names else -1)
        self.setMinimumWidth(680)
        self.situation.setFocus()

    def form(self) -> Any:
        """The visit as typed (UserError for a day that is not a date)."""
        from liushou_desktop.domain.home_visits import VisitForm

        return VisitForm(
            visited_on=parse_date(self.visited_on.text().strip()),
            visitors=self.visitors.text().strip(),
            met=self.met.currentText().strip(),
            situation=self.situation.toPlainText().strip(),
            agreed=self.agreed.toPlainText().strip(),
            activity_id=self._activity_id,
        )

    def save(self) -> bool:
        """Save and close; False (with the reason shown) if nothing was saved."""
        try:
            form = self.form()
            if self._visit is not None:
                self.service.update(self._actor, self._visit.id, form)
            else:
                self.visit_id = self.service.record(self._actor, self._child_id, form)
        except UserError as exc:
            self.error.setText(translate_user_error(exc))
            return False
        self.saved.emit(self._child_id)
        self.accept()
        return True
