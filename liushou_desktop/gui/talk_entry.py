"""Typing in a stack of handwritten talk record cards (谈心记录卡), keyboard only.

One card at a time: the child's name, class and mentor at the top, then the card's fields
in the order of the paper card. Tab moves on (also out of the long text boxes), Space ticks
a box, the digits 1–4 choose the form of the talk, and Ctrl+Enter saves the card and opens
the next child still without a record — so a teacher never touches the mouse. The date,
form and place stay filled from the card before, since a stack is usually from one day.

The same dialog corrects a held talk (:func:`open_correction`): the card comes up filled
in with its record, and Ctrl+Enter saves the correction and closes. The service decides
who may correct it (its author for ``talks.edit_days`` days, the administrator always)
and its refusal is shown in plain words above the buttons.
"""

from __future__ import annotations

from datetime import date

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
from liushou_desktop.db.models import Talk
from liushou_desktop.domain import vocab
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.talks import TalkForm, TalkRow, TalkService
from liushou_desktop.errors import UserError
from liushou_desktop.gui.pages.common import error_label
from liushou_desktop.gui.translations import tr_vocab, translate_user_error

__all__ = ["TalkEntryDialog", "open_correction", "read_record"]


def _text_box(parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # Tab leaves the box, as on every other field
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 14)
    return box


def read_record(db: Database, username: str, talk_id: str) -> TalkForm | None:
    """The record card of the held talk ``talk_id`` as it is stored (None when the talk
    is missing, removed or not held). The caller shows only talks of its month's list,
    which holds the children the actor may see; the service checks again on saving."""
    with db.session_scope(username) as session:
        talk = session.get(Talk, talk_id)
        if talk is None or talk.deleted or talk.status != vocab.TALK_DONE:
            return None
        if talk.held_on is None:
            return None
        return TalkForm(
            held_on=talk.held_on,
            form=talk.form or next(iter(vocab.TALK_FORMS)),
            place=talk.place or "",
            topics=list(talk.topics or ()),
            condition=talk.condition or "",
            problems=talk.problems or "",
            measures=talk.measures or "",
            follow_up_on=talk.follow_up_on,
            concerns=list(talk.concerns or ()),
        )


