"""Importing a school's roster file (花名册): validate every row, then write in one go.

:class:`RosterImportService` reads a file with :func:`~liushou_desktop.io.roster_read.read_roster`,
checks each row with the domain's validators and plans what would change:

* a row is **rejected** for a missing or unusable name, or an ID number that is
  invalid, stored as a number, or contradicts the sex or birth date in the row;
* any other bad field (date, phone, class, sex, yes/no...) is left blank and
  listed as a **warning**; the row is still imported;
* a row repeating a child seen earlier in the same file (same ID number, or same
  name and birth date when there is no ID) is a **duplicate** and not written;
* a row whose ID number (or, without one, name and birth date) matches a child
  already stored **updates** only the fields the row fills: an empty cell never
  clears a stored value.

:meth:`RosterImportService.preview` stops there and writes nothing (the dry run);
:meth:`RosterImportService.run` backs the database up, then writes everything in
one transaction (new rows in bulk with :func:`insert_synced`) with one audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.backup import backup_database
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Family,
    Guardian,
    Installation,
    School,
    SchoolClass,
    new_uuid,
)
from liushou_desktop.db.sync_meta import Now, insert_synced, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.id_numbers import (
    IdNumberStoredAsNumber,
    check_consistency,
    validate_id_number,
)
from liushou_desktop.domain.names import ClassName, canonical_class_name, normalize_person_name
from liushou_desktop.domain.permissions import EDIT_CHILD, Actor
from liushou_desktop.domain.phones import normalize_phone
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.roster_read import RawRow, RosterSheet, read_roster

ERROR = "error"
WARNING = "warning"
AUDIT_ACTION = "roster_import"
BACKUP_REASON = "before-import"
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit

# Child columns copied as text, as written: roster field -> Child attribute.
_CHILD_TEXT = {
    "ethnicity": "ethnicity",
    "student_number": "student_number",
    "hukou_place": "hukou_place",
    "current_address": "current_address",
    "disability_type": "disability_type",
    "disability_grade": "disability_grade",
    "illness_type": "illness_type",
    "medical_history": "medical_history",
    "hobbies": "hobbies",
    "personality": "personality",
}
_CHILD_BOOLEANS = ("boarding", "both_parents_away", "one_parent_away_other_unable")
# The people of a roster row: field prefix -> vocab.RELATIONS code.
_PEOPLE = {
    "father": "father",
    "mother": "mother",
    "guardian": "other",
    "grandfather": "paternal_grandfather",
    "grandmother": "paternal_grandmother",
    "maternal_grandfather": "maternal_grandfather",
    "maternal_grandmother": "maternal_grandmother",
}
_PERSON_TEXT = (
    "work_province",
    "work_city",
    "employer",
    "employer_address",
    "occupation",
    "health",
    "address",
)
_TRUE = frozenset(
    ["是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "对", "寄宿", "住校", "外出"]
)
_FALSE = frozenset(
    ["否", "×", "✗", "✘", "x", "n", "no", "false", "0", "无", "不", "没有", "不是", "走读"]
)
_SEX = {"男": "M", "m": "M", "male": "M", "女": "F", "f": "F", "female": "F"}
_HEALTH = {
    "健康": "healthy",
    "良好": "healthy",
    "正常": "healthy",
    "残疾": "disabled",
    "患病": "ill",
    "疾病": "ill",
    "生病": "ill",
}
_CHILD_COMPARED = (
    "name",
    "sex",
    "birth_date",
    "class_id",
    "boarding",
    "both_parents_away",
    "one_parent_away_other_unable",
    "health",
    *_CHILD_TEXT.values(),
)


# --- the report -------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One problem with one cell (or row): where it is, a stable code and the message."""

    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str  # the column's header text as written in the file ("" for the whole row)
    code: str
    message: str
    severity: str  # ERROR (row rejected) or WARNING (field left blank)


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, from a preview, would do)."""

    imported: int
    updated: int
    unchanged: int
    duplicates: int
    rejected: int
    warnings: int
    errors: tuple[ImportProblem, ...]

    def to_json(self) -> dict[str, Any]:
        """The counts and problems as plain JSON-ready values."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "errors": [
                {
                    "sheet": p.sheet,
                    "row": p.row,
                    "column": p.column,
                    "code": p.code,
                    "message": p.message,
                }
                for p in self.errors
            ],
        }


# --- reading rows -------------------------------------------------------------------------


class _Rejected(Exception):
    """Internal: the row cannot be imported (the problem is already recorded)."""


