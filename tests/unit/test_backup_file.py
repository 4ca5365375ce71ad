"""The portable backup file (.lsbak): round trips, the header, and every kind of damage."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from liushou_desktop.db import backup_file
from liushou_desktop.db.backup import backup_database
from liushou_desktop.db.backup_file import (
    MAGIC,
    TAG_SIZE,
    BackupInfo,
    extract_backup,
    read_backup_info,
    write_backup_file,
)
from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.migrate import HEAD_REVISION
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.errors import UserError
from liushou_desktop.paths import DataDir
from tests.helpers import SCHOOL, FakeClock

PASSPHRASE = "春眠不觉晓 处处闻啼鸟"
CHUNK = 1024
NOW = datetime(2026, 11, 2, 8, 30, 5)
COUNTS = {"children_active": 30, "families": 12}

INCOMPLETE = "incomplete"
DAMAGED = "changed or is damaged"
WRONG = "passphrase is wrong"
NOT_A_BACKUP = "not a backup"
NEWER = "newer version"


Rows = list[tuple[str, str | None]]


def child_rows(database: Path) -> Rows:
    with closing(sqlite3.connect(database)) as conn:
        return sorted(conn.execute("SELECT name, id_number FROM child").fetchall())


def layout(data: bytes) -> tuple[int, int, int]:
    """(header start, header end, payload start) of a backup file's bytes."""
    (length,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    return start, start + length, start + length + 32


def with_header(data: bytes, edit: Callable[[dict], None]) -> bytes:
    """The file with its header JSON edited and the header digest recomputed."""
    start, end, payload = layout(data)
    fields = json.loads(data[start:end])
    edit(fields)
    raw = json.dumps(fields).encode()
    return MAGIC + struct.pack(">I", len(raw)) + raw + hashlib.sha256(raw).digest() + data[payload:]


@dataclass(frozen=True)
class Made:
    """A school with 30 children, and a backup of it made with and without a passphrase."""

    database: Path
    rows: Rows
    plain: Path
    encrypted: Path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    root = tmp_path_factory.mktemp("made")
    clock = FakeClock()
    database = open_database(DataDir(root / "data").ensure(), now=clock)
    try:
        SetupService(database, clock).set_up(SCHOOL, "test")
        DemoService(database).add_children(30, "test")
        live = database.data_dir.database
        usb = root / "usb"
        plain = write_backup_file(live, usb, NOW, None, COUNTS, chunk_size=CHUNK)
        sealed = write_backup_file(live, usb, NOW, PASSPHRASE, COUNTS, chunk_size=CHUNK)
        return Made(live, child_rows(live), plain, sealed)
    finally:
        database.close()


@pytest.fixture
def children(school_db: Database) -> Database:
    DemoService(school_db).add_children(30, "t")
    return school_db


def copy_with(tmp_path: Path, source: Path, data: bytes) -> Path:
    path = tmp_path / "in" / source.name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def refused(path: Path, tmp_path: Path, passphrase: str | None) -> UserError:
    """Extract ``path``, expect a UserError, and check no target (nor partial) is left."""
    out = tmp_path / "restored"
    out.mkdir(exist_ok=True)
    with pytest.raises(UserError) as caught:
        extract_backup(path, out / "restored.sqlite3", passphrase)
    assert list(out.iterdir()) == []
    return caught.value


# --- round trips and the header -------------------------------------------------


def test_round_trip_without_passphrase(children: Database, tmp_path: Path) -> None:
    live = children.data_dir.database
    path = write_backup_file(live, tmp_path / "usb", NOW, None, COUNTS)
    target = tmp_path / "restored.sqlite3"
    info = extract_backup(path, target)
    rows = child_rows(live)
    assert len(rows) == 30 and child_rows(target) == rows
    assert info == BackupInfo(1, NOW, False, HEAD_REVISION, COUNTS, path.stat().st_size)
    assert read_backup_info(path) == info


@pytest.mark.parametrize("aead", ["AES-256-GCM", "ChaCha20-Poly1305"])
def test_round_trip_with_passphrase(children: Database, tmp_path: Path, aead: str) -> None:
    live = children.data_dir.database
    path = write_backup_file(live, tmp_path / "usb", NOW, PASSPHRASE, COUNTS, aead=aead)
    target = tmp_path / "restored.sqlite3"
    info = extract_backup(path, target, PASSPHRASE)
    assert len(child_rows(live)) == 30 and child_rows(target) == child_rows(live)
    assert info.encrypted and info.counts == COUNTS and info.schema_revision == HEAD_REVISION
    start, end, _ = layout(path.read_bytes())
    assert json.loads(path.read_bytes()[start:end])["aead"] == aead


def test_the_restored_database_is_not_in_wal_mode(made: Made, tmp_path: Path) -> None:
    with closing(sqlite3.connect(made.database)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    target = tmp_path / "restored.sqlite3"
    extract_backup(made.encrypted, target, PASSPHRASE)
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not target.with_name(target.name + "-wal").exists()


def test_the_header_is_readable_without_the_passphrase(made: Made) -> None:
    info = read_backup_info(made.encrypted)
    assert info.encrypted and not read_backup_info(made.plain).encrypted
    assert info.version == 1
    assert info.created == NOW
    assert info.schema_revision == HEAD_REVISION
    assert info.counts == COUNTS
    assert info.size == made.encrypted.stat().st_size


def test_a_database_without_alembic_has_no_schema_revision(tmp_path: Path) -> None:
    plain = tmp_path / "plain.sqlite3"
    with closing(sqlite3.connect(plain)) as conn:
        conn.execute("CREATE TABLE child (name TEXT, id_number TEXT)")
        conn.execute("INSERT INTO child VALUES ('王小明', NULL)")
        conn.commit()
    path = write_backup_file(plain, tmp_path / "usb", NOW)
    assert read_backup_info(path).schema_revision is None
    assert read_backup_info(path).counts == {}
    extract_backup(path, tmp_path / "restored.sqlite3")
    assert child_rows(tmp_path / "restored.sqlite3") == [("王小明", None)]


def test_the_snapshot_is_consistent_while_another_connection_writes(
    children: Database, tmp_path: Path
) -> None:
    live = children.data_dir.database
    before = child_rows(live)
    with closing(sqlite3.connect(live, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE child SET name = 'uncommitted'")
        path = write_backup_file(live, tmp_path / "usb", NOW)
        writer.execute("ROLLBACK")
    extract_backup(path, tmp_path / "restored.sqlite3")
    assert child_rows(tmp_path / "restored.sqlite3") == before


def test_deleted_records_do_not_travel_in_the_backup(school_db: Database, tmp_path: Path) -> None:
    live = school_db.data_dir.database
    marker = "DELETED-SECRET-0123456789"
    with closing(sqlite3.connect(live)) as conn:
        conn.execute("PRAGMA secure_delete=OFF")  # some builds (Debian's) default to ON
        conn.execute("CREATE TABLE scratch (t TEXT)")
        conn.executemany("INSERT INTO scratch VALUES (?)", [(marker * 20,)] * 50)
        conn.commit()
        conn.execute("DELETE FROM scratch")
        conn.commit()
    plain_copy = backup_database(live, tmp_path / "copies", "probe", NOW)
    assert marker.encode() in plain_copy.read_bytes()  # a page copy keeps the free pages
    path = write_backup_file(live, tmp_path / "usb", NOW)
    extract_backup(path, tmp_path / "restored.sqlite3")
    assert marker.encode() not in (tmp_path / "restored.sqlite3").read_bytes()


def test_no_scratch_files_are_left_beside_the_live_database(
    school_db: Database, tmp_path: Path
) -> None:
    root = school_db.data_dir.root
    before = sorted(p.name for p in root.iterdir())
    write_backup_file(school_db.data_dir.database, tmp_path / "usb", NOW, PASSPHRASE)
    assert sorted(p.name for p in root.iterdir()) == before


def test_a_passphrase_is_normalised_before_use(school_db: Database, tmp_path: Path) -> None:
    composed, decomposed = "caf\u00e9 密码", "cafe\u0301 密码"
    path = write_backup_file(school_db.data_dir.database, tmp_path / "usb", NOW, composed)
    extract_backup(path, tmp_path / "restored.sqlite3", decomposed)
    assert (tmp_path / "restored.sqlite3").exists()


# --- file names and folders ---------------------------------------------------


def test_the_file_name_follows_the_pattern(school_db: Database, tmp_path: Path) -> None:
    path = write_backup_file(school_db.data_dir.database, tmp_path, NOW)
    assert path.name == "liushou-20261102-083005.lsbak"
    assert re.fullmatch(r"liushou-\d{8}-\d{6}\.lsbak", path.name)
    assert path.parent == tmp_path


def test_a_missing_destination_folder_is_created(school_db: Database, tmp_path: Path) -> None:
    dest = tmp_path / "U盘" / "备份" / "2026"
    assert not dest.exists()
    path = write_backup_file(school_db.data_dir.database, dest, NOW)
    assert path.parent == dest and path.is_file()


def test_backups_in_the_same_second_get_distinct_names(school_db: Database, tmp_path: Path) -> None:
    live = school_db.data_dir.database
    dest = tmp_path / "usb"
    paths = [write_backup_file(live, dest, NOW) for _ in range(3)]
    assert [p.name for p in paths] == [
        "liushou-20261102-083005.lsbak",
        "liushou-20261102-083005-2.lsbak",
        "liushou-20261102-083005-3.lsbak",
    ]
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in paths)


def test_a_destination_that_cannot_be_written_is_a_user_error(
    school_db: Database, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(UserError, match="could not be written"):
        write_backup_file(school_db.data_dir.database, not_a_folder / "sub", NOW)


def test_extract_refuses_to_overwrite_a_file(made: Made, tmp_path: Path) -> None:
    target = tmp_path / "existing.sqlite3"
    target.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        extract_backup(made.plain, target)
    assert target.read_bytes() == b"keep me"


# --- secrecy ------------------------------------------------------------------


def test_an_encrypted_file_does_not_contain_names_or_id_numbers(made: Made, tmp_path: Path) -> None:
    secrets = [name.encode() for name, _ in made.rows]
    secrets += [number.encode() for _, number in made.rows if number]
    target = tmp_path / "restored.sqlite3"
    extract_backup(made.encrypted, target, PASSPHRASE)
    restored = target.read_bytes()
    assert len(secrets) >= 30 and all(secret in restored for secret in secrets)
    data = made.encrypted.read_bytes()
    assert [s.decode() for s in secrets if s in data] == []


# --- passphrases ----------------------------------------------------------------


def test_a_wrong_passphrase_is_refused(made: Made, tmp_path: Path) -> None:
    error = refused(made.encrypted, tmp_path, PASSPHRASE + " ")
    assert WRONG in str(error)


def test_an_encrypted_file_needs_a_passphrase(made: Made, tmp_path: Path) -> None:
    error = refused(made.encrypted, tmp_path, None)
    assert "encrypted" in str(error) and "passphrase" in str(error)


# --- not a backup ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", NOT_A_BACKUP),
        (b"hello, this is a letter\n" * 10, NOT_A_BACKUP),
        (b"SQLite format 3\x00" + bytes(1000), NOT_A_BACKUP),
        (b"LSBAK2\n" + bytes(100), NEWER),
        (b"LSBA", INCOMPLETE),
    ],
    ids=["empty", "text", "sqlite", "newer-magic", "cut-in-magic"],
)
def test_a_file_that_is_not_a_backup_is_refused(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "thing.lsbak"
    path.write_bytes(content)
    with pytest.raises(UserError, match=expected):
        read_backup_info(path)
    assert expected in str(refused(path, tmp_path, PASSPHRASE))


def test_a_newer_header_version_is_refused(made: Made, tmp_path: Path) -> None:
    path = copy_with(
        tmp_path, made.plain, with_header(made.plain.read_bytes(), lambda h: h.update(version=2))
    )
    with pytest.raises(UserError, match=NEWER):
        read_backup_info(path)


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot be read"):
        read_backup_info(tmp_path / "gone.lsbak")


# --- damage -----------------------------------------------------------------------


def flip(at: Callable[[bytes], int]) -> Callable[[bytes], bytes]:
    def damage(data: bytes) -> bytes:
        i = at(data)
        return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]

    return damage


def cut(at: Callable[[bytes], int]) -> Callable[[bytes], bytes]:
    return lambda data: data[: at(data)]


def swap_chunks(data: bytes, size: int) -> bytes:
    payload = layout(data)[2]
    one, two = payload + size, payload + 2 * size
    assert len(data) > payload + 3 * size, "too few chunks to swap"
    return data[:one] + data[two : two + size] + data[one:two] + data[two + size :]


Damage = Callable[[bytes], bytes]

# What each damage does, and the message expected without / with encryption
# (None: any UserError will do, e.g. a changed length may read as cut off or as changed).
DAMAGE: dict[str, tuple[Damage, str | None, str | None]] = {
    "flip-magic": (flip(lambda d: 2), NOT_A_BACKUP, NOT_A_BACKUP),
    "flip-header-length": (flip(lambda d: len(MAGIC) + 3), None, None),
    "flip-header": (flip(lambda d: layout(d)[0] + 20), DAMAGED, DAMAGED),
    "flip-header-digest": (flip(lambda d: layout(d)[1] + 5), DAMAGED, DAMAGED),
    "flip-first-payload-byte": (flip(lambda d: layout(d)[2]), DAMAGED, WRONG),
    "flip-middle": (flip(lambda d: len(d) // 2), DAMAGED, DAMAGED),
    "flip-last-byte": (flip(lambda d: len(d) - 1), DAMAGED, DAMAGED),
    "cut-in-length": (cut(lambda d: len(MAGIC) + 2), INCOMPLETE, INCOMPLETE),
    "cut-in-header": (cut(lambda d: sum(layout(d)[:2]) // 2), INCOMPLETE, INCOMPLETE),
    "cut-before-payload": (cut(lambda d: layout(d)[2]), INCOMPLETE, INCOMPLETE),
    "cut-in-middle": (cut(lambda d: len(d) // 2), INCOMPLETE, INCOMPLETE),
    "cut-at-chunk-end": (
        cut(lambda d: layout(d)[2] + 3 * (CHUNK + TAG_SIZE)),
        INCOMPLETE,
        INCOMPLETE,
    ),
    "cut-last-byte": (cut(lambda d: len(d) - 1), INCOMPLETE, INCOMPLETE),
    "append-garbage": (lambda d: d + b"\x00garbage", DAMAGED, DAMAGED),
    "swap-sealed-chunks": (lambda d: swap_chunks(d, CHUNK + TAG_SIZE), DAMAGED, DAMAGED),
    "swap-plain-chunks": (lambda d: swap_chunks(d, CHUNK), DAMAGED, None),
}


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_every_kind_of_damage_is_refused(
    made: Made, tmp_path: Path, kind: str, encrypted: bool
) -> None:
    source = made.encrypted if encrypted else made.plain
    damage, expected_plain, expected_encrypted = DAMAGE[kind]
    data = damage(source.read_bytes())
    assert data != source.read_bytes()
    path = copy_with(tmp_path, source, data)
    error = refused(path, tmp_path, PASSPHRASE if encrypted else None)
    expected = expected_encrypted if encrypted else expected_plain
    assert expected is None or expected in str(error)


@pytest.mark.parametrize("kind", ["cut-in-middle", "cut-last-byte", "append-garbage"])
def test_the_header_reader_notices_a_wrong_length(made: Made, tmp_path: Path, kind: str) -> None:
    damage, _, expected = DAMAGE[kind]
    assert expected is not None
    path = copy_with(tmp_path, made.encrypted, damage(made.encrypted.read_bytes()))
    with pytest.raises(UserError, match=expected):
        read_backup_info(path)


def test_a_rewritten_encrypted_header_is_refused_at_restore(made: Made, tmp_path: Path) -> None:
    """Even with its digest recomputed, the changed header fails the AEAD check."""
    data = with_header(made.encrypted.read_bytes(), lambda h: h["counts"].update(families=99))
    path = copy_with(tmp_path, made.encrypted, data)
    assert read_backup_info(path).counts["families"] == 99  # the digest alone cannot tell
    assert WRONG in str(refused(path, tmp_path, PASSPHRASE))


def test_a_rewritten_plain_header_with_another_hash_is_refused(made: Made, tmp_path: Path) -> None:
    data = with_header(made.plain.read_bytes(), lambda h: h.update(sha256="0" * 64))
    path = copy_with(tmp_path, made.plain, data)
    assert DAMAGED in str(refused(path, tmp_path, None))


def test_an_undamaged_copy_is_accepted(made: Made, tmp_path: Path) -> None:
    """The damage tests start from files that do restore."""
    for source, passphrase in ((made.plain, None), (made.encrypted, PASSPHRASE)):
        path = copy_with(tmp_path, source, source.read_bytes())
        target = tmp_path / f"{source.stem}.sqlite3"
        extract_backup(path, target, passphrase)
        assert child_rows(target) == made.rows


# --- the format, written by hand from docs/backup-format.md --------------------------


def small_database(path: Path, rows: int = 3000) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE child (name TEXT, id_number TEXT)")
        conn.execute("CREATE INDEX child_name ON child (name)")
        conn.executemany(
            "INSERT INTO child VALUES (?, ?)", [(f"name{i:05}", str(i)) for i in range(rows)]
        )
        conn.commit()
    return path


def damage_a_page(path: Path) -> Path:
    """Overwrite part of a b-tree page: SQLite still opens the file, integrity_check fails."""
    data = bytearray(path.read_bytes())
    start = 4 * 4096 + 200
    data[start : start + 50] = b"\xff" * 50
    path.write_bytes(bytes(data))
    return path


def handmade(database: bytes, **fields: Any) -> bytes:
    """An unencrypted version-1 backup of ``database``, built as the format document says."""
    payload = zlib.compress(database)
    header = {
        "version": 1,
        "created": "2026-11-02T08:30:05",
        "encrypted": False,
        "schema_revision": None,
        "counts": {},
        "compression": "zlib",
        "database_size": len(database),
        "sha256": hashlib.sha256(database).hexdigest(),
        "payload_size": len(payload),
        **fields,
    }
    raw = json.dumps(header).encode()
    return MAGIC + struct.pack(">I", len(raw)) + raw + hashlib.sha256(raw).digest() + payload


def test_a_file_made_from_the_format_document_restores(tmp_path: Path) -> None:
    database = small_database(tmp_path / "source.sqlite3")
    path = tmp_path / "handmade.lsbak"
    path.write_bytes(handmade(database.read_bytes(), counts={"children_active": 3000}))
    info = extract_backup(path, tmp_path / "restored.sqlite3")
    assert info.counts == {"children_active": 3000} and info.created == NOW
    assert child_rows(tmp_path / "restored.sqlite3") == child_rows(database)


def test_a_damaged_database_inside_an_intact_file_is_refused(tmp_path: Path) -> None:
    database = damage_a_page(small_database(tmp_path / "source.sqlite3"))
    path = tmp_path / "handmade.lsbak"
    path.write_bytes(handmade(database.read_bytes()))
    read_backup_info(path)  # the file itself is intact
    assert DAMAGED in str(refused(path, tmp_path, None))


def test_a_damaged_live_database_is_not_backed_up(tmp_path: Path) -> None:
    database = damage_a_page(small_database(tmp_path / "live.sqlite3"))
    dest = tmp_path / "usb"
    with pytest.raises(UserError, match="database is damaged"):
        write_backup_file(database, dest, NOW, PASSPHRASE)
    assert not dest.exists() or list(dest.iterdir()) == []


class SpyAead:
    """AES-GCM that records every nonce and associated data it is given."""

    calls: list[tuple[str, bytes, bytes]] = []

    def __init__(self, key: bytes) -> None:
        self.inner = AESGCM(key)

    def encrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        self.calls.append(("encrypt", nonce, aad))
        return self.inner.encrypt(nonce, data, aad)

    def decrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        self.calls.append(("decrypt", nonce, aad))
        return self.inner.decrypt(nonce, data, aad)


def test_each_chunk_has_its_own_nonce_and_is_bound_to_header_position_and_end(
    school_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SpyAead.calls = []
    monkeypatch.setitem(backup_file.AEADS, "AES-256-GCM", SpyAead)
    live = school_db.data_dir.database
    path = write_backup_file(live, tmp_path / "usb", NOW, PASSPHRASE, chunk_size=CHUNK)
    extract_backup(path, tmp_path / "restored.sqlite3", PASSPHRASE)
    data = path.read_bytes()
    start, end, _ = layout(data)
    header = json.loads(data[start:end])
    prefix = base64.b64decode(header["nonce_prefix"])
    sealed = [(nonce, aad) for kind, nonce, aad in SpyAead.calls if kind == "encrypt"]
    count = len(sealed)
    assert count >= 3
    assert [nonce for nonce, _ in sealed] == [prefix + struct.pack(">I", i) for i in range(count)]
    assert [aad for _, aad in sealed] == [
        data[start:end] + struct.pack(">I", i) + (b"\x01" if i == count - 1 else b"\x00")
        for i in range(count)
    ]
    opened = [(nonce, aad) for kind, nonce, aad in SpyAead.calls if kind == "decrypt"]
    assert opened == sealed + sealed  # the read-back after writing, then the restore


# --- verification after writing ------------------------------------------------------


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
@pytest.mark.parametrize("lie", ["flip", "cut"])
def test_a_file_that_reads_back_wrong_is_deleted(
    school_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    passphrase: str | None,
    lie: str,
) -> None:
    seen: list[Path] = []

    def lying_disk(path: Path) -> BinaryIO:
        seen.append(path)
        data = path.read_bytes()
        middle = len(data) // 2
        bad = data[:middle] if lie == "cut" else data[:middle] + b"\xff" + data[middle + 1 :]
        return io.BytesIO(bad)

    monkeypatch.setattr(backup_file, "_open_backup", lying_disk)
    dest = tmp_path / "usb"
    with pytest.raises(UserError, match="did not read back correctly"):
        write_backup_file(school_db.data_dir.database, dest, NOW, passphrase)
    assert seen and seen[0].parent == dest
    assert list(dest.iterdir()) == []


def test_without_a_lying_disk_the_same_write_succeeds(
    school_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []

    def honest_disk(path: Path) -> BinaryIO:
        seen.append(path)
        return io.BytesIO(path.read_bytes())

    monkeypatch.setattr(backup_file, "_open_backup", honest_disk)
    path = write_backup_file(school_db.data_dir.database, tmp_path / "usb", NOW, PASSPHRASE)
    assert seen == [path] and path.is_file()


def test_a_backup_copied_elsewhere_still_restores(made: Made, tmp_path: Path) -> None:
    moved = tmp_path / "renamed by a teacher.lsbak"
    shutil.copyfile(made.encrypted, moved)
    info = extract_backup(moved, tmp_path / "restored.sqlite3", PASSPHRASE)
    assert info.created == NOW and child_rows(tmp_path / "restored.sqlite3") == made.rows
