"""The error workbook: a roster's rejected rows, to fix and import again.

:func:`write_error_workbook` writes, from an import's
:class:`~liushou_desktop.domain.roster_import.ImportReport`:

* a first sheet "说明" listing sheet, row, column and reason of every rejected row and
  every warning (the importer finds no roster header on it, so it is ignored when the
  workbook is imported again);
* for each source sheet with rejected rows, a sheet of the same name with the source's
  recognised columns (header texts the importer maps back to the same fields), the
  rejected rows' cells as the file held them (ID numbers as text cells, never numbers;
  dates as written) and a last column "错误原因" that the importer does not read.

Text that would start a formula is neutralised; the file is written atomically and read
back to check it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.roster_headers import field_for_text
from liushou_desktop.io.roster_read import RosterColumn
from liushou_desktop.io.xlsx import neutralise
from liushou_desktop.safe_files import write_atomically

if TYPE_CHECKING:
    from liushou_desktop.domain.roster_import import ImportProblem, ImportReport

NOTES_SHEET = "说明"
REASON_HEADER = "错误原因"
NOTES_HEADERS = ("工作表", "行号", "列", "级别", "原因")
SEVERITY_WORDS = {"error": "未导入", "warning": "提示"}
REASON_JOINER = "；"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"


def write_error_workbook(
    report: ImportReport,
    path: Path,
    source: Path,
    render: Callable[[ImportProblem], str] | None = None,
) -> Path:
    """Write the rejected rows of ``report`` (read from ``source``) to ``path``.

    ``render`` gives a problem's message in the user's language (default: as reported).
    """
    say = render or (lambda problem: problem.message)
    by_row: dict[tuple[str, int], list[ImportProblem]] = {}
    for problem in report.errors:
        by_row.setdefault((problem.sheet, problem.row), []).append(problem)
    letters = {
        (sheet, column.header): column.letter
        for sheet, columns in report.columns.items()
        for column in columns
    }
    notes = [
        [p.sheet, p.row, _where(p, letters), SEVERITY_WORDS.get(p.severity, p.severity), say(p)]
        for p in report.errors
    ]
    sheets: dict[str, list[list[Any]]] = {}
    for rejected in report.rejected_rows:
        columns = report.columns.get(rejected.sheet, ())
        problems = by_row.get((rejected.sheet, rejected.row), [])
        reason = REASON_JOINER.join(_reason(p, say(p)) for p in problems)
        cells = [_cell(c.field, rejected.values.get(c.field)) for c in columns]
        sheets.setdefault(rejected.sheet, []).append([*cells, reason])
    headers = {
        name: [*(_header(c) for c in report.columns.get(name, ())), REASON_HEADER]
        for name in sheets
    }
    title = (
        f"{source.name}：未导入的行和提示。改正后可再次导入本文件（本页和“错误原因”列不会导入）。"
    )

    def write(partial: Path) -> None:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        notes_sheet = workbook.create_sheet(NOTES_SHEET)
        notes_sheet.append([neutralise(title)])
        notes_sheet.append(list(NOTES_HEADERS))
        for line in notes:
            notes_sheet.append([neutralise(v) for v in line])
        used = {NOTES_SHEET}
        for name, rows in sheets.items():
            sheet = workbook.create_sheet(_sheet_name(name, used))
            sheet.freeze_panes = "A2"
            sheet.append([neutralise(h) for h in headers[name]])
            for row in rows:
                sheet.append([_write_cell(sheet, v) for v in row])
        workbook.save(partial)

    def verify(written: Path) -> None:
        from openpyxl import load_workbook

        expected = [len(notes) + 2, *(len(rows) + 1 for rows in sheets.values())]
        workbook = load_workbook(written, read_only=True)
        try:
            found = [sum(1 for _ in ws.iter_rows(values_only=True)) for ws in workbook]
        finally:
            workbook.close()
        if found != expected:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The file {path} could not be read back correctly, so it was deleted. "
                    "Try another folder or USB stick.",
                ),
                {"path": str(written)},
            )

    return write_atomically(Path(path), write, verify)


def _where(problem: ImportProblem, letters: dict[tuple[str, str], str]) -> str:
    """ "C列 身份证号": with its letter, a column name alone never reads as a header."""
    letter = letters.get((problem.sheet, problem.column))
    return f"{letter}列 {problem.column}" if letter and problem.column else problem.column


def _reason(problem: ImportProblem, message: str) -> str:
    return f"{problem.column}：{message}" if problem.column else message


def _header(column: RosterColumn) -> str:
    """The column's header as one cell the importer maps back to the same field."""
    text = column.header.replace(" / ", "")  # 父亲 / 电话 -> 父亲电话
    if field_for_text(text) == column.field:
        return text
    if field_for_text(column.header) == column.field:
        return column.header
    return column.field  # the canonical name is a header too


def _cell(field: str, value: Any) -> Any:
    """A raw value as it goes back into a cell: IDs as text, times as text."""
    if value is None:
        return None
    if (
        field.endswith("id_number")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return _number_text(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    if isinstance(value, time | timedelta):
        return str(value)
    return value


def _number_text(value: float) -> str:
    """An ID read as a number, as Excel shows it: its 15 significant digits, then zeros
    (the teacher sees the lost digits and types the number from the card)."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(f"{value:.15g}"), "f") if value.is_integer() else str(value)


def _write_cell(sheet: Any, value: Any) -> Any:
    """A write-only cell: text stays text (format @), dates get a date format."""
    from openpyxl.cell import WriteOnlyCell

    value = neutralise(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = TEXT_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _sheet_name(name: str, used: set[str]) -> str:
    """The source sheet's name, made unique (Excel: at most 31 characters)."""
    candidate, n = name[:31], 1
    while candidate in used:
        n += 1
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
    used.add(candidate)
    return candidate


__all__: Sequence[str] = ("NOTES_SHEET", "REASON_HEADER", "write_error_workbook")
