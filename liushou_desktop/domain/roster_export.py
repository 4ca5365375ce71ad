"""Exporting the children's records as the workbooks schools hand in and keep.

Two forms, both written with :func:`liushou_desktop.io.xlsx.write_forms` (atomically,
then read back and checked):

* ``roster`` — the 花名册: one sheet per class, named by the class, a title row
  "<school>留守儿童花名册", the child, the parents, the entrusted guardian and the
  guardianship situation, one child a row;
* ``register`` — the 登记表 in the columns of the national census form (附件1), for
  keying into the national system: one sheet, a two-row header with group cells
  (父亲 above 姓名, 出生日期, 公民身份证号码, 省, 市, 联系电话).

Coded values are written in the forms' words (:mod:`liushou_desktop.domain.form_words`)
and every header text is one the importer (:mod:`liushou_desktop.io.roster_headers`)
reads back as the same field, so exporting and importing the file changes nothing.
The same records always give the same cells: nothing in a cell depends on the clock.
Only active children in the actor's scope are exported, by grade, class and pinyin.

At a **township** (the schools' rows merged from their bundles) the export covers every
child of every school, with a 学校 column after 序号: the 花名册 one sheet per school
(named by the school), the 登记表 one sheet, both by school, grade, class and pinyin,
titled with the township's name. Every ID number and phone is masked and the health
columns left empty unless the role may see them (``child.see_full_id``,
``child.see_phones``, ``child.see_health``). The right is ``children.export`` there too,
which no township role has yet (docs/roles.md): who at the township may export the
children's records is a decision still to take.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Family, Guardian, Installation, School, SchoolClass
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit, form_words, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.form_words import word, words, yes_no
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.names import canonical_class_name
from liushou_desktop.domain.permissions import (
    EXPORT_CHILDREN,
    SEE_FULL_ID,
    SEE_HEALTH,
    SEE_PHONES,
    Actor,
    allowed,
)
from liushou_desktop.domain.phones import mask_phone
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.xlsx import DATE, NUMBER, TEXT, FormColumn, FormSheet, sheet_name
from liushou_desktop.io.xlsx import write_forms as _write_forms

FORM_ROSTER = "roster"
FORM_REGISTER = "register"
FORMS = (FORM_ROSTER, FORM_REGISTER)
AUDIT_ACTION = "roster_exported"
ROSTER_TITLE = "{school}留守儿童花名册"
REGISTER_TITLE = "{school}农村留守儿童基本情况登记表"
NO_CLASS_SHEET = "未分班"
ROSTER_FOOTER = "填表人：　　　　　　联系电话：　　　　　　填表日期：　　　　年　　月　　日"
REGISTER_FOOTER = (
    "单位负责人：　　　　　　复核人：　　　　　　填表人：　　　　　　"
    "联系电话：　　　　　　填表日期：　　　　年　　月　　日"
)
ENTRUSTED = "entrusted"  # the key of the entrusted guardian in a record's people
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the file, how many children (rows) and sheets."""

    path: Path
    rows: int
    sheets: int


@dataclass(frozen=True)
class _Record:
    """One child with the class, the family and its people (relation -> guardian row)."""

    child: Mapping[str, Any]
    grade: int | None
    class_name: str
    family: Mapping[str, Any]
    people: Mapping[str, Mapping[str, Any]]
    school: str = ""  # the school's name (the township's export)


Getter = Callable[[_Record], Any]


# --- reading cells from a record ---------------------------------------------------------


def _child(attr: str) -> Getter:
    return lambda r: r.child[attr] or ""


def _coded(attr: str, table: Mapping[str, tuple[str, ...]]) -> Getter:
    return lambda r: word(table, r.child[attr] or "")


def _coded_list(attr: str, table: Mapping[str, tuple[str, ...]], family: bool = False) -> Getter:
    def get(r: _Record) -> str:
        codes = (r.family if family else r.child).get(attr) or []
        return words(table, list(codes))

    return get


def _flag(attr: str) -> Getter:
    return lambda r: yes_no(r.child[attr])


def _person(key: str, attr: str) -> Getter:
    def get(r: _Record) -> Any:
        person = r.people.get(key)
        if person is None:
            return ""
        value = person[attr]
        return "" if value is None else value

    return get


