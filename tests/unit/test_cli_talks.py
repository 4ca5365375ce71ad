"""``talks status`` and ``talks plan`` of the command line (cli_talks), run in-process."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from liushou_desktop.cli_talks import add_talk_parsers, cmd_talks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Talk
from liushou_desktop.domain.permissions import cli_actor
from liushou_desktop.domain.talks import TalkForm, TalkService
from tests.helpers import FakeClock

ACTOR = cli_actor("school")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")

    def add_data_dir(p: argparse.ArgumentParser, default: Any) -> None:
        p.add_argument("--data-dir", default=default)

    add_talk_parsers(sub, add_data_dir)
    return parser.parse_args(argv)


@pytest.fixture
def school(school_db: Database, clock: FakeClock) -> Database:
    from liushou_desktop.domain.demo import DemoService

    DemoService(school_db, clock).add_children(60, "t")
    return school_db


def test_status_json_counts_the_months_records(
    school: Database, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    with school.session_scope("t") as session:
        child_ids = list(session.scalars(select(Child.id).order_by(Child.name_pinyin)))
    for child_id in child_ids[:3]:
        TalkService(school, clock).record(ACTOR, child_id, TalkForm(held_on=date(2026, 11, 2)))
    assert cmd_talks(school, parse("talks", "status", "--month", "2026-11", "--json"), ACTOR) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"month", "children", "done", "planned", "overdue", "rate", "classes"}
    with school.session_scope("t") as session:
        done = set(session.scalars(select(Talk.child_id).where(Talk.month == "2026-11")))
    assert len(done) == 3
    assert (out["month"], out["children"], out["done"]) == ("2026-11", 60, 3)
    assert out["rate"] == pytest.approx(3 / 60)
    assert sum(c["children"] for c in out["classes"].values()) == 60
    assert sum(c["done"] for c in out["classes"].values()) == 3
    assert all(
        set(c) == {"children", "done", "planned", "overdue", "rate"}
        for c in out["classes"].values()
    )


def test_status_table_is_readable(school: Database, capsys: pytest.CaptureFixture[str]) -> None:
    args = parse("talks", "status", "--month", "2026-11", "--today", "2026-11-20")
    assert args.today == date(2026, 11, 20)
    assert cmd_talks(school, args, ACTOR) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "talks of 2026-11"
    assert lines[1].split() == ["class", "children", "done", "planned", "overdue", "rate"]
    assert any(line.startswith("一年级1班") for line in lines)
    total = next(line for line in lines if line.startswith("total"))
    assert total.split()[1] == "60"


def test_a_bad_month_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse("talks", "status", "--month", "2026/11")
    assert "not a month (YYYY-MM" in capsys.readouterr().err


def test_plan_prints_the_result_in_one_line(
    school: Database, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cmd_talks(school, parse("talks", "plan", "--month", "2026-11"), ACTOR) == 0
    [line] = capsys.readouterr().out.splitlines()
    with school.session_scope("t") as session:
        planned = len(list(session.scalars(select(Talk.id).where(Talk.status == "planned"))))
    assert line.startswith("2026-11: planned ") and f"planned {planned}," in line
