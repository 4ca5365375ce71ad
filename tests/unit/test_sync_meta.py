"""Every synced row is stamped with a hybrid logical clock, its author and its origin."""

import uuid
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from liushou_desktop.db import sync_meta
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation, School, Teacher, new_uuid, new_uuids
from tests.helpers import FakeClock


def add_teacher(db: Database, name: str, actor: str = "wang") -> str:
    with db.session_scope(actor) as session:
        school_id = session.scalars(select(School.id)).one()
        teacher = Teacher(school_id=school_id, name=name)
        session.add(teacher)
        session.flush()
        return teacher.id


def teacher(db: Database, teacher_id: str) -> Teacher:
    with db.session_scope("t") as session:
        return session.get(Teacher, teacher_id)  # type: ignore[return-value]


def test_new_rows_are_stamped(school_db: Database, clock: FakeClock) -> None:
    row = teacher(school_db, add_teacher(school_db, "王老师", actor="wang"))
    with school_db.session_scope("t") as session:
        installation = session.scalars(select(Installation)).one()
    assert row.changed_by == "wang"
    assert row.origin == installation.id
    assert row.clock >= sync_meta.physical_clock(clock())
    assert row.created_at == clock() and row.updated_at == clock()
    assert installation.hlc == max(row.clock, installation.hlc)
    assert row.id[:8] == installation.id[:8] and row.deleted is False  # tagged (new_uuids)


def test_an_edit_moves_the_clock_forward_even_if_the_pc_clock_goes_back(
    school_db: Database, clock: FakeClock
) -> None:
    teacher_id = add_teacher(school_db, "李老师")
    first = teacher(school_db, teacher_id).clock
    clock.value -= timedelta(days=400)  # the school PC's battery died
    with school_db.session_scope("zhao") as session:
        session.get(Teacher, teacher_id).phone = "13812345678"  # type: ignore[union-attr]
    edited = teacher(school_db, teacher_id)
    assert edited.clock > first
    assert edited.changed_by == "zhao"


def test_an_unchanged_row_keeps_its_stamp(school_db: Database) -> None:
    teacher_id = add_teacher(school_db, "陈老师")
    before = teacher(school_db, teacher_id).clock
    with school_db.session_scope("someone") as session:
        row = session.get(Teacher, teacher_id)
        assert row is not None
        row.name = row.name  # no real change
    after = teacher(school_db, teacher_id)
    assert after.clock == before and after.changed_by != "someone"


def test_observing_a_remote_clock_orders_later_local_edits_after_it(
    school_db: Database,
) -> None:
    remote = sync_meta.physical_clock(datetime(2030, 1, 1))
    with school_db.session_scope("sync") as session:
        sync_meta.observe(session, remote)
    assert teacher(school_db, add_teacher(school_db, "周老师")).clock > remote


@given(st.lists(st.integers(min_value=-(10**6), max_value=10**6), min_size=1, max_size=50))
def test_next_clock_is_strictly_increasing_whatever_the_wall_clock_does(
    steps_ms: list[int],
) -> None:
    now = datetime(2026, 1, 1)
    last = 0
    for step in steps_ms:
        now += timedelta(milliseconds=step)
        value = sync_meta.next_clock(last, now)
        assert value > last
        assert value >= sync_meta.physical_clock(now)
        last = value


def test_bulk_inserted_rows_are_stamped_like_flushed_ones(
    school_db: Database, clock: FakeClock
) -> None:
    with school_db.session_scope("import") as session:
        school_id = session.scalars(select(School.id)).one()
        rows = [{"school_id": school_id, "name": f"老师{n}"} for n in range(5)]
        rows += [{"school_id": school_id, "name": "带电话", "phone": "13812345678"}]
        sync_meta.insert_synced(session, Teacher, rows, clock())
    with school_db.session_scope("t") as session:
        teachers = list(session.scalars(select(Teacher)))
        hlc = session.scalars(select(Installation.hlc)).one()
    assert len(teachers) == 6
    clocks = sorted(t.clock for t in teachers)
    assert clocks == list(range(clocks[0], clocks[0] + 6))  # one value each, no gaps
    assert hlc == clocks[-1]
    assert {t.changed_by for t in teachers} == {"import"}
    origin = teachers[0].origin
    assert all(t.id[:8] == origin[:8] and t.created_at == clock() for t in teachers)
    assert {t.phone for t in teachers} == {"", "13812345678"}
    # the next ordinary edit orders after the bulk rows
    assert teacher(school_db, add_teacher(school_db, "后来的老师")).clock > clocks[-1]


def test_local_date_is_the_pcs_calendar_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """A teacher in China at 04:00 on the 3rd (20:00 UTC on the 2nd) records the 3rd."""
    import time
    from datetime import date as day

    from liushou_desktop.db.sync_meta import local_date

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert local_date(datetime(2026, 11, 2, 20, 0)) == day(2026, 11, 3)
        assert local_date(datetime(2026, 11, 2, 8, 30)) == day(2026, 11, 2)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_row_ids_are_uuids_tagged_with_their_installation() -> None:
    origin = "1a45f0c2-4d3a-4160-81fe-691641edb7e6"
    ids = new_uuids(2_000, origin)
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # canonical text, what the database stores
        assert (parsed.version, parsed.variant) == (8, uuid.RFC_4122)
        assert text.startswith("1a45f0c2-")
    # 90 random bits after the tag: every hex digit but the version's varies
    columns = [{text[i] for text in ids} for i in range(9, 36)]
    assert sum(len(c) > 1 for c in columns) == 27 - 4  # not the three dashes or the "8"
    # without an installation (before set-up, local-only tables): random version-4 UUIDs
    plain = [uuid.UUID(text) for text in (new_uuid(), new_uuid(""), new_uuid("not-a-uuid"))]
    assert [u.version for u in plain] == [4, 4, 4]
    assert len({str(u)[:8] for u in plain}) == 3


def test_a_schools_rows_sort_together_whoever_made_them(school_db: Database) -> None:
    """The point of the tag: in an index keyed by id, one school's rows are one run."""
    other = new_uuids(50, "ffffffff-0000-4000-8000-000000000000")
    mine = [add_teacher(school_db, f"老师{n}") for n in range(50)]
    order = sorted(other + mine)
    assert order == sorted(mine) + sorted(other) or order == sorted(other) + sorted(mine)
