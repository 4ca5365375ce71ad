"""Merging a received payload into this database, the same whatever the order bundles
arrive in and however often one repeats.

The rules, which make a merge a join (commutative, associative, idempotent) over the
versions of each record:

1. **Matching.** A row is matched by id, after mapping it through the row aliases
   (:class:`~liushou_desktop.db.models.RowAlias`); foreign-key columns (and the child's
   ``study_buddy_id``) are mapped too. A row with an unknown id that has the same natural
   key as a local row is the same record: a child by ID number, or else by 学籍号 when
   both are filled in and the ID numbers do not differ (a transfer between two schools);
   a school by its code; a class or term by (school, name); a calendar day by (school,
   day); an attendance by (activity, child). The two ids become one: **the smaller id
   survives** (text order of the UUIDs), the other is recorded as its alias, the local
   row is renamed to the survivor or merged into it, and every reference to the alias
   (foreign keys, ``study_buddy_id``) is rewritten. Aliases the sender knows travel in
   the payload and are applied first, by the same rule. Aliases of one record are
   always stored pointing at the survivor.
2. **New rows** are inserted as they came (clock, origin, changed_by kept), with their
   per-field clocks. Unless a table's ids need mapping, SQLite copies its new rows whose
   parents are here (and, for a child, whose ID number and 学籍号 no other child has)
   from the payload attached to the connection (:mod:`~liushou_desktop.sync.inbox`,
   :mod:`~liushou_desktop.sync.new_rows`); the others are merged row by row.
3. **Child, family and guardian rows merge field by field.** A field's version is
   (clock, origin, value): its :class:`~liushou_desktop.db.models.FieldClock` if it has
   one, else the row's creation, ``(physical_clock(created_at), "")`` — the exact
   creation clock is lost once a field is edited, but ``created_at`` never changes and
   its wall-clock value is at most the creation clock, so an edit always orders after
   it. The greater version wins (clock, then origin, then the value itself: a
   deterministic tie-break). The merged row's ``created_at`` is the earlier of the
   two; its clock, origin, changed_by and updated_at are those of the newer of the two
   rows' stamps (at least its newest field's clock). Afterwards the row's field clocks
   are exactly the winning versions, except those equal to the merged row's creation
   version (which it stands for).
4. **Other tables merge per row**: the row with the greater (clock, origin, changed_by,
   updated_at, values) wins whole.
5. **Deletions** are tombstones: ``deleted`` is a field like any other and wins by
   clock.
6. **Conflicts.** When a field was changed on both sides (both versions have a field
   clock) by different installations and the values differ, the winner stays and the
   loser is written to :class:`~liushou_desktop.db.models.MergeConflict` (once per lost
   version: a repeated bundle adds none). The winner is the same everywhere; the list
   is kept where the merge happened.
7. **Parents first.** Tables are merged in :data:`~liushou_desktop.db.models.SYNCED_MODELS`
   order. A row whose parent is neither here nor in the payload (a partial payload) is
   left out and listed in :attr:`MergeReport.problems`.
8. The highest clock received is folded into this installation's clock
   (:func:`~liushou_desktop.db.sync_meta.observe`), so later local edits order after it.

Everything happens in the caller's session and transaction; nothing is committed here
(a dry run is the caller rolling back). Known limits: a natural key edited on one side
before the match is seen can make the match depend on the order of arrival; ids inside
JSON lists (an activity's chosen children) are not rewritten by a merge of two ids.
"""

from __future__ import annotations

import base64
import functools
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from liushou_desktop.db import sync_meta
from liushou_desktop.db.chunks import chunks
from liushou_desktop.sync.aliases import (
    NATURAL_KEYS,
    Keys,
    Row,
    TableInfo,
    rewrite_references,
    table_infos,
)
from liushou_desktop.sync.canonical import (
    driver_connection,
    quoted,
    synced_columns,
)
from liushou_desktop.sync.inbox import payload_inbox
from liushou_desktop.sync.new_rows import copy_new_rows
from liushou_desktop.sync.payload import PayloadReader

