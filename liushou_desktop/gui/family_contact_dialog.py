"""Logging a family call (亲情电话) — keyboard only, one child after another.

The child's name and class at the top, then: the day (today), whom the child talked to
(the parent the record says works away, else 母亲), phone or video, how many minutes,
which phone (the school's 亲情电话), a note. Enter saves and closes; Ctrl+Enter (保存并
记录下一位) saves and shows the next child of the list — for an afternoon at the school's
family phone. The day, the kind and the phone stay as they were for the next child.

The same dialog corrects a logged call (``contact``): Enter saves the correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Guardian, Teacher
from liushou_desktop.domain import vocab
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui.pages.common import error_label
from liushou_desktop.gui.translations import tr_vocab, translate_user_error

if TYPE_CHECKING:
    from liushou_desktop.domain.family_contact import (
        ContactForm,
        ContactRow,
        FamilyContactService,
    )

__all__ = ["ChildHints", "FamilyContactDialog", "Someone", "child_hints", "teacher_name"]

BIG = "font-size: 15pt; font-weight: bold;"


@dataclass(frozen=True)
class Someone:
    """A child the dialog can log a call for."""

    child_id: str
    child_name: str
    class_name: str


@dataclass(frozen=True)
class ChildHints:
    """What the child's record suggests for the forms: the parents who work away
    (``father``/``mother``) and the guardians' names (entrusted guardian first)."""

    away: tuple[str, ...]
    guardian_names: tuple[str, ...]


def child_hints(db: Database, username: str, child_id: str) -> ChildHints:
    """Read the suggestions for ``child_id`` (empty when the child has no family record).
    Only defaults for a form are read here; the services check the child's scope."""
    with db.session_scope(username) as session:
        child = session.get(Child, child_id)
        if child is None or child.deleted or not child.family_id:
            return ChildHints((), ())
        guardians = list(
            session.scalars(
                select(Guardian).where(
                    Guardian.family_id == child.family_id, Guardian.deleted.is_(False)
                )
            )
        )
        away = tuple(
            r
            for r in ("mother", "father")
            if any(g.relation == r and g.works_away for g in guardians)
        )
        if not away and child.unable_parent in vocab.PARENT_RELATIONS:
            other = "father" if child.unable_parent == "mother" else "mother"
            away = (other,)
        guardians.sort(key=lambda g: (not g.is_entrusted_guardian, g.works_away, g.relation))
        names = tuple(dict.fromkeys(g.name for g in guardians if g.name))
        return ChildHints(away, names)


def teacher_name(db: Database, actor: Actor) -> str:
    """The name of the actor's teacher record ("" for an account without one)."""
    if not actor.teacher_id:
        return ""
    with db.session_scope(actor.username) as session:
        teacher = session.get(Teacher, actor.teacher_id)
        return teacher.name if teacher is not None and not teacher.deleted else ""


