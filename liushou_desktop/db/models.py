"""The tables, as SQLAlchemy 2.x typed models.

Rows that travel in sync bundles inherit :class:`Synced`: a UUID primary key
(ids made at different schools never collide), who changed the row last and
at which installation, a hybrid logical clock value (school PC clocks are
often wrong, so ordering never relies on the wall clock alone) and a
tombstone flag instead of a hard delete. The clock and the "changed by"
columns are filled in one place, :mod:`liushou_desktop.db.sync_meta`, on every
flush.

Local-only tables (the installation, settings, accounts, the audit log) do
not travel. Codes stored in string columns (roles, relations, statuses) are
the English identifiers of :mod:`liushou_desktop.domain.vocab`.

Schema changes go through a new Alembic revision in ``db/migrations``; a
test checks that the migrated schema equals these models.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}
_HEX = frozenset("0123456789abcdef")


def new_uuids(count: int, origin: str = "") -> list[str]:
    """``count`` new row ids, as UUID text.

    Made at an installation (``origin``, its id), an id is a version-8 UUID whose first
    eight hex digits are those of the installation's id and whose other 90 bits are
    random: a school's rows then sit together in every index keyed by an id (the row's
    own, its child's, its family's), so a township merging a school's bundle touches a
    few pages of each index instead of pages all over the file (the 20-school import
    took about half the time in benchmarks/README.md). Ids stay unique without the
    tag: 90 random bits for each installation's rows. Without an origin (before
    set-up, local-only tables) it is a random version-4 UUID.
    """
    data = os.urandom(16 * count).hex()
    chunks = (data[i : i + 32] for i in range(0, 32 * count, 32))
    tag = origin[:8]
    if len(tag) == 8 and _HEX.issuperset(tag):
        return [f"{tag}-{h[8:12]}-8{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}" for h in chunks]
    return [f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}" for h in chunks]


def new_uuid(origin: str = "") -> str:
    """One new row id (see :func:`new_uuids`)."""
    return new_uuids(1, origin)[0]


def _default_id(context: Any) -> str:
    # A row inserted without an id: the flush has stamped its origin already.
    return new_uuid(str(context.get_current_parameters().get("origin") or ""))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Synced:
    """Columns every synced row carries (see the module docstring)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_default_id)
    # Not indexed: only a bundle export looks rows up by clock, once a month, and a
    # scan of a school's tables costs it milliseconds, where an index on clock costs
    # every write (at a township: about a third of merging the 20-school import).
    clock: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_by: Mapped[str] = mapped_column(String(64), default="")
    origin: Mapped[str] = mapped_column(String(36), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


# --- local-only tables -------------------------------------------------------


class Installation(Base):
    """This PC's identity: one row, written by the first-run set-up."""

    __tablename__ = "installation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    role: Mapped[str] = mapped_column(String(16))  # "school" or "township"
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    township_name: Mapped[str] = mapped_column(String(100), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    recovery_hash: Mapped[str] = mapped_column(String(255), default="")
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Setting(Base):
    """Preferences of this installation (text size, language...), JSON values."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class UserAccount(Base):
    """A person who signs in. Passwords are stored only as scrypt hashes."""

    __tablename__ = "user_account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(32))
    teacher_id: Mapped[str | None] = mapped_column(ForeignKey("teacher.id"), default=None)
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # Set when the administrator resets the password: the user picks a new one.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("0")
    )


class AuditEntry(Base):
    """One line of the append-only, hash-chained audit log."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(32))  # ISO 8601, UTC, to the microsecond
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class ImportBatch(Base):
    """One committed roster import, with what "undo this import" needs.

    ``undo`` holds the ids of the rows the import inserted (by table) and, for each row
    it changed, the old values of the changed fields. ``clock`` is the highest sync clock
    the import stamped: a touched row with a higher clock was edited later, and the import
    can then no longer be undone.
    """

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    undo: Mapped[dict[str, Any]] = mapped_column(default=dict)
    clock: Mapped[int] = mapped_column(BigInteger, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    undone_by: Mapped[str] = mapped_column(String(64), default="")


class FieldClock(Base):
    """The clock of each field of a child, family or guardian row changed since the row
    was made: what the per-field merge of sync bundles compares. Filled by the triggers
    of :mod:`liushou_desktop.db.field_clocks` on every UPDATE, whichever code writes (a
    field never changed has none: the row's first clock stands for it)."""

    __tablename__ = "field_clock"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    clock: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(String(36), default="")


class SyncPeer(Base):
    """An installation this one exchanges sync bundles with: at a school, its township;
    at the township, each school (entered by hand or pinned from its first bundle).
    ``identity`` is the peer's public identity (sync/identity.py); a bundle signed with
    another key waits in ``pending_identity`` until someone accepts it."""

    __tablename__ = "sync_peer"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16))  # "school" or "township"
    identity: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    fingerprint: Mapped[str] = mapped_column(String(32), default="")
    pending_identity: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    expected_children: Mapped[int | None] = mapped_column(Integer, default=None)  # 建档率
    added_at: Mapped[datetime] = mapped_column(DateTime)
    last_bundle_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    received_clock: Mapped[int] = mapped_column(BigInteger, default=0)  # theirs, merged here
    acked_clock: Mapped[int] = mapped_column(BigInteger, default=0)  # ours, receipted there


class RowAlias(Base):
    """Two ids for one record: a child registered at two schools of the township (a
    transfer) is one child, matched by ID number or 学籍号; rows that arrive under
    ``alias_id`` merge into ``row_id``."""

    __tablename__ = "row_alias"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    alias_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    matched_by: Mapped[str] = mapped_column(String(16), default="")  # id_number / student_number
    seen_at: Mapped[datetime] = mapped_column(DateTime)


class SyncBundleLog(Base):
    """A sync bundle written or taken in: what it held and what became of it."""

    __tablename__ = "sync_bundle"

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # "out" or "in"
    sender: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(24))
    clock_from: Mapped[int] = mapped_column(BigInteger, default=0)
    clock_to: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[str] = mapped_column(String(32))  # the bundle's own time (ISO)
    logged_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))  # written / merged / already_imported
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    file_sha256: Mapped[str] = mapped_column(String(64), default="")


