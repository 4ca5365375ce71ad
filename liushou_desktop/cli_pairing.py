"""The pairing commands (结对帮扶): ``mentors list|assign|even|hand-over``.

* ``mentors list [--json]``: children per mentor (every active teacher, 0 included);
* ``mentors assign --class NAME --teacher NAME``: the teacher mentors every active child
  of the class (or ``--child ID``, repeatable: an ID number or a record id);
* ``mentors even [--teacher NAME ...]``: share every active child evenly among the
  teachers named (default: every active teacher), keeping current pairs where it can;
* ``mentors hand-over FROM TO``: every child of the teacher FROM goes to the teacher TO.

Teachers are named as in the list of teachers (``mentors list``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

__all__ = ["add_pairing_parsers", "cmd_mentors", "teacher_id_for"]


def add_pairing_parsers(
    sub: Any, add_data_dir: Callable[[argparse.ArgumentParser, Any], None]
) -> None:
    """Add ``mentors`` and its sub-commands to the command line's sub-parsers."""
    mentors = sub.add_parser("mentors", help="pair mentor teachers with children (结对帮扶)")
    add_data_dir(mentors, argparse.SUPPRESS)
    commands = mentors.add_subparsers(dest="mentors_command", required=True)
    listing = commands.add_parser("list", help="children per mentor, the busiest first")
    add_data_dir(listing, argparse.SUPPRESS)
    listing.add_argument("--json", action="store_true", help="print the workload as JSON")
    assign = commands.add_parser(
        "assign", help="make a teacher the mentor of a class's children, or of some children"
    )
    add_data_dir(assign, argparse.SUPPRESS)
    group = assign.add_mutually_exclusive_group(required=True)
    group.add_argument("--class", dest="class_name", metavar="NAME", help="e.g. 三年级2班")
    group.add_argument(
        "--child",
        dest="children",
        action="append",
        metavar="ID",
        help="one child: an ID number or a record id (repeatable)",
    )
    assign.add_argument("--teacher", required=True, metavar="NAME", help="the mentor's name")
    even = commands.add_parser(
        "even", help="share the active children evenly among mentors, keeping current pairs"
    )
    add_data_dir(even, argparse.SUPPRESS)
    even.add_argument(
        "--teacher",
        dest="teachers",
        action="append",
        metavar="NAME",
        help="a mentor to share among (repeatable; default: every active teacher)",
    )
    hand_over = commands.add_parser(
        "hand-over", help="a mentor who leaves: all their children to another teacher"
    )
    add_data_dir(hand_over, argparse.SUPPRESS)
    hand_over.add_argument("from_teacher", metavar="FROM", help="the teacher who leaves")
    hand_over.add_argument("to_teacher", metavar="TO", help="the teacher who takes the children")


def teacher_id_for(db: Any, name: str, *, active_only: bool = True) -> str:
    """The id of the teacher called ``name``; UserError if there is none, or several."""
    from sqlalchemy import select

    from liushou_desktop.db.models import Teacher
    from liushou_desktop.errors import UserError
    from liushou_desktop.i18n import QT_TRANSLATE_NOOP

    query = select(Teacher.id).where(Teacher.name == name.strip(), Teacher.deleted.is_(False))
    if active_only:
        query = query.where(Teacher.active.is_(True))
    with db.session_factory() as session:
        found = list(session.scalars(query))
    if len(found) != 1:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "There is no teacher called “{name}” (or there are several): check the name "
                "with “mentors list”.",
            ),
            {"name": name},
        )
    return found[0]


def cmd_mentors(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.pairing import PairingService

    service = PairingService(db)
    command = args.mentors_command
    if command == "list":
        return _print_workload(service, actor, args.json)
    if command == "assign":
        teacher_id = teacher_id_for(db, args.teacher)
        if args.class_name:
            from liushou_desktop.domain.roster_export import class_ids_for

            (class_id,) = class_ids_for(db, [args.class_name])
            changed = service.assign_class(actor, class_id, teacher_id)
        else:
            from liushou_desktop.domain.print_records import child_ids_for

            changed = service.assign(actor, child_ids_for(db, actor, args.children), teacher_id)
        print(f"{args.teacher} now mentors {changed} more children")
        return 0
    if command == "even":
        if args.teachers:
            teacher_ids = [teacher_id_for(db, name) for name in args.teachers]
        else:
            teacher_ids = [t.teacher_id for t in service.teachers(actor)]
        loads = service.assign_evenly(actor, teacher_ids)
        counts = sorted(loads.values())
        low, high = (counts[0], counts[-1]) if counts else (0, 0)
        print(f"shared {sum(counts)} children among {len(counts)} mentors ({low} to {high} each)")
        return 0
    if command == "hand-over":
        from_id = teacher_id_for(db, args.from_teacher, active_only=False)
        moved = service.hand_over(actor, from_id, teacher_id_for(db, args.to_teacher))
        print(f"handed over {moved} children from {args.from_teacher} to {args.to_teacher}")
        return 0
    raise AssertionError(command)


def _print_workload(service: Any, actor: Any, as_json: bool) -> int:
    loads = service.workload(actor)
    without = service.without_mentor(actor)
    if as_json:
        print(
            json.dumps(
                {
                    "mentors": [
                        {
                            "id": load.teacher_id,
                            "name": load.name,
                            "children": load.children,
                            "classes": load.classes,
                        }
                        for load in loads
                    ],
                    "without_mentor": without,
                },
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
        )
        return 0
    for load in loads:
        print(f"{load.name}\t{load.children}\t{'、'.join(load.classes) or '-'}")
    print(f"children without a mentor: {without}")
    return 0
