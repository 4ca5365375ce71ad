"""The sync laws, with hypothesis: any order of any set of bundles (repeats included)
gives the same township; school → township → school converges; concurrent edits of
different fields both survive; a same-field conflict has one winner everywhere and its
loser is listed.

Three schools are built once (a transfer: one child registered at two of them, edited
at both; random edits and deletions in two rounds; a payload after each round and a
full one); each example merges a random arrangement of their twelve payloads into a
copy of an empty township.

Also :func:`benchmark`, not a test: ``python -m tests.unit.test_sync_properties DIR``.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import time
import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import Child, MergeConflict, Talk
from liushou_desktop.db.sync_meta import insert_synced
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.paths import DataDir
from liushou_desktop.sync.canonical import canonical_hash
from liushou_desktop.sync.merge import merge
from liushou_desktop.sync.payload import Payload, collect_changes, read_payload
from tests.helpers import SCHOOL, FakeClock

CODES = ("5205261001", "5205261002", "5205261003")
PAYLOADS = 9  # three schools: two rounds of changes and a full payload each
FIELDS = ("hobbies", "personality", "care_needs", "current_address")


def open_school(root: Path, code: str, clock: FakeClock, children: int) -> Database:
    db = open_database(DataDir(root / code).ensure(), now=clock)
    SetupService(db, clock).set_up(replace(SCHOOL, code=code, name=f"学校{code}"), "t")
    DemoService(db, clock).add_children(children, "t")
    return db


def export(db: Database, since: int = 0) -> Payload:
    with db.session_scope("t") as session:
        return collect_changes(session, since)


def take(db: Database, payload: Payload, bundle_id: str) -> None:
    with read_payload(payload.data) as reader, db.session_scope("t") as session:
        merge(session, reader, bundle_id=bundle_id, now=FakeClock()())


def digest(db: Database) -> str:
    with db.session_scope("t") as session:
        return canonical_hash(session)


class World:
    """The schools' payloads and what a township should become (a plain class: hypothesis
    would print a dataclass's payload bytes in full)."""

    def __init__(self, **parts: Any) -> None:
        self.root: Path = parts["root"]
        self.payloads: tuple[Payload, ...] = parts["payloads"]
        self.empty_township: Path = parts["empty_township"]
        self.transfer_ids: tuple[str, str] = parts["transfer_ids"]  # at schools 1 and 2
        self.split_fields: tuple[str, str] = parts["split_fields"]  # care_needs, personality
        self.school_one: Path = parts["school_one"]
        self.reference: str = parts["reference"]  # the township after all, in order

    def __repr__(self) -> str:
        return f"World({len(self.payloads)} payloads)"


def _random_edits(
    db: Database, rng: random.Random, clock: FakeClock, tag: str, keep: set[str]
) -> None:
    """Three random field edits, a deleted talk, perhaps a deleted child (not ``keep``)."""
    clock.value += timedelta(minutes=3)
    with db.session_scope("t") as session:
        ids = sorted(set(session.scalars(select(Child.id))) - keep)
        for _ in range(3):
            child = session.get(Child, rng.choice(ids))
            setattr(child, rng.choice(FIELDS), f"{tag}-{rng.randrange(1000)}")
        talk = session.scalars(select(Talk).order_by(Talk.id)).all()[rng.randrange(5)]
        talk.deleted = True
        if rng.random() < 0.5:
            session.get(Child, ids[-1]).deleted = True


def _copy_db(source: Path, target: Path) -> Database:
    shutil.copytree(source, target)
    return open_database(DataDir(target), now=FakeClock())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("sync_world")
    clock = FakeClock()
    schools = [open_school(root, code, clock, 4) for code in CODES]
    rng = random.Random(8)
    one, two = schools[0], schools[1]
    with one.session_scope("t") as session:
        a = session.scalars(select(Child).order_by(Child.id)).first()
        a_id, id_number = a.id, a.id_number
    with two.session_scope("t") as session:
        b = session.scalars(select(Child).order_by(Child.id)).first()
        b.id_number, b_id = id_number, b.id
    payloads: list[Payload] = []
    marks = [0, 0, 0]
    for round_ in range(2):
        clock.value += timedelta(minutes=5)
        if round_ == 1:
            for db, (name, value) in ((one, ("hobbies", "一校")), (two, ("hobbies", "二校"))):
                clock.value += timedelta(minutes=1)  # school 2's edit is the later one
                with db.session_scope("t") as session:
                    own = a_id if db is one else b_id
                    setattr(session.get(Child, own), name, value)
            with one.session_scope("t") as session:
                session.get(Child, a_id).care_needs = "一校的需要"
            with two.session_scope("t") as session:
                session.get(Child, b_id).personality = "二校的性格"
        for k, db in enumerate(schools):
            _random_edits(db, rng, clock, f"r{round_}s{k}", {a_id, b_id})
            payload = export(db, marks[k])
            marks[k] = payload.clock_to
            payloads.append(payload)
    payloads.extend(export(db) for db in schools)
    for db in schools:
        db.close()
    empty = root / "township"
    township = open_database(DataDir(empty).ensure(), now=clock)
    SetupService(township, clock).set_up(replace(SCHOOL, role="township", code="T01"), "t")
    for n, payload in enumerate(payloads):
        take(township, payload, f"b{n}")
    reference = digest(township)
    township.close()
    return World(
        root=root,
        payloads=tuple(payloads),
        empty_township=empty,
        transfer_ids=(a_id, b_id),
        split_fields=("一校的需要", "二校的性格"),
        school_one=root / CODES[0],
        reference=reference,
    )


