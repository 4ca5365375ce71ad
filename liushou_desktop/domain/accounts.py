"""Signing in and out."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import UserAccount
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.passwords import verify_secret
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class SignedInUser:
    id: str
    username: str
    display_name: str
    role: str


def _signed_in(account: UserAccount) -> SignedInUser:
    return SignedInUser(account.id, account.username, account.display_name, account.role)


class AccountService:
    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def sign_in(self, username: str, password: str) -> SignedInUser:
        """Check the password; every attempt, good or bad, is in the audit log."""
        username = username.strip()
        now = self._now()
        with self._db.session_scope(username or "?") as session:
            account = session.scalars(
                select(UserAccount).where(UserAccount.username == username)
            ).first()
            ok = (
                account is not None
                and not account.disabled
                and verify_secret(password, account.password_hash)
            )
            if not ok or account is None:
                audit.append(
                    session,
                    actor=username or "?",
                    action="sign_in_failed",
                    now=now,
                    object_type="user",
                    object_id=username,
                )
                error = UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "Wrong user name or password. Check the keyboard's Caps Lock and "
                        "input method, and try again.",
                    )
                )
            else:
                account.failed_attempts = 0
                account.last_sign_in_at = now
                audit.append(
                    session,
                    actor=username,
                    action="sign_in",
                    now=now,
                    object_type="user",
                    object_id=account.id,
                )
                return _signed_in(account)
        raise error

    def sign_out(self, user: SignedInUser) -> None:
        with self._db.session_scope(user.username) as session:
            audit.append(
                session,
                actor=user.username,
                action="sign_out",
                now=self._now(),
                object_type="user",
                object_id=user.id,
            )

    def find(self, username: str) -> SignedInUser | None:
        """An enabled account by name, without a password (for the demo school)."""
        with self._db.session_scope("system") as session:
            account = session.scalars(
                select(UserAccount).where(
                    UserAccount.username == username, UserAccount.disabled.is_(False)
                )
            ).first()
            return _signed_in(account) if account else None
