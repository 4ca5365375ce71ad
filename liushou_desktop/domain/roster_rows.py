"""Checking the raw rows of a roster file: the import's second step.

:class:`RowReader` turns each :class:`~liushou_desktop.io.roster_read.RawRow` of a sheet
into a :class:`ValidRow` (the child's filled fields, the family's, the guardians') or
rejects it, recording every problem as an :class:`ImportProblem`:

* a row is **rejected** for a missing or unusable name, or an ID number that is
  invalid, stored as a number, or contradicts the sex or birth date in the row;
* any other bad field (date, phone, class, a word the column does not take...) is
  left out and listed as a **warning**.

Words of the official forms (男 / 女, 是 / 否, 小学, 较好, 打工收入、低保...) are read
with :mod:`liushou_desktop.domain.form_words`, so whatever the export writes is read
back to the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liushou_desktop.domain import form_words
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.id_numbers import (
    IdNumberStoredAsNumber,
    check_consistency,
    validate_id_number,
)
from liushou_desktop.domain.names import ClassName, canonical_class_name, normalize_person_name
from liushou_desktop.domain.phones import normalize_phone
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.roster_read import RawRow, RawValue, RosterSheet
from liushou_desktop.io.xlsx import unneutralise

ERROR = "error"
WARNING = "warning"

# Child columns copied as text, as written: roster field -> Child attribute.
CHILD_TEXT = {
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
# Yes / no columns of the child.
CHILD_BOOLEANS = ("boarding", "both_parents_away", "one_parent_away_other_unable")
# Columns holding one word of a form_words table: field -> table.
CHILD_CHOICES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "sex": form_words.SEX,
    "health": form_words.HEALTH,
    "schooling_stage": form_words.SCHOOLING_STAGES,
    "guardianship_type": form_words.GUARDIANSHIP_TYPES,
    "unable_parent": form_words.UNABLE_PARENT,
}
# Columns listing several words: field -> (table, "child" or "family").
LIST_COLUMNS: Mapping[str, tuple[Mapping[str, tuple[str, ...]], str]] = {
    "categories": (form_words.CATEGORIES, "child"),
    "income_sources": (form_words.INCOME_SOURCES, "family"),
    "assistance": (form_words.ASSISTANCE, "family"),
}
# The guardianship situation in one column (留守类型): the words -> the two flags.
# (form_words has no table for it yet; the first word of each is the official one.)
LEFT_BEHIND_TYPES: Mapping[str, tuple[str, ...]] = {
    "both": ("父母双方外出", "父母双方同时外出", "双方外出", "父母均外出", "父母都外出"),
    "one_unable": (
        "父母一方外出另一方无监护能力",
        "一方外出另一方无监护能力",
        "一方外出",
        "父母一方外出",
    ),
}
_LEFT_BEHIND_FLAGS = {
    "both": {"both_parents_away": True, "one_parent_away_other_unable": False},
    "one_unable": {"both_parents_away": False, "one_parent_away_other_unable": True},
}
_PUNCTUATION = re.compile(r"[\s、，,;；:：()（）]+")
# 残疾类别及等级: "肢体 二级", "肢体残疾二级", "视力、一级" -> type and grade.
_DISABILITY = re.compile(r"^(?P<type>.*?)[\s、，,;；/]*(?P<grade>[一二三四1-4１-４]\s*级)?$")
# The people of a roster row: field prefix -> vocab.RELATIONS code.
PEOPLE = {
    "father": "father",
    "mother": "mother",
    "guardian": "other",
    "grandfather": "paternal_grandfather",
    "grandmother": "paternal_grandmother",
    "maternal_grandfather": "maternal_grandfather",
    "maternal_grandmother": "maternal_grandmother",
}
PERSON_TEXT = (
    "work_province",
    "work_city",
    "employer",
    "employer_address",
    "occupation",
    "health",
    "address",
)


@dataclass(frozen=True)
class ImportProblem:
    """One problem with one cell (or row): where it is, a stable code and the message.

    ``template`` and ``params`` are the message before it was filled in (the English
    template of a :class:`UserError`, for the GUI to translate in the "UserError"
    context and fill with ``UserError(template, params).render(translated)``).
    """

    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str  # the column's header text as written in the file ("" for the whole row)
    code: str
    message: str
    severity: str  # ERROR (row rejected) or WARNING (field left blank)
    template: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class RejectedRow:
    """A rejected row's cells as the file holds them: field -> raw value."""

    sheet: str
    row: int
    values: Mapping[str, RawValue]


