"""A payload's new rows copied by SQLite (rule 2 of :mod:`~liushou_desktop.sync.merge`):
the rows of a table that are new here, by id and by natural key, and whose parents are
here go from the inbox (:mod:`~liushou_desktop.sync.inbox`) into the database in one
``INSERT ... SELECT``, with their field clocks; the merge takes the others row by row.

Which rows are new is tested once, before anything is inserted, with per-row SQL
conditions; a condition that a look at the whole payload shows every row meets is left
out (a school's first bundle then has only its rows' parents looked up).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from liushou_desktop.sync.aliases import NATURAL_KEYS, TableInfo
from liushou_desktop.sync.canonical import FIELD_CLOCK_COLUMNS, quoted


@dataclass(frozen=True)
class CopiedRows:
    """Rows copied (``new`` of them live, ``deleted`` tombstones) and the ids of the
    payload's other rows, ``rest``, for the row-by-row merge."""

    new: int
    deleted: int
    rest: list[str]


def copy_new_rows(db: sqlite3.Connection, inbox: str, table: TableInfo) -> CopiedRows:
    """Insert the rows of ``table`` in the payload attached as ``inbox`` (ids needing no
    mapping through an alias) that are new here and whose parents are here, with their
    field clocks. (A payload holds no two rows with one natural key, its sender's
    database having the same unique constraints, except children: a child whose ID
    number or 学籍号 another child has, here or in the payload, is left to the row-by-row
    merge, where :class:`~liushou_desktop.sync.aliases.Keys` decides.)"""
    t = quoted(table.name)
    tests = new_row_tests(db, inbox, table)
    query = f"SELECT p.id FROM {inbox}.{t} p WHERE NOT ({' AND '.join(tests)})"
    rest = [row[0] for row in db.execute(query)] if tests else []
    # The payload's other rows are new: the copies test ids only (nothing when all are).
    copied = "p.id NOT IN (SELECT value FROM json_each(?))" if rest else "?"
    params = (json.dumps(rest) if rest else 1,)
    if table.tracked:
        columns = ", ".join(FIELD_CLOCK_COLUMNS)
        fc_columns = ", ".join(f"fc.{c}" for c in FIELD_CLOCK_COLUMNS)
        db.execute(
            f"INSERT OR REPLACE INTO main.field_clock ({columns}) SELECT {fc_columns} "
            f"FROM {inbox}.field_clock fc JOIN {inbox}.{t} p ON p.id = fc.row_id "
            f"WHERE fc.table_name = ? AND {copied}",
            (table.name, *params),
        )
    names = ", ".join(quoted(c) for c in table.columns)
    values = ", ".join(f"p.{quoted(c)}" for c in table.columns)
    inserted = db.execute(
        f"INSERT INTO main.{t} ({names}) SELECT {values} FROM {inbox}.{t} p WHERE {copied}",
        params,
    ).rowcount
    deleted = db.execute(
        f"SELECT count(*) FROM {inbox}.{t} p WHERE p.deleted != 0 AND {copied}", params
    ).fetchone()[0]
    return CopiedRows(inserted - deleted, deleted, rest)


def new_row_tests(db: sqlite3.Connection, inbox: str, table: TableInfo) -> list[str]:
    """The SQL conditions a payload row ``p`` of ``table`` must meet to be copied,
    without those a look at the whole payload shows every row meets: its id is not
    here, nor its natural key, and its parents are."""
    t = quoted(table.name)
    tests = []
    # Ids made at one installation share their first digits (models.new_uuids): when
    # no row here lies between the payload's least and greatest id, none is here.
    ids = f"(SELECT min(id) FROM {inbox}.{t}) AND (SELECT max(id) FROM {inbox}.{t})"
    if _finds(db, f"SELECT 1 FROM main.{t} WHERE id BETWEEN {ids}"):
        tests.append(f"NOT EXISTS (SELECT 1 FROM main.{t} m WHERE m.id = p.id)")
    if table.name == "child":
        for name in NATURAL_KEYS["child"]:
            c = quoted(name)
            sent = f"SELECT {c} FROM {inbox}.{t} WHERE {c} != ''"
            here = f"SELECT 1 FROM main.{t} WHERE {c} IN ({sent})"
            if _finds(db, f"{here} UNION ALL {sent} GROUP BY {c} HAVING count(*) > 1"):
                tests.append(_unshared_key(inbox, t, c))
    elif table.name in NATURAL_KEYS:  # a NULL part matches nothing, as in Keys.match
        names = [quoted(n) for n in NATURAL_KEYS[table.name]]
        first = f"SELECT {names[0]} FROM {inbox}.{t}"
        if _finds(db, f"SELECT 1 FROM main.{t} WHERE {names[0]} IN ({first})"):
            same = " AND ".join(f"m.{n} = p.{n}" for n in names)
            tests.append(f"NOT EXISTS (SELECT 1 FROM main.{t} m WHERE {same})")
    for index, target in table.checked:
        c = quoted(table.columns[index])
        parent = f"SELECT 1 FROM main.{quoted(target)} r WHERE r.id = p.{c}"
        tests.append(f"(p.{c} IS NULL OR EXISTS ({parent}))")
    return tests


def _finds(db: sqlite3.Connection, query: str) -> bool:
    """Whether ``query`` finds a row."""
    return bool(db.execute(f"SELECT EXISTS ({query})").fetchone()[0])


def _unshared_key(inbox: str, t: str, c: str) -> str:
    """SQL true for a payload row ``p`` of table ``t`` whose key ``c`` is empty or no
    other child's, here or in the payload; never NULL (the sets hold no NULL, and a
    NULL key makes the first part true)."""
    # Sets built once per statement (the 学籍号 has no index to look up row by row).
    here = f"SELECT {c} FROM main.{t} WHERE {c} != ''"
    twice = f"SELECT {c} FROM {inbox}.{t} WHERE {c} != '' GROUP BY {c} HAVING count(*) > 1"
    return f"(coalesce(p.{c}, '') = '' OR NOT (p.{c} IN ({here}) OR p.{c} IN ({twice})))"
