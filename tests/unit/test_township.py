"""The township's figures per school, checked against a naive count over the rows.

:func:`build_township` makes a township as a merge leaves it, without bundles: 2–3
demo schools (each its own data dir and code), their synced rows copied table by table
(parents first) into a township database, and a SyncPeer per school as ``schools add``
and a first bundle leave them. Other test modules import it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import (
    SYNCED_MODELS,
    Child,
    Concern,
    FamilyContact,
    HomeVisit,
    School,
    SchoolClass,
    SchoolTerm,
    SyncPeer,
    Talk,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.domain.township import TOTAL_CODE, SchoolFigures, TownshipService
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from tests.helpers import SCHOOL, FakeClock

TOWNSHIP_CODE = "XCZ"
TOWNSHIP_NAME = "新场镇"
# (code, name, children, expected); the third school has no expected number entered
SCHOOLS = (
    ("5205261001", "阳光小学", 14, 20),
    ("5205261002", "新场中心小学", 9, 9),
    ("5205261003", "河边小学", 11, None),
)
TODAY = date(2026, 11, 20)


@dataclass
class Township:
    """A township database with merged schools, its admin and viewer, and its clock."""

    db: Database
    admin: Actor
    viewer: Actor
    clock: FakeClock
    codes: tuple[str, ...]


def _school_db(root: Path, clock: FakeClock, code: str, name: str, n: int, seed: int) -> Database:
    """A demo school with family contacts, home visits and a few odd rows added."""
    db = open_database(DataDir(root / code), now=clock)
    SetupService(db, clock).set_up(replace(SCHOOL, code=code, name=name), "t")
    DemoService(db, clock).add_children(n, "t")
    rng = random.Random(seed)
    with db.session_scope("t") as session:
        children = list(session.scalars(select(Child).order_by(Child.id)))
        for child in children:
            for _ in range(rng.randint(0, 3)):
                session.add(
                    FamilyContact(
                        child_id=child.id,
                        on=date(2026, rng.choice((10, 11, 11, 11, 12)), rng.randint(1, 28)),
                        relation=rng.choice(("father", "mother", "grandmother")),
                        deleted=rng.random() < 0.15,
                    )
                )
            for _ in range(rng.randint(0, 2)):
                session.add(
                    HomeVisit(
                        child_id=child.id,
                        visited_on=date(2026, rng.choice((6, 8, 9, 10, 11)), rng.randint(1, 28)),
                        deleted=rng.random() < 0.15,
                    )
                )
            if rng.random() < 0.2:
                session.add(
                    Concern(child_id=child.id, kinds=["study"], opened_on=date(2026, 10, 9))
                )
        # a child who left, a deleted child, a child without a class
        children[0].status = "transferred"
        children[1].deleted = True
        children[2].class_id = None
        # a deleted talk of this month and a planned one before the 20th
        # this month's talks: held, planned (overdue before the 20th or not), deleted
        for child in children:
            for _ in range(rng.choice((0, 1, 1, 2))):
                day = date(2026, 11, rng.randint(3, 27))
                held = rng.random() < 0.5
                session.add(
                    Talk(
                        child_id=child.id,
                        month="2026-11",
                        status="done" if held else "planned",
                        planned_on=day,
                        held_on=day if held else None,
                        deleted=rng.random() < 0.1,
                    )
                )
    return db


def build_township(
    root: Path, schools: tuple[tuple[str, str, int, int | None], ...] = SCHOOLS
) -> Township:
    """A township with ``schools`` merged (see the module docstring)."""
    clock = FakeClock()
    db = open_database(DataDir(root / "township"), now=clock)
    SetupService(db, clock).set_up(
        replace(SCHOOL, role="township", code=TOWNSHIP_CODE, name=TOWNSHIP_NAME), "t"
    )
    for k, (code, name, n, expected) in enumerate(schools):
        source = _school_db(root, clock, code, name, n, k)
        with source.engine.connect() as read, db.engine.begin() as write:
            for model in SYNCED_MODELS:
                table = model.__table__  # type: ignore[attr-defined]
                rows = [dict(r) for r in read.execute(select(table)).mappings()]
                if rows:
                    write.execute(insert(table), rows)
        source.close()
        with db.session_scope("t") as session:
            session.add(
                SyncPeer(
                    code=code,
                    name=name,
                    role="school",
                    expected_children=expected,
                    added_at=clock(),
                    last_bundle_at=clock() - timedelta(days=k),
                )
            )
    admin = AccountService(db, clock).sign_in("admin", "correct horse").actor()
    AccountService(db, clock).create_account(
        admin, "viewer", "乡镇丁", "township_viewer", (), "password-tv"
    )
    viewer = AccountService(db, clock).sign_in("viewer", "password-tv").actor()
    return Township(db, admin, viewer, clock, tuple(s[0] for s in schools))


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Township:
    return build_township(tmp_path_factory.mktemp("township"))


# --- the naive count ---------------------------------------------------------------------


def naive(
    db: Database, code: str, today: date, class_id: str | None | bool = False
) -> dict[str, object]:
    """The figures of school ``code`` (or of one of its classes) by looping over rows."""
    with db.session_factory() as session:
        school = session.scalars(select(School).where(School.code == code)).one()
        kids = [
            c
            for c in session.scalars(select(Child).where(Child.school_id == school.id))
            if not c.deleted
            and c.status == vocab.CHILD_ACTIVE
            and (class_id is False or c.class_id == class_id)
        ]
        ids = {c.id for c in kids}
        month = f"{today.year}-{today.month:02d}"
        talks = [t for t in session.scalars(select(Talk)) if t.child_id in ids and not t.deleted]
        done = {t.child_id for t in talks if t.month == month and t.status == "done"}
        overdue = sum(
            1
            for t in talks
            if t.month == month and t.status == "planned" and t.planned_on and t.planned_on < today
        )
        concerns = {
            c.child_id
            for c in session.scalars(select(Concern))
            if c.child_id in ids and not c.deleted and c.closed_on is None
        }
        contacted = {
            f.child_id
            for f in session.scalars(select(FamilyContact))
            if f.child_id in ids
            and not f.deleted
            and f.relation in ("father", "mother")
            and (f.on.year, f.on.month) == (today.year, today.month)
        }
        terms = [
            t
            for t in session.scalars(select(SchoolTerm))
            if t.school_id == school.id and not t.deleted
        ]
        holding = [t for t in terms if t.starts_on <= today <= t.ends_on]
        begun = sorted((t for t in terms if t.starts_on <= today), key=lambda t: t.starts_on)
        term = holding[0] if holding else (begun[-1] if begun else None)
        visited = {
            v.child_id
            for v in session.scalars(select(HomeVisit))
            if v.child_id in ids
            and not v.deleted
            and term is not None
            and term.starts_on <= v.visited_on <= term.ends_on
        }
    return {
        "children": len(kids),
        "talks_done": len(done),
        "overdue": overdue,
        "open_concerns": len(concerns),
        "family_contacted": len(contacted),
        "home_visited": len(visited),
        "term": term.name if term else "",
    }


def _picked(row: SchoolFigures) -> dict[str, object]:
    return {
        key: getattr(row, key)
        for key in (
            "children",
            "talks_done",
            "overdue",
            "open_concerns",
            "family_contacted",
            "home_visited",
            "term",
        )
    }


# --- the tests ---------------------------------------------------------------------------


def test_every_school_figure_equals_a_direct_count(township: Township) -> None:
    rows = TownshipService(township.db, township.clock).overview(township.admin, TODAY)
    assert [r.code for r in rows] == [*sorted(township.codes), TOTAL_CODE]
    for row, (code, name, _n, expected) in zip(rows, SCHOOLS, strict=False):
        want = naive(township.db, code, TODAY)
        assert row.name == name
        assert _picked(row) == want, code
        assert row.children > 0 and row.talks_due == row.children
        assert row.expected == expected
        assert row.registration_rate == (row.children / expected if expected else None)
        assert row.talk_rate == pytest.approx(row.talks_done / row.children)
        assert row.family_contact_rate == pytest.approx(row.family_contacted / row.children)
        assert row.home_visit_rate == pytest.approx(row.home_visited / row.children)
    # the data exercises every figure somewhere
    schools = rows[:-1]
    for key in ("talks_done", "overdue", "open_concerns", "family_contacted", "home_visited"):
        assert sum(getattr(r, key) for r in schools) > 0, key
    assert all(r.term == "2026-2027-1" for r in schools)


def test_the_total_adds_up_and_recomputes_its_rates(township: Township) -> None:
    rows = TownshipService(township.db, township.clock).overview(township.viewer, TODAY)
    schools, total = rows[:-1], rows[-1]
    assert total.code == TOTAL_CODE and total.name == "合计"
    for key in (
        "children",
        "talks_due",
        "talks_done",
        "overdue",
        "open_concerns",
        "family_contacted",
        "home_visited",
    ):
        assert getattr(total, key) == sum(getattr(r, key) for r in schools), key
    assert total.talk_rate == pytest.approx(total.talks_done / total.talks_due)
    assert total.family_contact_rate == pytest.approx(total.family_contacted / total.children)
    assert total.home_visit_rate == pytest.approx(total.home_visited / total.children)
    # one school has no expected number: no township 建档率
    assert total.expected is None and total.registration_rate is None
    assert total.last_bundle_at == max(r.last_bundle_at for r in schools if r.last_bundle_at)


def test_by_class_adds_up_to_the_school(township: Township) -> None:
    service = TownshipService(township.db, township.clock)
    overview = {r.code: r for r in service.overview(township.admin, TODAY)}
    code = township.codes[0]
    rows = service.by_class(township.admin, code, TODAY)
    classes, total = rows[:-1], rows[-1]
    assert total.code == TOTAL_CODE
    assert _picked(total) == _picked(overview[code])
    assert classes[-1].name == "未分班"  # the demo child moved out of its class
    for row in classes:
        want = naive(township.db, code, TODAY, None if row.code == "-" else row.code)
        assert _picked(row) == want, row.name
    with township.db.session_factory() as session:
        names = dict(session.execute(select(SchoolClass.id, SchoolClass.name)).all())
    assert all(names[r.code] == r.name for r in classes[:-1])


def test_expected_from_every_school_gives_a_township_rate(tmp_path: Path) -> None:
    place = build_township(
        tmp_path, (("5205261001", "阳光小学", 6, 8), ("5205261002", "二小", 5, 10))
    )
    total = TownshipService(place.db, place.clock).overview(place.admin, TODAY)[-1]
    assert total.expected == 18
    assert total.registration_rate == pytest.approx(total.children / 18)


def test_a_school_entered_before_its_first_bundle_shows_zeros(
    township: Township, tmp_path: Path
) -> None:
    place = build_township(tmp_path, (("5205261001", "阳光小学", 5, None),))
    with place.db.session_scope("t") as session:
        session.add(
            SyncPeer(
                code="5205261009",
                name="山顶小学",
                role="school",
                expected_children=12,
                added_at=datetime(2026, 11, 1),
            )
        )
    service = TownshipService(place.db, place.clock)
    rows = service.overview(place.admin, TODAY)
    waiting = next(r for r in rows if r.code == "5205261009")
    assert (
        waiting.children,
        waiting.registration_rate,
        waiting.talk_rate,
        waiting.last_bundle_at,
    ) == (0, 0.0, None, None)
    assert service.school_children(place.admin, "5205261009") == []
    assert [r.code for r in service.by_class(place.admin, "5205261009", TODAY)] == [TOTAL_CODE]


def test_school_children_lists_only_that_school_masked(township: Township) -> None:
    service = TownshipService(township.db, township.clock)
    code = township.codes[1]
    rows = service.school_children(township.viewer, code)
    assert len(rows) == naive(township.db, code, TODAY)["children"]
    with township.db.session_factory() as session:
        school_id = session.scalar(select(School.id).where(School.code == code))
        ours = set(session.scalars(select(Child.id).where(Child.school_id == school_id)))
    assert {r.id for r in rows} <= ours
    assert all("*" in r.id_number_shown for r in rows if r.id_number_shown)
    with pytest.raises(UserError, match="no school with the code"):
        service.school_children(township.viewer, "9999999999")


def test_the_overview_is_for_the_township_only(school_db: Database, clock: FakeClock) -> None:
    admin = AccountService(school_db, clock).sign_in("admin", "correct horse").actor()
    with pytest.raises(UserError, match="township's computer"):
        TownshipService(school_db, clock).overview(admin, TODAY)


def test_a_role_without_the_right_is_refused(township: Township) -> None:
    nobody = Actor(username="x", role="nobody")
    with pytest.raises(PermissionDenied):
        TownshipService(township.db, township.clock).overview(nobody, TODAY)


def test_the_township_roster_covers_every_school_masked(
    township: Township, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No township role may export children's records yet (docs/roles.md); once one may,
    the export covers every school with what the role may see, IDs masked."""
    from openpyxl import load_workbook

    from liushou_desktop.domain import permissions
    from liushou_desktop.domain.roster_export import FORM_REGISTER, RosterExportService

    service = RosterExportService(township.db, township.clock)
    with pytest.raises(permissions.PermissionDenied):
        service.export(township.admin, tmp_path / "refused.xlsx")
    assert not (tmp_path / "refused.xlsx").exists()
    granted = permissions.ROLE_TABLE[permissions.EXPORT_CHILDREN] | {
        township.admin.role,
        township.viewer.role,
    }
    monkeypatch.setitem(permissions.ROLE_TABLE, permissions.EXPORT_CHILDREN, granted)
    result = service.export(township.admin, tmp_path / "花名册.xlsx")
    expected = {code: naive(township.db, code, TODAY)["children"] for code in township.codes}
    assert result.rows == sum(expected.values()) and result.sheets == len(SCHOOLS)
    book = load_workbook(result.path, read_only=True)
    try:
        assert book.sheetnames == sorted(s[1] for s in SCHOOLS)
        for code, name, _n, _e in SCHOOLS:
            grid = [list(r) for r in book[name].iter_rows(values_only=True)]
            assert grid[1][:3] == ["序号", "学校", "姓名"]
            body = [r for r in grid[2:] if isinstance(r[0], int)]
            assert len(body) == expected[code]
            assert {r[1] for r in body} == {name}
            ids = [r[grid[1].index("身份证号")] for r in body if r[grid[1].index("身份证号")]]
            assert ids and all("*" in i for i in ids)
            assert all(r[grid[1].index("身体情况")] is None for r in body)
    finally:
        book.close()
    register = service.export(township.viewer, tmp_path / "登记表.xlsx", FORM_REGISTER)
    assert register.rows == result.rows and register.sheets == 1


def test_the_report_command_writes_the_workbook(tmp_path: Path) -> None:
    from liushou_desktop.cli import main

    place = build_township(tmp_path, (("5205261001", "阳光小学", 4, 5),))
    place.db.close()
    out = tmp_path / "汇总.xlsx"
    data = str(tmp_path / "township")
    assert main(["report", "--data-dir", data, str(out)]) == 0
    assert out.exists()
    pdf = tmp_path / "汇总.pdf"
    assert main(["print", "township-summary", "--data-dir", data, str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
