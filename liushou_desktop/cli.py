"""The ``liushou-desktop`` command: the GUI by default, subcommands for batch work.

The CLI never prompts, acts as the administrator (logged as ``cli``), and
reports bad input as one line on stderr with exit code 1 (2 for bad usage),
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from liushou_desktop import __version__
from liushou_desktop.cli_activities import add_activity_parsers, cmd_activities
from liushou_desktop.cli_bundle import add_bundle_parsers, cmd_bundle, cmd_conflicts
from liushou_desktop.cli_pairing import add_pairing_parsers, cmd_mentors
from liushou_desktop.cli_print import (
    add_print_parsers,
    add_report_parser,
    cmd_cards,
    cmd_print,
    cmd_report,
)
from liushou_desktop.cli_sync import add_sync_parsers, cmd_notices, cmd_pair, cmd_schools
from liushou_desktop.cli_talks import add_talk_parsers, cmd_talks, iso_day
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.paths import DataDir, default_data_dir, resolve_data_dir

log = logging.getLogger(__name__)
PROG = "liushou-desktop"
DEFAULT_DEMO_CHILDREN = 200


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {PROG} --help)\n")


def _add_data_dir(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="data folder (default: $LIUSHOU_DATA_DIR, a 'portable' file beside the "
        "program, or the user's application data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="农村留守儿童关爱工作平台 — liushou-desktop")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_data_dir(parser, None)
    parser.add_argument("--demo", action="store_true", help="open the demo school in the GUI")
    parser.add_argument(
        "--self-test", action="store_true", help="run a headless check of this installation"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    init = sub.add_parser("init", help="first-run set-up without the GUI")
    _add_data_dir(init, argparse.SUPPRESS)
    init.add_argument("--role", required=True, choices=("school", "township"))
    init.add_argument("--name", required=True, help="school or township name")
    init.add_argument("--code", required=True, help="school code (10 digits) or township code")
    init.add_argument("--township", default="", help="township the school belongs to")
    init.add_argument("--admin", default="admin", help="administrator's user name")
    init.add_argument(
        "--password-file", type=Path, help="file whose first line is the admin password"
    )
    init.add_argument("--family-phone", default="", help="the school's 亲情电话 number")
    init.add_argument("--emergency-phones", default="", help="emergency numbers, comma-separated")
    init.add_argument("--json", action="store_true", help="print the result as JSON")

    demo = sub.add_parser("demo", help="add demo children (sets up a demo school if needed)")
    _add_data_dir(demo, argparse.SUPPRESS)
    demo.add_argument("--children", type=int, default=DEFAULT_DEMO_CHILDREN, metavar="N")
    demo.add_argument("--json", action="store_true", help="print the result as JSON")

    audit = sub.add_parser("audit", help="the audit log")
    _add_data_dir(audit, argparse.SUPPRESS)
    audit_sub = audit.add_subparsers(
        dest="audit_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    verify = audit_sub.add_parser("verify", help="check the hash chain; exit 1 if broken")
    _add_data_dir(verify, argparse.SUPPRESS)

    backup = sub.add_parser("backup", help="write a verified backup file into a folder")
    _add_data_dir(backup, argparse.SUPPRESS)
    backup.add_argument("dest", type=Path, metavar="DEST", help="folder (created if missing)")
    backup.add_argument("--passphrase-file", type=Path, help="encrypt with this file's first line")

    restore = sub.add_parser("restore", help="replace the database with a backup file")
    _add_data_dir(restore, argparse.SUPPRESS)
    restore.add_argument("file", type=Path, metavar="FILE", help="a .lsbak backup file")
    restore.add_argument("--passphrase-file", type=Path, help="file whose first line decrypts it")

    recover = sub.add_parser(
        "recover",
        help="reset the administrator's password with the recovery code printed at set-up",
    )
    _add_data_dir(recover, argparse.SUPPRESS)
    recover.add_argument("--code-file", type=Path, required=True, help="file with the code")
    recover.add_argument(
        "--password-file",
        type=Path,
        required=True,
        help="file whose first line is the new password",
    )

    roster = sub.add_parser("roster", help="class rosters (Excel, WPS, CSV)")
    _add_data_dir(roster, argparse.SUPPRESS)
    roster_sub = roster.add_subparsers(
        dest="roster_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    roster_import = roster_sub.add_parser("import", help="import a roster (a backup is made first)")
    _add_data_dir(roster_import, argparse.SUPPRESS)
    roster_import.add_argument("file", type=Path, metavar="FILE", help=".xlsx, .xls or .csv")
    roster_import.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    roster_import.add_argument("--json", action="store_true", help="print the report as JSON")
    roster_export = roster_sub.add_parser(
        "export", help="write the children's roster (花名册) or register (登记表) workbook"
    )
    _add_data_dir(roster_export, argparse.SUPPRESS)
    roster_export.add_argument("file", type=Path, metavar="FILE", help="the .xlsx to write")
    roster_export.add_argument(
        "--form",
        choices=("roster", "register"),
        default="roster",
        help="roster: 花名册, one sheet per class (default); register: 登记表 columns",
    )
    roster_export.add_argument(
        "--class",
        dest="classes",
        action="append",
        metavar="NAME",
        help="only this class, e.g. 一年级1班 (repeatable; default: every class)",
    )

    year = sub.add_parser("school-year", help="start a new school year (in September)")
    _add_data_dir(year, argparse.SUPPRESS)
    year_sub = year.add_subparsers(
        dest="year_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    year_start = year_sub.add_parser(
        "start",
        help="move every class up a grade, graduate the top grade and open the re-survey "
        "(a backup is made first)",
    )
    _add_data_dir(year_start, argparse.SUPPRESS)
    year_start.add_argument(
        "--on", type=iso_day, metavar="YYYY-MM-DD", help="the first day (default: today)"
    )
    year_start.add_argument(
        "--top-grade",
        type=int,
        choices=(6, 9, 12),
        help="the school's top grade (default: 6 if no class is above grade 6, else 9)",
    )
    year_start.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    year_start.add_argument(
        "--force", action="store_true", help="start even if one was started less than 300 days ago"
    )
    year_start.add_argument("--json", action="store_true", help="print the plan as JSON")
    resurvey = year_sub.add_parser(
        "resurvey", help="the children whose records still need confirming this school year"
    )
    _add_data_dir(resurvey, argparse.SUPPRESS)
    resurvey.add_argument("--json", action="store_true", help="print the checklist as JSON")
    check = sub.add_parser("check", help="check the database and print counts")
    _add_data_dir(check, argparse.SUPPRESS)
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    add_print_parsers(sub, _add_data_dir)
    add_report_parser(sub, _add_data_dir)
    add_talk_parsers(sub, _add_data_dir)
    add_pairing_parsers(sub, _add_data_dir)
    add_activity_parsers(sub, _add_data_dir)
    add_sync_parsers(sub, _add_data_dir)
    add_bundle_parsers(sub, _add_data_dir)
    return parser


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


def _read_secret_file(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "Cannot read the file {path}: {reason}"),
            {"path": str(path), "reason": exc.strerror or str(exc)},
        ) from exc
    if not lines or not lines[0]:
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "The file {path} is empty."),
            {"path": str(path)},
        )
    return lines[0]


def _print_credentials(result: Any) -> None:
    print(f"Administrator / 管理员: {result.admin_username}")
    if result.generated_password:
        print(f"Password / 密码: {result.generated_password}")
    print(f"Recovery code / 恢复码: {result.recovery_code}")
    print("Shown only this once: write them down and keep them locked away.")
    print("只显示这一次：请抄写下来并妥善保管。")


def cmd_init(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.audit import CLI_ACTOR
    from liushou_desktop.domain.setup import SetupRequest, SetupService

    password = _read_secret_file(args.password_file) if args.password_file else None
    request = SetupRequest(
        role=args.role,
        name=args.name,
        code=args.code,
        township_name=args.township,
        admin_username=args.admin,
        admin_password=password,
        family_phone=args.family_phone,
        emergency_phones=args.emergency_phones,
    )
    result = SetupService(db).set_up(request, CLI_ACTOR)
    if args.json:
        _print_json(
            {
                "role": args.role,
                "code": args.code,
                "admin": result.admin_username,
                "password": result.generated_password,
                "recovery_code": result.recovery_code,
            }
        )
    else:
        print(f"Set up {args.role} “{args.name}” (code {args.code}).")
        _print_credentials(result)
    return 0


def cmd_demo(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.audit import CLI_ACTOR
    from liushou_desktop.domain.demo import DemoService

    result = DemoService(db).add_children(args.children, CLI_ACTOR)
    if args.json:
        out: dict[str, Any] = {
            "school": result.school_code,
            "children_added": result.children_added,
        }
        if result.setup:
            out["admin"] = result.setup.admin_username
            out["password"] = result.setup.generated_password
            out["recovery_code"] = result.setup.recovery_code
        _print_json(out)
    else:
        if result.setup:
            print(f"Set up the demo school (code {result.school_code}).")
            _print_credentials(result.setup)
        print(f"Added {result.children_added} demo children to school {result.school_code}.")
    return 0


def cmd_check(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.check import CheckService
    from liushou_desktop.domain.setup import SetupService

    SetupService(db).require_installation()
    report = CheckService(db).report()
    if args.json:
        _print_json(report)
    else:
        print("OK" if report["ok"] else "PROBLEMS FOUND")
        print(f"integrity: {report['integrity']}")
        print(f"schema: {report['schema']['revision']} (head {report['schema']['head']})")
        print(f"audit chain: {'ok' if report['audit']['ok'] else 'BROKEN'}")
        for key, value in report["counts"].items():
            print(f"{key}: {value}")
    return 0 if report["ok"] else 1


SETS_UP = ("init", "demo")  # the commands allowed on a data dir that is not set up


def _actor(db: Any) -> Any:
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.setup import SetupService

    return cli_actor(SetupService(db).require_installation().role)


def cmd_audit(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.audit_viewer import AuditService

    report = AuditService(db).verify()
    if report.ok:
        print(f"audit log intact: {report.entries} entries")
        return 0
    print(
        f"audit log BROKEN at entry {report.first_broken_id}: {report.reason}",
        file=sys.stderr,
    )
    return 1


def cmd_backup(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.backups import BackupService

    passphrase = _read_secret_file(args.passphrase_file) if args.passphrase_file else None
    path = BackupService(db).backup_now(_actor(db), args.dest, passphrase)
    print(path)
    if passphrase is None:
        print(
            "Warning: this backup is NOT encrypted; keep it locked away, or use --passphrase-file.",
            file=sys.stderr,
        )
    return 0


def cmd_restore(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.backups import BackupService

    passphrase = _read_secret_file(args.passphrase_file) if args.passphrase_file else None
    service = BackupService(db)
    actor = _actor(db)
    info = service.preview(actor, args.file)
    before = service.restore(actor, args.file, passphrase)
    children = info.counts.get("children_active", "?")
    print(f"Restored the backup of {info.created:%Y-%m-%d %H:%M} ({children} children).")
    print(f"The database as it was before is kept in {before}")
    return 0


def cmd_recover(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.accounts import AccountService

    code = _read_secret_file(args.code_file)
    password = _read_secret_file(args.password_file)
    result = AccountService(db).recover_admin(code, password)
    print(f"The password of “{result.username}” was reset.")
    print(f"New recovery code / 新的恢复码: {result.new_recovery_code}")
    print("The old code no longer works: write this one down and keep it locked away.")
    return 0


def _roster_export(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.roster_export import RosterExportService, class_ids_for

    actor = _actor(db)
    class_ids = class_ids_for(db, args.classes) if args.classes else None
    result = RosterExportService(db).export(actor, args.file, args.form, class_ids)
    print(f"exported {result.rows} children in {result.sheets} sheet(s) to {result.path}")
    return 0


def cmd_roster(db: Any, args: argparse.Namespace) -> int:
    if args.roster_command == "export":
        return _roster_export(db, args)
    from liushou_desktop.domain.roster_import import RosterImportService

    service = RosterImportService(db)
    actor = _actor(db)
    report = (service.preview if args.dry_run else service.run)(actor, args.file)
    if args.json:
        _print_json(report.to_json())
        return 0
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb} {report.imported}, updated {report.updated}, unchanged {report.unchanged}, "
        f"duplicates {report.duplicates}, rejected {report.rejected}, warnings {report.warnings}"
    )
    for problem in report.errors:
        print(
            f"{problem.severity}: {problem.sheet} row {problem.row} [{problem.column}] "
            f"{problem.code}: {problem.message}"
        )
    return 0


def cmd_school_year(db: Any, args: argparse.Namespace) -> int:
    from liushou_desktop.domain.school_year import SchoolYearService

    service = SchoolYearService(db)
    actor = _actor(db)
    if args.year_command == "resurvey":
        return _print_resurvey(service, actor, args.json)
    on = args.on or date.today()
    if args.dry_run:
        plan = service.preview(actor, on, args.top_grade)
        backup = ""
    else:
        result = service.run(actor, on, args.top_grade, force=args.force)
        plan, backup = result.plan, result.backup
    if args.json:
        _print_json({**plan.to_json(), "dry_run": args.dry_run, "backup": backup})
        return 0
    for move in (*plan.promoted, *plan.graduating):
        what = "graduates" if move.graduates else f"grade {move.new_grade}"
        print(f"{move.old_name} -> {move.new_name} ({move.children} children, {what})")
    for rename in plan.moved_aside:
        print(f"old class {rename.old_name} renamed {rename.new_name}")
    for klass in plan.unreadable:
        print(f"not promoted (no class number in the name): {klass.old_name}")
    for child in plan.without_class:
        print(f"no class, left as is: {child.name} {child.class_name}".rstrip())
    promote, graduate = (
        ("would promote", "would graduate") if args.dry_run else ("promoted", "graduated")
    )
    print(
        f"{promote} {len(plan.promoted)} classes ({plan.promoted_children} children), "
        f"{graduate} {len(plan.graduates)} children in {len(plan.graduating)} classes "
        f"(top grade {plan.top_grade})"
    )
    if plan.last_started_on is not None:
        print(f"the last school year was started on {plan.last_started_on.isoformat()}")
    if backup:
        print(f"backup: {backup}")
    return 0


def _print_resurvey(service: Any, actor: Any, as_json: bool) -> int:
    counts = service.resurvey_counts(actor)
    rows = service.resurvey(actor)
    started = counts.started_on.isoformat() if counts.started_on else None
    if as_json:
        _print_json(
            {
                "started_on": started,
                "to_confirm": counts.to_confirm,
                "confirmed": counts.confirmed,
                "children": [
                    {
                        "id": row.child_id,
                        "name": row.name,
                        "class": row.class_name,
                        "confirmed_on": row.confirmed_on.isoformat() if row.confirmed_on else None,
                        "missing": list(row.missing),
                    }
                    for row in rows
                ],
            }
        )
        return 0
    print(
        f"re-survey started {started or 'never'}: {counts.to_confirm} to confirm, "
        f"{counts.confirmed} confirmed"
    )
    for row in rows:
        print(f"{row.class_name or '-'}\t{row.name}\tmissing: {', '.join(row.missing) or '-'}")
    return 0


COMMANDS: dict[str, Callable[[Any, argparse.Namespace], int]] = {
    "roster": cmd_roster,
    "school-year": cmd_school_year,
    "init": cmd_init,
    "demo": cmd_demo,
    "check": cmd_check,
    "audit": cmd_audit,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "recover": cmd_recover,
    "cards": lambda db, args: cmd_cards(db, args, _actor(db)),
    "print": lambda db, args: cmd_print(db, args, _actor(db)),
    "report": lambda db, args: cmd_report(db, args, _actor(db)),
    "talks": lambda db, args: cmd_talks(db, args, _actor(db)),
    "mentors": lambda db, args: cmd_mentors(db, args, _actor(db)),
    "activities": lambda db, args: cmd_activities(db, args, _actor(db)),
    "pair": lambda db, args: cmd_pair(db, args, _actor(db)),
    "schools": lambda db, args: cmd_schools(db, args, _actor(db)),
    "notices": lambda db, args: cmd_notices(db, args, _actor(db)),
    "bundle": lambda db, args: cmd_bundle(db, args, _actor(db)),
    "conflicts": lambda db, args: cmd_conflicts(db, args, _actor(db)),
}


def _data_dir(args: argparse.Namespace) -> DataDir:
    if args.command is None and args.demo and not args.data_dir:
        import os

        if not os.environ.get("LIUSHOU_DATA_DIR"):
            return DataDir(default_data_dir() / "demo")
    return DataDir(resolve_data_dir(args.data_dir))


def run_command(args: argparse.Namespace) -> int:
    from liushou_desktop.applog import setup_logging
    from liushou_desktop.db.database import open_database

    data_dir = _data_dir(args)
    if args.command not in SETS_UP and not data_dir.database.exists():
        raise NotSetUpError()  # and leave no empty data folder behind
    data_dir.ensure()
    setup_logging(data_dir.logs)
    db = open_database(data_dir)
    try:
        return COMMANDS[args.command](db, args)
    finally:
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.self_test:
            from liushou_desktop.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            from liushou_desktop.gui.app import run_gui

            return run_gui(_data_dir(args), demo=args.demo)
        return run_command(args)
    except UserError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: logged with its traceback, one line for the user
        log.exception("unexpected error")
        print(
            f"{PROG}: unexpected error ({type(exc).__name__}); nothing was lost. "
            "Details are in the log file in the data folder's logs/.",
            file=sys.stderr,
        )
        return 1