def _guardian_relation(r: _Record) -> str:
    """The entrusted guardian's relation to the child: the form's word for a relative
    (祖母...: the importer links it back to that relative), else the note as entered."""
    person = r.people.get(ENTRUSTED)
    if person is None:
        return ""
    relation = person["relation"]
    if relation != "other":
        return word(form_words.RELATIONS, relation)
    return str(person["relation_note"] or "")


def _has_entrusted(r: _Record) -> str:
    return yes_no(ENTRUSTED in r.people)


def _disability(r: _Record) -> str:
    """残疾类别及等级 in one cell: 肢体残疾 四级."""
    return " ".join(p for p in (r.child["disability_type"], r.child["disability_grade"]) if p)


def _serial(r: _Record) -> Any:
    return None  # filled per sheet


# --- the two forms -----------------------------------------------------------------------

_Spec = tuple[tuple[str, ...], float, str, Getter]


def _col(header: str | tuple[str, ...], width: float, getter: Getter, kind: str = TEXT) -> _Spec:
    return ((header,) if isinstance(header, str) else header, width, kind, getter)


def _parent_roster(label: str, key: str) -> list[_Spec]:
    return [
        _col(f"{label}姓名", 8, _person(key, "name")),
        _col(f"{label}身份证号", 20, _person(key, "id_number")),
        _col(f"{label}电话", 13, _person(key, "phone")),
        _col(f"{label}务工省份", 8, _person(key, "work_province")),
        _col(f"{label}务工城市", 8, _person(key, "work_city")),
        _col(f"{label}工作单位", 16, _person(key, "employer")),
    ]


ROSTER_COLUMNS: tuple[_Spec, ...] = (
    _col("序号", 5, _serial, NUMBER),
    _col("姓名", 8, _child("name")),
    _col("性别", 5, _coded("sex", form_words.SEX)),
    _col("民族", 6, _child("ethnicity")),
    _col("出生日期", 11, _child("birth_date"), DATE),
    _col("身份证号", 20, _child("id_number")),
    _col("学籍号", 20, _child("student_number")),
    _col("班级", 11, lambda r: r.class_name),
    _col("是否寄宿", 6, _flag("boarding")),
    _col("就学情况", 7, _coded("schooling_stage", form_words.SCHOOLING_STAGES)),
    _col("是否登记户口", 7, _flag("hukou_registered")),
    _col("户籍所在地", 18, _child("hukou_place")),
    _col("现居住地", 22, _child("current_address")),
    _col("身体情况", 7, _coded("health", form_words.HEALTH)),
    _col("残疾类别", 9, _child("disability_type")),
    _col("残疾等级", 7, _child("disability_grade")),
    _col("患病类型", 9, _child("illness_type")),
    *_parent_roster("父亲", "father"),
    *_parent_roster("母亲", "mother"),
    _col("委托监护人姓名", 8, _person(ENTRUSTED, "name")),
    _col("委托监护人电话", 13, _person(ENTRUSTED, "phone")),
    _col("委托监护人关系", 8, _guardian_relation),
    _col("监护类型", 12, _coded("guardianship_type", form_words.GUARDIANSHIP_TYPES)),
    _col("父母双方外出", 7, _flag("both_parents_away")),
    _col("父母一方外出、另一方无监护能力", 10, _flag("one_parent_away_other_unable")),
    _col("无监护能力一方", 7, _coded("unable_parent", form_words.UNABLE_PARENT)),
    _col("困境类别", 12, _coded_list("categories", form_words.CATEGORIES)),
    _col("家庭经济来源", 14, _coded_list("income_sources", form_words.INCOME_SOURCES, True)),
    _col("救助帮扶情况", 12, _coded_list("assistance", form_words.ASSISTANCE, True)),
)


def _grandparent(label: str, key: str) -> list[_Spec]:
    return [
        _col((label, "姓名"), 8, _person(key, "name")),
        _col((label, "出生日期"), 11, _person(key, "birth_date"), DATE),
    ]


def _parent_register(label: str, key: str) -> list[_Spec]:
    return [
        _col((label, "姓名"), 8, _person(key, "name")),
        _col((label, "出生日期"), 11, _person(key, "birth_date"), DATE),
        _col((label, "公民身份证号码"), 20, _person(key, "id_number")),
        _col((label, "省"), 8, _person(key, "work_province")),
        _col((label, "市"), 8, _person(key, "work_city")),
        _col((label, "联系电话"), 13, _person(key, "phone")),
    ]


