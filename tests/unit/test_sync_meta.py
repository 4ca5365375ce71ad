"""Every synced row is stamped with a hybrid logical clock, its author and its origin."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from liushou_desktop.db import sync_meta
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation, School, Teacher
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
    assert len(row.id) == 36 and row.deleted is False


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
    assert all(len(t.id) == 36 and t.created_at == clock() for t in teachers)
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
