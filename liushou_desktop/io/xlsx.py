"""Spreadsheet export with openpyxl: formula injection neutralised, verified after writing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.safe_files import write_atomically

# A cell starting with one of these is run as a formula by Excel/WPS.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | date | datetime | None


def neutralise(value: Any) -> Cell:
    """A value safe to put in a cell: text that would start a formula gets a leading '."""
    if value is None or isinstance(value, int | float | bool | date | datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def write_table(
    path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Path:
    """Write one sheet (header row frozen), then read it back and check it."""
    from openpyxl import Workbook, load_workbook

    def write(partial: Path) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        sheet.append([neutralise(h) for h in headers])
        for row in rows:
            sheet.append([neutralise(v) for v in row])
        workbook.save(partial)

    def verify(written: Path) -> None:
        workbook = load_workbook(written, read_only=True)
        try:
            count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
        if count != len(rows) + 1:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The file {path} could not be read back correctly, so it was deleted. "
                    "Try another folder or USB stick.",
                ),
                {"path": str(written)},
            )

    return write_atomically(path, write, verify)
