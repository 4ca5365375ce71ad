"""Lockout, the administrator's account tools and recovery with the set-up code."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Installation, SchoolClass, UserAccount
from liushou_desktop.domain import passwords
from liushou_desktop.domain.accounts import LOCK_MINUTES, MAX_FAILED_ATTEMPTS, AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.errors import UserError
from tests.helpers import SCHOOL, FakeClock


@pytest.fixture
def admin(school_db: Database, clock: FakeClock) -> Actor:
    return AccountService(school_db, clock).sign_in("admin", "correct horse").actor()


def actions(db: Database) -> list[str]:
    with db.session_scope("t") as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_too_many_wrong_passwords_lock_the_account_for_a_while(
    school_db: Database, clock: FakeClock
) -> None:
    accounts = AccountService(school_db, clock)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(UserError, match="Wrong user name"):
            accounts.sign_in("admin", "bad")
    with pytest.raises(UserError, match="locked for 15 more minutes"):
        accounts.sign_in("admin", "bad")
    with pytest.raises(UserError, match="locked"):
        accounts.sign_in("admin", "correct horse")  # even the right password waits
    clock.value += timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert accounts.sign_in("admin", "correct horse").username == "admin"
    assert "sign_in_refused_locked" in actions(school_db)


def test_a_good_sign_in_resets_the_count(school_db: Database, clock: FakeClock) -> None:
    accounts = AccountService(school_db, clock)
    for _ in range(3):
        with pytest.raises(UserError):
            accounts.sign_in("admin", "bad")
    accounts.sign_in("admin", "correct horse")
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(UserError, match="Wrong user name"):
            accounts.sign_in("admin", "bad")


def test_create_a_class_teacher_who_must_choose_a_password(
    school_db: Database, clock: FakeClock, admin: Actor
) -> None:
    DemoService(school_db, clock).add_children(10, "t")
    with school_db.session_scope("t") as session:
        class_id = session.scalars(select(SchoolClass.id)).first()
    accounts = AccountService(school_db, clock)
    password = accounts.create_account(admin, "liting", "李婷", "class_teacher", (class_id,))
    user = accounts.sign_in("liting", password)
    assert user.must_change_password and user.teacher_id
    with school_db.session_scope("t") as session:
        assert session.get(SchoolClass, class_id).class_teacher_id == user.teacher_id
    accounts.change_own_password(user, password, "my own password")
    assert not accounts.sign_in("liting", "my own password").must_change_password
    rows = {r.username: r for r in accounts.list_accounts(admin)}
    assert rows["liting"].role == "class_teacher" and rows["liting"].class_names
    assert "account_created" in actions(school_db) and "password_changed" in actions(school_db)


def test_taken_names_and_township_roles_are_refused(school_db: Database, admin: Actor) -> None:
    accounts = AccountService(school_db)
    with pytest.raises(UserError, match="taken"):
        accounts.create_account(admin, "admin", "另一个", "inspector")
    with pytest.raises(UserError, match="cannot be given"):
        accounts.create_account(admin, "zhen", "乡镇", "township_viewer")


def test_reset_disable_and_unlock(school_db: Database, clock: FakeClock, admin: Actor) -> None:
    accounts = AccountService(school_db, clock)
    accounts.create_account(admin, "zhao", "赵老师", "inspector", (), "first password")
    new = accounts.reset_password(admin, "zhao")
    with pytest.raises(UserError):
        accounts.sign_in("zhao", "first password")
    assert accounts.sign_in("zhao", new).must_change_password
    accounts.set_disabled(admin, "zhao", True)
    with pytest.raises(UserError, match="Wrong user name"):
        accounts.sign_in("zhao", new)
    accounts.set_disabled(admin, "zhao", False)
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(UserError):
            accounts.sign_in("zhao", "bad")
    accounts.unlock(admin, "zhao")
    assert accounts.sign_in("zhao", new).username == "zhao"


def test_the_last_administrator_cannot_be_disabled(school_db: Database, admin: Actor) -> None:
    with pytest.raises(UserError, match="last administrator"):
        AccountService(school_db).set_disabled(admin, "admin", True)


def test_recovery_code_resets_the_admin_once_and_is_replaced(
    db: Database, clock: FakeClock
) -> None:
    result = SetupService(db, clock).set_up(SCHOOL, "t")
    accounts = AccountService(db, clock)
    with pytest.raises(UserError, match="recovery code is not right"):
        accounts.recover_admin("AAAA-BBBB-CCCC-DDDD-EEEE", "new admin password")
    recovered = accounts.recover_admin(
        result.recovery_code.lower().replace("-", " "), "new admin password"
    )
    assert recovered.username == "admin"
    assert accounts.sign_in("admin", "new admin password").role == "admin"
    with pytest.raises(UserError, match="recovery code is not right"):
        accounts.recover_admin(result.recovery_code, "another password")  # used up
    with db.session_scope("t") as session:
        stored = session.scalars(select(Installation.recovery_hash)).one()
        admin_hash = session.scalars(select(UserAccount.password_hash)).one()
    code = passwords.normalize_recovery_code(recovered.new_recovery_code)
    assert passwords.verify_secret(code, stored)
    assert "new admin password" not in admin_hash
    assert {"recovery_failed", "recovery_used"} <= set(actions(db))
