"""The kill test: SIGKILL the writer at random moments; the database stays whole.

Each round starts ``tests.e2e.crash_writer`` on the same data dir, waits for
its first committed operation, lets it run for a random 0-300 ms more, kills
it with SIGKILL, and then checks the database from the outside:

- ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` is empty;
- the audit chain verifies and ``CheckService`` reports ok;
- no operation is there in part: the children equal the sum of every import's
  K, every family has its four guardians and at least one child, and every
  child carries exactly the token of the last edit that lists it (see
  :mod:`tests.e2e.crash_writer`); the clock has advanced past every row;
- nothing the writer reported as committed was lost: the round added as many
  audit entries as the writer printed ``commit`` lines, or one more when it was
  killed after a commit but before printing it.

SIGKILL ends a process at once, as a crash or the task manager would; what the
process had handed to the operating system stays, so this tests atomicity
across process death, not a power cut (``synchronous=FULL`` is for that).
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import open_database
from liushou_desktop.db.models import SYNCED_MODELS, AuditEntry, Child, Installation
from liushou_desktop.domain import audit
from liushou_desktop.domain.check import CheckService
from liushou_desktop.paths import DataDir
from tests.e2e.crash_writer import EDIT_ACTION, IMPORT_ACTION, expected_tokens, is_token, token
from tests.helpers import ROOT, run_cli

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

INITIAL_CHILDREN = 20
FIRST_COMMIT_TIMEOUT_S = 60.0
MAX_EXTRA_RUN_S = 0.3


@dataclass
class Tally:
    """What the kill rounds did and found."""

    kills: int = 0
    ops_reported: int = 0  # "commit" lines the writers printed
    ops_in_database: int = 0  # audit entries the rounds added
    outcomes: Counter[str] = field(default_factory=Counter)  # where each kill landed
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        where = ", ".join(f"{key} {value}" for key, value in sorted(self.outcomes.items()))
        return (
            f"kills={self.kills} ops_reported={self.ops_reported} "
            f"ops_in_database={self.ops_in_database} failures={len(self.failures)} "
            f"time={self.seconds:.1f}s ({where})"
        )


@dataclass(frozen=True)
class DatabaseState:
    problems: list[str]
    audit_entries: int


def check_database(root: Path) -> DatabaseState:
    """Every check in the module docstring except the per-round count of operations."""
    problems: list[str] = []
    data_dir = DataDir(root)
    with closing(sqlite3.connect(data_dir.database)) as conn:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        if foreign:
            problems.append(f"foreign_key_check: {foreign[:5]}")
        for label, sql in (
            (
                "families without exactly four guardians",
                "SELECT count(*) FROM family f WHERE "
                "(SELECT count(*) FROM guardian g WHERE g.family_id = f.id) != 4",
            ),
            (
                "families without a child",
                "SELECT count(*) FROM family f WHERE "
                "NOT EXISTS (SELECT 1 FROM child c WHERE c.family_id = f.id)",
            ),
            (
                "children without a class or family",
                "SELECT count(*) FROM child WHERE class_id IS NULL OR family_id IS NULL",
            ),
            (
                "classes without a teacher",
                "SELECT count(*) FROM school_class WHERE class_teacher_id IS NULL",
            ),
        ):
            count = conn.execute(sql).fetchone()[0]
            if count:
                problems.append(f"{label}: {count}")
        tables = [model.__table__.name for model in SYNCED_MODELS]  # type: ignore[attr-defined]
        clocks = " UNION ALL ".join(f"SELECT clock FROM {table}" for table in tables)
        rows, distinct, highest = conn.execute(
            f"SELECT count(*), count(DISTINCT clock), max(clock) FROM ({clocks})"
        ).fetchone()
        if rows != distinct:
            problems.append(f"clock values repeat: {rows} rows, {distinct} distinct")

    db = open_database(data_dir)
    try:
        report = CheckService(db).report()
        if not report["ok"]:
            problems.append(f"check report: {report}")
        with db.session_scope("check") as session:
            chain = audit.verify_chain(session)
            if not chain.ok:
                problems.append(f"audit chain: {chain}")
            hlc = session.scalars(select(Installation.hlc)).one()
            entries = session.execute(
                select(AuditEntry.id, AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)
            ).all()
            children = session.execute(
                select(Child.id, Child.hobbies, Child.personality, Child.status, Child.deleted)
            ).all()
    finally:
        db.close()
    if hlc < highest:
        problems.append(f"installation.hlc {hlc} is behind the newest row's clock {highest}")

    imported = 0
    edits: list[tuple[int, list[str]]] = []
    for entry in entries:
        detail = json.loads(entry.detail)
        if entry.action == IMPORT_ACTION:
            imported += detail["children"]
        elif entry.action == EDIT_ACTION:
            if detail["token"] != token(entry.id):
                problems.append(f"edit {entry.id} carries token {detail['token']}")
            edits.append((entry.id, detail["children"]))
    active = [c for c in children if c.status == "active" and not c.deleted]
    if len(children) != imported or len(active) != imported:
        problems.append(
            f"{len(children)} children ({len(active)} active) but imports add up to {imported}"
        )
    expected = expected_tokens(edits)
    known = {c.id for c in children}
    missing = sorted(set(expected) - known)
    if missing:
        problems.append(f"edits list children that do not exist: {missing[:3]}")
    wrong = []
    for child in children:
        want = expected.get(child.id)
        fields = (child.hobbies, child.personality)
        ok = fields == (want, want) if want else not any(is_token(value) for value in fields)
        if not ok:
            wrong.append(f"{child.id}: {fields} (expected {want})")
    if wrong:
        problems.append(f"{len(wrong)} children half-edited, e.g. {wrong[:3]}")
    return DatabaseState(problems, len(entries))


def _read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def writer_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LIUSHOU_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def one_round(
    root: Path, seed: int, pause_s: float, stderr_path: Path, mode: tuple[str, ...] = ()
) -> tuple[list[str], str]:
    """Start a writer, let it commit once and run ``pause_s`` more, SIGKILL it.

    Returns its stdout lines and a problem ("" if none) with the round itself.
    """
    with stderr_path.open("w", encoding="utf-8") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.crash_writer", str(root), str(seed), *mode],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=ROOT,
            env=writer_env(),
        )
        lines: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
        reader.start()
        seen: list[str] = []
        problem = ""
        deadline = time.monotonic() + FIRST_COMMIT_TIMEOUT_S
        try:
            while not any(line.startswith("commit") for line in seen):
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
                if line is None:
                    problem = "the writer ended before it was killed"
                    break
                seen.append(line)
        except queue.Empty:
            problem = f"no commit within {FIRST_COMMIT_TIMEOUT_S:.0f} s"
        if not problem:
            time.sleep(pause_s)
        os.kill(proc.pid, signal.SIGKILL)
        returncode = proc.wait(timeout=30)
        reader.join(timeout=30)
        proc.stdout.close()
    while True:
        try:
            rest = lines.get_nowait()
        except queue.Empty:
            break
        if rest is None:
            break
        seen.append(rest)
    if not problem and returncode != -signal.SIGKILL:
        problem = f"the writer exited with {returncode} before the kill"
    if problem:
        problem += ": " + stderr_path.read_text(encoding="utf-8")[-2000:]
    return seen, problem


def run_kills(
    root: Path, kills: int, seed: int, mode: tuple[str, ...] = (), stop_at_failure: bool = False
) -> Tally:
    """Set up a demo school in ``root``, then ``kills`` rounds of write-and-kill."""
    started = time.monotonic()
    result = run_cli("--data-dir", str(root), "demo", "--children", str(INITIAL_CHILDREN))
    assert result.returncode == 0, result.stderr
    rng = random.Random(seed)
    tally = Tally()
    state = check_database(root)
    assert state.problems == [], state.problems
    for round_no in range(1, kills + 1):
        lines, problem = one_round(
            root, rng.randrange(2**32), rng.uniform(0, MAX_EXTRA_RUN_S), root / "writer.err", mode
        )
        tally.kills += 1
        if problem:
            tally.failures.append(f"round {round_no}: {problem}")
        reported = sum(line.startswith("commit") for line in lines)
        killed_inside_op = bool(lines) and lines[-1].startswith("begin")
        try:
            after = check_database(root)
        except Exception as exc:  # a database that cannot even be opened
            tally.failures.append(f"round {round_no}: {type(exc).__name__}: {exc}")
            break
        added = after.audit_entries - state.audit_entries
        tally.ops_reported += reported
        tally.ops_in_database += max(0, added)
        kind = lines[-1].split()[2] if killed_inside_op else ""
        if added == reported:
            outcome = f"rolled back {kind}" if killed_inside_op else "between ops"
        elif added == reported + 1 and killed_inside_op:
            outcome = f"after commit {kind}"
        else:
            outcome = "lost or extra ops"
            after.problems.append(
                f"writer reported {reported} commits, the database gained {added} ops"
            )
        tally.outcomes[outcome] += 1
        tally.failures.extend(f"round {round_no}: {p}" for p in after.problems)
        state = after
        if stop_at_failure and tally.failures:
            break
    tally.seconds = time.monotonic() - started
    return tally


def report(tally: Tally, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\ncrash safety: {tally.summary()}")
    assert tally.failures == [], "\n".join(tally.failures[:20])
    assert tally.ops_in_database >= tally.ops_reported >= tally.kills


def test_killing_the_writer_30_times_loses_and_breaks_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tally = run_kills(tmp_path / "data", kills=30, seed=20261102)
    report(tally, capsys)
    assert tally.kills == 30


@pytest.mark.soak
def test_soak_killing_the_writer_200_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tally = run_kills(tmp_path / "data", kills=200, seed=19491001)
    report(tally, capsys)
    assert tally.kills == 200


def test_the_checks_find_a_half_done_edit_and_a_half_done_import(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert run_cli("--data-dir", str(root), "demo", "--children", "20").returncode == 0
    assert check_database(root).problems == []
    with closing(sqlite3.connect(root / "liushou.sqlite3")) as conn, conn:
        conn.execute("UPDATE child SET hobbies = 'op99' WHERE rowid = 1")
    problems = check_database(root).problems
    assert any("half-edited" in p for p in problems), problems
    with closing(sqlite3.connect(root / "liushou.sqlite3")) as conn, conn:
        conn.execute("UPDATE child SET hobbies = '画画' WHERE rowid = 1")
        conn.execute("DELETE FROM guardian WHERE rowid = 1")
        conn.execute("DELETE FROM child WHERE rowid = 2")
    problems = check_database(root).problems
    assert any("four guardians" in p for p in problems), problems
    assert any("imports add up to 20" in p for p in problems), problems


def test_the_kill_test_catches_an_operation_split_in_two(tmp_path: Path) -> None:
    """A writer that commits an edit's children and its audit entry apart is caught."""
    tally = run_kills(tmp_path / "data", kills=20, seed=7, mode=("split",), stop_at_failure=True)
    assert any("half-edited" in failure for failure in tally.failures), tally.summary()
