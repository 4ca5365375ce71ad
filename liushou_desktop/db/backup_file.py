"""Portable backup files (``.lsbak``): "back up now" to a folder or a USB stick.

A backup file holds a consistent snapshot of the live database, compressed
and, when the user gives a passphrase, encrypted. Its plaintext header says
when it was made, by which schema revision and how many records it holds, so
a list of backups can be shown without the passphrase; when the file is
encrypted the header is authenticated as the AEAD's associated data, so a
changed header is refused at restore. The byte layout is documented in
``docs/backup-format.md``.

USB sticks lie and power fails, so :func:`write_backup_file` writes to a
temporary name, syncs, renames into place, and then reads the whole file back
and restores it to a scratch database before it reports success.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import os
import sqlite3
import struct
import tempfile
import unicodedata
import zlib
from collections.abc import Iterator, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from liushou_desktop import __version__
from liushou_desktop.db.backup import quick_check
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

MAGIC = b"LSBAK1\n"
MAGIC_STEM = b"LSBAK"
FORMAT_VERSION = 1
SUFFIX = ".lsbak"
PARTIAL_SUFFIX = ".partial"

DEFAULT_CHUNK_SIZE = 1 << 20
MIN_CHUNK_SIZE = 1 << 10
MAX_CHUNK_SIZE = 1 << 24
MAX_HEADER_SIZE = 1 << 16
HEADER_DIGEST_SIZE = 32
TAG_SIZE = 16
SALT_SIZE = 16
NONCE_PREFIX_SIZE = 8
KEY_SIZE = 32
COMPRESSION_LEVEL = 6
IO_BLOCK = 1 << 20

SCRYPT_N = 1 << 15
SCRYPT_R = 8
SCRYPT_P = 1
# Bounds on the KDF parameters a file may ask for, so that a crafted file
# cannot make the program allocate gigabytes before the passphrase is checked.
MAX_SCRYPT_MEMORY = 1 << 28
MAX_SCRYPT_P = 16

AEADS: dict[str, type[AESGCM] | type[ChaCha20Poly1305]] = {
    "AES-256-GCM": AESGCM,
    "ChaCha20-Poly1305": ChaCha20Poly1305,
}
DEFAULT_AEAD = "AES-256-GCM"

_NOT_A_BACKUP = QT_TRANSLATE_NOOP(
    "UserError",
    "This file is not a backup made by this program: {path}. "
    "Choose a backup file, whose name ends in .lsbak.",
)
_NEWER_FORMAT = QT_TRANSLATE_NOOP(
    "UserError",
    "This backup was made by a newer version of the program (backup format {version}): "
    "{path}. Update the program on this computer, then open the backup again.",
)
_INCOMPLETE = QT_TRANSLATE_NOOP(
    "UserError",
    "This backup file is incomplete (it was cut off, perhaps the USB stick was pulled out "
    "too early): {path}. Use another backup.",
)
_DAMAGED = QT_TRANSLATE_NOOP(
    "UserError",
    "This backup file was changed or is damaged, so it cannot be used: {path}. Use another backup.",
)
_WRONG_PASSPHRASE = QT_TRANSLATE_NOOP(
    "UserError",
    "The passphrase is wrong, or the backup file was changed. "
    "Type the passphrase again, exactly as it was set when the backup was made.",
)
_NEED_PASSPHRASE = QT_TRANSLATE_NOOP(
    "UserError",
    "This backup is encrypted: enter the passphrase that was set when it was made.",
)
_CANNOT_READ = QT_TRANSLATE_NOOP(
    "UserError",
    "The backup file cannot be read ({problem}): {path}. "
    "Check that the USB stick is plugged in, or copy the file to this computer first.",
)
_CANNOT_WRITE = QT_TRANSLATE_NOOP(
    "UserError",
    "The backup could not be written to {folder} ({problem}). Check that the USB stick is "
    "plugged in, not write-protected and has free space, or choose another folder.",
)
_VERIFY_FAILED = QT_TRANSLATE_NOOP(
    "UserError",
    "The backup written to {folder} did not read back correctly, so it was deleted. "
    "The USB stick may be faulty: try again, or use another USB stick or folder.",
)
_LIVE_DAMAGED = QT_TRANSLATE_NOOP(
    "UserError",
    "The database is damaged ({problem}), so no backup was made. Ask the township's IT helper.",
)


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file's header says, readable without the passphrase."""

    version: int
    created: datetime
    encrypted: bool
    schema_revision: str | None
    counts: Mapping[str, int]
    size: int


