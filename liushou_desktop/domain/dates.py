"""Dates as teachers type them and as spreadsheets hold them, read into :class:`date`.

Text is split with regular expressions and checked with :func:`datetime.strptime`;
Excel serial numbers go through openpyxl. There is no calendar arithmetic here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import NoReturn

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

FIRST_YEAR = 1900
LAST_YEAR = 2100
# Below this an Excel serial number is more likely a year, a year.month (2015.3) or
# an age typed into a date column than a date in 1900–1905.
_SMALLEST_SERIAL = LAST_YEAR + 1

_FULL_DATE = (
    re.compile(r"(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
_MONTH_ONLY = (
    re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})"),
)
# A time after the date, as in "2015-03-12 00:00:00" or "2015-03-12T00:00".
_TIME = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def parse_date(value: object, *, month_only_ok: bool = False) -> date:
    """A date from a cell or a text field, or UserError naming the value.

    Accepted: ``date`` and ``datetime`` (openpyxl's dates); text 2015.3.12,
    2015-03-12, 2015/03/12, 2015年3月12日, 20150312, with full-width digits;
    an Excel serial number (42075). With ``month_only_ok`` (a 出生年月 column)
    also 2015.3, 2015-03, 2015年3月, 201503, giving the 1st of the month. The year
    must be from 1900 to 2100.
    """
    if isinstance(value, datetime):
        return _in_range(value.date(), value.date().isoformat())
    if isinstance(value, date):
        return _in_range(value, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value, month_only_ok)
    if isinstance(value, str):
        return _from_text(value, month_only_ok)
    if value is None:
        _raise_missing()
    _raise_unreadable(value, month_only_ok)


def _from_text(raw: str, month_only_ok: bool) -> date:
    text = _TIME.sub("", unicodedata.normalize("NFKC", raw).strip())
    text = "".join(text.split())
    if not text:
        _raise_missing()
    for pattern in _FULL_DATE:
        match = pattern.fullmatch(text)
        if match:
            return _make(match["y"], match["m"], match["d"], raw.strip())
    for pattern in _MONTH_ONLY:
        match = pattern.fullmatch(text)
        if match and month_only_ok:
            return _make(match["y"], match["m"], "1", raw.strip())
        if match:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The date “{value}” has no day: type the full date, like 2015.3.12.",
                ),
                {"value": raw.strip()},
            )
    _raise_unreadable(raw.strip(), month_only_ok)


def _from_number(value: float, month_only_ok: bool) -> date:
    """An Excel cell holding a number: 20150312 / 201503 typed as digits, or a serial."""
    if float(value).is_integer():
        digits = str(int(value))
        if len(digits) in (6, 8):
            return _from_text(digits, month_only_ok)
    elif FIRST_YEAR <= value < LAST_YEAR + 1:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The date “{value}” was stored in the spreadsheet as a number, so a month like "
                "10 may have become 1: format the column as text and type the date again.",
            ),
            {"value": value},
        )
    if value < _SMALLEST_SERIAL:
        _raise_unreadable(value, month_only_ok)
    try:
        from openpyxl.utils.datetime import from_excel  # openpyxl takes 0.4 s to import

        converted = from_excel(value)
    except (OverflowError, ValueError):
        converted = None
    if not isinstance(converted, datetime):
        _raise_unreadable(value, month_only_ok)
    return _in_range(converted.date(), value)


def _make(year: str, month: str, day: str, shown: object) -> date:
    """The date for the split parts; UserError if out of range or not a real date."""
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        _raise_out_of_range(shown)
    try:
        return datetime.strptime(f"{year}-{month}-{day}", "%Y-%m-%d").date()
    except ValueError:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "The date “{value}” does not exist: check the day and the month."
            ),
            {"value": shown},
        ) from None


def _in_range(value: date, shown: object) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        _raise_out_of_range(shown)
    return value


def _raise_out_of_range(shown: object) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The year of the date “{value}” must be between 1900 and 2100: check the year.",
        ),
        {"value": shown},
    )


def _raise_missing() -> NoReturn:
    raise UserError(QT_TRANSLATE_NOOP("UserError", "The date is missing: type it like 2015.3.12."))


def _raise_unreadable(shown: object, month_only_ok: bool) -> NoReturn:
    if month_only_ok:
        message = QT_TRANSLATE_NOOP(
            "UserError",
            "The date “{value}” cannot be read: type it like 2015.3.12, or 2015.3 for a month.",
        )
    else:
        message = QT_TRANSLATE_NOOP(
            "UserError", "The date “{value}” cannot be read: type it like 2015.3.12."
        )
    raise UserError(message, {"value": shown})
