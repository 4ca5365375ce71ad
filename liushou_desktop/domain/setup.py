"""First-run set-up: who this installation is, and its administrator account."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation, School, UserAccount
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.passwords import (
    generate_password,
    generate_recovery_code,
    hash_secret,
    normalize_recovery_code,
)
from liushou_desktop.domain.permissions import EDIT_SETTINGS, Actor
from liushou_desktop.domain.phones import normalize_phone
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

MIN_PASSWORD_LENGTH = 8

_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,31}")
_USERNAME_RE = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}")


@dataclass(frozen=True)
class SetupRequest:
    role: str
    name: str
    code: str
    township_name: str = ""
    admin_username: str = "admin"
    admin_password: str | None = None  # None: generate one and show it once
    family_phone: str = ""
    emergency_phones: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class SetupResult:
    installation_id: str
    admin_username: str
    generated_password: str | None
    recovery_code: str


@dataclass(frozen=True)
class InstallationInfo:
    id: str
    role: str
    code: str
    name: str
    township_name: str
    is_demo: bool


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "The password is too short: use at least {n} characters."
            ),
            {"n": MIN_PASSWORD_LENGTH},
        )


def validate_role(role: str) -> str:
    if role not in vocab.INSTALLATION_ROLES:
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "Unknown role “{role}”: choose school or township."),
            {"role": role},
        )
    return role


def validate_name(raw: str) -> str:
    name = raw.strip()
    if not name or len(name) > 100:
        raise UserError(
            QT_TRANSLATE_NOOP("UserError", "Please enter a name of 1 to 100 characters.")
        )
    return name


def validate_code(raw: str) -> str:
    code = raw.strip()
    if not _CODE_RE.fullmatch(code):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The code “{code}” cannot be used: use 2 to 32 letters or digits "
                "(for a school, its 10-digit school code).",
            ),
            {"code": raw},
        )
    return code


def validate_username(raw: str) -> str:
    username = raw.strip()
    if not _USERNAME_RE.fullmatch(username):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The user name “{name}” cannot be used: use 2 to 32 letters, digits or "
                "Chinese characters, without spaces.",
            ),
            {"name": raw},
        )
    return username


def normalize_phone_list(raw: str) -> str:
    """Several numbers separated by commas, spaces or 、, each normalised."""
    parts = [p for p in re.split(r"[,，;；、/\s]+", raw) if p]
    return "，".join(normalize_phone(p) for p in parts)


def _validate(request: SetupRequest) -> SetupRequest:
    if request.admin_password is not None:
        validate_password(request.admin_password)
    return SetupRequest(
        role=validate_role(request.role),
        name=validate_name(request.name),
        code=validate_code(request.code),
        township_name=request.township_name.strip(),
        admin_username=validate_username(request.admin_username),
        admin_password=request.admin_password,
        family_phone=normalize_phone(request.family_phone),
        emergency_phones=normalize_phone_list(request.emergency_phones),
        is_demo=request.is_demo,
    )


class SetupService:
    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def installation(self) -> InstallationInfo | None:
        """This installation, or None before the first-run set-up."""
        with self._db.session_scope("system") as session:
            row = session.scalars(select(Installation)).first()
            if row is None:
                return None
            return InstallationInfo(
                row.id, row.role, row.code, row.name, row.township_name, row.is_demo
            )

    def require_installation(self) -> InstallationInfo:
        info = self.installation()
        if info is None:
            raise NotSetUpError()
        return info

    def set_up(self, request: SetupRequest, actor: str) -> SetupResult:
        """Create the installation, its school (for a school), the administrator and this
        installation's key pair for sync bundles."""
        request = _validate(request)
        password = request.admin_password or generate_password()
        recovery = generate_recovery_code()
        now = self._now()
        with self._db.session_scope(actor) as session:
            if session.scalars(select(Installation)).first() is not None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This data folder is already set up. To start again, choose an "
                        "empty data folder with --data-dir.",
                    )
                )
            installation = Installation(
                role=request.role,
                code=request.code,
                name=request.name,
                township_name=request.township_name,
                is_demo=request.is_demo,
                recovery_hash=hash_secret(normalize_recovery_code(recovery)),
                hlc=0,
                created_at=now,
            )
            session.add(installation)
            session.flush()
            if request.role == vocab.INSTALLATION_SCHOOL:
                session.add(
                    School(
                        code=request.code,
                        name=request.name,
                        township_name=request.township_name,
                        family_phone=request.family_phone,
                        emergency_phones=request.emergency_phones,
                    )
                )
            admin_role = (
                vocab.ROLE_ADMIN
                if request.role == vocab.INSTALLATION_SCHOOL
                else vocab.ROLE_TOWNSHIP_ADMIN
            )
            session.add(
                UserAccount(
                    username=request.admin_username,
                    display_name=request.admin_username,
                    role=admin_role,
                    password_hash=hash_secret(password),
                    created_at=now,
                )
            )
            audit.append(
                session,
                actor=actor,
                action="setup",
                now=now,
                object_type="installation",
                object_id=installation.id,
                detail={
                    "role": request.role,
                    "code": request.code,
                    "name": request.name,
                    "admin": request.admin_username,
                    "demo": request.is_demo,
                },
            )
            installation_id = installation.id
        # The key pair for sync bundles is made now, not when the first bundle is: the
        # township's pairing file and a school's first bundle need none made on a stick day.
        from liushou_desktop.domain.sync_peers import PeerService

        PeerService(self._db, self._now).identity()
        return SetupResult(
            installation_id=installation_id,
            admin_username=request.admin_username,
            generated_password=None if request.admin_password else password,
            recovery_code=recovery,
        )


@dataclass(frozen=True)
class SchoolContacts:
    name: str
    family_phone: str
    emergency_phones: str


class SchoolSettingsService:
    """The school's details printed on cards: the administrator keeps them current."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def contacts(self) -> SchoolContacts | None:
        with self._db.session_scope("system") as session:
            school = session.scalars(select(School).where(School.deleted.is_(False))).first()
            if school is None:
                return None
            return SchoolContacts(school.name, school.family_phone, school.emergency_phones)

    def update_contacts(self, actor: Actor, family_phone: str, emergency_phones: str) -> None:
        enforce(self._db, actor, EDIT_SETTINGS, self._now)
        family = normalize_phone(family_phone)
        emergency = normalize_phone_list(emergency_phones)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            school = session.scalars(select(School).where(School.deleted.is_(False))).one()
            changes = {
                key: (old, new)
                for key, old, new in (
                    ("family_phone", school.family_phone, family),
                    ("emergency_phones", school.emergency_phones, emergency),
                )
                if old != new
            }
            school.family_phone = family
            school.emergency_phones = emergency
            for field, (old, new) in changes.items():
                audit.append(
                    session,
                    actor=actor.username,
                    action="school_edit",
                    now=now,
                    object_type="school",
                    object_id=school.id,
                    detail={"field": field, "old": old, "new": new},
                )