REGISTER_COLUMNS: tuple[_Spec, ...] = (
    # 个人基本情况
    _col("序号", 5, _serial, NUMBER),
    _col("姓名", 8, _child("name")),
    _col("性别", 5, _coded("sex", form_words.SEX)),
    _col("民族", 6, _child("ethnicity")),
    _col("出生日期", 11, _child("birth_date"), DATE),
    _col("公民身份证号码", 20, _child("id_number")),
    _col("是否登记户口", 7, _flag("hukou_registered")),
    _col("户籍所在地", 18, _child("hukou_place")),
    _col("现居住地", 22, _child("current_address")),
    _col("身体情况", 7, _coded("health", form_words.HEALTH)),
    _col("残疾类别及等级", 12, _disability),
    _col("患病类型", 9, _child("illness_type")),
    _col("是否学校寄宿", 7, _flag("boarding")),
    _col("就学情况", 7, _coded("schooling_stage", form_words.SCHOOLING_STAGES)),
    # 家庭情况
    *_grandparent("祖父", "paternal_grandfather"),
    *_grandparent("祖母", "paternal_grandmother"),
    *_grandparent("外祖父", "maternal_grandfather"),
    *_grandparent("外祖母", "maternal_grandmother"),
    *_parent_register("父亲", "father"),
    *_parent_register("母亲", "mother"),
    # 实际监护情况
    _col("父母双方同时外出", 7, _flag("both_parents_away")),
    _col("父母一方外出、另一方无监护能力", 10, _flag("one_parent_away_other_unable")),
    _col("无监护能力一方", 7, _coded("unable_parent", form_words.UNABLE_PARENT)),
    _col("有无委托监护人", 7, _has_entrusted),
    _col(("委托监护人", "姓名"), 8, _person(ENTRUSTED, "name")),
    _col(("委托监护人", "联系电话"), 13, _person(ENTRUSTED, "phone")),
    _col(("委托监护人", "公民身份证号码"), 20, _person(ENTRUSTED, "id_number")),
    _col(("委托监护人", "与被监护人关系"), 8, _guardian_relation),
    _col(("委托监护人", "居住地址"), 22, _person(ENTRUSTED, "address")),
    _col("监护类型", 12, _coded("guardianship_type", form_words.GUARDIANSHIP_TYPES)),
    # 家庭经济来源, 救助帮扶情况
    _col("家庭经济来源", 14, _coded_list("income_sources", form_words.INCOME_SOURCES, True)),
    _col("救助帮扶情况", 12, _coded_list("assistance", form_words.ASSISTANCE, True)),
)

COLUMNS: Mapping[str, tuple[_Spec, ...]] = {
    FORM_ROSTER: ROSTER_COLUMNS,
    FORM_REGISTER: REGISTER_COLUMNS,
}


def headers(form: str) -> tuple[tuple[str, ...], ...]:
    """The header path of each column of ``form``, left to right."""
    return tuple(spec[0] for spec in COLUMNS[form])


def _form_columns(specs: Sequence[_Spec]) -> tuple[FormColumn, ...]:
    return tuple(FormColumn(header, width, kind) for header, width, kind, _ in specs)


def _rows(specs: Sequence[_Spec], records: Sequence[_Record]) -> list[list[Any]]:
    getters = [spec[3] for spec in specs]
    rows = []
    for serial, record in enumerate(records, start=1):
        row = [get(record) for get in getters]
        row[0] = serial
        rows.append(row)
    return rows


# --- reading the records -----------------------------------------------------------------

