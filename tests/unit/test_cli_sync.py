"""``pair export|import|accept`` and ``schools add|list`` through the real command line."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import open_database
from liushou_desktop.db.models import AuditEntry, SyncPeer
from liushou_desktop.paths import DataDir
from liushou_desktop.sync.identity import generate_identity, pairing_file_bytes
from tests.helpers import run_cli

SCHOOL_CODE = "5205261001"


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--data-dir", str(data), *args)


def refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    """One plain line on stderr, exit 1, no traceback."""
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def peers(data: Path) -> list[tuple[str, str, str, str, bool]]:
    """(code, name, role, fingerprint, pending) of every peer in the data dir's database."""
    db = open_database(DataDir(data))
    try:
        with db.session_scope("test") as session:
            rows = session.scalars(select(SyncPeer).order_by(SyncPeer.code)).all()
            return [
                (r.code, r.name, r.role, r.fingerprint, r.pending_identity is not None)
                for r in rows
            ]
    finally:
        db.close()


def audited(data: Path) -> list[str]:
    db = open_database(DataDir(data))
    try:
        with db.session_scope("test") as session:
            return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    finally:
        db.close()


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """A township and a school set up with ``init``, and a USB stick folder."""
    root = tmp_path_factory.mktemp("cli-sync")
    password = root / "password.txt"
    password.write_text("correct horse\n", encoding="utf-8")
    township, school, stick = root / "township", root / "school", root / "stick"
    for data, role, name, code in (
        (township, "township", "新场镇", "XCZ"),
        (school, "school", "阳光小学", SCHOOL_CODE),
    ):
        result = cli(
            data, "init", "--role", role, "--name", name, "--code", code,
            "--password-file", str(password),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    stick.mkdir()
    yield township, school, stick


def test_pairing_through_the_command_line(places: tuple[Path, Path, Path]) -> None:
    township, school, stick = places
    pairing = stick / "新场镇.json"

    refused(cli(school, "pair", "export", str(stick / "x.json")), "pair export runs at the")
    assert not (stick / "x.json").exists()

    exported = cli(township, "pair", "export", str(pairing))
    assert exported.returncode == 0, exported.stderr
    fingerprint = exported.stdout.split("fingerprint: ")[1].split()[0]
    assert len(fingerprint) == 19 and pairing.is_file()
    assert "pairing_exported" in audited(township)

    refused(cli(township, "pair", "import", str(pairing)), "pair import runs at a school")
    assert peers(township) == []

    for _ in range(2):  # the same file twice: harmless
        imported = cli(school, "pair", "import", str(pairing))
        assert imported.returncode == 0, imported.stderr
        assert f"fingerprint: {fingerprint}" in imported.stdout
    assert peers(school) == [("XCZ", "新场镇", "township", fingerprint, False)]
    assert audited(school).count("pairing_imported") == 1

    refused(cli(school, "pair", "accept", "XCZ"), "nothing to accept")

    listed = cli(school, "schools", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (township_view,) = json.loads(listed.stdout)
    assert township_view["code"] == "XCZ" and township_view["fingerprint"] == fingerprint

    # the township was reinstalled: its new key waits until accepted
    new_file = stick / "reinstalled.json"
    reinstalled = generate_identity("XCZ", "新场镇", "township")
    new = reinstalled.public()
    new_file.write_bytes(pairing_file_bytes(reinstalled))
    refused(cli(school, "pair", "import", str(new_file)), "pair accept XCZ")
    assert peers(school) == [("XCZ", "新场镇", "township", fingerprint, True)]
    accepted = cli(school, "pair", "accept", "XCZ")
    assert accepted.returncode == 0, accepted.stderr
    assert f"old fingerprint: {fingerprint}" in accepted.stdout
    assert f"new fingerprint: {new.fingerprint}" in accepted.stdout
    assert peers(school) == [("XCZ", "新场镇", "township", new.fingerprint, False)]
    assert audited(school)[-2:] == ["peer_key_changed", "peer_key_accepted"]


def test_schools_through_the_command_line(places: tuple[Path, Path, Path]) -> None:
    township, school, _ = places
    refused(cli(school, "schools", "add", "5205261002", "二小"), "entered at the township")
    added = cli(township, "schools", "add", SCHOOL_CODE, "阳光小学", "--expected", "120")
    assert added.returncode == 0, added.stderr
    assert cli(township, "schools", "add", "5205261000", "一小").returncode == 0
    refused(cli(township, "schools", "add", "x", "坏"), "cannot be used")
    bad = cli(township, "schools", "add", "5205261003", "三小", "--expected", "-3")
    assert bad.returncode == 2 and "not a number of children" in bad.stderr

    listed = cli(township, "schools", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    schools = json.loads(listed.stdout)
    assert [
        {k: s[k] for k in ("code", "name", "fingerprint", "key_pending", "expected_children")}
        for s in schools
    ] == [
        {
            "code": "5205261000",
            "name": "一小",
            "fingerprint": "",
            "key_pending": False,
            "expected_children": None,
        },
        {
            "code": SCHOOL_CODE,
            "name": "阳光小学",
            "fingerprint": "",
            "key_pending": False,
            "expected_children": 120,
        },
    ]
    assert all(s["last_bundle_at"] is None for s in schools)
    assert [p[:3] for p in peers(township)] == [
        ("5205261000", "一小", "school"),
        (SCHOOL_CODE, "阳光小学", "school"),
    ]
    assert audited(township).count("school_added") == 2

    table = cli(township, "schools", "list")
    assert table.returncode == 0, table.stderr
    assert "阳光小学" in table.stdout and "120" in table.stdout and "never" in table.stdout
    refused(cli(township, "pair", "accept", "5205269999"), "No school or township")


def test_notices_and_shared_templates_through_the_command_line(
    places: tuple[Path, Path, Path],
) -> None:
    township, school, _ = places
    sent = cli(
        township, "notices", "send", "期末档案核查", "--text", "请核对档案。", "--due", "2099-12-15"
    )
    assert sent.returncode == 0, sent.stderr
    listed = cli(township, "notices", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (notice,) = json.loads(listed.stdout)
    assert (notice["title"], notice["text"], notice["due_on"], notice["issuer"]) == (
        "期末档案核查",
        "请核对档案。",
        "2099-12-15",
        "新场镇",
    )
    assert notice["id"] in sent.stdout
    table = cli(township, "notices", "list")
    assert "期末档案核查" in table.stdout and "due 2099-12-15" in table.stdout
    bad = cli(township, "notices", "send", "x", "--due", "15.12.2099")
    assert bad.returncode == 2 and "not a date" in bad.stderr
    refused(cli(school, "notices", "send", "通知"), "may not do this")
    refused(
        cli(township, "schools", "share-template", SCHOOL_CODE, "我校行事历"), "no template named"
    )
    assert cli(township, "notices", "withdraw", notice["id"]).returncode == 0
    assert json.loads(cli(township, "notices", "list", "--json").stdout) == []
    refused(cli(township, "notices", "withdraw", notice["id"]), "no such notice")
    assert audited(township)[-2:] == ["notice_sent", "notice_withdrawn"]