@dataclass(frozen=True)
class _Kdf:
    n: int
    r: int
    p: int
    salt: bytes


@dataclass(frozen=True)
class _Header:
    """A parsed header; ``raw`` is the exact bytes (the AEAD's associated data)."""

    raw: bytes
    version: int
    created: datetime
    schema_revision: str | None
    counts: dict[str, int]
    sha256: str
    database_size: int
    payload_size: int
    chunk_size: int | None
    kdf: _Kdf | None
    aead: str | None
    nonce_prefix: bytes | None

    @property
    def encrypted(self) -> bool:
        return self.kdf is not None

    @property
    def payload_offset(self) -> int:
        return len(MAGIC) + 4 + len(self.raw) + HEADER_DIGEST_SIZE

    def info(self, size: int) -> BackupInfo:
        return BackupInfo(
            self.version,
            self.created,
            self.encrypted,
            self.schema_revision,
            dict(self.counts),
            size,
        )


@dataclass(frozen=True)
class _Snapshot:
    path: Path
    sha256: str
    size: int
    schema_revision: str | None


# --- writing -----------------------------------------------------------------


def write_backup_file(
    database: Path,
    dest_dir: Path,
    now: datetime,
    passphrase: str | None = None,
    counts: dict[str, int] | None = None,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    aead: str = DEFAULT_AEAD,
) -> Path:
    """Write a backup of ``database`` into ``dest_dir``, verify it, and return its path.

    The file is ``liushou-YYYYMMDD-HHMMSS.lsbak`` (``-2``, ``-3``... if taken),
    from ``now``, which is also stored in the header as the creation time.
    With a ``passphrase`` the file is encrypted. Raises :class:`UserError` if
    the folder cannot be written or the file does not read back correctly (the
    file is then deleted).
    """
    _check_write_args(database, passphrase, counts, chunk_size, aead)
    with tempfile.TemporaryDirectory(
        prefix=".lsbak-", dir=database.parent, ignore_cleanup_errors=True
    ) as scratch:
        work = Path(scratch)
        snapshot = _take_snapshot(database, work / "snapshot.sqlite3")
        compressed = work / "payload.zlib"
        compressed_size = _compress(snapshot.path, compressed)
        raw, key = _new_header(
            now, snapshot, dict(counts or {}), compressed_size, passphrase, chunk_size, aead
        )
        final = _write_file(dest_dir, now, raw, compressed, key)
        _verify_written(final, passphrase, snapshot.sha256, work / "verify.sqlite3")
    return final


def _check_write_args(
    database: Path,
    passphrase: str | None,
    counts: dict[str, int] | None,
    chunk_size: int,
    aead: str,
) -> None:
    if not database.is_file():
        raise FileNotFoundError(f"no database to back up: {database}")
    if passphrase is not None and not passphrase:
        raise ValueError("an empty passphrase: pass None for an unencrypted backup")
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk_size out of range: {chunk_size}")
    if aead not in AEADS:
        raise ValueError(f"unknown AEAD: {aead}")
    for name, value in (counts or {}).items():
        if not isinstance(name, str) or type(value) is not int:
            raise TypeError(f"counts must map str to int: {name!r}: {value!r}")


