"""Planning a month's talks for 1,000 children: ours against a bare sqlite3 executemany.

Run by ``run.py`` (operation ``talk_plan_in_process``), or by hand::

    python -m liushou_desktop --data-dir DIR demo --children 1000
    python benchmarks/talk_plan.py ours DATA_DIR       # TalkPlanService.plan_month
    python benchmarks/talk_plan.py baseline DATA_DIR   # sqlite3 executemany of as many rows

Each prints ``seconds <s>`` (the work alone: after the imports and after opening the
database, so without interpreter start-up) and ``talks <n>`` (the rows written).

Before the clock starts, both sides prepare the data dir the same way, untimed: every
active child without a mentor gets one (:data:`MENTORS` staff teachers added once,
children dealt to them in turn), and the talks of the benchmark month (:data:`MONTH`,
a month with school days that the demo's own talk records do not use) are removed, so
each run plans the whole school afresh.

**Ours** is ``TalkPlanService.plan_month`` as the administrator: it reads the school
calendar (statutory holidays, terms, marked days), the active children with their
mentors and classes and the month's talks, spreads each mentor's talks over the school
days, inserts the planned talks with their sync stamps, and writes the audit entry, in
one transaction.

**Baseline** reads the active children and their mentors before the clock starts, then
times only one ``executemany`` INSERT of a planned talk per child (days dealt in turn
over the month's weekdays, no calendar, no spreading per mentor) and the COMMIT, with
the app's pragmas (WAL, synchronous=FULL, foreign keys on).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

MONTH = date(2026, 6, 1)
MONTH_KEY = "2026-06"
MENTORS = 60
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON")


def _database(data_dir: Path) -> Path:
    from liushou_desktop.paths import DATABASE_NAME

    return data_dir / DATABASE_NAME


def prepare(data_dir: Path) -> None:
    """Give every active child a mentor and remove the benchmark month's talks (untimed)."""
    from sqlalchemy import delete, select, update

    from liushou_desktop.db.database import open_database
    from liushou_desktop.db.models import Child, Concern, School, Talk, Teacher
    from liushou_desktop.paths import DataDir

    db = open_database(DataDir(data_dir))
    try:
        with db.session_scope("bench") as session:
            school = session.scalars(select(School)).first()
            if school is None:
                raise SystemExit(f"no school in {data_dir}: make it with demo --children 1000")
            mentors = list(session.scalars(select(Teacher).where(Teacher.name.like("帮扶教师%"))))
            for n in range(len(mentors), MENTORS):
                mentor = Teacher(school_id=school.id, name=f"帮扶教师{n + 1:02d}")
                session.add(mentor)
                mentors.append(mentor)
            session.flush()
            lonely = session.scalars(
                select(Child)
                .where(Child.mentor_id.is_(None), Child.status == "active")
                .order_by(Child.id)
            )
            for n, child in enumerate(lonely):
                child.mentor_id = mentors[n % len(mentors)].id
            month = select(Talk.id).where(Talk.month == MONTH_KEY).scalar_subquery()
            session.execute(update(Concern).where(Concern.talk_id.in_(month)).values(talk_id=None))
            session.execute(delete(Talk).where(Talk.month == MONTH_KEY))
    finally:
        db.close()


def ours(data_dir: Path) -> tuple[float, int]:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.talk_plan import TalkPlanService
    from liushou_desktop.paths import DataDir

    prepare(data_dir)
    db = open_database(DataDir(data_dir))
    try:
        service = TalkPlanService(db)
        start = time.perf_counter()
        result = service.plan_month(cli_actor("school"), MONTH)
        elapsed = time.perf_counter() - start
    finally:
        db.close()
    if result.planned == 0 or result.holiday_month:
        raise SystemExit(f"nothing planned: {result}")
    return elapsed, result.planned


def baseline(data_dir: Path) -> tuple[float, int]:
    prepare(data_dir)
    connection = sqlite3.connect(_database(data_dir), isolation_level=None)
    try:
        for pragma in PRAGMAS:
            connection.execute(pragma)
        children = connection.execute(
            "SELECT id, mentor_id FROM child WHERE deleted = 0 AND status = 'active' ORDER BY id"
        ).fetchall()
        weekdays = [
            MONTH + timedelta(days=n)
            for n in range(30)
            if (MONTH + timedelta(days=n)).weekday() < 5
        ]
        start = time.perf_counter()
        now = datetime.now().isoformat(sep=" ")
        rows = [
            (
                str(uuid.uuid4()),
                child_id,
                mentor_id,
                MONTH_KEY,
                weekdays[n % len(weekdays)].isoformat(),
                n,
                now,
                now,
            )
            for n, (child_id, mentor_id) in enumerate(children)
        ]
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO talk (id, child_id, mentor_id, month, status, planned_on, form, place,"
            " topics, condition, problems, measures, concerns, author, clock, changed_by,"
            " origin, deleted, created_at, updated_at)"
            " VALUES (?,?,?,?,'planned',?,'face','','[]','','','','[]','',?,'bench','',0,?,?)",
            rows,
        )
        connection.execute("COMMIT")
        elapsed = time.perf_counter() - start
    finally:
        connection.close()
    return elapsed, len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=("ours", "baseline"))
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args(argv)
    seconds, talks = (ours if args.side == "ours" else baseline)(args.data_dir)
    print(f"seconds {seconds:.6f}")
    print(f"talks {talks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
