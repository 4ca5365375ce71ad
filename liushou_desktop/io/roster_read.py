"""Reading a school's roster file (花名册) into located raw rows: the import's first step.

:func:`read_roster` opens a teacher's ``.xlsx`` / ``.xlsm`` / ``.xls`` (python-calamine)
or ``.csv`` (UTF-8, UTF-8 with BOM, UTF-16 with BOM or GBK/GB18030; the delimiter is
sniffed), finds each sheet's header row, maps its columns to canonical fields
(:mod:`liushou_desktop.io.roster_headers`) and returns every data row with each value
exactly as the file holds it (an ID typed as a number stays a number; a date cell is a
``datetime``) and the Excel cell it came from. Validation is the next step's job.

What the file kind is comes from its first bytes, not its name: a zip with an ``xl/``
folder is a workbook, an OLE2 compound file is a legacy ``.xls`` or, when it
holds an ``EncryptedPackage`` stream, a password-protected workbook.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.roster_headers import (
    EXAMPLE_HEADERS,
    REQUIRED_FIELD,
    REQUIRED_HEADER,
    field_for,
    field_for_text,
    header_parts,
    is_group,
)

RawValue = str | int | float | bool | datetime | time | timedelta | None

DEFAULT_MAX_ROWS = 300_000
DEFAULT_MAX_BYTES = 50 * 2**20
HEADER_SCAN_ROWS = 15  # the header row is looked for in this many rows at the top
MAX_HEADER_ROWS = 3  # a group row (父亲), its cells (务工地点), their cells (省, 市)
LARGEST_SERIAL = 99_999  # a lone integer up to this in the first column is a serial number
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
# A row whose first text starts with one of these (spaces removed) is a footer, not a child.
FOOTER_PREFIXES = (
    "合计", "总计", "小计", "共计", "总人数", "人数合计", "填表人", "填报人", "制表人", "审核人",
    "复核人", "负责人", "单位负责人", "校长", "联系人", "填表日期", "填报日期", "制表日期",
    "填表时间", "日期", "注:", "注1", "说明", "备注:",
)  # fmt: skip
FOOTER_WORDS = ("盖章", "签字", "签名")


@dataclass(frozen=True)
class RosterColumn:
    """A recognised column: its field, header text as written, 1-based index and letter."""

    field: str
    header: str
    index: int
    letter: str


@dataclass(frozen=True)
class RawRow:
    """One data row: field -> raw value, and field -> Excel cell reference such as "C7".

    A value carried down from a merged cell above has the merged cell's reference.
    """

    sheet: str
    row: int
    values: Mapping[str, RawValue]
    cells: Mapping[str, str]


@dataclass(frozen=True)
class RosterSheet:
    """A sheet with a roster header.

    ``header_row`` is the first row of the header (1-based); ``header_rows`` how many rows
    it spans. ``unknown_columns`` are header texts that name no field; a column naming a
    field that an earlier column already has is in ``duplicate_columns`` and not read.
    """

    name: str
    header_row: int
    columns: tuple[RosterColumn, ...]
    unknown_columns: tuple[str, ...]
    rows: tuple[RawRow, ...]
    header_rows: int = 1
    duplicate_columns: tuple[RosterColumn, ...] = ()
    hidden: bool = False


@dataclass(frozen=True)
class RosterFile:
    """What a roster file holds: the sheets with a header, and the names of the others."""

    path: Path
    kind: str  # "xlsx", "xls" or "csv"
    sheets: tuple[RosterSheet, ...]
    ignored_sheets: tuple[str, ...]


@dataclass
class _Grid:
    """One sheet as the reader gave it: rows of cells from A1, merged ranges (0-based)."""

    name: str
    rows: Sequence[Sequence[Any]]
    merges: Sequence[tuple[int, int, int, int]] = ()
    hidden: bool = False


_Grids = Generator[_Grid, None, None]


@dataclass
class _Header:
    """The header found on a sheet: first row and row count (0-based), columns."""

    top: int
    height: int
    columns: list[RosterColumn] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    duplicates: list[RosterColumn] = field(default_factory=list)
    name_texts: set[str] = field(default_factory=set)  # the name column's header texts


def read_roster(
    path: Path, *, max_rows: int = DEFAULT_MAX_ROWS, max_bytes: int = DEFAULT_MAX_BYTES
) -> RosterFile:
    """Read every sheet of ``path`` that has a roster header; raise UserError if none has."""
    path = Path(path)
    _check_size(path, max_bytes)
    kind, grids = _open(path, _first_bytes(path), max_rows, max_bytes)
    sheets: list[RosterSheet] = []
    ignored: list[str] = []
    with closing(grids):  # the workbook's file is closed whatever happens
        for grid in grids:
            sheet = _read_sheet(grid)
            if sheet is None:
                ignored.append(grid.name)
            else:
                sheets.append(sheet)
    if not sheets:
        _no_header(path)
    return RosterFile(path, kind, tuple(sheets), tuple(ignored))


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


def _no_header(path: Path) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "No sheet in {file} has a header row with the children's names. Within the "
            "first {rows} rows of the sheet, put a header row with the column {required} "
            "and at least one more column such as {examples}, then import again.",
        ),
        {
            "file": path.name,
            "rows": HEADER_SCAN_ROWS,
            "required": REQUIRED_HEADER,
            "examples": "、".join(EXAMPLE_HEADERS),
        },
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


def _open(path: Path, head: bytes, max_rows: int, max_bytes: int) -> tuple[str, _Grids]:
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

    def grids(self) -> _Grids:
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

    def _grid(self, workbook: Any, meta: Any, rows_before: int) -> _Grid:
        """One sheet; a chart sheet has no cells."""
        import python_calamine as calamine

        hidden = meta.visible != calamine.SheetVisibleEnum.Visible
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            return _Grid(meta.name, (), (), hidden)
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
        return _Grid(meta.name, rows, [(a, b, c, d) for (a, b), (c, d) in merges], hidden)


# --- text files (csv) ------------------------------------------------------------------


def _csv_grids(path: Path, max_rows: int) -> _Grids:
    yield _csv_grid(path, _read_bytes(path), max_rows)


def _csv_grid(path: Path, data: bytes, max_rows: int) -> _Grid:
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
    return _Grid(path.stem, rows)


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


# --- finding the header ----------------------------------------------------------------


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _header_area(grid: _Grid) -> list[list[str]]:
    """The top rows' texts, each merged cell's text copied into every cell it covers."""
    area = [[_text(v) for v in row] for row in grid.rows[: HEADER_SCAN_ROWS + MAX_HEADER_ROWS]]
    for r1, c1, r2, c2 in grid.merges:
        if r1 >= len(area) or c1 >= len(area[r1]):
            continue
        value = area[r1][c1]
        for r in range(r1, min(r2, len(area) - 1) + 1):
            if len(area[r]) <= c2:
                area[r].extend([""] * (c2 + 1 - len(area[r])))
            area[r][c1 : c2 + 1] = [value] * (c2 + 1 - c1)
    return area


def _cell_field(text: str) -> str | None:
    return field_for_text(text) if text else None


def _is_header_row(texts: Sequence[str]) -> bool:
    """At least two recognised fields, one of them the child's name."""
    fields = {_cell_field(t) for t in texts} - {None}
    return REQUIRED_FIELD in fields and len(fields) >= 2


