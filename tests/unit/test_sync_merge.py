"""Merging payloads: inserts, field-by-field edits, tombstones, conflicts, transfers,
repeats, dry runs, and rows whose parent is missing."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import Child, FieldClock, MergeConflict, RowAlias, Talk
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.paths import DataDir
from liushou_desktop.sync import merge as merge_module
from liushou_desktop.sync.aliases import table_infos
from liushou_desktop.sync.canonical import canonical_hash
from liushou_desktop.sync.inbox import payload_inbox
from liushou_desktop.sync.merge import MergeReport, merge
from liushou_desktop.sync.new_rows import CopiedRows, new_row_tests
from liushou_desktop.sync.payload import Payload, collect_changes, read_payload
from tests.helpers import SCHOOL, FakeClock


def make_school(root: Path, code: str, clock: FakeClock, children: int = 4) -> Database:
    db = open_database(DataDir(root / code).ensure(), now=clock)
    SetupService(db, clock).set_up(replace(SCHOOL, code=code, name=f"学校{code}"), "t")
    DemoService(db, clock).add_children(children, "t")
    return db


def make_township(root: Path, name: str, clock: FakeClock) -> Database:
    db = open_database(DataDir(root / name).ensure(), now=clock)
    SetupService(db, clock).set_up(replace(SCHOOL, role="township", code="T" + name), "t")
    return db


def export(db: Database, since: int = 0) -> Payload:
    with db.session_scope("t") as session:
        return collect_changes(session, since)


def take(db: Database, payload: Payload, bundle_id: str = "b") -> MergeReport:
    with read_payload(payload.data) as reader, db.session_scope("t") as session:
        return merge(session, reader, bundle_id=bundle_id, now=FakeClock()())


def digest(db: Database) -> str:
    with db.session_scope("t") as session:
        return canonical_hash(session)


def edit_child(db: Database, child_id: str, clock: FakeClock, **values: object) -> None:
    clock.value += timedelta(minutes=1)
    with db.session_scope("t") as session:
        child = session.get(Child, child_id)
        assert child is not None
        for name, value in values.items():
            setattr(child, name, value)


def first_child(db: Database) -> Child:
    with db.session_scope("t") as session:
        child = session.scalars(select(Child).order_by(Child.id)).first()
        assert child is not None
        return child


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def school(tmp_path: Path, clock: FakeClock) -> Database:
    return make_school(tmp_path, "5205261001", clock)


@pytest.fixture
def town(tmp_path: Path, clock: FakeClock) -> Database:
    return make_township(tmp_path, "t1", clock)


def test_new_rows_then_an_edit_then_a_tombstone(
    school: Database, town: Database, clock: FakeClock
) -> None:
    full = export(school)
    report = take(town, full)
    assert report.tables["child"].new == 4 and not report.unchanged
    assert report.tables["talk"].new == full.counts["talk"]
    assert digest(town) == digest(school)  # the same records (local tables aside)
    child = first_child(school)
    edit_child(school, child.id, clock, hobbies="爱好甲")
    with school.session_scope("t") as session:
        talk = session.scalars(select(Talk).where(Talk.child_id == child.id)).first()
        assert talk is not None
        talk.deleted = True
        talk_id = talk.id
    report = take(town, export(school, full.clock_to))
    assert report.tables["child"] == report.tables["child"].__class__(0, 1, 0, 0)
    assert report.tables["talk"].deleted == 1
    with town.session_scope("t") as session:
        assert session.get(Child, child.id).hobbies == "爱好甲"
        assert session.get(Talk, talk_id).deleted is True
        stamped = session.get(Child, child.id)
        mine = first_child(school)
        assert (stamped.clock, stamped.origin) == (mine.clock, mine.origin)


def test_a_repeated_or_older_payload_changes_nothing(
    school: Database, town: Database, clock: FakeClock
) -> None:
    old = export(school)
    take(town, old)
    edit_child(school, first_child(school).id, clock, personality="性格甲")
    take(town, export(school))
    before = digest(town)
    for payload in (old, export(school)):
        report = take(town, payload)
        assert report.unchanged and report.conflicts == 0
        assert all(c == c.__class__(0, 0, 0, 0) for c in report.tables.values())
    assert digest(town) == before


@pytest.fixture
def twin(tmp_path: Path, school: Database, clock: FakeClock) -> Database:
    """A second installation holding the same school's records (a reinstalled PC)."""
    other = make_township(tmp_path, "twin", clock)
    take(other, export(school))
    return other