def _take_snapshot(database: Path, target: Path) -> _Snapshot:
    """A consistent copy of the live (WAL, maybe busy) database, in rollback-journal mode.

    ``VACUUM`` drops the free pages, so deleted records do not travel on the stick.
    """
    with closing(sqlite3.connect(database)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    problem = quick_check(target)
    if problem != "ok":
        raise UserError(_LIVE_DAMAGED, {"problem": problem[:200]})
    with closing(sqlite3.connect(target)) as dst:
        dst.execute("VACUUM")
        revision = _schema_revision(dst)
    digest, size = _hash_file(target)
    return _Snapshot(target, digest, size, revision)


def _schema_revision(conn: sqlite3.Connection) -> str | None:
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:
        return None
    return ",".join(sorted(str(row[0]) for row in rows)) or None


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while block := stream.read(IO_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _compress(source: Path, target: Path) -> int:
    """zlib-compress ``source`` into ``target``; return the compressed size."""
    compressor = zlib.compressobj(COMPRESSION_LEVEL)
    with source.open("rb") as src, target.open("wb") as dst:
        while block := src.read(IO_BLOCK):
            dst.write(compressor.compress(block))
        dst.write(compressor.flush())
    return target.stat().st_size


def _new_header(
    now: datetime,
    snapshot: _Snapshot,
    counts: dict[str, int],
    compressed_size: int,
    passphrase: str | None,
    chunk_size: int,
    aead: str,
) -> tuple[bytes, bytes | None]:
    """The header's bytes, and the key when encrypting."""
    fields: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "created": now.isoformat(),
        "encrypted": passphrase is not None,
        "schema_revision": snapshot.schema_revision,
        "counts": counts,
        "compression": "zlib",
        "database_size": snapshot.size,
        "sha256": snapshot.sha256,
        "payload_size": compressed_size,
    }
    key = None
    if passphrase is not None:
        kdf = _Kdf(SCRYPT_N, SCRYPT_R, SCRYPT_P, os.urandom(SALT_SIZE))
        key = _derive_key(passphrase, kdf)
        chunks = math.ceil(compressed_size / chunk_size)
        fields |= {
            "payload_size": compressed_size + chunks * TAG_SIZE,
            "chunk_size": chunk_size,
            "kdf": {"name": "scrypt", "n": kdf.n, "r": kdf.r, "p": kdf.p, "salt": _b64(kdf.salt)},
            "aead": aead,
            "nonce_prefix": _b64(os.urandom(NONCE_PREFIX_SIZE)),
        }
    raw = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return raw, key


def _derive_key(passphrase: str, kdf: _Kdf) -> bytes:
    """scrypt of the passphrase (Unicode NFC, UTF-8) with the file's salt."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=kdf.salt, length=KEY_SIZE, n=kdf.n, r=kdf.r, p=kdf.p).derive(secret)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _write_file(
    dest_dir: Path, now: datetime, raw: bytes, compressed: Path, key: bytes | None
) -> Path:
    """Write under a temporary name, fsync, rename into place; return the final path."""
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        final, stream = _claim_name(dest_dir, now)
    except OSError as exc:
        raise _cannot_write(dest_dir, exc) from exc
    partial = _partial_of(final)
    try:
        with stream:
            _write_contents(stream, raw, compressed, key)
        os.rename(partial, final)
    except BaseException as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(dest_dir, exc) from exc
        raise
    _fsync_dir(dest_dir)
    return final


def _claim_name(dest_dir: Path, now: datetime) -> tuple[Path, BinaryIO]:
    """The first free ``liushou-STAMP[-n].lsbak``, with its partial file opened exclusively."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        final = dest_dir / (f"liushou-{stamp}" + (f"-{n}" if n > 1 else "") + SUFFIX)
        n += 1
        if final.exists():
            continue
        try:
            return final, _partial_of(final).open("xb")
        except FileExistsError:
            continue


def _partial_of(final: Path) -> Path:
    return final.with_name(final.name + PARTIAL_SUFFIX)


def _write_contents(stream: BinaryIO, raw: bytes, compressed: Path, key: bytes | None) -> None:
    stream.write(MAGIC + struct.pack(">I", len(raw)) + raw + hashlib.sha256(raw).digest())
    header = _parse_header(raw, Path("<new>"))
    with compressed.open("rb") as source:
        if key is None:
            while block := source.read(IO_BLOCK):
                stream.write(block)
        else:
            for sealed in _seal_chunks(source, header, key):
                stream.write(sealed)
    stream.flush()
    os.fsync(stream.fileno())


def _seal_chunks(source: BinaryIO, header: _Header, key: bytes) -> Iterator[bytes]:
    assert header.chunk_size is not None and header.aead is not None
    cipher = AEADS[header.aead](key)
    count = _chunk_count(header)
    for index in range(count):
        plain = source.read(header.chunk_size)
        nonce, aad = _nonce_and_aad(header, index, index == count - 1)
        yield cipher.encrypt(nonce, plain, aad)


def _nonce_and_aad(header: _Header, index: int, final: bool) -> tuple[bytes, bytes]:
    """STREAM: nonce = prefix || counter; AAD = header || counter || final flag."""
    assert header.nonce_prefix is not None
    counter = struct.pack(">I", index)
    return header.nonce_prefix + counter, header.raw + counter + (b"\x01" if final else b"\x00")


def _chunk_count(header: _Header) -> int:
    assert header.chunk_size is not None
    return math.ceil(header.payload_size / (header.chunk_size + TAG_SIZE))


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cannot_write(folder: Path, exc: OSError) -> UserError:
    return UserError(_CANNOT_WRITE, {"folder": str(folder), "problem": exc.strerror or str(exc)})


def _verify_written(final: Path, passphrase: str | None, sha256: str, scratch: Path) -> None:
    """Read ``final`` back from disk and restore it to ``scratch``; delete it if that fails."""
    try:
        good = _reads_back(final, passphrase, sha256, scratch)
    except BaseException:
        _discard(final)
        raise
    if not good:
        _discard(final)
        raise UserError(_VERIFY_FAILED, {"folder": str(final.parent)})


def _reads_back(final: Path, passphrase: str | None, sha256: str, scratch: Path) -> bool:
    try:
        with scratch.open("wb") as out:
            _, digest = _restore_into(final, out, passphrase)
        return digest == sha256 and _integrity_problem(scratch) is None
    except (UserError, OSError):
        return False
    finally:
        with suppress(OSError):
            scratch.unlink(missing_ok=True)


def _discard(final: Path) -> None:
    """Delete a backup that did not verify (the stick may be gone already)."""
    with suppress(OSError):
        final.unlink(missing_ok=True)
    _fsync_dir(final.parent)


# --- reading -----------------------------------------------------------------


def read_backup_info(path: Path) -> BackupInfo:
    """The header of the backup file at ``path`` (no passphrase needed).

    Raises :class:`UserError` if the file is not a backup, is cut off, or its
    header is damaged. An encrypted file's header is only proven unchanged by
    :func:`extract_backup`.
    """
    with _open_backup(path) as stream:
        header = _read_header(stream, path)
        size = _check_size(stream, header, path)
    return header.info(size)


def extract_backup(path: Path, target: Path, passphrase: str | None = None) -> BackupInfo:
    """Restore the backup at ``path`` into the new database file ``target``.

    Raises :class:`UserError` (and leaves no ``target``) for a wrong or missing
    passphrase and for a file that is not a backup, cut off or changed.
    """
    if target.exists():
        raise FileExistsError(f"restore target exists: {target}")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent)
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            info, _ = _restore_into(path, out, passphrase)
            out.flush()
            os.fsync(out.fileno())
        if _integrity_problem(partial) is not None:
            raise UserError(_DAMAGED, {"path": str(path)})
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return info