_CHILD_COLUMNS = (
    "id",
    "school_id",
    "family_id",
    "name",
    "name_pinyin",
    "sex",
    "ethnicity",
    "birth_date",
    "id_number",
    "student_number",
    "hukou_registered",
    "hukou_place",
    "current_address",
    "health",
    "disability_type",
    "disability_grade",
    "illness_type",
    "boarding",
    "schooling_stage",
    "both_parents_away",
    "one_parent_away_other_unable",
    "unable_parent",
    "guardianship_type",
    "categories",
)
_GUARDIAN_COLUMNS = (
    "family_id",
    "relation",
    "relation_note",
    "name",
    "birth_date",
    "id_number",
    "phone",
    "address",
    "work_province",
    "work_city",
    "employer",
    "is_entrusted_guardian",
)
_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[Any, ...]:
    """A sort key putting 一年级2班 before 一年级10班."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def _records(session: Session, actor: Actor, class_ids: Sequence[str] | None) -> list[_Record]:
    """The active children in the actor's scope, by school (at a township), grade,
    class, pinyin and name."""
    conditions = [
        Child.status == vocab.CHILD_ACTIVE,
        Child.deleted.is_(False),
        ChildrenService.scope(actor),
    ]
    if class_ids is not None:
        conditions.append(Child.class_id.in_(list(class_ids)))
    query = (
        select(*(Child.__table__.c[c] for c in _CHILD_COLUMNS), SchoolClass.grade, SchoolClass.name)
        .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
        .where(*conditions)
    )
    rows = session.execute(query).all()
    families = select(Child.family_id).where(*conditions).scalar_subquery()
    people: dict[str, dict[str, Mapping[str, Any]]] = {}
    for guardian in session.execute(
        select(*(Guardian.__table__.c[c] for c in _GUARDIAN_COLUMNS))
        .where(Guardian.family_id.in_(families), Guardian.deleted.is_(False))
        .order_by(Guardian.family_id, Guardian.created_at, Guardian.id)
    ).mappings():
        found = people.setdefault(guardian["family_id"], {})
        found.setdefault(guardian["relation"], guardian)
        if guardian["is_entrusted_guardian"]:
            found.setdefault(ENTRUSTED, guardian)
    family_rows = {
        f["id"]: f
        for f in session.execute(
            select(Family.id, Family.income_sources, Family.assistance).where(
                Family.id.in_(families)
            )
        ).mappings()
    }
    schools = dict(session.execute(select(School.id, School.name)).all())
    records = []
    for row in rows:
        child = dict(zip(_CHILD_COLUMNS, row[: len(_CHILD_COLUMNS)], strict=True))
        grade, class_name = row[-2], row[-1] or ""
        family_id = child["family_id"]
        records.append(
            _Record(
                child=child,
                grade=grade,
                class_name=class_name,
                family=family_rows.get(family_id, {}),
                people=people.get(family_id, {}) if family_id else {},
                school=schools.get(child["school_id"], ""),
            )
        )
    records.sort(
        key=lambda r: (
            r.school,
            r.grade is None,
            r.grade or 0,
            _natural(r.class_name),
            r.child["name_pinyin"],
            r.child["name"],
            r.child["id"],
        )
    )
    return records


def _school_name(session: Session) -> str:
    installation = session.execute(select(Installation.code, Installation.name)).first()
    if installation is None:
        return ""
    name = session.scalar(select(School.name).where(School.code == installation.code))
    return name or installation.name


def class_ids_for(db: Database, names: Sequence[str]) -> list[str]:
    """The ids of the classes named (written any way: 一(1)班, 一年级1班...); UserError
    naming a class that does not exist."""
    with db.session_factory() as session:
        classes = dict(
            session.execute(
                select(SchoolClass.name, SchoolClass.id).where(SchoolClass.deleted.is_(False))
            ).all()
        )
    ids = []
    for name in names:
        canonical = canonical_class_name(name).canonical
        if canonical not in classes:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "There is no class “{name}” in this school: check the class name.",
                ),
                {"name": name},
            )
        ids.append(classes[canonical])
    return ids


# --- the service --------------------------------------------------------------------------


class RosterExportService:
    """Writes the 花名册 and the 登记表 workbooks of the children an actor may see."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def export(
        self,
        actor: Actor,
        path: Path,
        form: str = FORM_ROSTER,
        class_ids: list[str] | None = None,
        progress: Progress | None = None,
    ) -> ExportResult:
        """Write ``form`` ("roster" or "register") to ``path`` and audit it.

        ``class_ids`` limits the export to those classes. Raises UserError when there is
        no child to export or the file cannot be written (nothing is left behind then).
        """
        if form not in FORMS:
            raise ValueError(f"unknown form {form!r}")
        path = Path(path)
        with self._db.session_factory() as session:
            township = _is_township(session)
        # the workbook holds full ID numbers, phones and health: EXPORT_CHILDREN is given
        # only to roles that may see all of them (a test checks the role table says so);
        # at a township, only what the role may see of them (see the module docstring)
        enforce(self._db, actor, EXPORT_CHILDREN, self._now)
        with self._db.session_factory() as session:
            records = _records(session, actor, class_ids)
            school = _school_name(session)
        if township:
            records = [_as_role_may_see(actor, r) for r in records]
        if not records:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "There are no children to export: add children, or choose other classes.",
                )
            )
        if township:
            sheets = _township_sheets(form, school, records)
        else:
            sheets = (_roster_sheets if form == FORM_ROSTER else _register_sheets)(school, records)
        _write_forms(path, sheets, progress)
        with self._db.session_scope(actor.username) as session:
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_ACTION,
                now=self._now(),
                object_type="file",
                object_id=path.name[:64],
                detail={"file": path.name, "form": form, "count": len(records)},
            )
        return ExportResult(path, len(records), len(sheets))


