"""Pairing: keys made on first use, the pairing file, the schools, changed keys, senders."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import AuditEntry, SyncPeer
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.domain.sync_peers import (
    KEYS_FOLDER,
    REASON_KEY_CHANGED,
    REASON_UNPAIRED,
    PeerService,
    SenderRefused,
)
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from liushou_desktop.sync.identity import (
    IDENTITY_FILE,
    PublicIdentity,
    generate_identity,
    pairing_file_bytes,
    save_identity,
)
from tests.helpers import SCHOOL, FakeClock

TOWNSHIP = replace(SCHOOL, role="township", name="新场镇", code="XCZ")
ADMIN = Actor(username="admin", role="admin")
TA = Actor(username="tadmin", role="township_admin")


@pytest.fixture
def township_db(tmp_path: Path, clock: FakeClock) -> Iterator[Database]:
    database = open_database(DataDir(tmp_path / "township"), now=clock)
    SetupService(database, clock).set_up(TOWNSHIP, "test")
    yield database
    database.close()


def audit_actions(db: Database) -> list[tuple[str, str, dict[str, Any]]]:
    with db.session_scope("test") as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return [(row.action, row.object_id, json.loads(row.detail)) for row in rows]


def peer_row(db: Database, code: str) -> SyncPeer | None:
    with db.session_scope("test") as session:
        return session.get(SyncPeer, code)


def peer_count(db: Database) -> int:
    with db.session_scope("test") as session:
        return int(session.scalar(select(func.count()).select_from(SyncPeer)) or 0)


def paired(township_db: Database, school_db: Database, clock: FakeClock, tmp_path: Path) -> Path:
    """Export the township's pairing file and import it at the school."""
    stick = tmp_path / "stick" / "新场镇.json"
    PeerService(township_db, clock).export_pairing(TA, stick)
    PeerService(school_db, clock).import_pairing(ADMIN, stick)
    return stick


# --- this installation's keys -----------------------------------------------------------


def test_identity_is_made_once_from_the_installation(school_db: Database) -> None:
    service = PeerService(school_db)
    first = service.identity()
    assert (first.code, first.name, first.role) == (SCHOOL.code, SCHOOL.name, "school")
    again = PeerService(school_db).identity()
    assert again.public() == first.public()
    made = [a for a in audit_actions(school_db) if a[0] == "keys_created"]
    assert made == [("keys_created", SCHOOL.code, {"fingerprint": first.public().fingerprint})]


def test_keys_folder_and_file_are_owner_only(school_db: Database) -> None:
    PeerService(school_db).identity()
    folder = school_db.data_dir.root / KEYS_FOLDER
    assert (folder / IDENTITY_FILE).is_file()
    if os.name == "nt":  # Windows: DPAPI seals the key bytes instead of file modes
        return
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / IDENTITY_FILE).stat().st_mode) == 0o600


def test_keys_of_another_installation_are_refused(school_db: Database) -> None:
    folder = school_db.data_dir.root / KEYS_FOLDER
    shutil.rmtree(folder)  # this school's own keys, made at set-up, replaced by another's
    save_identity(folder, generate_identity("9999999999", "别的学校", "school"))
    with pytest.raises(UserError, match="belong to “9999999999”"):
        PeerService(school_db).identity()


# --- the pairing file -----------------------------------------------------------------


