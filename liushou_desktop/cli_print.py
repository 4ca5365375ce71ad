"""The printing commands: ``cards OUT.pdf`` and ``print archive|talk-sheet|roster OUT.pdf``.

Both take the same selection: ``--class NAME`` (repeatable), ``--grade N`` or ``--child
ID`` (an ID number or a record id, repeatable); default every active child. Texts with
characters no font has are listed on stderr and the PDF is still written.

The term's documents (:mod:`liushou_desktop.domain.activity_print`): ``print term-plan
OUT --term T`` (行事历), ``print sign-in OUT [--activity ID] [--blank]`` (监护人会签到表),
``print home-visit OUT [--blank] [--child ID]`` (家访记录表, one per child) and ``print
growth OUT --term T --child ID`` (成长档案 term summary).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

__all__ = [
    "add_print_parsers",
    "add_report_parser",
    "cmd_activity_print",
    "cmd_cards",
    "cmd_print",
    "cmd_report",
]

LAYOUT_CHOICES = ("a4", "a6", "a5", "wallet")  # printing.cards.LAYOUTS (not imported here)
ACTIVITY_KINDS = ("term-plan", "sign-in", "home-visit", "growth")
TOWNSHIP_SUMMARY = "township-summary"  # 乡镇汇总表, at a township


def _add_selection(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--class",
        dest="classes",
        action="append",
        metavar="NAME",
        help="only this class, e.g. 三年级2班 (repeatable)",
    )
    group.add_argument("--grade", type=int, metavar="N", help="only grade N (1-9)")
    group.add_argument(
        "--child",
        dest="children",
        action="append",
        metavar="ID",
        help="only this child: an ID number or a record id (repeatable)",
    )


def add_print_parsers(
    sub: Any, add_data_dir: Callable[[argparse.ArgumentParser, Any], None]
) -> None:
    """Add ``cards`` and ``print`` to the command line's sub-parsers."""
    cards = sub.add_parser("cards", help="print contact cards (联系卡) to a PDF, by class and name")
    add_data_dir(cards, argparse.SUPPRESS)
    cards.add_argument("out", type=Path, metavar="OUT.pdf", help="the PDF to write")
    _add_selection(cards)
    cards.add_argument(
        "--layout",
        choices=LAYOUT_CHOICES,
        default="a4",
        help="a4: 4 cards per A4 page with cut lines (default); a6 / a5: one per page; "
        "wallet: folded bank-card size, 5 per A4 page",
    )
    printing = sub.add_parser(
        "print",
        help="print a form to a PDF: the archive form, the talk record sheet, the roster, "
        "the term plan, the guardian meeting sign-in sheet, the home visit form or a growth "
        "summary",
    )
    add_data_dir(printing, argparse.SUPPRESS)
    printing.add_argument(
        "kind",
        choices=("archive", "talk-sheet", "roster", *ACTIVITY_KINDS, TOWNSHIP_SUMMARY),
        help="archive: 登记表, one child a page; talk-sheet: 谈心记录卡; roster: 花名册; "
        "term-plan: 行事历 (--term); sign-in: 监护人会签到表 (--activity, or --blank); "
        "home-visit: 家访记录表 (--child, or --blank); growth: 成长档案 (--term, --child); "
        "township-summary: 乡镇汇总表 (at a township)",
    )
    printing.add_argument("out", type=Path, metavar="OUT.pdf", help="the PDF to write")
    _add_selection(printing)
    printing.add_argument(
        "--blank",
        action="store_true",
        help="talk-sheet, sign-in, home-visit: a blank form for handwriting",
    )
    printing.add_argument(
        "--term", metavar="NAME", help="term-plan, growth: the term, e.g. 2026-2027-1"
    )
    printing.add_argument(
        "--activity", metavar="ID", help="sign-in: the guardian meeting (an activity id)"
    )
    printing.add_argument(
        "--month", metavar="YYYY-MM", help="talk-sheet: the month printed (default: this month)"
    )


def _selection(db: Any, actor: Any, args: argparse.Namespace) -> Any:
    from liushou_desktop.domain.print_records import Selection, child_ids_for
    from liushou_desktop.domain.roster_export import class_ids_for

    if args.classes:
        return Selection(class_ids=tuple(class_ids_for(db, args.classes)))
    if args.grade is not None:
        return Selection(grade=args.grade)
    if args.children:
        return Selection(child_ids=tuple(child_ids_for(db, actor, args.children)))
    return Selection()