def _is_group_text(text: str) -> bool:
    parts = header_parts(text) if text else ()
    return len(parts) == 1 and is_group(parts[0])


def _carry_groups(upper: Sequence[str], lower: Sequence[str]) -> list[str]:
    """``upper`` with each group text (父亲) carried right over the empty cells above ``lower``'s
    texts: a two-row header saved without merged cells (CSV) reads "父亲,," over "姓名,电话"."""
    carried = list(upper) + [""] * max(0, len(lower) - len(upper))
    group = ""
    for c, text in enumerate(carried):
        if text:
            group = text if _is_group_text(text) else ""
        elif group and c < len(lower) and lower[c]:
            carried[c] = group
        else:
            group = ""
    return carried


def _column_parts(rows: Sequence[Sequence[str]], c: int) -> list[str]:
    return [p for row in rows if c < len(row) and row[c] for p in header_parts(row[c])]


def _completes(upper: Sequence[Sequence[str]], lower: Sequence[str]) -> bool:
    """Whether ``lower`` names some attribute of a person that ``upper`` groups (父亲 / 电话)."""
    for c, text in enumerate(lower):
        parts = header_parts(text) if text else ()
        if not parts or any(is_group(p) for p in parts):
            continue
        above = _column_parts(upper, c)
        if any(is_group(p) for p in above) and field_for([*above, *parts]) is not None:
            return True
    return False