def _open_backup(path: Path) -> BinaryIO:
    """Open a backup file for reading (tests replace this to simulate a lying disk)."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise UserError(
            _CANNOT_READ, {"path": str(path), "problem": exc.strerror or str(exc)}
        ) from exc


def _restore_into(path: Path, out: BinaryIO, passphrase: str | None) -> tuple[BackupInfo, str]:
    """Decrypt and decompress the backup into ``out``; return its info and sha256."""
    with _open_backup(path) as stream:
        header = _read_header(stream, path)
        size = _check_size(stream, header, path)
        digest = _inflate(_plain_chunks(stream, header, passphrase, path), out, header, path)
    return header.info(size), digest


def _read_some(stream: BinaryIO, n: int, path: Path) -> bytes:
    """Up to ``n`` bytes; a failing disk or a pulled-out stick is a :class:`UserError`."""
    try:
        return stream.read(n)
    except OSError as exc:
        raise UserError(
            _CANNOT_READ, {"path": str(path), "problem": exc.strerror or str(exc)}
        ) from exc


def _read_exact(stream: BinaryIO, n: int, path: Path) -> bytes:
    data = _read_some(stream, n, path)
    if len(data) != n:
        raise UserError(_INCOMPLETE, {"path": str(path)})
    return data


def _read_header(stream: BinaryIO, path: Path) -> _Header:
    magic = _read_some(stream, len(MAGIC), path)
    if magic != MAGIC:
        _raise_bad_magic(magic, path)
    (length,) = struct.unpack(">I", _read_exact(stream, 4, path))
    if not 0 < length <= MAX_HEADER_SIZE:
        raise UserError(_DAMAGED, {"path": str(path)})
    raw = _read_exact(stream, length, path)
    if hashlib.sha256(raw).digest() != _read_exact(stream, HEADER_DIGEST_SIZE, path):
        raise UserError(_DAMAGED, {"path": str(path)})
    return _parse_header(raw, path)


def _raise_bad_magic(magic: bytes, path: Path) -> NoReturn:
    if magic and MAGIC.startswith(magic):
        raise UserError(_INCOMPLETE, {"path": str(path)})
    if magic.startswith(MAGIC_STEM) and magic.endswith(b"\n"):
        version = magic[len(MAGIC_STEM) : -1].decode("ascii", "replace")
        raise UserError(_NEWER_FORMAT, {"path": str(path), "version": version})
    raise UserError(_NOT_A_BACKUP, {"path": str(path)})


def _parse_header(raw: bytes, path: Path) -> _Header:
    """Check the header's fields and types; a header that does not fit is damaged."""
    try:
        fields = json.loads(raw.decode("utf-8"))
        version = _get(fields, "version", int)
        if version > FORMAT_VERSION:
            raise UserError(_NEWER_FORMAT, {"path": str(path), "version": version})
        return _header_from(raw, fields, version)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise UserError(_DAMAGED, {"path": str(path)}) from exc