class MergeConflict(Base):
    """A field two installations changed apart: the value the merge kept, the one it set
    aside (a person may reverse the choice), and their clocks and origins."""

    __tablename__ = "merge_conflict"
    __table_args__ = (Index(None, "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    kept: Mapped[Any] = mapped_column(JSON, default=None)
    kept_clock: Mapped[int] = mapped_column(BigInteger, default=0)
    kept_origin: Mapped[str] = mapped_column(String(36), default="")
    lost: Mapped[Any] = mapped_column(JSON, default=None)
    lost_clock: Mapped[int] = mapped_column(BigInteger, default=0)
    lost_origin: Mapped[str] = mapped_column(String(36), default="")
    bundle_id: Mapped[str] = mapped_column(String(36), default="")
    seen_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")


# --- synced tables -----------------------------------------------------------


class School(Synced, Base):
    __tablename__ = "school"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    township_name: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    family_phone: Mapped[str] = mapped_column(String(32), default="")  # 亲情电话
    emergency_phones: Mapped[str] = mapped_column(String(200), default="")
    expected_children: Mapped[int | None] = mapped_column(Integer, default=None)

    classes: Mapped[list[SchoolClass]] = relationship(back_populates="school")


class Teacher(Synced, Base):
    __tablename__ = "teacher"

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SchoolClass(Synced, Base):
    __tablename__ = "school_class"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))  # indexed by the unique key
    grade: Mapped[int] = mapped_column(Integer)  # 1..12; 1-6 primary, 7-9 junior middle
    name: Mapped[str] = mapped_column(String(32))  # e.g. 三年级2班
    class_teacher_id: Mapped[str | None] = mapped_column(ForeignKey("teacher.id"), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    school: Mapped[School] = relationship(back_populates="classes")
    class_teacher: Mapped[Teacher | None] = relationship()


class Family(Synced, Base):
    """A household: siblings share it, so its contacts are entered once."""

    __tablename__ = "family"

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    home_phone: Mapped[str] = mapped_column(String(32), default="")
    income_sources: Mapped[list[str]] = mapped_column(default=list)
    assistance: Mapped[list[str]] = mapped_column(default=list)

    guardians: Mapped[list[Guardian]] = relationship(back_populates="family")
    children: Mapped[list[Child]] = relationship(back_populates="family")


class Guardian(Synced, Base):
    """A parent, grandparent or entrusted guardian of a family."""

    __tablename__ = "guardian"

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    relation: Mapped[str] = mapped_column(String(32))  # vocab.RELATIONS
    relation_note: Mapped[str] = mapped_column(String(32), default="")  # 与被监护人关系
    name: Mapped[str] = mapped_column(String(64), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    id_number: Mapped[str | None] = mapped_column(String(18), default=None)
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    occupation: Mapped[str] = mapped_column(String(64), default="")
    health: Mapped[str] = mapped_column(String(64), default="")
    work_province: Mapped[str] = mapped_column(String(32), default="")
    work_city: Mapped[str] = mapped_column(String(32), default="")
    employer: Mapped[str] = mapped_column(String(100), default="")
    employer_address: Mapped[str] = mapped_column(String(200), default="")
    employer_phone: Mapped[str] = mapped_column(String(32), default="")
    works_away: Mapped[bool] = mapped_column(Boolean, default=False)
    is_entrusted_guardian: Mapped[bool] = mapped_column(Boolean, default=False)

    family: Mapped[Family] = relationship(back_populates="guardians")


class Child(Synced, Base):
    """A child's record (档案): the official registration form's fields."""

    __tablename__ = "child"
    __table_args__ = (Index(None, "school_id", "status"),)

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    class_id: Mapped[str | None] = mapped_column(ForeignKey("school_class.id"), index=True)
    family_id: Mapped[str | None] = mapped_column(ForeignKey("family.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")  # "wang xiao ming"
    name_initials: Mapped[str] = mapped_column(String(32), default="")  # "wxm"
    sex: Mapped[str] = mapped_column(String(1), default="")  # "M" / "F"
    ethnicity: Mapped[str] = mapped_column(String(16), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    id_number: Mapped[str | None] = mapped_column(String(18), default=None, index=True)
    student_number: Mapped[str] = mapped_column(String(32), default="")  # 学籍号
    hukou_registered: Mapped[bool | None] = mapped_column(Boolean, default=None)
    hukou_place: Mapped[str] = mapped_column(String(200), default="")
    current_address: Mapped[str] = mapped_column(String(200), default="")
    health: Mapped[str] = mapped_column(String(16), default="healthy")
    disability_type: Mapped[str] = mapped_column(String(32), default="")
    disability_grade: Mapped[str] = mapped_column(String(16), default="")
    illness_type: Mapped[str] = mapped_column(String(64), default="")
    boarding: Mapped[bool] = mapped_column(Boolean, default=False)
    schooling_stage: Mapped[str] = mapped_column(String(16), default="")
    status: Mapped[str] = mapped_column(String(24), default="active")
    status_date: Mapped[date | None] = mapped_column(Date, default=None)
    both_parents_away: Mapped[bool | None] = mapped_column(Boolean, default=None)
    one_parent_away_other_unable: Mapped[bool | None] = mapped_column(Boolean, default=None)
    unable_parent: Mapped[str] = mapped_column(String(8), default="")  # "father" / "mother"
    guardianship_type: Mapped[str] = mapped_column(String(24), default="")
    categories: Mapped[list[str]] = mapped_column(default=list)
    hobbies: Mapped[str] = mapped_column(String(200), default="")
    personality: Mapped[str] = mapped_column(String(200), default="")
    medical_history: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # The care plan (一策): what the child needs and what the school does about it.
    care_needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    care_measures: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The day a teacher last confirmed the record is still true (the re-survey at the
    # start of each school year lists the children not confirmed since it began).
    confirmed_on: Mapped[date | None] = mapped_column(Date, default=None)
    # The responsible mentor teacher of the child's care plan (一策); pairing history
    # is kept by the pairing service.
    mentor_id: Mapped[str | None] = mapped_column(
        ForeignKey("teacher.id"), default=None, index=True
    )
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    # The child's study buddy (学习帮手): the id of another pupil who helps with school
    # work (no foreign key: adding one would make SQLite copy the whole child table).
    study_buddy_id: Mapped[str | None] = mapped_column(String(36), default=None)

    school_class: Mapped[SchoolClass | None] = relationship()
    family: Mapped[Family | None] = relationship(back_populates="children")


class ChildStatusChange(Synced, Base):
    """One change of a child's status (transferred, graduated, parents returned...)."""

    __tablename__ = "child_status_change"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    changed_on: Mapped[date] = mapped_column(Date)
    previous_status: Mapped[str] = mapped_column(String(24), default="")
    status: Mapped[str] = mapped_column(String(24))  # vocab.CHILD_STATUSES
    note: Mapped[str] = mapped_column(String(200), default="")


class Consent(Synced, Base):
    """The guardian's consent to keeping the child's record (PIPL: minors' data)."""

    __tablename__ = "consent"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    consent_date: Mapped[date] = mapped_column(Date)
    form: Mapped[str] = mapped_column(String(16))  # vocab.CONSENT_FORMS
    given_by: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class SchoolTerm(Synced, Base):
    """A term (学期) the school entered: ``2026-2027-1`` from September to January,
    ``2026-2027-2`` from February to July."""

    __tablename__ = "school_term"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))  # indexed by the unique key
    name: Mapped[str] = mapped_column(String(16))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class CalendarDay(Synced, Base):
    """A day the school marked itself: a day off (its own, or from next year's official
    holiday notice typed in by hand) or a working day (调休 make-up day)."""

    __tablename__ = "calendar_day"
    __table_args__ = (UniqueConstraint("school_id", "day"),)

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))  # indexed by the unique key
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # vocab.CALENDAR_DAY_KINDS: off / workday
    note: Mapped[str] = mapped_column(String(100), default="")


class MentorAssignment(Synced, Base):
    """One period of a child's pairing with a mentor (结对帮扶); ``ends_on`` None while it
    lasts. ``Child.mentor_id`` is the current mentor; these rows are the history."""

    __tablename__ = "mentor_assignment"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    teacher_id: Mapped[str] = mapped_column(ForeignKey("teacher.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(String(200), default="")


class Talk(Synced, Base):
    """A 谈心 of a month: planned (a day and a mentor) and, once held, its record
    (谈心记录卡). ``month`` is ``YYYY-MM``, the month the talk counts for."""

    __tablename__ = "talk"
    __table_args__ = (Index(None, "child_id", "month"), Index(None, "month", "status"))

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"))
    mentor_id: Mapped[str | None] = mapped_column(ForeignKey("teacher.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(12), default="planned")  # vocab.TALK_STATUSES
    planned_on: Mapped[date | None] = mapped_column(Date, default=None)
    held_on: Mapped[date | None] = mapped_column(Date, default=None)
    form: Mapped[str] = mapped_column(String(16), default="")  # vocab.TALK_FORMS
    place: Mapped[str] = mapped_column(String(100), default="")
    topics: Mapped[list[str]] = mapped_column(default=list)  # vocab.TALK_TOPICS
    condition: Mapped[str] = mapped_column(Text, default="")  # 孩子近况
    problems: Mapped[str] = mapped_column(Text, default="")  # 发现的问题
    measures: Mapped[str] = mapped_column(Text, default="")  # 采取的措施
    follow_up_on: Mapped[date | None] = mapped_column(Date, default=None)
    concerns: Mapped[list[str]] = mapped_column(default=list)  # vocab.CONCERN_KINDS
    author: Mapped[str] = mapped_column(String(64), default="")  # who recorded it
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class Concern(Synced, Base):
    """A child in trouble: the individual plan (个别教育管理方案) a talk's concern opened,
    followed up until it is closed."""

    __tablename__ = "concern"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    talk_id: Mapped[str | None] = mapped_column(ForeignKey("talk.id"), default=None)
    kinds: Mapped[list[str]] = mapped_column(default=list)  # vocab.CONCERN_KINDS
    opened_on: Mapped[date] = mapped_column(Date)
    plan: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)


class ConcernFollowUp(Synced, Base):
    """One follow-up of an individual plan."""

    __tablename__ = "concern_follow_up"

    concern_id: Mapped[str] = mapped_column(ForeignKey("concern.id"), index=True)
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(64), default="")


# --- the term's activities (行事历), family contact and the growth record (成长档案) ---------


class Activity(Synced, Base):
    """One item of a term's plan (行事历): planned for a day or a range of days, aimed at
    the whole school, some grades, some classes or chosen children; once held, its
    record. ``template_key`` names the template item it was planned from (``""`` when
    added by hand), so planning a term from a template twice adds nothing."""

    __tablename__ = "activity"
    __table_args__ = (Index(None, "school_id", "starts_on"),)

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    term_id: Mapped[str] = mapped_column(ForeignKey("school_term.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # vocab.ACTIVITY_KINDS
    topic: Mapped[str] = mapped_column(String(24), default="")  # vocab.SAFETY_TOPICS
    title: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # == starts_on for a one-day activity
    organiser: Mapped[str] = mapped_column(String(100), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    target_kind: Mapped[str] = mapped_column(String(12), default="school")  # ACTIVITY_TARGETS
    # grade numbers as text ("3"), class ids or child ids, as target_kind says
    target: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="planned")  # ACTIVITY_STATUSES
    held_on: Mapped[date | None] = mapped_column(Date, default=None)
    record: Mapped[str] = mapped_column(Text, default="")  # what happened (活动记录)
    agreed: Mapped[str] = mapped_column(Text, default="")  # guardian meeting: what was agreed
    template_key: Mapped[str] = mapped_column(String(80), default="")


class ActivityAttendance(Synced, Base):
    """A child's part in an activity: present or not and, at a guardian meeting, whether
    their guardian came and who signed."""

    __tablename__ = "activity_attendance"
    __table_args__ = (UniqueConstraint("activity_id", "child_id"),)

    activity_id: Mapped[str] = mapped_column(ForeignKey("activity.id"))  # the unique key
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    guardian_present: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian_name: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class ActivityTemplate(Synced, Base):
    """A term-plan template a school saved from its own plan (or the township shared):
    ``items`` is ``{"autumn": [...], "spring": [...]}`` in the format of the bundled
    templates (``resources/templates/activities``)."""

    __tablename__ = "activity_template"

    school_id: Mapped[str | None] = mapped_column(ForeignKey("school.id"), default=None)
    name: Mapped[str] = mapped_column(String(50), index=True)
    title: Mapped[str] = mapped_column(String(100), default="")
    items: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Notice(Synced, Base):
    """通知: a notice the township sends all its schools (a meeting, a task and its
    deadline). It travels in the township's bundles; a school only reads it. Withdrawn:
    a tombstone."""

    __tablename__ = "notice"

    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    issuer: Mapped[str] = mapped_column(String(100), default="")  # the township's name


class FamilyContact(Synced, Base):
    """亲情电话: one call or video between a child and a family member far away."""

    __tablename__ = "family_contact"
    __table_args__ = (Index(None, "child_id", "on"),)

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"))
    on: Mapped[date] = mapped_column(Date)
    relation: Mapped[str] = mapped_column(String(24))  # vocab.RELATIONS: who was called
    kind: Mapped[str] = mapped_column(String(12), default="phone")  # vocab.CONTACT_KINDS
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    via: Mapped[str] = mapped_column(String(12), default="school")  # vocab.CONTACT_PHONES
    note: Mapped[str] = mapped_column(String(200), default="")
    author: Mapped[str] = mapped_column(String(64), default="")


class HomeVisit(Synced, Base):
    """家访: a visit to a child's home (家访记录表): who went, whom they met, what they
    found and what was agreed. ``activity_id`` links it to the plan's home-visit round."""

    __tablename__ = "home_visit"
    __table_args__ = (Index(None, "child_id", "visited_on"),)

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"))
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("activity.id"), default=None)
    visited_on: Mapped[date] = mapped_column(Date)
    visitors: Mapped[str] = mapped_column(String(100), default="")  # the teachers who went
    met: Mapped[str] = mapped_column(String(100), default="")  # whom they met
    situation: Mapped[str] = mapped_column(Text, default="")  # the home, the child at home
    agreed: Mapped[str] = mapped_column(Text, default="")  # what school and family agreed
    author: Mapped[str] = mapped_column(String(64), default="")


class GrowthEntry(Synced, Base):
    """One entry of a child's growth record (成长档案): a note, a test result, an award,
    good news, a letter to or from the parents, a photo; ``shared`` marks what may be
    shown to the parents far away."""

    __tablename__ = "growth_entry"
    __table_args__ = (Index(None, "child_id", "on"),)

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"))
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # vocab.GROWTH_KINDS
    title: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String(64), default="")


class Photo(Synced, Base):
    """A photo of an activity or a growth entry, downscaled to a JPEG on the way in
    (``domain/photos.py`` keeps a term's photos inside the sync bundle's budget)."""

    __tablename__ = "photo"
    __table_args__ = (Index(None, "owner_kind", "owner_id"),)

    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"), index=True)
    owner_kind: Mapped[str] = mapped_column(String(12))  # "activity" or "growth"
    owner_id: Mapped[str] = mapped_column(String(36))
    taken_on: Mapped[date] = mapped_column(Date)
    caption: Mapped[str] = mapped_column(String(100), default="")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)  # bytes of data
    data: Mapped[bytes] = mapped_column(LargeBinary)


SYNCED_MODELS: tuple[type[Synced], ...] = (
    School,
    Teacher,
    SchoolClass,
    Family,
    Guardian,
    Child,
    ChildStatusChange,
    Consent,
    SchoolTerm,
    CalendarDay,
    MentorAssignment,
    Talk,
    Concern,
    ConcernFollowUp,
    Activity,
    ActivityAttendance,
    ActivityTemplate,
    FamilyContact,
    HomeVisit,
    GrowthEntry,
    Photo,
    Notice,
)