def _header_rows(area: list[list[str]], top: int) -> tuple[int, list[list[str]]]:
    """The first row (0-based) and the rows of texts, groups carried, of the header that
    has ``top``: with a group row (父亲) above it and rows below naming the groups' cells."""
    rows = [area[top]]
    if top > 0:
        above = _carry_groups(area[top - 1], area[top])
        if _completes([above], area[top]):
            rows.insert(0, above)
            top -= 1
    while len(rows) < MAX_HEADER_ROWS and top + len(rows) < len(area):
        lower = area[top + len(rows)]
        upper = [*rows[:-1], _carry_groups(rows[-1], lower)]
        if _completes(upper, lower):
            rows = [*upper, lower]
        elif _groups_under_sections(upper, lower) and len(rows) + 2 <= MAX_HEADER_ROWS:
            below = area[top + len(rows) + 1] if top + len(rows) + 1 < len(area) else []
            grouped = [*upper, _carry_groups(lower, below)]
            if not _completes(grouped, below):
                break
            rows = [*grouped, below]
        else:
            break
    return top, rows


def _groups_under_sections(upper: Sequence[Sequence[str]], lower: Sequence[str]) -> bool:
    """Whether ``lower`` puts group cells (父亲) under a section cell (家庭情况) that names no
    field: the groups' own cells are then one row further down."""
    return any(
        _is_group_text(text) and field_for(_column_parts(upper, c)) is None
        for c, text in enumerate(lower)
    )


def _column_header(rows: Sequence[Sequence[str]], c: int) -> str:
    """A column's header as written: "姓名", or "父亲 / 电话" across header rows."""
    texts: list[str] = []
    for row in rows:
        text = row[c] if c < len(row) else ""
        if text and (not texts or header_parts(texts[-1]) != header_parts(text)):
            texts.append(text)
    return " / ".join(texts)


def _header(grid: _Grid) -> _Header | None:
    """The first header in the top rows that gives a column for the child's name."""
    area = _header_area(grid)
    for r in range(min(HEADER_SCAN_ROWS, len(area))):
        if _is_header_row(area[r]):
            header = _columns(*_header_rows(area, r))
            if any(column.field == REQUIRED_FIELD for column in header.columns):
                return header
    return None


def _columns(top: int, rows: list[list[str]]) -> _Header:
    """Each column's field, or its header text when it names none."""
    header = _Header(top, len(rows))
    seen: set[str] = set()
    for c in range(max(len(row) for row in rows)):
        text = _column_header(rows, c)
        if not text:
            continue
        name = field_for(_column_parts(rows, c))
        if name is None:
            header.unknown.append(text)
            continue
        column = RosterColumn(name, text, c + 1, column_letter(c + 1))
        if name == REQUIRED_FIELD and name not in seen:
            header.name_texts = {row[c] for row in rows if c < len(row) and row[c]}
        (header.duplicates if name in seen else header.columns).append(column)
        seen.add(name)
    return header