class TalkEntryDialog(QDialog):
    """Record one talk after another for ``rows`` (those already done are skipped).

    With ``record`` (the stored card of ``rows[start]``, a held talk) the dialog corrects
    that one talk instead: the fields show the record and saving calls
    :meth:`TalkService.update`, then closes.

    ``saved`` is emitted with the child id after each card is saved.
    """

    saved = Signal(str)

    def __init__(
        self,
        service: TalkService,
        actor: Actor,
        rows: list[TalkRow],
        today: date,
        start: int = 0,
        parent: QWidget | None = None,
        record: TalkForm | None = None,
    ) -> None:
        super().__init__(parent)
        self.editing = record is not None
        if self.editing:
            self.setWindowTitle(self.tr("Correct a talk record"))
        else:
            self.setWindowTitle(self.tr("Type in talk record cards"))
        self._service = service
        self._actor = actor
        self._rows = rows
        self._today = today
        self._index = -1
        self.saved_count = 0

        self.who = QLabel(self)
        self.who.setObjectName("talkEntryWho")
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.position = QLabel(self)

        self.held_on = QLineEdit(self)
        self.held_on.setPlaceholderText(self.tr("e.g. 2026-11-05"))
        self.form_combo = QComboBox(self)
        for number, (code, label) in enumerate(vocab.TALK_FORMS.items(), start=1):
            self.form_combo.addItem(f"{number}  {tr_vocab(label)}", code)
        self.place = QLineEdit(self)
        self.topics = {
            code: QCheckBox(tr_vocab(label), self) for code, label in vocab.TALK_TOPICS.items()
        }
        self.condition = _text_box(self)
        self.problems = _text_box(self)
        self.measures = _text_box(self)
        self.follow_up = QLineEdit(self)
        self.follow_up.setPlaceholderText(self.tr("optional, e.g. 2026-12-01"))
        self.concerns = {
            code: QCheckBox(tr_vocab(label), self) for code, label in vocab.CONCERN_KINDS.items()
        }
        self.error = error_label(self)

        form = QFormLayout()
        form.addRow(self.tr("Date of the talk"), self.held_on)
        form.addRow(self.tr("Form (1–4)"), self.form_combo)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Topics"), self._row_of(self.topics.values()))
        form.addRow(self.tr("How the child is doing"), self.condition)
        form.addRow(self.tr("Problems found"), self.problems)
        form.addRow(self.tr("Measures taken"), self.measures)
        form.addRow(self.tr("Follow up on"), self.follow_up)
        form.addRow(self.tr("Needs attention"), self._row_of(self.concerns.values()))

        self.save_button = QPushButton(self.tr("Save and next (Ctrl+Enter)"), self)
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.save_and_next)
        self.skip_button = QPushButton(self.tr("Skip this child"), self)
        self.skip_button.clicked.connect(self.next_child)
        close_button = QPushButton(self.tr("Close"), self)
        close_button.clicked.connect(self.reject if self.editing else self.accept)
        if self.editing:
            self.save_button.setText(self.tr("Save the correction (Ctrl+Enter)"))
            self.skip_button.hide()
            close_button.setText(self.tr("Close without saving (Esc)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(self.who, 1)
        header.addWidget(self.position)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save_and_next)
        for number in range(1, len(vocab.TALK_FORMS) + 1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.form_combo.setCurrentIndex(n - 1))
        self.held_on.setText(today.isoformat())
        if record is not None:
            self._show_record(start, record)
        else:
            self.next_child(start - 1)

    def _row_of(self, boxes: object) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for box in boxes:  # type: ignore[attr-defined]
            row.addWidget(box)
        row.addStretch(1)
        return holder

    # --- moving through the stack ----------------------------------------------------

    @property
    def current(self) -> TalkRow | None:
        return self._rows[self._index] if 0 <= self._index < len(self._rows) else None

    def next_child(self, after: int | None = None) -> None:
        """Show the next child after ``after`` (default: the current one) without a record."""
        index = self._index if after is None else after
        index += 1
        while index < len(self._rows) and self._rows[index].status == vocab.TALK_DONE:
            index += 1
        self._index = index
        row = self.current
        self.error.clear()
        if row is None:
            self.who.setText(self.tr("Every child in the list has a record."))
            self.position.clear()
            self.save_button.setEnabled(False)
            self.skip_button.setEnabled(False)
            return
        self.who.setText(f"{row.child_name}　{row.class_name}　{row.mentor_name}")
        self.position.setText(
            self.tr("Card {n} of {total}").format(n=index + 1, total=len(self._rows))
        )
        if row.planned_on is not None and not self.held_on.isModified():
            self.held_on.setText(row.planned_on.isoformat())
        for box in (self.condition, self.problems, self.measures):
            box.clear()
        self.follow_up.clear()
        for check in (*self.topics.values(), *self.concerns.values()):
            check.setChecked(False)
        self.save_button.setEnabled(True)
        self.skip_button.setEnabled(True)
        self.condition.setFocus()

    def _show_record(self, index: int, record: TalkForm) -> None:
        """Show the held talk ``rows[index]`` with its stored ``record``, to correct it."""
        self._index = index
        row = self.current
        self.error.clear()
        if row is None:  # nothing to correct: behave as an empty stack
            self.next_child(len(self._rows))
            return
        self.who.setText(f"{row.child_name}　{row.class_name}　{row.mentor_name}")
        self.position.setText(self.tr("Correcting the record"))
        self.held_on.setText(record.held_on.isoformat())
        found = self.form_combo.findData(record.form)
        if found >= 0:
            self.form_combo.setCurrentIndex(found)
        self.place.setText(record.place)
        for code, box in self.topics.items():
            box.setChecked(code in record.topics)
        self.condition.setPlainText(record.condition)
        self.problems.setPlainText(record.problems)
        self.measures.setPlainText(record.measures)
        self.follow_up.setText(record.follow_up_on.isoformat() if record.follow_up_on else "")
        for code, box in self.concerns.items():
            box.setChecked(code in record.concerns)
        self.save_button.setEnabled(True)
        self.condition.setFocus()

    def _form(self) -> TalkForm:
        follow_up = self.follow_up.text().strip()
        return TalkForm(
            held_on=parse_date(self.held_on.text().strip()),
            form=str(self.form_combo.currentData()),
            place=self.place.text().strip(),
            topics=[code for code, box in self.topics.items() if box.isChecked()],
            condition=self.condition.toPlainText().strip(),
            problems=self.problems.toPlainText().strip(),
            measures=self.measures.toPlainText().strip(),
            follow_up_on=parse_date(follow_up) if follow_up else None,
            concerns=[code for code, box in self.concerns.items() if box.isChecked()],
        )

    def save_and_next(self) -> bool:
        """Save the card shown; on success show the next child (when correcting: close).
        False if nothing was saved; the reason is shown above the buttons."""
        row = self.current
        if row is None or not self.save_button.isEnabled():
            return False
        try:
            if self.editing:
                if row.talk_id is None:
                    return False
                self._service.update(self._actor, row.talk_id, self._form())
            else:
                self._service.record(self._actor, row.child_id, self._form())
        except UserError as exc:
            self.error.setText(translate_user_error(exc))
            return False
        self.saved_count += 1
        self.saved.emit(row.child_id)
        if self.editing:
            self.accept()
        else:
            self.next_child()
        return True


def open_correction(
    parent: QWidget,
    db: Database,
    service: TalkService,
    actor: Actor,
    row: TalkRow,
    today: date,
) -> TalkEntryDialog | None:
    """Open (non-modal) the card of the held talk of ``row`` to correct it; None when
    the talk has no record any more (the list is then out of date)."""
    if row.talk_id is None:
        return None
    record = read_record(db, actor.username, row.talk_id)
    if record is None:
        return None
    dialog = TalkEntryDialog(service, actor, [row], today, 0, parent, record=record)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