def _header_from(raw: bytes, fields: dict[str, Any], version: int) -> _Header:
    if _get(fields, "compression", str) != "zlib" or version < 1:
        raise ValueError("unknown compression or version")
    counts = _get(fields, "counts", dict)
    if not all(isinstance(k, str) and type(v) is int for k, v in counts.items()):
        raise ValueError("counts must map str to int")
    revision = fields.get("schema_revision")
    if revision is not None and not isinstance(revision, str):
        raise TypeError("schema_revision")
    encrypted = _get(fields, "encrypted", bool)
    header = _Header(
        raw=raw,
        version=version,
        created=datetime.fromisoformat(_get(fields, "created", str)),
        schema_revision=revision,
        counts=counts,
        sha256=_get(fields, "sha256", str),
        database_size=_get(fields, "database_size", int),
        payload_size=_get(fields, "payload_size", int),
        **(_crypto_fields(fields) if encrypted else _no_crypto()),
    )
    _check_payload_shape(header)
    return header


def _get(fields: dict[str, Any], key: str, kind: type) -> Any:
    value = fields[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"header field {key}")
    return value


def _no_crypto() -> dict[str, Any]:
    return {"chunk_size": None, "kdf": None, "aead": None, "nonce_prefix": None}


def _crypto_fields(fields: dict[str, Any]) -> dict[str, Any]:
    kdf_fields = _get(fields, "kdf", dict)
    if _get(kdf_fields, "name", str) != "scrypt":
        raise ValueError("unknown KDF")
    kdf = _Kdf(
        _get(kdf_fields, "n", int),
        _get(kdf_fields, "r", int),
        _get(kdf_fields, "p", int),
        base64.b64decode(_get(kdf_fields, "salt", str), validate=True),
    )
    _check_kdf(kdf)
    aead = _get(fields, "aead", str)
    prefix = base64.b64decode(_get(fields, "nonce_prefix", str), validate=True)
    if aead not in AEADS or len(prefix) != NONCE_PREFIX_SIZE:
        raise ValueError("unknown AEAD or bad nonce prefix")
    chunk_size = _get(fields, "chunk_size", int)
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError("chunk size out of range")
    return {"chunk_size": chunk_size, "kdf": kdf, "aead": aead, "nonce_prefix": prefix}


