"""Which records are one: natural keys, the references between synced tables, and the
index of local rows by natural key that a merge matches unknown ids against (rule 1 of
:mod:`~liushou_desktop.sync.merge`)."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.field_clocks import META_COLUMNS, TRACKED
from liushou_desktop.db.models import SYNCED_MODELS, Base
from liushou_desktop.sync.canonical import quoted, synced_columns

Row = tuple[Any, ...]

# Unique keys of a record besides its id (see rule 1); the child's are special.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "school": ("code",),
    "school_class": ("school_id", "name"),
    "school_term": ("school_id", "name"),
    "calendar_day": ("school_id", "day"),
    "activity_attendance": ("activity_id", "child_id"),
    "child": ("id_number", "student_number"),
}
# Id columns without a foreign key that hold ids of another table.
EXTRA_REFERENCES = (("child", "study_buddy_id", "child"),)


def foreign_keys() -> list[tuple[str, str, str]]:
    """(table, column, referenced table) of every foreign key of the schema."""
    return [
        (table.name, column.name, fk.column.table.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        for fk in column.foreign_keys
    ]


class Keys:
    """Natural keys of one table's local rows, for matching unknown ids (rule 1): of the
    rows whose key could match one of ``wanted`` (the incoming rows' keys, ids mapped
    through the aliases), plus every row noted since."""

    def __init__(
        self,
        db: sqlite3.Connection,
        table: str,
        columns: Sequence[str],
        wanted: Sequence[Row],
    ) -> None:
        self.table = table
        self.names = NATURAL_KEYS[table]
        self.index = [columns.index(n) for n in self.names]
        self.by_id: dict[str, tuple[Any, ...]] = {}
        self.rows: list[dict[Any, set[str]]] = [{} for _ in self.names]
        self.joint: dict[tuple[Any, ...], set[str]] = {}
        names = ", ".join(quoted(n) for n in self.names)
        # A child matches by either key; the others by all of theirs (the first suffices
        # to load the candidates).
        parts = range(len(self.names)) if table == "child" else range(1)
        for part in parts:
            values = sorted({key[part] for key in wanted if key[part] is not None}, key=str)
            column = quoted(self.names[part])
            for piece in chunks(values):
                marks = ", ".join("?" * len(piece))
                for row_id, *key in db.execute(
                    f"SELECT id, {names} FROM {quoted(table)} WHERE {column} IN ({marks})", piece
                ):
                    self.note(row_id, tuple(key))

    def key_of(self, row: Row) -> tuple[Any, ...]:
        return tuple(row[i] for i in self.index)

    def note(self, row_id: str, key: tuple[Any, ...]) -> None:
        self.forget(row_id)
        self.by_id[row_id] = key
        if self.table == "child":
            for part, value in zip(self.rows, key, strict=True):
                if value:
                    part.setdefault(value, set()).add(row_id)
        elif None not in key:
            self.joint.setdefault(key, set()).add(row_id)

    def forget(self, row_id: str) -> None:
        key = self.by_id.pop(row_id, None)
        if key is None:
            return
        for ids in [*(p.get(v, set()) for p, v in zip(self.rows, key, strict=True))]:
            ids.discard(row_id)
        self.joint.get(key, set()).discard(row_id)

    def match(self, row: Row) -> tuple[str, str] | None:
        """The smallest other local id with the same natural key, and the key's name."""
        row_id, key = row[0], self.key_of(row)
        if self.table != "child":
            found = self.joint.get(key, set()) - {row_id} if None not in key else set()
            return (min(found), self.names[0]) if found else None
        id_number, student_number = key
        found = self.rows[0].get(id_number, set()) - {row_id} if id_number else set()
        if found:
            return min(found), "id_number"
        if student_number:
            found = {
                other
                for other in self.rows[1].get(student_number, set())
                if other != row_id
                and not (id_number and self.by_id[other][0] and self.by_id[other][0] != id_number)
            }
            if found:
                return min(found), "student_number"
        return None


@dataclass
class TableInfo:
    name: str
    columns: tuple[str, ...]
    fields: tuple[str, ...]  # merged field by field (tracked tables), else ()
    mapped: list[tuple[int, str]]  # (column index, table its ids belong to)
    checked: list[tuple[int, str]]  # foreign keys: the parent must exist
    json_columns: frozenset[str]
    binary_columns: frozenset[str]

    @property
    def tracked(self) -> bool:
        return bool(self.fields)


def table_infos() -> dict[str, TableInfo]:
    """What a merge needs to know of each synced table, in merge order (made once: it
    follows from the models alone)."""
    return dict(_table_infos())


@functools.cache
def _table_infos() -> dict[str, TableInfo]:
    fks = foreign_keys()
    tables = {}
    for model in SYNCED_MODELS:
        name = model.__tablename__  # type: ignore[attr-defined]
        columns = synced_columns()[name]
        sa_columns = model.__table__.columns  # type: ignore[attr-defined]
        checked = [(columns.index(c), target) for t, c, target in fks if t == name]
        extra = [(columns.index(c), target) for t, c, target in EXTRA_REFERENCES if t == name]
        tables[name] = TableInfo(
            name=name,
            columns=columns,
            fields=tuple(c for c in columns if c not in META_COLUMNS) if name in TRACKED else (),
            mapped=checked + extra,
            checked=checked,
            json_columns=frozenset(c.name for c in sa_columns if isinstance(c.type, JSON)),
            binary_columns=frozenset(
                c.name
                for c in sa_columns
                if c.type.python_type is bytes  # type: ignore[misc]
            ),
        )
    return tables


def rewrite_references(db: sqlite3.Connection, target: str, gone: str, survivor: str) -> None:
    """Point every reference to ``gone`` at ``survivor``, keeping field clocks."""
    references = [(t, c) for t, c, to in (*foreign_keys(), *EXTRA_REFERENCES) if to == target]
    for table, column in references:
        t, c = quoted(table), quoted(column)
        if table not in TRACKED:
            db.execute(f"UPDATE {t} SET {c} = ? WHERE {c} = ?", (survivor, gone))
            continue
        ids = [r[0] for r in db.execute(f"SELECT id FROM {t} WHERE {c} = ?", (gone,))]
        for part in chunks(ids):
            marks = ", ".join("?" * len(part))
            where = f"table_name = ? AND field = ? AND row_id IN ({marks})"
            saved = db.execute(
                f"SELECT table_name, row_id, field, clock, origin FROM field_clock WHERE {where}",
                (table, column, *part),
            ).fetchall()
            db.execute(f"UPDATE {t} SET {c} = ? WHERE id IN ({marks})", (survivor, *part))
            db.execute(f"DELETE FROM field_clock WHERE {where}", (table, column, *part))
            db.executemany("INSERT INTO field_clock VALUES (?, ?, ?, ?, ?)", saved)
