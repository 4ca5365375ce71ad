"""Planning a roster import: what each valid row would insert or change (writes nothing).

:class:`Planner` compares the rows :class:`~liushou_desktop.domain.roster_rows.RowReader`
accepted with this school's stored children, families and guardians, and fills a
:class:`Plan`:

* a row repeating a child seen earlier in the same file (same ID number, or same
  name and birth date when there is no ID) is a **duplicate**, listed as a warning;
* a row matching a stored child **updates** only the fields it fills and that differ
  (the old values are kept for undo); other rows are new children, with a new class
  when the class is not stored yet and a family shared with a sibling of the same
  father (same ID number or phone).

An actor who may edit only some classes (a class teacher) plans within them: a row
matching a child of another class, naming a class that is not theirs, or moving a
child out of their classes is **rejected** (explained, and saved with the other
rejected rows); a new child without a class goes to their class when they have one;
and a sibling's family in another class is linked but not changed.

:func:`~liushou_desktop.domain.roster_write.write` then writes the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.models import Child, Family, Guardian, SchoolClass, new_uuids
from liushou_desktop.db.sync_meta import installation_origin
from liushou_desktop.domain import vocab
from liushou_desktop.domain.names import ClassName
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.domain.roster_rows import (
    CHILD_BOOLEANS,
    CHILD_CHOICES,
    CHILD_TEXT,
    ERROR,
    WARNING,
    ImportProblem,
    RejectedRow,
    ValidRow,
)
from liushou_desktop.domain.roster_write import MODELS
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = ["Plan", "Planner"]

_CHILD_COMPARED = (
    "name",
    "sex",
    "birth_date",
    "id_number",
    "class_id",
    "family_id",
    "hukou_registered",
    "categories",
    "name_pinyin",
    "name_initials",
    *CHILD_BOOLEANS,
    *CHILD_CHOICES,
    *CHILD_TEXT.values(),
)
_GUARDIAN_COMPARED = (
    "family_id",
    "relation",
    "relation_note",
    "name",
    "birth_date",
    "id_number",
    "phone",
    "address",
    "occupation",
    "health",
    "work_province",
    "work_city",
    "employer",
    "employer_address",
    "employer_phone",
    "works_away",
    "is_entrusted_guardian",
)
_FAMILY_COMPARED = ("home_phone", "income_sources", "assistance")


@dataclass
class Plan:
    """New rows to insert (table -> rows), changes to stored rows, and the counts.

    ``changes``: table -> row id -> {field: new value}; ``old``: the same with the
    values before the import, for undo.
    """

    inserts: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in MODELS}
    )
    changes: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {name: {} for name in MODELS}
    )
    old: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {name: {} for name in MODELS}
    )
    problems: list[ImportProblem] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)  # rows outside the scope
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0

    def change(self, table: str, stored: dict[str, Any], new: Mapping[str, Any]) -> bool:
        """Plan ``new`` for the stored row (a dict updated in place); True if it differs."""
        changed = {k: v for k, v in new.items() if not _same(stored.get(k), v)}
        if not changed:
            return False
        row_id = stored["id"]
        old = self.old[table].setdefault(row_id, {})
        for key, value in changed.items():
            old.setdefault(key, stored.get(key))
            stored[key] = value
        self.changes[table].setdefault(row_id, {}).update(changed)
        return True


def _same(stored: Any, new: Any) -> bool:
    if isinstance(new, list) and isinstance(stored, list):
        return set(new) == set(stored)
    return bool(stored == new)


def _rows(session: Session, columns: Iterable[Any], *where: Any) -> list[dict[str, Any]]:
    """Rows of a Core select as dicts."""
    return [dict(r._mapping) for r in session.execute(select(*columns).where(*where))]


class _OutOfScope(Exception):
    """Internal: the row reaches outside the actor's classes (the problem is recorded)."""


