"""The roster buttons of the children page: import, import history, export, print, the
selected child's growth record, new school year.

Each button appears only for the roles that may use it. The services and their dialogs
are imported when a button is first pressed, so the main window opens as fast as before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QMenu, QProgressDialog, QPushButton

from liushou_desktop.db.database import Database
from liushou_desktop.domain.permissions import (
    EDIT_CHILD,
    EXPORT_CHILDREN,
    PRINT_CHILDREN,
    START_SCHOOL_YEAR,
    VIEW_CHILD_RECORD,
    Actor,
    allowed,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs

if TYPE_CHECKING:
    from liushou_desktop.domain.roster_import import RosterImportService
    from liushou_desktop.gui.pages.children import ChildrenPage
    from liushou_desktop.gui.print_dialog import PrintDialog


class ExportCancelled(Exception):
    """The user pressed Cancel in the export's progress dialog."""


class RosterActions(QObject):
    """Adds the roster buttons to ``page.actions_row`` and runs them."""

    def __init__(self, page: ChildrenPage, db: Database, actor: Actor) -> None:
        super().__init__(page)
        self._page = page
        self._db = db
        self._actor = actor
        self._import_service: RosterImportService | None = None
        row = page.actions_row
        at = row.count() - 1  # before the stretch
        self.import_button = QPushButton(self.tr("Import roster…"), page)
        self.import_button.setObjectName("importRosterButton")
        self.import_button.setToolTip(
            self.tr("Import the class roster the school keeps (Excel, WPS or CSV)")
        )
        self.import_button.clicked.connect(self.import_roster)
        self.history_button = QPushButton(self.tr("Import history…"), page)
        self.history_button.setObjectName("importHistoryButton")
        self.history_button.clicked.connect(self.show_history)
        self.export_button = QPushButton(self.tr("Export to Excel"), page)
        self.export_button.setObjectName("exportRosterButton")
        menu = QMenu(self.export_button)
        menu.addAction(self.tr("Class roster (花名册)…"), lambda: self.export("roster"))
        menu.addAction(
            self.tr("Registration form columns (登记表)…"), lambda: self.export("register")
        )
        self.export_button.setMenu(menu)
        self.print_button = QPushButton(self.tr("Print"), page)
        self.print_button.setObjectName("printChildrenButton")
        self.print_button.setToolTip(
            self.tr("Contact cards, registration forms, talk record cards or the roster")
        )
        print_menu = QMenu(self.print_button)
        print_menu.addAction(
            self.tr("The children in the list…"), lambda: self.print_children(selected=False)
        )
        print_menu.addAction(
            self.tr("The selected child…"), lambda: self.print_children(selected=True)
        )
        self.print_button.setMenu(print_menu)
        self.growth_button = QPushButton(self.tr("Growth record…"), page)
        self.growth_button.setObjectName("growthRecordButton")
        self.growth_button.setToolTip(
            self.tr("The selected child's growth record: notes, results, awards, letters, photos")
        )
        self.growth_button.clicked.connect(self.open_growth)
        self.school_year_button = QPushButton(self.tr("New school year…"), page)
        self.school_year_button.setObjectName("schoolYearButton")
        self.school_year_button.clicked.connect(self.new_school_year)
        for button, action in (
            (self.import_button, EDIT_CHILD),
            (self.history_button, EDIT_CHILD),
            (self.export_button, EXPORT_CHILDREN),
            (self.print_button, PRINT_CHILDREN),
            (self.growth_button, VIEW_CHILD_RECORD),
            (self.school_year_button, START_SCHOOL_YEAR),
        ):
            button.setVisible(allowed(actor, action))
            row.insertWidget(at, button)
            at += 1

    def import_service(self) -> RosterImportService:
        if self._import_service is None:
            from liushou_desktop.domain.roster_import import RosterImportService

            self._import_service = RosterImportService(self._db)
        return self._import_service

    def import_roster(self) -> None:
        """File picker, then the preview dialog; the list reloads after an import."""
        from liushou_desktop.gui.roster_import_dialog import choose_and_import

        dialog = choose_and_import(self._page, self.import_service(), self._actor)
        if dialog is not None:
            dialog.imported.connect(self._page.refresh)

    def show_history(self) -> None:
        from liushou_desktop.gui.roster_import_dialog import ImportHistoryDialog

        dialog = ImportHistoryDialog(self.import_service(), self._actor, self._page)
        dialog.undone.connect(self._page.refresh)
        dialog.exec()

    def export(self, form: str) -> Path | None:
        """Ask where, write the workbook with a progress dialog, say it was checked."""
        from liushou_desktop.domain.roster_export import RosterExportService

        stem = "留守儿童花名册" if form == "roster" else "留守儿童基本情况登记表"
        target = dialogs.choose_save_file(
            self._page,
            self.tr("Save the workbook"),
            f"{stem}-{date.today():%Y%m%d}.xlsx",
            self.tr("Excel workbook (*.xlsx)"),
        )
        if target is None:
            return None
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        progress = QProgressDialog(
            self.tr("Writing the workbook…"), self.tr("Cancel"), 0, 0, self._page
        )
        progress.setMinimumDuration(500)

        def report(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QCoreApplication.processEvents()
            if progress.wasCanceled():
                raise ExportCancelled()

        try:
            result = RosterExportService(self._db).export(
                self._actor, target, form, progress=report
            )
        except ExportCancelled:
            return None
        except UserError as exc:
            dialogs.show_error(self._page, exc)
            return None
        finally:
            progress.close()
        dialogs.show_info(
            self._page,
            self.tr("Workbook saved"),
            self.tr(
                "{n} children were written to\n{path}\nand the file was read back to check it."
            ).format(n=result.rows, path=result.path),
        )
        return result.path

    def print_children(self, *, selected: bool) -> PrintDialog:
        """The print dialog on the rows the list shows, or on the selected child (the
        list if no row is selected)."""
        from liushou_desktop.domain.print_records import Selection
        from liushou_desktop.gui.print_dialog import open_print_dialog

        model, index = self._page.model, self._page.table.currentIndex()
        if selected and index.isValid():
            row = model.row_at(index.row())
            ids = (row.id,)
            description = f"{row.name}（{row.class_name}）" if row.class_name else row.name
        else:
            ids = tuple(model.row_at(i).id for i in range(model.rowCount()))
            description = self.tr("The {n} children in the list").format(n=len(ids))
        return open_print_dialog(
            self._page,
            self._db,
            self._actor,
            selection=Selection(child_ids=ids),
            description=description,
        )

    def open_growth(self) -> QDialog | None:
        """The selected child's growth record (成长档案); asks to select a child first."""
        from liushou_desktop.gui.growth_dialog import GrowthDialog

        index = self._page.table.currentIndex()
        if not index.isValid():
            dialogs.show_info(
                self._page,
                self.tr("Growth record"),
                self.tr("Select a child in the list first, then press Growth record again."),
            )
            return None
        row = self._page.model.row_at(index.row())
        dialog = GrowthDialog(self._db, self._actor, row.id, parent=self._page)
        dialog.open()
        return dialog

    def new_school_year(self) -> None:
        from liushou_desktop.domain.school_year import SchoolYearService
        from liushou_desktop.gui.school_year_dialog import SchoolYearDialog

        dialog = SchoolYearDialog(
            SchoolYearService(self._db), self._actor, date.today(), self._page
        )
        dialog.exec()
        if dialog.run_result is not None:
            self._page.refresh()