@dataclass
class _Row:
    """One valid row: the child's filled fields, class, family and guardians."""

    sheet: str
    row: int
    child: dict[str, Any]
    class_name: ClassName | None
    home_phone: str
    guardians: dict[str, dict[str, Any]]

    @property
    def key(self) -> tuple[Any, ...]:
        """Who the child is: the ID number, else name and birth date."""
        if self.child.get("id_number"):
            return ("id", self.child["id_number"])
        return ("name", self.child["name"], self.child.get("birth_date"))

    @property
    def father_keys(self) -> list[tuple[str, str]]:
        """What links siblings: the father's ID number and phone."""
        father = self.guardians.get("father", {})
        return [(k, father[k]) for k in ("id_number", "phone") if father.get(k)]


class _RowReader:
    """Reads the raw rows of one sheet, recording problems as it goes."""

    def __init__(self, sheet: RosterSheet, today: date, problems: list[ImportProblem]) -> None:
        self.sheet = sheet
        self.today = today
        self.problems = problems
        self.headers = {column.field: column.header for column in sheet.columns}
        # Only the people with a column on this sheet are read (a big roster has no time
        # to spare for the dozens of fields it does not have).
        self.people = {
            prefix: relation
            for prefix, relation in _PEOPLE.items()
            if any(f.startswith(prefix + "_") for f in self.headers)
        }
        self.raw: RawRow | None = None

    def problem(self, fld: str, code: str, error: UserError | None, severity: str) -> None:
        assert self.raw is not None
        message = str(error) if error is not None else code
        self.problems.append(
            ImportProblem(
                self.sheet.name,
                self.raw.row,
                self.headers.get(fld, ""),
                code,
                message,
                severity,
            )
        )

    def value(self, fld: str) -> Any:
        """The raw value of a field, or None for an absent or empty cell."""
        assert self.raw is not None
        if fld not in self.headers:
            return None
        value = self.raw.values.get(fld)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def text(self, fld: str) -> str | None:
        value = self.value(fld)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)

    def read(self, raw: RawRow) -> _Row | None:
        """The row's values checked, or None if it is rejected."""
        self.raw = raw
        try:
            name = self._name()
            sex = self._sex()
            birth = self._date("birth_date") or self._date("birth_month", month_only_ok=True)
            child: dict[str, Any] = {"name": name}
            id_number = self._child_id(sex, birth, child)
        except _Rejected:
            return None
        if id_number is None:
            child.update({k: v for k, v in (("sex", sex), ("birth_date", birth)) if v})
        for fld, attr in _CHILD_TEXT.items():
            text = self.text(fld)
            if text is not None:
                child[attr] = text
        for fld in _CHILD_BOOLEANS:
            flag = self._boolean(fld)
            if flag is not None:
                child[fld] = flag
        health = self._health()
        if health:
            child["health"] = health
        return _Row(
            raw.sheet,
            raw.row,
            child,
            self._class(),
            self._phone("home_phone") or self._phone("contact_phone") or "",
            self._guardians(),
        )

    def _name(self) -> str:
        value = self.value("name")
        try:
            return normalize_person_name(value)
        except UserError as error:
            self.problem("name", "name_missing" if value is None else "bad_name", error, ERROR)
            raise _Rejected from None

    def _child_id(self, sex: str | None, birth: date | None, child: dict[str, Any]) -> str | None:
        """Check the child's ID against sex and birth date; fill them from it."""
        raw = self.value("id_number")
        if raw is None:
            return None
        try:
            info = validate_id_number(raw, today=self.today)
        except IdNumberStoredAsNumber as error:
            self.problem("id_number", "id_stored_as_number", error, ERROR)
            raise _Rejected from None
        except UserError as error:
            self.problem("id_number", "id_invalid", error, ERROR)
            raise _Rejected from None
        try:
            check_consistency(info, sex, birth)
        except UserError as error:
            self.problem("id_number", "id_contradiction", error, ERROR)
            raise _Rejected from None
        child.update(id_number=info.number, sex=info.sex, birth_date=info.birth_date)
        return info.number

    def _sex(self) -> str | None:
        text = self.text("sex")
        if text is None:
            return None
        sex = _SEX.get(text.strip().casefold())
        if sex is None:
            self.problem("sex", "bad_sex", _bad_value(text, "男 / 女"), WARNING)
        return sex

    def _date(self, fld: str, *, month_only_ok: bool = False) -> date | None:
        value = self.value(fld)
        if value is None:
            return None
        try:
            return parse_date(value, month_only_ok=month_only_ok)
        except UserError as error:
            self.problem(fld, "bad_date", error, WARNING)
            return None

    def _phone(self, fld: str) -> str | None:
        text = self.text(fld)
        if text is None:
            return None
        try:
            return normalize_phone(text) or None
        except UserError as error:
            self.problem(fld, "bad_phone", error, WARNING)
            return None

    def _boolean(self, fld: str) -> bool | None:
        value = self.value(fld)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.problem(fld, "bad_yes_no", _bad_value(value, "是 / 否"), WARNING)
        return None

    def _health(self) -> str | None:
        text = self.text("health")
        if text is None:
            return None
        code = _HEALTH.get(text)
        if code is None:
            self.problem("health", "bad_health", _bad_value(text, "健康 / 残疾 / 患病"), WARNING)
        return code

    def _class(self) -> ClassName | None:
        text, grade = self.text("class_name"), self.text("grade")
        if text is None and grade is None:
            return None
        fld = "class_name" if text is not None else "grade"
        candidates = [c for c in (text, (grade or "") + (text or "")) if c]
        error: UserError | None = None
        for candidate in candidates:
            try:
                return canonical_class_name(candidate)
            except UserError as exc:
                error = error or exc
        self.problem(fld, "bad_class", error, WARNING)
        return None

    def _guardians(self) -> dict[str, dict[str, Any]]:
        people: dict[str, dict[str, Any]] = {}
        for prefix, relation in self.people.items():
            person = self._person(prefix)
            if person:
                person["relation"] = relation
                if prefix == "guardian":
                    person["is_entrusted_guardian"] = True
                    note = self.text("guardian_relation")
                    if note and "relation_note" not in person:
                        person["relation_note"] = note
                people[relation] = person
        return people

    def _person(self, prefix: str) -> dict[str, Any]:
        """A guardian's filled fields; bad values are warnings and left out."""
        person: dict[str, Any] = {}
        name_field = f"{prefix}_name"
        if self.value(name_field) is not None:
            try:
                person["name"] = normalize_person_name(self.value(name_field))
            except UserError as error:
                self.problem(name_field, "bad_name", error, WARNING)
        for attr in ("phone", "employer_phone"):
            phone = self._phone(f"{prefix}_{attr}")
            if phone:
                person[attr] = phone
        birth = self._date(f"{prefix}_birth_date", month_only_ok=True)
        if birth:
            person["birth_date"] = birth
        id_number = self._person_id(f"{prefix}_id_number")
        if id_number:
            person["id_number"] = id_number
        for attr in _PERSON_TEXT:
            text = self.text(f"{prefix}_{attr}")
            if text is not None:
                person[attr] = text
        note = self.text(f"{prefix}_relation")
        if note is not None:
            person["relation_note"] = note
        away = self._boolean(f"{prefix}_works_away")
        if away is not None:
            person["works_away"] = away
        return person

    def _person_id(self, fld: str) -> str | None:
        raw = self.value(fld)
        if raw is None:
            return None
        try:
            return validate_id_number(raw, today=self.today).number
        except IdNumberStoredAsNumber as error:
            self.problem(fld, "id_stored_as_number", error, WARNING)
        except UserError as error:
            self.problem(fld, "id_invalid", error, WARNING)
        return None


