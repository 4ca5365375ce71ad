"""The pairing commands: ``pair export|import|accept`` and ``schools add|list``.

* ``pair export FILE`` (township): write the pairing file the schools import;
* ``pair import FILE`` (school): pin the township in the pairing file;
* ``pair accept CODE``: accept the changed key of a school (or the township), after the
  fingerprints were compared by phone; prints the old and the new fingerprint;
* ``schools add CODE NAME [--expected N]`` (township): enter a school, or change its
  name and expected number of left-behind children (建档率);
* ``schools list [--json]``: the township's schools (at a school: its township); the
  JSON is a list of ``{code, name, fingerprint, key_pending, expected_children,
  last_bundle_at}`` (and ``role``, ``pending_fingerprint``, ``paired``);
* ``schools share-template CODE NAME [--as NAME]`` (township): share the term-plan
  template a school saved with every school;
* ``notices send TITLE [--text TEXT] [--due YYYY-MM-DD]`` (township), ``notices list
  [--json]``, ``notices withdraw ID`` (township): the township's notices (通知) to its
  schools, which its bundles carry.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from liushou_desktop.cli_talks import iso_day

__all__ = ["add_sync_parsers", "cmd_notices", "cmd_pair", "cmd_schools"]


def _count(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of children (0 or more): {text}")
    return value


def add_sync_parsers(
    sub: Any, add_data_dir: Callable[[argparse.ArgumentParser, Any], None]
) -> None:
    """Add ``pair``, ``schools`` and ``notices`` and their sub-commands to the command
    line."""
    pair = sub.add_parser("pair", help="pair the schools with the township (keys for bundles)")
    add_data_dir(pair, argparse.SUPPRESS)
    pair_sub = pair.add_subparsers(
        dest="pair_command", metavar="ACTION", required=True, parser_class=type(pair)
    )
    export = pair_sub.add_parser(
        "export", help="at the township: write the pairing file for the schools"
    )
    add_data_dir(export, argparse.SUPPRESS)
    export.add_argument("file", type=Path, metavar="FILE")
    take = pair_sub.add_parser("import", help="at a school: import the township's pairing file")
    add_data_dir(take, argparse.SUPPRESS)
    take.add_argument("file", type=Path, metavar="FILE")
    accept = pair_sub.add_parser(
        "accept", help="accept the new key of a school or the township (a new or reinstalled PC)"
    )
    add_data_dir(accept, argparse.SUPPRESS)
    accept.add_argument("code", metavar="CODE")

    schools = sub.add_parser("schools", help="the township's schools")
    add_data_dir(schools, argparse.SUPPRESS)
    schools_sub = schools.add_subparsers(
        dest="schools_command", metavar="ACTION", required=True, parser_class=type(schools)
    )
    add = schools_sub.add_parser(
        "add", help="at the township: enter a school, or change its name or expected number"
    )
    add_data_dir(add, argparse.SUPPRESS)
    add.add_argument("code", metavar="CODE", help="the school's code (10 digits)")
    add.add_argument("name", metavar="NAME", help="the school's name")
    add.add_argument(
        "--expected",
        type=_count,
        metavar="N",
        help="expected number of left-behind children, for 建档率 (default: keep / none)",
    )
    listing = schools_sub.add_parser("list", help="the schools, their keys and last bundles")
    add_data_dir(listing, argparse.SUPPRESS)
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    share = schools_sub.add_parser(
        "share-template",
        help="at the township: share the term-plan template a school saved with every school",
    )
    add_data_dir(share, argparse.SUPPRESS)
    share.add_argument("code", metavar="CODE", help="the code of the school that saved it")
    share.add_argument("name", metavar="NAME", help="the template's name at that school")
    share.add_argument("--as", dest="shared_name", metavar="NAME", help="share it by this name")

    notices = sub.add_parser("notices", help="the township's notices (通知) to its schools")
    add_data_dir(notices, argparse.SUPPRESS)
    notices_sub = notices.add_subparsers(
        dest="notices_command", metavar="ACTION", required=True, parser_class=type(notices)
    )
    send = notices_sub.add_parser(
        "send", help="at the township: write a notice; the next bundles take it to the schools"
    )
    add_data_dir(send, argparse.SUPPRESS)
    send.add_argument("title", metavar="TITLE")
    send.add_argument("--text", default="", help="what the notice says")
    send.add_argument("--due", type=iso_day, metavar="YYYY-MM-DD", help="a deadline, if any")
    shown = notices_sub.add_parser("list", help="the notices, the newest first")
    add_data_dir(shown, argparse.SUPPRESS)
    shown.add_argument("--json", action="store_true", help="print the list as JSON")
    withdraw = notices_sub.add_parser(
        "withdraw", help="at the township: withdraw a notice (the schools' copies go too)"
    )
    add_data_dir(withdraw, argparse.SUPPRESS)
    withdraw.add_argument("id", metavar="ID", help="the notice's id (notices list)")


def cmd_pair(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.sync_peers import PeerService

    service = PeerService(db)
    if args.pair_command == "export":
        public = service.export_pairing(actor, args.file)
        print(f"wrote the pairing file of {public.name} ({public.code}) to {args.file}")
        print(f"fingerprint: {public.fingerprint}")
        print("Give it to the schools (pair import); read them the fingerprint by phone.")
        return 0
    if args.pair_command == "import":
        view = service.import_pairing(actor, args.file)
        print(f"paired with the township {view.name} ({view.code})")
        print(f"fingerprint: {view.fingerprint}")
        print("Phone the township and check that they read you the same fingerprint.")
        return 0
    before = {peer.code: peer for peer in service.schools(actor)}.get(args.code.strip())
    view = service.accept(actor, args.code)
    old = before.fingerprint if before is not None else ""
    print(f"accepted the new key of {view.name} ({view.code})")
    print(f"old fingerprint: {old or '-'}")
    print(f"new fingerprint: {view.fingerprint}")
    return 0


def cmd_schools(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.sync_peers import PeerService

    service = PeerService(db)
    if args.schools_command == "share-template":
        from liushou_desktop.domain.township_sharing import SharingService

        shared = SharingService(db).share_template(actor, args.code, args.name, args.shared_name)
        print(f"shared the template {shared}: the next bundles take it to every school")
        return 0
    if args.schools_command == "add":
        view = service.add_school(actor, args.code, args.name, args.expected)
        expected = "-" if view.expected_children is None else view.expected_children
        print(f"school {view.code} {view.name}: expected children {expected}")
        return 0
    peers = service.schools(actor)
    if args.json:
        print(
            json.dumps(
                [peer.to_json() for peer in peers], ensure_ascii=False, indent=2, sort_keys=True
            )
        )
        return 0
    if not peers:
        print("no schools entered yet (schools add CODE NAME --expected N)")
        return 0
    width = max(_width(peer.name) for peer in peers) + 2
    print(f"{'code':<12}{'name'}{' ' * (width - 4)}{'expected':>9}  {'key':<21}last bundle")
    for peer in peers:
        expected = "-" if peer.expected_children is None else str(peer.expected_children)
        key = peer.fingerprint or "(not paired)"
        last = f"{peer.last_bundle_at:%Y-%m-%d %H:%M}" if peer.last_bundle_at else "never"
        waiting = f"  new key waiting: {peer.pending_fingerprint}" if peer.key_pending else ""
        print(
            f"{peer.code:<12}{peer.name}{' ' * (width - _width(peer.name))}{expected:>9}  "
            f"{key:<21}{last}{waiting}"
        )
    return 0


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cmd_notices(db: Any, args: argparse.Namespace, actor: Any) -> int:
    from liushou_desktop.domain.township_sharing import SharingService

    service = SharingService(db)
    if args.notices_command == "send":
        notice = service.send_notice(actor, args.title, args.text, args.due)
        print(f"notice {notice.id}: {notice.title}")
        print("The next bundles to the schools (bundle export --all) take it to them.")
        return 0
    if args.notices_command == "withdraw":
        service.withdraw_notice(actor, args.id.strip())
        print(f"withdrew notice {args.id.strip()}: the next bundles take it off the schools")
        return 0
    notices = service.notices()
    if args.json:
        rows = [
            {
                "id": n.id,
                "title": n.title,
                "text": n.text,
                "issued_on": n.issued_on.isoformat(),
                "due_on": n.due_on.isoformat() if n.due_on else None,
                "issuer": n.issuer,
            }
            for n in notices
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not notices:
        print("no notices")
    for n in notices:
        due = f"  (due {n.due_on.isoformat()})" if n.due_on else ""
        print(f"{n.issued_on.isoformat()}  {n.issuer}: {n.title}{due}  [{n.id}]")
        if n.text:
            print(f"    {n.text}")
    return 0
