"""Importing a school's roster file (花名册): validate every row, then write in one go.

:class:`RosterImportService` reads a file with :func:`~liushou_desktop.io.roster_read.read_roster`,
checks each row (:mod:`liushou_desktop.domain.roster_rows`) and plans what would change:

* rejected rows and warnings are listed (see :mod:`~liushou_desktop.domain.roster_rows`);
* a row repeating a child seen earlier in the same file (same ID number, or same
  name and birth date when there is no ID) is a **duplicate** and not written;
* a row whose ID number (or, without one, name and birth date) matches a child
  already stored **updates** only the fields the row fills: an empty cell never
  clears a stored value.

:meth:`RosterImportService.preview` stops there and writes nothing (the dry run);
:meth:`RosterImportService.run` backs the database up, then writes everything in
one transaction (SQLAlchemy Core: bulk inserts and ``executemany`` updates, each row
stamped with the sync clock) with one audit entry and an :class:`ImportBatch` holding
what :meth:`RosterImportService.undo` needs to take the import back.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Date, Table, bindparam, select, update
from sqlalchemy.orm import Session

from liushou_desktop.db.backup import backup_database
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Family,
    Guardian,
    ImportBatch,
    Installation,
    School,
    SchoolClass,
)
from liushou_desktop.db.sync_meta import ACTOR_KEY, Now, next_clock, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.names import ClassName
from liushou_desktop.domain.permissions import EDIT_CHILD, Actor
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.domain.roster_rows import (
    CHILD_BOOLEANS,
    CHILD_CHOICES,
    CHILD_TEXT,
    ERROR,
    WARNING,
    ImportProblem,
    RejectedRow,
    RowReader,
    ValidRow,
)
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.roster_read import RosterColumn, read_roster

__all__ = [
    "ERROR",
    "WARNING",
    "ImportBatchView",
    "ImportCancelled",
    "ImportProblem",
    "ImportReport",
    "Progress",
    "RejectedRow",
    "RosterImportService",
]

AUDIT_ACTION = "roster_import"
UNDO_AUDIT_ACTION = "roster_import_undone"
BACKUP_REASON = "before-import"
UNDO_BACKUP_REASON = "before-import-undo"
PROGRESS_EVERY = 200  # rows between two calls of the progress callback
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit

# (rows done, rows total); may raise ImportCancelled to stop before anything is written.
Progress = Callable[[int, int], None]

# The tables an import writes, parents first: table name -> model.
_MODELS: dict[str, type[Any]] = {
    "school_class": SchoolClass,
    "family": Family,
    "guardian": Guardian,
    "child": Child,
}
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


class ImportCancelled(Exception):
    """Raised by a progress callback to stop an import; nothing has been written."""


# --- the report -------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, from a preview, would do).

    ``batch_id`` is the :class:`ImportBatch` a run wrote (None for a preview).
    ``rejected_rows`` and ``columns`` (sheet -> its recognised columns) are what
    :func:`liushou_desktop.io.roster_errors.write_error_workbook` writes back.
    """

    imported: int
    updated: int
    unchanged: int
    duplicates: int
    rejected: int
    warnings: int
    errors: tuple[ImportProblem, ...]
    batch_id: int | None = field(default=None, compare=False)
    rejected_rows: tuple[RejectedRow, ...] = field(default=(), compare=False, repr=False)
    columns: Mapping[str, tuple[RosterColumn, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def counts(self) -> dict[str, int]:
        """imported, updated, unchanged, duplicates, rejected, warnings."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "warnings": self.warnings,
        }

    def to_json(self) -> dict[str, Any]:
        """The counts, the batch and the problems as plain JSON-ready values."""
        return {
            **self.counts(),
            "batch_id": self.batch_id,
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


@dataclass(frozen=True)
class ImportBatchView:
    """One committed import in the history, and whether it can still be undone.

    ``why_not`` is "" when it can, else an English sentence saying why not; the same
    as a :class:`UserError` in ``why_not_error`` for the GUI to translate.
    """

    id: int
    created_at: datetime
    actor: str
    file_name: str
    counts: dict[str, int]
    undone_at: datetime | None
    can_undo: bool
    why_not: str
    why_not_error: UserError | None = field(default=None, compare=False)


# --- planning the changes -----------------------------------------------------------------


@dataclass
class _Plan:
    """New rows to insert (table -> rows), changes to stored rows, and the counts.

    ``changes``: table -> row id -> {field: new value}; ``old``: the same with the
    values before the import, for undo.
    """

    inserts: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in _MODELS}
    )
    changes: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {name: {} for name in _MODELS}
    )
    old: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {name: {} for name in _MODELS}
    )
    problems: list[ImportProblem] = field(default_factory=list)
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


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def _new_ids(count: int) -> list[str]:
    """``count`` new row ids: random (version 4) UUIDs as :func:`new_uuid` makes them,
    without its per-id cost (a 5,000-row roster needs some 25,000)."""
    data = os.urandom(16 * count).hex()
    return [
        f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"
        for h in (data[i : i + 32] for i in range(0, 32 * count, 32))
    ]


def _same(stored: Any, new: Any) -> bool:
    if isinstance(new, list) and isinstance(stored, list):
        return set(new) == set(stored)
    return bool(stored == new)


def _rows(session: Session, columns: Iterable[Any], *where: Any) -> list[dict[str, Any]]:
    """Rows of a Core select as dicts."""
    return [dict(r._mapping) for r in session.execute(select(*columns).where(*where))]


class _Planner:
    """Compares the valid rows with the database and plans the writes (writes nothing)."""

    def __init__(self, session: Session, school_id: str) -> None:
        self.session = session
        self.school_id = school_id
        self.plan = _Plan()
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
            self._ids = _new_ids(1024)
        return self._ids.pop()

    def add_all(self, rows: Iterable[ValidRow]) -> _Plan:
        seen: dict[tuple[Any, ...], ValidRow] = {}
        matched: list[tuple[dict[str, Any], ValidRow]] = []
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
        full, initials = _pinyin(row.child["name"])
        self.plan.inserts["child"].append(
            {
                **row.child,
                "id": self.new_id(),
                "school_id": self.school_id,
                "class_id": self._class_id(row.class_name),
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
            self.plan.change("family", self.stored_families[family_id], row.family)
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
        for start in range(0, len(ids), _CHUNK):
            for guardian in _rows(
                self.session,
                columns,
                Guardian.family_id.in_(ids[start : start + _CHUNK]),
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


# --- writing --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stamp:
    """Consecutive sync clock values reserved for rows written now."""

    first: int
    actor: str
    origin: str


def _reserve(session: Session, count: int, now: datetime) -> _Stamp:
    """Reserve ``count`` clock values of this installation's HLC (as sync_meta does)."""
    table = Installation.__table__
    installation = session.execute(select(table.c.id, table.c.hlc)).first()
    origin, last = (installation.id, installation.hlc) if installation else ("", 0)
    first = next_clock(last, now)
    if installation:
        session.execute(update(table).values(hlc=first + count - 1))
    return _Stamp(first, str(session.info.get(ACTOR_KEY, "")), origin)


def _insert(session: Session, table: Table, rows: list[dict[str, Any]], now: datetime) -> None:
    """New rows, stamped like a flush would, in one ``executemany`` (same keys in each)."""
    if not rows:
        return
    stamp = _reserve(session, len(rows), now)
    for offset, row in enumerate(rows):
        row.update(
            clock=stamp.first + offset,
            changed_by=stamp.actor,
            origin=stamp.origin,
            deleted=False,
            created_at=now,
            updated_at=now,
        )
    _executemany_insert(session, table, rows)


def _executemany_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` the rows (all with the same keys) with one driver-level executemany.

    The values go through each column's own bind processor (dates, JSON), as
    ``session.execute(table.insert(), rows)`` would, without its per-row overhead:
    5,000 rows of 40 columns in a tenth of the time.
    """
    connection = session.connection()
    dialect = connection.dialect
    columns = [table.c[key] for key in rows[0]]
    processors = [column.type._cached_bind_processor(dialect) for column in columns]
    keys = list(rows[0])
    names = ", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {dialect.identifier_preparer.quote(table.name)} ({names}) VALUES ({marks})"
    values = [
        _processed([row[key] for row in rows], p, isinstance(c.type, JSON))
        for key, p, c in zip(keys, processors, columns, strict=True)
    ]
    data = list(zip(*values, strict=True))
    connection.exec_driver_sql(sql, data)


def _update(
    session: Session, table: Table, changes: Mapping[str, Mapping[str, Any]], now: datetime
) -> None:
    """Changes to stored rows (row id -> {field: value}), stamped, one statement per key set."""
    if not changes:
        return
    stamp = _reserve(session, len(changes), now)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for offset, (row_id, values) in enumerate(changes.items()):
        params = {f"v_{k}": v for k, v in values.items()}
        params.update(v_row_id=row_id, v_clock=stamp.first + offset)
        groups.setdefault(tuple(sorted(values)), []).append(params)
    fixed = {"changed_by": stamp.actor, "origin": stamp.origin, "updated_at": now}
    for keys, params in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("v_row_id"))
            .values({**{k: bindparam(f"v_{k}") for k in (*keys, "clock")}, **fixed})
        )
        session.execute(statement, params)


def _processed(
    values: list[Any], processor: Callable[[Any], Any] | None, unhashable: bool
) -> list[Any]:
    """A column's values through its bind processor, each distinct date or flag once."""
    if processor is None:
        return values
    if unhashable:
        return [processor(v) for v in values]
    done: dict[Any, Any] = {}
    return [done[v] if v in done else done.setdefault(v, processor(v)) for v in values]


def _write(session: Session, plan: _Plan, now: datetime) -> None:
    """Insert the new rows in bulk (parents before children), then apply the changes."""
    for name, model in _MODELS.items():
        _insert(session, model.__table__, _uniform(model.__table__, plan.inserts[name]), now)
    for name, model in _MODELS.items():
        _update(session, model.__table__, plan.changes[name], now)


def _uniform(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with every column (missing ones at the column's default): one executemany."""
    missing = {column.key: _default(table, column.key) for column in table.columns}
    return [{**missing, **row} for row in rows]


def _default(table: Table, key: str) -> Any:
    """The scalar default of a column, [] for a JSON list, else None."""
    column = table.c[key]
    if isinstance(column.type, JSON):
        return []
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _undo_record(plan: _Plan) -> dict[str, Any]:
    """What undo needs: the ids inserted and the old values of the changed fields."""
    return {
        "inserted": {name: [row["id"] for row in rows] for name, rows in plan.inserts.items()},
        "changed": {
            name: {
                row_id: {k: _jsonable(v) for k, v in old.items()} for row_id, old in rows.items()
            }
            for name, rows in plan.old.items()
        },
    }


# --- the service --------------------------------------------------------------------------


class RosterImportService:
    """Imports roster files into this school's records, and takes imports back."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now
        # The file last read and checked: run() after preview() of the same unchanged file
        # plans from it instead of reading and checking every row again.
        self._last: tuple[tuple[Any, ...], _Read] | None = None

    def preview(self, actor: Actor, path: Path, progress: Progress | None = None) -> ImportReport:
        """What :meth:`run` would do with ``path``; reads and validates, writes nothing."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        with _no_gc():
            return self._preview(Path(path), progress)

    def _preview(self, path: Path, progress: Progress | None) -> ImportReport:
        read = self._read(path, progress)
        with self._db.session_factory() as session:
            try:
                plan = _Planner(session, _school_id(session)).add_all(read.rows)
            finally:
                session.rollback()
        return _report(plan, read)

    def run(self, actor: Actor, path: Path, progress: Progress | None = None) -> ImportReport:
        """Import ``path``: a backup first, then every change in one transaction.

        Raises :class:`ImportCancelled` (nothing written) if ``progress`` raised it.
        """
        enforce(self._db, actor, EDIT_CHILD, self._now)
        with _no_gc():
            return self._run(actor, Path(path), progress)

    def _run(self, actor: Actor, path: Path, progress: Progress | None) -> ImportReport:
        read = self._read(path, progress)
        self._last = None  # imported: the rows need not be kept any longer
        now = self._now()
        data_dir = self._db.data_dir
        backup_database(data_dir.database, data_dir.backups, BACKUP_REASON, now)
        with self._db.session_scope(actor.username) as session:
            plan = _Planner(session, _school_id(session)).add_all(read.rows)
            report = _report(plan, read)
            _write(session, plan, now)
            batch = ImportBatch(
                created_at=now,
                actor=actor.username,
                file_name=path.name[:200],
                counts=report.counts(),
                undo=_undo_record(plan),
                clock=session.scalar(select(Installation.hlc)) or 0,
            )
            session.add(batch)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_ACTION,
                now=now,
                object_type="file",
                object_id=path.name[:64],
                detail={"file": path.name, "batch_id": batch.id, **report.counts()},
            )
            return replace(report, batch_id=batch.id)

    def history(self, actor: Actor) -> list[ImportBatchView]:
        """The committed imports, newest first, each saying whether it can be undone."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        with self._db.session_factory() as session:
            views = []
            for batch in session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())):
                error = _why_not(session, batch)
                views.append(
                    ImportBatchView(
                        id=batch.id,
                        created_at=batch.created_at,
                        actor=batch.actor,
                        file_name=batch.file_name,
                        counts=dict(batch.counts),
                        undone_at=batch.undone_at,
                        can_undo=error is None,
                        why_not=str(error) if error else "",
                        why_not_error=error,
                    )
                )
            return views

    def undo(self, actor: Actor, batch_id: int) -> None:
        """Take an import back: a backup, then one transaction (see :func:`_undo`).

        Raises UserError if the import was undone already or a row it touched was
        changed since.
        """
        enforce(self._db, actor, EDIT_CHILD, self._now)
        with self._db.session_factory() as session:
            _check_undo(session, session.get(ImportBatch, batch_id))
        now = self._now()
        data_dir = self._db.data_dir
        backup_database(data_dir.database, data_dir.backups, UNDO_BACKUP_REASON, now)
        with self._db.session_scope(actor.username) as session:
            batch = session.get(ImportBatch, batch_id)
            _check_undo(session, batch)
            assert batch is not None
            detail = _undo(session, batch, now)
            batch.undone_at = now
            batch.undone_by = actor.username
            audit.append(
                session,
                actor=actor.username,
                action=UNDO_AUDIT_ACTION,
                now=now,
                object_type="import_batch",
                object_id=str(batch.id),
                detail={"file": batch.file_name, "batch_id": batch.id, **detail},
            )

    def _read(self, path: Path, progress: Progress | None) -> _Read:
        """Every problem, the valid rows and the rejected ones, calling ``progress``."""
        today = self._now().date()
        key = _file_key(path, today)
        if self._last is not None and key is not None and self._last[0] == key:
            read = self._last[1]
            total = len(read.rows) + len(read.rejected)
            if progress is not None:
                progress(total, total)
            return read
        self._last = None
        roster = read_roster(path)
        read = _Read(columns={sheet.name: sheet.columns for sheet in roster.sheets})
        total = sum(len(sheet.rows) for sheet in roster.sheets)
        done = 0
        if progress is not None:
            progress(0, total)
        for sheet in roster.sheets:
            reader = RowReader(sheet, today, read.problems, read.rejected)
            for raw in sheet.rows:
                row = reader.read(raw)
                if row is not None:
                    read.rows.append(row)
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total)
        if progress is not None:
            progress(total, total)
        if key is not None:
            self._last = (key, read)
        return read


@contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection while an import builds its 100,000s of small objects
    (it runs again afterwards): its full passes over them cost a third of a 5,000-row
    import."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _file_key(path: Path, today: date) -> tuple[Any, ...] | None:
    """What says a file is unchanged since it was read (None if it cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns, today)


@dataclass
class _Read:
    """What reading and checking a file gave."""

    columns: dict[str, tuple[RosterColumn, ...]]
    problems: list[ImportProblem] = field(default_factory=list)
    rows: list[ValidRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


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


def _report(plan: _Plan, read: _Read) -> ImportReport:
    problems = sorted([*read.problems, *plan.problems], key=lambda p: (p.sheet, p.row))
    return ImportReport(
        imported=len(plan.inserts["child"]),
        updated=plan.updated,
        unchanged=plan.unchanged,
        duplicates=plan.duplicates,
        rejected=len(read.rejected),
        warnings=sum(1 for p in problems if p.severity == WARNING),
        errors=tuple(problems),
        rejected_rows=tuple(read.rejected),
        columns=read.columns,
    )


# --- undo -------------------------------------------------------------------------------


def _touched(batch: ImportBatch) -> dict[str, list[str]]:
    """table -> the ids of the rows the import inserted or changed."""
    inserted = batch.undo.get("inserted", {})
    changed = batch.undo.get("changed", {})
    return {
        name: [*inserted.get(name, []), *changed.get(name, {})]
        for name in _MODELS
        if inserted.get(name) or changed.get(name)
    }


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _why_not(session: Session, batch: ImportBatch) -> UserError | None:
    """Why ``batch`` cannot be undone, or None if it can."""
    if batch.undone_at is not None:
        return UserError(QT_TRANSLATE_NOOP("UserError", "This import was already undone."))
    for name, ids in _touched(batch).items():
        table = _MODELS[name].__table__
        for chunk in _chunks(ids):
            later = session.scalar(
                select(table.c.id).where(table.c.id.in_(chunk), table.c.clock > batch.clock)
            )
            if later is not None:
                return UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This import can no longer be undone: some of the children or "
                        "families it added or changed were edited after it. Correct those "
                        "records by hand instead.",
                    )
                )
    return None


def _check_undo(session: Session, batch: ImportBatch | None) -> None:
    if batch is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "This import is not in the import history any more. Close the window and "
                "open the history again.",
            )
        )
    error = _why_not(session, batch)
    if error is not None:
        raise error


def _live_parents(session: Session, column: Any, ids: list[str]) -> set[str]:
    """Which of ``ids`` (class or family ids) still have a live child."""
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(
            session.scalars(
                select(column).where(column.in_(chunk), Child.deleted.is_(False)).distinct()
            )
        )
    return found


def _undo(session: Session, batch: ImportBatch, now: datetime) -> dict[str, int]:
    """Restore the changed fields, then tombstone what the import inserted."""
    inserted: dict[str, list[str]] = batch.undo.get("inserted", {})
    changed: dict[str, dict[str, dict[str, Any]]] = batch.undo.get("changed", {})
    for name, model in _MODELS.items():
        table = model.__table__
        rows = {
            row_id: {k: _from_json(table, k, v) for k, v in old.items()}
            for row_id, old in changed.get(name, {}).items()
        }
        _update(session, table, rows, now)
    children = inserted.get("child", [])
    _tombstone(session, Child.__table__, children, now)
    classes = inserted.get("school_class", [])
    kept_classes = _live_parents(session, Child.class_id, classes)
    _tombstone(session, SchoolClass.__table__, [c for c in classes if c not in kept_classes], now)
    families = inserted.get("family", [])
    kept = _live_parents(session, Child.family_id, families)
    _tombstone(session, Family.__table__, [f for f in families if f not in kept], now)
    guardians = inserted.get("guardian", [])
    if kept:  # a later import linked a sibling to a family this one made: its people stay
        stay: set[str] = set()
        for chunk in _chunks(guardians):
            stay.update(
                session.scalars(
                    select(Guardian.id).where(
                        Guardian.id.in_(chunk), Guardian.family_id.in_(sorted(kept))
                    )
                )
            )
        guardians = [g for g in guardians if g not in stay]
    _tombstone(session, Guardian.__table__, guardians, now)
    return {"removed": len(children), "restored": sum(len(r) for r in changed.values())}


def _tombstone(session: Session, table: Table, ids: list[str], now: datetime) -> None:
    _update(session, table, {row_id: {"deleted": True} for row_id in ids}, now)


def _from_json(table: Table, key: str, value: Any) -> Any:
    """An old value as stored in ImportBatch.undo, back in the column's type."""
    if isinstance(value, str) and isinstance(table.c[key].type, Date):
        return date.fromisoformat(value)
    return value