def _check_kdf(kdf: _Kdf) -> None:
    power_of_two = kdf.n > 1 and kdf.n & (kdf.n - 1) == 0
    if not power_of_two or kdf.r < 1 or not 1 <= kdf.p <= MAX_SCRYPT_P:
        raise ValueError("bad scrypt parameters")
    if 128 * kdf.n * kdf.r > MAX_SCRYPT_MEMORY or len(kdf.salt) != SALT_SIZE:
        raise ValueError("scrypt parameters out of bounds")


def _check_payload_shape(header: _Header) -> None:
    if header.database_size < 0 or len(header.sha256) != 64:
        raise ValueError("bad database size or digest")
    if header.payload_size < 1:
        raise ValueError("empty payload")
    if header.chunk_size is not None:
        count = _chunk_count(header)
        last = header.payload_size - (count - 1) * (header.chunk_size + TAG_SIZE)
        if last <= TAG_SIZE or count > 1 << 32:
            raise ValueError("payload size does not fit the chunks")


def _check_size(stream: BinaryIO, header: _Header, path: Path) -> int:
    """The file's size; cut off or too long for what the header says is refused."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(header.payload_offset)
    expected = header.payload_offset + header.payload_size
    if size < expected:
        raise UserError(_INCOMPLETE, {"path": str(path)})
    if size > expected:
        raise UserError(_DAMAGED, {"path": str(path)})
    return size


def _plain_chunks(
    stream: BinaryIO, header: _Header, passphrase: str | None, path: Path
) -> Iterator[bytes]:
    """The compressed payload, chunk by chunk, decrypted and authenticated if encrypted."""
    if header.kdf is None:
        left = header.payload_size
        while left:
            block = _read_exact(stream, min(left, IO_BLOCK), path)
            left -= len(block)
            yield block
        return
    if passphrase is None:
        raise UserError(_NEED_PASSPHRASE)
    yield from _open_chunks(stream, header, _derive_key(passphrase, header.kdf), path)


def _open_chunks(stream: BinaryIO, header: _Header, key: bytes, path: Path) -> Iterator[bytes]:
    assert header.chunk_size is not None and header.aead is not None
    cipher = AEADS[header.aead](key)
    count = _chunk_count(header)
    sealed_size = header.chunk_size + TAG_SIZE
    for index in range(count):
        final = index == count - 1
        size = header.payload_size - index * sealed_size if final else sealed_size
        nonce, aad = _nonce_and_aad(header, index, final)
        try:
            yield cipher.decrypt(nonce, _read_exact(stream, size, path), aad)
        except InvalidTag as exc:
            # The first chunk fails for a wrong passphrase or a changed header
            # alike; a later one can only fail because the file was changed.
            message = _WRONG_PASSPHRASE if index == 0 else _DAMAGED
            raise UserError(message, {"path": str(path)}) from exc


def _inflate(chunks: Iterator[bytes], out: BinaryIO, header: _Header, path: Path) -> str:
    """Decompress ``chunks`` into ``out``, checking size and sha256; return the sha256."""
    decompressor = zlib.decompressobj()
    digest = hashlib.sha256()
    written = 0
    try:
        for chunk in chunks:
            for block in _decompress(decompressor, chunk):
                written += len(block)
                if written > header.database_size:
                    raise ValueError("more data than the header says")
                digest.update(block)
                out.write(block)
    except (zlib.error, ValueError) as exc:
        raise UserError(_DAMAGED, {"path": str(path)}) from exc
    complete = decompressor.eof and not decompressor.unused_data
    if not complete or written != header.database_size or digest.hexdigest() != header.sha256:
        raise UserError(_DAMAGED, {"path": str(path)})
    return digest.hexdigest()


def _decompress(decompressor: Any, data: bytes) -> Iterator[bytes]:
    """Decompress ``data`` in bounded blocks (a small file may inflate enormously)."""
    if decompressor.eof:
        raise ValueError("data after the end of the compressed stream")
    while True:
        block = decompressor.decompress(data, IO_BLOCK)
        if block:
            yield block
        data = decompressor.unconsumed_tail
        if not data and len(block) < IO_BLOCK:
            return


def _integrity_problem(database: Path) -> str | None:
    """``None`` if ``PRAGMA integrity_check`` passes, else what it found."""
    uri = database.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    result = "; ".join(str(row[0]) for row in rows)
    return None if result == "ok" else result
