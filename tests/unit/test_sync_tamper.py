"""Every single-byte flip and every truncation of a small real school → township bundle
is refused at the township with a reason from REASONS, and the township's database is
unchanged.

"Unchanged" is checked as a SHA-256 of every row of every table of the township's
database (local tables included: peers, bundle log, conflicts, audit log), taken before
and after each attempt through the same open database: cheaper than comparing the file's
bytes after a checkpoint, and it sees any row written and committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from liushou_desktop.sync.bundle_format import REASONS, BundleRefused
from tests.helpers import FakeClock
from tests.unit.test_sync_bundles import (
    SCHOOL_A,
    Place,
    export,
    first_child_id,
    make_school,
    make_township,
    pair,
    set_child,
    state,
)


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Place, bytes, Path]]:
    """The township, the bytes of a small bundle from its school, a scratch folder."""
    root = tmp_path_factory.mktemp("tamper")
    clock = FakeClock()
    town = make_township(root, clock)
    school = make_school(root, clock, children=3)  # the tiny demo school
    pair(town, school, root / "stick")
    # the first bundle and its receipt, so that the next one holds one changed child
    town.bundles.import_bundle(town.actor, export(school, root / "first"))
    school.bundles.import_bundle(school.actor, export(town, root / "receipt", to=SCHOOL_A))
    set_child(school, first_child_id(school.db), hobbies="篡改测试")
    bundle = export(school, root / "bundle").read_bytes()
    town.peers.identity()
    school.db.close()
    yield town, bundle, root / "scratch"
    town.db.close()


def attempt(town: Place, data: bytes, path: Path) -> str:
    path.write_bytes(data)
    with pytest.raises(BundleRefused) as caught:
        town.bundles.import_bundle(town.actor, path)
    return caught.value.reason


def test_the_untouched_bundle_imports(setting: tuple[Place, bytes, Path]) -> None:
    """The control: the same bytes, untouched, are taken (in a dry run)."""
    town, data, scratch = setting
    scratch.mkdir(exist_ok=True)
    path = scratch / "whole.lsb"
    path.write_bytes(data)
    assert len(data) < 6_000, len(data)  # a few KB: every flip and cut is tried
    assert town.bundles.import_bundle(town.actor, path, dry_run=True).status == "dry_run"


def test_every_byte_flip_is_refused_and_changes_nothing(
    setting: tuple[Place, bytes, Path],
) -> None:
    town, data, scratch = setting
    scratch.mkdir(exist_ok=True)
    before = state(town.db)
    reasons = set()
    for index in range(len(data)):
        changed = bytearray(data)
        changed[index] ^= 0x01 if index % 2 else 0x80
        reason = attempt(town, bytes(changed), scratch / "flip.lsb")
        assert reason in REASONS, (index, reason)
        reasons.add(reason)
    assert state(town.db) == before
    assert "tampered" in reasons


def test_every_truncation_is_refused_and_changes_nothing(
    setting: tuple[Place, bytes, Path],
) -> None:
    town, data, scratch = setting
    scratch.mkdir(exist_ok=True)
    before = state(town.db)
    reasons = set()
    for length in range(len(data)):
        reasons.add(attempt(town, data[:length], scratch / "cut.lsb"))
    assert reasons <= set(REASONS)
    assert "truncated" in reasons
    assert state(town.db) == before
