"""Opening a roster file: its kind and its sheets as grids of cells, or a clear UserError.

:func:`open_sheets` checks a teacher's file and gives its sheets one at a time, each
as python-calamine (``.xlsx`` / ``.xlsm`` / ``.xls``) or the csv module (``.csv``:
UTF-8, UTF-8 with BOM, UTF-16 with BOM or GBK/GB18030; the delimiter is sniffed)
read it: :class:`Grid`. Finding the header and reading the rows is
:mod:`liushou_desktop.io.roster_read`'s job.

What the file kind is comes from its first bytes, not its name: a zip with an ``xl/``
folder is a workbook, an OLE2 compound file is a legacy ``.xls`` or, when it
holds an ``EncryptedPackage`` stream, a password-protected workbook.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

# Sheet XML may unpack to this many times max_bytes; more is a zip bomb or far too much data.
MAX_EXPANSION = 20
# A sheet may hold max_rows times this many cells (its used area, read as a rectangle).
MAX_CELLS_PER_ROW = 50

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_DELIMITERS = (",", "\t", ";", "|")
CSV_SNIFF_LINES = 50


@dataclass
class Grid:
    """One sheet as the reader gave it: rows of cells from A1, merged ranges (0-based)."""

    name: str
    rows: Sequence[Sequence[Any]]
    merges: Sequence[tuple[int, int, int, int]] = ()
    hidden: bool = False


Grids = Generator[Grid, None, None]
"""The sheets of a file, each read when asked for; closing it closes the file."""


def open_sheets(path: Path, max_rows: int, max_bytes: int) -> tuple[str, Grids]:
    """The kind of ``path`` ("xlsx", "xls" or "csv") and its sheets, read one at a time.

    Raises UserError for a missing, unreadable, too large, damaged or password-protected
    file, or one that is no spreadsheet; reading the sheets raises it for more than
    ``max_rows`` rows in the file or far too many cells.
    """
    _check_size(path, max_bytes)
    return _open(path, _first_bytes(path), max_rows, max_bytes)


# --- errors ----------------------------------------------------------------------------


def _not_found(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The file {file} was not found. If it is on a USB stick, check that the stick "
            "is plugged in, then choose the file again.",
        ),
        {"file": str(path)},
    )


def _cannot_open(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The file {file} could not be opened. If it is open in Excel or WPS, close it "
            "there, then try again.",
        ),
        {"file": str(path)},
    )


def _not_a_spreadsheet(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The file {file} is not a spreadsheet that can be imported. Open it in Excel or "
            "WPS, save it as an Excel workbook (.xlsx), then import that file.",
        ),
        {"file": path.name},
    )


def _damaged(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The spreadsheet {file} could not be read; it may be damaged. Open it in Excel "
            "or WPS, save it again as an Excel workbook (.xlsx), then import that file.",
        ),
        {"file": path.name},
    )


def _password_protected(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The spreadsheet {file} is protected with a password. Open it in Excel or WPS, "
            "save a copy without the password, then import the copy.",
        ),
        {"file": path.name},
    )


def _too_large(path: Path, size: int, max_bytes: int) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The file {file} is too large to import ({size_mb} MB; at most {max_mb} MB). "
            "Split the roster into smaller files, for example one per grade, and import "
            "them one after another.",
        ),
        {"file": path.name, "size_mb": _megabytes(size), "max_mb": _megabytes(max_bytes)},
    )


def _too_much_data(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The spreadsheet {file} holds too much data to import. Delete unused rows and "
            "columns at the edges of each sheet, or split the roster into smaller files, "
            "then import again.",
        ),
        {"file": path.name},
    )


def _too_many_rows(path: Path, max_rows: int) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The file {file} has more than {max_rows} rows. Delete unused rows at the bottom "
            "of each sheet, or split the roster into smaller files, then import again.",
        ),
        {"file": path.name, "max_rows": max_rows},
    )


def _unknown_encoding(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The text file {file} is in an encoding that cannot be read. Open it in Excel "
            "or WPS, save it as an Excel workbook (.xlsx), then import that file.",
        ),
        {"file": path.name},
    )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0")


# --- opening the file ------------------------------------------------------------------


def _check_size(path: Path, max_bytes: int) -> None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        _not_found(path)
    except OSError:
        _cannot_open(path)
    if not path.is_file():
        _not_found(path)
    if stat.st_size > max_bytes:
        _too_large(path, stat.st_size, max_bytes)


def _first_bytes(path: Path, count: int = 8) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(count)
    except OSError:
        _cannot_open(path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        _cannot_open(path)


def _open(path: Path, head: bytes, max_rows: int, max_bytes: int) -> tuple[str, Grids]:
    """The file's kind and its sheets, read one at a time."""
    if head.startswith(ZIP_MAGIC):
        _check_workbook_zip(path, max_bytes)
        return "xlsx", _Workbook(path, max_rows, encrypted_if_unreadable=False).grids()
    if head.startswith(OLE_MAGIC):
        data = _read_bytes(path)
        if "EncryptedPackage".encode("utf-16-le") in data:
            _password_protected(path)
        if any(name.encode("utf-16-le") in data for name in ("WordDocument", "PowerPoint")):
            _not_a_spreadsheet(path)
        encrypted = path.suffix.lower() in WORKBOOK_SUFFIXES  # a real .xlsx is a zip
        return "xls", _Workbook(path, max_rows, encrypted_if_unreadable=encrypted).grids()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "csv", _csv_grids(path, max_rows)
    _not_a_spreadsheet(path)


