"""Sync bundles (同步包): making them for the stick, taking them in, reviewing conflicts.

* **School → township** (:meth:`BundleService.export` at a school): every synced row
  changed since the township acknowledged (``SyncPeer.acked_clock``), or everything
  (``full``), encrypted to the township and signed; the header always carries the
  school's public identity, so the township can pin a school not seen yet (or hold a
  changed key for ``pair accept``).
* **Township → school** (``to`` CODE or ``all_schools``): a receipt (回执) — the highest
  clock of the school the township merged (``SyncPeer.received_clock``), which the
  school stores as ``acked_clock`` so its next bundle holds only what changed since —
  and the township's notices and shared activity templates
  (:mod:`~liushou_desktop.domain.township_sharing`). The township never sends a
  school's records.
* **Import** (:meth:`BundleService.import_bundle`): everything is checked first (file
  structure, recipient, pinned sender, signature and every chunk, schema version, the
  manifest's counts and content hash against the payload); then one transaction merges
  (:func:`~liushou_desktop.sync.merge.merge`), pins a new school, moves the peer's
  clocks, logs the bundle and audits ``bundle_imported``. A dry run rolls it all back.
  A refusal raises :class:`~liushou_desktop.sync.bundle_format.BundleRefused` and writes
  nothing, except that a changed key is held for ``pair accept`` after the rollback.

Files are written by :func:`~liushou_desktop.sync.bundle_format.write_bundle`: to a
temporary file on the stick, synced, renamed, then read back and checked; a failure
leaves no file and says so.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db import migrate
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation, SyncBundleLog, SyncPeer
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit, sync_conflicts, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import SYNC_BUNDLES, Actor
from liushou_desktop.domain.sync_conflicts import ConflictView
from liushou_desktop.domain.sync_peers import PeerService, SenderRefused
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.sync.bundle_format import (
    FORMAT_VERSION,
    SUFFIX,
    BundleHeader,
    BundleRefused,
    inspect_bundle,
    open_bundle,
    write_bundle,
)
from liushou_desktop.sync.identity import PublicIdentity, load_identity
from liushou_desktop.sync.merge import TableCounts, merge
from liushou_desktop.sync.payload import (
    PAYLOAD_FORMAT,
    PayloadFromNewerVersion,
    collect_changes,
    read_payload,
    township_payload,
)

__all__ = [
    "ConflictView",
    "ExportResult",
    "ImportOutcome",
    "BundleService",
    "bundle_file_name",
]

SCHOOL = vocab.INSTALLATION_SCHOOL
TOWNSHIP = vocab.INSTALLATION_TOWNSHIP
TO_TOWNSHIP, TO_SCHOOL = "school_to_township", "township_to_school"
MERGED, DRY_RUN, ALREADY = "merged", "dry_run", "already_imported"


@dataclass(frozen=True)
class ExportResult:
    """A bundle written and read back: where, how big, for whom, what it holds
    (rows per payload table) and the clock range of the changes."""

    path: Path
    size: int
    kind: str
    recipient: str
    recipient_name: str
    counts: dict[str, int]
    clock_from: int
    clock_to: int


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (or, for a dry run, would do).

    ``status`` is ``merged``, ``dry_run`` or ``already_imported``; ``tables`` the merge's
    counts per synced table (empty when already imported); ``conflicts`` the conflicts
    this bundle listed; ``summary`` plain-language lines for a person.
    """

    status: str
    header: BundleHeader
    tables: dict[str, TableCounts]
    conflicts: tuple[ConflictView, ...]
    summary: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """What ``bundle import --json`` prints."""
        return {
            "status": self.status,
            "sender": self.header.sender,
            "bundle_id": self.header.bundle_id,
            "tables": {name: vars(counts) for name, counts in self.tables.items()},
            "conflicts": len(self.conflicts),
            "summary": list(self.summary),
        }


