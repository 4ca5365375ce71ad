"""``activities plan``, ``list`` and ``templates`` of the command line (cli_activities)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from liushou_desktop.cli import main
from liushou_desktop.cli_activities import add_activity_parsers, cmd_activities
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity
from liushou_desktop.domain.permissions import cli_actor
from liushou_desktop.domain.school_calendar import CalendarService
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from tests.helpers import FakeClock

ACTOR = cli_actor("school")
TERM = "2026-2027-1"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")

    def add_data_dir(p: argparse.ArgumentParser, default: Any) -> None:
        p.add_argument("--data-dir", default=default)

    add_activity_parsers(sub, add_data_dir)
    return parser.parse_args(argv)


@pytest.fixture
def school(school_db: Database, clock: FakeClock) -> Database:
    CalendarService(school_db, clock).save_term(ACTOR, TERM, date(2026, 9, 1), date(2027, 1, 22))
    return school_db


def count(db: Database) -> int:
    with db.session_scope("t") as session:
        return session.scalar(select(func.count()).select_from(Activity)) or 0


def test_plan_twice_creates_once(school: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_activities(school, parse("activities", "plan", "--term", TERM), ACTOR) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{TERM} from standard: created 25, kept 0, skipped 0"
    )
    assert count(school) == 25
    args = parse("activities", "plan", "--term", TERM, "--template", "standard")
    assert cmd_activities(school, args, ACTOR) == 0
    assert "created 0, kept 25" in capsys.readouterr().out
    assert count(school) == 25


def test_list_json_has_the_contract_keys(
    school: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    cmd_activities(school, parse("activities", "plan", "--term", TERM), ACTOR)
    capsys.readouterr()
    assert cmd_activities(school, parse("activities", "list", "--term", TERM, "--json"), ACTOR) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 25
    assert all(
        set(r) == {"date", "end_date", "type", "title", "target", "target_kind", "status", "id"}
        for r in rows
    )
    video = next(r for r in rows if r["title"] == "中秋·与远方父母视频团圆")
    assert (video["date"], video["end_date"], video["type"], video["target"]) == (
        "2026-09-24",
        "2026-09-24",
        "family_call",
        "全校",
    )
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    with school.session_scope("t") as session:
        assert {r["id"] for r in rows} == set(session.scalars(select(Activity.id)))
    assert cmd_activities(school, parse("activities", "list", "--term", TERM), ACTOR) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"25 activities in {TERM}"
    assert lines[0].split("\t")[0] == "2026-09-01..2026-09-05"


def test_templates_are_listed(school: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_activities(school, parse("activities", "templates"), ACTOR) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[0] == "standard" and lines[0].endswith("bundled")
    assert "autumn 25, spring 25" in lines[0]


def test_unknown_term_is_a_user_error(school: Database) -> None:
    with pytest.raises(UserError, match="校历"):
        cmd_activities(school, parse("activities", "plan", "--term", "2030-2031-1"), ACTOR)


def test_unknown_term_through_main_is_one_line_and_exit_1(
    school: Database, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["activities", "plan", "--data-dir", str(data_dir.root), "--term", "2030-2031-1"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        "liushou-desktop: There is no term 2030-2031-1 in the school calendar: enter the term "
        "in the school calendar (校历) first."
    ]
    assert main(["activities", "plan", "--data-dir", str(data_dir.root), "--term", TERM]) == 0
    assert main(["activities", "plan", "--data-dir", str(data_dir.root), "--term", TERM]) == 0
    assert "created 0, kept 25" in capsys.readouterr().out.splitlines()[-1]
    assert count(school) == 25
