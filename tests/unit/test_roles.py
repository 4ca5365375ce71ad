"""Every role x every service action: allowed or refused exactly as docs/roles.md says."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import AuditEntry, Child, Family, Guardian, School, Teacher
from liushou_desktop.domain import permissions as p
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.activities import ActivityService
from liushou_desktop.domain.audit_viewer import EXPORT_HEADERS, AuditService
from liushou_desktop.domain.backups import BackupService
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.family_contact import ContactForm, FamilyContactService
from liushou_desktop.domain.growth import GrowthForm, GrowthService
from liushou_desktop.domain.pairing import PairingService
from liushou_desktop.domain.printing import PrintService
from liushou_desktop.domain.roster_export import RosterExportService
from liushou_desktop.domain.school_calendar import CalendarService
from liushou_desktop.domain.school_year import SchoolYearService
from liushou_desktop.domain.setup import SchoolSettingsService, SetupService
from liushou_desktop.domain.sync_peers import PeerService
from liushou_desktop.domain.talk_plan import TalkPlanService
from liushou_desktop.domain.talk_status import TalkStatusService
from liushou_desktop.domain.talks import TalkForm, TalkService
from liushou_desktop.domain.township_sharing import SharingService
from liushou_desktop.paths import DataDir
from tests.helpers import ROOT, SCHOOL, FakeClock

ROLES = ("admin", "class_teacher", "mentor", "inspector", "township_admin", "township_viewer")
TOWNSHIP = {"township_admin", "township_viewer"}
DOCS = ROOT / "docs" / "roles.md"


def docs_table() -> dict[str, frozenset[str]]:
    table = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_.]+)`\s*\|[^|]*\|(.*)\|\s*$", line)
        if match and "." in match.group(1):
            cells = [c.strip() for c in match.group(2).split("|")]
            assert len(cells) == len(ROLES), line
            table[match.group(1)] = frozenset(
                r for r, c in zip(ROLES, cells, strict=True) if c == "yes"
            )
    return table


def test_docs_table_equals_the_code_table() -> None:
    assert docs_table() == p.ROLE_TABLE


@dataclass
class Place:
    """An installation with one account per role and a child every role can reach."""

    db: Database
    actors: dict[str, p.Actor]
    child_id: str
    child_id_number: str
    phone: str
    backup_file: Path
    tmp: Path


def _school(tmp: Path) -> Place:
    clock = FakeClock()
    db = open_database(DataDir(tmp / "school"), now=clock)
    SetupService(db, clock).set_up(SCHOOL, "test")
    DemoService(db, clock).add_children(20, "test")
    admin = AccountService(db, clock).sign_in("admin", "correct horse").actor()
    with db.session_scope("t") as session:
        child = session.scalars(select(Child).order_by(Child.name_pinyin)).first()
        assert child is not None
        class_id, child_id, number = child.class_id, child.id, child.id_number or ""
        child.illness_type = "哮喘"
        phone = session.scalars(
            select(Guardian.phone).where(
                Guardian.family_id == child.family_id, Guardian.relation == "father"
            )
        ).one()
    accounts = AccountService(db, clock)
    accounts.create_account(admin, "ct", "班主任甲", "class_teacher", (class_id,), "password-ct")
    accounts.create_account(admin, "mentor", "帮扶乙", "mentor", (), "password-mt")
    accounts.create_account(admin, "inspector", "督查丙", "inspector", (), "password-in")
    with db.session_scope("t") as session:
        mentor_teacher = session.scalars(select(Teacher.id).where(Teacher.name == "帮扶乙")).one()
        session.get(Child, child_id).mentor_id = mentor_teacher  # type: ignore[union-attr]
    actors = {"admin": admin}
    for role, name, password in (
        ("class_teacher", "ct", "password-ct"),
        ("mentor", "mentor", "password-mt"),
        ("inspector", "inspector", "password-in"),
    ):
        actors[role] = accounts.sign_in(name, password).actor()
    backup = BackupService(db, clock).backup_now(admin, tmp / "stick")
    return Place(db, actors, child_id, number, phone, backup, tmp)


def _township(tmp: Path) -> Place:
    clock = FakeClock()
    db = open_database(DataDir(tmp / "township"), now=clock)
    SetupService(db, clock).set_up(replace(SCHOOL, role="township", code="XCZ"), "test")
    admin = AccountService(db, clock).sign_in("admin", "correct horse").actor()
    AccountService(db, clock).create_account(
        admin, "viewer", "乡镇丁", "township_viewer", (), "password-tv"
    )
    viewer = AccountService(db, clock).sign_in("viewer", "password-tv").actor()
    with db.session_scope("merge") as session:  # a child as a school's bundle brings it
        school = School(code="5205261001", name="阳光小学")
        session.add(school)
        session.flush()
        family = Family(school_id=school.id)
        session.add(family)
        session.flush()
        session.add(
            Guardian(family_id=family.id, relation="father", name="王大", phone="13812345678")
        )
        child = Child(
            school_id=school.id,
            family_id=family.id,
            name="王小",
            id_number="52052620150101001X",
            illness_type="哮喘",
        )
        session.add(child)
        session.flush()
        child_id = child.id
    backup = BackupService(db, clock).backup_now(admin, tmp / "stick")
    return Place(
        db,
        {"township_admin": admin, "township_viewer": viewer},
        child_id,
        "52052620150101001X",
        "13812345678",
        backup,
        tmp,
    )


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Place]:
    school = _school(tmp_path_factory.mktemp("roles-school"))
    township = _township(tmp_path_factory.mktemp("roles-township"))
    return {role: township if role in TOWNSHIP else school for role in ROLES}


# Each action, performed as an actor; for the "see" actions the result says what was seen.
def _record(pl: Place, a: p.Actor):  # noqa: ANN202
    return ChildrenService(pl.db).record(a, pl.child_id)


def _bundle(pl: Place, a: p.Actor):  # noqa: ANN202
    """Export a bundle: the school to its township, the township to a school (a peer with
    keys is entered directly, unaudited, so that only the export leaves an entry)."""
    from liushou_desktop.db.models import Installation, SyncPeer
    from liushou_desktop.domain.sync_bundles import BundleService
    from liushou_desktop.sync.identity import generate_identity

    with pl.db.session_scope("t") as session:
        township = session.scalars(select(Installation.role)).one() == "township"
        code = "5205269999" if township else "XCZ9"
        if session.get(SyncPeer, code) is None:
            public = generate_identity(code, "对方", "school" if township else "township").public()
            session.add(
                SyncPeer(
                    code=code, name="对方", role=public.role, identity=public.to_json(),
                    fingerprint=public.fingerprint, added_at=FakeClock()(),
                )
            )  # fmt: skip
    out = pl.tmp / f"bundles-{a.username}"
    out.mkdir(exist_ok=True)
    return BundleService(pl.db).export(a, out, to=code if township else None)


ACTIONS: dict[str, Callable[[Place, p.Actor], object]] = {
    p.VIEW_CHILDREN: lambda pl, a: ChildrenService(pl.db).list_active(a),
    p.VIEW_CHILD_RECORD: _record,
    p.EDIT_CHILD: lambda pl, a: ChildrenService(pl.db).update(
        a, pl.child_id, {"hobbies": f"by {a.username}"}
    ),
    p.SEE_FULL_ID: lambda pl, a: _record(pl, a).id_number == pl.child_id_number,
    p.SEE_PHONES: lambda pl, a: any(g.phone == pl.phone for g in _record(pl, a).guardians),
    p.SEE_HEALTH: lambda pl, a: _record(pl, a).illness_type == "哮喘",
    p.RECORD_CONSENT: lambda pl, a: ChildrenService(pl.db).record_consent(
        a, pl.child_id, date(2026, 9, 1), "written", "王大"
    ),
    p.ANONYMISE: lambda pl, a: ChildrenService(pl.db).retention_candidates(a),
    p.MANAGE_ACCOUNTS: lambda pl, a: AccountService(pl.db).list_accounts(a),
    p.EDIT_SETTINGS: lambda pl, a: SchoolSettingsService(pl.db).update_contacts(
        a, "0851-8123457", "110"
    ),
    p.VIEW_AUDIT: lambda pl, a: AuditService(pl.db).query(a),
    p.EXPORT_AUDIT: lambda pl, a: AuditService(pl.db).export(
        a, [], pl.tmp / f"audit-{a.username}.xlsx", EXPORT_HEADERS
    ),
    p.BACKUP: lambda pl, a: BackupService(pl.db).backup_now(a, pl.tmp / "stick"),
    p.RESTORE: lambda pl, a: BackupService(pl.db).restore(a, pl.backup_file),
    p.START_SCHOOL_YEAR: lambda pl, a: SchoolYearService(pl.db).preview(a, date(2027, 9, 1)),
    p.EXPORT_CHILDREN: lambda pl, a: RosterExportService(pl.db).export(
        a, pl.tmp / f"roster-{a.username}.xlsx"
    ),
    p.PRINT_CHILDREN: lambda pl, a: PrintService(pl.db).cards(
        a, pl.tmp / f"cards-{a.username}.pdf"
    ),
    p.MANAGE_PAIRING: lambda pl, a: PairingService(pl.db).add_teacher(a, f"教师{a.username}"),
    p.MANAGE_CALENDAR: lambda pl, a: CalendarService(pl.db).mark_day(
        a, date(2026, 12, 24), "off", "test"
    ),
    p.PLAN_TALKS: lambda pl, a: TalkPlanService(pl.db).plan_month(a, date(2026, 12, 1)),
    p.RECORD_TALKS: lambda pl, a: TalkService(pl.db).record(
        a, pl.child_id, TalkForm(held_on=date(2026, 11, 2), condition=f"by {a.username}")
    ),
    p.VIEW_TALK_STATUS: lambda pl, a: TalkStatusService(pl.db).status(a, date(2026, 11, 1)),
    p.PLAN_ACTIVITIES: lambda pl, a: ActivityService(pl.db).plan_term(a, "2026-2027-1"),
    p.RECORD_ACTIVITIES: lambda pl, a: FamilyContactService(pl.db).log(
        a, pl.child_id, ContactForm(on=date(2026, 11, 2), relation="mother", note=a.username)
    ),
    p.VIEW_ACTIVITIES: lambda pl, a: ActivityService(pl.db).list(a),
    p.MANAGE_PEERS: lambda pl, a: PeerService(pl.db).schools(a),
    p.SYNC_BUNDLES: _bundle,
    p.SHARE_WITH_SCHOOLS: lambda pl, a: SharingService(pl.db).send_notice(
        a, f"通知 {a.username}", ""
    ),
    p.RECORD_GROWTH: lambda pl, a: GrowthService(pl.db).add(
        a, pl.child_id, GrowthForm(on=date(2026, 11, 2), kind="note", text=f"by {a.username}")
    ),
}
SEE_ACTIONS = {p.SEE_FULL_ID, p.SEE_PHONES, p.SEE_HEALTH}


def test_every_action_in_the_table_is_exercised() -> None:
    assert set(ACTIONS) == set(p.ROLE_TABLE)


def audit_actions(db: Database) -> list[tuple[str, str]]:
    with db.session_scope("t") as session:
        return [(e.actor, e.action) for e in session.scalars(select(AuditEntry))]


@pytest.mark.parametrize("action", list(p.ROLE_TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_role_may_or_may_not(places: dict[str, Place], role: str, action: str) -> None:
    place = places[role]
    actor = place.actors[role]
    expected = role in docs_table()[action]
    before = len(audit_actions(place.db))
    if action in SEE_ACTIONS:
        assert ACTIONS[action](place, actor) is expected
        return
    if expected:
        ACTIONS[action](place, actor)
        new = audit_actions(place.db)[before:]
        assert "denied" not in {a for _, a in new}
    else:
        with pytest.raises(p.PermissionDenied):
            ACTIONS[action](place, actor)
        assert audit_actions(place.db)[before:] == [(actor.username, "denied")]


SENSITIVE = {
    p.VIEW_CHILD_RECORD: "view_child_record",
    p.EDIT_CHILD: "child_edit",
    p.RECORD_CONSENT: "consent_recorded",
    p.EDIT_SETTINGS: "school_edit",
    p.EXPORT_AUDIT: "audit_exported",
    p.BACKUP: "backup_written",
    p.RESTORE: "backup_restored",
    p.EXPORT_CHILDREN: "roster_exported",
    p.PRINT_CHILDREN: "print",
    p.MANAGE_PAIRING: "teacher_added",
    p.MANAGE_CALENDAR: "calendar_day_marked",
    p.PLAN_TALKS: "talks_planned",
    p.RECORD_TALKS: "talk_recorded",
    p.PLAN_ACTIVITIES: "activities_planned",
    p.RECORD_ACTIVITIES: "family_contact_logged",
    p.RECORD_GROWTH: "growth_added",
    p.SYNC_BUNDLES: "bundle_exported",
}


def test_roles_that_export_may_see_everything_the_workbook_holds() -> None:
    """A roster workbook holds full ID numbers, phones and health details."""
    exporters = p.ROLE_TABLE[p.EXPORT_CHILDREN]
    for action in (p.VIEW_CHILD_RECORD, p.SEE_FULL_ID, p.SEE_PHONES, p.SEE_HEALTH):
        assert exporters <= p.ROLE_TABLE[action], action


@pytest.mark.parametrize("action", list(SENSITIVE))
def test_every_sensitive_action_leaves_an_audit_entry(
    places: dict[str, Place], action: str
) -> None:
    place = places["admin"]
    actor = place.actors["admin"]
    ACTIONS[action](place, actor)
    # the newest entry (a restore replaces the log with the backup's, then adds its own)
    assert audit_actions(place.db)[-1] == (actor.username, SENSITIVE[action])


def test_class_teacher_and_mentor_see_only_their_children(places: dict[str, Place]) -> None:
    place = places["admin"]
    everyone = ChildrenService(place.db).list_active(place.actors["admin"])
    mine = ChildrenService(place.db).list_active(place.actors["class_teacher"])
    mentees = ChildrenService(place.db).list_active(place.actors["mentor"])
    assert place.child_id in {c.id for c in mine} and len(mine) < len(everyone)
    assert [c.id for c in mentees] == [place.child_id]
    other = next(c.id for c in everyone if c.id not in {m.id for m in mine})
    with pytest.raises(Exception, match="not open to your account"):
        ChildrenService(place.db).record(place.actors["class_teacher"], other)
    with pytest.raises(Exception, match="not open to your account"):
        ChildrenService(place.db).update(place.actors["class_teacher"], other, {"hobbies": "x"})


def test_lists_mask_ids_for_everyone_and_phones_for_the_inspector(
    places: dict[str, Place],
) -> None:
    place = places["admin"]
    for role in ("admin", "inspector"):
        rows = ChildrenService(place.db).list_active(place.actors[role])
        assert all("*" in r.id_number_shown for r in rows if r.id_number_shown)
    inspector_phones = [
        r.guardian_phone_shown
        for r in ChildrenService(place.db).list_active(place.actors["inspector"])
    ]
    assert all("****" in ph for ph in inspector_phones if ph)