def test_pairing_exported_at_the_township_and_imported_at_the_school(
    township_db: Database, school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    stick = tmp_path / "stick" / "pair.json"
    public = PeerService(township_db, clock).export_pairing(TA, stick)
    assert public == PeerService(township_db).identity().public()
    assert not list(stick.parent.glob(".*partial"))
    exported = [a for a in audit_actions(township_db) if a[0] == "pairing_exported"]
    assert exported == [
        ("pairing_exported", "XCZ", {"path": str(stick), "fingerprint": public.fingerprint})
    ]

    view = PeerService(school_db, clock).import_pairing(ADMIN, stick)
    assert (view.code, view.name, view.role) == ("XCZ", "新场镇", "township")
    assert view.fingerprint == public.fingerprint and view.paired and not view.key_pending
    row = peer_row(school_db, "XCZ")
    assert row is not None and PublicIdentity.from_json(row.identity) == public
    assert row.added_at == clock.value
    imported = [a for a in audit_actions(school_db) if a[0] == "pairing_imported"]
    assert len(imported) == 1 and imported[0][2]["fingerprint"] == public.fingerprint
    assert PeerService(school_db).schools(ADMIN) == [view]


def test_pair_export_is_refused_at_a_school(school_db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="pair export runs at the township"):
        PeerService(school_db).export_pairing(ADMIN, tmp_path / "p.json")
    assert not (tmp_path / "p.json").exists()
    assert "pairing_exported" not in [a[0] for a in audit_actions(school_db)]


def test_pair_import_is_refused_at_the_township(township_db: Database, tmp_path: Path) -> None:
    stick = tmp_path / "p.json"
    PeerService(township_db).export_pairing(TA, stick)
    with pytest.raises(UserError, match="pair import runs at a school"):
        PeerService(township_db).import_pairing(TA, stick)
    assert peer_count(township_db) == 0


def test_a_school_pairing_file_is_refused_at_a_school(school_db: Database, tmp_path: Path) -> None:
    other = generate_identity("5205261002", "二小", "school")
    stick = tmp_path / "p.json"
    stick.write_bytes(pairing_file_bytes(other))
    with pytest.raises(UserError, match="not the township's"):
        PeerService(school_db).import_pairing(ADMIN, stick)
    assert peer_count(school_db) == 0


def test_a_damaged_pairing_file_is_refused(school_db: Database, tmp_path: Path) -> None:
    township = generate_identity("XCZ", "新场镇", "township")
    data = bytearray(pairing_file_bytes(township))
    data[data.index(b"XCZ")] = ord("Y")
    stick = tmp_path / "p.json"
    stick.write_bytes(bytes(data))
    with pytest.raises(UserError):
        PeerService(school_db).import_pairing(ADMIN, stick)
    assert peer_count(school_db) == 0


def test_importing_the_same_file_again_is_harmless(
    township_db: Database, school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    stick = paired(township_db, school_db, clock, tmp_path)
    before = audit_actions(school_db)
    first = peer_row(school_db, "XCZ")
    view = PeerService(school_db, clock).import_pairing(ADMIN, stick)
    assert not view.key_pending and view.paired
    assert audit_actions(school_db) == before
    again = peer_row(school_db, "XCZ")
    assert first is not None and again is not None
    assert (again.identity, again.pending_identity) == (first.identity, None)


def test_changed_township_key_waits_then_is_accepted(
    township_db: Database, school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    paired(township_db, school_db, clock, tmp_path)
    old = peer_row(school_db, "XCZ")
    assert old is not None
    reinstalled = generate_identity("XCZ", "新场镇", "township")
    stick = tmp_path / "new.json"
    stick.write_bytes(pairing_file_bytes(reinstalled))
    new_fp = reinstalled.public().fingerprint
    with pytest.raises(UserError, match="pair accept XCZ") as refused:
        PeerService(school_db, clock).import_pairing(ADMIN, stick)
    assert old.fingerprint in str(refused.value) and new_fp in str(refused.value)
    row = peer_row(school_db, "XCZ")
    assert row is not None and row.identity == old.identity  # still the old key
    assert row.pending_identity is not None
    assert PublicIdentity.from_json(row.pending_identity) == reinstalled.public()
    (view,) = PeerService(school_db).schools(ADMIN)
    assert view.key_pending and view.pending_fingerprint == new_fp
    changed = [a for a in audit_actions(school_db) if a[0] == "peer_key_changed"]
    assert changed == [
        (
            "peer_key_changed",
            "XCZ",
            {"old_fingerprint": old.fingerprint, "new_fingerprint": new_fp},
        )
    ]
    # the same new file again: still refused, held once
    with pytest.raises(UserError):
        PeerService(school_db, clock).import_pairing(ADMIN, stick)
    assert len([a for a in audit_actions(school_db) if a[0] == "peer_key_changed"]) == 1

    accepted = PeerService(school_db, clock).accept(ADMIN, "XCZ")
    assert accepted.fingerprint == new_fp and not accepted.key_pending
    row = peer_row(school_db, "XCZ")
    assert row is not None and row.pending_identity is None
    assert PublicIdentity.from_json(row.identity) == reinstalled.public()
    assert audit_actions(school_db)[-1] == (
        "peer_key_accepted",
        "XCZ",
        {"old_fingerprint": old.fingerprint, "new_fingerprint": new_fp},
    )
    # and now the new file is the paired one
    assert not PeerService(school_db).import_pairing(ADMIN, stick).key_pending


def test_accept_without_a_pending_key_is_refused(
    township_db: Database, school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    paired(township_db, school_db, clock, tmp_path)
    before = audit_actions(school_db)
    with pytest.raises(UserError, match="nothing to accept"):
        PeerService(school_db).accept(ADMIN, "XCZ")
    with pytest.raises(UserError, match="No school or township with the code NOPE"):
        PeerService(school_db).accept(ADMIN, "NOPE")
    assert audit_actions(school_db) == before


def test_a_second_township_is_refused(
    township_db: Database, school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    paired(township_db, school_db, clock, tmp_path)
    stick = tmp_path / "other.json"
    stick.write_bytes(pairing_file_bytes(generate_identity("QTZ", "其他镇", "township")))
    with pytest.raises(UserError, match="paired with the township “新场镇” \\(XCZ\\)"):
        PeerService(school_db).import_pairing(ADMIN, stick)
    assert peer_row(school_db, "QTZ") is None and peer_count(school_db) == 1


# --- the township's schools -------------------------------------------------------------


def test_add_school_then_change_it(township_db: Database, clock: FakeClock) -> None:
    service = PeerService(township_db, clock)
    added = service.add_school(TA, " 5205261001 ", "阳光小学", 120)
    assert (added.code, added.name, added.role) == ("5205261001", "阳光小学", "school")
    assert added.expected_children == 120 and not added.paired and added.fingerprint == ""
    service.add_school(TA, "5205261000", "一小", None)
    changed = service.add_school(TA, "5205261001", "阳光完小", None)  # expected kept
    assert (changed.name, changed.expected_children) == ("阳光完小", 120)
    service.add_school(TA, "5205261001", "阳光完小", 130)
    service.add_school(TA, "5205261001", "阳光完小", 130)  # no change: no entry
    listed = service.schools(TA)
    assert [(p.code, p.name, p.expected_children) for p in listed] == [
        ("5205261000", "一小", None),
        ("5205261001", "阳光完小", 130),
    ]
    actions = [a for a in audit_actions(township_db) if a[0].startswith("school_")]
    assert actions == [
        ("school_added", "5205261001", {"name": "阳光小学", "expected_children": 120}),
        ("school_added", "5205261000", {"name": "一小", "expected_children": None}),
        ("school_changed", "5205261001", {"name": ["阳光小学", "阳光完小"]}),
        ("school_changed", "5205261001", {"expected_children": [120, 130]}),
    ]


BAD_SCHOOLS = [
    ("x", "一小", 10, "cannot be used"),
    ("52052 61001", "一小", 10, "cannot be used"),
    ("5205261001", "  ", 10, "name of 1 to 100"),
    ("5205261001", "一小", -1, "whole number from 0"),
    ("XCZ", "一小", 10, "township's own code"),
]


def test_add_school_refuses_bad_input(township_db: Database) -> None:
    before = audit_actions(township_db)
    for code, name, expected, message in BAD_SCHOOLS:
        with pytest.raises(UserError, match=message):
            PeerService(township_db).add_school(TA, code, name, expected)
    assert peer_count(township_db) == 0
    assert audit_actions(township_db) == before


def test_add_school_is_refused_at_a_school(school_db: Database) -> None:
    with pytest.raises(UserError, match="Schools are entered at the township"):
        PeerService(school_db).add_school(ADMIN, "5205261002", "二小", 3)
    assert peer_count(school_db) == 0


def test_only_an_administrator_manages_peers(school_db: Database, tmp_path: Path) -> None:
    for role in ("class_teacher", "mentor", "inspector"):
        actor = Actor(username="t", role=role)
        with pytest.raises(PermissionDenied):
            PeerService(school_db).import_pairing(actor, tmp_path / "p.json")
        with pytest.raises(PermissionDenied):
            PeerService(school_db).accept(actor, "XCZ")
        with pytest.raises(PermissionDenied):
            PeerService(school_db).schools(actor)
        assert [a[0] for a in audit_actions(school_db)][-3:] == ["denied"] * 3


def test_a_township_viewer_may_not_add_schools(township_db: Database) -> None:
    with pytest.raises(PermissionDenied):
        PeerService(township_db).add_school(
            Actor(username="v", role="township_viewer"), "5205261001", "阳光小学", 1
        )
    assert peer_count(township_db) == 0


# --- senders of bundles -----------------------------------------------------------------


def resolve(db: Database, sender: str, fingerprint: str, offered: dict[str, Any] | None) -> Any:
    with db.session_scope("bundle") as session:
        return PeerService(db).resolve_sender(session, sender, fingerprint, offered)


def test_a_school_refuses_an_unpaired_sender(school_db: Database) -> None:
    other = generate_identity("XCZ", "新场镇", "township").public()
    with pytest.raises(SenderRefused) as refused:
        resolve(school_db, "XCZ", other.fingerprint, other.to_json())
    assert refused.value.reason == REASON_UNPAIRED
    assert "pair import" in str(refused.value)
    assert peer_count(school_db) == 0


def test_a_school_accepts_its_township_and_refuses_a_changed_key(
    township_db: Database, school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    paired(township_db, school_db, clock, tmp_path)
    township = PeerService(township_db).identity().public()
    assert resolve(school_db, "XCZ", township.fingerprint, None) == (township, False)
    new = generate_identity("XCZ", "新场镇", "township").public()
    with pytest.raises(SenderRefused) as refused:
        resolve(school_db, "XCZ", new.fingerprint, new.to_json())
    assert refused.value.reason == REASON_KEY_CHANGED and refused.value.offered == new


def test_the_township_pins_a_new_school_from_its_first_bundle(
    township_db: Database, clock: FakeClock
) -> None:
    school = generate_identity("5205261001", "阳光小学", "school").public()
    before = audit_actions(township_db)
    service = PeerService(township_db, clock)
    with township_db.session_scope("bundle") as session:
        identity, must_pin = service.resolve_sender(
            session, school.code, school.fingerprint, school.to_json()
        )
        assert (identity, must_pin) == (school, True)
    assert audit_actions(township_db) == before and peer_count(township_db) == 0  # nothing
    with township_db.session_scope("bundle") as session:
        service.pin(session, identity)
    (view,) = service.schools(TA)
    assert (view.code, view.name, view.fingerprint, view.paired) == (
        school.code,
        "阳光小学",
        school.fingerprint,
        True,
    )
    assert audit_actions(township_db)[-1] == (
        "peer_pinned",
        school.code,
        {"name": "阳光小学", "fingerprint": school.fingerprint},
    )
    # the next bundle: pinned, and the fingerprint matches
    assert resolve(township_db, school.code, school.fingerprint, None) == (school, False)


def test_the_township_pins_a_school_entered_by_hand_keeping_its_name(
    township_db: Database, clock: FakeClock
) -> None:
    service = PeerService(township_db, clock)
    service.add_school(TA, "5205261001", "阳光完全小学", 80)
    school = generate_identity("5205261001", "阳光小学", "school").public()
    identity, must_pin = resolve(township_db, school.code, school.fingerprint, school.to_json())
    assert must_pin
    with township_db.session_scope("bundle") as session:
        service.pin(session, identity)
    (view,) = service.schools(TA)
    assert (view.name, view.expected_children, view.fingerprint) == (
        "阳光完全小学",
        80,
        school.fingerprint,
    )


def test_the_township_refuses_a_school_without_a_fitting_identity(
    township_db: Database,
) -> None:
    school = generate_identity("5205261001", "阳光小学", "school").public()
    offers: list[dict[str, Any] | None] = [
        None,
        generate_identity("5205261009", "九小", "school").public().to_json(),  # other code
        generate_identity("5205261001", "阳光小学", "school").public().to_json(),  # other key
        generate_identity("5205261001", "阳光", "township").public().to_json(),  # a township
        {"code": "5205261001", "sign_key": "xx"},  # garbage
    ]
    for offered in offers:
        with pytest.raises(SenderRefused) as refused:
            resolve(township_db, school.code, school.fingerprint, offered)
        assert refused.value.reason == REASON_UNPAIRED
        assert "does not carry its keys" in str(refused.value)
    assert peer_count(township_db) == 0


def test_a_changed_school_key_is_refused_held_and_accepted(
    township_db: Database, clock: FakeClock
) -> None:
    service = PeerService(township_db, clock)
    school = generate_identity("5205261001", "阳光小学", "school").public()
    with township_db.session_scope("bundle") as session:
        service.pin(session, school)
    new = generate_identity("5205261001", "阳光小学", "school").public()
    before = audit_actions(township_db)
    with pytest.raises(SenderRefused) as refused:
        resolve(township_db, school.code, new.fingerprint, new.to_json())
    assert refused.value.reason == REASON_KEY_CHANGED and refused.value.offered == new
    assert "pair accept 5205261001" in str(refused.value)
    assert audit_actions(township_db) == before  # resolve_sender records nothing
    service.hold_pending("cli", new)
    service.hold_pending("cli", new)  # held once
    (view,) = service.schools(TA)
    assert view.key_pending and view.fingerprint == school.fingerprint
    held = [a for a in audit_actions(township_db) if a[0] == "peer_key_changed"]
    assert held == [
        (
            "peer_key_changed",
            school.code,
            {"old_fingerprint": school.fingerprint, "new_fingerprint": new.fingerprint},
        )
    ]
    with pytest.raises(SenderRefused):  # still refused until accepted
        resolve(township_db, school.code, new.fingerprint, new.to_json())
    service.accept(TA, school.code)
    assert resolve(township_db, school.code, new.fingerprint, None) == (new, False)
    with pytest.raises(SenderRefused) as old_key:
        resolve(township_db, school.code, school.fingerprint, None)
    assert old_key.value.reason == REASON_KEY_CHANGED
