"""Reading a school's roster file (花名册) into located raw rows: the import's first step.

:func:`read_roster` opens a teacher's ``.xlsx`` / ``.xlsm`` / ``.xls`` or ``.csv``
(:mod:`liushou_desktop.io.roster_files`), finds each sheet's header row, maps its
columns to canonical fields (:mod:`liushou_desktop.io.roster_headers`) and returns every
data row with each value exactly as the file holds it (an ID typed as a number stays a
number; a date cell is a ``datetime``) and the Excel cell it came from. Validation is
the next step's job. :class:`RosterStream` gives the same sheets one by one, the next
ones parsed meanwhile in a background thread.
"""

from __future__ import annotations

import queue
import threading
import unicodedata
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.roster_files import Grid, Grids, open_sheets
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
    with RosterStream(path, max_rows=max_rows, max_bytes=max_bytes) as stream:
        sheets = tuple(stream)
    return RosterFile(stream.path, stream.kind, sheets, tuple(stream.ignored))


class RosterStream:
    """The sheets of a roster file, given one by one while the next ones are parsed.

    A background thread parses the workbook's sheets in order (python-calamine does
    so without holding the GIL), so the work on the sheets already read runs
    alongside. Iterating gives each sheet that has a roster header; the UserErrors
    are those of :func:`read_roster`, raised when the sheet that has them is reached
    (UserError at the end if no sheet has a header). ``ignored`` holds the names of
    the sheets without a header so far. Use it as a context manager: leaving it
    stops the parsing and closes the file, whatever happened.
    """

    def __init__(
        self, path: Path, *, max_rows: int = DEFAULT_MAX_ROWS, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.path = Path(path)
        self.kind, grids = open_sheets(self.path, max_rows, max_bytes)
        self.ignored: list[str] = []
        # Parsed sheets, then None at the end, or the error that stopped the parsing.
        self._parsed: queue.SimpleQueue[Grid | BaseException | None] = queue.SimpleQueue()
        self._ready: deque[RosterSheet] = deque()  # sheets read but not yet given
        self._sheets = 0  # sheets with a header read so far
        self._rows = 0  # their rows
        self._end: BaseException | None = None  # the parsing's error, once taken
        self._finished = False  # every parsed sheet taken
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._parse, args=(grids,), name="roster-read", daemon=True
        )
        self._thread.start()

    def __enter__(self) -> RosterStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()  # the thread closes the file before it ends

    def __iter__(self) -> Iterator[RosterSheet]:
        while True:
            if self._ready:
                yield self._ready.popleft()
            elif not self._take(block=True):
                break
        if not self._sheets:
            _no_header(self.path)

    def total_rows(self, *, wait: bool = False) -> int | None:
        """The data rows of all the file's sheets: None while some are still being parsed,
        unless ``wait``. Raises the file's UserError, as iterating would."""
        while self._take(block=wait):
            pass
        if not self._finished:
            return None
        if not self._sheets:
            _no_header(self.path)
        return self._rows

    def _take(self, *, block: bool) -> bool:
        """Read the next parsed sheet; False at the end, or if none is parsed yet."""
        if self._end is not None:
            raise self._end
        if self._finished:
            return False
        try:
            grid = self._parsed.get(block=block)
        except queue.Empty:
            return False
        if grid is None:
            self._finished = True
            return False
        if isinstance(grid, BaseException):
            self._end = grid
            raise grid
        sheet = _read_sheet(grid)
        if sheet is None:
            self.ignored.append(grid.name)
        else:
            self._ready.append(sheet)
            self._sheets += 1
            self._rows += len(sheet.rows)
        return True

    def _parse(self, grids: Grids) -> None:
        """In the background thread: each sheet in turn, until the end or told to stop."""
        try:
            with closing(grids):  # the workbook's file is closed whatever happens
                for grid in grids:
                    self._parsed.put(grid)
                    if self._stop.is_set():
                        return
        except BaseException as error:  # given to the reading thread, which raises it
            self._parsed.put(error)
        else:
            self._parsed.put(None)


# --- errors ----------------------------------------------------------------------------


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


# --- finding the header ----------------------------------------------------------------


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _header_area(grid: Grid) -> list[list[str]]:
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


def _header(grid: Grid) -> _Header | None:
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


def _read_sheet(grid: Grid) -> RosterSheet | None:
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

    def __init__(self, grid: Grid, header: _Header) -> None:
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
        # The name is neither in the serial column nor in the first one.
        self.name_alone = self.name_at not in (self.serial_at, self.first_at)
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
        name = values[self.name_at]
        if name.__class__ is str and r != self.start and self.name_alone:
            text = name.strip()
            if text:  # most rows: a name, so neither blank nor a lone serial number
                return text in self.header_names
        filled = [
            i
            for i, v in enumerate(values)
            if v is not None and (v.__class__ is not str or v.strip())
        ]
        if all(i == self.serial_at for i in filled):
            return True
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
