"""通知与模板: the township writes notices to its schools and shares a school's term-plan
template with all of them (:class:`~liushou_desktop.domain.township_sharing.SharingService`).

Above, the notices sent (newest first) with 撤回 for the chosen one; under it a form for a
new notice (title, text, an optional deadline) and the templates the schools sent, one of
which 共享 shares with every school. The next bundles to the schools carry both.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.township_sharing import (
    TITLE_MAX,
    NoticeView,
    SharingService,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import error_label, paragraph
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import translate_user_error

__all__ = ["NoticesDialog", "NoticesModel", "notice_line"]


def notice_line(notice: NoticeView) -> str:
    """One line of a list of notices: "2026-11-29 期末档案核查 (by 2026-12-15)"."""
    line = f"{notice.issued_on.isoformat()}  {notice.title}"
    if notice.due_on is not None:
        line += QCoreApplication.translate("NoticesDialog", " (by {day})").replace(
            "{day}", notice.due_on.isoformat()
        )
    return line


class NoticesModel(RowsTableModel[NoticeView]):
    """The notices sent: date, title, deadline."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                QCoreApplication.translate("NoticesDialog", "Sent on"),
                QCoreApplication.translate("NoticesDialog", "Title"),
                QCoreApplication.translate("NoticesDialog", "Deadline"),
            ),
            parent=parent,
        )

    def cell(self, row: NoticeView, column: int) -> str:
        if column == 0:
            return row.issued_on.isoformat()
        if column == 1:
            return row.title
        return row.due_on.isoformat() if row.due_on else ""


class NoticesDialog(QDialog):
    """The township's notices and shared templates; ``changed`` once one was sent,
    withdrawn or shared."""

    def __init__(
        self, db: Database, actor: Actor, now: Now = utcnow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Notices and templates for the schools"))
        self.setMinimumSize(760, 760)
        self._actor = actor
        self._now = now
        self.service = SharingService(db, now)
        self.changed = False

        self.model = NoticesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("noticesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_text())
        self.shown_text = QPlainTextEdit(self)
        self.shown_text.setObjectName("noticeShown")
        self.shown_text.setReadOnly(True)
        self.shown_text.setMaximumHeight(80)
        self.withdraw_button = QPushButton(self.tr("&Withdraw the chosen notice"), self)
        self.withdraw_button.setObjectName("withdrawNotice")
        self.withdraw_button.clicked.connect(self.withdraw)

        self.title = QLineEdit(self)
        self.title.setObjectName("noticeTitle")
        self.title.setMaxLength(TITLE_MAX)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("noticeText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)
        self.text.setPlaceholderText(self.tr("What the schools should know or do"))
        self.has_due = QCheckBox(self.tr("&Deadline:"), self)
        self.has_due.setObjectName("noticeHasDue")
        self.due = QDateEdit(self)
        self.due.setObjectName("noticeDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        self.send_button = QPushButton(self.tr("&Send notice"), self)
        self.send_button.setObjectName("sendNotice")
        self.send_button.setDefault(True)  # Enter in the title sends
        self.send_button.clicked.connect(self.send)
        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("Te&xt:"), self.text)
        form.addRow(due_row)
        form.addRow(self.send_button)
        write = QGroupBox(self.tr("New notice"), self)
        write.setLayout(form)

        self.templates = QComboBox(self)
        self.templates.setObjectName("schoolTemplates")
        self.shared_name = QLineEdit(self)
        self.shared_name.setObjectName("sharedName")
        self.shared_name.setPlaceholderText(self.tr("Leave empty to keep its name"))
        self.share_button = QPushButton(self.tr("S&hare with every school"), self)
        self.share_button.setObjectName("shareTemplate")
        self.share_button.clicked.connect(self.share)
        share_form = QFormLayout()
        share_form.addRow(self.tr("Te&mplate a school saved:"), self.templates)
        share_form.addRow(self.tr("Share it &as:"), self.shared_name)
        share_form.addRow(self.share_button)
        share = QGroupBox(self.tr("Share a term-plan template"), self)
        share.setLayout(share_form)

        self.error = error_label(self)
        self.info = paragraph("", self)
        self.info.setObjectName("noticesInfo")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Notices and shared templates go to every school with the receipts you "
                    "write for them next (Sync page: Write receipts and notices for the "
                    "schools…). A withdrawn notice disappears at the schools the same way."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown_text)
        layout.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(write)
        layout.addWidget(share)
        layout.addWidget(self.error)
        layout.addWidget(self.info)
        layout.addWidget(buttons)
        self.refresh()
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def today(self) -> date:
        return local_date(self._now())

    def refresh(self) -> None:
        self.model.set_rows(self.service.notices())
        self.withdraw_button.setEnabled(bool(self.model.rows))
        self._show_text()
        today = self.today()
        self.due.setMinimumDate(QDate(today.year, today.month, today.day))
        self.templates.clear()
        try:
            templates = self.service.school_templates(self._actor)
        except UserError as exc:
            dialogs.show_error(self, exc)
            templates = []
        for template in templates:
            school = template.school_name or template.school_code
            label = f"{school} · {template.title or template.name}"
            self.templates.addItem(label, (template.school_code, template.name))
        if not templates:
            self.templates.addItem(self.tr("No school has sent a saved template yet"), None)
        self.share_button.setEnabled(bool(templates))

    def _chosen(self) -> NoticeView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_text(self) -> None:
        chosen = self._chosen()
        self.shown_text.setPlainText(chosen.text if chosen else "")

    def _fail(self, exc: UserError) -> None:
        self.info.clear()
        self.error.setText(translate_user_error(exc))

    def _done(self, message: str) -> None:
        self.changed = True
        self.error.clear()
        self.info.setText(message)

    def send(self) -> None:
        """Send the notice in the form; the error says what to fix."""
        due = self.due.date().toPython() if self.has_due.isChecked() else None
        try:
            self.service.send_notice(self._actor, self.title.text(), self.text.toPlainText(), due)
        except UserError as exc:
            self._fail(exc)
            return
        self._done(self.tr("Sent: the next bundles take it to every school."))
        self.title.clear()
        self.text.clear()
        self.has_due.setChecked(False)
        self.refresh()
        self.table.selectRow(0)

    def withdraw(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            self.info.clear()
            self.error.setText(self.tr("Choose the notice to withdraw in the list."))
            return
        question = self.tr("Withdraw the notice “{title}”? The schools' copies go too.")
        if not dialogs.ask_yes_no(
            self, self.tr("Withdraw notice"), question.replace("{title}", chosen.title)
        ):
            return
        try:
            self.service.withdraw_notice(self._actor, chosen.id)
        except UserError as exc:
            self._fail(exc)
            return
        self._done(self.tr("Withdrawn: the next bundles take it off the schools."))
        self.refresh()

    def share(self) -> None:
        chosen = self.templates.currentData()
        if chosen is None:
            return
        try:
            shared = self.service.share_template(
                self._actor, chosen[0], chosen[1], self.shared_name.text().strip() or None
            )
        except UserError as exc:
            self._fail(exc)
            return
        self.shared_name.clear()
        self._done(
            self.tr("Shared “{name}”: the next bundles take it to every school.").replace(
                "{name}", shared
            )
        )
