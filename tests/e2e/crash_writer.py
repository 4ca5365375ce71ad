"""A writer for the kill test: imports and edits, forever, until it is killed.

Run as ``python -m tests.e2e.crash_writer DATA_DIR SEED`` on a data dir with a
school set up. Every operation is one transaction through
:meth:`Database.session_scope` and writes exactly one audit entry, so what it
did can be checked from the database alone (see :func:`expected_tokens` and
``test_crash_safety.py``):

``import``
    ``DemoService.add_children(K)``: families, guardians, children, maybe
    classes and teachers, and one ``demo_children`` entry ``{"children": K}``.
    So the number of children equals the sum of K over those entries.
``edit``
    Sets ``hobbies`` and ``personality`` of up to :data:`EDIT_CHILDREN` random
    children to the token ``op<n>``, where ``n`` is the id of the
    ``crash_edit`` entry ``{"token": "op<n>", "children": [ids]}`` written in
    the same transaction. Audit ids only grow, so each child's two fields must
    equal the token of the *last* entry that lists it, or, if none lists it,
    must not look like a token at all.

It prints ``begin I KIND`` before and ``commit I KIND ...`` after each
operation (flushed), so the parent knows how far it got.

``python -m tests.e2e.crash_writer DATA_DIR SEED split`` is deliberately
broken, for the harness's own test: it only edits, and writes each edit's
children and its audit entry in two transactions, with a pause between.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import func, select

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import AuditEntry, Child
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.paths import DataDir

ACTOR = "crash"
IMPORT_ACTION = "demo_children"
EDIT_ACTION = "crash_edit"
IMPORT_SIZES = (5, 40)  # K is drawn from this range, both ends included
EDIT_CHILDREN = 10
TOKEN_RE = re.compile(r"op(\d+)")


def token(n: int) -> str:
    """The value an edit with audit id ``n`` writes."""
    return f"op{n}"


def is_token(value: str) -> bool:
    return TOKEN_RE.fullmatch(value) is not None


def expected_tokens(edits: Iterable[tuple[int, list[str]]]) -> dict[str, str]:
    """Child id -> the token it must carry, from ``(audit id, children)`` of every edit."""
    expected: dict[str, str] = {}
    for n, children in sorted(edits):
        for child_id in children:
            expected[child_id] = token(n)
    return expected


def do_import(db: Database, rng: random.Random) -> int:
    """One import of K demo children; returns K."""
    k = rng.randint(*IMPORT_SIZES)
    DemoService(db).add_children(k, ACTOR)
    return k


def do_edit(db: Database, rng: random.Random) -> tuple[int, int]:
    """One edit of several fields of several children; returns (n, how many children)."""
    with db.session_scope(ACTOR) as session:
        # The first statement takes the write lock (BEGIN IMMEDIATE), so the
        # next audit id read here is the one audit.append() will use.
        n = (session.scalar(select(func.max(AuditEntry.id))) or 0) + 1
        ids = list(session.scalars(select(Child.id).order_by(Child.id)))
        chosen = sorted(rng.sample(ids, min(EDIT_CHILDREN, len(ids))))
        for child in session.scalars(select(Child).where(Child.id.in_(chosen))):
            child.hobbies = token(n)
            child.personality = token(n)
        session.flush()
        audit.append(
            session,
            actor=ACTOR,
            action=EDIT_ACTION,
            now=utcnow(),
            object_type="child",
            detail={"token": token(n), "children": chosen},
        )
        last = session.scalar(select(func.max(AuditEntry.id)))
        if last != n:
            raise RuntimeError(f"audit id {last} is not the edit's number {n}")
    return n, len(chosen)


def do_split_edit(db: Database, rng: random.Random) -> tuple[int, int]:
    """An edit done wrongly, in two transactions: what the kill test must catch."""
    with db.session_scope(ACTOR) as session:
        n = (session.scalar(select(func.max(AuditEntry.id))) or 0) + 1
        ids = list(session.scalars(select(Child.id).order_by(Child.id)))
        chosen = sorted(rng.sample(ids, min(EDIT_CHILDREN, len(ids))))
        for child in session.scalars(select(Child).where(Child.id.in_(chosen))):
            child.hobbies = token(n)
            child.personality = token(n)
    time.sleep(0.05)
    with db.session_scope(ACTOR) as session:
        audit.append(
            session,
            actor=ACTOR,
            action=EDIT_ACTION,
            now=utcnow(),
            object_type="child",
            detail={"token": token(n), "children": chosen},
        )
    return n, len(chosen)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or argv[2:] not in ([], ["split"]):
        print("usage: python -m tests.e2e.crash_writer DATA_DIR SEED [split]", file=sys.stderr)
        return 2
    rng = random.Random(int(argv[1]))
    split = argv[2:] == ["split"]
    db = open_database(DataDir(Path(argv[0])))
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        if split:
            print(f"begin {i} edit", flush=True)
            n, count = do_split_edit(db, rng)
            print(f"commit {i} edit {n} {count}", flush=True)
        elif rng.random() < 0.5:
            print(f"begin {i} import", flush=True)
            k = do_import(db, rng)
            print(f"commit {i} import {k}", flush=True)
        else:
            print(f"begin {i} edit", flush=True)
            n, count = do_edit(db, rng)
            print(f"commit {i} edit {n} {count}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
