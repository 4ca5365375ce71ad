"""The sync bundle commands: ``bundle export|import|inspect`` and ``conflicts list|reverse``.

* ``bundle export OUT [--full] [--to CODE | --all]``: at a school, the bundle for its
  township (``--full``: everything, not only what changed since the last receipt); at
  the township, receipts for one school or all. ``OUT`` is a folder (the USB stick) or
  a file ending in ``.lsb``. Prints each file written, and that the stick may be pulled.
* ``bundle import FILE [--dry-run] [--json]``: check and merge a bundle; ``--json``
  prints ``{"status", "tables": {name: {new, changed, conflicting, deleted}},
  "conflicts": n, ...}``. A refused bundle prints ``refused (<reason>)`` on stdout and
  the plain message on stderr, exit 1.
* ``bundle inspect FILE``: the header (readable without a key) as JSON.
* ``conflicts list [--all] [--json]``, ``conflicts reverse ID``, ``conflicts keep ID``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

__all__ = ["add_bundle_parsers", "cmd_bundle", "cmd_conflicts"]

PROG = "liushou-desktop"


def _conflict_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"not a conflict number: {text}")
    return value


def add_bundle_parsers(
    sub: Any, add_data_dir: Callable[[argparse.ArgumentParser, Any], None]
) -> None:
    """Add ``bundle`` and ``conflicts`` and their sub-commands to the command line."""
    bundle = sub.add_parser("bundle", help="sync bundles (同步包) for the USB stick")
    add_data_dir(bundle, argparse.SUPPRESS)
    bundle_sub = bundle.add_subparsers(
        dest="bundle_command", metavar="ACTION", required=True, parser_class=type(bundle)
    )
    export = bundle_sub.add_parser(
        "export", help="write a bundle: a school's for its township, or the township's receipts"
    )
    add_data_dir(export, argparse.SUPPRESS)
    export.add_argument("out", type=Path, metavar="OUT", help="a folder (the stick) or FILE.lsb")
    export.add_argument(
        "--full", action="store_true", help="at a school: every record, not only the changes"
    )
    whom = export.add_mutually_exclusive_group()
    whom.add_argument("--to", metavar="CODE", help="at the township: for this school")
    whom.add_argument(
        "--all", action="store_true", dest="all_schools", help="at the township: every school"
    )
    take = bundle_sub.add_parser("import", help="check a bundle and merge it")
    add_data_dir(take, argparse.SUPPRESS)
    take.add_argument("file", type=Path, metavar="FILE")
    take.add_argument("--dry-run", action="store_true", help="say what it would do, write nothing")
    take.add_argument("--json", action="store_true", help="print the outcome as JSON")
    look = bundle_sub.add_parser("inspect", help="print a bundle's header (no key needed)")
    add_data_dir(look, argparse.SUPPRESS)
    look.add_argument("file", type=Path, metavar="FILE")

    conflicts = sub.add_parser("conflicts", help="values a merge set aside, to review")
    add_data_dir(conflicts, argparse.SUPPRESS)
    conflicts_sub = conflicts.add_subparsers(
        dest="conflicts_command", metavar="ACTION", required=True, parser_class=type(conflicts)
    )
    listing = conflicts_sub.add_parser("list", help="the conflicts to review")
    add_data_dir(listing, argparse.SUPPRESS)
    listing.add_argument("--all", action="store_true", help="decided ones too")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    for name, text in (
        ("reverse", "put the value the merge set aside back"),
        ("keep", "keep the merged value, mark the conflict reviewed"),
    ):
        decide = conflicts_sub.add_parser(name, help=text)
        add_data_dir(decide, argparse.SUPPRESS)
        decide.add_argument("id", type=_conflict_id, metavar="ID")


def cmd_bundle(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.sync_bundles import BundleService
    from liushou_desktop.sync.bundle_format import BundleRefused

    service = BundleService(db)
    if args.bundle_command == "inspect":
        header = service.inspect(args.file)
        print(json.dumps(asdict(header), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if args.bundle_command == "export":
        results = service.export(
            actor, args.out, full=args.full, to=args.to, all_schools=args.all_schools
        )
        for result in results:
            rows = sum(n for name, n in result.counts.items() if name != "field_clock")
            print(
                f"wrote {result.path} for {result.recipient_name} ({result.recipient}): "
                f"{result.size:,} bytes, {rows:,} records"
            )
        print("Written and read back: the USB stick can be pulled out now.")
        return 0
    try:
        outcome = service.import_bundle(actor, args.file, dry_run=args.dry_run)
    except BundleRefused as exc:
        print(f"refused ({exc.reason})")
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(outcome.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    print(f"{outcome.status}: bundle from {outcome.header.sender}")
    for line in outcome.summary:
        print(line)
    for conflict in outcome.conflicts:
        print(_conflict_line(conflict))
    return 0


def _conflict_line(conflict: Any) -> str:
    who = f" ({conflict.child_name})" if conflict.child_name else ""
    return (
        f"#{conflict.id} {conflict.table}.{conflict.field}{who}: kept "
        f"{conflict.kept!r} from {conflict.kept_origin_name or '?'}, set aside "
        f"{conflict.lost!r} from {conflict.lost_origin_name or '?'}"
    )


def cmd_conflicts(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.sync_bundles import BundleService

    service = BundleService(db)
    if args.conflicts_command == "reverse":
        service.reverse_conflict(actor, args.id)
        print(f"conflict #{args.id}: the value set aside is back")
        return 0
    if args.conflicts_command == "keep":
        service.keep_conflict(actor, args.id)
        print(f"conflict #{args.id}: kept the merged value")
        return 0
    views = service.conflicts(actor, include_resolved=args.all)
    if args.json:
        rows = [{**asdict(v), "seen_at": v.seen_at.isoformat()} for v in views]
        print(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if not views:
        print("no conflicts to review")
    for view in views:
        print(_conflict_line(view) + ("  [decided]" if view.resolved else ""))
    return 0
