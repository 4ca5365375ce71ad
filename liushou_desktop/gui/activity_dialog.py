"""One activity of the term plan: what it is, how it went, who came, its photos.

Four tabs. 活动: the kind (and the safety topic for 安全教育), title, days, organiser,
place, who it is for (the whole school, grades, classes or chosen children found by
name) and notes — changed by the administrator, or by a class teacher for an activity of
their own classes. 记录: the day it was held, what happened and, for a guardian meeting,
what was agreed; 保存为已开展 marks it held. 出勤: the children it is for with a box to
tick (and for a guardian meeting whether the guardian came and who signed), 全部到场,
and the printed sign-in sheet. 照片: the activity's photos. Whoever may not change a tab
sees it read-only; a mentor can still record the attendance of their children.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.permissions import (
    PLAN_ACTIVITIES,
    RECORD_ACTIVITIES,
    Actor,
    allowed,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.activity_attendance import AttendanceTable, TargetChooser
from liushou_desktop.gui.pages.common import paragraph
from liushou_desktop.gui.translations import tr_vocab

__all__ = ["ActivityDialog", "TargetChooser", "open_activity_dialog"]

GUARDIAN_MEETING = "guardian_meeting"


def _text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class ActivityDialog(QDialog):
    """Add an activity (``activity_id`` None, on ``day`` if given) or open one.

    ``saved`` is emitted with the activity's id after anything was saved.
    """

    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        activity_id: str | None = None,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
        day: date | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.activities import ActivityService
        from liushou_desktop.domain.children import ChildrenService

        self.setObjectName("activityDialog")
        self.resize(980, 680)
        self._db = db
        self._actor = actor
        self._now = now
        self.service = ActivityService(db, now)
        self.activity_id = activity_id
        self.row: Any = None
        today = local_date(now())
        children_service = ChildrenService(db, now)
        self.classes = children_service.class_choices(actor)
        self.own_class_ids = {cid for cid, _grade, _name in self.classes}
        self.is_class_teacher = actor.role == vocab.ROLE_CLASS_TEACHER
        if activity_id is not None:
            self.row = self.service.get(actor, activity_id)
        self.can_change = self._may_change(self.row)
        self.can_record = allowed(actor, RECORD_ACTIVITIES) and self.row is not None

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._details_tab(children_service), self.tr("Activity"))
        self.tabs.addTab(self._record_tab(today), self.tr("Record"))
        self.tabs.addTab(self._attendance_tab(), self.tr("Attendance"))
        self.photos_holder = QWidget(self)
        QVBoxLayout(self.photos_holder)
        self.photos: Any = None
        self.tabs.addTab(self.photos_holder, self.tr("Photos"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.status = QLabel(self)
        self.status.setObjectName("activityDialogStatus")
        self.status.setWordWrap(True)
        close = QPushButton(self.tr("Close (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        if self.row is not None:
            self._show_row(self.row)
        else:
            self.setWindowTitle(self.tr("New activity"))
            self.starts_on.setText((day or today).isoformat())
        self._update_state()
        self._tab_changed(0)
        self.title.setFocus()

    # --- rights ------------------------------------------------------------------

    def _may_change(self, row: Any) -> bool:
        """The administrator; a class teacher for a new activity or one of their classes."""
        if allowed(self._actor, PLAN_ACTIVITIES):
            return True
        if not self.is_class_teacher or not self.own_class_ids:
            return False
        if row is None:
            return True
        return row.target_kind == "classes" and set(row.target) <= self.own_class_ids

    # --- building ----------------------------------------------------------------

    def _details_tab(self, children_service: Any) -> QWidget:
        tab = QWidget(self)
        self.kind = QComboBox(tab)
        self.kind.setObjectName("activityKind")
        for code, label in vocab.ACTIVITY_KINDS.items():
            self.kind.addItem(tr_vocab(label), code)
        self.topic = QComboBox(tab)
        self.topic.setObjectName("activityTopic")
        for code, label in vocab.SAFETY_TOPICS.items():
            self.topic.addItem(tr_vocab(label), code)
        self.topic_label = QLabel(self.tr("Safety topic"), tab)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.title = QLineEdit(tab)
        self.title.setObjectName("activityTitle")
        self.title.setMaxLength(100)
        self.starts_on = QLineEdit(tab)
        self.starts_on.setPlaceholderText(self.tr("e.g. 2026-11-05"))
        self.ends_on = QLineEdit(tab)
        self.ends_on.setPlaceholderText(self.tr("empty: one day only"))
        days = QHBoxLayout()
        days.addWidget(self.starts_on)
        days.addWidget(QLabel(self.tr("to"), tab))
        days.addWidget(self.ends_on)
        self.organiser = QLineEdit(tab)
        self.organiser.setPlaceholderText(self.tr("e.g. 德育处, 各班主任"))
        self.place = QLineEdit(tab)
        if self.is_class_teacher and not allowed(self._actor, PLAN_ACTIVITIES):
            kinds = ["classes"]
            children: list[Any] = []
        else:
            kinds = list(vocab.ACTIVITY_TARGETS)
            children = children_service.list_active(self._actor)
        self.target = TargetChooser(self.classes, children, kinds, tab)
        self.notes = _text_box(tab, 2)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.topic_label, self.topic)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Days"), days)
        form.addRow(self.tr("Organiser"), self.organiser)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("For whom"), self.target)
        form.addRow(self.tr("Notes"), self.notes)
        self.save_button = QPushButton(self.tr("Save the activity"), tab)
        self.save_button.setObjectName("activitySaveButton")
        self.save_button.clicked.connect(self.save_details)
        self.cancel_button = QPushButton(self.tr("Cancel the activity…"), tab)
        self.cancel_button.setToolTip(self.tr("It stays in the plan, marked cancelled"))
        self.cancel_button.clicked.connect(self.cancel_activity)
        self.delete_button = QPushButton(self.tr("Delete…"), tab)
        self.delete_button.clicked.connect(self.delete_activity)
        for button in (self.cancel_button, self.delete_button):
            button.setAutoDefault(False)
        self.read_only_note = paragraph(
            self.tr(
                "Only the school administrator (or the class teacher, for an activity of "
                "their classes) can change this activity."
            ),
            tab,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_only_note, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        self._kind_changed()
        return tab

    def _record_tab(self, today: date) -> QWidget:
        tab = QWidget(self)
        self.held_on = QLineEdit(today.isoformat(), tab)
        self.held_on.setObjectName("activityHeldOn")
        self.record_text = _text_box(tab, 6)
        self.record_text.setObjectName("activityRecord")
        self.agreed = _text_box(tab, 4)
        self.agreed_label = QLabel(self.tr("What was agreed (商定事项)"), tab)
        form = QFormLayout()
        form.addRow(self.tr("Held on"), self.held_on)
        form.addRow(self.tr("What happened"), self.record_text)
        form.addRow(self.agreed_label, self.agreed)
        self.record_button = QPushButton(self.tr("Save as held"), tab)
        self.record_button.setObjectName("activityRecordButton")
        self.record_button.clicked.connect(self.save_record)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return tab

    def _attendance_tab(self) -> QWidget:
        tab = QWidget(self)
        self.attendance = AttendanceTable(tab)
        self.attendance.itemChanged.connect(lambda *_: self._count())
        self.attendance_count = QLabel(tab)
        self.class_filter = QComboBox(tab)
        self.class_filter.setObjectName("attendanceClassFilter")
        self.class_filter.currentIndexChanged.connect(
            lambda *_: self.attendance.show_class(str(self.class_filter.currentData() or ""))
        )
        self.all_present_button = QPushButton(self.tr("Everyone present"), tab)
        self.all_present_button.setAutoDefault(False)
        self.all_present_button.clicked.connect(self.attendance.mark_all_present)
        self.sign_in_button = QPushButton(self.tr("Print the sign-in sheet…"), tab)
        self.sign_in_button.setAutoDefault(False)
        self.sign_in_button.clicked.connect(self.print_sign_in)
        self.attendance_button = QPushButton(self.tr("Save the attendance"), tab)
        self.attendance_button.setObjectName("activityAttendanceButton")
        self.attendance_button.clicked.connect(self.save_attendance)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attendance_count, 1)
        buttons.addWidget(self.all_present_button)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.attendance_button)
        top = QHBoxLayout()
        top.addWidget(
            paragraph(
                self.tr(
                    "Tick each child who took part (arrow keys to move, Space to tick), then save."
                ),
                tab,
            ),
            1,
        )
        self.class_label = QLabel(self.tr("Class"), tab)
        top.addWidget(self.class_label)
        top.addWidget(self.class_filter)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.attendance, 1)
        layout.addLayout(buttons)
        return tab

    # --- showing -----------------------------------------------------------------

    def _kind_changed(self) -> None:
        safety = self.kind.currentData() == "safety"
        self.topic.setVisible(safety)
        self.topic_label.setVisible(safety)
        meeting = self.kind.currentData() == GUARDIAN_MEETING
        if hasattr(self, "agreed"):
            self.agreed.setVisible(meeting)
            self.agreed_label.setVisible(meeting)

    def _show_row(self, row: Any) -> None:
        self.setWindowTitle(self.tr("Activity: {title}").format(title=row.title))
        found = self.kind.findData(row.kind)
        if found >= 0:
            self.kind.setCurrentIndex(found)
        found = self.topic.findData(row.topic)
        if found >= 0:
            self.topic.setCurrentIndex(found)
        self.title.setText(row.title)
        self.starts_on.setText(row.starts_on.isoformat())
        self.ends_on.setText("" if row.ends_on == row.starts_on else row.ends_on.isoformat())
        self.organiser.setText(row.organiser)
        self.place.setText(row.place)
        self.target.set_target(row.target_kind, row.target)
        self.notes.setPlainText(row.notes)
        if row.held_on is not None:
            self.held_on.setText(row.held_on.isoformat())
        self.record_text.setPlainText(row.record)
        self.agreed.setPlainText(row.agreed)
        self._kind_changed()
        self.load_attendance()

    def _is_meeting(self) -> bool:
        """Whether the activity (as stored) is a guardian meeting."""
        return self.row is not None and self.row.kind == GUARDIAN_MEETING

    def load_attendance(self) -> None:
        if self.activity_id is None:
            return
        try:
            rows = self.service.attendance(self._actor, self.activity_id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        meeting = self._is_meeting()
        self.attendance.read_only = not self.can_record
        self.attendance.set_rows(rows, guardian_meeting=meeting)
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(self.tr("All classes"), "")
        for name in self.attendance.classes():
            self.class_filter.addItem(name, name)
        self.class_filter.blockSignals(False)
        several = len(self.attendance.classes()) > 1
        self.class_filter.setVisible(several)
        self.class_label.setVisible(several)
        self._count()

    def _count(self) -> None:
        self.attendance_count.setText(
            self.tr("Present: {present} of {total}").format(
                present=self.attendance.present_count(), total=self.attendance.rowCount()
            )
        )

    def _update_state(self) -> None:
        """Enable what the actor may do with the activity as it is now."""
        exists = self.activity_id is not None
        for widget in (
            self.kind,
            self.topic,
            self.title,
            self.starts_on,
            self.ends_on,
            self.organiser,
            self.place,
            self.target,
        ):
            widget.setEnabled(self.can_change)
        self.notes.setReadOnly(not self.can_change)
        self.save_button.setVisible(self.can_change)
        self.read_only_note.setVisible(not self.can_change)
        planner = allowed(self._actor, PLAN_ACTIVITIES)
        self.cancel_button.setVisible(exists and planner)
        self.delete_button.setVisible(exists and self.can_change)
        record = self.can_record and exists
        self.held_on.setReadOnly(not record)
        self.record_text.setReadOnly(not record)
        self.agreed.setReadOnly(not record)
        self.record_button.setVisible(record)
        self.all_present_button.setVisible(record)
        self.attendance_button.setVisible(record)
        self.sign_in_button.setVisible(exists and self._is_meeting())
        for tab in (1, 2, 3):
            self.tabs.setTabEnabled(tab, exists)

    def _tab_changed(self, index: int) -> None:
        """Enter presses the current tab's save button."""
        button = {0: self.save_button, 1: self.record_button, 2: self.attendance_button}.get(index)
        for candidate in (self.save_button, self.record_button, self.attendance_button):
            candidate.setDefault(candidate is button and candidate.isVisible())
        if index == 3 and self.photos is None and self.activity_id is not None:
            self._make_photos()

    def _make_photos(self) -> None:
        from liushou_desktop.gui.photo_strip import PhotoStrip

        self.photos = PhotoStrip(
            self._db,
            self._actor,
            "activity",
            self.photos_holder,
            now=self._now,
            read_only=not self.can_record,
        )
        layout = self.photos_holder.layout()
        layout.addWidget(self.photos)
        layout.addStretch(1)  # type: ignore[union-attr]
        self.photos.set_owner(self.activity_id)

    # --- saving --------------------------------------------------------------------

    def form(self) -> Any:
        """The 活动 tab as an ActivityForm (UserError for an unreadable date)."""
        from liushou_desktop.domain.activities import ActivityForm

        ends = self.ends_on.text().strip()
        kind = str(self.kind.currentData())
        return ActivityForm(
            kind=kind,
            title=self.title.text().strip(),
            starts_on=parse_date(self.starts_on.text().strip()),
            ends_on=parse_date(ends) if ends else None,
            topic=str(self.topic.currentData()) if kind == "safety" else "",
            organiser=self.organiser.text().strip(),
            place=self.place.text().strip(),
            target_kind=self.target.target_kind(),
            target=self.target.target(),
            notes=self.notes.toPlainText().strip(),
        )

    def save_details(self) -> bool:
        """Add or change the activity; a new one closes the dialog once added."""
        if not self.can_change:
            return False
        try:
            form = self.form()
            if self.activity_id is None:
                self.activity_id = self.service.add(self._actor, form)
                self.saved.emit(self.activity_id)
                self.accept()
                return True
            self.service.update(self._actor, self.activity_id, form)
            self.row = self.service.get(self._actor, self.activity_id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self._show_row(self.row)
        self._update_state()
        self.status.setText(self.tr("The activity was saved."))
        self.saved.emit(self.activity_id)
        return True

    def save_record(self) -> bool:
        """Record how the activity went and mark it held."""
        if self.activity_id is None or not self.can_record:
            return False
        try:
            held_on = parse_date(self.held_on.text().strip())
            self.service.record(
                self._actor,
                self.activity_id,
                held_on,
                self.record_text.toPlainText().strip(),
                self.agreed.toPlainText().strip() if self._is_meeting() else "",
            )
            self.row = self.service.get(self._actor, self.activity_id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.status.setText(self.tr("Saved: the activity is marked as held."))
        self.saved.emit(self.activity_id)
        return True

    def save_attendance(self) -> bool:
        """Save the ticks of the 出勤 tab."""
        if self.activity_id is None or not self.can_record:
            return False
        try:
            self.service.set_attendance(self._actor, self.activity_id, self.attendance.marks())
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.status.setText(
            self.tr("The attendance was saved: {present} of {total} present.").format(
                present=self.attendance.present_count(), total=self.attendance.rowCount()
            )
        )
        self.saved.emit(self.activity_id)
        return True

    def cancel_activity(self) -> None:
        if self.activity_id is None or not dialogs.ask_yes_no(
            self,
            self.tr("Cancel the activity"),
            self.tr("Mark this activity as cancelled? It stays in the plan, crossed out."),
        ):
            return
        try:
            self.service.cancel(self._actor, self.activity_id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.saved.emit(self.activity_id)
        self.accept()

    def delete_activity(self) -> None:
        if self.activity_id is None or not dialogs.ask_yes_no(
            self,
            self.tr("Delete the activity"),
            self.tr("Delete this activity and its attendance from the plan?"),
        ):
            return
        try:
            self.service.delete(self._actor, self.activity_id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.saved.emit(self.activity_id)
        self.accept()

    def print_sign_in(self) -> None:
        """The guardian meeting's sign-in sheet (签到表), previewed, then printed."""
        from liushou_desktop.domain.activity_print import ActivityPrintService
        from liushou_desktop.gui.document_preview import preview_and_print
        from liushou_desktop.gui.print_dialog import preview_root

        if self.activity_id is None:
            return
        printer = ActivityPrintService(self._db, self._now)
        activity_id = self.activity_id
        preview_and_print(
            self,
            self.tr("Sign-in sheet"),
            "签到表",
            lambda path, audit: printer.sign_in_sheet(self._actor, path, activity_id, audit=audit),
            folder=preview_root(self._db),
        )


def open_activity_dialog(
    parent: QWidget | None,
    db: Database,
    actor: Actor,
    activity_id: str | None = None,
    now: Callable[[], datetime] = utcnow,
    day: date | None = None,
) -> ActivityDialog | None:
    """Open the dialog (window-modal, deleted when closed); None when the activity cannot
    be read (the reason is shown)."""
    try:
        dialog = ActivityDialog(db, actor, activity_id, now, parent, day)
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
