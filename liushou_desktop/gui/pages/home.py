"""首页: the school at a glance and what needs doing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import PRINT_CHILDREN, Actor, allowed
from liushou_desktop.domain.township_sharing import NoticeView
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.notices_dialog import notice_line
from liushou_desktop.gui.pages.common import heading


class _Figure(QFrame):
    """A big number with its label, e.g. 1000 / children on record."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–", self)
        self.value.setObjectName("figureValue")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(QLabel(label, self))

    def set_value(self, value: int) -> None:
        self.value.setText(f"<span style='font-size:xx-large; font-weight:bold'>{value}</span>")


class HomePage(QWidget):
    def __init__(
        self,
        children: ChildrenService,
        actor: Actor,
        school_name: str,
        open_children: Callable[[], None],
        parent: QWidget | None = None,
        *,
        print_cards: Callable[[], None] | None = None,
        talk_figures: Callable[[], Any] | None = None,
        open_talks: Callable[[], None] | None = None,
        week_activities: Callable[[], Sequence[Any]] | None = None,
        family_gap: Callable[[], int] | None = None,
        open_activities: Callable[[], None] | None = None,
        notices: Callable[[], Sequence[NoticeView]] | None = None,
    ) -> None:
        """``print_cards`` opens the print dialog on the actor's children; the button is
        shown to those who may print. ``talk_figures`` gives this week's talk figures
        (:class:`~liushou_desktop.domain.talk_status.HomeFigures`); ``open_talks`` opens
        the talks page. ``week_activities`` gives this week's activities
        (:class:`~liushou_desktop.domain.activities.ActivityRow`), ``family_gap`` the
        number of children without a call with a parent this month, ``open_activities``
        opens the activities page. ``notices`` gives the township's notices (shown, the
        newest first, when there are any; Enter or a double-click reads one)."""
        super().__init__(parent)
        self._children = children
        self._actor = actor
        self.active = _Figure(self.tr("children on record"), self)
        self.classes = _Figure(self.tr("classes"), self)
        self.incomplete = _Figure(self.tr("records to complete"), self)
        figures = QGridLayout()
        for column, figure in enumerate((self.active, self.classes, self.incomplete)):
            figures.addWidget(figure, 0, column)

        open_button = QPushButton(self.tr("Open the children's records"), self)
        open_button.clicked.connect(open_children)
        self.print_button = QPushButton(self.tr("Print contact cards"), self)
        self.print_button.setObjectName("homePrintCards")
        self.print_button.setToolTip(
            self.tr("Preview and print the contact cards of your children, four to a page")
        )
        self.print_button.setStyleSheet("font-size: 14pt; font-weight: bold; padding: 10px 24px;")
        self.print_button.setVisible(print_cards is not None and allowed(actor, PRINT_CHILDREN))
        if print_cards is not None:
            self.print_button.clicked.connect(print_cards)
        open_button.setMinimumHeight(self.print_button.sizeHint().height())
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(self.print_button)

        self._notices = notices
        self.notices_heading = heading(self.tr("Notices from the township"))
        self.notice_list = QListWidget(self)
        self.notice_list.setObjectName("homeNotices")
        self.notice_list.setMaximumHeight(110)
        self.notice_list.itemActivated.connect(self.read_notice)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(school_name))
        layout.addLayout(figures)
        layout.addLayout(buttons)
        layout.addWidget(self.notices_heading)
        layout.addWidget(self.notice_list)
        layout.addWidget(heading(self.tr("This week")))
        self._talk_figures = talk_figures
        self.due = _Figure(self.tr("talks due this week"), self)
        self.overdue = _Figure(self.tr("talks overdue this month"), self)
        self.concerns = _Figure(self.tr("children with an open concern"), self)
        self.no_family_call = _Figure(self.tr("children not yet in touch with a parent"), self)
        self.no_family_call.setToolTip(
            self.tr("Children with no phone or video call with their father or mother this month")
        )
        talks = QGridLayout()
        figures_row = (self.due, self.overdue, self.concerns, self.no_family_call)
        for column, figure in enumerate(figures_row):
            talks.addWidget(figure, 0, column)
        self.no_family_call.setVisible(family_gap is not None)
        layout.addLayout(talks)

        self._week_activities = week_activities
        self._family_gap = family_gap
        self.week_list = QListWidget(self)
        self.week_list.setObjectName("homeWeekActivities")
        self.week_list.setMaximumHeight(160)
        self.week_list.setVisible(week_activities is not None)
        layout.addWidget(self.week_list)

        talks_button = QPushButton(self.tr("Open the talks"), self)
        talks_button.setObjectName("homeOpenTalks")
        if open_talks is not None:
            talks_button.clicked.connect(open_talks)
        talks_button.setVisible(open_talks is not None)
        activities_button = QPushButton(self.tr("Open the term plan"), self)
        activities_button.setObjectName("homeOpenActivities")
        if open_activities is not None:
            activities_button.clicked.connect(open_activities)
            self.week_list.itemActivated.connect(lambda _item: open_activities())
        activities_button.setVisible(open_activities is not None)
        page_buttons = QHBoxLayout()
        page_buttons.addWidget(talks_button)
        page_buttons.addWidget(activities_button)
        page_buttons.addStretch(1)
        layout.addLayout(page_buttons)
        layout.addStretch(1)
        self._counted_for_first_show = True
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Count again each time the page comes back into view (a receipt with notices
        was imported, talks were recorded); the first showing has just been counted."""
        super().showEvent(event)
        if not event.spontaneous():
            if self._counted_for_first_show:
                self._counted_for_first_show = False
            else:
                self.refresh()

    def refresh(self) -> None:
        counts = self._children.counts(self._actor)
        self.active.set_value(counts.children_active)
        self.classes.set_value(counts.classes)
        self.incomplete.set_value(counts.incomplete_records)
        if self._talk_figures is not None:
            figures = self._talk_figures()
            self.due.set_value(figures.due_this_week)
            self.overdue.set_value(figures.overdue)
            self.concerns.set_value(figures.open_concerns)
        if self._family_gap is not None:
            self.no_family_call.set_value(self._family_gap())
        shown = list(self._notices()) if self._notices is not None else []
        self.notice_list.clear()
        for notice in shown:
            item = QListWidgetItem(notice_line(notice), self.notice_list)
            item.setData(Qt.ItemDataRole.UserRole, notice)
        self.notices_heading.setVisible(bool(shown))
        self.notice_list.setVisible(bool(shown))
        if self._week_activities is not None:
            self.week_list.clear()
            activities = list(self._week_activities())
            for activity in activities:
                self.week_list.addItem(week_line(activity))
            if not activities:
                self.week_list.addItem(self.tr("No activities planned this week."))

    def read_notice(self, item: QListWidgetItem) -> None:
        """The whole notice, in a message box."""
        notice = item.data(Qt.ItemDataRole.UserRole)
        text = notice.text or notice.title
        if notice.issuer:
            text += "\n\n" + self.tr("{township}, {day}").replace(
                "{township}", notice.issuer
            ).replace("{day}", notice.issued_on.isoformat())
        dialogs.show_info(self, notice_line(notice), text)


def weekday_name(weekday: int) -> str:
    """Monday (0) to Sunday (6), short, in the user's language."""
    return (
        QCoreApplication.translate("HomePage", "Mon"),
        QCoreApplication.translate("HomePage", "Tue"),
        QCoreApplication.translate("HomePage", "Wed"),
        QCoreApplication.translate("HomePage", "Thu"),
        QCoreApplication.translate("HomePage", "Fri"),
        QCoreApplication.translate("HomePage", "Sat"),
        QCoreApplication.translate("HomePage", "Sun"),
    )[weekday]


def week_line(activity: Any) -> str:
    """One line of this week's list: "9/24 Thu  Letters home for the Mid-Autumn Festival ·
    Whole school", with the range for a multi-day activity and its state once held."""
    start, end = activity.starts_on, activity.ends_on
    when = QCoreApplication.translate("HomePage", "{month}/{day} {weekday}").format(
        month=start.month,
        day=start.day,
        weekday=weekday_name(start.weekday()),
    )
    if end != start:
        when += QCoreApplication.translate("HomePage", " to {month}/{day}").format(
            month=end.month, day=end.day
        )
    line = f"{when}  {activity.title} · {activity.target_label}"
    if activity.status == vocab.ACTIVITY_HELD:
        line += QCoreApplication.translate("HomePage", " (held)")
    return line
