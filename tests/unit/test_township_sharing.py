"""The township's notices (通知) and shared term-plan templates: written at the township,
carried by its bundles, read at the schools; withdrawn the same way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from liushou_desktop.db.models import ActivityTemplate, AuditEntry, Notice
from liushou_desktop.domain.activities import ActivityService
from liushou_desktop.domain.school_calendar import CalendarService
from liushou_desktop.domain.township_sharing import SharingService
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock
from tests.unit.test_sync_bundles import (
    SCHOOL_A,
    SCHOOL_B,
    Place,
    count,
    export,
    later,
    make_school,
    make_township,
    pair,
)

AUTUMN = "2026-2027-1"


@pytest.fixture
def world(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[Place, Place, Place, Path]]:
    """A township and two paired schools, and a stick folder."""
    town = make_township(tmp_path, clock)
    a, b = make_school(tmp_path, clock, SCHOOL_A), make_school(tmp_path, clock, SCHOOL_B)
    stick = tmp_path / "stick"
    for school in (a, b):
        pair(town, school, stick)
        town.bundles.import_bundle(town.actor, export(school, stick / school.actor.username))
    yield town, a, b, stick
    for place in (town, a, b):
        place.db.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def to_school(town: Place, school: Place, code: str, stick: Path, name: str) -> tuple[str, ...]:
    """The township's bundle to ``school`` (``code``), taken in there; the summary."""
    later(town.clock)
    bundle = export(town, stick / name, to=code)
    outcome = school.bundles.import_bundle(school.actor, bundle)
    assert outcome.status == "merged"
    return outcome.summary


def test_a_notice_reaches_the_schools_and_its_withdrawal_too(
    world: tuple[Place, Place, Place, Path],
) -> None:
    town, a, b, stick = world
    sharing = SharingService(town.db, town.clock)
    notice = sharing.send_notice(
        town.actor, "  期末档案  核查 ", "请于12月15日前核对档案。\n", date(2026, 12, 15)
    )
    assert (notice.title, notice.text, notice.issuer) == (
        "期末档案 核查",
        "请于12月15日前核对档案。",
        "新场镇",
    )
    assert notice.issued_on == date(2026, 11, 2)  # the clock's day
    for school, code in ((a, SCHOOL_A), (b, SCHOOL_B)):
        summary = to_school(town, school, code, stick, f"notice-{code}")
        assert summary == ("1 new notices from the township",)
        assert SharingService(school.db).notices() == [notice]
    sharing.withdraw_notice(town.actor, notice.id)
    assert sharing.notices() == []
    to_school(town, a, SCHOOL_A, stick, "withdrawn")
    assert SharingService(a.db).notices() == []
    assert count(a.db, Notice) == 1  # a tombstone
    with town.db.session_scope("t") as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "notice_sent" in actions and "notice_withdrawn" in actions
    with pytest.raises(UserError, match="no such notice"):
        sharing.withdraw_notice(town.actor, notice.id)


def test_notices_are_listed_newest_first_and_checked(
    world: tuple[Place, Place, Place, Path],
) -> None:
    town, _a, _b, _stick = world
    sharing = SharingService(town.db, town.clock)
    first = sharing.send_notice(town.actor, "第一", "")
    town.clock.value = town.clock.value.replace(day=5)
    second = sharing.send_notice(town.actor, "第二", "", date(2026, 11, 5))
    assert [n.title for n in sharing.notices()] == [second.title, first.title]
    for title, text, due, words in (
        ("", "", None, "title of 1 to 100"),
        ("长" * 101, "", None, "title of 1 to 100"),
        ("好", "字" * 2001, None, "at most 2000"),
        ("好", "", date(2026, 11, 4), "has passed"),
    ):
        with pytest.raises(UserError, match=words):
            sharing.send_notice(town.actor, title, text, due)
    assert len(sharing.notices()) == 2


def test_a_school_cannot_send_notices(world: tuple[Place, Place, Place, Path]) -> None:
    _town, a, _b, _stick = world
    from liushou_desktop.domain.permissions import Actor

    township_admin_here = Actor("x", "township_admin")  # a role a school never has
    with pytest.raises(UserError, match="sent by the township"):
        SharingService(a.db).send_notice(township_admin_here, "通知", "")


def test_a_template_one_school_saved_is_shared_with_the_others(
    world: tuple[Place, Place, Place, Path],
) -> None:
    town, a, b, stick = world
    for school in (a, b):
        CalendarService(school.db, school.clock).save_term(
            school.actor, AUTUMN, date(2026, 9, 1), date(2027, 1, 22)
        )
    planning = ActivityService(a.db, a.clock)
    planning.plan_term(a.actor, AUTUMN)
    planning.save_as_template(a.actor, AUTUMN, "我校行事历", "一小行事历")
    later(a.clock)
    town.bundles.import_bundle(town.actor, export(a, stick / "a-template"))
    sharing = SharingService(town.db, town.clock)
    assert [(t.school_code, t.name, t.title) for t in sharing.school_templates(town.actor)] == [
        (SCHOOL_A, "我校行事历", "一小行事历")
    ]
    with pytest.raises(UserError, match="no template named"):
        sharing.share_template(town.actor, SCHOOL_B, "我校行事历")
    assert sharing.share_template(town.actor, SCHOOL_A, "我校行事历", "全镇行事历") == "全镇行事历"
    to_school(town, b, SCHOOL_B, stick, "template")
    service_b = ActivityService(b.db, b.clock)
    shared = next(t for t in service_b.templates(b.actor) if t.name == "全镇行事历")
    assert (shared.title, shared.bundled) == ("一小行事历", False)
    assert shared.autumn == sum(1 for _ in planning.list(a.actor, AUTUMN)) > 0
    result = service_b.plan_term(b.actor, AUTUMN, "全镇行事历")
    assert result.created == shared.autumn
    with b.db.session_scope("t") as session:
        rows = session.scalars(select(ActivityTemplate.school_id)).all()
    assert rows == [None]  # the shared copy only: school A's own stays at the township