class _DryRun(Exception):
    """Raised inside the import's transaction to roll a dry run back."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


def bundle_file_name(sender: str, recipient: str | None, now_local: Any) -> str:
    """``同步包-<sender>-<YYYYMMDD-HHMM>.lsb`` (the township adds the school's code)."""
    middle = f"{sender}-{recipient}" if recipient else sender
    return f"同步包-{middle}-{now_local:%Y%m%d-%H%M}{SUFFIX}"


def _installation(session: Session) -> Installation:
    row = session.scalars(select(Installation)).first()
    if row is None:
        raise NotSetUpError()
    return row


def _newer_schema(version: str) -> bool:
    head = migrate.HEAD_REVISION
    try:
        return int(version) > int(head)
    except ValueError:
        return version != head


def _plain(text: str, **params: Any) -> str:
    return text.format(**params)


def _summary(status: str, tables: dict[str, TableCounts], conflicts: int) -> tuple[str, ...]:
    if status == ALREADY:
        return ("Nothing new: this bundle was already imported (or a newer one was).",)
    children = tables.get("child", TableCounts(0, 0, 0, 0)).new
    notices = tables.get("notice", TableCounts(0, 0, 0, 0)).new
    new_other = sum(c.new for name, c in tables.items() if name not in ("child", "notice"))
    changed = sum(c.changed for c in tables.values())
    deleted = sum(c.deleted for c in tables.values())
    lines = []
    if children:
        lines.append(_plain("{n} new children", n=children))
    if notices:
        lines.append(_plain("{n} new notices from the township", n=notices))
    if new_other:
        lines.append(_plain("{n} other new records", n=new_other))
    if changed:
        lines.append(_plain("{n} changed records", n=changed))
    if conflicts:
        lines.append(_plain("{n} conflicts to review", n=conflicts))
    if deleted:
        lines.append(_plain("{n} records deleted", n=deleted))
    if not lines:
        lines.append("Nothing new in this bundle.")
    if status == DRY_RUN:
        lines.append("Preview only: nothing was written.")
    return tuple(lines)


class BundleService:
    """Sync bundles of this installation: export, inspect, import, conflicts."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now
        self._peers = PeerService(db, now)

    # --- export ---------------------------------------------------------------------

    def export(
        self,
        actor: Actor,
        out: Path,
        *,
        full: bool = False,
        to: str | None = None,
        all_schools: bool = False,
    ) -> list[ExportResult]:
        """Write one bundle per recipient to ``out`` (a folder, or a ``.lsb`` file path
        for a single recipient), read each back, log and audit them (``bundle_exported``).

        At a school: to its township (``full``: every row, else what changed since the
        township's last receipt). At the township: a receipt, the notices and the shared
        templates to the school ``to`` or to every paired school (``all_schools``).
        """
        enforce(self._db, actor, SYNC_BUNDLES, self._now)
        me = self._peers.identity()
        now = self._now()
        results: list[ExportResult] = []
        with self._db.session_scope(actor.username) as session:
            installation = _installation(session)
            targets = self._targets(session, installation.role, full, to, all_schools)
            single = out.suffix.lower() == SUFFIX
            if single and len(targets) > 1:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "Bundles for {n} schools are written into a folder: choose a folder "
                        "(the USB stick), not the file {path}.",
                    ),
                    {"n": len(targets), "path": str(out)},
                )
            folder = out.parent if single else out
            if not folder.is_dir():
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "The folder {folder} does not exist. Check that the USB stick is "
                        "plugged in, or choose another folder.",
                    ),
                    {"folder": str(folder)},
                )
            for_schools = None if installation.role == SCHOOL else township_payload(session)
            for peer in targets:
                if installation.role == SCHOOL:
                    since = 0 if full else peer.acked_clock
                    payload = collect_changes(session, since)
                    manifest: dict[str, Any] = {}
                    kind, carried = TO_TOWNSHIP, me.public().to_json()
                else:
                    assert for_schools is not None
                    payload = for_schools
                    manifest = {"receipt": {"school": peer.code, "clock": peer.received_clock}}
                    kind, carried = TO_SCHOOL, None
                manifest.update(
                    counts=payload.counts,
                    content_hash=payload.content_hash,
                    payload_format=PAYLOAD_FORMAT,
                )
                recipient = _public(peer)
                header = BundleHeader(
                    format_version=FORMAT_VERSION,
                    schema_version=migrate.HEAD_REVISION,
                    kind=kind,
                    sender=me.code,
                    sender_fingerprint=me.public().fingerprint,
                    recipient=recipient.code,
                    recipient_fingerprint=recipient.fingerprint,
                    clock_from=payload.clock_from,
                    clock_to=payload.clock_to,
                    created_at=now.replace(tzinfo=UTC).isoformat(),
                    bundle_id=str(uuid.uuid4()),
                    sender_identity=carried,
                )
                target = out if single else _free_name(folder, me.code, peer, installation, now)
                size = write_bundle(target, header, manifest, payload.data, me, recipient)
                session.add(
                    SyncBundleLog(
                        bundle_id=header.bundle_id,
                        direction="out",
                        sender=me.code,
                        recipient=peer.code,
                        kind=kind,
                        clock_from=header.clock_from,
                        clock_to=header.clock_to,
                        created_at=header.created_at,
                        logged_at=now,
                        status="written",
                        counts=payload.counts,
                        file_sha256=_sha256(target),
                    )
                )
                audit.append(
                    session,
                    actor=actor.username,
                    action="bundle_exported",
                    now=now,
                    object_type="sync_bundle",
                    object_id=header.bundle_id,
                    detail={
                        "path": str(target),
                        "recipient": peer.code,
                        "kind": kind,
                        "full": full,
                        "clock_from": header.clock_from,
                        "clock_to": header.clock_to,
                        "counts": payload.counts,
                    },
                )
                results.append(
                    ExportResult(
                        path=target,
                        size=size,
                        kind=kind,
                        recipient=peer.code,
                        recipient_name=peer.name,
                        counts=dict(payload.counts),
                        clock_from=header.clock_from,
                        clock_to=header.clock_to,
                    )
                )
        return results

    @staticmethod
    def _targets(
        session: Session, role: str, full: bool, to: str | None, all_schools: bool
    ) -> list[SyncPeer]:
        if role == SCHOOL:
            if to or all_schools:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "A school's bundle always goes to its township: leave out --to and "
                        "--all (they are for the township).",
                    )
                )
            peer = session.scalars(
                select(SyncPeer).where(SyncPeer.role == TOWNSHIP, SyncPeer.identity.is_not(None))
            ).first()
            if peer is None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This school is not paired with its township yet, so no bundle can "
                        "be made. Import the township's pairing file first (pair import).",
                    )
                )
            return [peer]
        if full:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "--full is for a school's bundle. The township sends receipts: use "
                    "--to CODE or --all.",
                )
            )
        if to:
            peer = session.get(SyncPeer, to.strip())
            if peer is None or peer.role != SCHOOL:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "No school with the code {code} is entered here (see schools list).",
                    ),
                    {"code": to},
                )
            if peer.identity is None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "The school {name} ({code}) has not sent its first bundle yet, so its "
                        "key is not known and nothing can be sent to it. Import its bundle "
                        "first.",
                    ),
                    {"name": peer.name, "code": peer.code},
                )
            return [peer]
        if not all_schools:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "Say which school the bundle is for: --to CODE, or --all for every school.",
                )
            )
        peers = list(
            session.scalars(
                select(SyncPeer)
                .where(SyncPeer.role == SCHOOL, SyncPeer.identity.is_not(None))
                .order_by(SyncPeer.code)
            )
        )
        if not peers:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "No school has sent its first bundle yet, so there is no school to send "
                    "to. Import the schools' bundles first.",
                )
            )
        return peers

    # --- inspect and import ---------------------------------------------------------

    def inspect(self, source: Path) -> BundleHeader:
        """The bundle's header, read without a key (its structure checked, not its
        authenticity). Raises :class:`BundleRefused` or :class:`UserError`."""
        return inspect_bundle(source)

    def import_bundle(self, actor: Actor, source: Path, *, dry_run: bool = False) -> ImportOutcome:
        """Check the bundle at ``source`` completely, then merge it in one transaction
        (rolled back for a dry run). See the module docstring."""
        enforce(self._db, actor, SYNC_BUNDLES, self._now)
        header = inspect_bundle(source)
        if _newer_schema(header.schema_version):
            raise BundleRefused("newer_schema")
        if load_identity(self._peers.keys_folder) is None:  # no keys: not made for us
            raise BundleRefused("wrong_recipient")
        me = self._peers.identity()
        held: list[Any] = []
        try:
            with self._db.session_scope(actor.username) as session:
                outcome = self._take(session, actor, source, me, held, dry_run)
                if dry_run:
                    raise _DryRun(outcome)
                return outcome
        except _DryRun as rolled_back:
            return rolled_back.outcome
        except BundleRefused:
            if held:
                self._peers.hold_pending(actor.username, held[0])
            raise

    def _take(
        self, session: Session, actor: Actor, source: Path, me: Any, held: list[Any], dry: bool
    ) -> ImportOutcome:
        role = _installation(session).role
        to_pin: list[Any] = []

        def sender_key(header: BundleHeader) -> Any:
            expected = TO_TOWNSHIP if role == TOWNSHIP else TO_SCHOOL
            if header.kind != expected:
                raise BundleRefused("wrong_recipient")
            try:
                identity, pin = self._peers.resolve_sender(
                    session, header.sender, header.sender_fingerprint, header.sender_identity
                )
            except SenderRefused as exc:
                if exc.offered is not None:
                    held.append(exc.offered)
                raise BundleRefused(exc.reason) from exc
            if pin:
                to_pin.append(identity)
            return identity

        opened = open_bundle(source, me, sender_key)
        header, manifest = opened.header, opened.manifest
        try:
            reader = read_payload(opened.payload, header.schema_version)
        except UserError as exc:
            reason = "newer_schema" if isinstance(exc, PayloadFromNewerVersion) else "tampered"
            raise BundleRefused(reason) from exc
        with reader:
            if (
                manifest.get("counts") != reader.counts
                or manifest.get("content_hash") != reader.content_hash
                or (reader.clock_from, reader.clock_to) != (header.clock_from, header.clock_to)
            ):
                raise BundleRefused("tampered")
            peer = session.get(SyncPeer, header.sender)
            if self._already(session, header, peer, manifest):
                return ImportOutcome(ALREADY, header, {}, (), _summary(ALREADY, {}, 0))
            now = self._now()
            report = merge(session, reader, bundle_id=header.bundle_id, now=now, dry_run=dry)
        for identity in to_pin:
            self._peers.pin(session, identity)
        peer = session.get(SyncPeer, header.sender)
        assert peer is not None
        if header.kind == TO_TOWNSHIP:
            if header.clock_from <= peer.received_clock and not report.problems:
                peer.received_clock = max(peer.received_clock, header.clock_to)
        else:
            peer.received_clock = max(peer.received_clock, header.clock_to)
            acked = _receipt_clock(manifest, me.code)
            peer.acked_clock = max(peer.acked_clock, acked)
        peer.last_bundle_at = now
        counts = {name: vars(c) for name, c in report.tables.items()}
        session.add(
            SyncBundleLog(
                bundle_id=header.bundle_id,
                direction="in",
                sender=header.sender,
                recipient=header.recipient,
                kind=header.kind,
                clock_from=header.clock_from,
                clock_to=header.clock_to,
                created_at=header.created_at,
                logged_at=now,
                status=MERGED,
                counts=counts,
                file_sha256=_sha256(source),
            )
        )
        audit.append(
            session,
            actor=actor.username,
            action="bundle_imported",
            now=now,
            object_type="sync_bundle",
            object_id=header.bundle_id,
            detail={
                "path": str(source),
                "sender": header.sender,
                "kind": header.kind,
                "clock_from": header.clock_from,
                "clock_to": header.clock_to,
                "conflicts": report.conflicts,
                "left_out": len(report.problems),
            },
        )
        session.flush()
        conflicts = tuple(sync_conflicts.conflict_views(session, bundle_id=header.bundle_id))
        status = DRY_RUN if dry else MERGED
        return ImportOutcome(
            status,
            header,
            report.tables,
            conflicts,
            _summary(status, report.tables, len(conflicts)),
        )

    @staticmethod
    def _already(
        session: Session, header: BundleHeader, peer: SyncPeer | None, manifest: dict[str, Any]
    ) -> bool:
        """The same bundle again, or one older than what was merged from its sender."""
        if session.get(SyncBundleLog, header.bundle_id) is not None:
            return True
        if peer is None or header.clock_to <= 0 or header.clock_to > peer.received_clock:
            return False
        if header.kind == TO_SCHOOL:  # a receipt may still move the acknowledged clock
            return _receipt_clock(manifest, header.recipient) <= peer.acked_clock
        return True

    # --- conflicts ------------------------------------------------------------------

    def conflicts(self, actor: Actor, *, include_resolved: bool = False) -> list[ConflictView]:
        """The merge conflicts to review, newest first (and decided ones if asked)."""
        enforce(self._db, actor, SYNC_BUNDLES, self._now)
        with self._db.session_scope(actor.username) as session:
            return sync_conflicts.conflict_views(session, include_resolved=include_resolved)

    def reverse_conflict(self, actor: Actor, conflict_id: int) -> None:
        """Put the value a merge set aside back (a new edit here: it then wins on every
        later exchange) and mark the conflict decided; audited ``conflict_reversed``."""
        self._decide(actor, conflict_id, reverse=True)

    def keep_conflict(self, actor: Actor, conflict_id: int) -> None:
        """Mark the conflict reviewed, the kept value staying; audited ``conflict_kept``."""
        self._decide(actor, conflict_id, reverse=False)

    def _decide(self, actor: Actor, conflict_id: int, *, reverse: bool) -> None:
        enforce(self._db, actor, SYNC_BUNDLES, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            decide = sync_conflicts.reverse if reverse else sync_conflicts.keep
            row = decide(session, conflict_id, actor.username, now)
            audit.append(
                session,
                actor=actor.username,
                action="conflict_reversed" if reverse else "conflict_kept",
                now=now,
                object_type=row.table_name,
                object_id=row.row_id,
                detail={"conflict": conflict_id, "field": row.field},
            )


# --- helpers ----------------------------------------------------------------------------


def _public(peer: SyncPeer) -> PublicIdentity:
    assert peer.identity is not None
    return PublicIdentity.from_json(peer.identity)


def _receipt_clock(manifest: dict[str, Any], school: str) -> int:
    receipt = manifest.get("receipt")
    if not isinstance(receipt, dict) or receipt.get("school") != school:
        return 0
    clock = receipt.get("clock")
    return clock if type(clock) is int and clock >= 0 else 0


def _free_name(
    folder: Path, sender: str, peer: SyncPeer, installation: Installation, now: Any
) -> Path:
    recipient = peer.code if installation.role == TOWNSHIP else None
    local = now.replace(tzinfo=UTC).astimezone()
    name = bundle_file_name(sender, recipient, local)
    target = folder / name
    number = 2
    while target.exists():
        target = folder / name.replace(SUFFIX, f"-{number}{SUFFIX}")
        number += 1
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