def test_concurrent_edits_of_different_fields_both_survive(
    school: Database, twin: Database, town: Database, clock: FakeClock
) -> None:
    child_id = first_child(school).id
    edit_child(school, child_id, clock, hobbies="爱好乙")
    edit_child(twin, child_id, clock, personality="性格乙")
    for one, other in ((school, twin), (twin, school)):
        take(town, export(one))
        take(town, export(other))
    with town.session_scope("t") as session:
        merged = session.get(Child, child_id)
        assert (merged.hobbies, merged.personality) == ("爱好乙", "性格乙")
        clocks = {
            c.field: (c.clock, c.origin)
            for c in session.scalars(select(FieldClock).where(FieldClock.row_id == child_id))
        }
        assert session.scalar(select(func.count()).select_from(MergeConflict)) == 0
    a, b = first_child(school), first_child(twin)
    assert clocks == {"hobbies": (a.clock, a.origin), "personality": (b.clock, b.origin)}
    # Each side takes the other's edit too, and all three agree.
    take(school, export(twin))
    take(twin, export(school))
    for db in (school, twin):
        merged = first_child(db)
        assert (merged.hobbies, merged.personality) == ("爱好乙", "性格乙")


def test_a_same_field_conflict_has_one_winner_and_lists_the_loser(
    tmp_path: Path, school: Database, twin: Database, clock: FakeClock
) -> None:
    child_id = first_child(school).id
    edit_child(school, child_id, clock, hobbies="爱好丙")
    edit_child(twin, child_id, clock, hobbies="爱好丁")
    winners, digests = set(), set()
    for name, order in (("t1", (school, twin)), ("t2", (twin, school))):
        town = make_township(tmp_path, name, clock)
        reports = [take(town, export(db), f"bundle-{i}") for i, db in enumerate(order)]
        assert [r.conflicts for r in reports] == [0, 1]
        assert reports[1].tables["child"].conflicting == 1
        with town.session_scope("t") as session:
            winners.add(session.get(Child, child_id).hobbies)
            conflict = session.scalars(select(MergeConflict)).one()
        assert (conflict.table_name, conflict.row_id, conflict.field) == (
            "child",
            child_id,
            "hobbies",
        )
        assert {conflict.kept, conflict.lost} == {"爱好丙", "爱好丁"}
        assert conflict.bundle_id == "bundle-1"
        assert take(town, export(order[0])).unchanged  # listed once
        digests.add(digest(town))
    assert len(winners) == 1 and len(digests) == 1


def test_a_child_registered_at_two_schools_is_one_child_and_its_talks_follow(
    tmp_path: Path, school: Database, clock: FakeClock
) -> None:
    other = make_school(tmp_path, "5205261002", clock)
    a, b = first_child(school), first_child(other)
    edit_child(other, b.id, clock, id_number=a.id_number, hobbies="转学来的")
    results = set()
    for name, order in (("t1", (school, other)), ("t2", (other, school))):
        town = make_township(tmp_path, name, clock)
        for db in order:
            take(town, export(db))
        take(town, export(order[0]))  # a repeat after the match
        with town.session_scope("t") as session:
            ids = set(session.scalars(select(Child.id).where(Child.id_number == a.id_number)))
            alias = session.scalars(select(RowAlias)).one()
            talks = set(
                session.scalars(select(Talk.child_id).where(Talk.child_id.in_([a.id, b.id])))
            )
            total = session.scalar(select(func.count()).select_from(Child))
            merged = session.get(Child, min(a.id, b.id))
        survivor = min(a.id, b.id)
        assert ids == {survivor} and talks == {survivor} and total == 7
        assert (alias.alias_id, alias.row_id, alias.matched_by) == (
            max(a.id, b.id),
            survivor,
            "id_number",
        )
        assert merged.hobbies == "转学来的"  # edited later than either registration
        results.add(digest(town))
    assert len(results) == 1


