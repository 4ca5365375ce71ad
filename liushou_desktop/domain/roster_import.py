"""Importing a school's roster file (花名册): validate every row, then write in one go.

:class:`RosterImportService` reads a file sheet by sheet with
:class:`~liushou_desktop.io.roster_read.RosterStream` (the next sheets are parsed while
the rows of the ones read are checked), checks each row
(:mod:`liushou_desktop.domain.roster_rows`) and plans what would change:

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

This module holds the service, its report and reading the file; the steps live in
:mod:`~liushou_desktop.domain.roster_rows` (checking rows),
:mod:`~liushou_desktop.domain.roster_plan` (planning the changes),
:mod:`~liushou_desktop.domain.roster_write` (the bulk, clock-stamped writes) and
:mod:`~liushou_desktop.domain.roster_undo` (the history and undo). Everything public
is importable from here.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.backup import backup_database
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import ImportBatch, Installation, SchoolClass
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, pinyin, roster_undo
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.permissions import ALL_CHILDREN_ROLES, EDIT_CHILD, Actor
from liushou_desktop.domain.roster_plan import Plan, Planner
from liushou_desktop.domain.roster_rows import (
    ERROR,
    WARNING,
    ImportProblem,
    RejectedRow,
    RowReader,
    ValidRow,
)
from liushou_desktop.domain.roster_undo import UNDO_AUDIT_ACTION as UNDO_AUDIT_ACTION
from liushou_desktop.domain.roster_undo import UNDO_BACKUP_REASON as UNDO_BACKUP_REASON
from liushou_desktop.domain.roster_undo import ImportBatchView, undo_record
from liushou_desktop.domain.roster_write import write
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.roster_read import RosterColumn, RosterStream

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
    "preload",
]

AUDIT_ACTION = "roster_import"
BACKUP_REASON = "before-import"
PROGRESS_EVERY = 200  # rows between two calls of the progress callback

# (rows done, rows total); may raise ImportCancelled to stop before anything is written.
Progress = Callable[[int, int], None]


# What a school-only action says at a township.
_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "A roster can only be imported at a school, not at a township: import it "
    "on the school's computer.",
)


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
            return self._preview(actor, Path(path), progress)

    def _preview(self, actor: Actor, path: Path, progress: Progress | None) -> ImportReport:
        read = self._read(path, progress)
        with self._db.session_factory() as session:
            try:
                planner = Planner(
                    session, require_school_id(session, _AT_TOWNSHIP), _own_classes(session, actor)
                )
                plan = planner.add_all(read.rows)
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
            planner = Planner(
                session, require_school_id(session, _AT_TOWNSHIP), _own_classes(session, actor)
            )
            plan = planner.add_all(read.rows)
            report = _report(plan, read)
            write(session, plan.inserts, plan.changes, now)
            batch = ImportBatch(
                created_at=now,
                actor=actor.username,
                file_name=path.name[:200],
                counts=report.counts(),
                undo=undo_record(plan.inserts, plan.old),
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
        """The committed imports, newest first, each saying whether it can be undone (a
        class teacher sees their own)."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        return roster_undo.history(self._db, actor)

    def undo(self, actor: Actor, batch_id: int) -> None:
        """Take an import back: a backup, then one transaction (see :func:`roster_undo.undo`).

        Raises UserError if the import was undone already or a row it touched was
        changed since.
        """
        enforce(self._db, actor, EDIT_CHILD, self._now)
        roster_undo.undo(self._db, actor, batch_id, self._now)

    def _read(self, path: Path, progress: Progress | None) -> _Read:
        """Every problem, the valid rows and the rejected ones, calling ``progress``."""
        today = local_date(self._now())
        key = _file_key(path, today)
        if self._last is not None and key is not None and self._last[0] == key:
            read = self._last[1]
            total = len(read.rows) + len(read.rejected)
            if progress is not None:
                progress(total, total)
            return read
        self._last = None
        read = _Read(columns={})
        with RosterStream(path) as stream:
            steps = _Steps(stream, progress)
            done = 0
            for sheet in stream:  # the next sheets are parsed meanwhile
                read.columns[sheet.name] = sheet.columns
                reader = RowReader(sheet, today, read.problems, read.rejected)
                for raw in sheet.rows:
                    row = reader.read(raw)
                    if row is not None:
                        read.rows.append(row)
                    done += 1
                    if progress is not None and done % PROGRESS_EVERY == 0:
                        steps.step(done)
            if progress is not None:
                steps.finish()
        if key is not None:
            self._last = (key, read)
        return read


def preload() -> None:
    """Import the libraries an import uses but the app does not load at start-up
    (python-calamine, pypinyin with its dictionaries: half a second): the GUI calls it
    while the teacher is choosing the file."""
    import python_calamine  # noqa: F401

    pinyin.load()


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


class _Steps:
    """Calls ``progress(done, total)`` as soon as the file's row count is known: the
    steps made before that (its last sheets were still being parsed) are called then,
    so the callback sees the same calls as if the whole file had been read first."""

    def __init__(self, stream: RosterStream, progress: Progress | None) -> None:
        self.stream = stream
        self.progress = progress
        self.total: int | None = None
        self.waiting = [0]  # the steps made before the total was known

    def step(self, done: int, *, wait: bool = False) -> None:
        assert self.progress is not None
        if self.total is None:
            self.total = self.stream.total_rows(wait=wait)
            if self.total is None:
                self.waiting.append(done)
                return
            for waited in self.waiting:
                self.progress(waited, self.total)
        self.progress(done, self.total)

    def finish(self) -> None:
        """The last step: every row checked."""
        total = self.stream.total_rows(wait=True)
        assert total is not None
        self.step(total, wait=True)


@dataclass
class _Read:
    """What reading and checking a file gave."""

    columns: dict[str, tuple[RosterColumn, ...]]
    problems: list[ImportProblem] = field(default_factory=list)
    rows: list[ValidRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


def _own_classes(session: Session, actor: Actor) -> frozenset[str] | None:
    """The classes ``actor`` may import into: None for the whole school, else their
    own (UserError when they have none)."""
    if actor.role in ALL_CHILDREN_ROLES:
        return None
    own = frozenset(
        session.scalars(
            select(SchoolClass.id).where(
                SchoolClass.class_teacher_id == actor.teacher_id,
                SchoolClass.deleted.is_(False),
            )
        )
        if actor.teacher_id is not None
        else ()
    )
    if not own:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Your account is not the class teacher of any class yet, so there is no "
                "class to import into. Ask the school administrator to give you your class.",
            )
        )
    return own


def _report(plan: Plan, read: _Read) -> ImportReport:
    problems = sorted([*read.problems, *plan.problems], key=lambda p: (p.sheet, p.row))
    return ImportReport(
        imported=len(plan.inserts["child"]),
        updated=plan.updated,
        unchanged=plan.unchanged,
        duplicates=plan.duplicates,
        rejected=len(read.rejected) + len(plan.rejected),
        warnings=sum(1 for p in problems if p.severity == WARNING),
        errors=tuple(problems),
        rejected_rows=tuple(
            sorted([*read.rejected, *plan.rejected], key=lambda r: (r.sheet, r.row))
        ),
        columns=read.columns,
    )
