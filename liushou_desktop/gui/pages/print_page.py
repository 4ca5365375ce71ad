"""打印: every paper the school prints, one big button each, with what it is for.

The children's papers (contact cards, registration forms, talk record cards, the roster)
open the print dialog with that paper chosen; the term's papers (the term plan, a blank
guardian-meeting sign-in sheet, a blank home-visit form) open a preview of the document.
Each button shows only for the roles that may print that paper.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from liushou_desktop.db.database import Database
from liushou_desktop.domain.permissions import (
    PRINT_CHILDREN,
    RECORD_ACTIVITIES,
    VIEW_ACTIVITIES,
    Actor,
    allowed,
)
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import heading, paragraph

BUTTON_STYLE = "font-size: 13pt; font-weight: bold; padding: 8px 18px; text-align: left;"


class PrintPage(QWidget):
    """The print hub. ``today`` gives the PC's calendar day (tests pass a fixed one)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._today = today
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        papers: tuple[tuple[str, str, str, str], ...] = (
            (
                "cards",
                PRINT_CHILDREN,
                self.tr("Contact cards (联系卡)"),
                self.tr("One card per child with the family's and the school's numbers."),
            ),
            (
                "archive",
                PRINT_CHILDREN,
                self.tr("Registration forms (登记表)"),
                self.tr("The official form of each child, one A4 page a child."),
            ),
            (
                "talk-sheet",
                PRINT_CHILDREN,
                self.tr("Talk record cards (谈心记录卡)"),
                self.tr("Filled with the child's details, or blank to write by hand."),
            ),
            (
                "roster",
                PRINT_CHILDREN,
                self.tr("Class roster (花名册)"),
                self.tr("The list of the children of a class or of the school."),
            ),
            (
                "term_plan",
                VIEW_ACTIVITIES,
                self.tr("Term plan (行事历)"),
                self.tr("This term's activities month by month, with what has been done."),
            ),
            (
                "sign_in",
                RECORD_ACTIVITIES,
                self.tr("Guardian meeting sign-in sheet (签到表)"),
                self.tr("A blank sheet; a meeting's own sheet is printed from the activity."),
            ),
            (
                "home_visit",
                RECORD_ACTIVITIES,
                self.tr("Home visit form (家访记录表)"),
                self.tr("A blank form to take along on a home visit."),
            ),
        )
        for row, (key, action, title, explanation) in enumerate(papers):
            button = QPushButton(title, self)
            button.setObjectName(f"print_{key.replace('-', '_')}")
            button.setStyleSheet(BUTTON_STYLE)
            button.clicked.connect(lambda _checked=False, k=key: self.open(k))
            note = QLabel(explanation, self)
            note.setWordWrap(True)
            shown = allowed(actor, action)
            button.setVisible(shown)
            note.setVisible(shown)
            grid.addWidget(button, row, 0)
            grid.addWidget(note, row, 1)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Print")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Choose what to print. You will see a preview first; nothing is printed "
                    "until you press Print."
                )
            )
        )
        layout.addLayout(grid)
        layout.addStretch(1)

    def open(self, key: str) -> Any:
        """Open the print dialog or the preview for ``key``; returns the dialog (or None
        when the term plan has no term to show)."""
        if key in ("cards", "archive", "talk-sheet", "roster"):
            from liushou_desktop.gui.print_dialog import open_print_dialog

            return open_print_dialog(self, self._db, self._actor, kind=key)
        from liushou_desktop.domain.activity_print import ActivityPrintService
        from liushou_desktop.gui.document_preview import preview_and_print
        from liushou_desktop.gui.print_dialog import preview_root

        service = ActivityPrintService(self._db)
        actor = self._actor
        if key == "term_plan":
            from liushou_desktop.domain.activities import ActivityService

            term = ActivityService(self._db).term_for(actor, self._today())
            if term is None:
                dialogs.show_info(
                    self,
                    self.tr("Term plan"),
                    self.tr(
                        "No term is entered in the school calendar yet. Ask the administrator "
                        "to enter the terms (Talks page → School calendar)."
                    ),
                )
                return None
            name = term.name

            def make(path: Path, audit: bool) -> Any:
                return service.term_plan(actor, name, path, audit=audit)

            return preview_and_print(
                self, self.tr("Term plan"), f"行事历-{name}", make, folder=preview_root(self._db)
            )
        if key == "sign_in":

            def make(path: Path, audit: bool) -> Any:
                return service.sign_in_sheet(actor, path, blank=True, audit=audit)

            return preview_and_print(
                self,
                self.tr("Sign-in sheet"),
                "监护人会签到表-空白",
                make,
                folder=preview_root(self._db),
            )

        def make(path: Path, audit: bool) -> Any:
            return service.home_visit_form(actor, path, blank=True, audit=audit)

        return preview_and_print(
            self, self.tr("Home visit form"), "家访记录表-空白", make, folder=preview_root(self._db)
        )
