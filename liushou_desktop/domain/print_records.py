"""What the printed documents show, read from the database in one go for a selection.

:func:`load_records` returns one :class:`PrintRecord` per child the actor may see in the
selection (a class, a grade, chosen children, or everyone active), ordered by grade, class
(一年级2班 before 一年级10班), pinyin and name: the child's fields, their family, their
guardians by relation, their mentor and class teacher. :func:`attach_talks` adds each
child's held talk of a month (for the filled 谈心记录卡). :func:`card_for` turns a record
into what a contact card shows (ID masked, phones formatted, no health details).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Family,
    Guardian,
    Installation,
    School,
    SchoolClass,
    Talk,
    Teacher,
)
from liushou_desktop.domain import form_words, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.id_numbers import mask_id_number, normalize_id_number
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.phones import format_phone
from liushou_desktop.domain.talks import FORM_FIELDS
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.printing.cards import CardData, CardSchool, Contact

__all__ = [
    "PrintRecord",
    "SchoolInfo",
    "TALK_FIELDS",
    "attach_talks",
    "EVERYONE",
    "Selection",
    "card_for",
    "card_school",
    "child_ids_for",
    "load_records",
    "load_school",
    "term_label",
    "work_place",
]

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Selection:
    """Which children to print: chosen children, else a class or classes, else a grade,
    else every active child the actor may see. Chosen children are printed whatever their
    status; the other selections take the active ones."""

    class_ids: tuple[str, ...] | None = None
    grade: int | None = None
    child_ids: tuple[str, ...] | None = None


EVERYONE = Selection()  # every active child the actor may see


@dataclass(frozen=True)
class SchoolInfo:
    name: str
    family_phone: str = ""
    emergency_phones: str = ""
    address: str = ""


@dataclass
class PrintRecord:
    """One child and everything printed about them."""

    child: dict[str, Any]
    class_name: str
    grade: int | None
    family: dict[str, Any]
    guardians: dict[str, dict[str, Any]]  # relation -> the first guardian of it
    entrusted: dict[str, Any] | None  # the entrusted guardian (委托监护人), if any
    mentor: dict[str, Any] | None  # {"name", "phone"}
    class_teacher: dict[str, Any] | None
    extra: dict[str, Any] = field(default_factory=dict)
    # The child's held talk of the month printed (TALK_FIELDS and "mentor_name"), if any.
    talk: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return str(self.child["name"])

    def who(self) -> str:
        return f"{self.name}（{self.class_name}）" if self.class_name else self.name


def term_label(today: date) -> str:
    """The school term a day falls in: 2026—2027学年第一学期 (September to January) or
    第二学期 (February to August)."""
    if today.month >= 9:
        return f"{today.year}—{today.year + 1}学年第一学期"
    if today.month == 1:
        return f"{today.year - 1}—{today.year}学年第一学期"
    return f"{today.year - 1}—{today.year}学年第二学期"


def load_school(session: Session) -> SchoolInfo:
    """This installation's school (its name only, before set-up or at a township)."""
    installation = session.execute(select(Installation.code, Installation.name)).first()
    if installation is None:
        return SchoolInfo("")
    school = session.scalars(select(School).where(School.code == installation.code)).first()
    if school is None:
        return SchoolInfo(installation.name)
    return SchoolInfo(school.name, school.family_phone, school.emergency_phones, school.address)


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def load_records(
    session: Session, actor: Actor, selection: Selection, *, photos: bool = False
) -> list[PrintRecord]:
    """The selected children the actor may see, in print order."""
    conditions: list[Any] = [Child.deleted.is_(False), ChildrenService.scope(actor)]
    if selection.child_ids is not None:
        conditions.append(Child.id.in_(list(selection.child_ids)))
    else:
        conditions.append(Child.status == vocab.CHILD_ACTIVE)
        if selection.class_ids is not None:
            conditions.append(Child.class_id.in_(list(selection.class_ids)))
        elif selection.grade is not None:
            conditions.append(SchoolClass.grade == selection.grade)
    columns = [c for c in Child.__table__.c if photos or c.key != "photo"]
    query = (
        select(
            *columns,
            SchoolClass.name.label("_class"),
            SchoolClass.grade.label("_grade"),
            SchoolClass.class_teacher_id.label("_teacher"),
        )
        .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
        .where(*conditions)
    )
    rows = [dict(r._mapping) for r in session.execute(query)]
    family_ids = sorted({r["family_id"] for r in rows if r["family_id"]})
    families: dict[str, dict[str, Any]] = {}
    guardians: dict[str, list[dict[str, Any]]] = {}
    for chunk in chunks(family_ids):
        for family in session.execute(select(Family.__table__).where(Family.id.in_(chunk))):
            families[family.id] = dict(family._mapping)
        for guardian in session.execute(
            select(Guardian.__table__)
            .where(Guardian.family_id.in_(chunk), Guardian.deleted.is_(False))
            .order_by(Guardian.created_at, Guardian.id)
        ):
            guardians.setdefault(guardian.family_id, []).append(dict(guardian._mapping))
    teacher_ids = {r["mentor_id"] for r in rows} | {r["_teacher"] for r in rows}
    teacher_ids.discard(None)
    teachers = {
        t.id: {"name": t.name, "phone": t.phone}
        for chunk in chunks(sorted(teacher_ids))
        for t in session.execute(
            select(Teacher.id, Teacher.name, Teacher.phone).where(Teacher.id.in_(chunk))
        )
    }
    records = []
    for row in rows:
        class_name, grade, teacher_id = row.pop("_class"), row.pop("_grade"), row.pop("_teacher")
        people = guardians.get(row["family_id"] or "", [])
        by_relation: dict[str, dict[str, Any]] = {}
        for person in people:
            by_relation.setdefault(person["relation"], person)
        entrusted = next((p for p in people if p["is_entrusted_guardian"]), None)
        records.append(
            PrintRecord(
                child=row,
                class_name=class_name or "",
                grade=grade,
                family=families.get(row["family_id"] or "", {}),
                guardians=by_relation,
                entrusted=entrusted,
                mentor=teachers.get(row["mentor_id"]) if row["mentor_id"] else None,
                class_teacher=teachers.get(teacher_id) if teacher_id else None,
            )
        )
    records.sort(
        key=lambda r: (
            r.grade is None,
            r.grade or 0,
            _natural(r.class_name),
            r.child["name_pinyin"],
            r.name,
            r.child["id"],
        )
    )
    return records


