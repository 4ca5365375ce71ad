"""Resident identity card numbers (公民身份号码, GB 11643) via python-stdnum.

:func:`normalize_id_number` cleans what a teacher typed or a spreadsheet held,
:func:`validate_id_number` checks it and reads the birth date, sex and area from it,
and :func:`check_consistency` compares those with what was entered in the record.

The checksum and the birth date come from :mod:`stdnum.cn.ric`. Its ``validate``
is not used as it is, because it also rejects a number whose county code had been
abolished before the birth year; real children keep such numbers for life, so the
area code is looked up for information only (:attr:`IdInfo.historical_area`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NoReturn

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

ID_LENGTH = 18
OLD_ID_LENGTH = 15
EARLIEST_BIRTH_YEAR = 1900

# Spaces (NFKC turns U+3000 into an ASCII space) and the dashes people type between groups.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe58\ufe63]")
# "5.20526E+17", "5.2052620150304E17", "520526201503041000.0": text of a number, not an ID.
# Already in the stored form (the common case on import): nothing to clean.
_CLEAN = re.compile(r"[0-9]{17}[0-9X]")  # ASCII only: \d also matches full-width digits
_NUMBER_TEXT = re.compile(r"\d+(\.\d*)?E[+]?\d+|\d{15,}\.\d*")


class IdNumberStoredAsNumber(UserError):
    """The ID number came from a spreadsheet cell holding a number, not text.

    Excel keeps only 15 significant digits of a number, so the last three digits of
    an 18-digit ID become ``000`` and the number cannot be trusted any more. Worse,
    about 1 in 11 of such cut numbers (roughly 8–9 %; 9.0 % measured over random
    valid IDs) still passes the check digit, so the checksum cannot catch it: every
    ID stored as a number, or as scientific notation like ``5.20526E+17``, is
    refused and the teacher asked to format the column as text and type it again.
    """

    def __init__(self, value: object) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The ID number {value} was stored in the spreadsheet as a number, and Excel "
                "keeps only 15 digits of a number, so its last digits may be wrong: format the "
                "ID number column as text and type the number again from the card.",
            ),
            {"value": value},
        )


@dataclass(frozen=True)
class IdInfo:
    """What an 18-digit ID number says about its holder.

    ``place`` is the province and county of the area code as far as python-stdnum's
    table knows it (may be ""); ``historical_area`` is true when that table says the
    code was not in use in the birth year, or does not know the code at all. Both are
    looked up only when asked for: the table look-up costs half a millisecond, which an
    import of thousands of ID numbers does not need.
    """

    number: str
    birth_date: date
    sex: str  # "M" / "F" (vocab.SEX)
    area_code: str

    @property
    def place(self) -> str:
        return _place(self.number)[0]

    @property
    def historical_area(self) -> bool:
        return _place(self.number)[1]


def make_id_number(area_code: str, birth: date, sequence: int) -> str:
    """An 18-digit number for a county, birth date and 3-digit sequence.

    The sequence's parity is the sex (odd: male), as in real numbers.
    """
    body = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a check digit slot


def mask_id_number(number: str) -> str:
    """``5205**********123X``: the first 4 and last 4 characters kept."""
    if len(number) < 9:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def normalize_id_number(raw: object) -> str:
    """The ID number as stored: 18 characters, upper-case X; "" for an empty value.

    Full-width digits and letters, spaces (also U+3000) and dashes are accepted.
    Only the form is cleaned here; :func:`validate_id_number` checks the number.
    Raises :class:`IdNumberStoredAsNumber` for an int or float, or text in
    scientific notation, since such a number has lost its last digits.
    """
    if raw is None:
        return ""
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        raise IdNumberStoredAsNumber(raw)
    if not isinstance(raw, str):
        _raise_bad_characters(str(raw))
    if _CLEAN.fullmatch(raw):
        return raw
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)).upper()
    if _NUMBER_TEXT.fullmatch(text):
        raise IdNumberStoredAsNumber(raw.strip())
    return ric.compact(text)


def validate_id_number(raw: object, *, today: date | None = None) -> IdInfo:
    """Check an ID number and read it, or raise UserError saying what is wrong.

    Checks, in order: not empty, not an old 15-digit number, 18 characters, only
    digits (X allowed last), the check digit, a real birth date from 1900 up to
    ``today`` (default: the real today). The area code is not checked (see module).
    """
    if type(raw) is str and _CLEAN.fullmatch(raw):
        number = raw  # already clean and of the right form: the common case on import
    else:
        number = normalize_id_number(raw)
        _check_form(number)
    if ric.calc_check_digit(number) != number[-1]:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The ID number {number} has a wrong last digit (check digit): "
                "check each digit against the card.",
            ),
            {"number": number},
        )
    birth = _birth_date(number, today or date.today())
    return IdInfo(
        number=number,
        birth_date=birth,
        sex="M" if int(number[16]) % 2 else "F",
        area_code=number[:6],
    )


def check_consistency(info: IdInfo, sex: str | None, birth_date: date | None) -> list[str]:
    """Compare the record's sex and birth date with the ID number.

    Raises UserError when an entered value contradicts the ID. Returns the names of
    the fields left empty (``"sex"``, ``"birth_date"``), which the caller fills from
    ``info``. ``sex`` is a vocab.SEX code ("M"/"F") or empty.
    """
    if sex and sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M', 'F' or empty, not {sex!r}")
    sex_differs = bool(sex) and sex != info.sex
    birth_differs = birth_date is not None and birth_date != info.birth_date
    if not (sex_differs or birth_differs):  # the common case: nothing to say
        return [name for name, value in (("sex", sex), ("birth_date", birth_date)) if not value]
    params = {
        "number": info.number,
        "id_birth": info.birth_date.isoformat(),
        "birth": birth_date.isoformat() if birth_date else "",
    }
    if sex_differs and birth_differs:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Both the sex and the birth date differ from the ID number {number} "
                "(born {id_birth}): check that this is the person's own ID number.",
            ),
            params,
        )
    if birth_differs:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The birth date {birth} differs from the one in the ID number {number} "
                "({id_birth}): correct the birth date or the ID number.",
            ),
            params,
        )
    if sex_differs:
        raise UserError(_sex_message(info.sex), params)
    return [name for name, value in (("sex", sex), ("birth_date", birth_date)) if not value]


def _sex_message(sex_in_id: str) -> str:
    if sex_in_id == "M":
        return QT_TRANSLATE_NOOP(
            "UserError",
            "The ID number {number} is a male's (its 17th digit is odd), but the sex entered "
            "is female: correct the sex or the ID number.",
        )
    return QT_TRANSLATE_NOOP(
        "UserError",
        "The ID number {number} is a female's (its 17th digit is even), but the sex entered "
        "is male: correct the sex or the ID number.",
    )


def _check_form(number: str) -> None:
    """Raise UserError unless ``number`` has the form of an 18-digit ID."""
    if not number:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The ID number is empty: type the 18-character number from the ID card "
                "or the household register (户口本).",
            )
        )
    if len(number) == OLD_ID_LENGTH and number.isdigit():
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The ID number {number} is an old 15-digit number: type the 18-digit number "
                "from the current ID card or the household register (户口本).",
            ),
            {"number": number},
        )
    if not (number[:-1].isdigit() and (number[-1].isdigit() or number[-1] == "X")):
        _raise_bad_characters(number)
    if len(number) != ID_LENGTH:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The ID number {number} has {length} characters, but it must have 18: "
                "check for a missing or extra digit.",
            ),
            {"number": number, "length": len(number)},
        )


def _raise_bad_characters(number: str) -> NoReturn:
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The ID number {number} may contain only digits, and an X as the last character: "
            "check it against the card.",
        ),
        {"number": number},
    )


def _birth_date(number: str, today: date) -> date:
    """The birth date in digits 7–14, or UserError if not a real date from 1900 to today."""
    # the digits read as stdnum's ric.get_birth_date reads them, without its second
    # clean-up of a number already cleaned (a third of an import's checking time)
    try:
        birth: date | None = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < EARLIEST_BIRTH_YEAR:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The ID number {number} does not contain a real birth date (its 7th to 14th "
                "digits): check them against the card.",
            ),
            {"number": number},
        )
    if birth > today:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The birth date in the ID number {number} ({birth}) is in the future: "
                "check the year digits against the card.",
            ),
            {"number": number, "birth": birth.isoformat()},
        )
    return birth


def _place(number: str) -> tuple[str, bool]:
    """(province and county, historical) from stdnum's area table, for information."""
    return _place_of(number[:6], number[6:10])


@lru_cache(maxsize=4096)
def _place_of(area: str, year: str) -> tuple[str, bool]:
    """The lookup behind :func:`_place`, cached: a roster repeats a few counties."""
    number = f"{area}{year}0101000"
    number += ric.calc_check_digit(number + "0")
    found: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(area):
        found.update(props)
    if "county" not in found:
        return found.get("province", ""), True
    try:
        info = ric.get_birth_place(number)
    except InvalidComponent:  # the code was not in use in the birth year
        names = [re.sub(r"^\[[^]]*\]", "", name) for name in found["county"].split(",")]
        return found.get("province", "") + names[-1], True
    return info.get("province", "") + info["county"], False
