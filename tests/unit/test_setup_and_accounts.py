"""First-run set-up, passwords and signing in."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Installation, School, UserAccount
from liushou_desktop.domain import passwords
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.sync.identity import load_identity
from tests.helpers import SCHOOL, FakeClock


def test_school_set_up_creates_installation_school_and_admin(school_db: Database) -> None:
    with school_db.session_scope("t") as session:
        installation = session.scalars(select(Installation)).one()
        school = session.scalars(select(School)).one()
        admin = session.scalars(select(UserAccount)).one()
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert (installation.role, installation.code) == ("school", "5205261001")
    assert (school.name, school.family_phone, school.emergency_phones) == (
        "阳光小学",
        "0851-8123456",
        "110，120",
    )
    assert admin.role == "admin" and admin.username == "admin"
    assert "correct horse" not in admin.password_hash
    assert passwords.verify_secret("correct horse", admin.password_hash)
    assert actions == ["setup", "keys_created"]
    # the key pair for sync bundles is made at set-up, for this installation
    identity = load_identity(school_db.data_dir.root / "keys")
    assert identity is not None and (identity.code, identity.role) == ("5205261001", "school")


def test_township_has_no_school_row_and_a_township_admin(db: Database, clock: FakeClock) -> None:
    SetupService(db, clock).set_up(replace(SCHOOL, role="township", code="XC01"), "t")
    with db.session_scope("t") as session:
        assert session.scalars(select(School)).first() is None
        assert session.scalars(select(UserAccount.role)).one() == "township_admin"


def test_generated_password_and_recovery_code_are_shown_once_and_stored_hashed(
    db: Database, clock: FakeClock
) -> None:
    result = SetupService(db, clock).set_up(replace(SCHOOL, admin_password=None), "cli")
    assert result.generated_password and len(result.generated_password) >= 12
    with db.session_scope("t") as session:
        admin = session.scalars(select(UserAccount)).one()
        installation = session.scalars(select(Installation)).one()
    assert passwords.verify_secret(result.generated_password, admin.password_hash)
    code = passwords.normalize_recovery_code(result.recovery_code.lower())
    assert passwords.verify_secret(code, installation.recovery_hash)
    assert result.recovery_code not in installation.recovery_hash


def test_second_set_up_is_refused(school_db: Database, clock: FakeClock) -> None:
    with pytest.raises(UserError, match="already set up"):
        SetupService(school_db, clock).set_up(SCHOOL, "t")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "a"}, "cannot be used"),
        ({"code": "has space"}, "cannot be used"),
        ({"name": "  "}, "name of 1 to 100"),
        ({"admin_password": "short"}, "too short"),
        ({"admin_username": "a b"}, "user name"),
        ({"family_phone": "23456"}, "not a valid phone"),
        ({"role": "county"}, "Unknown role"),
    ],
)
def test_bad_set_up_input_is_explained_and_nothing_is_written(
    db: Database, clock: FakeClock, change: dict[str, str], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        SetupService(db, clock).set_up(replace(SCHOOL, **change), "t")
    assert SetupService(db, clock).installation() is None


def test_require_installation_before_set_up(db: Database) -> None:
    with pytest.raises(NotSetUpError, match="not set up"):
        SetupService(db).require_installation()


def test_sign_in_checks_the_password_and_logs_every_attempt(school_db: Database) -> None:
    accounts = AccountService(school_db)
    user = accounts.sign_in(" admin ", "correct horse")
    assert (user.username, user.role) == ("admin", "admin")
    with pytest.raises(UserError, match="Wrong user name or password"):
        accounts.sign_in("admin", "wrong horse")
    with pytest.raises(UserError, match="Wrong user name or password"):
        accounts.sign_in("nobody", "correct horse")
    accounts.sign_out(user)
    with school_db.session_scope("t") as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == [
        "setup",
        "keys_created",
        "sign_in",
        "sign_in_failed",
        "sign_in_failed",
        "sign_out",
    ]


def test_disabled_account_cannot_sign_in(school_db: Database) -> None:
    with school_db.session_scope("t") as session:
        session.scalars(select(UserAccount)).one().disabled = True
    with pytest.raises(UserError):
        AccountService(school_db).sign_in("admin", "correct horse")


@pytest.mark.parametrize("stored", ["", "scrypt$x", "md5$1$2$3$4$5", "scrypt$16384$8$1$@@$@@"])
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert passwords.verify_secret("anything", stored) is False