def _check_workbook_zip(path: Path, max_bytes: int) -> None:
    """A zip that is an Excel workbook and does not unpack to far too much data."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError):
        _damaged(path)  # a zip's first bytes but no zip: cut short, e.g. by a pulled stick
    except OSError:
        _cannot_open(path)
    if not any(info.filename.startswith("xl/") for info in infos):
        _not_a_spreadsheet(path)  # a .docx (word/), .pptx (ppt/), .ods, or any other zip
    unpacked = sum(
        info.file_size
        for info in infos
        if info.filename.startswith("xl/worksheets/") or info.filename == "xl/sharedStrings.xml"
    )
    if unpacked > MAX_EXPANSION * max_bytes:
        _too_much_data(path)


# --- workbooks (python-calamine) -------------------------------------------------------


class _Workbook:
    """An .xlsx / .xlsm / .xls read with python-calamine, sheet by sheet.

    The format comes from the file's bytes, not its name, so a .xls renamed .xlsx is read
    all the same. ``encrypted_if_unreadable``: an OLE2 file named .xlsx that is no legacy
    workbook either is an encrypted one.
    """

    def __init__(self, path: Path, max_rows: int, *, encrypted_if_unreadable: bool) -> None:
        self.path = path
        self.max_rows = max_rows
        self.encrypted_if_unreadable = encrypted_if_unreadable

    def _fail(self, error: Exception) -> NoReturn:
        import python_calamine as calamine

        if isinstance(error, calamine.PasswordError) or self.encrypted_if_unreadable:
            _password_protected(self.path)
        _damaged(self.path)

    def grids(self) -> Grids:
        import python_calamine as calamine

        try:
            file = self.path.open("rb")
        except OSError:
            _cannot_open(self.path)
        with file:
            try:
                workbook = calamine.CalamineWorkbook.from_filelike(file)
                metadata = workbook.sheets_metadata
            except calamine.CalamineError as error:
                self._fail(error)
            with workbook:
                total = 0
                for meta in metadata:
                    grid = self._grid(workbook, meta, total)
                    total += len(grid.rows)
                    yield grid

    def _grid(self, workbook: Any, meta: Any, rows_before: int) -> Grid:
        """One sheet; a chart sheet has no cells."""
        import python_calamine as calamine

        hidden = meta.visible != calamine.SheetVisibleEnum.Visible
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            return Grid(meta.name, (), (), hidden)
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            height, width = (0, 0) if sheet.end is None else (sheet.end[0] + 1, sheet.end[1] + 1)
            if rows_before + height > self.max_rows:
                _too_many_rows(self.path, self.max_rows)
            if height * width > self.max_rows * MAX_CELLS_PER_ROW:
                _too_much_data(self.path)  # e.g. a stray cell in column XFD
            rows = sheet.to_python(skip_empty_area=False)
            merges = sheet.merged_cell_ranges or ()
        except calamine.CalamineError as error:
            self._fail(error)
        return Grid(meta.name, rows, [(a, b, c, d) for (a, b), (c, d) in merges], hidden)


# --- text files (csv) ------------------------------------------------------------------


def _csv_grids(path: Path, max_rows: int) -> Grids:
    yield _csv_grid(path, _read_bytes(path), max_rows)


def _csv_grid(path: Path, data: bytes, max_rows: int) -> Grid:
    """A CSV file as one sheet named like the file, as Excel shows it."""
    text = _decode(path, data)
    if "\x00" in text:
        _not_a_spreadsheet(path)
    rows: list[list[str]] = []
    try:
        delimiter = _sniff_delimiter(text)
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(record)
            if len(rows) > max_rows:
                _too_many_rows(path, max_rows)
    except csv.Error:
        _not_a_spreadsheet(path)
    return Grid(path.stem, rows)


def _decode(path: Path, data: bytes) -> str:
    """Text by its BOM, else UTF-8, else GB18030 (a superset of GBK, Excel's CSV in China)."""
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        if b"\x00" in data:
            _not_a_spreadsheet(path)
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    _unknown_encoding(path)


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits most of the first lines into the same number of fields."""
    sample = "\n".join(text.splitlines()[:CSV_SNIFF_LINES])
    best, best_score = CSV_DELIMITERS[0], 0
    for delimiter in CSV_DELIMITERS:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        counts: dict[int, int] = {}
        for width in widths:
            if width > 1:
                counts[width] = counts.get(width, 0) + 1
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best
