"""Pairing: this installation's keys, and the installations it exchanges bundles with.

Each installation has an identity (:mod:`liushou_desktop.sync.identity`): made on first
use from the :class:`~liushou_desktop.db.models.Installation` row and kept in the data
dir's ``keys`` folder (owner-only). The others it knows are
:class:`~liushou_desktop.db.models.SyncPeer` rows (a local table, never sent in a bundle):

* at a **school**, one row: its township, pinned from the pairing file the township
  exported (``pair export``) and the school imported from the stick (``pair import``);
* at the **township**, one row per school: entered by hand (``schools add``: code, name,
  the expected number of left-behind children for 建档率) and pinned from the school's
  first bundle, which carries its public identity.

A pinned key never changes silently: a different key for the same code (a new PC, a
reinstall) waits in ``pending_identity`` and every bundle signed with it is refused
until a person compares the fingerprints and accepts it (``pair accept CODE``).
Every change is one transaction, permission-checked (:data:`~.permissions.MANAGE_PEERS`)
and audited: ``pairing_exported``, ``pairing_imported``, ``school_added``,
``school_changed``, ``peer_key_changed``, ``peer_key_accepted``, ``peer_pinned``
(and ``keys_created`` when this installation's identity is first made).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation, SyncPeer
from liushou_desktop.db.sync_meta import ACTOR_KEY, Now, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import MANAGE_PEERS, Actor
from liushou_desktop.domain.setup import validate_code, validate_name
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.safe_files import write_atomically
from liushou_desktop.sync.identity import (
    Identity,
    PublicIdentity,
    generate_identity,
    load_identity,
    pairing_file_bytes,
    read_pairing_file,
    save_identity,
)

__all__ = [
    "KEYS_FOLDER",
    "MAX_EXPECTED",
    "REASON_KEY_CHANGED",
    "REASON_UNPAIRED",
    "PeerService",
    "PeerView",
    "SenderRefused",
]

KEYS_FOLDER = "keys"
MAX_EXPECTED = 100_000  # expected left-behind children of one school: a sanity bound
REASON_UNPAIRED = "unpaired"
REASON_KEY_CHANGED = "key_changed"
SCHOOL = vocab.INSTALLATION_SCHOOL
TOWNSHIP = vocab.INSTALLATION_TOWNSHIP


@dataclass(frozen=True)
class PeerView:
    """An installation this one exchanges bundles with, as the lists show it.

    ``fingerprint`` is the pinned key's ("" until the first bundle or pairing file);
    ``pending_fingerprint`` a changed key waiting for ``pair accept`` ("" if none);
    ``expected_children`` the township's 建档率 denominator (None: not entered).
    """

    code: str
    name: str
    role: str
    fingerprint: str
    key_pending: bool
    pending_fingerprint: str
    expected_children: int | None
    last_bundle_at: datetime | None
    paired: bool  # an identity is pinned

    def to_json(self) -> dict[str, Any]:
        """The fields ``schools list --json`` prints."""
        return {
            "code": self.code,
            "name": self.name,
            "role": self.role,
            "fingerprint": self.fingerprint,
            "key_pending": self.key_pending,
            "pending_fingerprint": self.pending_fingerprint,
            "expected_children": self.expected_children,
            "last_bundle_at": self.last_bundle_at.isoformat() if self.last_bundle_at else None,
            "paired": self.paired,
        }


class SenderRefused(UserError):
    """A bundle's sender is not one this installation may take bundles from.

    ``reason`` is :data:`REASON_UNPAIRED` or :data:`REASON_KEY_CHANGED`; ``offered`` the
    public identity the bundle presented for a changed key, when it carried one (the
    bundle import keeps it with :meth:`PeerService.hold_pending` once its transaction
    is rolled back).
    """

    def __init__(
        self,
        reason: str,
        message: str,
        params: dict[str, Any],
        offered: PublicIdentity | None = None,
    ) -> None:
        super().__init__(message, params)
        self.reason = reason
        self.offered = offered


def _view(peer: SyncPeer) -> PeerView:
    pending = peer.pending_identity
    return PeerView(
        code=peer.code,
        name=peer.name,
        role=peer.role,
        fingerprint=peer.fingerprint,
        key_pending=pending is not None,
        pending_fingerprint=str(pending.get("fingerprint", "")) if pending else "",
        expected_children=peer.expected_children,
        last_bundle_at=peer.last_bundle_at,
        paired=peer.identity is not None,
    )


def _installation(session: Session) -> Installation:
    row = session.scalars(select(Installation)).first()
    if row is None:
        raise NotSetUpError()
    return row


_EXPORT_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "pair export runs at the township, and this computer is a school: at a school, use "
    "pair import with the pairing file the township exported.",
)
_IMPORT_AT_SCHOOL = QT_TRANSLATE_NOOP(
    "UserError",
    "pair import runs at a school, and this computer is the township: at the township, "
    "use pair export and take the file to the schools.",
)
_SCHOOLS_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "Schools are entered at the township, and this computer is a school: at a school, "
    "import the township's pairing file (pair import).",
)


def _only_at(installation: Installation, role: str, refusal: str) -> None:
    """Raise ``refusal`` unless this installation is a ``role``."""
    if installation.role != role:
        raise UserError(refusal)


def _validate_expected(expected: int | None) -> int | None:
    if expected is None:
        return None
    if isinstance(expected, bool) or not 0 <= expected <= MAX_EXPECTED:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The expected number of left-behind children must be a whole number from "
                "0 to {max}, not {value}.",
            ),
            {"max": MAX_EXPECTED, "value": expected},
        )
    return expected


def _session_actor(session: Session) -> str:
    return str(session.info.get(ACTOR_KEY, "system"))


class PeerService:
    """This installation's keys, its pairing, and the schools (or township) it knows."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    @property
    def keys_folder(self) -> Path:
        """``data_dir/keys``: this installation's private keys (owner-only)."""
        return self._db.data_dir.root / KEYS_FOLDER

    # --- this installation ----------------------------------------------------

    def identity(self) -> Identity:
        """This installation's identity: loaded from the keys folder, or made and saved
        there on first use from the installation's code, name and role (audited
        ``keys_created``). Raises :class:`UserError` if the keys there belong to another
        installation (a keys folder copied from elsewhere) or are damaged."""
        with self._db.session_scope("system") as session:
            installation = _installation(session)
            code, name, role = installation.code, installation.name, installation.role
        folder = self.keys_folder
        self._ensure_keys_folder(folder)
        identity = load_identity(folder)
        if identity is None:
            try:
                save_identity(folder, generate_identity(code, name, role))
            except UserError:
                if load_identity(folder) is None:  # not another process's save: a failure
                    raise
            identity = load_identity(folder)
            assert identity is not None
            with self._db.session_scope("system") as session:
                audit.append(
                    session,
                    actor="system",
                    action="keys_created",
                    now=self._now(),
                    object_type="installation",
                    object_id=code,
                    detail={"fingerprint": identity.public().fingerprint},
                )
        if identity.code != code or identity.role != role:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The keys in {folder} belong to “{other}”, not to this installation "
                    "({code}). Put back this installation's own keys folder, or move that "
                    "folder away so that new keys are made (the township must then accept "
                    "them: pair accept).",
                ),
                {"folder": str(folder), "other": identity.code, "code": code},
            )
        return identity

    @staticmethod
    def _ensure_keys_folder(folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.name != "nt":
                os.chmod(folder, 0o700)
        except OSError as exc:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The keys folder {folder} could not be made ({problem}). Check that the "
                    "data folder can be written, then try again.",
                ),
                {"folder": str(folder), "problem": exc.strerror or str(exc)},
            ) from exc

    # --- pairing files ------------------------------------------------------------

    def export_pairing(self, actor: Actor, out: Path) -> PublicIdentity:
        """Write the township's pairing file to ``out`` (atomically, then read back and
        checked) for the schools to import; returns the identity it holds."""
        enforce(self._db, actor, MANAGE_PEERS, self._now)
        with self._db.session_scope(actor.username) as session:
            _only_at(_installation(session), TOWNSHIP, _EXPORT_AT_TOWNSHIP)
        identity = self.identity()
        public = identity.public()
        data = pairing_file_bytes(identity)

        def verify(target: Path) -> None:
            if read_pairing_file(target.read_bytes()) != public:
                raise OSError(f"the pairing file did not read back: {target}")

        try:
            write_atomically(out, lambda partial: partial.write_bytes(data), verify)
        except (OSError, UserError) as exc:
            problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The pairing file could not be written to {path} ({problem}). Check the "
                    "USB stick (not full, not write-protected), then try again.",
                ),
                {"path": str(out), "problem": problem},
            ) from exc
        with self._db.session_scope(actor.username) as session:
            audit.append(
                session,
                actor=actor.username,
                action="pairing_exported",
                now=self._now(),
                object_type="installation",
                object_id=public.code,
                detail={"path": str(out), "fingerprint": public.fingerprint},
            )
        return public

    def import_pairing(self, actor: Actor, source: Path) -> PeerView:
        """Pin the township in the pairing file ``source`` as this school's township.

        The same file again changes nothing. A different key for the same township is
        kept as pending (audited ``peer_key_changed``) and refused with what to do;
        another township than the one paired is refused.
        """
        enforce(self._db, actor, MANAGE_PEERS, self._now)
        with self._db.session_scope(actor.username) as session:
            _only_at(_installation(session), SCHOOL, _IMPORT_AT_SCHOOL)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise UserError(
                QT_TRANSLATE_NOOP("UserError", "Cannot read the file {path}: {reason}"),
                {"path": str(source), "reason": exc.strerror or str(exc)},
            ) from exc
        offered = read_pairing_file(data)
        if offered.role != TOWNSHIP:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "This pairing file is the school “{name}” ({code})'s, not the township's. "
                    "Import the pairing file the township exported (pair export).",
                ),
                {"name": offered.name, "code": offered.code},
            )
        now = self._now()
        changed: SyncPeer | None = None
        with self._db.session_scope(actor.username) as session:
            peers = session.scalars(select(SyncPeer).where(SyncPeer.role == TOWNSHIP)).all()
            other = next((p for p in peers if p.code != offered.code), None)
            if other is not None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This school is paired with the township “{name}” ({code}), not "
                        "with {new}. If the school now belongs to another township, ask "
                        "the IT helper to move it.",
                    ),
                    {"name": other.name, "code": other.code, "new": offered.code},
                )
            peer = session.get(SyncPeer, offered.code)
            if peer is None:
                peer = SyncPeer(code=offered.code, name=offered.name, role=TOWNSHIP, added_at=now)
                session.add(peer)
            if peer.identity is None:
                peer.identity = offered.to_json()
                peer.fingerprint = offered.fingerprint
                peer.name = offered.name
                peer.pending_identity = None
                audit.append(
                    session,
                    actor=actor.username,
                    action="pairing_imported",
                    now=now,
                    object_type="sync_peer",
                    object_id=offered.code,
                    detail={
                        "name": offered.name,
                        "fingerprint": offered.fingerprint,
                        "path": str(source),
                    },
                )
            elif peer.fingerprint == offered.fingerprint:
                if peer.pending_identity is not None:  # the old key is back: drop the new
                    peer.pending_identity = None
                    audit.append(
                        session,
                        actor=actor.username,
                        action="pairing_imported",
                        now=now,
                        object_type="sync_peer",
                        object_id=offered.code,
                        detail={"fingerprint": offered.fingerprint, "pending_dropped": True},
                    )
            else:
                self._hold(session, actor.username, peer, offered, now)
                changed = peer
            view = _view(peer)
        if changed is not None:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "This pairing file has other keys than the township {code} this school "
                    "is paired with (known {old}, this file {new}). Phone the township and "
                    "compare the fingerprint; if it is theirs, run “pair accept {code}”.",
                ),
                {
                    "code": view.code,
                    "old": view.fingerprint,
                    "new": view.pending_fingerprint,
                },
            )
        return view

    # --- the township's schools ---------------------------------------------------

    def add_school(self, actor: Actor, code: str, name: str, expected: int | None) -> PeerView:
        """Enter a school at the township, or change its name and expected number.

        ``expected`` None leaves a school's expected number as it is (a new school:
        not entered). Audited ``school_added`` or ``school_changed`` (with the changes).
        """
        enforce(self._db, actor, MANAGE_PEERS, self._now)
        code = validate_code(code)
        name = validate_name(name)
        expected = _validate_expected(expected)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            installation = _installation(session)
            _only_at(installation, TOWNSHIP, _SCHOOLS_AT_TOWNSHIP)
            if code == installation.code:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "{code} is the township's own code: enter the school's code.",
                    ),
                    {"code": code},
                )
            peer = session.get(SyncPeer, code)
            if peer is None:
                peer = SyncPeer(
                    code=code, name=name, role=SCHOOL, expected_children=expected, added_at=now
                )
                session.add(peer)
                audit.append(
                    session,
                    actor=actor.username,
                    action="school_added",
                    now=now,
                    object_type="sync_peer",
                    object_id=code,
                    detail={"name": name, "expected_children": expected},
                )
                return _view(peer)
            changes: dict[str, list[Any]] = {}
            if peer.name != name:
                changes["name"] = [peer.name, name]
                peer.name = name
            if expected is not None and peer.expected_children != expected:
                changes["expected_children"] = [peer.expected_children, expected]
                peer.expected_children = expected
            if changes:
                audit.append(
                    session,
                    actor=actor.username,
                    action="school_changed",
                    now=now,
                    object_type="sync_peer",
                    object_id=code,
                    detail=changes,
                )
            return _view(peer)

    def schools(self, actor: Actor) -> list[PeerView]:
        """At the township, its schools in code order; at a school, its township (0 or 1)."""
        enforce(self._db, actor, MANAGE_PEERS, self._now)
        with self._db.session_scope(actor.username) as session:
            installation = _installation(session)
            role = SCHOOL if installation.role == TOWNSHIP else TOWNSHIP
            peers = session.scalars(
                select(SyncPeer).where(SyncPeer.role == role).order_by(SyncPeer.code)
            ).all()
            return [_view(peer) for peer in peers]

    # --- changed keys ---------------------------------------------------------------

    def accept(self, actor: Actor, code: str) -> PeerView:
        """Pin the changed key waiting for ``code`` (after the fingerprints were compared).

        Audited ``peer_key_accepted`` with the old and new fingerprints.
        """
        enforce(self._db, actor, MANAGE_PEERS, self._now)
        code = code.strip()
        with self._db.session_scope(actor.username) as session:
            peer = session.get(SyncPeer, code)
            if peer is None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "No school or township with the code {code} is known here "
                        "(see schools list).",
                    ),
                    {"code": code},
                )
            if peer.pending_identity is None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "No new key is waiting for {code}: there is nothing to accept.",
                    ),
                    {"code": code},
                )
            pending = PublicIdentity.from_json(peer.pending_identity)
            old = peer.fingerprint
            peer.identity = pending.to_json()
            peer.fingerprint = pending.fingerprint
            peer.pending_identity = None
            audit.append(
                session,
                actor=actor.username,
                action="peer_key_accepted",
                now=self._now(),
                object_type="sync_peer",
                object_id=code,
                detail={"old_fingerprint": old, "new_fingerprint": pending.fingerprint},
            )
            return _view(peer)

    def hold_pending(self, actor_name: str, identity: PublicIdentity) -> None:
        """Keep a changed key seen in a refused bundle for ``pair accept`` (its own
        transaction, audited ``peer_key_changed``; nothing if it is already held or the
        sender is not known here)."""
        with self._db.session_scope(actor_name) as session:
            peer = session.get(SyncPeer, identity.code)
            if peer is None or peer.fingerprint == identity.fingerprint:
                return
            self._hold(session, actor_name, peer, identity, self._now())

    @staticmethod
    def _hold(
        session: Session, actor: str, peer: SyncPeer, offered: PublicIdentity, now: datetime
    ) -> None:
        pending = peer.pending_identity
        if pending is not None and pending.get("fingerprint") == offered.fingerprint:
            return
        peer.pending_identity = offered.to_json()
        audit.append(
            session,
            actor=actor,
            action="peer_key_changed",
            now=now,
            object_type="sync_peer",
            object_id=peer.code,
            detail={"old_fingerprint": peer.fingerprint, "new_fingerprint": offered.fingerprint},
        )

    # --- for the bundle import --------------------------------------------------------

    def resolve_sender(
        self,
        session: Session,
        sender: str,
        fingerprint: str,
        sender_identity: dict[str, Any] | None,
    ) -> tuple[PublicIdentity, bool]:
        """The identity to check a bundle from ``sender`` with, and whether to
        :meth:`pin` it once the bundle verified. Writes nothing.

        ``fingerprint`` is the one the bundle's header names; ``sender_identity`` the
        public identity a school's bundle carries (:meth:`PublicIdentity.to_json`).
        Raises :class:`SenderRefused`: ``unpaired`` for a sender not paired here (at a
        school: any but its township; at the township: a school that sent no identity),
        ``key_changed`` for a pinned sender whose key is not the pinned one.
        """
        installation = _installation(session)
        peer = session.get(SyncPeer, sender)
        offered = _offered(sender_identity)
        if peer is not None and peer.identity is not None:
            if peer.fingerprint == fingerprint:
                return PublicIdentity.from_json(peer.identity), False
            raise SenderRefused(
                REASON_KEY_CHANGED,
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "Refused: the bundle from {sender} is signed with other keys than the "
                    "ones paired here (known {old}, this bundle {new}). Phone {sender} and "
                    "compare the fingerprint; if it is theirs (a new or reinstalled PC), run "
                    "“pair accept {sender}” and import the bundle again.",
                ),
                {"sender": sender, "old": peer.fingerprint, "new": fingerprint},
                offered if offered is not None and offered.code == sender else None,
            )
        if (
            installation.role == TOWNSHIP
            and offered is not None
            and offered.code == sender
            and offered.role == SCHOOL
            and offered.fingerprint == fingerprint
            and (peer is None or peer.role == SCHOOL)
        ):
            return offered, True
        if installation.role == SCHOOL:
            raise SenderRefused(
                REASON_UNPAIRED,
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "Refused: this school is not paired with {sender}, the sender of this "
                    "bundle. Import the township's pairing file first (pair import).",
                ),
                {"sender": sender},
            )
        raise SenderRefused(
            REASON_UNPAIRED,
            QT_TRANSLATE_NOOP(
                "UserError",
                "Refused: {sender} is not paired with the township and its bundle does not "
                "carry its keys. Ask the school to make a full bundle (bundle export --full).",
            ),
            {"sender": sender},
        )

    def pin(self, session: Session, identity: PublicIdentity) -> None:
        """Pin ``identity`` in the caller's transaction (after its bundle verified): a
        school not entered yet is added, named as its identity says. Audited
        ``peer_pinned``."""
        now = self._now()
        actor = _session_actor(session)
        peer = session.get(SyncPeer, identity.code)
        if peer is None:
            peer = SyncPeer(
                code=identity.code, name=identity.name, role=identity.role, added_at=now
            )
            session.add(peer)
        elif peer.identity is not None:
            if peer.fingerprint == identity.fingerprint:
                return
            raise ValueError(f"{identity.code} has another key pinned already")
        peer.identity = identity.to_json()
        peer.fingerprint = identity.fingerprint
        if not peer.name:
            peer.name = identity.name
        audit.append(
            session,
            actor=actor,
            action="peer_pinned",
            now=now,
            object_type="sync_peer",
            object_id=identity.code,
            detail={"name": peer.name, "fingerprint": identity.fingerprint},
        )


def _offered(sender_identity: dict[str, Any] | None) -> PublicIdentity | None:
    if sender_identity is None:
        return None
    try:
        return PublicIdentity.from_json(sender_identity)
    except (ValueError, TypeError):
        return None
