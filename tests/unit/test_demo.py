"""The demo school: exactly N believable children with valid, unique ID numbers."""

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import chinese_calendar
import pytest
from sqlalchemy import func, select
from stdnum.cn import ric

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import (
    Child,
    Consent,
    Family,
    Guardian,
    Installation,
    School,
    SchoolClass,
    Talk,
)
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService, school_year_start
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from tests.helpers import FakeClock


def children(db: Database) -> list[Child]:
    with db.session_scope("t") as session:
        return list(session.scalars(select(Child).order_by(Child.name, Child.id_number)))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_database(DataDir(tmp_path_factory.mktemp("demo")), now=FakeClock())
    DemoService(db, FakeClock()).add_children(1000, "cli")
    return db


def test_sets_up_a_demo_school_with_exactly_n_active_children(demo_db: Database) -> None:
    with demo_db.session_scope("t") as session:
        assert session.scalars(select(Installation.is_demo)).one() is True
        assert session.scalar(select(func.count()).where(Child.status == "active")) == 1000
        assert session.scalar(select(func.count()).select_from(School)) == 1
        grades = set(session.scalars(select(SchoolClass.grade)))
    assert grades == set(range(1, 10))  # 1,000 children: a nine-year school


def test_id_numbers_are_valid_unique_and_agree_with_sex_and_birth_date(demo_db: Database) -> None:
    rows = children(demo_db)
    numbers = [c.id_number for c in rows]
    assert len(set(numbers)) == len(numbers)
    for child in rows:
        assert child.id_number is not None
        assert ric.validate(child.id_number) == child.id_number
        assert ric.get_birth_date(child.id_number) == child.birth_date
        assert (int(child.id_number[16]) % 2 == 1) == (child.sex == "M")
        assert child.student_number == "G" + child.id_number


def test_children_are_of_primary_and_junior_age(demo_db: Database) -> None:
    year0 = school_year_start(FakeClock()().date())
    for child in children(demo_db):
        assert child.birth_date is not None
        age_at_start = year0 - child.birth_date.year
        assert 6 <= age_at_start <= 16


def test_families_have_siblings_parents_away_and_guardians(demo_db: Database) -> None:
    with demo_db.session_scope("t") as session:
        per_family = Counter(session.scalars(select(Child.family_id)))
        relations = Counter(session.scalars(select(Guardian.relation)))
        provinces = set(
            session.scalars(select(Guardian.work_province).where(Guardian.works_away.is_(True)))
        )
        entrusted = session.scalar(select(func.count()).where(Guardian.is_entrusted_guardian))
        families = session.scalar(select(func.count()).select_from(Family))
    assert max(per_family.values()) == 2 and min(per_family.values()) == 1
    assert relations["father"] == relations["mother"] == families
    assert {"广东省", "浙江省"} <= provinces
    assert entrusted == families


def test_names_include_rare_characters(demo_db: Database) -> None:
    names = [c.name for c in children(demo_db)]
    assert all(2 <= len(n) <= 3 for n in names)
    rare = [n for n in names if any(ch in "堃喆䶮淼犇昇玥燚𠇔" for ch in n)]
    assert len(rare) >= 3


def test_pinyin_is_stored(demo_db: Database) -> None:
    child = children(demo_db)[0]
    assert child.name_pinyin and child.name_initials
    assert len(child.name_initials) == len(child.name)


def make_demo(tmp_path: Path, name: str, code: str | None, n: int) -> Database:
    db = open_database(DataDir(tmp_path / name), now=FakeClock())
    if code:
        from dataclasses import replace

        from tests.helpers import SCHOOL

        SetupService(db, FakeClock()).set_up(replace(SCHOOL, code=code), "t")
    DemoService(db, FakeClock()).add_children(n, "t")
    return db


def test_same_school_code_gives_the_same_school(tmp_path: Path) -> None:
    first = [(c.name, c.id_number) for c in children(make_demo(tmp_path, "a", "5205261001", 120))]
    again = [(c.name, c.id_number) for c in children(make_demo(tmp_path, "b", "5205261001", 120))]
    assert first == again