def _bad_value(value: object, expected: str) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "“{value}” cannot be read here: write {expected}. The cell was left blank.",
        ),
        {"value": value, "expected": expected},
    )


# --- planning the changes -----------------------------------------------------------------


@dataclass
class _Plan:
    """New rows to insert in bulk, changes to stored rows, and the counts."""

    classes: list[dict[str, Any]] = field(default_factory=list)
    families: list[dict[str, Any]] = field(default_factory=list)
    guardians: list[dict[str, Any]] = field(default_factory=list)
    children: list[dict[str, Any]] = field(default_factory=list)
    child_changes: list[tuple[Child, dict[str, Any]]] = field(default_factory=list)
    guardian_changes: list[tuple[Guardian, dict[str, Any]]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0


class _Planner:
    """Compares the valid rows with the database and plans the writes (writes nothing)."""

    def __init__(self, session: Session, school_id: str) -> None:
        self.session = session
        self.school_id = school_id
        self.plan = _Plan()
        self.classes = {
            c.name: c.id
            for c in session.execute(
                select(SchoolClass.name, SchoolClass.id).where(
                    SchoolClass.school_id == school_id, SchoolClass.deleted.is_(False)
                )
            )
        }
        self.by_id: dict[str, Child] = {}
        self.by_name: dict[tuple[Any, ...], Child] = {}
        for child in session.scalars(
            select(Child).where(Child.school_id == school_id, Child.deleted.is_(False))
        ):
            if child.id_number:
                self.by_id[child.id_number] = child
            else:
                self.by_name.setdefault(("name", child.name, child.birth_date), child)
        self.families: dict[tuple[str, str], str] = {}
        for family_id, phone, id_number in session.execute(
            select(Guardian.family_id, Guardian.phone, Guardian.id_number).where(
                Guardian.relation == "father", Guardian.deleted.is_(False)
            )
        ):
            for key in (("id_number", id_number), ("phone", phone)):
                if key[1]:
                    self.families.setdefault(key, family_id)
        self.family_guardians: dict[str, dict[str, dict[str, Any]]] = {}

    def add_all(self, rows: Iterable[_Row]) -> _Plan:
        seen: dict[tuple[Any, ...], _Row] = {}
        matched: list[tuple[Child, _Row]] = []
        for row in rows:
            first = seen.setdefault(row.key, row)
            if first is not row:
                self.plan.duplicates += 1
                self.plan.problems.append(_duplicate(row, first))
                continue
            stored = self._stored(row)
            if stored is None:
                self._new_child(row)
            else:
                matched.append((stored, row))
        self._update_all(matched)
        return self.plan

    def _stored(self, row: _Row) -> Child | None:
        if row.child.get("id_number"):
            return self.by_id.get(row.child["id_number"])
        return self.by_name.get(row.key)

    def _class_id(self, name: ClassName | None) -> str | None:
        if name is None:
            return None
        if name.canonical not in self.classes:
            klass = {
                "id": new_uuid(),
                "school_id": self.school_id,
                "grade": name.grade,
                "name": name.canonical,
                "active": True,
            }
            self.plan.classes.append(klass)
            self.classes[name.canonical] = klass["id"]
        return self.classes[name.canonical]

    def _new_child(self, row: _Row) -> None:
        full, initials = _pinyin(row.child["name"])
        self.plan.children.append(
            {
                **row.child,
                "school_id": self.school_id,
                "class_id": self._class_id(row.class_name),
                "family_id": self._family_id(row),
                "name_pinyin": full,
                "name_initials": initials,
                "status": vocab.CHILD_ACTIVE,
            }
        )

    def _family_id(self, row: _Row) -> str | None:
        """The family of a new child: a sibling's (same father), else a new one."""
        if not row.guardians and not row.home_phone:
            return None
        keys = row.father_keys
        family_id = next((self.families[k] for k in keys if k in self.families), None)
        if family_id is None:
            family_id = new_uuid()
            family = {"id": family_id, "school_id": self.school_id, "home_phone": row.home_phone}
            self.plan.families.append(family)
            self.family_guardians[family_id] = {}
        for key in keys:
            self.families.setdefault(key, family_id)
        entered = self.family_guardians.get(family_id)
        if entered is not None:  # a family of this file: add the people not entered yet
            for relation, person in row.guardians.items():
                if relation not in entered:
                    entered[relation] = {**person, "family_id": family_id}
                    self.plan.guardians.append(entered[relation])
        return family_id

    def _update_all(self, matched: list[tuple[Child, _Row]]) -> None:
        guardians = self._guardians_of({c.family_id for c, _ in matched if c.family_id})
        for child, row in matched:
            changed = self._update_child(child, row)
            if row.guardians:
                changed = self._update_family(child, row, guardians) or changed
            if changed:
                self.plan.updated += 1
            else:
                self.plan.unchanged += 1

    def _guardians_of(self, family_ids: set[str]) -> dict[tuple[str, str], Guardian]:
        found: dict[tuple[str, str], Guardian] = {}
        ids = sorted(family_ids)
        for start in range(0, len(ids), _CHUNK):
            for guardian in self.session.scalars(
                select(Guardian).where(
                    Guardian.family_id.in_(ids[start : start + _CHUNK]),
                    Guardian.deleted.is_(False),
                )
            ):
                found.setdefault((guardian.family_id, guardian.relation), guardian)
        return found

    def _update_child(self, child: Child, row: _Row) -> bool:
        values = dict(row.child)
        class_id = self._class_id(row.class_name)
        if class_id is not None:
            values["class_id"] = class_id
        changes = {k: v for k, v in values.items() if getattr(child, k) != v}
        if "name" in changes:
            changes["name_pinyin"], changes["name_initials"] = _pinyin(changes["name"])
        if changes:
            self.plan.child_changes.append((child, changes))
        return bool(changes)

    def _update_family(
        self, child: Child, row: _Row, stored: Mapping[tuple[str, str], Guardian]
    ) -> bool:
        if child.family_id is None:
            family_id = self._family_id(row)
            self.plan.child_changes.append((child, {"family_id": family_id}))
            return True
        changed = False
        for relation, person in row.guardians.items():
            guardian = stored.get((child.family_id, relation))
            if guardian is None:
                self.plan.guardians.append({**person, "family_id": child.family_id})
                changed = True
                continue
            changes = {k: v for k, v in person.items() if getattr(guardian, k) != v}
            if changes:
                self.plan.guardian_changes.append((guardian, changes))
                changed = True
        return changed


def _duplicate(row: _Row, first: _Row) -> ImportProblem:
    error = UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This row repeats the child in row {row} of sheet {sheet}, so it was not "
            "imported again: delete one of the two rows.",
        ),
        {"row": first.row, "sheet": first.sheet},
    )
    return ImportProblem(row.sheet, row.row, "", "duplicate_row", str(error), WARNING)


