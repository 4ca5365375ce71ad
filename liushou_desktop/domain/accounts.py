"""Accounts: signing in and out, lockout, the administrator's account tools, recovery."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation, School, SchoolClass, Teacher, UserAccount
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.passwords import (
    generate_password,
    generate_recovery_code,
    hash_secret,
    normalize_recovery_code,
    verify_secret,
)
from liushou_desktop.domain.permissions import (
    MANAGE_ACCOUNTS,
    SCHOOL_ROLES,
    TOWNSHIP_ROLES,
    Actor,
)
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.domain.setup import validate_name, validate_password, validate_username
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class SignedInUser:
    id: str
    username: str
    display_name: str
    role: str
    teacher_id: str | None = None
    must_change_password: bool = False

    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.id, self.teacher_id)


@dataclass(frozen=True)
class AccountRow:
    id: str
    username: str
    display_name: str
    role: str
    disabled: bool
    locked_until: datetime | None
    last_sign_in_at: datetime | None
    class_names: tuple[str, ...]


@dataclass(frozen=True)
class RecoveryResult:
    username: str
    new_recovery_code: str


def _signed_in(account: UserAccount) -> SignedInUser:
    return SignedInUser(
        account.id,
        account.username,
        account.display_name,
        account.role,
        account.teacher_id,
        account.must_change_password,
    )


def _wrong_password() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "Wrong user name or password. Check the keyboard's Caps Lock and input method, "
            "and try again.",
        )
    )


def _locked(until: datetime, now: datetime) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This account is locked for {minutes} more minutes after too many wrong passwords. "
            "Wait, or ask the administrator to unlock it.",
        ),
        {"minutes": max(1, math.ceil((until - now).total_seconds() / 60))},
    )


class AccountService:
    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    # --- signing in ------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> SignedInUser:
        """Check the password; every attempt, good or bad, is in the audit log.

        After :data:`MAX_FAILED_ATTEMPTS` wrong passwords in a row the account is
        locked for :data:`LOCK_MINUTES` minutes.
        """
        username = username.strip()
        now = self._now()
        error: UserError
        with self._db.session_scope(username or "?") as session:
            account = self._by_name(session, username)
            if account is not None and account.locked_until and account.locked_until > now:
                error = _locked(account.locked_until, now)
                self._log(session, username, "sign_in_refused_locked", account.id, now)
            elif (
                account is not None
                and not account.disabled
                and verify_secret(password, account.password_hash)
            ):
                account.failed_attempts = 0
                account.locked_until = None
                account.last_sign_in_at = now
                self._log(session, username, "sign_in", account.id, now)
                return _signed_in(account)
            else:
                error = _wrong_password()
                detail = {}
                if account is not None and not account.disabled:
                    account.failed_attempts += 1
                    if account.failed_attempts >= MAX_FAILED_ATTEMPTS:
                        account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                        account.failed_attempts = 0
                        detail = {"locked_minutes": LOCK_MINUTES}
                        error = _locked(account.locked_until, now)
                self._log(session, username or "?", "sign_in_failed", username, now, detail)
        raise error

    def sign_out(self, user: SignedInUser) -> None:
        with self._db.session_scope(user.username) as session:
            self._log(session, user.username, "sign_out", user.id, self._now())

    def find(self, username: str) -> SignedInUser | None:
        """An enabled account by name, without a password (for the demo school)."""
        with self._db.session_scope("system") as session:
            account = self._by_name(session, username)
            return _signed_in(account) if account and not account.disabled else None

    def change_own_password(self, user: SignedInUser, old: str, new: str) -> None:
        validate_password(new)
        now = self._now()
        with self._db.session_scope(user.username) as session:
            account = session.get(UserAccount, user.id)
            if account is None or not verify_secret(old, account.password_hash):
                raise UserError(
                    QT_TRANSLATE_NOOP("UserError", "The current password is not right.")
                )
            account.password_hash = hash_secret(new)
            account.must_change_password = False
            self._log(session, user.username, "password_changed", account.id, now)

    # --- the administrator's tools -------------------------------------------------

    def list_accounts(self, actor: Actor) -> list[AccountRow]:
        enforce(self._db, actor, MANAGE_ACCOUNTS, self._now)
        with self._db.session_scope(actor.username) as session:
            classes: dict[str, list[str]] = {}
            for teacher_id, name in session.execute(
                select(SchoolClass.class_teacher_id, SchoolClass.name).where(
                    SchoolClass.deleted.is_(False)
                )
            ):
                classes.setdefault(teacher_id or "", []).append(name)
            return [
                AccountRow(
                    a.id,
                    a.username,
                    a.display_name,
                    a.role,
                    a.disabled,
                    a.locked_until,
                    a.last_sign_in_at,
                    tuple(sorted(classes.get(a.teacher_id or "-", []))),
                )
                for a in session.scalars(select(UserAccount).order_by(UserAccount.username))
            ]

    def assignable_classes(self, actor: Actor) -> list[tuple[str, str]]:
        """(id, name) of the school's classes, for giving a class teacher their classes."""
        enforce(self._db, actor, MANAGE_ACCOUNTS, self._now)
        with self._db.session_scope(actor.username) as session:
            return [
                (c.id, c.name)
                for c in session.scalars(
                    select(SchoolClass)
                    .where(SchoolClass.deleted.is_(False))
                    .order_by(SchoolClass.grade, SchoolClass.name)
                )
            ]

    def create_account(
        self,
        actor: Actor,
        username: str,
        display_name: str,
        role: str,
        class_ids: tuple[str, ...] = (),
        password: str | None = None,
    ) -> str:
        """Create an account; returns its password (generated if none is given).

        Class teachers and mentors are teachers of the school: a teacher record
        with the display name is linked (made if needed), and a class teacher's
        classes are given to them.
        """
        enforce(self._db, actor, MANAGE_ACCOUNTS, self._now)
        username = validate_username(username)
        display_name = validate_name(display_name)
        if password is not None:
            validate_password(password)
        password = password or generate_password()
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            self._check_role(session, role)
            if self._by_name(session, username) is not None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError", "The user name “{name}” is taken: choose another one."
                    ),
                    {"name": username},
                )
            teacher_id = None
            if role in (vocab.ROLE_CLASS_TEACHER, vocab.ROLE_MENTOR):
                teacher_id = self._teacher_for(session, display_name)
                for klass in session.scalars(
                    select(SchoolClass).where(SchoolClass.id.in_(class_ids))
                ):
                    klass.class_teacher_id = teacher_id
            account = UserAccount(
                username=username,
                display_name=display_name,
                role=role,
                teacher_id=teacher_id,
                password_hash=hash_secret(password),
                must_change_password=True,
                created_at=now,
            )
            session.add(account)
            session.flush()
            self._log(
                session,
                actor.username,
                "account_created",
                account.id,
                now,
                {"username": username, "role": role, "classes": list(class_ids)},
            )
        return password

    def reset_password(self, actor: Actor, username: str) -> str:
        """A new generated password (shown once); the account is unlocked."""
        enforce(self._db, actor, MANAGE_ACCOUNTS, self._now)
        password = generate_password()
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            account = self._require_account(session, username)
            account.password_hash = hash_secret(password)
            account.must_change_password = True
            account.failed_attempts = 0
            account.locked_until = None
            self._log(
                session, actor.username, "password_reset", account.id, now, {"username": username}
            )
        return password

    def set_disabled(self, actor: Actor, username: str, disabled: bool) -> None:
        """Disable the account of someone who left (or enable it again)."""
        enforce(self._db, actor, MANAGE_ACCOUNTS, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            account = self._require_account(session, username)
            if disabled and account.role in (vocab.ROLE_ADMIN, vocab.ROLE_TOWNSHIP_ADMIN):
                admins = session.scalar(
                    select(func.count()).where(
                        UserAccount.role == account.role, UserAccount.disabled.is_(False)
                    )
                )
                if (admins or 0) <= 1:
                    raise UserError(
                        QT_TRANSLATE_NOOP(
                            "UserError",
                            "This is the last administrator account, so it cannot be "
                            "disabled. Create another administrator first.",
                        )
                    )
            account.disabled = disabled
            self._log(
                session,
                actor.username,
                "account_disabled" if disabled else "account_enabled",
                account.id,
                now,
                {"username": username},
            )

    def unlock(self, actor: Actor, username: str) -> None:
        enforce(self._db, actor, MANAGE_ACCOUNTS, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            account = self._require_account(session, username)
            account.locked_until = None
            account.failed_attempts = 0
            self._log(
                session, actor.username, "account_unlocked", account.id, now, {"username": username}
            )

    # --- recovery --------------------------------------------------------------

    def recover_admin(self, recovery_code: str, new_password: str) -> RecoveryResult:
        """Reset the first administrator's password with the recovery code from set-up.

        The code is used up: a new one is returned, to be written down again.
        """
        validate_password(new_password)
        now = self._now()
        new_code = generate_recovery_code()
        with self._db.session_scope("recovery") as session:
            installation = session.scalars(select(Installation)).one()
            if not verify_secret(
                normalize_recovery_code(recovery_code), installation.recovery_hash
            ):
                self._log(session, "recovery", "recovery_failed", "", now)
                failed = True
            else:
                failed = False
                admin_role = (
                    vocab.ROLE_ADMIN
                    if installation.role == vocab.INSTALLATION_SCHOOL
                    else vocab.ROLE_TOWNSHIP_ADMIN
                )
                admin = session.scalars(
                    select(UserAccount)
                    .where(UserAccount.role == admin_role)
                    .order_by(UserAccount.created_at)
                ).first()
                if admin is None:
                    raise UserError(
                        QT_TRANSLATE_NOOP("UserError", "There is no administrator account.")
                    )
                admin.password_hash = hash_secret(new_password)
                admin.disabled = False
                admin.locked_until = None
                admin.failed_attempts = 0
                admin.must_change_password = False
                installation.recovery_hash = hash_secret(normalize_recovery_code(new_code))
                self._log(
                    session,
                    "recovery",
                    "recovery_used",
                    admin.id,
                    now,
                    {"username": admin.username},
                )
                username = admin.username
        if failed:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The recovery code is not right. Type it exactly as it was written down "
                    "at set-up (dashes and capitals do not matter).",
                )
            )
        return RecoveryResult(username, new_code)

    # --- helpers ---------------------------------------------------------------

    @staticmethod
    def _by_name(session: Session, username: str) -> UserAccount | None:
        return session.scalars(select(UserAccount).where(UserAccount.username == username)).first()

    def _require_account(self, session: Session, username: str) -> UserAccount:
        account = self._by_name(session, username)
        if account is None:
            raise UserError(
                QT_TRANSLATE_NOOP("UserError", "There is no account “{name}”."), {"name": username}
            )
        return account

    @staticmethod
    def _check_role(session: Session, role: str) -> None:
        installation_role = session.scalars(select(Installation.role)).one()
        roles = SCHOOL_ROLES if installation_role == vocab.INSTALLATION_SCHOOL else TOWNSHIP_ROLES
        if role not in roles:
            raise UserError(
                QT_TRANSLATE_NOOP("UserError", "This role cannot be given here: {role}."),
                {"role": vocab.ROLES.get(role, role)},
            )

    @staticmethod
    def _teacher_for(session: Session, name: str) -> str:
        teacher = session.scalars(
            select(Teacher).where(Teacher.name == name, Teacher.deleted.is_(False))
        ).first()
        if teacher is None:
            school_id = session.scalars(select(School.id)).one()
            teacher = Teacher(school_id=school_id, name=name, name_pinyin=name_pinyin(name)[0])
            session.add(teacher)
            session.flush()
        return teacher.id

    @staticmethod
    def _log(
        session: Session,
        actor: str,
        action: str,
        object_id: str,
        now: datetime,
        detail: dict[str, object] | None = None,
    ) -> None:
        audit.append(
            session,
            actor=actor,
            action=action,
            now=now,
            object_type="user",
            object_id=object_id,
            detail=detail,
        )