class FamilyContactDialog(QDialog):
    """Log calls for ``people`` from ``start`` on; with ``contact`` (a ContactRow of
    ``people[start]``) correct that call instead.

    ``saved`` is emitted with the child id after each call is saved.
    """

    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        people: Sequence[Someone],
        today: date,
        start: int = 0,
        parent: QWidget | None = None,
        *,
        service: FamilyContactService | None = None,
        contact: ContactRow | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.family_contact import FamilyContactService

        self._db = db
        self._actor = actor
        self._people = list(people)
        self._index = start
        self._contact = contact
        self.service = service or FamilyContactService(db)
        self.saved_count = 0
        self.editing = contact is not None
        self.setWindowTitle(
            self.tr("Correct a family call") if self.editing else self.tr("Log a family call")
        )

        self.who = QLabel(self)
        self.who.setObjectName("contactWho")
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setStyleSheet(BIG)
        self.position = QLabel(self)
        self.on = QLineEdit(self)
        self.on.setPlaceholderText(self.tr("e.g. 2026-11-05"))
        self.relation = QComboBox(self)
        for code, label in vocab.RELATIONS.items():
            self.relation.addItem(tr_vocab(label), code)
        self.kind = QComboBox(self)
        for code, label in vocab.CONTACT_KINDS.items():
            self.kind.addItem(tr_vocab(label), code)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 600)
        self.minutes.setSuffix(self.tr(" min"))
        self.via = QComboBox(self)
        for code, label in vocab.CONTACT_PHONES.items():
            self.via.addItem(tr_vocab(label), code)
        self.note = QLineEdit(self)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("optional: what they talked about, how it went"))
        self.error = error_label(self)

        form = QFormLayout()
        form.addRow(self.tr("Date"), self.on)
        form.addRow(self.tr("Talked with"), self.relation)
        form.addRow(self.tr("Phone or video"), self.kind)
        form.addRow(self.tr("Minutes"), self.minutes)
        form.addRow(self.tr("Phone used"), self.via)
        form.addRow(self.tr("Note"), self.note)

        self.save_button = QPushButton(self.tr("Save (Enter)"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.next_button = QPushButton(self.tr("Save, next child (Ctrl+Enter)"), self)
        self.next_button.clicked.connect(self.save_and_next)
        self.skip_button = QPushButton(self.tr("Skip this child"), self)
        self.skip_button.clicked.connect(lambda: self.show_child(self._index + 1))
        close = QPushButton(self.tr("Close (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        for button in (self.next_button, self.skip_button):
            button.setAutoDefault(False)
            button.setVisible(not self.editing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)

        header = QHBoxLayout()
        header.addWidget(self.who, 1)
        header.addWidget(self.position)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._ctrl_enter)
        self.setTabOrder(self.on, self.relation)
        self.setTabOrder(self.relation, self.kind)
        self.setTabOrder(self.kind, self.minutes)
        self.setTabOrder(self.minutes, self.via)
        self.setTabOrder(self.via, self.note)

        self.on.setText(today.isoformat())
        self.via.setCurrentIndex(max(0, self.via.findData("school")))
        if contact is not None:
            self._show_contact(contact)
        else:
            self.show_child(start)
        self.setMinimumWidth(760)

    # --- the child shown -------------------------------------------------------------

    @property
    def current(self) -> Someone | None:
        return self._people[self._index] if 0 <= self._index < len(self._people) else None

    def show_child(self, index: int) -> None:
        """Show ``people[index]`` with a fresh form (the day, kind and phone stay)."""
        self._index = index
        person = self.current
        self.error.clear()
        if person is None:
            self.who.setText(self.tr("Every child in the list is done."))
            self.position.clear()
            for button in (self.save_button, self.next_button, self.skip_button):
                button.setEnabled(False)
            return
        self.who.setText(f"{person.child_name}　{person.class_name}")
        if len(self._people) > 1:
            self.position.setText(
                self.tr("Child {n} of {total}").format(n=index + 1, total=len(self._people))
            )
        hints = child_hints(self._db, self._actor.username, person.child_id)
        relation = hints.away[0] if hints.away else "mother"
        self.relation.setCurrentIndex(max(0, self.relation.findData(relation)))
        self.minutes.setValue(0)
        self.note.clear()
        for button in (self.save_button, self.next_button, self.skip_button):
            button.setEnabled(True)
        self.minutes.setFocus()
        self.minutes.selectAll()

    def _show_contact(self, row: ContactRow) -> None:
        self.who.setText(f"{row.child_name}　{row.class_name}")
        self.position.setText(self.tr("Correcting the call"))
        self.on.setText(row.on.isoformat())
        for combo, value in (
            (self.relation, row.relation),
            (self.kind, row.kind),
            (self.via, row.via),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.minutes.setValue(int(row.minutes))
        self.note.setText(row.note)
        self.minutes.setFocus()

    # --- saving ------------------------------------------------------------------------

    def _form(self) -> ContactForm:
        from liushou_desktop.domain.family_contact import ContactForm

        return ContactForm(
            on=parse_date(self.on.text().strip()),
            relation=str(self.relation.currentData()),
            kind=str(self.kind.currentData()),
            minutes=self.minutes.value(),
            via=str(self.via.currentData()),
            note=self.note.text().strip(),
        )

    def _store(self) -> bool:
        """Save the call shown; False (and the reason shown) if it was not saved."""
        if not self.save_button.isEnabled():
            return False
        try:
            form = self._form()
            if self._contact is not None:
                self.service.update(self._actor, self._contact.id, form)
                child_id = str(self._contact.child_id)
            else:
                person = self.current
                if person is None:
                    return False
                self.service.log(self._actor, person.child_id, form)
                child_id = person.child_id
        except UserError as exc:
            self.error.setText(translate_user_error(exc))
            return False
        self.saved_count += 1
        self.saved.emit(child_id)
        return True

    def save(self) -> bool:
        """Save and close (Enter)."""
        if self._store():
            self.accept()
            return True
        return False

    def save_and_next(self) -> bool:
        """Save and show the next child (Ctrl+Enter)."""
        if self.editing:
            return self.save()
        if self._store():
            self.show_child(self._index + 1)
            return True
        return False

    def _ctrl_enter(self) -> None:
        self.save_and_next()