def _report(outcome: Any, noun: str) -> int:
    print(f"wrote {outcome.items} {noun} on {outcome.pages} page(s) to {outcome.path}")
    for item in outcome.unprintable:
        print(
            f"cannot print {' '.join(item.chars)} in “{item.text}” ({item.who}): no font has "
            "it; write it in by hand, or copy a rare-character font into the data folder's "
            "fonts folder",
            file=sys.stderr,
        )
    return 0


def cmd_cards(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.printing import PrintService

    selection = _selection(db, actor, args)
    outcome = PrintService(db).cards(actor, args.out, selection, args.layout)
    return _report(outcome, "cards")


def _month(text: str | None) -> date | None:
    from liushou_desktop.errors import UserError
    from liushou_desktop.i18n import QT_TRANSLATE_NOOP

    if text is None:
        return None
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "“{month}” is not a month: write it as YYYY-MM, e.g. 2026-11."
            ),
            {"month": text},
        ) from None


def _needs(value: Any, option: str, kind: str) -> None:
    from liushou_desktop.errors import UserError
    from liushou_desktop.i18n import QT_TRANSLATE_NOOP

    if not value:
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "print {kind} needs {option}: add it and try again."),
            {"kind": kind, "option": option},
        )


def cmd_activity_print(db: Any, args: argparse.Namespace, actor: Any) -> int:
    """``print term-plan|sign-in|home-visit|growth OUT``."""
    from liushou_desktop.domain.activity_print import ActivityPrintService
    from liushou_desktop.domain.print_records import child_ids_for

    service = ActivityPrintService(db)
    kind = args.kind
    children = child_ids_for(db, actor, args.children) if args.children else []
    if kind == "term-plan":
        _needs(args.term, "--term", kind)
        outcome = service.term_plan(actor, args.term, args.out)
        noun = "activities"
    elif kind == "sign-in":
        if not args.blank:
            _needs(args.activity, "--activity (or --blank)", kind)
        outcome = service.sign_in_sheet(actor, args.out, args.activity, blank=args.blank)
        noun = "children"
    elif kind == "home-visit":
        if not args.blank:
            _needs(children, "--child (or --blank)", kind)
        outcome = service.home_visit_form(actor, args.out, child_ids=children, blank=args.blank)
        noun = "forms"
    else:
        _needs(args.term, "--term", kind)
        _needs(children, "--child", kind)
        outcome = service.growth_summary(actor, args.out, children, args.term)
        noun = "children"
    print(f"wrote {outcome.items} {noun} on {outcome.pages} page(s) to {outcome.path}")
    return 0


def cmd_print(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.printing import PrintService

    if args.kind in ACTIVITY_KINDS:
        return cmd_activity_print(db, args, actor)
    if args.kind == TOWNSHIP_SUMMARY:
        from liushou_desktop.domain.township_report import print_summary

        outcome = print_summary(db, actor, args.out)
        print(
            f"wrote the summary of {outcome.items} schools on {outcome.pages} page(s) "
            f"to {outcome.path}"
        )
        return 0
    month = _month(args.month)
    blank = bool(args.blank and args.kind == "talk-sheet")
    selection = _selection(db, actor, args) if not blank else None
    service = PrintService(db)
    if selection is None:
        outcome = service.document(actor, args.kind, args.out, blank=True, month=month)
        print(f"wrote a blank talk record sheet on {outcome.pages} page(s) to {outcome.path}")
        return 0
    outcome = service.document(actor, args.kind, args.out, selection, month=month)
    return _report(outcome, "children")


def add_report_parser(
    sub: Any, add_data_dir: Callable[[argparse.ArgumentParser, Any], None]
) -> None:
    """Add ``report OUT.xlsx`` (the township's summary workbook) to the sub-parsers."""
    report = sub.add_parser(
        "report",
        help="at a township: write the summary workbook (乡镇汇总表), one row per school "
        "and the total, and a sheet per school by class",
    )
    add_data_dir(report, argparse.SUPPRESS)
    report.add_argument("out", type=Path, metavar="OUT.xlsx", help="the workbook to write")


def cmd_report(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.township_report import write_report

    path = write_report(db, actor, args.out)
    print(f"wrote the township summary to {path}")
    return 0
