"""Spreadsheet export with openpyxl: formula injection neutralised, verified after writing.

:func:`write_table` writes a plain table (one sheet, header frozen);
:func:`write_forms` writes forms laid out for printing (花名册, 登记表): a title, a header
of one or more rows with group cells, borders, ID numbers as text, dates as dates.
Both write atomically and read the file back before returning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


def unneutralise(text: str) -> str:
    """The text :func:`neutralise` was given (a roster exported here is read back as written)."""
    if text[:1] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
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


# --- formatted forms (花名册, 登记表) ---------------------------------------------------

TEXT = "text"  # kept as text whatever it looks like ("@"): ID numbers, phones, 学籍号
DATE = "date"  # a real date shown as yyyy-mm-dd
NUMBER = "number"  # a number as written (序号)
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = "DDEBF7"  # light blue, prints as light grey
TITLE_HEIGHT = 30.0  # points
PROGRESS_EVERY = 250  # rows between two progress calls
PAPER_A4 = "9"  # openpyxl Worksheet.PAPERSIZE_A4


@dataclass(frozen=True)
class FormColumn:
    """One column of a printed form.

    ``header`` is the header path from top to bottom: ``("姓名",)`` or, under a group
    cell, ``("父亲", "姓名")``. ``width`` is in characters; ``kind`` is TEXT, DATE or NUMBER.
    """

    header: tuple[str, ...]
    width: float
    kind: str = TEXT


@dataclass(frozen=True)
class FormSheet:
    """One sheet of a form: a title merged across, the header, the rows, a sign-off line.

    Each row holds one value per column (None or "" for an empty cell); text is
    neutralised when written. ``footer`` is written in column A two rows below the data.
    """

    name: str
    title: str
    columns: tuple[FormColumn, ...]
    rows: Sequence[Sequence[Any]]
    footer: str = ""


Progress = Callable[[int, int], None]


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid sheet name for ``text`` (31 characters, no []:*?/\\), unique in ``taken``."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "Sheet"
    name = cleaned[:31]
    n = 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f"({n})"
        name = cleaned[: 31 - len(suffix)] + suffix
    taken.add(name)
    return name


Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


def header_rows(columns: Sequence[FormColumn]) -> tuple[list[list[str]], list[Merge]]:
    """The header as rows of texts, and its merged ranges counted within the header.

    A group cell (父亲) spans the run of columns under it; a header with fewer parts
    than the header has rows (姓名) spans the rows below its last part.
    """
    depth = max(len(c.header) for c in columns)
    rows = [[""] * len(columns) for _ in range(depth)]
    merges: list[Merge] = []
    col = 0
    while col < len(columns):
        header = columns[col].header
        if len(header) < depth:  # 姓名 over both rows (a deeper part fills the last row)
            for level, part in enumerate(header[:-1]):
                rows[level][col] = part
            rows[len(header) - 1][col] = header[-1]
            if depth > len(header):
                merges.append((len(header), col + 1, depth, col + 1))
            col += 1
            continue
        end = col
        while (
            depth > 1
            and end + 1 < len(columns)
            and len(columns[end + 1].header) == depth
            and columns[end + 1].header[:-1] == header[:-1]
        ):
            end += 1
        for level, part in enumerate(header[:-1]):
            rows[level][col] = part
        if end > col:
            merges.extend((level + 1, col + 1, level + 1, end + 1) for level in range(depth - 1))
        for k in range(col, end + 1):
            rows[depth - 1][k] = columns[k].header[-1]
        col = end + 1
    return rows, merges


def write_forms(path: Path, sheets: Sequence[FormSheet], progress: Progress | None = None) -> Path:
    """Write ``sheets`` as one workbook laid out for printing, then read it back and check
    every cell; on any failure nothing is left at ``path``.

    Each sheet: the title merged across the columns, a bold filled header (several rows
    when columns have group cells) frozen below the title and repeated on each printed
    page, thin borders, the column widths, text columns as text cells ("@") so that Excel
    keeps all 18 digits of an ID number, dates as dates (yyyy-mm-dd), landscape, fit to
    the page width. Built in memory with openpyxl (a few hundred bytes a cell).
    """
    total = sum(len(sheet.rows) for sheet in sheets)

    def write(partial: Path) -> None:
        _write_forms(partial, sheets, total, progress)

    def verify(written: Path) -> None:
        _verify_forms(written, sheets)

    try:
        result = write_atomically(path, write, verify)
    except OSError as error:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Cannot write the file {path}: {reason}. Close it if it is open in Excel or "
                "WPS, or choose another folder.",
            ),
            {"path": str(path), "reason": error.strerror or str(error)},
        ) from error
    if progress is not None:
        progress(total, total)
    return result


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "bold": Font(bold=True),
        "title_font": Font(bold=True, size=16),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "middle": Alignment(vertical="center"),
    }


def _template(sheet: Any, styles: dict[str, Any], kind: str) -> Any:
    """A styled cell whose style is copied to every cell of its kind (cheap)."""
    from openpyxl.cell import Cell

    cell = Cell(sheet)
    cell.border = styles["border"]
    cell.alignment = styles["middle"]
    cell.number_format = {TEXT: TEXT_FORMAT, DATE: DATE_FORMAT}.get(kind, "General")
    return cell


def _write_forms(
    partial: Path, sheets: Sequence[FormSheet], total: int, progress: Progress | None
) -> None:
    """Build the workbook in memory and save it.

    Cells are made with their style arrays and appended as cells: openpyxl's
    write-only mode binds each appended cell as a value first and fails over on an
    exception, which made it three times slower here.
    """
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = _styles()
    done = 0
    for form in sheets:
        sheet = workbook.create_sheet(form.name)
        last = get_column_letter(len(form.columns))
        texts, merges = header_rows(form.columns)
        depth = len(texts)
        for index, column in enumerate(form.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = f"A{depth + 2}"
        sheet.print_title_rows = f"2:{depth + 1}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = PAPER_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.print_options.horizontalCentered = True
        sheet.row_dimensions[1].height = TITLE_HEIGHT
        title = Cell(sheet, value=neutralise(form.title))
        title.font = styles["title_font"]
        title.alignment = styles["center"]
        sheet.append([title])
        header_style = Cell(sheet)
        header_style.font = styles["bold"]
        header_style.fill = styles["fill"]
        header_style.border = styles["border"]
        header_style.alignment = styles["center"]
        for texts_row in texts:
            sheet.append(
                [
                    Cell(sheet, value=neutralise(t) or None, style_array=header_style._style)
                    for t in texts_row
                ]
            )
        templates = [_template(sheet, styles, c.kind)._style for c in form.columns]
        for values in form.rows:
            cells = []
            for value, style in zip(values, templates, strict=True):
                cell = Cell(sheet, style_array=style)  # copies the style array
                if value is not None and value != "":
                    cell.value = neutralise(value)
                cells.append(cell)
            sheet.append(cells)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
        if form.footer:
            sheet.append([])
            sheet.append([neutralise(form.footer)])
        sheet.merge_cells(f"A1:{last}1")
        for row1, col1, row2, col2 in merges:
            sheet.merge_cells(
                start_row=row1 + 1, start_column=col1, end_row=row2 + 1, end_column=col2
            )
    workbook.save(partial)


def _cell_matches(written: Any, read: Any) -> bool:
    """Whether a value read back (python-calamine) is the value written."""
    if written is None or written == "":
        return read is None or read == ""
    if isinstance(written, datetime):
        return isinstance(read, datetime) and read == written
    if isinstance(written, date):
        value = read.date() if isinstance(read, datetime) else read
        return isinstance(value, date) and value == written
    if isinstance(written, bool):
        return read == written
    if isinstance(written, int | float):
        return isinstance(read, int | float) and float(read) == float(written)
    return isinstance(read, str) and read == neutralise(written)


def _verify_forms(written: Path, sheets: Sequence[FormSheet]) -> None:
    """Read every sheet back and compare each data cell with what was meant to be there."""
    import python_calamine as calamine

    try:
        with written.open("rb") as handle:
            workbook = calamine.CalamineWorkbook.from_filelike(handle)
            with workbook:
                names = workbook.sheet_names
                ok = names == [sheet.name for sheet in sheets]
                for form in sheets if ok else ():
                    grid = workbook.get_sheet_by_name(form.name).to_python(skip_empty_area=False)
                    top = 1 + max(len(c.header) for c in form.columns)
                    body = grid[top : top + len(form.rows)]
                    ok = len(body) == len(form.rows) and all(
                        all(_cell_matches(w, r) for w, r in zip(values, got, strict=False))
                        and len(got) >= len(values)
                        for values, got in zip(form.rows, body, strict=True)
                    )
                    if not ok:
                        break
    except (OSError, calamine.CalamineError):
        ok = False
    if not ok:
        _unreadable(written)


def _unreadable(path: Path) -> None:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The file {path} could not be read back correctly, so it was deleted. "
            "Try another folder or USB stick.",
        ),
        {"path": str(path)},
    )