def _roster_sheets(school: str, records: Sequence[_Record]) -> list[FormSheet]:
    """One sheet per class, in the records' order."""
    groups: dict[str, list[_Record]] = {}
    for record in records:
        groups.setdefault(record.class_name or NO_CLASS_SHEET, []).append(record)
    columns = _form_columns(ROSTER_COLUMNS)
    taken: set[str] = set()
    return [
        FormSheet(
            name=sheet_name(class_name, taken),
            title=ROSTER_TITLE.format(school=school),
            columns=columns,
            rows=_rows(ROSTER_COLUMNS, group),
            footer=ROSTER_FOOTER,
        )
        for class_name, group in groups.items()
    ]


def _register_sheets(school: str, records: Sequence[_Record]) -> list[FormSheet]:
    return [
        FormSheet(
            name="登记表",
            title=REGISTER_TITLE.format(school=school),
            columns=_form_columns(REGISTER_COLUMNS),
            rows=_rows(REGISTER_COLUMNS, records),
            footer=REGISTER_FOOTER,
        )
    ]


# --- the township's export ----------------------------------------------------------------


def _is_township(session: Session) -> bool:
    return session.scalar(select(Installation.role)) == vocab.INSTALLATION_TOWNSHIP


def _as_role_may_see(actor: Actor, record: _Record) -> _Record:
    """``record`` with ID numbers and phones masked and health left out, as the role may."""
    full_id, phones, health = (allowed(actor, a) for a in (SEE_FULL_ID, SEE_PHONES, SEE_HEALTH))
    child = dict(record.child)
    if not full_id:
        child["id_number"] = mask_id_number(child["id_number"] or "")
    if not health:
        for key in ("health", "disability_type", "disability_grade", "illness_type"):
            child[key] = None
    people = {}
    for key, person in record.people.items():
        shown = dict(person)
        if not full_id:
            shown["id_number"] = mask_id_number(shown["id_number"] or "")
        if not phones:
            shown["phone"] = mask_phone(shown["phone"] or "")
        people[key] = shown
    return _Record(child, record.grade, record.class_name, record.family, people, record.school)


def _with_school(specs: Sequence[_Spec]) -> tuple[_Spec, ...]:
    """The columns with 学校 after 序号."""
    return (specs[0], _col("学校", 16, lambda r: r.school), *specs[1:])


def _township_sheets(form: str, township: str, records: Sequence[_Record]) -> list[FormSheet]:
    """The 花名册 one sheet per school, or the 登记表 in one sheet, with a 学校 column."""
    if form == FORM_REGISTER:
        specs = _with_school(REGISTER_COLUMNS)
        return [
            FormSheet(
                name="登记表",
                title=REGISTER_TITLE.format(school=township),
                columns=_form_columns(specs),
                rows=_rows(specs, records),
                footer=REGISTER_FOOTER,
            )
        ]
    specs = _with_school(ROSTER_COLUMNS)
    groups: dict[str, list[_Record]] = {}
    for record in records:
        groups.setdefault(record.school or NO_CLASS_SHEET, []).append(record)
    taken: set[str] = set()
    return [
        FormSheet(
            name=sheet_name(school, taken),
            title=ROSTER_TITLE.format(school=f"{township}{school}"),
            columns=_form_columns(specs),
            rows=_rows(specs, group),
            footer=ROSTER_FOOTER,
        )
        for school, group in groups.items()
    ]
