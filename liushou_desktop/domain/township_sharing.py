"""What a township sends all its schools beside their receipts: notices (通知) and shared
term-plan templates.

The township writes a notice (a meeting, a task and its deadline) or shares a template a
school saved (one school's good plan for all of them); its next bundles to the schools
carry every notice and shared template (see
:func:`~liushou_desktop.sync.payload.township_payload`), and a withdrawn notice goes as a
tombstone. A school reads its notices on its home page and plans a term from a shared
template like from its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import ActivityTemplate, Installation, Notice, School
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.activity_planning import check_template_name
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import SHARE_WITH_SCHOOLS, Actor
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

TITLE_MAX = 100
TEXT_MAX = 2000

_AT_SCHOOL = QT_TRANSLATE_NOOP(
    "UserError",
    "Notices and shared templates are sent by the township, and this computer is a school: "
    "the township's notices arrive with its bundles.",
)


@dataclass(frozen=True)
class SchoolTemplate:
    """A term-plan template a school saved, as its bundles brought it to the township."""

    school_code: str
    school_name: str
    name: str
    title: str


@dataclass(frozen=True)
class NoticeView:
    """A notice as the lists show it."""

    id: str
    title: str
    text: str
    issued_on: date
    due_on: date | None
    issuer: str


class SharingService:
    """The township's notices and shared templates; every role reads the notices."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def notices(self) -> list[NoticeView]:
        """The notices not withdrawn, the newest first."""
        with self._db.session_scope("system") as session:
            rows = session.scalars(
                select(Notice)
                .where(Notice.deleted.is_(False))
                .order_by(Notice.issued_on.desc(), Notice.created_at.desc(), Notice.id)
            )
            return [_view(row) for row in rows]

    def send_notice(
        self, actor: Actor, title: str, text: str, due_on: date | None = None
    ) -> NoticeView:
        """Write a notice for every school, dated today; audited ``notice_sent``."""
        enforce(self._db, actor, SHARE_WITH_SCHOOLS, self._now)
        title, text = " ".join(title.split()), text.strip()
        if not title or len(title) > TITLE_MAX:
            raise UserError(
                QT_TRANSLATE_NOOP("UserError", "Give the notice a title of 1 to {max} characters."),
                {"max": TITLE_MAX},
            )
        if len(text) > TEXT_MAX:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "The notice is too long: at most {max} characters, please."
                ),
                {"max": TEXT_MAX},
            )
        today = local_date(self._now())
        if due_on is not None and due_on < today:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "The deadline {due} has passed: choose today or a later day."
                ),
                {"due": due_on.isoformat()},
            )
        with self._db.session_scope(actor.username) as session:
            township = _township(session)
            row = Notice(title=title, text=text, issued_on=today, due_on=due_on)
            row.issuer = township.name
            session.add(row)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="notice_sent",
                now=self._now(),
                object_type="notice",
                object_id=row.id,
                detail={"title": title, "due_on": due_on.isoformat() if due_on else None},
            )
            return _view(row)

    def withdraw_notice(self, actor: Actor, notice_id: str) -> None:
        """Withdraw a notice: the schools' copies go with the next bundles; audited
        ``notice_withdrawn``."""
        enforce(self._db, actor, SHARE_WITH_SCHOOLS, self._now)
        with self._db.session_scope(actor.username) as session:
            _township(session)
            row = session.get(Notice, notice_id)
            if row is None or row.deleted:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError", "There is no such notice (it may have been withdrawn)."
                    )
                )
            audit.tombstone(
                session,
                row,
                actor=actor.username,
                action="notice_withdrawn",
                now=self._now(),
                object_type="notice",
                detail={"title": row.title},
            )

    def school_templates(self, actor: Actor) -> list[SchoolTemplate]:
        """The templates the schools saved, by school code and name (what
        :meth:`share_template` can share)."""
        enforce(self._db, actor, SHARE_WITH_SCHOOLS, self._now)
        with self._db.session_scope(actor.username) as session:
            _township(session)
            rows = session.execute(
                select(School.code, School.name, ActivityTemplate.name, ActivityTemplate.title)
                .join(School, School.id == ActivityTemplate.school_id)
                .where(ActivityTemplate.deleted.is_(False), School.deleted.is_(False))
                .order_by(School.code, ActivityTemplate.name)
            )
            return [SchoolTemplate(*row) for row in rows]

    def share_template(
        self, actor: Actor, school_code: str, name: str, shared_name: str | None = None
    ) -> str:
        """Share the template ``name`` a school saved (its bundles brought it here) with
        every school, as ``shared_name`` (default: the same name); sharing again replaces
        the shared copy. Returns the shared name; audited ``template_shared``."""
        enforce(self._db, actor, SHARE_WITH_SCHOOLS, self._now)
        shared_name = (shared_name or name).strip()
        check_template_name(shared_name)
        with self._db.session_scope(actor.username) as session:
            _township(session)
            school = session.scalars(
                select(School).where(School.code == school_code.strip(), School.deleted.is_(False))
            ).first()
            source = None
            if school is not None:
                source = session.scalars(
                    select(ActivityTemplate).where(
                        ActivityTemplate.school_id == school.id,
                        ActivityTemplate.name == name.strip(),
                        ActivityTemplate.deleted.is_(False),
                    )
                ).first()
            if source is None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "School {code} has sent no template named {name}. A school saves its "
                        "term plan as a template, and its next bundle brings it here.",
                    ),
                    {"code": school_code, "name": name},
                )
            shared = session.scalars(
                select(ActivityTemplate).where(
                    ActivityTemplate.school_id.is_(None), ActivityTemplate.name == shared_name
                )
            ).first()
            if shared is None:
                shared = ActivityTemplate(school_id=None, name=shared_name)
                session.add(shared)
            shared.title, shared.items, shared.deleted = source.title, dict(source.items), False
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="template_shared",
                now=self._now(),
                object_type="activity_template",
                object_id=shared_name,
                detail={"school": school_code, "name": name},
            )
            return shared_name


def _township(session: Session) -> Installation:
    installation = session.scalars(select(Installation)).first()
    if installation is None:
        raise NotSetUpError()
    if installation.role != vocab.INSTALLATION_TOWNSHIP:
        raise UserError(_AT_SCHOOL)
    return installation


def _view(row: Notice) -> NoticeView:
    return NoticeView(row.id, row.title, row.text, row.issued_on, row.due_on, row.issuer)
