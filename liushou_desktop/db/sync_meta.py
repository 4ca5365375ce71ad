"""Stamping synced rows: hybrid logical clock, who changed them, where.

Every flush gives each new or changed :class:`~liushou_desktop.db.models.Synced`
row the next value of this installation's hybrid logical clock (HLC): the
wall clock in milliseconds shifted left 16 bits, but never less than the
last value issued plus one. A PC whose clock runs backwards therefore still
issues increasing values, and a bundle's clock values can be folded in with
:func:`observe` so that later local edits order after what was received.

The clock's last value lives in ``installation.hlc`` and is advanced in the
same transaction as the rows it stamps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from liushou_desktop.db.models import Installation, Synced, new_uuids

COUNTER_BITS = 16
ACTOR_KEY = "actor"
Now = Callable[[], datetime]


def utcnow() -> datetime:
    """The wall clock, UTC, without tzinfo (how the database stores times)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """The day it is on this PC's calendar at ``moment`` (naive UTC, as :func:`utcnow`
    gives): in China (UTC+8), 20:00 UTC on the 2nd is already the 3rd."""
    return moment.replace(tzinfo=UTC).astimezone().date()


def physical_clock(now: datetime) -> int:
    """The HLC value of a wall-clock time, before the counter."""
    epoch_ms = int(now.replace(tzinfo=UTC).timestamp() * 1000)
    return epoch_ms << COUNTER_BITS


def next_clock(last: int, now: datetime) -> int:
    """The clock value after ``last`` at wall time ``now``."""
    return max(physical_clock(now), last + 1)


def observe(session: Session, remote: int) -> None:
    """Fold a clock value seen in a received bundle into this installation's HLC."""
    session.execute(update(Installation).where(Installation.hlc < remote).values(hlc=remote))


def installation_origin(session: Session) -> str:
    """This installation's id: the ``origin`` of the rows it writes and the tag of their
    ids (see :func:`~liushou_desktop.db.models.new_uuids`); "" before set-up."""
    return session.scalar(select(Installation.id)) or ""


@dataclass(frozen=True)
class ClockStamp:
    """What rows written now are stamped with: ``first_clock`` is the first of the
    consecutive clock values reserved for them (one each, in order), ``actor`` the
    session's user, ``origin`` this installation's id and ``now`` the wall time."""

    first_clock: int
    actor: str
    origin: str
    now: datetime


def reserve_clocks(session: Session, count: int, now: datetime) -> ClockStamp:
    """Reserve ``count`` consecutive values of this installation's HLC for rows written now.

    Advances ``installation.hlc`` past them in the session's transaction (through its
    connection, so nothing is flushed): for code that writes synced rows with SQLAlchemy
    Core and stamps them itself. Before set-up (no installation row) the clock starts
    from the wall time and the origin is "".
    """
    connection = session.connection()
    installation = connection.execute(select(Installation.id, Installation.hlc)).first()
    origin, last = (installation.id, installation.hlc) if installation else ("", 0)
    first = next_clock(last, now)
    if installation:
        connection.execute(update(Installation).values(hlc=first + count - 1))
    return ClockStamp(first, str(session.info.get(ACTOR_KEY, "")), origin, now)


def _stamp_rows(session: Session, rows: list[Synced], now: datetime) -> None:
    stamp = reserve_clocks(session, len(rows), now)
    for offset, row in enumerate(rows):
        row.clock = stamp.first_clock + offset
        row.changed_by = stamp.actor
        row.origin = stamp.origin
        row.updated_at = now
        if row.created_at is None:
            row.created_at = now


def insert_synced(
    session: Session, model: type[Synced], rows: list[dict[str, Any]], now: datetime
) -> None:
    """Insert many new rows of a synced table at once, stamped like a flush would.

    For imports and generated data: tens of thousands of rows without the
    unit-of-work's per-object cost. Rows without an ``id`` get a new one (tagged with
    this installation, see :func:`~liushou_desktop.db.models.new_uuids`).
    """
    if not rows:
        return
    stamp = reserve_clocks(session, len(rows), now)
    ids = iter(new_uuids(sum("id" not in row for row in rows), stamp.origin))
    for offset, row in enumerate(rows):
        if "id" not in row:
            row["id"] = next(ids)
        row.update(
            clock=stamp.first_clock + offset,
            changed_by=stamp.actor,
            origin=stamp.origin,
            deleted=False,
            created_at=now,
            updated_at=now,
        )
    # SQLAlchemy batches consecutive rows with the same keys into one statement.
    rows = sorted(rows, key=lambda row: tuple(sorted(row)))
    session.execute(insert(model), rows)


def install(session_factory: Any, now: Now = utcnow) -> None:
    """Stamp synced rows on every flush of sessions made by ``session_factory``."""

    @event.listens_for(session_factory, "before_flush")
    def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
        new = [obj for obj in session.new if isinstance(obj, Synced)]
        changed = [
            obj for obj in session.dirty if isinstance(obj, Synced) and session.is_modified(obj)
        ]
        rows = new + changed
        if rows:
            _stamp_rows(session, rows, now())
