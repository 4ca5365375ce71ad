"""Edits are audited field by field; consent; retention and anonymisation; the audit viewer."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Child, Consent, Guardian
from liushou_desktop.domain import audit
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.audit_viewer import EXPORT_HEADERS, AuditFilter, AuditService
from liushou_desktop.domain.children import ANONYMOUS_NAME, ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.io.xlsx import neutralise
from tests.helpers import FakeClock


@pytest.fixture
def admin(school_db: Database, clock: FakeClock) -> Actor:
    DemoService(school_db, clock).add_children(12, "t")
    return AccountService(school_db, clock).sign_in("admin", "correct horse").actor()


def first_child(db: Database) -> Child:
    with db.session_scope("t") as session:
        child = session.scalars(select(Child).order_by(Child.name_pinyin)).first()
        assert child is not None
        return child


def entries(db: Database, action: str) -> list[AuditEntry]:
    with db.session_scope("t") as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_each_changed_field_is_audited_with_old_and_new(
    school_db: Database, clock: FakeClock, admin: Actor
) -> None:
    child = first_child(school_db)
    ChildrenService(school_db, clock).update(
        admin, child.id, {"hobbies": "画画", "boarding": not child.boarding, "name": child.name}
    )
    logged = {e.detail for e in entries(school_db, "child_edit")}
    assert len(logged) == 2  # the unchanged name is not logged
    assert any(
        '"field":"hobbies"' in d and f'"old":"{child.hobbies}"' in d and '"new":"画画"' in d
        for d in logged
    )
    with pytest.raises(ValueError, match="not editable"):
        ChildrenService(school_db).update(admin, child.id, {"clock": 1})


def test_consent_is_recorded_and_shown_in_the_record(
    school_db: Database, clock: FakeClock, admin: Actor
) -> None:
    child = first_child(school_db)
    with school_db.session_scope("t") as session:  # the demo gave most children consent
        for consent in session.scalars(select(Consent).where(Consent.child_id == child.id)):
            consent.deleted = True
    service = ChildrenService(school_db, clock)
    assert service.record(admin, child.id).consent_date is None
    service.record_consent(admin, child.id, date(2026, 9, 3), "written", "王大")
    assert service.record(admin, child.id).consent_date == date(2026, 9, 3)
    with school_db.session_scope("t") as session:
        mine = select(Consent.given_by).where(
            Consent.child_id == child.id, Consent.deleted.is_(False)
        )
        assert session.scalars(mine).one() == "王大"
    assert entries(school_db, "consent_recorded")


def test_children_who_left_long_ago_are_offered_and_anonymised_for_good(
    school_db: Database, clock: FakeClock, admin: Actor
) -> None:
    child = first_child(school_db)
    service = ChildrenService(school_db, clock)
    service.update(
        admin,
        child.id,
        {"status": "graduated", "status_date": clock().date() - timedelta(days=365 * 3 + 5)},
    )
    recent = [c for c in service.list_active(admin)][0]
    service.update(admin, recent.id, {"status": "graduated", "status_date": clock().date()})
    candidates = [c[0] for c in service.retention_candidates(admin)]
    assert candidates == [child.id]
    with pytest.raises(PermissionDenied):
        service.anonymise(admin, [recent.id])  # not old enough
    assert service.anonymise(admin, [child.id]) == 1
    with school_db.session_scope("t") as session:
        gone = session.get(Child, child.id)
        assert gone is not None
        assert (gone.name, gone.id_number, gone.current_address) == (ANONYMOUS_NAME, None, "")
        assert gone.birth_date is not None and (gone.birth_date.month, gone.birth_date.day) == (
            1,
            1,
        )
        guardians = list(
            session.scalars(select(Guardian).where(Guardian.family_id == gone.family_id))
        )
        siblings = session.scalars(
            select(Child).where(Child.family_id == gone.family_id, Child.anonymised.is_(False))
        ).all()
    if not siblings:
        assert all(g.name == "" and g.phone == "" and g.id_number is None for g in guardians)
    assert service.retention_candidates(admin) == []
    detail = entries(school_db, "anonymised")[0].detail
    assert child.id in detail and child.name not in detail


def test_audit_viewer_filters_and_exports_safely(
    school_db: Database, clock: FakeClock, admin: Actor, tmp_path: Path
) -> None:
    with school_db.session_scope("t") as session:
        audit.append(
            session,
            actor="=cmd|' /C calc'!A0",
            action="sign_in_failed",
            now=clock() - timedelta(days=10),
        )
    viewer = AuditService(school_db, clock)
    everything = viewer.query(admin)
    assert everything[0].id > everything[-1].id  # newest first
    failed = viewer.query(admin, AuditFilter(action="sign_in_failed"))
    assert [r.actor for r in failed] == ["=cmd|' /C calc'!A0"]
    assert viewer.query(admin, AuditFilter(who="admin", since=clock().date()))
    assert viewer.query(admin, AuditFilter(until=clock().date() - timedelta(days=5))) == failed
    assert "sign_in" in viewer.actions(admin)

    path = viewer.export(admin, everything, tmp_path / "stick" / "audit.xlsx", EXPORT_HEADERS)
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(everything) + 1
    assert "'=cmd|' /C calc'!A0" in [r[2] for r in rows]  # not a formula any more
    assert entries(school_db, "audit_exported")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starters_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("普通文字") == "普通文字" and neutralise(-1) == -1
    assert neutralise(datetime(2026, 1, 1)) == datetime(2026, 1, 1)
