"""Per-field clocks: the triggers record the clock of every changed field of a child,
family or guardian, whichever code writes, and watch every field of the model."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from liushou_desktop.db import models
from liushou_desktop.db.database import Database
from liushou_desktop.db.field_clocks import META_COLUMNS, TRACKED, trigger_name
from liushou_desktop.db.models import Child, FieldClock, Guardian
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.roster_write import update_rows
from tests.helpers import FakeClock

MODELS = {"child": models.Child, "family": models.Family, "guardian": models.Guardian}


@pytest.mark.parametrize("table", sorted(TRACKED))
def test_the_trigger_watches_every_field_of_the_model(table: str) -> None:
    columns = {c.key for c in MODELS[table].__table__.columns} - set(META_COLUMNS)
    assert set(TRACKED[table]) == columns


def _clocks(db: Database) -> dict[tuple[str, str, str], int]:
    with db.session_scope("t") as session:
        rows = session.scalars(select(FieldClock)).all()
        return {(r.table_name, r.row_id, r.field): r.clock for r in rows}


def test_an_edit_records_the_clock_of_the_changed_fields_only(
    school_db: Database, clock: FakeClock
) -> None:
    DemoService(school_db, clock).add_children(5, "t")
    with school_db.session_scope("t") as session:
        names = set(session.scalars(select(text("name")).select_from(text("sqlite_master"))))
    assert {trigger_name(t) for t in TRACKED} <= names
    assert _clocks(school_db) == {}  # inserts record nothing: the row's clock stands
    admin = AccountService(school_db).sign_in("admin", "correct horse").actor()
    child_id = ChildrenService(school_db).list_active(admin)[0].id
    ChildrenService(school_db, clock).update(admin, child_id, {"hobbies": "下象棋"})
    with school_db.session_scope("t") as session:
        row_clock = session.get(Child, child_id).clock
    assert _clocks(school_db) == {("child", child_id, "hobbies"): row_clock}


def test_core_updates_record_field_clocks_too(school_db: Database, clock: FakeClock) -> None:
    DemoService(school_db, clock).add_children(3, "t")
    with school_db.session_scope("t") as session:
        guardian = session.scalars(select(Guardian)).first()
        assert guardian is not None
        gid, old_phone = guardian.id, guardian.phone
        changes = {gid: {"phone": "13900000000", "name": guardian.name}}
        update_rows(session, Guardian.__table__, changes, clock())
    with school_db.session_scope("t") as session:
        new_clock = session.get(Guardian, gid).clock
    assert old_phone != "13900000000"
    assert _clocks(school_db) == {("guardian", gid, "phone"): new_clock}  # name unchanged