@lru_cache(maxsize=65_536)
def _pinyin(name: str) -> tuple[str, str]:
    """``name_pinyin`` with a cache: rosters repeat names."""
    return name_pinyin(name)


# --- the service --------------------------------------------------------------------------


class RosterImportService:
    """Imports roster files into this school's records."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def preview(self, actor: Actor, path: Path) -> ImportReport:
        """What :meth:`run` would do with ``path``; reads and validates, writes nothing."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        problems, rows, rejected = self._read(Path(path))
        with self._db.session_factory() as session:
            try:
                plan = _Planner(session, _school_id(session)).add_all(rows)
            finally:
                session.rollback()
        return _report(plan, problems, rejected)

    def run(self, actor: Actor, path: Path) -> ImportReport:
        """Import ``path``: a backup first, then every change in one transaction."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        path = Path(path)
        problems, rows, rejected = self._read(path)
        now = self._now()
        data_dir = self._db.data_dir
        backup_database(data_dir.database, data_dir.backups, BACKUP_REASON, now)
        with self._db.session_scope(actor.username) as session:
            with session.no_autoflush:
                plan = _Planner(session, _school_id(session)).add_all(rows)
            report = _report(plan, problems, rejected)
            _write(session, plan, now)
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_ACTION,
                now=now,
                object_type="file",
                object_id=path.name[:64],
                detail={"file": path.name, **_counts(report)},
            )
        return report

    def _read(self, path: Path) -> tuple[list[ImportProblem], list[_Row], int]:
        """Every problem, the valid rows, and how many rows were rejected."""
        roster = read_roster(path)
        today = self._now().date()
        problems: list[ImportProblem] = []
        rows: list[_Row] = []
        rejected = 0
        for sheet in roster.sheets:
            reader = _RowReader(sheet, today, problems)
            for raw in sheet.rows:
                row = reader.read(raw)
                if row is None:
                    rejected += 1
                else:
                    rows.append(row)
        return problems, rows, rejected


def _school_id(session: Session) -> str:
    """The id of this installation's school; UserError at a township or before set-up."""
    code = session.scalar(select(Installation.code))
    if code is None:
        raise NotSetUpError()
    school_id = session.scalar(select(School.id).where(School.code == code))
    if school_id is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "A roster can only be imported at a school, not at a township: import it "
                "on the school's computer.",
            )
        )
    return school_id


