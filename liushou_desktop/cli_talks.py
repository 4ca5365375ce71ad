"""The talk commands: ``talks plan --month YYYY-MM`` and ``talks status --month YYYY-MM``.

``plan`` gives every active child of the school a planned talk (谈心) this month, with
their mentor, on a school day; ``status`` prints the month's figures (done / planned /
overdue, completion rate) in total and by class, or with ``--json``::

    {"month", "children", "done", "planned", "overdue", "rate",
     "classes": {name: {"children", "done", "planned", "overdue", "rate"}}}
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

__all__ = ["add_talk_parsers", "cmd_talks"]


def _month(text: str) -> date:
    """An argparse type: a YYYY-MM month, as its first day."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM, e.g. 2026-11): {text}") from None


def iso_day(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def add_talk_parsers(
    sub: Any, add_data_dir: Callable[[argparse.ArgumentParser, Any], None]
) -> None:
    """Add ``talks plan`` and ``talks status`` to the command line's sub-parsers."""
    talks = sub.add_parser("talks", help="monthly talks (谈心): plan the month, see where we are")
    add_data_dir(talks, argparse.SUPPRESS)
    talks_sub = talks.add_subparsers(
        dest="talks_command", metavar="ACTION", required=True, parser_class=type(talks)
    )
    plan = talks_sub.add_parser(
        "plan", help="give every active child a planned talk this month with their mentor"
    )
    add_data_dir(plan, argparse.SUPPRESS)
    plan.add_argument("--month", type=_month, required=True, metavar="YYYY-MM")
    status = talks_sub.add_parser(
        "status", help="done / planned / overdue talks and the completion rate, by class"
    )
    add_data_dir(status, argparse.SUPPRESS)
    status.add_argument("--month", type=_month, required=True, metavar="YYYY-MM")
    status.add_argument(
        "--today",
        type=iso_day,
        metavar="YYYY-MM-DD",
        help="the day that decides which planned talks are overdue (default: today)",
    )
    status.add_argument("--json", action="store_true", help="print the figures as JSON")


def cmd_talks(db: Any, args: argparse.Namespace, actor: Any) -> int:
    if args.talks_command == "plan":
        return _plan(db, args, actor)
    return _status(db, args, actor)


def _plan(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.talk_plan import TalkPlanService

    result = TalkPlanService(db).plan_month(actor, args.month)
    if result.no_school_days:
        print(f"{result.month}: a holiday month and the school plans no talks then")
        return 0
    holiday = " (holiday month)" if result.holiday_month else ""
    print(
        f"{result.month}{holiday}: planned {result.planned}, kept {result.kept}, "
        f"dropped {result.dropped}"
    )
    return 0


def _status(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.talk_status import TalkStatusService

    status = TalkStatusService(db).status(actor, args.month, args.today)
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    rows = [*status.classes.items(), ("total", status.total)]
    width = max(_width(name) for name, _ in rows) + 2
    print(f"talks of {status.month}")
    print(f"{'class':<{width}}{'children':>9}{'done':>7}{'planned':>9}{'overdue':>9}{'rate':>8}")
    for name, figures in rows:
        print(
            f"{name}{' ' * (width - _width(name))}{figures.children:>9}{figures.done:>7}"
            f"{figures.planned:>9}{figures.overdue:>9}{figures.rate:>8.0%}"
        )
    if status.silent:
        print(f"no talk for two months: {len(status.silent)} children")
        for name, class_name in status.silent:
            print(f"  {class_name or '-'}\t{name}")
    return 0


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
