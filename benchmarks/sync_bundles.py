"""Sync bundles (同步包): a big school's export, and the township taking in 20 bundles.

Run by ``run.py`` (operations ``sync_export_in_process`` and ``sync_import_20_in_process``),
or by hand::

    python benchmarks/sync_bundles.py make-export DIR       # build the data (untimed)
    python benchmarks/sync_bundles.py ours-export DIR       # BundleService.export, full
    python benchmarks/sync_bundles.py baseline-export DIR   # select, serialize, zstd, AES-GCM
    python benchmarks/sync_bundles.py make-import DIR       # 20 schools and their bundles
    python benchmarks/sync_bundles.py ours-import DIR       # 20 × BundleService.import_bundle
    python benchmarks/sync_bundles.py baseline-import DIR   # decrypt + one executemany upsert

Each timed side prints ``seconds <s>`` (the work alone: after the imports, after opening
the database and, for the imports, after copying the empty township; the imports' time
includes closing the database, which writes the last of the WAL into it) and
``bytes <n>`` (the files written or read).

**make-export** sets up a township and a demo school of 5,000 children (three months of
talks come with it), tops the talks up to 60,000 with ``insert_synced``, and pairs the
school with the township. **ours-export** is
``BundleService(db).export(actor, folder, full=True)``: every synced row collected into
the payload (an SQLite database in the connection's temp schema), its content hash
(SHA-256 of its bytes), zstd, the chunked AEAD to the township's key, the
Ed25519 signature, the write to a temporary file, fsync, rename, the read-back and full
verification, the log row and the audit entry. **baseline-export** does the bare pipeline
over the same rows: ``INSERT ... SELECT`` of the synced tables into an attached in-memory
database, ``serialize()``, zstd level 3, AES-256-GCM in one call with a random key, write
and fsync.

**make-import** sets up a township and 20 schools of 250 demo children each, tops each
school's talks up to 3,000 (5,000 children and 60,000 talks in all), pairs them, and
writes each school's full bundle (and, for the baseline, the same rows packed by the bare
pipeline). **ours-import** copies the empty paired township (untimed), then imports the 20
bundles one after the other, each its own transaction: header, pinned sender (the first
bundle of a school pins it), signature and every chunk, manifest counts and content hash,
the per-field merge, the log row and audit entry. **baseline-import** copies the same
empty township database (untimed), then in one transaction decrypts and decompresses the
20 files, ``deserialize()``\\ s each into memory and upserts every row with
``INSERT ... ON CONFLICT(id) DO UPDATE`` through ``executemany``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

EXPORT_CHILDREN = 5_000
EXPORT_TALKS = 60_000
SCHOOLS = 20
SCHOOL_CHILDREN = 250
SCHOOL_TALKS = 3_000
TOWN_CODE = "XCZ"
FIRST_SCHOOL = 5205261001
BASELINE_KEY = "baseline.key"
ZSTD_LEVEL = 3


def clock() -> datetime:
    """The making clock: 2026-11-02 (the demo's talks are of August to October)."""
    return datetime(2026, 11, 2, 8, 30)  # naive UTC, as the app stores times


# --- making the data (untimed) --------------------------------------------------------


def _request(role: str, code: str, name: str) -> Any:
    from liushou_desktop.domain.setup import SetupRequest

    return SetupRequest(
        role=role,
        name=name,
        code=code,
        township_name="新场镇",
        admin_username="admin",
        admin_password="benchmark password",
    )


def _open(data_dir: Path) -> Any:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.paths import DataDir

    return open_database(DataDir(data_dir).ensure(), now=clock)


def _township(data_dir: Path) -> Path:
    """Set up the township in ``data_dir``; return its pairing file (beside it)."""
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.setup import SetupService
    from liushou_desktop.domain.sync_peers import PeerService

    pairing = data_dir.parent / f"{data_dir.name}-pairing.json"
    db = _open(data_dir)
    try:
        SetupService(db, clock).set_up(_request("township", TOWN_CODE, "新场镇"), "cli")
        PeerService(db, clock).export_pairing(cli_actor("township"), pairing)
    finally:
        db.close()
    return pairing


def _school(data_dir: Path, code: str, children: int, talks: int, pairing: Path) -> None:
    """A paired school with ``children`` demo children and ``talks`` talk records."""
    from sqlalchemy import func, select

    from liushou_desktop.db.models import Child, Talk
    from liushou_desktop.db.sync_meta import insert_synced
    from liushou_desktop.domain.demo import DemoService
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.setup import SetupService
    from liushou_desktop.domain.sync_peers import PeerService

    db = _open(data_dir)
    try:
        request = _request("school", code, f"第{code[-2:]}小学")
        SetupService(db, clock).set_up(request, "cli")
        DemoService(db, clock).add_children(children, "cli")
        rng = random.Random(f"sync_bundles:{code}")
        with db.session_scope("cli") as session:
            have = session.scalar(select(func.count()).select_from(Talk)) or 0
            kids = list(session.execute(select(Child.id, Child.mentor_id).order_by(Child.id)))
            rows: list[dict[str, Any]] = []
            month = date(2025, 11, 1)
            while len(rows) < talks - have:
                for child_id, mentor_id in kids:
                    if len(rows) >= talks - have:
                        break
                    day = month + timedelta(days=rng.randrange(28))
                    done = rng.random() < 0.9
                    rows.append(
                        dict(
                            child_id=child_id,
                            mentor_id=mentor_id,
                            month=f"{month:%Y-%m}",
                            status="done" if done else "planned",
                            planned_on=day,
                            held_on=day if done else None,
                            form="face",
                            condition="学习认真" if done else "",
                        )
                    )
                month = (month + timedelta(days=32)).replace(day=1)
            insert_synced(session, Talk, rows, clock())
        PeerService(db, clock).import_pairing(cli_actor("school"), pairing)
    finally:
        db.close()


def make_export(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    pairing = _township(root / "township")
    _school(root / "school", str(FIRST_SCHOOL), EXPORT_CHILDREN, EXPORT_TALKS, pairing)


def make_import(root: Path) -> None:
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.sync_bundles import BundleService
    from liushou_desktop.paths import DATABASE_NAME

    root.mkdir(parents=True, exist_ok=True)
    pairing = _township(root / "township")
    bundles, packed = root / "bundles", root / "baseline-bundles"
    bundles.mkdir()
    packed.mkdir()
    key = os.urandom(32)
    (root / BASELINE_KEY).write_bytes(key)
    for number in range(SCHOOLS):
        code = str(FIRST_SCHOOL + number)
        data_dir = root / "schools" / code
        _school(data_dir, code, SCHOOL_CHILDREN, SCHOOL_TALKS, pairing)
        db = _open(data_dir)
        try:
            BundleService(db, clock).export(cli_actor("school"), bundles / f"{code}.lsb", full=True)
        finally:
            db.close()
        pack(data_dir / DATABASE_NAME, packed / f"{code}.bin", key)


# --- the bare pipeline ------------------------------------------------------------------


def _tables() -> dict[str, tuple[str, ...]]:
    """The synced tables and their columns (what both sides carry)."""
    from liushou_desktop.sync.canonical import synced_columns

    return {name: tuple(columns) for name, columns in synced_columns().items()}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pack(
    database: Path, out: Path, key: bytes, tables: dict[str, tuple[str, ...]] | None = None
) -> int:
    """Every synced row of ``database`` into an in-memory SQLite database, serialized,
    zstd level 3, AES-256-GCM, written and fsynced to ``out``; returns its size."""
    import zstandard
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    tables = tables or _tables()
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("ATTACH ':memory:' AS p")
        for table, columns in tables.items():
            names = ", ".join(_q(c) for c in columns)
            connection.execute(f"CREATE TABLE p.{_q(table)} ({names}, PRIMARY KEY (id))")
            connection.execute(f"INSERT INTO p.{_q(table)} SELECT {names} FROM main.{_q(table)}")
        data = connection.serialize(name="p")
    finally:
        connection.close()
    compressed = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(key).encrypt(nonce, compressed, None)
    with out.open("wb") as stream:
        stream.write(sealed)
        stream.flush()
        os.fsync(stream.fileno())
    return len(sealed)


def unpack(source: Path, key: bytes) -> sqlite3.Connection:
    """The in-memory database a :func:`pack` file holds."""
    import zstandard
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = source.read_bytes()
    compressed = AESGCM(key).decrypt(sealed[:12], sealed[12:], None)
    data = zstandard.ZstdDecompressor().decompress(compressed)
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    return connection


# --- the timed sides --------------------------------------------------------------------


def ours_export(root: Path) -> tuple[float, int]:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.sync_bundles import BundleService
    from liushou_desktop.paths import DataDir

    db = open_database(DataDir(root / "school"))
    try:
        service = BundleService(db)
        with tempfile.TemporaryDirectory(dir=root) as folder:
            start = time.perf_counter()
            (result,) = service.export(cli_actor("school"), Path(folder), full=True)
            elapsed = time.perf_counter() - start
    finally:
        db.close()
    if result.counts["child"] != EXPORT_CHILDREN or result.counts["talk"] != EXPORT_TALKS:
        raise SystemExit(f"unexpected counts: {result.counts}")
    return elapsed, result.size


def baseline_export(root: Path) -> tuple[float, int]:
    from liushou_desktop.paths import DATABASE_NAME

    tables, key = _tables(), os.urandom(32)
    with tempfile.TemporaryDirectory(dir=root) as folder:
        start = time.perf_counter()
        size = pack(root / "school" / DATABASE_NAME, Path(folder) / "bundle.bin", key, tables)
        elapsed = time.perf_counter() - start
    return elapsed, size


def _counts(database: Path) -> tuple[int, int]:
    connection = sqlite3.connect(database)
    try:
        children = connection.execute("SELECT count(*) FROM child").fetchone()[0]
        talks = connection.execute("SELECT count(*) FROM talk").fetchone()[0]
    finally:
        connection.close()
    return children, talks


def _check_counts(database: Path) -> None:
    children, talks = _counts(database)
    if (children, talks) != (SCHOOLS * SCHOOL_CHILDREN, SCHOOLS * SCHOOL_TALKS):
        raise SystemExit(f"unexpected township: {children} children, {talks} talks")


def ours_import(root: Path) -> tuple[float, int]:
    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.sync_bundles import BundleService
    from liushou_desktop.paths import DataDir

    files = sorted((root / "bundles").glob("*.lsb"))
    with tempfile.TemporaryDirectory(dir=root) as folder:
        town = Path(folder) / "township"
        shutil.copytree(root / "township", town)
        db = open_database(DataDir(town))
        try:
            service, actor = BundleService(db), cli_actor("township")
            start = time.perf_counter()
            outcomes = [service.import_bundle(actor, path) for path in files]
        finally:
            db.close()  # timed too: the last checkpoint of the WAL into the database
        elapsed = time.perf_counter() - start
        if any(outcome.status != "merged" for outcome in outcomes):
            raise SystemExit(f"not merged: {[o.status for o in outcomes]}")
        _check_counts(DataDir(town).database)
    return elapsed, sum(path.stat().st_size for path in files)


def baseline_import(root: Path) -> tuple[float, int]:
    from liushou_desktop.paths import DATABASE_NAME

    tables, key = _tables(), (root / BASELINE_KEY).read_bytes()
    files = sorted((root / "baseline-bundles").glob("*.bin"))
    statements = {}
    for table, columns in tables.items():
        names = ", ".join(_q(c) for c in columns)
        marks = ", ".join("?" * len(columns))
        updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in columns if c != "id")
        statements[table] = (
            f"SELECT {names} FROM {_q(table)}",
            f"INSERT INTO {_q(table)} ({names}) VALUES ({marks}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
        )
    with tempfile.TemporaryDirectory(dir=root) as folder:
        target = Path(folder) / DATABASE_NAME
        shutil.copyfile(root / "township" / DATABASE_NAME, target)
        connection = sqlite3.connect(target, isolation_level=None)
        try:
            start = time.perf_counter()
            connection.execute("BEGIN")
            for path in files:
                source = unpack(path, key)
                try:
                    for select, upsert in statements.values():
                        connection.executemany(upsert, source.execute(select).fetchall())
                finally:
                    source.close()
            connection.execute("COMMIT")
        finally:
            connection.close()
        elapsed = time.perf_counter() - start
        _check_counts(target)
    return elapsed, sum(path.stat().st_size for path in files)


SIDES = {
    "ours-export": ours_export,
    "baseline-export": baseline_export,
    "ours-import": ours_import,
    "baseline-import": baseline_import,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("side", choices=("make-export", "make-import", *SIDES))
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args(argv)
    if args.side == "make-export":
        make_export(args.data_dir)
        return 0
    if args.side == "make-import":
        make_import(args.data_dir)
        return 0
    seconds, size = SIDES[args.side](args.data_dir)
    print(f"seconds {seconds:.4f}")
    print(f"bytes {size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