def test_two_schools_never_share_an_id_number(tmp_path: Path) -> None:
    one = {c.id_number for c in children(make_demo(tmp_path, "a", "5205261001", 500))}
    two = {c.id_number for c in children(make_demo(tmp_path, "b", "5205261002", 500))}
    assert one and two and not one & two


def test_adding_more_children_keeps_ids_unique(tmp_path: Path) -> None:
    db = make_demo(tmp_path, "a", None, 100)
    DemoService(db, FakeClock()).add_children(100, "t")
    numbers = [c.id_number for c in children(db)]
    assert len(numbers) == 200 == len(set(numbers))


def test_demo_refuses_a_township_and_silly_numbers(tmp_path: Path) -> None:
    from dataclasses import replace

    from tests.helpers import SCHOOL

    db = open_database(DataDir(tmp_path / "t"), now=FakeClock())
    SetupService(db).set_up(replace(SCHOOL, role="township"), "t")
    with pytest.raises(UserError, match="township"):
        DemoService(db).add_children(10, "t")
    with pytest.raises(UserError, match="from 0 to"):
        DemoService(db).add_children(-1, "t")


def test_school_year_starts_in_september() -> None:
    assert school_year_start(date(2026, 8, 31)) == 2025
    assert school_year_start(date(2026, 9, 1)) == 2026


def test_most_children_have_a_guardians_consent_so_few_records_are_incomplete(
    demo_db: Database,
) -> None:
    with demo_db.session_scope("t") as session:
        consents = list(session.scalars(select(Consent)))
        guardians = set(session.scalars(select(Guardian.name)))
    assert 900 <= len(consents) <= 990  # about 95% of 1,000
    assert len({c.child_id for c in consents}) == len(consents)
    assert {c.form for c in consents} == {"written", "oral"}
    assert all(c.given_by in guardians for c in consents)
    today = FakeClock()().date()
    start = date(school_year_start(today), 9, 1)
    assert all(start <= c.consent_date <= today for c in consents)
    counts = ChildrenService(demo_db).counts(Actor("admin", "admin"))
    assert counts.incomplete_records == 1000 - len(consents)


def test_the_same_seed_records_the_same_consents(tmp_path: Path) -> None:
    drawn = []
    for name in ("a", "b"):
        db = open_database(DataDir(tmp_path / name), now=FakeClock())
        DemoService(db, FakeClock()).add_children(200, "cli")
        with db.session_scope("t") as session:
            drawn.append(
                sorted(
                    session.execute(
                        select(
                            Child.name, Consent.consent_date, Consent.form, Consent.given_by
                        ).join(Consent, Consent.child_id == Child.id)
                    ).all()
                )
            )
    assert drawn[0] == drawn[1] and drawn[0]


def test_the_demo_has_talks_of_this_month_so_far(tmp_path: Path) -> None:
    """Three whole months of talks, then the clock's month in proportion to its working
    days gone by (on the 16th of November 2026, 10 of 21), never on a day still to come."""
    mid_month = FakeClock(datetime(2026, 11, 16, 6, 0))
    db = open_database(DataDir(tmp_path / "mid"), now=mid_month)
    DemoService(db, mid_month).add_children(300, "t")
    with db.session_scope("t") as session:
        held = list(session.execute(select(Talk.month, Talk.held_on)))
    db.close()
    by_month = Counter(month for month, _ in held)
    assert set(by_month) == {"2026-08", "2026-09", "2026-10", "2026-11"}
    assert 0.8 * 300 < by_month["2026-10"] <= 300
    assert 0.35 * 300 < by_month["2026-11"] < 0.55 * 300  # 0.94 × 10/21 ≈ 0.45
    november = [day for month, day in held if month == "2026-11"]
    assert all(day < date(2026, 11, 16) and chinese_calendar.is_workday(day) for day in november)

    first_day = FakeClock(datetime(2026, 11, 2, 6, 0))  # a Monday: no working day gone by
    db = open_database(DataDir(tmp_path / "first"), now=first_day)
    DemoService(db, first_day).add_children(100, "t")
    with db.session_scope("t") as session:
        assert session.scalar(select(func.count()).where(Talk.month == "2026-11")) == 0
    db.close()
