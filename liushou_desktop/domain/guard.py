"""Enforcing the role table in a service, with refusals written to the audit log."""

from __future__ import annotations

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import Now
from liushou_desktop.domain import audit
from liushou_desktop.domain.permissions import Actor, PermissionDenied, require


def enforce(db: Database, actor: Actor, action: str, now: Now) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action``; log a refusal."""
    try:
        require(actor, action)
    except PermissionDenied:
        with db.session_scope(actor.username) as session:
            audit.append(
                session,
                actor=actor.username,
                action="denied",
                now=now(),
                object_type="permission",
                object_id=action,
                detail={"role": actor.role},
            )
        raise
