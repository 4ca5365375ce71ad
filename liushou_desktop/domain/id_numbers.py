"""Resident identity card numbers (公民身份号码, GB 11643) via python-stdnum."""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric


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