TALK_FIELDS = FORM_FIELDS  # what a held talk puts on the printed record card


def attach_talks(session: Session, records: Sequence[PrintRecord], month_key: str) -> None:
    """Set each record's :attr:`PrintRecord.talk` to the child's held talk (status done)
    of ``month_key`` (``2026-11``): the latest held one, with the name of the teacher who
    held it as ``mentor_name``; None when the child has none."""
    by_child = {r.child["id"]: r for r in records}
    for record in records:
        record.talk = None
    best: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(by_child)):
        query = (
            select(*(getattr(Talk, f) for f in TALK_FIELDS), Talk.child_id, Teacher.name)
            .outerjoin(Teacher, Teacher.id == Talk.mentor_id)
            .where(
                Talk.child_id.in_(chunk),
                Talk.month == month_key,
                Talk.status == vocab.TALK_DONE,
                Talk.deleted.is_(False),
            )
            .order_by(Talk.held_on, Talk.recorded_at, Talk.id)
        )
        for row in session.execute(query):
            talk = dict(zip(TALK_FIELDS, row[: len(TALK_FIELDS)], strict=True))
            talk["mentor_name"] = row[-1] or ""
            best[row.child_id] = talk  # ordered by day: the latest held one wins
    for child_id, talk in best.items():
        by_child[child_id].talk = talk


def _phone(stored: str | None) -> str:
    return format_phone(stored) if stored else ""


def work_place(person: dict[str, Any]) -> str:
    """Where a parent works: 广东省东莞市; a city that is its own province once (北京市)."""
    province = person.get("work_province") or ""
    city = person.get("work_city") or ""
    return province if city == province else f"{province}{city}"


def _workplace(person: dict[str, Any]) -> str:
    employer = person.get("employer") or ""
    return f"{work_place(person)} {employer}".strip()


def _contact(person: dict[str, Any] | None, *, relation: bool = False) -> Contact:
    if not person:
        return Contact()
    relation_word = ""
    if relation:
        code = person.get("relation") or ""
        relation_word = person.get("relation_note") or (
            form_words.word(form_words.RELATIONS, code) if code and code != "other" else ""
        )
    return Contact(
        name=person.get("name") or "",
        phone=_phone(person.get("phone")),
        relation=relation_word,
        workplace=_workplace(person),
        work_phone=_phone(person.get("employer_phone")),
        address=person.get("address") or "",
    )


def guardian_of(record: PrintRecord) -> dict[str, Any] | None:
    """Who looks after the child at home: the entrusted guardian, else a grandparent,
    else the parent who is not away."""
    if record.entrusted is not None:
        return record.entrusted
    grandparents = (
        "paternal_grandmother",
        "paternal_grandfather",
        "maternal_grandmother",
        "maternal_grandfather",
        "other",
    )
    for relation in grandparents:
        if relation in record.guardians:
            return record.guardians[relation]
    for relation in ("mother", "father"):
        person = record.guardians.get(relation)
        if person is not None and not person.get("works_away"):
            return person
    return None


def card_for(record: PrintRecord) -> CardData:
    """The contact card of a record; the class teacher stands in for a missing mentor."""
    child = record.child
    class_teacher = _contact(record.class_teacher)
    mentor = _contact(record.mentor) if record.mentor else class_teacher
    return CardData(
        name=child["name"],
        sex=form_words.word(form_words.SEX, child["sex"]) if child.get("sex") else "",
        class_name=record.class_name,
        masked_id=mask_id_number(child["id_number"]) if child.get("id_number") else "",
        address=child.get("current_address") or record.family.get("address") or "",
        photo=child.get("photo"),
        father=_contact(record.guardians.get("father")),
        mother=_contact(record.guardians.get("mother")),
        guardian=_contact(guardian_of(record), relation=True),
        mentor=mentor,
        class_teacher=class_teacher,
    )


def card_school(info: SchoolInfo, today: date) -> CardSchool:
    return CardSchool(
        info.name, term_label(today), _phone(info.family_phone), info.emergency_phones
    )


def child_ids_for(db: Database, actor: Actor, values: Sequence[str]) -> list[str]:
    """The record ids of the children given by ID number or record id, among those the
    actor may see; UserError naming one that is not found."""
    ids = []
    with db.session_factory() as session:
        for value in values:
            text = value.strip()
            try:
                number = normalize_id_number(text)
            except UserError:
                number = text
            found = session.scalar(
                select(Child.id).where(
                    or_(Child.id == text, Child.id_number == number),
                    Child.deleted.is_(False),
                    ChildrenService.scope(actor),
                )
            )
            if found is None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "No child with the ID number or record id “{value}” was found among "
                        "the children you may see: check the number.",
                    ),
                    {"value": value},
                )
            ids.append(found)
    return ids
