"""Festival days the term plan is built around (清明, 端午, 中秋, 国庆…).

Movable festivals come from the lunar calendar library ``lunar_python``: the lunar ones
(春节 1-1, 元宵 1-15, 端午 5-5, 七夕 7-7, 中秋 8-15, 重阳 9-9 of the lunar year) through
``Lunar.fromYmd(...).getSolar()``, 清明 (a solar term) through the library's solar-term
table. Only the fixed-date days (元旦 1-1, 妇女节 3-8…) are written here.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from lunar_python import Lunar

from liushou_desktop.i18n import QT_TRANSLATE_NOOP

FESTIVAL_NAMES: dict[str, str] = {
    "new_year": QT_TRANSLATE_NOOP("Vocab", "New Year's Day"),
    "spring_festival": QT_TRANSLATE_NOOP("Vocab", "Spring Festival"),
    "lantern": QT_TRANSLATE_NOOP("Vocab", "Lantern Festival"),
    "womens_day": QT_TRANSLATE_NOOP("Vocab", "Women's Day"),
    "qingming": QT_TRANSLATE_NOOP("Vocab", "Qingming Festival"),
    "labour_day": QT_TRANSLATE_NOOP("Vocab", "Labour Day"),
    "youth_day": QT_TRANSLATE_NOOP("Vocab", "Youth Day"),
    "childrens_day": QT_TRANSLATE_NOOP("Vocab", "Children's Day"),
    "dragon_boat": QT_TRANSLATE_NOOP("Vocab", "Dragon Boat Festival"),
    "qixi": QT_TRANSLATE_NOOP("Vocab", "Qixi Festival"),
    "teachers_day": QT_TRANSLATE_NOOP("Vocab", "Teachers' Day"),
    "mid_autumn": QT_TRANSLATE_NOOP("Vocab", "Mid-Autumn Festival"),
    "national_day": QT_TRANSLATE_NOOP("Vocab", "National Day"),
    "double_ninth": QT_TRANSLATE_NOOP("Vocab", "Double Ninth Festival"),
}
# The Chinese names, for printed plans and the month grid (the same in every language).
FESTIVAL_CHINESE: dict[str, str] = {
    "new_year": "元旦",
    "spring_festival": "春节",
    "lantern": "元宵节",
    "womens_day": "妇女节",
    "qingming": "清明节",
    "labour_day": "劳动节",
    "youth_day": "青年节",
    "childrens_day": "儿童节",
    "dragon_boat": "端午节",
    "qixi": "七夕",
    "teachers_day": "教师节",
    "mid_autumn": "中秋节",
    "national_day": "国庆节",
    "double_ninth": "重阳节",
}
# (lunar month, lunar day) of the lunar festivals
LUNAR_FESTIVALS: dict[str, tuple[int, int]] = {
    "spring_festival": (1, 1),
    "lantern": (1, 15),
    "dragon_boat": (5, 5),
    "qixi": (7, 7),
    "mid_autumn": (8, 15),
    "double_ninth": (9, 9),
}
# festivals that are a solar term (节气), by the term's name in lunar_python's table
SOLAR_TERM_FESTIVALS: dict[str, str] = {"qingming": "清明"}
# (month, day) of the festivals on a fixed day of the Gregorian calendar
FIXED_FESTIVALS: dict[str, tuple[int, int]] = {
    "new_year": (1, 1),
    "womens_day": (3, 8),
    "labour_day": (5, 1),
    "youth_day": (5, 4),
    "childrens_day": (6, 1),
    "teachers_day": (9, 10),
    "national_day": (10, 1),
}
FIRST_YEAR = 1901
LAST_YEAR = 2099


@cache
def festival_date(code: str, year: int) -> date:
    """The day of festival ``code`` (a key of :data:`FESTIVAL_NAMES`) in Gregorian ``year``.

    A lunar festival is the one of the lunar year that starts in ``year`` (春节 2027 is
    2027-02-06, 中秋 2026 is 2026-09-25). ValueError for an unknown code or a year
    outside 1901–2099.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"festival year out of range: {year}")
    if code in FIXED_FESTIVALS:
        month, day = FIXED_FESTIVALS[code]
        return date(year, month, day)
    if code in LUNAR_FESTIVALS:
        month, day = LUNAR_FESTIVALS[code]
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return date(solar.getYear(), solar.getMonth(), solar.getDay())
    if code in SOLAR_TERM_FESTIVALS:
        # The lunar year's table holds the solar terms around it; 清明 (early April) of a
        # lunar year is always in the Gregorian year of the same number.
        solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()[SOLAR_TERM_FESTIVALS[code]]
        return date(solar.getYear(), solar.getMonth(), solar.getDay())
    raise ValueError(f"unknown festival: {code}")


def festivals_between(first: date, last: date) -> list[tuple[date, str]]:
    """Every festival from ``first`` to ``last`` (both included), as (day, code), by day."""
    found = []
    for year in range(max(first.year, FIRST_YEAR), min(last.year, LAST_YEAR) + 1):
        for code in FESTIVAL_NAMES:
            day = festival_date(code, year)
            if first <= day <= last:
                found.append((day, code))
    return sorted(found)


def festival_on(day: date) -> str | None:
    """The code of the festival on ``day``, or None."""
    found = festivals_between(day, day)
    return found[0][1] if found else None
