"""BundleService: export, import, receipts, refusals, dry runs and conflicts, with real
databases, real keys and real bundle files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from liushou_desktop.db import migrate
from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import (
    AuditEntry,
    Child,
    MergeConflict,
    SyncBundleLog,
    SyncPeer,
    Talk,
)
from liushou_desktop.domain import sync_bundles
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor, cli_actor
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.domain.sync_bundles import BundleService
from liushou_desktop.domain.sync_peers import PeerService
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from liushou_desktop.sync import bundle_format
from liushou_desktop.sync.bundle_format import REASONS, BundleRefused
from tests.helpers import SCHOOL, FakeClock

TOWN_CODE = "XCZ"
SCHOOL_A = "5205261001"
SCHOOL_B = "5205261002"


@dataclass
class Place:
    """An installation: its database, its administrator (the CLI's actor), its service."""

    db: Database
    actor: Actor
    clock: FakeClock

    @property
    def bundles(self) -> BundleService:
        return BundleService(self.db, self.clock)

    @property
    def peers(self) -> PeerService:
        return PeerService(self.db, self.clock)


def make_township(root: Path, clock: FakeClock) -> Place:
    db = open_database(DataDir(root / "township").ensure(), now=clock)
    SetupService(db, clock).set_up(
        replace(SCHOOL, role="township", code=TOWN_CODE, name="新场镇"), "t"
    )
    return Place(db, cli_actor("township"), clock)


def make_school(root: Path, clock: FakeClock, code: str = SCHOOL_A, children: int = 3) -> Place:
    db = open_database(DataDir(root / code).ensure(), now=clock)
    SetupService(db, clock).set_up(replace(SCHOOL, code=code, name=f"学校{code[-2:]}"), "t")
    DemoService(db, clock).add_children(children, "t")
    return Place(db, cli_actor("school"), clock)


def pair(town: Place, school: Place, stick: Path) -> None:
    stick.mkdir(exist_ok=True)
    pairing = stick / "pairing.json"
    if not pairing.exists():
        town.peers.export_pairing(town.actor, pairing)
    school.peers.import_pairing(school.actor, pairing)


def export(place: Place, out: Path, **options: object) -> Path:
    out.mkdir(exist_ok=True)
    (result,) = place.bundles.export(place.actor, out, **options)  # type: ignore[arg-type]
    return result.path


def state(db: Database) -> str:
    """A hash of every row of every table (local tables included) of ``db``."""
    digest = hashlib.sha256()
    with db.session_scope("t") as session:
        connection = session.connection()
        tables = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        for table in list(tables):
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
            digest.update(f"{table}\n{sorted(map(repr, rows))}\n".encode())
    return digest.hexdigest()


def count(db: Database, model: type) -> int:
    with db.session_scope("t") as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def later(clock: FakeClock, minutes: int = 5) -> None:
    clock.value += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def world(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[Place, Place, Path]]:
    """A township and a paired school with 3 children, and a stick folder."""
    town, school = make_township(tmp_path, clock), make_school(tmp_path, clock)
    stick = tmp_path / "stick"
    pair(town, school, stick)
    yield town, school, stick
    town.db.close()
    school.db.close()


def first_child_id(db: Database) -> str:
    with db.session_scope("t") as session:
        return str(session.scalars(select(Child.id).order_by(Child.id)).first())


def set_child(place: Place, child_id: str, **values: object) -> None:
    later(place.clock)
    with place.db.session_scope("t") as session:
        child = session.get(Child, child_id)
        assert child is not None
        for name, value in values.items():
            setattr(child, name, value)


# --- the round trip ------------------------------------------------------------------------


def test_round_trip_school_township_school(world: tuple[Place, Place, Path]) -> None:
    town, school, stick = world
    first = export(school, stick / "1")
    assert first.name.startswith(f"同步包-{SCHOOL_A}-") and first.suffix == ".lsb"
    assert not list((stick / "1").glob("*.tmp"))
    header = town.bundles.inspect(first)
    assert header.sender == SCHOOL_A and header.recipient == TOWN_CODE
    assert header.sender_identity is not None  # the township pins it

    outcome = town.bundles.import_bundle(town.actor, first)
    assert outcome.status == "merged"
    assert outcome.tables["child"].new == 3 and outcome.tables["talk"].new == count(school.db, Talk)
    assert "3 new children" in outcome.summary
    assert count(town.db, Child) == 3
    with town.db.session_scope("t") as session:
        peer = session.get(SyncPeer, SCHOOL_A)
        assert peer is not None and peer.fingerprint and peer.received_clock == header.clock_to
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "bundle_imported" in actions and "peer_pinned" in actions

    again = town.bundles.import_bundle(town.actor, first)
    assert again.status == "already_imported" and not again.tables

    receipt = export(town, stick / "r", to=SCHOOL_A)
    assert receipt.name.startswith(f"同步包-{TOWN_CODE}-{SCHOOL_A}-")
    taken = school.bundles.import_bundle(school.actor, receipt)
    assert taken.status == "merged"
    with school.db.session_scope("t") as session:
        township = session.get(SyncPeer, TOWN_CODE)
        assert township is not None and township.acked_clock == header.clock_to

    # the next bundle holds only what changed since: one child edited
    child_id = first_child_id(school.db)
    set_child(school, child_id, hobbies="下棋")
    (stick / "2").mkdir()
    (second,) = school.bundles.export(school.actor, stick / "2")
    assert second.counts["child"] == 1 and second.counts["talk"] == 0
    assert second.clock_from == header.clock_to
    merged = town.bundles.import_bundle(town.actor, second.path)
    assert merged.tables["child"].changed == 1
    with town.db.session_scope("t") as session:
        assert session.get(Child, child_id).hobbies == "下棋"  # type: ignore[union-attr]

    (everything,) = school.bundles.export(school.actor, stick / "2", full=True)
    assert everything.counts["child"] == 3 and everything.clock_from == 0
    # a full bundle after the township has it all: old news
    assert town.bundles.import_bundle(town.actor, everything.path).status == "already_imported"
    # the first bundle, arriving late after a newer one: harmless, nothing changes
    before = state(town.db)
    assert town.bundles.import_bundle(town.actor, first).status == "already_imported"
    assert state(town.db) == before


def test_a_bundle_from_a_school_not_yet_upgraded_is_taken_in(
    world: tuple[Place, Place, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 0008 added the township's notices; a school still on 0007 sends bundles
    without them, and the township (upgraded first) takes them in."""
    import sqlite3

    from liushou_desktop.sync import payload as payload_module

    town, school, stick = world
    made = payload_module.collect_changes

    def as_made_by_0007(session: object, since: int = 0) -> payload_module.Payload:
        new = made(session, since)  # type: ignore[arg-type]
        connection = sqlite3.connect(":memory:")
        connection.deserialize(new.data)
        connection.execute("DROP TABLE notice")
        connection.commit()
        data = connection.serialize()
        connection.close()
        counts = {k: v for k, v in new.counts.items() if k != "notice"}
        content_hash = payload_module.content_hash(data)
        return payload_module.Payload(data, counts, content_hash, new.clock_from, new.clock_to)

    with monkeypatch.context() as old_version:
        old_version.setattr(sync_bundles, "collect_changes", as_made_by_0007)
        old_version.setattr(migrate, "HEAD_REVISION", "0007")
        bundle = export(school, stick / "old")
    assert town.bundles.inspect(bundle).schema_version == "0007"
    outcome = town.bundles.import_bundle(town.actor, bundle)
    assert outcome.status == "merged" and outcome.tables["child"].new == 3
    assert outcome.tables["notice"].new == 0


def test_export_logs_and_audits(world: tuple[Place, Place, Path]) -> None:
    _town, school, stick = world
    path = export(school, stick / "out")
    with school.db.session_scope("t") as session:
        (log,) = session.scalars(select(SyncBundleLog)).all()
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (log.direction, log.status, log.recipient) == ("out", "written", TOWN_CODE)
    assert log.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry is not None and entry.action == "bundle_exported"


def test_export_to_a_file_path_and_refusals(
    world: tuple[Place, Place, Path], tmp_path: Path
) -> None:
    town, school, stick = world
    target = stick / "mine.lsb"
    (result,) = school.bundles.export(school.actor, target)
    assert result.path == target and target.stat().st_size == result.size
    with pytest.raises(UserError, match="does not exist"):
        school.bundles.export(school.actor, tmp_path / "no-stick")
    with pytest.raises(UserError, match="leave out --to"):
        school.bundles.export(school.actor, stick, to=TOWN_CODE)
    with pytest.raises(UserError, match="has not sent its first bundle"):
        town.peers.add_school(town.actor, SCHOOL_B, "学校02", 10)
        town.bundles.export(town.actor, stick, to=SCHOOL_B)
    with pytest.raises(UserError, match="No school has sent"):
        town.bundles.export(town.actor, stick, all_schools=True)
    with pytest.raises(UserError, match="--full is for a school"):
        town.bundles.export(town.actor, stick, full=True)


def test_an_unpaired_school_cannot_export(tmp_path: Path, clock: FakeClock) -> None:
    school = make_school(tmp_path, clock)
    with pytest.raises(UserError, match="not paired with its township"):
        school.bundles.export(school.actor, tmp_path)
    assert not list(tmp_path.glob("*.lsb"))


def test_a_stick_that_does_not_keep_the_file_leaves_nothing(
    world: tuple[Place, Place, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _town, school, stick = world
    out = stick / "liar"
    out.mkdir()

    def lying_rename(partial: Path, target: Path) -> None:
        data = bytearray(partial.read_bytes())
        data[-1] ^= 1
        target.write_bytes(bytes(data))
        partial.unlink()

    monkeypatch.setattr(bundle_format, "_publish", lying_rename)
    school.peers.identity()  # its keys are made (and audited) on first use
    before = state(school.db)
    with pytest.raises(UserError, match="did not keep the sync bundle"):
        school.bundles.export(school.actor, out)
    assert list(out.iterdir()) == []
    assert state(school.db) == before  # not logged as written


# --- refusals --------------------------------------------------------------------------------


def refused(place: Place, path: Path, reason: str) -> BundleRefused:
    before = state(place.db)
    with pytest.raises(BundleRefused) as caught:
        place.bundles.import_bundle(place.actor, path)
    assert caught.value.reason == reason and reason in REASONS
    assert state(place.db) == before
    return caught.value


def test_each_refusal_has_its_own_reason_and_message(
    world: tuple[Place, Place, Path], tmp_path: Path, clock: FakeClock
) -> None:
    town, school, stick = world
    bundle = export(school, stick / "a")
    messages = set()

    # wrong recipient: a school given a school's bundle; another township given it
    other_town = make_township(tmp_path / "other", clock)
    messages.add(str(refused(other_town, bundle, "wrong_recipient")))
    # a newer schema: nothing written
    monkey = pytest.MonkeyPatch()
    monkey.setattr(migrate, "HEAD_REVISION", "9999")
    newer = export(school, stick / "newer")
    monkey.undo()
    messages.add(str(refused(town, newer, "newer_schema")))
    # an unpaired sender: a school paired with nobody sends to ... the school refuses a
    # township it never paired with
    stranger = make_school(tmp_path / "stranger", clock, SCHOOL_B)
    receipt_for_a = _first_receipt(town, school, stick, bundle)
    messages.add(str(refused(stranger, receipt_for_a, "wrong_recipient")))
    # a township receiving from an unknown school that sent no identity
    messages.add(str(refused(town, _without_identity(stranger, town, stick), "unpaired")))
    # tampered and truncated
    data = bundle.read_bytes()
    flipped = stick / "flipped.lsb"
    flipped.write_bytes(data[:-5] + bytes([data[-5] ^ 0x40]) + data[-4:])
    messages.add(str(refused(town, flipped, "tampered")))
    cut = stick / "cut.lsb"
    cut.write_bytes(data[: len(data) - 20])
    messages.add(str(refused(town, cut, "truncated")))
    assert len(messages) == 5  # wrong_recipient twice: one message per reason
    other_town.db.close()
    stranger.db.close()


def _first_receipt(town: Place, school: Place, stick: Path, bundle: Path) -> Path:
    town.bundles.import_bundle(town.actor, bundle)
    return export(town, stick / "receipts", to=school_code(school))


def school_code(place: Place) -> str:
    with place.db.session_scope("t") as session:
        return str(session.execute(text("SELECT code FROM installation")).scalar())


def _without_identity(school: Place, town: Place, stick: Path) -> Path:
    """A bundle from ``school`` to ``town`` that does not carry the school's keys."""
    town_public = town.peers.identity().public()
    with school.db.session_scope("t") as session:
        session.add(
            SyncPeer(
                code=TOWN_CODE,
                name="新场镇",
                role="township",
                identity=town_public.to_json(),
                fingerprint=town_public.fingerprint,
                added_at=school.clock(),
            )
        )
    real = bundle_format.write_bundle

    def strip(target, header, manifest, payload, sender, recipient, **kw):  # type: ignore[no-untyped-def]
        return real(
            target,
            replace(header, sender_identity=None),
            manifest,
            payload,
            sender,
            recipient,
            **kw,
        )

    monkey = pytest.MonkeyPatch()
    monkey.setattr(sync_bundles, "write_bundle", strip)
    try:
        return export(school, stick / "no-identity")
    finally:
        monkey.undo()


def test_a_school_refuses_a_township_it_never_paired_with(
    world: tuple[Place, Place, Path], tmp_path: Path, clock: FakeClock
) -> None:
    town, school, stick = world
    town.bundles.import_bundle(town.actor, export(school, stick / "a"))
    receipt = export(town, stick / "r", to=SCHOOL_A)
    with school.db.session_scope("t") as session:
        session.delete(session.get(SyncPeer, TOWN_CODE))
    refused(school, receipt, "unpaired")


def test_a_changed_key_is_held_then_accepted_then_imports(
    world: tuple[Place, Place, Path],
) -> None:
    town, school, stick = world
    town.bundles.import_bundle(town.actor, export(school, stick / "a"))
    # the school PC was reinstalled with new keys (same code)
    keys = school.peers.keys_folder
    for file in keys.iterdir():
        file.unlink()
    new_fingerprint = school.peers.identity().public().fingerprint
    set_child(school, first_child_id(school.db), hobbies="新电脑")
    bundle = export(school, stick / "b", full=True)
    with pytest.raises(BundleRefused) as caught:
        town.bundles.import_bundle(town.actor, bundle)
    assert caught.value.reason == "key_changed"
    with town.db.session_scope("t") as session:
        peer = session.get(SyncPeer, SCHOOL_A)
        assert peer is not None and peer.pending_identity is not None
        assert peer.pending_identity["fingerprint"] == new_fingerprint
        assert session.scalar(select(func.count()).select_from(SyncBundleLog)) == 1  # the first
        assert (
            session.scalar(select(Child.hobbies).where(Child.id == first_child_id(school.db)))
            != "新电脑"
        )
    town.peers.accept(town.actor, SCHOOL_A)
    assert town.bundles.import_bundle(town.actor, bundle).status == "merged"
    with town.db.session_scope("t") as session:
        assert session.get(Child, first_child_id(school.db)).hobbies == "新电脑"  # type: ignore[union-attr]


# --- dry run -------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_counts_the_same(world: tuple[Place, Place, Path]) -> None:
    town, school, stick = world
    bundle = export(school, stick / "a")
    before = state(town.db)
    preview = town.bundles.import_bundle(town.actor, bundle, dry_run=True)
    assert preview.status == "dry_run" and preview.summary[-1].startswith("Preview only")
    assert state(town.db) == before
    real = town.bundles.import_bundle(town.actor, bundle)
    assert real.status == "merged" and real.tables == preview.tables
    assert town.bundles.import_bundle(town.actor, bundle, dry_run=True).status == (
        "already_imported"
    )


# --- conflicts ------------------------------------------------------------------------------


def test_a_transferred_child_edited_at_two_schools_shows_a_conflict_to_reverse(
    world: tuple[Place, Place, Path], tmp_path: Path, clock: FakeClock
) -> None:
    town, school, stick = world
    other = make_school(tmp_path, clock, SCHOOL_B)
    pair(town, other, stick)
    a_id = first_child_id(school.db)
    with school.db.session_scope("t") as session:
        id_number = session.get(Child, a_id).id_number  # type: ignore[union-attr]
    b_id = first_child_id(other.db)
    set_child(other, b_id, id_number=id_number)  # the child transferred: registered at B too
    set_child(school, a_id, hobbies="甲校填的爱好")
    set_child(other, b_id, hobbies="乙校填的爱好")
    town.bundles.import_bundle(town.actor, export(school, stick / "a"))
    outcome = town.bundles.import_bundle(town.actor, export(other, stick / "b"))
    assert outcome.tables["child"].conflicting == 1
    (conflict,) = [c for c in town.bundles.conflicts(town.actor) if c.field == "hobbies"]
    assert conflict in outcome.conflicts
    assert {conflict.kept, conflict.lost} == {"甲校填的爱好", "乙校填的爱好"}
    assert conflict.child_name and {conflict.kept_origin_name, conflict.lost_origin_name} == {
        "学校01",
        "学校02",
    }
    survivor = conflict.row_id
    later(clock)
    town.bundles.reverse_conflict(town.actor, conflict.id)
    with town.db.session_scope("t") as session:
        assert session.get(Child, survivor).hobbies == conflict.lost  # type: ignore[union-attr]
        assert session.get(MergeConflict, conflict.id).resolved_by == "cli"  # type: ignore[union-attr]
    assert town.bundles.conflicts(town.actor) == [] or all(
        c.id != conflict.id for c in town.bundles.conflicts(town.actor)
    )
    assert any(
        c.id == conflict.id and c.resolved
        for c in town.bundles.conflicts(town.actor, include_resolved=True)
    )
    # the next exchange: both schools send everything again; the reversed value wins
    for place, folder in ((school, "a2"), (other, "b2")):
        set_child(place, first_child_id(place.db), address="新地址")  # something new
        town.bundles.import_bundle(town.actor, export(place, stick / folder, full=True))
    with town.db.session_scope("t") as session:
        assert session.get(Child, survivor).hobbies == conflict.lost  # type: ignore[union-attr]
    with pytest.raises(UserError, match="already decided"):
        town.bundles.keep_conflict(town.actor, conflict.id)
    other.db.close()


def test_keep_conflict_marks_it_reviewed(
    world: tuple[Place, Place, Path], tmp_path: Path, clock: FakeClock
) -> None:
    town, _school, _stick = world
    with town.db.session_scope("t") as session:
        session.add(
            MergeConflict(
                table_name="child", row_id="x", field="hobbies", kept=json.dumps("a"),
                lost=json.dumps("b"), seen_at=clock(),
            )
        )  # fmt: skip
    (view,) = town.bundles.conflicts(town.actor)
    assert (view.kept, view.lost, view.child_name) == ("a", "b", "")
    town.bundles.keep_conflict(town.actor, view.id)
    assert town.bundles.conflicts(town.actor) == []
    with pytest.raises(UserError, match="no conflict number 999"):
        town.bundles.reverse_conflict(town.actor, 999)


def test_the_file_name_of_a_bundle() -> None:
    from datetime import datetime

    moment = datetime(2026, 11, 2, 16, 30)
    assert sync_bundles.bundle_file_name("5205261001", None, moment) == (
        "同步包-5205261001-20261102-1630.lsb"
    )
    assert sync_bundles.bundle_file_name("XCZ", "5205261001", moment) == (
        "同步包-XCZ-5205261001-20261102-1630.lsb"
    )
