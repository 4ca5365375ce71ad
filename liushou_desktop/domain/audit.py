"""The append-only, hash-chained audit log.

Each entry's ``hash`` is the SHA-256 of the canonical JSON of every other
column of the entry, ``prev_hash`` (the previous entry's hash) included, so
changing, removing or inserting an entry breaks the chain from that point.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from liushou_desktop.db.models import AuditEntry

GENESIS_HASH = "0" * 64
CLI_ACTOR = "cli"


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(fields: Mapping[str, Any]) -> str:
    """The hash of an entry, over every column except ``hash`` itself."""
    covered = {key: fields[key] for key in sorted(fields) if key != "hash"}
    return hashlib.sha256(canonical_json(covered).encode("utf-8")).hexdigest()


def _columns(entry: AuditEntry) -> dict[str, Any]:
    return {column.key: getattr(entry, column.key) for column in AuditEntry.__table__.columns}


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    now: datetime,
    object_type: str = "",
    object_id: str = "",
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Add one entry at the end of the chain, in the caller's transaction."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    entry = AuditEntry(
        id=(last.id + 1) if last else 1,
        at=now.isoformat(timespec="microseconds"),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=canonical_json(dict(detail or {})),
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    entry.hash = entry_hash(_columns(entry))
    session.add(entry)
    session.flush()


def apply_changes(
    session: Session,
    row: Any,
    values: Mapping[str, Any],
    *,
    actor: str,
    action: str,
    now: datetime,
    object_type: str,
    detail: Mapping[str, Any] | None = None,
) -> list[str]:
    """Set the fields of ``row`` whose value differs from ``values`` and log one entry
    with their names (never their values: they may be a child's private notes) plus
    ``detail``; nothing is logged when nothing changed. Returns the changed names."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        append(
            session,
            actor=actor,
            action=action,
            now=now,
            object_type=object_type,
            object_id=row.id,
            detail={**(detail or {}), "fields": changed},
        )
    return changed


def tombstone(
    session: Session,
    row: Any,
    *,
    actor: str,
    action: str,
    now: datetime,
    object_type: str,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Mark the synced ``row`` deleted (a tombstone, which sync carries to the township)
    and log one entry for it with ``detail``."""
    row.deleted = True
    append(
        session,
        actor=actor,
        action=action,
        now=now,
        object_type=object_type,
        object_id=row.id,
        detail=detail,
    )


def append_many(
    session: Session,
    *,
    actor: str,
    action: str,
    now: datetime,
    object_type: str,
    entries: Sequence[tuple[str, Mapping[str, Any]]],
) -> None:
    """Add one entry per (object id, detail) at the end of the chain, in one INSERT:
    the same chain :func:`append` writes, without a query per entry."""
    if not entries:
        return
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    next_id, prev_hash = (last.id + 1, last.hash) if last else (1, GENESIS_HASH)
    at = now.isoformat(timespec="microseconds")
    rows = []
    for offset, (object_id, detail) in enumerate(entries):
        row: dict[str, Any] = {
            "id": next_id + offset,
            "at": at,
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "detail": canonical_json(dict(detail)),
            "prev_hash": prev_hash,
        }
        row["hash"] = prev_hash = entry_hash(row)
        rows.append(row)
    session.execute(insert(AuditEntry), rows)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain(session: Session) -> ChainReport:
    """Walk the chain; report the first entry whose link or hash is wrong."""
    prev_hash = GENESIS_HASH
    expected_id = 1
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.id != expected_id:
            return ChainReport(False, count, entry.id, "an entry before this one is missing")
        if entry.prev_hash != prev_hash:
            return ChainReport(False, count, entry.id, "link to the previous entry is broken")
        if entry.hash != entry_hash(_columns(entry)):
            return ChainReport(False, count, entry.id, "entry was changed after it was written")
        prev_hash = entry.hash
        expected_id += 1
    return ChainReport(True, count)
