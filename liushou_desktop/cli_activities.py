"""The term-plan commands: ``activities plan``, ``activities list`` and ``activities templates``.

``plan --term T [--template NAME]`` adds the template's items to the term's plan (planning
twice adds nothing); ``list --term T`` prints the term's activities, or with ``--json`` a
list of ``{"date", "end_date", "type", "title", "target", "target_kind", "status", "id"}``
(ISO dates, ``type`` the kind code, ``target`` the target in Chinese words);
``templates`` lists the templates to plan from.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

__all__ = ["add_activity_parsers", "cmd_activities"]


def add_activity_parsers(
    sub: Any, add_data_dir: Callable[[argparse.ArgumentParser, Any], None]
) -> None:
    """Add ``activities plan``, ``activities list`` and ``activities templates``."""
    activities = sub.add_parser("activities", help="the term plan (行事历): plan and list")
    add_data_dir(activities, argparse.SUPPRESS)
    activities_sub = activities.add_subparsers(
        dest="activities_command", metavar="ACTION", required=True, parser_class=type(activities)
    )
    plan = activities_sub.add_parser(
        "plan", help="add a template's activities to a term's plan (twice adds nothing)"
    )
    add_data_dir(plan, argparse.SUPPRESS)
    plan.add_argument("--term", required=True, metavar="TERM", help="e.g. 2026-2027-1")
    plan.add_argument(
        "--template", default=None, metavar="NAME", help="template name (default: standard)"
    )
    listing = activities_sub.add_parser("list", help="the term's activities, by date")
    add_data_dir(listing, argparse.SUPPRESS)
    listing.add_argument("--term", required=True, metavar="TERM", help="e.g. 2026-2027-1")
    listing.add_argument("--json", action="store_true", help="print the activities as JSON")
    templates = activities_sub.add_parser("templates", help="the templates to plan from")
    add_data_dir(templates, argparse.SUPPRESS)


def cmd_activities(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.activities import ActivityService

    service = ActivityService(db)
    if args.activities_command == "plan":
        return _plan(service, args, actor)
    if args.activities_command == "list":
        return _list(service, args, actor)
    return _templates(service, actor)


def _plan(service: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.activity_templates import DEFAULT_TEMPLATE

    result = service.plan_term(actor, args.term, args.template or DEFAULT_TEMPLATE)
    print(
        f"{result.term_name} from {result.template}: created {result.created}, "
        f"kept {result.kept}, skipped {len(result.skipped)}"
    )
    for title in result.skipped:
        print(f"  skipped (outside the term): {title}")
    return 0


def _list(service: Any, args: argparse.Namespace, actor: Any) -> int:
    rows = service.list(actor, args.term)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "date": row.starts_on.isoformat(),
                        "end_date": row.ends_on.isoformat(),
                        "type": row.kind,
                        "title": row.title,
                        "target": row.target_label,
                        "target_kind": row.target_kind,
                        "status": row.status,
                        "id": row.id,
                    }
                    for row in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for row in rows:
        days = row.starts_on.isoformat()
        if row.ends_on != row.starts_on:
            days += f"..{row.ends_on.isoformat()}"
        print(f"{days}\t{row.kind}\t{row.status}\t{row.title}\t{row.target_label}")
    print(f"{len(rows)} activities in {args.term}")
    return 0


def _templates(service: Any, actor: Any) -> int:
    for info in service.templates(actor):
        origin = "bundled" if info.bundled else "saved"
        print(f"{info.name}\t{info.title}\tautumn {info.autumn}, spring {info.spring}\t{origin}")
    return 0