class _Rejected(Exception):
    """Internal: the row cannot be imported (the problem is already recorded)."""


@dataclass
class ValidRow:
    """One valid row: the child's, the family's and the guardians' filled fields."""

    sheet: str
    row: int
    child: dict[str, Any]
    class_name: ClassName | None
    family: dict[str, Any]  # home_phone, income_sources, assistance: only those filled
    guardians: dict[str, dict[str, Any]]  # relation code -> the person's filled fields
    # The cells as the file holds them, for the error workbook if planning rejects the row.
    values: Mapping[str, RawValue] = field(default_factory=dict, repr=False)

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


def bad_value(value: object, expected: str) -> UserError:
    """The warning for a cell holding a word the column does not take."""
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "“{value}” cannot be read here: write {expected}. The cell was left blank.",
        ),
        {"value": value, "expected": expected},
    )


def _unknown_words(unknown: list[str], expected: str) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "“{words}” cannot be read here, so it was left out (the other words of the cell "
            "were kept): write {expected}.",
        ),
        {"words": "、".join(unknown), "expected": expected},
    )


def _expected(table: Mapping[str, tuple[str, ...]]) -> str:
    return " / ".join(words[0] for words in table.values())


class RowReader:
    """Reads the raw rows of one sheet, recording problems and rejected rows as it goes."""

    def __init__(
        self,
        sheet: RosterSheet,
        today: date,
        problems: list[ImportProblem],
        rejected: list[RejectedRow],
    ) -> None:
        self.sheet = sheet
        # A roster kept as one sheet per class, named after it ("三年级1班"), often has
        # no class column: the sheet's name is then the class of its rows.
        self.sheet_class = _class_of_sheet(sheet.name)
        self.today = today
        self.problems = problems
        self.rejected = rejected
        self.headers = {column.field: column.header for column in sheet.columns}
        # Only what the sheet has columns for is read: a big roster has no time to spare
        # for the dozens of fields it does not have.
        present = self.headers.keys()
        self.text_fields = [(f, a) for f, a in CHILD_TEXT.items() if f in present]
        self.booleans = [f for f in CHILD_BOOLEANS if f in present]
        self.choices = [(f, t) for f, t in CHILD_CHOICES.items() if f in present and f != "sex"]
        self.lists = [(f, t, w) for f, (t, w) in LIST_COLUMNS.items() if f in present]
        self.people = [
            _PersonColumns.of(prefix, relation, present)
            for prefix, relation in PEOPLE.items()
            if any(f.startswith(prefix + "_") for f in present)
        ]
        self.raw: RawRow | None = None
        self.values: dict[str, Any] = {}
        # raw ID -> (number or None, problem code, problem), shared by the sheet's people
        self.person_ids: dict[Any, tuple[str | None, str, UserError | None]] = {}
        # (class text, grade text) -> (class, field of the problem, problem): a few
        # classes fill a sheet of hundreds of rows
        self.classes: dict[tuple[str | None, str | None], _ClassRead] = {}

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
                error.message if error is not None else message,
                error.params if error is not None else {},
            )
        )

    def value(self, fld: str) -> Any:
        """The raw value of a field, or None for an absent or empty cell."""
        return self.values.get(fld)

    def text(self, fld: str) -> str | None:
        value = self.values.get(fld)
        if value is None or value.__class__ is str:
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)

    def read(self, raw: RawRow) -> ValidRow | None:
        """The row's values checked, or None if it is rejected."""
        self.raw = raw
        # The filled cells, text stripped: each field is looked at once or twice.
        values: dict[str, Any] = {}
        self.values = values
        for fld, value in raw.values.items():
            if value.__class__ is str:
                value = value.strip()
                if not value:
                    continue
                if value[0] == "'":
                    value = unneutralise(value)
            elif value is None:
                continue
            values[fld] = value
        try:
            name = self._name()
            sex = self._choice("sex", form_words.SEX)
            birth = self._date("birth_date") or self._date("birth_month", month_only_ok=True)
            child: dict[str, Any] = {"name": name}
            id_number = self._child_id(sex, birth, child)
        except _Rejected:
            self.rejected.append(RejectedRow(raw.sheet, raw.row, raw.values))
            return None
        if id_number is None:
            child.update({k: v for k, v in (("sex", sex), ("birth_date", birth)) if v})
        for fld, attr in self.text_fields:
            text = self.text(fld)
            if text is not None:
                child[attr] = text
        self._situation(child)
        for fld, table in self.choices:
            code = self._choice(fld, table)
            if code is not None:
                child[fld] = code
        family: dict[str, Any] = {}
        for fld, table, where in self.lists:
            codes = self._codes(fld, table)
            if codes:
                (child if where == "child" else family)[fld] = codes
        phone = self._phone("home_phone") or self._phone("contact_phone")
        if phone:
            family["home_phone"] = phone
        return ValidRow(
            raw.sheet, raw.row, child, self._class(), family, self._guardians(), raw.values
        )

    def _situation(self, child: dict[str, Any]) -> None:
        """户口, 残疾类别及等级, 留守类型 and the yes / no columns."""
        registered = self._boolean("hukou_registered")
        if registered is not None:
            child["hukou_registered"] = registered
        disability = self.text("disability")
        if disability is not None:
            match = _DISABILITY.match(disability)
            kind, grade = (match["type"], match["grade"]) if match else (disability, None)
            if kind:
                child.setdefault("disability_type", kind)
            if grade:
                child.setdefault("disability_grade", "".join(grade.split()))
        kind_text = self.text("left_behind_type")
        if kind_text is not None:
            code = form_words.code_for(LEFT_BEHIND_TYPES, _PUNCTUATION.sub("", kind_text))
            if code is None:
                error = bad_value(kind_text, _expected(LEFT_BEHIND_TYPES))
                self.problem("left_behind_type", "bad_choice", error, WARNING)
            else:
                child.update(_LEFT_BEHIND_FLAGS[code])
        for fld in self.booleans:
            flag = self._boolean(fld)
            if flag is not None:
                child[fld] = flag

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

    def _choice(self, fld: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
        text = self.text(fld)
        if text is None:
            return None
        code = form_words.code_for(table, text)
        if code is None:
            code_name = "bad_sex" if fld == "sex" else "bad_health" if fld == "health" else ""
            error = bad_value(text, _expected(table))
            self.problem(fld, code_name or "bad_choice", error, WARNING)
        return code

    def _codes(self, fld: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
        text = self.text(fld)
        if text is None:
            return []
        codes, unknown = form_words.codes_for(table, text)
        if unknown:
            self.problem(fld, "unknown_words", _unknown_words(unknown, _expected(table)), WARNING)
        return codes

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
        flag = form_words.parse_yes_no(self.text(fld) or "")
        if flag is None:
            self.problem(fld, "bad_yes_no", bad_value(value, "是 / 否"), WARNING)
        return flag

    def _class(self) -> ClassName | None:
        text, grade = self.text("class_name"), self.text("grade")
        if text is None and grade is None:
            return self.sheet_class
        known = self.classes.get((text, grade))
        if known is None:
            known = self.classes[(text, grade)] = _read_class(text, grade)
        name, fld, error = known
        if name is None:
            self.problem(fld, "bad_class", error, WARNING)
        return name

    def _guardians(self) -> dict[str, dict[str, Any]]:
        """relation code -> the person's filled fields. The entrusted guardian is "other"
        unless the relation column names a relative of the form (祖母...)."""
        people: dict[str, dict[str, Any]] = {}
        for columns in self.people:
            person = self._person(columns)
            if not person:
                continue
            relation = columns.relation
            if columns.prefix == "guardian":
                note = person.pop("relation_note", None) or self.text("guardian_relation")
                code = form_words.code_for(form_words.RELATIONS, note) if note else None
                if code is not None and code != "other":
                    relation = code
                elif note:
                    person["relation_note"] = note
                entrusted = self._boolean("has_entrusted_guardian")
                person["is_entrusted_guardian"] = entrusted is not False
            person["relation"] = relation
            people[relation] = {**people.get(relation, {}), **person}
        return people

    def _person(self, columns: _PersonColumns) -> dict[str, Any]:
        """A guardian's filled fields; bad values are warnings and left out."""
        person: dict[str, Any] = {}
        values = self.values
        if columns.name is not None:
            name = values.get(columns.name)
            if name is not None:
                try:
                    person["name"] = normalize_person_name(name)
                except UserError as error:
                    self.problem(columns.name, "bad_name", error, WARNING)
        for fld, attr in columns.phones:
            phone = self._phone(fld)
            if phone:
                person[attr] = phone
        if columns.birth_date is not None:
            birth = self._date(columns.birth_date, month_only_ok=True)
            if birth:
                person["birth_date"] = birth
        if columns.id_number is not None:
            id_number = self._person_id(columns.id_number)
            if id_number:
                person["id_number"] = id_number
        for fld, attr in columns.texts:
            text = self.text(fld)
            if text is not None:
                person[attr] = text
        if columns.relation_note is not None:
            note = self.text(columns.relation_note)
            if note is not None:
                person["relation_note"] = note
        if columns.works_away is not None:
            away = self._boolean(columns.works_away)
            if away is not None:
                person["works_away"] = away
        return person

    def _person_id(self, fld: str) -> str | None:
        """A parent's or guardian's ID number; siblings repeat them, so each is checked once."""
        raw = self.value(fld)
        if raw is None:
            return None
        known = self.person_ids.get(raw)
        if known is None:
            try:
                known = (validate_id_number(raw, today=self.today).number, "", None)
            except IdNumberStoredAsNumber as error:
                known = (None, "id_stored_as_number", error)
            except UserError as error:
                known = (None, "id_invalid", error)
            self.person_ids[raw] = known
        number, code, problem = known
        if problem is not None:
            self.problem(fld, code, problem, WARNING)
        return number


@dataclass(frozen=True)
class _PersonColumns:
    """The fields a sheet has columns for, of one person of the row (None: no column)."""

    prefix: str  # "father", "guardian"...
    relation: str  # vocab.RELATIONS code
    name: str | None
    phones: tuple[tuple[str, str], ...]  # (field, the person's attribute)
    birth_date: str | None
    id_number: str | None
    texts: tuple[tuple[str, str], ...]  # (field, the person's attribute): PERSON_TEXT
    relation_note: str | None
    works_away: str | None

    @classmethod
    def of(cls, prefix: str, relation: str, present: Iterable[str]) -> _PersonColumns:
        fields = set(present)

        def column(attr: str) -> str | None:
            return f"{prefix}_{attr}" if f"{prefix}_{attr}" in fields else None

        return cls(
            prefix,
            relation,
            column("name"),
            tuple((f"{prefix}_{a}", a) for a in ("phone", "employer_phone") if column(a)),
            column("birth_date"),
            column("id_number"),
            tuple((f"{prefix}_{a}", a) for a in PERSON_TEXT if column(a)),
            column("relation"),
            column("works_away"),
        )


# What a class cell (and grade cell) says: the class, and else the field and problem.
_ClassRead = tuple[ClassName | None, str, UserError | None]


def _read_class(text: str | None, grade: str | None) -> _ClassRead:
    fld = "class_name" if text is not None else "grade"
    candidates = [c for c in (text, (grade or "") + (text or "")) if c]
    error: UserError | None = None
    for candidate in candidates:
        try:
            return canonical_class_name(candidate), fld, None
        except UserError as exc:
            error = error or exc
    return None, fld, error


def _class_of_sheet(name: str) -> ClassName | None:
    """The class a sheet's name means (一(1)班, 三年级1班...), or None (Sheet1, 花名册,
    and a grade's sheet "一年级": its rows may be in several classes)."""
    if "班" not in name:
        return None
    try:
        return canonical_class_name(name)
    except UserError:
        return None
