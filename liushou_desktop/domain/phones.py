"""Chinese phone numbers: mobiles (11 digits) and landlines with an area code."""

from __future__ import annotations

import re
import unicodedata

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

_MOBILE = re.compile(r"1[3-9]\d{9}")
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only, as stored
# Area codes: 010 and 02X have three digits, all others four; then 7-8 digits.
_LANDLINE = re.compile(r"(0[12]\d|0[3-9]\d{2})(\d{7,8})")
_SERVICE = re.compile(r"1\d{2,4}|400\d{7}|800\d{7}")


def normalize_phone(raw: str) -> str:
    """Normalise a phone number for storage, or raise UserError saying why not.

    Full-width digits, spaces, dashes, brackets and a +86 prefix are accepted.
    Mobiles are stored as 11 digits, landlines as ``AREA-NUMBER``
    (``0566-8125908``), service numbers (110, 12355) as digits. Empty stays empty.
    """
    if _PLAIN_MOBILE.fullmatch(raw):
        return raw  # the common case: nothing to clean
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return ""
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits.isdigit():
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "“{phone}” is not a phone number: use digits only, e.g. 13812345678."
            ),
            {"phone": raw},
        )
    if _MOBILE.fullmatch(digits) or _SERVICE.fullmatch(digits):
        return digits
    landline = _LANDLINE.fullmatch(digits)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "“{phone}” is not a valid phone number: a mobile has 11 digits (13812345678), "
            "a landline needs its area code (0566-8125908).",
        ),
        {"phone": raw},
    )


def format_phone(stored: str) -> str:
    """A stored number as printed: mobiles as ``138 1234 5678``."""
    if _MOBILE.fullmatch(stored):
        return f"{stored[:3]} {stored[3:7]} {stored[7:]}"
    return stored


def mask_phone(stored: str) -> str:
    """A number as shown to roles that may not see it: ``138****5678``, ``0566-***5908``."""
    if not stored:
        return ""
    if _MOBILE.fullmatch(stored):
        return f"{stored[:3]}****{stored[7:]}"
    area, dash, number = stored.rpartition("-")
    if dash:
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    return stored[:1] + "*" * max(0, len(stored) - 2) + stored[-1:] if len(stored) > 3 else stored