class Planner:
    """Compares the valid rows with the database and plans the writes (writes nothing).

    ``own_classes``: the ids of the classes the actor may edit, or None for the whole
    school.
    """

    def __init__(
        self, session: Session, school_id: str, own_classes: frozenset[str] | None = None
    ) -> None:
        self.session = session
        self.school_id = school_id
        self.own_classes = own_classes
        self.plan = Plan()
        # New rows' ids are tagged with this installation (see new_uuids).
        self.origin = installation_origin(session)
        self.classes = {
            name: class_id
            for name, class_id in session.execute(
                select(SchoolClass.name, SchoolClass.id).where(
                    SchoolClass.school_id == school_id, SchoolClass.deleted.is_(False)
                )
            )
        }
        child_columns = [Child.id, *(Child.__table__.c[k] for k in _CHILD_COMPARED)]
        self.by_id: dict[str, dict[str, Any]] = {}
        self.by_name: dict[tuple[Any, ...], dict[str, Any]] = {}
        for child in _rows(
            session, child_columns, Child.school_id == school_id, Child.deleted.is_(False)
        ):
            if child["id_number"]:
                self.by_id[child["id_number"]] = child
            else:
                self.by_name.setdefault(("name", child["name"], child["birth_date"]), child)
        # The families the actor may change: all, or those of a child in their classes.
        self.own_families: set[str] | None = None
        if own_classes is not None:
            self.own_families = {
                c["family_id"]
                for c in (*self.by_id.values(), *self.by_name.values())
                if c["family_id"] and c["class_id"] in own_classes
            }
        self.stored_families = {
            f["id"]: f
            for f in _rows(
                session,
                [Family.id, *(Family.__table__.c[k] for k in _FAMILY_COMPARED)],
                Family.school_id == school_id,
                Family.deleted.is_(False),
            )
        }
        self.families: dict[tuple[str, str], str] = {}
        for family_id, phone, id_number in session.execute(
            select(Guardian.family_id, Guardian.phone, Guardian.id_number).where(
                Guardian.relation == "father", Guardian.deleted.is_(False)
            )
        ):
            for key in (("id_number", id_number), ("phone", phone)):
                if key[1]:
                    self.families.setdefault(key, family_id)
        # Families made by this file: family id -> relation -> the guardian's new row.
        self.family_guardians: dict[str, dict[str, dict[str, Any]]] = {}
        self._ids: list[str] = []

    def new_id(self) -> str:
        if not self._ids:
            self._ids = new_uuids(1024, self.origin)
        return self._ids.pop()

    def add_all(self, rows: Iterable[ValidRow]) -> Plan:
        seen: dict[tuple[Any, ...], ValidRow] = {}
        matched: list[tuple[dict[str, Any], ValidRow]] = []
        for row in rows:
            first = seen.setdefault(row.key, row)
            if first is not row:
                self.plan.duplicates += 1
                self.plan.problems.append(_duplicate(row, first))
                continue
            stored = self._stored(row)
            try:
                if stored is None:
                    self._new_child(row)
                else:
                    self._check_scope(row, stored)
                    matched.append((stored, row))
            except _OutOfScope:
                self.plan.rejected.append(RejectedRow(row.sheet, row.row, row.values))
        self._update_all(matched)
        return self.plan

    # --- the actor's classes -------------------------------------------------------------

    def _reject(self, row: ValidRow, code: str, error: UserError) -> NoReturn:
        self.plan.problems.append(
            ImportProblem(
                row.sheet, row.row, "", code, str(error), ERROR, error.message, error.params
            )
        )
        raise _OutOfScope

    def _check_scope(self, row: ValidRow, stored: dict[str, Any]) -> None:
        """Reject a row matching a child outside the actor's classes, or moving one out."""
        if self.own_classes is None:
            return
        if stored["class_id"] not in self.own_classes:
            self._reject(row, "not_your_child", _NOT_YOUR_CHILD)
        if row.class_name is not None:
            self._own_class_id(row)

    def _own_class_id(self, row: ValidRow) -> str:
        """The class of a row for a class teacher: one of theirs, or the row is rejected."""
        assert self.own_classes is not None
        if row.class_name is None:
            if len(self.own_classes) == 1:
                return next(iter(self.own_classes))
            self._reject(row, "class_missing", _CLASS_MISSING)
        class_id = self.classes.get(row.class_name.canonical)
        if class_id not in self.own_classes:
            error = UserError(_NOT_YOUR_CLASS.message, {"class": row.class_name.canonical})
            self._reject(row, "not_your_class", error)
        return class_id

    def _stored(self, row: ValidRow) -> dict[str, Any] | None:
        if row.child.get("id_number"):
            return self.by_id.get(row.child["id_number"])
        return self.by_name.get(row.key)

    def _class_id(self, name: ClassName | None) -> str | None:
        if name is None:
            return None
        if name.canonical not in self.classes:
            klass = {
                "id": self.new_id(),
                "school_id": self.school_id,
                "grade": name.grade,
                "name": name.canonical,
                "active": True,
            }
            self.plan.inserts["school_class"].append(klass)
            self.classes[name.canonical] = klass["id"]
        return self.classes[name.canonical]

    def _new_child(self, row: ValidRow) -> None:
        class_id = (
            self._class_id(row.class_name) if self.own_classes is None else self._own_class_id(row)
        )
        full, initials = _pinyin(row.child["name"])
        self.plan.inserts["child"].append(
            {
                **row.child,
                "id": self.new_id(),
                "school_id": self.school_id,
                "class_id": class_id,
                "family_id": self._family_id(row),
                "name_pinyin": full,
                "name_initials": initials,
                "status": vocab.CHILD_ACTIVE,
            }
        )

    def _family_id(self, row: ValidRow) -> str | None:
        """The family of a new child: a sibling's (same father), else a new one."""
        if not row.guardians and not row.family:
            return None
        keys = row.father_keys
        family_id = next((self.families[k] for k in keys if k in self.families), None)
        if family_id is None:
            family_id = self.new_id()
            family = {
                "id": family_id,
                "school_id": self.school_id,
                "home_phone": "",
                "income_sources": [],
                "assistance": [],
                **row.family,
            }
            self.plan.inserts["family"].append(family)
            self.family_guardians[family_id] = {}
        elif family_id in self.stored_families:
            if self.own_families is None or family_id in self.own_families:
                self.plan.change("family", self.stored_families[family_id], row.family)
            elif row.family:
                self.plan.problems.append(_family_not_changed(row))
        for key in keys:
            self.families.setdefault(key, family_id)
        entered = self.family_guardians.get(family_id)
        if entered is not None:  # a family of this file: add the people not entered yet
            for relation, person in row.guardians.items():
                if relation not in entered:
                    entered[relation] = {**person, "id": self.new_id(), "family_id": family_id}
                    self.plan.inserts["guardian"].append(entered[relation])
        return family_id

    def _update_all(self, matched: list[tuple[dict[str, Any], ValidRow]]) -> None:
        guardians = self._guardians_of({c["family_id"] for c, _ in matched if c["family_id"]})
        for child, row in matched:
            changed = self._update_child(child, row)
            if row.guardians or row.family:
                changed = self._update_family(child, row, guardians) or changed
            if changed:
                self.plan.updated += 1
            else:
                self.plan.unchanged += 1

    def _guardians_of(self, family_ids: set[str]) -> dict[tuple[str, str], dict[str, Any]]:
        found: dict[tuple[str, str], dict[str, Any]] = {}
        ids = sorted(family_ids)
        columns = [Guardian.id, *(Guardian.__table__.c[k] for k in _GUARDIAN_COMPARED)]
        for chunk in chunks(ids):
            for guardian in _rows(
                self.session,
                columns,
                Guardian.family_id.in_(chunk),
                Guardian.deleted.is_(False),
            ):
                found.setdefault((guardian["family_id"], guardian["relation"]), guardian)
        return found

    def _update_child(self, child: dict[str, Any], row: ValidRow) -> bool:
        values = dict(row.child)
        class_id = self._class_id(row.class_name)
        if class_id is not None:
            values["class_id"] = class_id
        if "name" in values and values["name"] != child["name"]:
            values["name_pinyin"], values["name_initials"] = _pinyin(values["name"])
        return self.plan.change("child", child, values)

    def _update_family(
        self, child: dict[str, Any], row: ValidRow, stored: dict[tuple[str, str], dict[str, Any]]
    ) -> bool:
        family_id = child["family_id"]
        if family_id is None:
            return self.plan.change("child", child, {"family_id": self._family_id(row)})
        changed = False
        family = self.stored_families.get(family_id)
        if family is not None and row.family:
            changed = self.plan.change("family", family, row.family)
        for relation, person in row.guardians.items():
            guardian = stored.get((family_id, relation))
            if guardian is None:
                new = {**person, "id": self.new_id(), "family_id": family_id}
                stored[(family_id, relation)] = dict(new)
                self.plan.inserts["guardian"].append(new)
                changed = True
            elif self.plan.change("guardian", guardian, person):
                changed = True
        return changed