def _write(session: Session, plan: _Plan, now: datetime) -> None:
    """Insert the new rows in bulk (parents before children), then apply the changes."""
    insert_synced(session, SchoolClass, plan.classes, now)
    insert_synced(session, Family, plan.families, now)
    insert_synced(session, Guardian, _uniform(Guardian, plan.guardians), now)
    insert_synced(session, Child, _uniform(Child, plan.children), now)
    for obj, changes in [*plan.child_changes, *plan.guardian_changes]:
        for key, value in changes.items():
            setattr(obj, key, value)
    session.flush()


def _uniform(model: type[Child | Guardian], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the same keys (missing ones at the column's default): one executemany."""
    keys: set[str] = set().union(*rows) if rows else set()
    missing = {key: _default(model, key) for key in keys}
    return [{**missing, **row} for row in rows]


def _default(model: type[Child | Guardian], key: str) -> Any:
    """The scalar default of a column of ``model``, else None."""
    default = model.__table__.c[key].default
    return default.arg if default is not None and default.is_scalar else None


def _counts(report: ImportReport) -> dict[str, int]:
    return {k: v for k, v in report.to_json().items() if k != "errors"}


def _report(plan: _Plan, problems: list[ImportProblem], rejected: int) -> ImportReport:
    problems = sorted([*problems, *plan.problems], key=lambda p: (p.sheet, p.row))
    return ImportReport(
        imported=len(plan.children),
        updated=plan.updated,
        unchanged=plan.unchanged,
        duplicates=plan.duplicates,
        rejected=rejected,
        warnings=sum(1 for p in problems if p.severity == WARNING),
        errors=tuple(problems),
    )