def children(db: Database) -> list[Child]:
    with db.session_scope("t") as session:
        return list(session.scalars(select(Child).order_by(Child.id)))


def test_children_copied_by_sqlite_merge_as_row_by_row_would(
    tmp_path: Path, school: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New children go in by INSERT ... SELECT unless a key is shared; those sharing an ID
    number or 学籍号 with a child here or in the payload go row by row. Either way, the
    same township as when every row goes row by row."""
    other = make_school(tmp_path, "5205261002", clock, children=6)
    a, b = children(school), children(other)
    edit_child(other, b[0].id, clock, id_number=a[0].id_number)  # a transfer
    edit_child(school, a[1].id, clock, id_number=None, student_number="G0001")
    edit_child(other, b[1].id, clock, id_number=None, student_number="G0001")  # by 学籍号
    # Two children of one payload with one 学籍号: different ID numbers (two children),
    # then none (one child).
    for twin in b[2:4]:
        edit_child(other, twin.id, clock, student_number="G0002")
    for twin in b[4:6]:
        edit_child(other, twin.id, clock, id_number=None, student_number="G0003")
    payloads = [export(school), export(other)]

    def township(name: str, order: list[Payload]) -> tuple[str, list[dict[str, int]]]:
        town = make_township(tmp_path, name, clock)
        reports = [vars(take(town, payload).tables["child"]) for payload in order]
        with town.session_scope("t") as session:
            matched = sorted(
                session.scalars(select(RowAlias.matched_by).where(RowAlias.table_name == "child"))
            )
        assert matched == ["id_number", "student_number", "student_number"]
        return digest(town), reports

    fast = [township(f"fast{n}", order) for n, order in enumerate((payloads, payloads[::-1]))]
    monkeypatch.setattr(
        merge_module,
        "copy_new_rows",
        lambda db, inbox, table: CopiedRows(
            0, 0, [row[0] for row in db.execute(f"SELECT id FROM {inbox}.{table.name}")]
        ),
    )
    slow = [township(f"slow{n}", order) for n, order in enumerate((payloads, payloads[::-1]))]
    assert fast == slow
    assert fast[0][0] == fast[1][0]  # and the order of arrival does not matter


def test_a_first_payload_is_copied_looking_up_only_the_parents_of_its_rows(
    school: Database, town: Database
) -> None:
    """A school's ids share their first digits, so a township holding none of them, nor
    any of its children's ID numbers or 学籍号, copies its first payload without looking
    up each row's id or natural key; the second time, it looks them up."""
    payload = export(school)

    def extra_tests() -> dict[str, int]:
        """Per table, the per-row tests beyond one per parent."""
        with read_payload(payload.data) as reader, town.session_scope("t") as session:
            db = session.connection().connection.driver_connection
            with payload_inbox(db, reader.data) as inbox:
                return {
                    info.name: len(new_row_tests(db, inbox, info)) - len(info.checked)
                    for info in table_infos().values()
                }

    assert set(extra_tests().values()) == {0}
    take(town, payload)
    again = extra_tests()
    sent = {name for name, count in payload.counts.items() if count and name in again}
    assert {"child", "talk", "school_class", "activity_attendance"} <= sent
    assert {name for name, extra in again.items() if extra} == sent
    assert again["talk"] == 1  # its id
    assert again["school_class"] == again["activity_attendance"] == 2  # id, natural key
    assert again["child"] == 3  # id, ID number, 学籍号


def test_a_dry_run_leaves_the_database_byte_identical(
    tmp_path: Path, school: Database, town: Database, clock: FakeClock
) -> None:
    take(town, export(school))
    edit_child(school, first_child(school).id, clock, hobbies="爱好戊")
    payload = export(school)
    before = digest(town)
    path = town.data_dir.database
    town.close()
    raw_before = path.read_bytes()
    town = open_database(town.data_dir, now=clock)
    with read_payload(payload.data) as reader:
        session = town.session_factory()
        report = merge(session, reader, bundle_id="dry", now=clock(), dry_run=True)
        session.rollback()
        session.close()
    assert report.tables["child"].changed == 1
    assert digest(town) == before
    town.close()
    assert path.read_bytes() == raw_before


def test_a_row_whose_parent_is_missing_is_left_out_and_reported(
    school: Database, town: Database
) -> None:
    payload = export(school)
    connection = sqlite3.connect(":memory:")
    connection.deserialize(payload.data)
    family_id = connection.execute("SELECT family_id FROM child ORDER BY id").fetchone()[0]
    connection.execute("DELETE FROM family WHERE id = ?", (family_id,))
    connection.commit()
    with read_payload(connection.serialize()) as reader, town.session_scope("t") as session:
        report = merge(session, reader, bundle_id="partial", now=FakeClock()())
    connection.close()
    missing = [p for p in report.problems if p.parent_table == "family"]
    assert missing and all(p.parent_id == family_id for p in missing)
    assert "is not in this database or the bundle" in missing[0].describe()
    with town.session_scope("t") as session:
        assert session.scalar(select(func.count()).where(Child.family_id == family_id)) == 0
        assert session.scalar(select(func.count()).select_from(Child)) == 4 - len(
            [p for p in missing if p.table == "child"]
        )


def test_a_payload_of_new_and_known_rows_inserts_the_new_and_merges_the_known(
    school: Database, town: Database, clock: FakeClock
) -> None:
    take(town, export(school))
    child = first_child(school)
    edit_child(school, child.id, clock, hobbies="爱好己")
    DemoService(school, clock).add_children(3, "t")
    payload = export(school)  # everything: old rows, one edited, new ones
    with town.session_scope("t") as session:
        talks_before = session.scalar(select(func.count()).select_from(Talk))
    report = take(town, payload)
    assert report.tables["child"].new == 3 and report.tables["child"].changed == 1
    assert report.tables["talk"].new == payload.counts["talk"] - talks_before > 0
    assert digest(town) == digest(school)
    with town.session_scope("t") as session:
        assert session.get(Child, child.id).hobbies == "爱好己"
    assert take(town, payload).unchanged


def test_a_parent_known_here_but_not_in_the_payload_keeps_its_rows(
    school: Database, town: Database, clock: FakeClock
) -> None:
    take(town, export(school))
    DemoService(school, clock).add_children(2, "t")
    connection = sqlite3.connect(":memory:")
    connection.deserialize(export(school).data)
    with town.session_scope("t") as session:
        known = set(session.scalars(select(Child.family_id)))
    families = [r[0] for r in connection.execute("SELECT DISTINCT family_id FROM child")]
    old = sorted(set(families) & known)[0]
    new = sorted(set(families) - known)[0]
    connection.executemany("DELETE FROM family WHERE id = ?", [(old,), (new,)])
    connection.commit()
    with read_payload(connection.serialize()) as reader, town.session_scope("t") as session:
        report = merge(session, reader, bundle_id="partial", now=FakeClock()())
    connection.close()
    assert {p.parent_id for p in report.problems if p.parent_table == "family"} == {new}
    with town.session_scope("t") as session:
        assert session.scalar(select(func.count()).where(Child.family_id == old)) > 0
        assert session.scalar(select(func.count()).where(Child.family_id == new)) == 0
        total = session.scalar(select(func.count()).select_from(Child))
    lost = {p.row_id for p in report.problems if p.table == "child"}
    assert total == 6 - len(lost) and lost
