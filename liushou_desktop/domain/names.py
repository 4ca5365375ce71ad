"""People's names and class names as typed by teachers, made consistent for storage.

:func:`normalize_person_name` keeps a name as written but drops stray spaces and
makes the middle dot of minority names (买买提·艾力) one character.
:func:`canonical_class_name` reads the many ways a class is written (一(1)班,
一年级一班, 初一(2)班, 高一…) and gives the one name it is stored under.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from liushou_desktop.domain import vocab
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

MIDDLE_DOT = "\u00b7"
NAME_MAX_LENGTH = 64  # models.Child.name and Guardian.name

# Characters typed in place of the middle dot: • ‧ ・ ･ ∙ ⋅ ● and the full-width and
# ASCII full stops (阿卜杜．热合曼, 阿卜杜.热合曼).
_DOT_VARIANTS = re.compile("[\u00b7\u2022\u2027\u30fb\uff65\u2219\u22c5\u25cf\u0387\uff0e.]+")
# Besides letters (L*) and marks (M*): 〇 (Nl) and private-use characters (Co), which old
# input methods use for rare characters in names.
_ALSO_OK = ("Nl", "Co")
# A name of common Chinese characters only (most names), which nothing changes or refuses.
_PLAIN_NAME = re.compile(f"[\u4e00-\u9fff]{{1,{NAME_MAX_LENGTH}}}")
_FULL_WIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}

# Grades 1–9 are vocab.GRADE_NAMES; senior high school adds 10–12.
GRADE_NAMES: dict[int, str] = {
    **vocab.GRADE_NAMES,
    10: "高一年级",
    11: "高二年级",
    12: "高三年级",
}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_CLASS = re.compile(
    r"(?P<stage>小学|小|初中|初|高中|高)?"
    r"(?P<grade>[一二三四五六七八九]|\d{1,2})"
    r"(?P<nian>年级|年)?"
    rf"(?:\((?P<bracketed>{_NUMBER})\)|(?P<sep>[-.])?(?P<plain>{_NUMBER}))?"
    r"班?"
)
_CLASS_ONLY = re.compile(rf"\(?(?P<number>{_NUMBER})\)?班?")
_STAGE_OFFSET = {"初": 6, "高": 9}


@dataclass(frozen=True)
class ClassName:
    """A class: grade 1–12 (7–9 junior middle, 10–12 senior high), number, stored name."""

    grade: int
    number: int
    canonical: str  # "一年级1班"


def normalize_person_name(raw: object) -> str:
    """A person's name for storage, or UserError saying what is wrong with it.

    Spaces are removed (孙　丽 → 孙丽), except one between two Latin letters
    (a name written in pinyin: "Ahmat Tursun"); the variants of the middle dot
    become U+00B7 (买买提•艾力 → 买买提·艾力); full-width Latin letters become
    ASCII; the result is NFC. Letters of any script, combining marks, 〇 and
    private-use characters (rare characters typed with old input methods) are
    allowed; digits and other symbols are not.
    """
    if type(raw) is str and _PLAIN_NAME.fullmatch(raw):  # most names: nothing to change
        return raw
    text = "" if raw is None else str(raw)
    text = _DOT_VARIANTS.sub(MIDDLE_DOT, text.translate(_FULL_WIDTH_ASCII))
    text = unicodedata.normalize("NFC", _join_words(text.split())).strip(MIDDLE_DOT)
    _check_name(text, raw)
    return text


def _join_words(words: list[str]) -> str:
    """Words split at spaces, joined again: with one space only between Latin letters."""
    joined = ""
    for word in words:
        latin_pair = joined and _is_latin(joined[-1]) and _is_latin(word[0])
        joined += (" " if latin_pair else "") + word
    return joined


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _check_name(name: str, raw: object) -> None:
    """Raise UserError for an empty name, digits, other symbols or a too long name."""
    if not name:
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "The name is missing: type the person's full name.")
        )
    for char in name:
        category = unicodedata.category(char)
        if category == "Nd":
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "The name “{name}” contains digits: type the name only."
                ),
                {"name": raw},
            )
        if char not in (MIDDLE_DOT, " ") and category[0] not in "LM" and category not in _ALSO_OK:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The name “{name}” contains “{char}”: type only the name itself "
                    "(a dot · between the parts of a minority name is fine).",
                ),
                {"name": raw, "char": char},
            )
    if len(name) > NAME_MAX_LENGTH:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The name “{name}” is too long: a name may have at most {max} characters.",
            ),
            {"name": raw, "max": NAME_MAX_LENGTH},
        )


def canonical_class_name(raw: object, default_grade: int | None = None) -> ClassName:
    """The class a teacher wrote, as grade, number and the one name it is stored under.

    Accepted: 一(1)班, 一年级(1)班, 一年级（1）班, 一年级一班, 1年级1班, 一1班, 1(1)班,
    1-1, 初一(2)班 (grade 7), 七年级2班, 高一3班 (grade 10), 小学三年级1班, with
    full-width digits and brackets. A grade named with 年级, 初 or 高 but no class
    number (三年级, 初二) is class 1, as in schools with one class per grade. A class
    number alone (3班, (3)班, 一班, 3) takes ``default_grade``; without one it is an
    error, as is an Arabic grade run into the class number (11班: 1-1 or class 11?).
    """
    text = "".join(unicodedata.normalize("NFKC", "" if raw is None else str(raw)).split())
    if not text:
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "The class is missing: type it like 一年级1班.")
        )
    grade, number = _read_class(text, default_grade)
    if grade is None or number is None or not 1 <= grade <= 12 or not 1 <= number <= 99:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The class “{value}” cannot be read: write the grade and the class number, "
                "like 一年级1班, 初一(2)班 or 高一3班.",
            ),
            {"value": raw},
        )
    return ClassName(grade=grade, number=number, canonical=f"{GRADE_NAMES[grade]}{number}班")


def _read_class(text: str, default_grade: int | None) -> tuple[int | None, int | None]:
    """(grade, class number) from normalised text; None where it cannot be read."""
    only = _CLASS_ONLY.fullmatch(text)
    if only and default_grade is not None:
        return default_grade, _number(only.group("number"))
    match = _CLASS.fullmatch(text)
    if match is None:
        return None, None
    stage = (match.group("stage") or "")[:1]
    number_text = match.group("bracketed") or match.group("plain")
    arabic_grade = match.group("grade").isdigit()
    named_grade = bool(stage or match.group("nian"))
    if number_text is None and not named_grade:
        return None, None  # 一班 is a class number, not grade 1
    if arabic_grade and match.group("plain") and not (named_grade or match.group("sep")):
        return None, None  # 11班: grade 1 class 1, or class 11?
    grade = int(match.group("grade")) if arabic_grade else _number(match.group("grade"))
    return _grade(stage, grade), _number(number_text or "1")


def _grade(stage: str, grade: int | None) -> int | None:
    """The grade 1–12: 初 and 高 count from the start of their school (初一 7, 高一 10)."""
    if grade is None:
        return None
    if stage in _STAGE_OFFSET:
        return grade + _STAGE_OFFSET[stage] if grade <= 3 else None
    if stage == "小" and grade > 6:
        return None
    return grade


def _number(text: str) -> int | None:
    """An Arabic or Chinese number from 1 to 99 (一, 十, 十二, 二十, 二十一), else None."""
    if text.isdigit():
        return int(text)
    match = re.fullmatch(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)", text)
    if match is None:
        return _CN_DIGITS.get(text)
    tens, ones = match.groups()
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
