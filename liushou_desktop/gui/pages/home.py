"""首页: the school at a glance and what needs doing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import PRINT_CHILDREN, Actor, allowed
from liushou_desktop.gui.pages.common import heading, paragraph


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
    ) -> None:
        """``print_cards`` opens the print dialog on the actor's children; the button is
        shown to those who may print. ``talk_figures`` gives this week's talk figures
        (:class:`~liushou_desktop.domain.talk_status.HomeFigures`); ``open_talks`` opens
        the talks page."""
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

        layout = QVBoxLayout(self)
        layout.addWidget(heading(school_name))
        layout.addLayout(figures)
        layout.addLayout(buttons)
        layout.addWidget(heading(self.tr("This week")))
        self._talk_figures = talk_figures
        self.due = _Figure(self.tr("talks due this week"), self)
        self.overdue = _Figure(self.tr("talks overdue this month"), self)
        self.concerns = _Figure(self.tr("children with an open concern"), self)
        talks = QGridLayout()
        for column, figure in enumerate((self.due, self.overdue, self.concerns)):
            talks.addWidget(figure, 0, column)
        layout.addLayout(talks)
        talks_button = QPushButton(self.tr("Open the talks"), self)
        talks_button.setObjectName("homeOpenTalks")
        if open_talks is not None:
            talks_button.clicked.connect(open_talks)
        talks_button.setVisible(open_talks is not None)
        layout.addWidget(talks_button)
        layout.addWidget(
            paragraph(
                self.tr(
                    "This week's activities and family calls will be listed here once the "
                    "activity page is in use."
                )
            )
        )
        layout.addStretch(1)
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