def column_letter(index: int) -> str:
    """Excel's letters for a 1-based column index: 1 -> "A", 27 -> "AA"."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- reading the rows ------------------------------------------------------------------


def _read_sheet(grid: _Grid) -> RosterSheet | None:
    header = _header(grid)
    if header is None:
        return None
    rows = _RowReader(grid, header).rows()
    return RosterSheet(
        name=grid.name,
        header_row=header.top + 1,
        columns=tuple(header.columns),
        unknown_columns=tuple(header.unknown),
        rows=tuple(rows),
        header_rows=header.height,
        duplicate_columns=tuple(header.duplicates),
        hidden=grid.hidden,
    )


def _blank(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _raw(value: Any) -> RawValue:
    """The value as the reader gave it; an empty cell is None, a whole-day date a datetime."""
    if value.__class__ is str:
        return value or None
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


def _as_int(value: Any) -> int | None:
    """The integer a cell holds (1, 1.0 or "1"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _column_numbers(values: Sequence[Any]) -> bool:
    """A row 1, 2, 3 ... under the header numbering the columns."""
    numbers = [n for n in map(_as_int, values) if n is not None]
    if len(numbers) < 3 or len(numbers) != len(values):
        return False
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _is_footer(cells: Sequence[Any]) -> bool:
    """A 合计 / 填表人： / 注： row: its first text starts with a footer word."""
    first = next((v for v in cells if isinstance(v, str) and v.strip()), None)
    if first is None:
        return False
    text = "".join(unicodedata.normalize("NFKC", first).split())
    return text.startswith(FOOTER_PREFIXES) or any(w in text for w in FOOTER_WORDS)


class _RowReader:
    """Turns a sheet's data rows into RawRows, skipping what is not a child."""

    def __init__(self, grid: _Grid, header: _Header) -> None:
        self.grid = grid
        self.start = header.top + header.height
        self.fields = [column.field for column in header.columns]
        self.indexes = [column.index - 1 for column in header.columns]
        self.letters = [column.letter for column in header.columns]
        self.width = max(self.indexes) + 1
        self.name_at = self.fields.index(REQUIRED_FIELD)
        self.first_at = self.indexes.index(min(self.indexes))
        self.serial_at = self.fields.index("serial") if "serial" in self.fields else -1
        self.header_names = header.name_texts
        self.fills = self._merge_fills()
        self.columns = dict(zip(self.fields, self.letters, strict=True))

    def _merge_fills(self) -> dict[tuple[int, int], int]:
        """(row, column) covered by a merged data cell -> the row holding its value."""
        fills: dict[tuple[int, int], int] = {}
        last = len(self.grid.rows) - 1
        for r1, c1, r2, _c2 in self.grid.merges:
            if r1 >= self.start and r2 > r1:
                for r in range(r1 + 1, min(r2, last) + 1):
                    fills[(r, c1)] = r1
        return fills

    def _values(self, r: int) -> list[Any]:
        cells = self.grid.rows[r]
        if len(cells) < self.width:
            cells = [*cells, *([None] * (self.width - len(cells)))]
        return [cells[c] for c in self.indexes]

    def rows(self) -> list[RawRow]:
        rows: list[RawRow] = []
        after_footer = False
        for r in range(self.start, len(self.grid.rows)):
            if _is_footer(self.grid.rows[r]):
                after_footer = True
                continue
            values = self._values(r)
            if not self._skipped(r, values, after_footer):
                rows.append(self._row(r, values))
        return rows

    def _skipped(self, r: int, values: list[Any], after_footer: bool) -> bool:
        """Blank, serial number only, a repeated header, column numbers, text after a footer."""
        filled = [
            i
            for i, v in enumerate(values)
            if v is not None and (v.__class__ is not str or v.strip())
        ]
        if all(i == self.serial_at for i in filled):
            return True
        name = values[self.name_at]
        if after_footer and _blank(name):
            return True
        if isinstance(name, str) and name.strip() in self.header_names:
            return True  # the header again (printed on every page)
        if filled == [self.first_at]:
            number = _as_int(values[self.first_at])
            if number is not None and 0 <= number <= LARGEST_SERIAL:
                return True
        return r == self.start and _column_numbers([values[i] for i in filled])

    def _row(self, r: int, values: list[Any]) -> RawRow:
        moved: dict[str, str] = {}
        if self.fills:
            for i, c in enumerate(self.indexes):
                at = self.fills.get((r, c))
                if at is not None and _blank(values[i]):
                    values[i] = self.grid.rows[at][c] if c < len(self.grid.rows[at]) else None
                    moved[self.fields[i]] = f"{self.letters[i]}{at + 1}"
        raw = [
            (v or None) if v.__class__ is str else _raw(v) if v.__class__ is date else v
            for v in values
        ]
        return RawRow(
            self.grid.name,
            r + 1,
            MappingProxyType(dict(zip(self.fields, raw, strict=True))),
            _CellRefs(self.columns, r + 1, moved),
        )


class _CellRefs(Mapping[str, str]):
    """field -> Excel cell reference ("C7") of one row, made when asked for: most rows are
    never asked. ``moved``: the fields whose value came from a merged cell above."""

    __slots__ = ("_columns", "_moved", "_row")

    def __init__(self, columns: Mapping[str, str], row: int, moved: Mapping[str, str]) -> None:
        self._columns = columns  # field -> column letter
        self._row = row
        self._moved = moved

    def __getitem__(self, field: str) -> str:
        if field in self._moved:
            return self._moved[field]
        return f"{self._columns[field]}{self._row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)
