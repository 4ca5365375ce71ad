"""Whether a child counts as a left-behind child (农村留守儿童), and why.

The national definition: under 16, rural household registration (户籍), and
either both parents work away from home, or one works away and the other cannot
look after the child (无监护能力). :func:`assess` gives the answer and a plain
sentence for each fact it rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from liushou_desktop.i18n import QT_TRANSLATE_NOOP

TRANSLATION_CONTEXT = "Eligibility"
AGE_LIMIT = 16

UNDER_AGE = QT_TRANSLATE_NOOP("Eligibility", "Under 16 (age {age}).")
TOO_OLD = QT_TRANSLATE_NOOP("Eligibility", "Not counted: 16 or older (age {age}).")
NO_BIRTH_DATE = QT_TRANSLATE_NOOP(
    "Eligibility", "Not counted yet: the birth date is not filled in."
)
BIRTH_IN_FUTURE = QT_TRANSLATE_NOOP(
    "Eligibility", "Not counted yet: the birth date is after today; check it."
)
RURAL_HUKOU = QT_TRANSLATE_NOOP("Eligibility", "Rural household registration (hukou).")
NOT_RURAL_HUKOU = QT_TRANSLATE_NOOP(
    "Eligibility", "Not counted: the household registration (hukou) is not rural."
)
BOTH_AWAY = QT_TRANSLATE_NOOP("Eligibility", "Both parents work away from home.")
ONE_AWAY_OTHER_UNABLE = QT_TRANSLATE_NOOP(
    "Eligibility", "One parent works away and the other cannot look after the child."
)
PARENT_AT_HOME = QT_TRANSLATE_NOOP(
    "Eligibility", "Not counted: at least one parent can look after the child at home."
)
GUARDIANSHIP_UNKNOWN = QT_TRANSLATE_NOOP(
    "Eligibility", "Not counted yet: the guardianship situation is not filled in."
)


@dataclass(frozen=True)
class Eligibility:
    """The answer and its reasons.

    ``reasons`` are English templates marked in the ``Eligibility`` context; an
    ``{age}`` in them is filled from ``age`` (None when the birth date is missing
    or in the future). Show them with :meth:`rendered`.
    """

    counted: bool
    reasons: tuple[str, ...]
    age: int | None = None

    def rendered(self, translate: Callable[[str], str] = str) -> tuple[str, ...]:
        """The reasons as sentences: each translated with ``translate``, then filled in."""
        return tuple(translate(reason).format(age=self.age) for reason in self.reasons)


def age_on(birth_date: date, today: date) -> int:
    """Full years of age on ``today``: a child is one year older on the birthday itself.

    Someone born on 29 February turns a year older on 1 March in other years.
    """
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def assess(
    birth_date: date | None,
    today: date,
    both_parents_away: bool | None,
    one_parent_away_other_unable: bool | None,
    hukou_rural: bool | None = None,
) -> Eligibility:
    """Whether the child counts as left-behind on ``today``, with a reason for each fact.

    ``None`` means not filled in: a missing birth date or guardianship situation
    gives "not counted yet"; an unknown hukou is not held against the child.
    """
    age_ok, age, age_reason = _age(birth_date, today)
    hukou_ok, hukou_reasons = _hukou(hukou_rural)
    away_ok, away_reason = _guardianship(both_parents_away, one_parent_away_other_unable)
    return Eligibility(
        counted=age_ok and hukou_ok and away_ok,
        reasons=(age_reason, *hukou_reasons, away_reason),
        age=age,
    )


def _age(birth_date: date | None, today: date) -> tuple[bool, int | None, str]:
    if birth_date is None:
        return False, None, NO_BIRTH_DATE
    if birth_date > today:
        return False, None, BIRTH_IN_FUTURE
    age = age_on(birth_date, today)
    return (True, age, UNDER_AGE) if age < AGE_LIMIT else (False, age, TOO_OLD)


def _hukou(hukou_rural: bool | None) -> tuple[bool, tuple[str, ...]]:
    if hukou_rural is None:
        return True, ()
    return (True, (RURAL_HUKOU,)) if hukou_rural else (False, (NOT_RURAL_HUKOU,))


def _guardianship(both_away: bool | None, one_away_other_unable: bool | None) -> tuple[bool, str]:
    if both_away:
        return True, BOTH_AWAY
    if one_away_other_unable:
        return True, ONE_AWAY_OTHER_UNABLE
    if both_away is None or one_away_other_unable is None:
        return False, GUARDIANSHIP_UNKNOWN
    return False, PARENT_AT_HOME