_NOT_YOUR_CHILD = UserError(
    QT_TRANSLATE_NOOP(
        "UserError",
        "This child is already registered in a class that is not yours, so the row was not "
        "imported. If the child has moved to your class, ask the school administrator to "
        "move the record.",
    )
)
_CLASS_MISSING = UserError(
    QT_TRANSLATE_NOOP(
        "UserError",
        "The row does not say which class the child is in, and you teach several classes: "
        "fill in the class column, then import the file again.",
    )
)
_NOT_YOUR_CLASS = UserError(
    QT_TRANSLATE_NOOP(
        "UserError",
        "{class} is not one of your classes, so the row was not imported. Correct the class, "
        "or ask the school administrator to import this class.",
    )
)


def _family_not_changed(row: ValidRow) -> ImportProblem:
    error = UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "The child was linked to the family of a brother or sister in another class; "
            "that family's details were not changed. Ask the school administrator to check "
            "them.",
        )
    )
    return ImportProblem(
        row.sheet, row.row, "", "family_not_changed", str(error), WARNING, error.message, {}
    )


def _duplicate(row: ValidRow, first: ValidRow) -> ImportProblem:
    error = UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This row repeats the child in row {row} of sheet {sheet}, so it was not "
            "imported again: delete one of the two rows.",
        ),
        {"row": first.row, "sheet": first.sheet},
    )
    return ImportProblem(
        row.sheet, row.row, "", "duplicate_row", str(error), WARNING, error.message, error.params
    )


@lru_cache(maxsize=65_536)
def _pinyin(name: str) -> tuple[str, str]:
    """``name_pinyin`` with a cache: rosters repeat names."""
    return name_pinyin(name)