Version = tuple[int, str]
FieldClocks = dict[str, Version]
CHUNK = 5000  # payload rows read at a time


@dataclass(frozen=True)
class TableCounts:
    """What a merge did to one table: rows inserted, rows with at least one field taken
    from the bundle, rows with a conflict, rows that became deleted (tombstones)."""

    new: int
    changed: int
    conflicting: int
    deleted: int


@dataclass(frozen=True)
class MissingParent:
    """A row left out: its ``column`` refers to a ``parent_table`` row that is neither in
    this database nor in the bundle."""

    table: str
    row_id: str
    column: str
    parent_table: str
    parent_id: str

    def describe(self) -> str:
        return (
            f"A {self.table} record ({self.row_id}) was left out: the {self.parent_table} "
            f"record it belongs to ({self.parent_id}) is not in this database or the bundle."
        )


@dataclass(frozen=True)
class MergeReport:
    """Counts per synced table, the number of conflicts listed, whether the merge changed
    nothing (an old or repeated bundle), and the rows left out."""

    tables: dict[str, TableCounts]
    conflicts: int
    unchanged: bool
    problems: tuple[MissingParent, ...] = ()


@dataclass
class _Counts:
    new: int = 0
    changed: int = 0
    conflicting: int = 0
    deleted: int = 0


def _vkey(value: Any) -> tuple[int, Any]:
    """A sort key for any stored value (None < numbers < text < bytes)."""
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, bytes(value))


@functools.lru_cache(maxsize=65536)
def creation_clock(created_at: str) -> int:
    """The clock a field never edited stands at: ``created_at``'s wall-clock value."""
    return sync_meta.physical_clock(datetime.fromisoformat(created_at))


