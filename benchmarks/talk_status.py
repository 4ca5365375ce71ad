"""The month's talk status of a township-sized school: 5,000 children, 60,000 talk records.

Run by ``run.py`` (operation ``talk_status_in_process``), or by hand::

    python benchmarks/talk_status.py make DATA_DIR       # build the database (untimed)
    python benchmarks/talk_status.py ours DATA_DIR       # TalkStatusService.status
    python benchmarks/talk_status.py baseline DATA_DIR   # the bare sqlite3 GROUP BY

``ours`` and ``baseline`` print ``seconds <s>``: the work alone, after the imports,
after opening the database and after one untimed warm-up call (the connection's set-up
and SQLAlchemy's statement cache: the status page runs in a long-lived process).

**make** sets up the demo school with 5,000 children (mentors, terms and three months of
talks come with it), then bulk-inserts held and planned talks for nine more months, up to
60,000 talk records, with ``insert_synced``.

**Ours** is ``TalkStatusService(db).status(cli_actor, month)`` for the last month with
talks: the permission check (its audit-free path), the totals, the figures by class and
by mentor, and the silent children, each one SQL aggregate, into frozen dataclasses.

**Baseline** is the one bare query that counts the same figures by class with sqlite3
(children, done, planned without done, overdue), no mentors and no silent list.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

CHILDREN = 5_000
TALKS = 60_000
MONTH = date(2026, 10, 1)  # the month measured: the demo clock's previous month
TODAY = date(2026, 10, 20)


def make(data_dir: Path) -> None:
    from sqlalchemy import func, select

    from liushou_desktop.db.database import open_database
    from liushou_desktop.db.models import Child, Talk
    from liushou_desktop.db.sync_meta import insert_synced
    from liushou_desktop.domain.demo import DemoService
    from liushou_desktop.paths import DataDir

    def clock() -> datetime:  # 2026-11-02: the demo's talks are of August to October
        return datetime(2026, 11, 2, 8, 30)  # naive UTC, as the app stores times

    db = open_database(DataDir(data_dir).ensure(), now=clock)
    try:
        DemoService(db, clock).add_children(CHILDREN, "cli")
        rng = random.Random("talk_status")
        with db.session_scope("cli") as session:
            have = session.scalar(select(func.count()).select_from(Talk)) or 0
            kids = list(session.execute(select(Child.id, Child.mentor_id)))
            rows = []
            month = date(2025, 11, 1)
            while len(rows) < TALKS - have:
                for child_id, mentor_id in kids:
                    if len(rows) >= TALKS - have:
                        break
                    day = month + timedelta(days=rng.randrange(28))
                    done = rng.random() < 0.9
                    rows.append(
                        dict(
                            child_id=child_id,
                            mentor_id=mentor_id,
                            month=f"{month:%Y-%m}",
                            status="done" if done else "planned",
                            planned_on=day,
                            held_on=day if done else None,
                            form="face",
                            condition="学习认真" if done else "",
                        )
                    )
                month = (month + timedelta(days=32)).replace(day=1)
            insert_synced(session, Talk, rows, clock())
    finally:
        db.close()


def ours(data_dir: Path) -> float:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.talk_status import TalkStatusService
    from liushou_desktop.paths import DataDir

    db = open_database(DataDir(data_dir))
    try:
        service = TalkStatusService(db)
        service.status(cli_actor("school"), MONTH, TODAY)  # warm-up: connection, SQL cache
        start = time.perf_counter()
        status = service.status(cli_actor("school"), MONTH, TODAY)
        elapsed = time.perf_counter() - start
    finally:
        db.close()
    if status.total.children != CHILDREN or not status.total.done:
        raise SystemExit(f"unexpected figures: {status.total}")
    return elapsed


BASELINE_QUERY = """
SELECT k.name, count(c.id), coalesce(sum(coalesce(t.done, 0)), 0),
       coalesce(sum(t.planned = 1 AND coalesce(t.done, 0) = 0), 0),
       coalesce(sum(t.overdue), 0)
FROM child c
JOIN school_class k ON k.id = c.class_id
LEFT JOIN (
    SELECT child_id, max(status = 'done') AS done, max(status = 'planned') AS planned,
           sum(status = 'planned' AND planned_on < ?) AS overdue
    FROM talk WHERE month = ? AND deleted = 0 GROUP BY child_id
) t ON t.child_id = c.id
WHERE c.deleted = 0 AND c.status = 'active'
GROUP BY k.id ORDER BY k.grade, k.name
"""


def baseline(data_dir: Path) -> float:
    from liushou_desktop.paths import DATABASE_NAME

    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    try:
        connection.execute(BASELINE_QUERY, (TODAY.isoformat(), f"{MONTH:%Y-%m}")).fetchall()
        start = time.perf_counter()
        rows = connection.execute(BASELINE_QUERY, (TODAY.isoformat(), f"{MONTH:%Y-%m}")).fetchall()
        elapsed = time.perf_counter() - start
    finally:
        connection.close()
    if sum(row[1] for row in rows) != CHILDREN:
        raise SystemExit("unexpected figures")
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=("make", "ours", "baseline"))
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args(argv)
    if args.side == "make":
        make(args.data_dir)
        return 0
    seconds = (ours if args.side == "ours" else baseline)(args.data_dir)
    print(f"seconds {seconds:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
