"""Reading the children's archive: list rows and counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Family, Guardian, SchoolClass
from liushou_desktop.domain import vocab
from liushou_desktop.domain.id_numbers import mask_id_number


@dataclass(frozen=True)
class ChildRow:
    """One line of the children list. The ID number is already masked."""

    id: str
    name: str
    name_pinyin: str
    name_initials: str
    sex: str
    birth_date: date | None
    grade: int | None
    class_name: str
    id_number_masked: str
    guardian_name: str
    guardian_phone: str
    both_parents_away: bool | None


@dataclass(frozen=True)
class ArchiveCounts:
    children_active: int
    classes: int
    incomplete_records: int


class ChildrenService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list_active(self) -> list[ChildRow]:
        """Active children ordered by grade, class and pinyin, in one query."""
        entrusted = (
            select(Guardian.family_id, Guardian.name, Guardian.phone)
            .where(Guardian.is_entrusted_guardian.is_(True), Guardian.deleted.is_(False))
            .subquery()
        )
        query = (
            select(
                Child.id,
                Child.name,
                Child.name_pinyin,
                Child.name_initials,
                Child.sex,
                Child.birth_date,
                SchoolClass.grade,
                SchoolClass.name,
                Child.id_number,
                entrusted.c.name,
                entrusted.c.phone,
                Child.both_parents_away,
            )
            .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
            .outerjoin(Family, Child.family_id == Family.id)
            .outerjoin(entrusted, entrusted.c.family_id == Family.id)
            .where(Child.status == vocab.CHILD_ACTIVE, Child.deleted.is_(False))
            .order_by(SchoolClass.grade, SchoolClass.name, Child.name_pinyin)
        )
        with self._db.session_scope("system") as session:
            rows = session.execute(query).all()
        seen: set[str] = set()
        result = []
        for r in rows:
            if r[0] in seen:  # a family with two entrusted guardians: show the first
                continue
            seen.add(r[0])
            result.append(
                ChildRow(
                    id=r[0],
                    name=r[1],
                    name_pinyin=r[2],
                    name_initials=r[3],
                    sex=r[4],
                    birth_date=r[5],
                    grade=r[6],
                    class_name=r[7] or "",
                    id_number_masked=mask_id_number(r[8]) if r[8] else "",
                    guardian_name=r[9] or "",
                    guardian_phone=r[10] or "",
                    both_parents_away=r[11],
                )
            )
        return result

    def counts(self) -> ArchiveCounts:
        active = (Child.status == vocab.CHILD_ACTIVE) & Child.deleted.is_(False)
        incomplete = active & (
            Child.id_number.is_(None)
            | Child.birth_date.is_(None)
            | Child.class_id.is_(None)
            | Child.family_id.is_(None)
            | (Child.guardianship_type == "")
        )
        with self._db.session_scope("system") as session:
            return ArchiveCounts(
                children_active=session.scalar(select(func.count()).where(active)) or 0,
                classes=session.scalar(
                    select(func.count())
                    .select_from(SchoolClass)
                    .where(SchoolClass.active.is_(True), SchoolClass.deleted.is_(False))
                )
                or 0,
                incomplete_records=session.scalar(select(func.count()).where(incomplete)) or 0,
            )
