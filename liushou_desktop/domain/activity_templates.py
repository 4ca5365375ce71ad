"""Term-plan templates (行事历模板): their format, the bundled ones, and the rules that
turn an item into the days of a term.

A template is ``{"name", "title", "autumn": [item...], "spring": [item...]}`` (the format
of ``resources/templates/activities/*.json``, described in the README there; a school's
own templates are :class:`~liushou_desktop.db.models.ActivityTemplate` rows holding the
two halves). An item::

    {"key": "mid_autumn_letters", "kind": "letter", "topic": "",
     "title": "中秋·给远方的爸爸妈妈写一封信", "when": RULE, "days": 1,
     "target_kind": "school", "target": [], "organiser": "德育处", "place": "", "notes": ""}

RULE is one of

* ``{"month": 9, "day": 10}``: a fixed day;
* ``{"month": 5, "week": 2, "weekday": 3}``: the 2nd Wednesday of May (weekday 1 = Monday
  … 7 = Sunday; week 1–5, or -1 for the last);
* ``{"festival": "mid_autumn", "offset": -1}``: a festival (:mod:`.festivals`) plus or minus
  days;
* ``{"term": "start", "offset": 3}`` / ``{"term": "end", "offset": -10}``: the term's first
  or last day plus or minus days;

each with an optional ``"offset"`` (days) and an optional ``"school_day": "before"`` or
``"after"``: the day is moved to the nearest school day of the term that way (at most
:data:`MAX_MOVE_DAYS` days). The year is the one that puts the day inside the term; an
item whose day falls outside the term is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from liushou_desktop.domain import vocab
from liushou_desktop.domain.activity_rows import MAX_DAYS, TEXT_MAX, TITLE_MAX
from liushou_desktop.domain.festivals import FESTIVAL_NAMES, festival_date
from liushou_desktop.domain.school_calendar import SchoolCalendar, TermView, parse_term_name
from liushou_desktop.paths import resource

DEFAULT_TEMPLATE = "standard"
AUTUMN = "autumn"
SPRING = "spring"
HALVES = (AUTUMN, SPRING)
MAX_MOVE_DAYS = 14  # how far "school_day" may move a day (a week-long holiday and a weekend)
KEY_MAX = 29  # Activity.template_key is "<template>:<key>", 80 characters at most
NAME_MAX = 30
ITEM_DEFAULTS: dict[str, Any] = {
    "topic": "",
    "days": 1,
    "target_kind": vocab.ACTIVITY_TARGET_SCHOOL,
    "target": [],
    "organiser": "",
    "place": "",
    "notes": "",
}
_RULE_KEYS = {"month", "day", "week", "weekday", "festival", "term", "offset", "school_day"}


@dataclass(frozen=True)
class TemplateInfo:
    """A template to choose from: its name (``standard``), title (标准行事历), whether it
    comes with the program, and how many items each half holds."""

    name: str
    title: str
    bundled: bool
    autumn: int
    spring: int


def term_half(term_name: str) -> str:
    """``autumn`` for a first term (``2026-2027-1``), ``spring`` for a second one."""
    parsed = parse_term_name(term_name)
    if parsed is None:
        raise ValueError(f"not a term name: {term_name}")
    return AUTUMN if parsed[1] == 1 else SPRING


# --- checking the format -------------------------------------------------------------------


def check_rule(rule: Any) -> dict[str, Any]:
    """``rule`` if it is one of the rules of the module docstring, else ValueError."""
    if not isinstance(rule, dict) or not set(rule) <= _RULE_KEYS:
        raise ValueError(f"not a rule: {rule!r}")
    ints = ("month", "day", "week", "weekday", "offset")
    if any(not isinstance(rule[k], int) or isinstance(rule[k], bool) for k in ints if k in rule):
        raise ValueError(f"rule numbers must be integers: {rule!r}")
    if rule.get("school_day") not in (None, "before", "after"):
        raise ValueError(f"school_day must be 'before' or 'after': {rule!r}")
    if "festival" in rule:
        if rule["festival"] not in FESTIVAL_NAMES or {"month", "term"} & set(rule):
            raise ValueError(f"bad festival rule: {rule!r}")
    elif "term" in rule:
        if rule["term"] not in ("start", "end") or "month" in rule:
            raise ValueError(f"bad term rule: {rule!r}")
    elif "month" in rule and 1 <= rule["month"] <= 12:
        if "day" in rule:
            if {"week", "weekday"} & set(rule) or not 1 <= rule["day"] <= 31:
                raise ValueError(f"bad day rule: {rule!r}")
        elif not (rule.get("week") in (1, 2, 3, 4, 5, -1) and 1 <= rule.get("weekday", 0) <= 7):
            raise ValueError(f"bad weekday rule: {rule!r}")
    else:
        raise ValueError(f"a rule needs a month, a festival or the term: {rule!r}")
    return rule


def check_item(item: Any) -> dict[str, Any]:
    """``item`` with the optional fields filled in, or ValueError saying what is wrong."""
    if not isinstance(item, dict):
        raise ValueError(f"not an item: {item!r}")
    full = {**ITEM_DEFAULTS, **item}
    key = full.get("key")
    if not isinstance(key, str) or not 0 < len(key) <= KEY_MAX or ":" in key:
        raise ValueError(f"bad item key: {key!r}")
    if full.get("kind") not in vocab.ACTIVITY_KINDS:
        raise ValueError(f"{key}: unknown kind {full.get('kind')!r}")
    if full["topic"] and full["topic"] not in vocab.SAFETY_TOPICS:
        raise ValueError(f"{key}: unknown topic {full['topic']!r}")
    title = full.get("title")
    if not isinstance(title, str) or not 0 < len(title.strip()) <= TITLE_MAX:
        raise ValueError(f"{key}: the title is missing or too long")
    check_rule(full.get("when"))
    days = full["days"]
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ValueError(f"{key}: days must be 1 to {MAX_DAYS}")
    if full["target_kind"] not in vocab.ACTIVITY_TARGETS:
        raise ValueError(f"{key}: unknown target kind {full['target_kind']!r}")
    if not isinstance(full["target"], list) or not all(isinstance(t, str) for t in full["target"]):
        raise ValueError(f"{key}: the target must be a list of texts")
    for text_field in ("organiser", "place"):
        if not isinstance(full[text_field], str) or len(full[text_field]) > TEXT_MAX:
            raise ValueError(f"{key}: {text_field} is not a short text")
    if not isinstance(full["notes"], str):
        raise ValueError(f"{key}: notes must be a text")
    return full


def check_half(items: Any) -> list[dict[str, Any]]:
    """The items of one half, each checked, keys unique; ValueError otherwise."""
    if not isinstance(items, list):
        raise ValueError("a half of a template must be a list of items")
    checked = [check_item(item) for item in items]
    keys = [item["key"] for item in checked]
    if len(set(keys)) != len(keys):
        raise ValueError(f"item keys repeat: {sorted(k for k in keys if keys.count(k) > 1)}")
    return checked


def usable_items(items: Any) -> list[dict[str, Any]]:
    """The items of a saved half that pass :func:`check_item` (a row that came from
    another installation may hold items this version cannot read: they are left out)."""
    usable: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items if isinstance(items, list) else []:
        try:
            full = check_item(item)
        except ValueError:
            continue
        if full["key"] not in seen:
            seen.add(full["key"])
            usable.append(full)
    return usable


@cache
def bundled_templates() -> dict[str, dict[str, Any]]:
    """The templates that come with the program, by name (checked: a broken bundled
    template is a bug, ValueError)."""
    folder = resource("resources", "templates", "activities")
    templates = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data.get("name")
        if name != path.stem or not isinstance(data.get("title"), str):
            raise ValueError(f"{path.name}: name must be the file's name, with a title")
        templates[name] = {
            "name": name,
            "title": data["title"],
            **{half: check_half(data.get(half, [])) for half in HALVES},
        }
    return templates


# --- from a rule to days --------------------------------------------------------------------


def nth_weekday(year: int, month: int, week: int, weekday: int) -> date | None:
    """The ``week``-th ``weekday`` (1 = Monday) of the month (week -1: the last), or None
    when the month has no such day (a 5th Monday)."""
    if week == -1:
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (week - 1))
    return day if day.month == month else None


def weekday_rule(day: date) -> dict[str, Any]:
    """The nth-weekday rule that gives ``day`` (the last one of the month when it is a 5th)."""
    week = (day.day - 1) // 7 + 1
    return {"month": day.month, "week": -1 if week == 5 else week, "weekday": day.isoweekday()}


def rule_day(rule: dict[str, Any], year: int, term: TermView) -> date | None:
    """The day ``rule`` gives in ``year`` (before any move to a school day), or None when
    it gives none that year (a 5th weekday, 29 February)."""
    offset = timedelta(days=rule.get("offset", 0))
    if "term" in rule:
        return (term.starts_on if rule["term"] == "start" else term.ends_on) + offset
    if "festival" in rule:
        return festival_date(rule["festival"], year) + offset
    if "day" in rule:
        try:
            return date(year, rule["month"], rule["day"]) + offset
        except ValueError:
            return None
    found = nth_weekday(year, rule["month"], rule["week"], rule["weekday"])
    return None if found is None else found + offset


def move_to_school_day(
    day: date, direction: str, term: TermView, calendar: SchoolCalendar
) -> date | None:
    """The nearest school day of ``term`` from ``day`` on (``after``) or back (``before``),
    ``day`` itself if it is one; None if there is none within :data:`MAX_MOVE_DAYS`."""
    step = timedelta(days=1 if direction == "after" else -1)
    for _ in range(MAX_MOVE_DAYS + 1):
        if term.starts_on <= day <= term.ends_on and calendar.is_school_day(day):
            return day
        day += step
    return None


def resolve(
    item: dict[str, Any], term: TermView, calendar: SchoolCalendar
) -> tuple[date, date] | None:
    """The first and last day of ``item`` in ``term``, or None when it falls outside it.

    The last day is ``days - 1`` days after the first, but not after the term's end."""
    rule = item["when"]
    years = (
        [term.starts_on.year]
        if "term" in rule
        else range(term.starts_on.year, term.ends_on.year + 1)
    )
    for year in years:
        day = rule_day(rule, year, term)
        if day is not None and rule.get("school_day"):
            day = move_to_school_day(day, rule["school_day"], term, calendar)
        if day is not None and term.starts_on <= day <= term.ends_on:
            last = day + timedelta(days=item.get("days", 1) - 1)
            return day, min(last, term.ends_on)
    return None


def template_info(template: dict[str, Any], bundled: bool) -> TemplateInfo:
    return TemplateInfo(
        name=template["name"],
        title=template.get("title", ""),
        bundled=bundled,
        autumn=len(template.get(AUTUMN, [])),
        spring=len(template.get(SPRING, [])),
    )