def _arrangements(count: int) -> st.SearchStrategy[list[int]]:
    @st.composite
    def arrangement(draw: st.DrawFn) -> list[int]:
        order = list(draw(st.permutations(range(count))))
        for extra in draw(st.lists(st.integers(0, count - 1), max_size=4)):
            order.insert(draw(st.integers(0, len(order))), extra)
        return order

    return arrangement()


@settings(max_examples=15, deadline=None)
@given(order=_arrangements(PAYLOADS))
def test_any_order_with_repeats_gives_the_same_township(world: World, order: list[int]) -> None:
    assert len(world.payloads) == PAYLOADS
    township = _copy_db(world.empty_township, world.root / f"t-{uuid.uuid4().hex}")
    try:
        for n in order:
            take(township, world.payloads[n], f"b{n}")
        assert digest(township) == world.reference
        a_id, b_id = world.transfer_ids
        with township.session_scope("t") as session:
            child = session.get(Child, min(a_id, b_id))
            assert session.get(Child, max(a_id, b_id)) is None
            # different fields edited at the two schools both survive
            assert (child.care_needs, child.personality) == world.split_fields
            # the same field: one winner everywhere, the loser listed here
            winner = "一校" if (child.hobbies == "一校") else "二校"
            assert child.hobbies == winner
            lost = session.scalars(
                select(MergeConflict.lost).where(MergeConflict.field == "hobbies")
            ).all()
            assert ({"一校", "二校"} - {winner}) <= set(lost)
    finally:
        township.close()


def test_the_winner_of_the_conflict_is_the_newer_edit(world: World) -> None:
    township = _copy_db(world.empty_township, world.root / "t-winner")
    for n, payload in enumerate(reversed(world.payloads)):
        take(township, payload, f"r{n}")
    with township.session_scope("t") as session:
        child = session.get(Child, min(world.transfer_ids))
        conflict = session.scalars(
            select(MergeConflict).where(MergeConflict.field == "hobbies")
        ).one()
    township.close()
    assert child.hobbies == "二校"  # school 2 edited after school 1 (a later clock)
    assert (conflict.kept, conflict.lost) == ("二校", "一校")
    assert conflict.kept_clock > conflict.lost_clock


def test_school_township_school_round_trip_converges(world: World) -> None:
    township = _copy_db(world.empty_township, world.root / "t-round")
    for n, payload in enumerate(world.payloads):
        take(township, payload, f"b{n}")
    back = export(township)
    school = _copy_db(world.school_one, world.root / "s-round")
    take(school, back, "from-township")
    try:
        assert digest(school) == digest(township) == world.reference
        with school.session_scope("t") as session:
            assert session.get(Child, max(world.transfer_ids)) is None
            merged = session.get(Child, min(world.transfer_ids))
            assert (merged.care_needs, merged.personality) == world.split_fields
            total = session.scalar(select(func.count()).select_from(Child))
        assert total == 11  # three schools of four children, one of them at two
        take(school, back, "again")
        assert digest(school) == world.reference
    finally:
        school.close()
        township.close()


# --- benchmark helper (not a test) ---------------------------------------------------


def make_school(root: Path, code: str, children: int, talks: int) -> Database:
    """A demo school ``code`` under ``root`` with ``children`` children and (at least)
    ``talks`` talk records (the demo's three months, topped up month by month)."""
    clock = FakeClock()
    db = open_school(root, code, clock, children)
    with db.session_scope("t") as session:
        have = session.scalar(select(func.count()).select_from(Talk)) or 0
        kids = list(session.execute(select(Child.id, Child.mentor_id)))
        rows: list[dict[str, object]] = []
        month = date(2025, 11, 1)
        while len(rows) < talks - have:
            for child_id, mentor_id in kids[: talks - have - len(rows)]:
                rows.append(
                    dict(
                        child_id=child_id,
                        mentor_id=mentor_id,
                        month=f"{month:%Y-%m}",
                        status="done",
                        planned_on=month,
                        held_on=month,
                        form="face",
                        condition="学习认真",
                    )
                )
            month = (month + timedelta(days=32)).replace(day=1)
        insert_synced(session, Talk, rows, clock())
    return db


def benchmark(root: Path, runs: int = 3) -> dict[str, float]:
    """Median seconds of exporting a 5,000-child, 60,000-talk school (``export``) and of
    a township reading, checking and merging 20 bundles of 250 children and 3,000 talks
    each (``merge_20``, commits included). Prints and returns them."""
    big = make_school(root, "5205269999", 5000, 60000)
    export_times = []
    for _ in range(runs):
        with big.session_scope("t") as session:
            start = time.perf_counter()
            payload = collect_changes(session)
            export_times.append(time.perf_counter() - start)
    big.close()
    print(f"export: {payload.counts}, {len(payload.data) / 1e6:.1f} MB")
    payloads = []
    for k in range(20):
        school = make_school(root, f"52052610{k:02d}", 250, 3000)
        payloads.append(export(school))
        school.close()
    merge_times = []
    for run in range(runs):
        clock = FakeClock()
        township = open_database(DataDir(root / f"township{run}").ensure(), now=clock)
        SetupService(township, clock).set_up(replace(SCHOOL, role="township", code="T01"), "t")
        start = time.perf_counter()
        for number, one in enumerate(payloads):
            take(township, one, str(number))
        merge_times.append(time.perf_counter() - start)
        township.close()
    result = {"export": statistics.median(export_times), "merge_20": statistics.median(merge_times)}
    print(result)
    return result


if __name__ == "__main__":
    benchmark(Path(sys.argv[1]))