def db_time(moment: datetime) -> str:
    """A naive UTC time as the database stores it."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class _Merger:
    db: sqlite3.Connection
    reader: PayloadReader
    inbox: str  # the schema where the payload is attached to ``db``
    bundle_id: str
    seen_at: str
    tables: dict[str, TableInfo] = field(default_factory=table_infos)
    alias: dict[str, dict[str, str]] = field(default_factory=dict)
    members: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    known: dict[str, set[str]] = field(default_factory=dict)
    keys: dict[str, Keys] = field(default_factory=dict)
    counts: dict[str, _Counts] = field(default_factory=dict)
    problems: list[MissingParent] = field(default_factory=list)
    conflicts: int = 0
    touched: bool = False

    def run(self) -> None:
        for table, alias_id, row_id in self.db.execute(
            "SELECT table_name, alias_id, row_id FROM row_alias"
        ).fetchall():
            self.alias.setdefault(table, {})[alias_id] = row_id
            self.members.setdefault(table, {}).setdefault(row_id, set()).add(alias_id)
        for name in self.tables:
            self.counts[name] = _Counts()
            self.known[name] = set()
        for table, alias_id, row_id, matched_by in self.reader.aliases():
            if table in self.tables and alias_id != row_id:
                self.union(table, alias_id, row_id, matched_by)
        for table in self.tables.values():
            self.merge_table(table)

    # --- a table -------------------------------------------------------------------

    def merge_table(self, table: TableInfo) -> None:
        rest = None
        if not self.aliased(table):
            copied = copy_new_rows(self.db, self.inbox, table)
            counts = self.counts[table.name]
            counts.new += copied.new
            counts.deleted += copied.deleted
            rest = copied.rest
            if not rest:
                return
        if table.name in NATURAL_KEYS:
            wanted = self.wanted_keys(table)
            self.keys[table.name] = Keys(self.db, table.name, table.columns, wanted)
        incoming_clocks = self.reader.field_clocks(table.name) if table.tracked else {}
        for chunk in self.reader.rows(table.name, CHUNK, only=rest):
            mapping = self.aliased(table)  # checked again after every match below
            if mapping:
                rows = [(r[0], self.map_row(table, r)) for r in chunk]
            else:
                rows = [(r[0], r) for r in chunk]
            rows = self.check_parents(table, rows)
            existing = self.fetch(table, [row[0] for _, row in rows])
            ours_clocks = self.fetch_clocks(table, list(existing)) if table.tracked else {}
            pending: dict[str, Row] = {}
            pending_clocks: dict[str, FieldClocks] = {}
            for original_id, incoming in rows:
                theirs = incoming_clocks.get(original_id, {})
                # aliases made by earlier rows
                row = self.map_row(table, incoming) if mapping else incoming
                row_id = row[0]
                if row_id not in existing and table.name in self.keys:
                    found = self.keys[table.name].match(row)
                    if found is not None:
                        if found[0] in pending or row_id in pending:
                            self.flush(table, pending, pending_clocks)
                        row_id = self.union(table.name, row_id, found[0], found[1])
                        mapping = True
                        row = (row_id, *row[1:])
                        for stale in (row_id, found[0]):
                            existing.pop(stale, None)
                            ours_clocks.pop(stale, None)
                        if self.exists(table.name, row_id):
                            existing.update(self.fetch(table, [row_id]))
                            ours_clocks.update(self.fetch_clocks(table, [row_id]))
                if row_id in pending:
                    existing.update(pending)
                    ours_clocks.update(pending_clocks)
                    self.flush(table, pending, pending_clocks)
                if row_id in existing:
                    merged = self.merge_row(
                        table, existing[row_id], row, ours_clocks.get(row_id, {}), theirs
                    )
                    if merged is not None:
                        existing[row_id], ours_clocks[row_id] = merged
                else:
                    pending[row_id] = row
                    pending_clocks[row_id] = theirs
                    if table.name in self.keys:
                        self.keys[table.name].note(row_id, self.keys[table.name].key_of(row))
            self.flush(table, pending, pending_clocks)

    def wanted_keys(self, table: TableInfo) -> list[Row]:
        """The natural keys of the payload's rows of ``table``, as sent and with their ids
        mapped through the aliases known now."""
        names = NATURAL_KEYS[table.name]
        targets = {table.columns[i]: target for i, target in table.mapped}
        wanted = []
        for key in self.reader.key_values(table.name, names):
            wanted.append(key)
            mapped = tuple(
                self.alias.get(targets[n], {}).get(v, v) if n in targets else v
                for n, v in zip(names, key, strict=True)
            )
            if mapped != key:
                wanted.append(mapped)
        return wanted

    def aliased(self, table: TableInfo) -> bool:
        """Whether any id of ``table``'s rows may need mapping through an alias."""
        alias = self.alias
        return bool(alias.get(table.name)) or any(alias.get(t) for _, t in table.mapped)

    def map_row(self, table: TableInfo, row: Row) -> Row:
        own = self.alias.get(table.name)
        values = list(row)
        if own:
            values[0] = own.get(values[0], values[0])
        for index, target in table.mapped:
            aliases = self.alias.get(target)
            if aliases and values[index] is not None:
                values[index] = aliases.get(values[index], values[index])
        return tuple(values)

    def check_parents(self, table: TableInfo, rows: list[tuple[str, Row]]) -> list[tuple[str, Row]]:
        for index, target in table.checked:
            wanted = {row[index] for _, row in rows} - self.known[target] - {None}
            for part in chunks(sorted(wanted)):
                marks = ", ".join("?" * len(part))
                found = self.db.execute(
                    f"SELECT id FROM {quoted(target)} WHERE id IN ({marks})", part
                )
                self.known[target].update(r[0] for r in found)
        gaps = [
            (index, target)
            for index, target in table.checked
            if not self.known[target].issuperset(
                row[index] for _, row in rows if row[index] is not None
            )
        ]
        if not gaps:
            return rows
        kept = []
        for original_id, row in rows:
            missing = next(
                (
                    (table.columns[i], target, row[i])
                    for i, target in gaps
                    if row[i] is not None and row[i] not in self.known[target]
                ),
                None,
            )
            if missing is None:
                kept.append((original_id, row))
            else:
                self.problems.append(MissingParent(table.name, original_id, *missing))
        return kept

    def fetch(self, table: TableInfo, ids: Sequence[str]) -> dict[str, Row]:
        names = ", ".join(quoted(c) for c in table.columns)
        found: dict[str, Row] = {}
        for part in chunks(list(ids)):
            marks = ", ".join("?" * len(part))
            for row in self.db.execute(
                f"SELECT {names} FROM {quoted(table.name)} WHERE id IN ({marks})", part
            ):
                found[row[0]] = tuple(row)
        return found

    def fetch_clocks(self, table: TableInfo, ids: Sequence[str]) -> dict[str, FieldClocks]:
        clocks: dict[str, FieldClocks] = {}
        for part in chunks(list(ids)):
            marks = ", ".join("?" * len(part))
            for row_id, name, clock, origin in self.db.execute(
                "SELECT row_id, field, clock, origin FROM field_clock "
                f"WHERE table_name = ? AND row_id IN ({marks})",
                (table.name, *part),
            ):
                clocks.setdefault(row_id, {})[name] = (clock, origin)
        return clocks

    def exists(self, table: str, row_id: str) -> bool:
        query = f"SELECT 1 FROM {quoted(table)} WHERE id = ?"
        return self.db.execute(query, (row_id,)).fetchone() is not None

    def flush(
        self, table: TableInfo, pending: dict[str, Row], clocks: dict[str, FieldClocks]
    ) -> None:
        if not pending:
            return
        names = ", ".join(quoted(c) for c in table.columns)
        marks = ", ".join("?" * len(table.columns))
        rows = list(pending.values())
        self.db.executemany(f"INSERT INTO {quoted(table.name)} ({names}) VALUES ({marks})", rows)
        self.write_clocks(table.name, clocks)
        deleted_at = table.columns.index("deleted")
        counts = self.counts[table.name]
        for row in rows:
            if row[deleted_at]:
                counts.deleted += 1
            else:
                counts.new += 1
        self.known[table.name].update(pending)
        pending.clear()
        clocks.clear()

    def write_clocks(self, table: str, clocks: dict[str, FieldClocks]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO field_clock (table_name, row_id, field, clock, origin) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (table, row_id, name, clock, origin)
                for row_id, fields in clocks.items()
                for name, (clock, origin) in fields.items()
            ],
        )

    # --- a row ---------------------------------------------------------------------

    def merge_row(
        self,
        table: TableInfo,
        ours: Row,
        theirs: Row,
        our_clocks: FieldClocks,
        their_clocks: FieldClocks,
    ) -> tuple[Row, FieldClocks] | None:
        """Merge ``theirs`` into the local row ``ours``; the new row and field clocks, or
        None when nothing changed."""
        if ours == theirs and our_clocks == their_clocks:
            return None
        col = {name: i for i, name in enumerate(table.columns)}
        stamp = ("clock", "origin", "changed_by", "updated_at")
        our_stamp = [_vkey(ours[col[c]]) for c in stamp]
        their_stamp = [_vkey(theirs[col[c]]) for c in stamp]
        if not table.tracked:
            if (their_stamp, [_vkey(v) for v in theirs]) <= (our_stamp, [_vkey(v) for v in ours]):
                return None
            self.update(table, theirs)
            self.count_change(table, ours, theirs, conflicting=False)
            return theirs, {}
        merged = list(ours)
        created = min(ours[col["created_at"]], theirs[col["created_at"]])
        ours_base: Version = (creation_clock(ours[col["created_at"]]), "")
        theirs_base: Version = (creation_clock(theirs[col["created_at"]]), "")
        base: Version = (creation_clock(created), "")
        clocks: FieldClocks = {}
        conflicting = False
        for name in table.fields:
            i = col[name]
            ov, tv = our_clocks.get(name, ours_base), their_clocks.get(name, theirs_base)
            they_win = (tv, _vkey(theirs[i])) > (ov, _vkey(ours[i]))
            winner, loser = (
                ((tv, theirs[i]), (ov, ours[i])) if they_win else ((ov, ours[i]), (tv, theirs[i]))
            )
            if they_win:
                merged[i] = theirs[i]
            if winner[0] != base:
                clocks[name] = winner[0]
            if (
                name in our_clocks
                and name in their_clocks
                and ov[1]
                and tv[1]
                and ov[1] != tv[1]
                and ours[i] != theirs[i]
            ):
                conflicting |= self.conflict(table, ours[0], name, winner, loser)
        if their_stamp > our_stamp:
            for c in stamp:
                merged[col[c]] = theirs[col[c]]
        merged[col["created_at"]] = created
        result = tuple(merged)
        if result == ours and clocks == our_clocks:
            if conflicting:
                self.counts[table.name].conflicting += 1
            return None
        self.update(table, result)
        self.db.execute(
            "DELETE FROM field_clock WHERE table_name = ? AND row_id = ?", (table.name, ours[0])
        )
        self.write_clocks(table.name, {ours[0]: clocks})
        self.count_change(table, ours, result, conflicting)
        return result, clocks

    def update(self, table: TableInfo, row: Row) -> None:
        sets = ", ".join(f"{quoted(c)} = ?" for c in table.columns[1:])
        self.db.execute(f"UPDATE {quoted(table.name)} SET {sets} WHERE id = ?", (*row[1:], row[0]))
        if table.name in self.keys:
            keys = self.keys[table.name]
            keys.note(row[0], keys.key_of(row))

    def count_change(self, table: TableInfo, before: Row, after: Row, conflicting: bool) -> None:
        counts = self.counts[table.name]
        deleted_at = table.columns.index("deleted")
        if after[deleted_at] and not before[deleted_at]:
            counts.deleted += 1
        else:
            counts.changed += 1
        counts.conflicting += conflicting

    def conflict(
        self,
        table: TableInfo,
        row_id: str,
        name: str,
        kept: tuple[Version, Any],
        lost: tuple[Version, Any],
    ) -> bool:
        """List a lost value (once per lost version); True if it was new here."""
        seen = self.db.execute(
            "SELECT 1 FROM merge_conflict WHERE table_name = ? AND row_id = ? AND field = ? "
            "AND lost_clock = ? AND lost_origin = ?",
            (table.name, row_id, name, *lost[0]),
        ).fetchone()
        if seen:
            return False
        self.db.execute(
            "INSERT INTO merge_conflict (table_name, row_id, field, kept, kept_clock, "
            "kept_origin, lost, lost_clock, lost_origin, bundle_id, seen_at, resolved_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            (
                table.name,
                row_id,
                name,
                self.as_json(table, name, kept[1]),
                *kept[0],
                self.as_json(table, name, lost[1]),
                *lost[0],
                self.bundle_id,
                self.seen_at,
            ),
        )
        self.conflicts += 1
        return True

    @staticmethod
    def as_json(table: TableInfo, name: str, value: Any) -> str:
        if value is not None and name in table.json_columns:
            value = json.loads(value)
        elif isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")
        return json.dumps(value, ensure_ascii=False)

    # --- two ids, one record -------------------------------------------------------

    def union(self, table: str, one: str, other: str, matched_by: str) -> str:
        """Make ``one`` and ``other`` the same record; return the surviving id."""
        aliases = self.alias.setdefault(table, {})
        members = self.members.setdefault(table, {})
        root_one, root_other = aliases.get(one, one), aliases.get(other, other)
        if root_one == root_other:
            return root_one
        survivor, gone = min(root_one, root_other), max(root_one, root_other)
        moved = members.pop(gone, set())
        for alias_id in moved:
            aliases[alias_id] = survivor
        aliases[gone] = survivor
        members.setdefault(survivor, set()).update(moved | {gone})
        self.db.execute(
            "UPDATE row_alias SET row_id = ? WHERE table_name = ? AND row_id = ?",
            (survivor, table, gone),
        )
        self.db.execute(
            "INSERT INTO row_alias (table_name, alias_id, row_id, matched_by, seen_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (table, gone, survivor, matched_by, self.seen_at),
        )
        self.touched = True
        if self.exists(table, gone):
            self.absorb(self.tables[table], gone, survivor)
        return survivor

    def absorb(self, table: TableInfo, gone: str, survivor: str) -> None:
        """Fold the local row ``gone`` into ``survivor`` (renaming it if there is none)."""
        t = quoted(table.name)
        if self.exists(table.name, survivor):
            ours = self.fetch(table, [survivor])[survivor]
            theirs = (survivor, *self.fetch(table, [gone])[gone][1:])
            clocks = self.fetch_clocks(table, [survivor, gone])
            self.db.execute(
                "DELETE FROM field_clock WHERE table_name = ? AND row_id = ?", (table.name, gone)
            )
            self.db.execute(f"DELETE FROM {t} WHERE id = ?", (gone,))
            self.merge_row(table, ours, theirs, clocks.get(survivor, {}), clocks.get(gone, {}))
        else:
            self.db.execute(f"UPDATE {t} SET id = ? WHERE id = ?", (survivor, gone))
            self.db.execute(
                "UPDATE field_clock SET row_id = ? WHERE table_name = ? AND row_id = ?",
                (survivor, table.name, gone),
            )
        self.db.execute(
            "UPDATE merge_conflict SET row_id = ? WHERE table_name = ? AND row_id = ?",
            (survivor, table.name, gone),
        )
        rewrite_references(self.db, table.name, gone, survivor)
        self.known[table.name].discard(gone)
        self.known[table.name].add(survivor)
        if table.name in self.keys:
            self.keys[table.name].forget(gone)
            row = self.fetch(table, [survivor])[survivor]
            self.keys[table.name].note(survivor, self.keys[table.name].key_of(row))

    def report(self) -> MergeReport:
        tables = {name: TableCounts(**vars(c)) for name, c in self.counts.items()}
        changed = any(
            vars(c)[k] for c in self.counts.values() for k in ("new", "changed", "deleted")
        )
        unchanged = not (changed or self.touched or self.conflicts)
        return MergeReport(tables, self.conflicts, unchanged, tuple(self.problems))


def merge(
    session: Session,
    reader: PayloadReader,
    *,
    bundle_id: str,
    now: datetime,
    dry_run: bool = False,
) -> MergeReport:
    """Merge a checked payload into the database of ``session``, in its transaction.

    Never commits: the caller commits, or rolls back for a dry run (``dry_run`` changes
    nothing here; it is accepted so callers say what they mean). See the module
    docstring for the rules.
    """
    del dry_run  # the caller's rollback is the dry run
    db = driver_connection(session)
    deferred = db.execute("PRAGMA defer_foreign_keys").fetchone()[0]
    db.execute("PRAGMA defer_foreign_keys = ON")
    try:
        with payload_inbox(db, reader.data) as inbox:
            merger = _Merger(db, reader, inbox, bundle_id, db_time(now))
            merger.run()
    finally:
        db.execute(f"PRAGMA defer_foreign_keys = {int(deferred)}")
    if reader.max_clock:
        sync_meta.observe(session, reader.max_clock)
    session.expire_all()
    return merger.report()


def table_names() -> Iterable[str]:
    """The synced tables, in merge order (the keys of :attr:`MergeReport.tables`)."""
    return synced_columns().keys()
