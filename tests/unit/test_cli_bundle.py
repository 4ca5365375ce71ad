"""``bundle export|import|inspect`` and ``conflicts list`` through the command line.

A township and a school are set up with ``init`` (in this process, through
:func:`liushou_desktop.cli.main`), paired with ``pair export`` / ``pair import``, and the
school gets three demo children; then the school's bundle travels to the township and
the township's receipt back. One call goes through a real ``python -m liushou_desktop``
process, to check the wiring of the entry point.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liushou_desktop.cli import main
from liushou_desktop.db.database import open_database
from liushou_desktop.db.models import AuditEntry, Child, SyncBundleLog, SyncPeer
from liushou_desktop.paths import DATABASE_NAME, DataDir
from tests.helpers import run_cli

SCHOOL_CODE = "5205261001"
TOWN_CODE = "XCZ"


@dataclass(frozen=True)
class Ran:
    """What one command line printed and returned."""

    code: int
    out: str
    err: str


def cli(data: Path, *args: str) -> Ran:
    """``liushou-desktop --data-dir DATA ARGS…`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(data), *args])
    return Ran(code, out.getvalue(), err.getvalue())


def ok(ran: Ran) -> str:
    assert ran.code == 0, ran
    assert ran.err == "", ran
    return ran.out


def children(data: Path) -> int:
    db = open_database(DataDir(data))
    try:
        with db.session_scope("test") as session:
            return int(session.scalar(select(func.count()).select_from(Child)) or 0)
    finally:
        db.close()


def peer(data: Path, code: str) -> tuple[int, int, bool]:
    """(received_clock, acked_clock, has a last bundle) of the peer ``code``."""
    db = open_database(DataDir(data))
    try:
        with db.session_scope("test") as session:
            row = session.get(SyncPeer, code)
            assert row is not None
            return row.received_clock, row.acked_clock, row.last_bundle_at is not None
    finally:
        db.close()


def logged(data: Path) -> list[tuple[str, str, str]]:
    """(direction, sender, recipient) of every bundle in the log."""
    db = open_database(DataDir(data))
    try:
        with db.session_scope("test") as session:
            rows = session.execute(
                select(SyncBundleLog.direction, SyncBundleLog.sender, SyncBundleLog.recipient)
            ).all()
            return sorted((str(a), str(b), str(c)) for a, b, c in rows)
    finally:
        db.close()


def audited(data: Path) -> list[str]:
    db = open_database(DataDir(data))
    try:
        with db.session_scope("test") as session:
            return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    finally:
        db.close()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """A township and a paired school with 3 demo children, and a stick folder."""
    root = tmp_path_factory.mktemp("cli-bundle")
    password = root / "password.txt"
    password.write_text("correct horse\n", encoding="utf-8")
    township, school, stick = root / "township", root / "school", root / "stick"
    stick.mkdir()
    for data, role, name, code in (
        (township, "township", "新场镇", TOWN_CODE),
        (school, "school", "阳光小学", SCHOOL_CODE),
    ):
        ok(cli(data, "init", "--role", role, "--name", name, "--code", code,
               "--password-file", str(password)))  # fmt: skip
    pairing = stick / "新场镇.json"
    ok(cli(township, "pair", "export", str(pairing)))
    ok(cli(school, "pair", "import", str(pairing)))
    ok(cli(school, "demo", "--children", "3"))
    yield township, school, stick


def test_a_school_bundle_travels_to_the_township_and_a_receipt_back(
    places: tuple[Path, Path, Path],
) -> None:
    township, school, stick = places
    assert children(school) == 3 and children(township) == 0

    # the school writes its bundle onto the stick and says where
    out = ok(cli(school, "bundle", "export", str(stick)))
    (bundle,) = stick.glob("*.lsb")
    assert bundle.name.startswith(f"同步包-{SCHOOL_CODE}-")
    assert f"wrote {bundle} for 新场镇 ({TOWN_CODE})" in out
    assert "can be pulled out now" in out
    assert not list(stick.glob("*.tmp"))
    assert logged(school) == [("out", SCHOOL_CODE, TOWN_CODE)]
    assert "bundle_exported" in audited(school)

    # its header, without a key, through the real entry point
    looked = run_cli("--data-dir", str(township), "bundle", "inspect", str(bundle))
    assert looked.returncode == 0, looked.stderr
    header = json.loads(looked.stdout)
    assert header["sender"] == SCHOOL_CODE and header["recipient"] == TOWN_CODE
    assert header["kind"] == "school_to_township"
    assert header["sender_identity"]["name"] == "阳光小学"
    assert header["clock_to"] > header["clock_from"] == 0

    # a dry run says what it would do and writes nothing
    township_db = township / DATABASE_NAME
    before = file_hash(township_db)
    preview = json.loads(ok(cli(township, "bundle", "import", str(bundle), "--dry-run", "--json")))
    assert preview["status"] == "dry_run"
    assert preview["tables"]["child"] == {"new": 3, "changed": 0, "conflicting": 0, "deleted": 0}
    assert children(township) == 0
    assert logged(township) == []
    assert file_hash(township_db) == before

    # the real import
    merged = json.loads(ok(cli(township, "bundle", "import", str(bundle), "--json")))
    assert merged["status"] == "merged"
    assert merged["conflicts"] == 0
    assert merged["sender"] == SCHOOL_CODE
    assert merged["tables"]["child"]["new"] == 3
    assert set(merged["tables"]["child"]) == {"new", "changed", "conflicting", "deleted"}
    assert merged["tables"]["talk"]["new"] > 0
    assert children(township) == 3
    received, _, seen = peer(township, SCHOOL_CODE)
    assert received == header["clock_to"] and seen
    assert logged(township) == [("in", SCHOOL_CODE, TOWN_CODE)]
    assert "bundle_imported" in audited(township)

    # the same bundle again: harmless, says so, exit 0
    before = file_hash(township_db)
    again = json.loads(ok(cli(township, "bundle", "import", str(bundle), "--json")))
    assert again["status"] == "already_imported"
    assert again["tables"] == {} and again["conflicts"] == 0
    assert children(township) == 3
    assert logged(township) == [("in", SCHOOL_CODE, TOWN_CODE)]
    plain = ok(cli(township, "bundle", "import", str(bundle)))
    assert plain.startswith(f"already_imported: bundle from {SCHOOL_CODE}")
    assert "already imported" in plain

    # the township's receipt goes back; the school takes it and learns what was merged
    receipts = stick / "receipts"
    receipts.mkdir()
    written = ok(cli(township, "bundle", "export", str(receipts), "--to", SCHOOL_CODE))
    (receipt,) = receipts.glob("*.lsb")
    assert f"for 阳光小学 ({SCHOOL_CODE})" in written
    receipt_header = json.loads(ok(cli(school, "bundle", "inspect", str(receipt))))
    assert receipt_header["kind"] == "township_to_school"
    assert (receipt_header["sender"], receipt_header["recipient"]) == (TOWN_CODE, SCHOOL_CODE)
    assert peer(school, TOWN_CODE)[1] == 0
    taken = json.loads(ok(cli(school, "bundle", "import", str(receipt), "--json")))
    assert taken["status"] == "merged" and taken["sender"] == TOWN_CODE
    assert peer(school, TOWN_CODE)[1] == header["clock_to"]  # acknowledged
    assert children(school) == 3

    # nothing set aside on either side
    for data in (township, school):
        assert json.loads(ok(cli(data, "conflicts", "list", "--json"))) == []
        assert ok(cli(data, "conflicts", "list")).strip() == "no conflicts to review"


def test_a_tampered_bundle_is_refused_and_nothing_is_written(
    places: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    township, school, _ = places
    out = tmp_path / "full.lsb"
    ok(cli(school, "bundle", "export", str(out), "--full"))
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "tampered.lsb"
    tampered.write_bytes(bytes(data))
    township_db = township / DATABASE_NAME
    before, log_before = file_hash(township_db), logged(township)

    for extra in ((), ("--json",), ("--dry-run",)):
        ran = cli(township, "bundle", "import", str(tampered), *extra)
        assert ran.code == 1, ran
        assert ran.out == "refused (tampered)\n"
        lines = ran.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("liushou-desktop: "), ran.err
        assert "Traceback" not in ran.err
    assert file_hash(township_db) == before
    assert logged(township) == log_before

    # a bundle for someone else: the school cannot read its own bundle
    ran = cli(school, "bundle", "import", str(out))
    assert (ran.code, ran.out) == (1, "refused (wrong_recipient)\n"), ran
    assert len(ran.err.strip().splitlines()) == 1

    # the untouched copy is taken (or found already imported): the same three children
    fine = json.loads(ok(cli(township, "bundle", "import", str(out), "--json")))
    assert fine["status"] in {"merged", "already_imported"}
    assert children(township) == 3


def test_export_mistakes_are_one_plain_line(places: tuple[Path, Path, Path]) -> None:
    township, school, stick = places
    for data, args, words in (
        (school, ("--to", TOWN_CODE), "leave out --to and --all"),
        (township, (), "--to CODE, or --all"),
        (township, ("--to", "5205269999"), "No school with the code 5205269999"),
        (school, (), "does not exist"),
    ):
        target = stick if args or data is township else stick / "missing"
        ran = cli(data, "bundle", "export", str(target), *args)
        assert ran.code == 1 and ran.out == "", ran
        lines = ran.err.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], ran.err
