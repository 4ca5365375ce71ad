"""The sync bundle file (``.lsb``, 同步包): encrypted to the recipient, signed by the sender.

A bundle carries bytes from one installation to another on a USB stick. Its
header (who sends to whom, schema version, clock range, date) is readable
without a key and is authenticated twice: its SHA-256 is the associated data
of every encrypted chunk, and the sender's Ed25519 signature covers it with
every byte that follows. Inside the encryption come the manifest (per-table
counts and the content hash, given by the caller) and the zstd-compressed
payload, sealed with AES-256-GCM in the STREAM construction under a key agreed
with X25519 and HKDF-SHA256, as in *age*. The byte layout, the key schedule
and a test vector are in ``docs/bundle-format.md``.

Nothing here knows about databases: callers hand over bytes and get bytes
back, and only after everything -- structure, recipient, sender, signature,
every chunk's tag, the compressed stream -- has been checked.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import struct
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import zstandard
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.safe_files import fsync_dir
from liushou_desktop.sync.identity import Identity, PublicIdentity

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "MAGIC",
    "REASONS",
    "SUFFIX",
    "BundleHeader",
    "BundleRefused",
    "OpenedBundle",
    "inspect_bundle",
    "open_bundle",
    "write_bundle",
]

MAGIC = b"LSB\x00\r\n\x1a\n"
FORMAT_VERSION = 1
SUFFIX = ".lsb"
PARTIAL_SUFFIX = ".lsb.tmp"
KINDS = ("school_to_township", "township_to_school")
REASONS = (
    "not_a_bundle",
    "truncated",
    "tampered",
    "wrong_recipient",
    "unpaired",
    "key_changed",
    "newer_schema",
    "newer_format",
)

KEY_INFO = b"liushou-bundle/1 payload key"
SIGNATURE_CONTEXT = b"liushou-bundle/1 signature\x00"
EPHEMERAL_SIZE = 32
NONCE_PREFIX_SIZE = 7
HASH_SIZE = 32
LENGTH_SIZE = 8
SIGNATURE_SIZE = 64
TAG_SIZE = 16
BLOCK_TAIL_SIZE = EPHEMERAL_SIZE + NONCE_PREFIX_SIZE + 4  # after the header JSON
SEAL_SIZE = HASH_SIZE + LENGTH_SIZE + SIGNATURE_SIZE

DEFAULT_CHUNK_SIZE = 1 << 20
MIN_CHUNK_SIZE = 1 << 6
MAX_CHUNK_SIZE = 1 << 24
MAX_HEADER_SIZE = 1 << 16
MAX_MANIFEST_SIZE = 1 << 20
MAX_PAYLOAD_SIZE = 1 << 30
MAX_CHUNKS = 1 << 32
COMPRESSION_LEVEL = 3
COMPRESSION_THREADS = -1  # one zstd worker per CPU core (still one frame): 0.38 → 0.22 s for 60 MB
INFLATE_STEP = 1 << 12  # compressed bytes per step: bounds what one step can inflate to

_MESSAGES = {
    "not_a_bundle": QT_TRANSLATE_NOOP(
        "UserError",
        "This file is not a sync bundle (同步包) made by this program. "
        "Choose a bundle file, whose name ends in .lsb.",
    ),
    "truncated": QT_TRANSLATE_NOOP(
        "UserError",
        "This sync bundle is incomplete: it was cut off, perhaps because the USB stick was "
        "pulled out too early. Nothing was imported. Ask the sender to export it again and to "
        "wait until the program says the stick can be removed.",
    ),
    "tampered": QT_TRANSLATE_NOOP(
        "UserError",
        "This sync bundle was changed or damaged after it was made, so it cannot be trusted. "
        "Nothing was imported. Ask the sender to export it again, onto another USB stick if "
        "this happens again.",
    ),
    "wrong_recipient": QT_TRANSLATE_NOOP(
        "UserError",
        "This sync bundle was made for another school or township, not for this one. "
        "Nothing was imported. Check that you took the right file from the USB stick.",
    ),
    "unpaired": QT_TRANSLATE_NOOP(
        "UserError",
        "This sync bundle comes from a school or township this computer is not paired with, "
        "so it cannot be trusted. Nothing was imported. Pair first: a school imports the "
        "township's pairing file (pair import); the township needs the school's first bundle, "
        "which carries its key.",
    ),
    "key_changed": QT_TRANSLATE_NOOP(
        "UserError",
        "The sender of this sync bundle has a new key (a new or reinstalled computer). "
        "Nothing was imported. Compare the new key's fingerprint with the sender by phone, "
        "accept it (pair accept CODE), then import the bundle again.",
    ),
    "newer_schema": QT_TRANSLATE_NOOP(
        "UserError",
        "This sync bundle was made by a newer version of the program. Nothing was imported. "
        "Please upgrade the program on this computer, then import the bundle again.",
    ),
    "newer_format": QT_TRANSLATE_NOOP(
        "UserError",
        "This sync bundle uses a newer file format than this program can read. Nothing was "
        "imported. Please upgrade the program on this computer, then import the bundle again.",
    ),
}
_CANNOT_READ = QT_TRANSLATE_NOOP(
    "UserError",
    "The sync bundle cannot be read ({problem}): {path}. "
    "Check that the USB stick is plugged in, or copy the file to this computer first.",
)
_CANNOT_WRITE = QT_TRANSLATE_NOOP(
    "UserError",
    "The sync bundle could not be written to {folder} ({problem}). Check that the USB stick "
    "is plugged in, not write-protected and has free space, or choose another folder.",
)
_NOT_KEPT = QT_TRANSLATE_NOOP(
    "UserError",
    "The USB stick did not keep the sync bundle written to {folder}: it did not read back "
    "correctly, so it was deleted. Try another USB stick.",
)


class BundleRefused(UserError):
    """A bundle that must not be imported; ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str, params: Mapping[str, Any] | None = None) -> None:
        if reason not in _MESSAGES:
            raise ValueError(f"unknown refusal reason: {reason!r}")
        self.reason = reason
        super().__init__(_MESSAGES[reason], params)


@dataclass(frozen=True)
class BundleHeader:
    """What a bundle says about itself, readable without a key.

    ``kind`` is one of :data:`KINDS`; ``sender``/``recipient`` are installation
    codes with their key fingerprints; ``clock_from``..``clock_to`` the range of
    logical clocks the payload covers; ``created_at`` an ISO 8601 UTC time;
    ``bundle_id`` a random UUID. ``sender_identity`` is the sender's
    :meth:`PublicIdentity.to_json` (a school's first bundle carries it so the
    township can pin the key), else ``None``.
    """

    format_version: int
    schema_version: str
    kind: str
    sender: str
    sender_fingerprint: str
    recipient: str
    recipient_fingerprint: str
    clock_from: int
    clock_to: int
    created_at: str
    bundle_id: str
    sender_identity: dict[str, Any] | None = None


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle checked from end to end: its header, manifest and payload."""

    header: BundleHeader
    manifest: dict[str, Any]
    payload: bytes


@dataclass(frozen=True)
class _Layout:
    """The parts of a bundle before its chunks (see docs/bundle-format.md)."""

    header: BundleHeader
    header_hash: bytes
    ephemeral: bytes
    nonce_prefix: bytes
    chunk_size: int
    file_length: int
    signature: bytes
    data_offset: int

    def chunk_sizes(self) -> Iterator[tuple[int, int, bool]]:
        """(index, sealed size, final) of every chunk."""
        sealed = self.chunk_size + TAG_SIZE
        region = self.file_length - self.data_offset
        count = math.ceil(region / sealed)
        for index in range(count):
            final = index == count - 1
            yield index, region - index * sealed if final else sealed, final


# --- writing -------------------------------------------------------------------


def write_bundle(
    target: Path,
    header: BundleHeader,
    manifest: dict[str, Any],
    payload: Iterable[bytes] | bytes,
    sender: Identity,
    recipient: PublicIdentity,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    rng: Callable[[int], bytes] = os.urandom,
) -> int:
    """Write the bundle to ``target``, read it back, and return its size in bytes.

    The payload is streamed: compressed, sealed chunk by chunk and written to
    ``target.with_suffix(".lsb.tmp")``, which is synced and renamed over
    ``target``. ``rng`` gives the ephemeral key (32 bytes) and then the nonce
    prefix (7 bytes). Raises :class:`UserError` if the folder cannot be
    written, or if the file does not read back with a good signature and
    tags (the file is then deleted).
    """
    _check_write_args(header, manifest, sender, recipient, chunk_size)
    ephemeral_private = X25519PrivateKey.from_private_bytes(_random(rng, EPHEMERAL_SIZE))
    ephemeral = _raw(ephemeral_private.public_key())
    prefix = _random(rng, NONCE_PREFIX_SIZE)
    block = _header_block(header, ephemeral, prefix, chunk_size)
    header_hash = hashlib.sha256(block).digest()
    shared = ephemeral_private.exchange(X25519PublicKey.from_public_bytes(recipient.box_key))
    key = _payload_key(shared, ephemeral, recipient.box_key)
    partial = target.with_suffix(PARTIAL_SUFFIX)
    try:
        with partial.open("wb") as out:
            out.write(block + header_hash + bytes(LENGTH_SIZE + SIGNATURE_SIZE))
            chunks_digest, plain_digest = _write_chunks(
                out, _plaintext(manifest, payload), key, prefix, header_hash, chunk_size
            )
            file_length = out.tell()
            message = _signed_message(header_hash, file_length, chunks_digest)
            out.seek(len(block) + HASH_SIZE)
            out.write(struct.pack(">Q", file_length) + sender.sign_private.sign(message))
            out.flush()
            os.fsync(out.fileno())
        _publish(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(
            _CANNOT_WRITE, {"folder": str(target.parent), "problem": exc.strerror or str(exc)}
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    _verify_written(target, header_hash, sender.public(), key, plain_digest)
    return file_length


def _check_write_args(
    header: BundleHeader,
    manifest: dict[str, Any],
    sender: Identity,
    recipient: PublicIdentity,
    chunk_size: int,
) -> None:
    """A header that does not match the keys or would not read back is a bug of the caller."""
    public = sender.public()
    if header.format_version != FORMAT_VERSION:
        raise ValueError(f"this program writes format_version {FORMAT_VERSION}")
    if (header.sender, header.sender_fingerprint) != (public.code, public.fingerprint):
        raise ValueError("the header's sender is not the signing identity")
    if (header.recipient, header.recipient_fingerprint) != (recipient.code, recipient.fingerprint):
        raise ValueError("the header's recipient is not the recipient identity")
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk_size out of range: {chunk_size}")
    if not isinstance(manifest, dict):
        raise TypeError("the manifest is a JSON object")
    try:
        reread = _parse_header(header.format_version, _header_json(header))
    except BundleRefused as exc:
        raise ValueError(f"the header would not read back: {header}") from exc
    if reread != header:
        raise ValueError(f"the header would not read back the same: {header}")


def _random(rng: Callable[[int], bytes], n: int) -> bytes:
    data = rng(n)
    if len(data) != n:
        raise ValueError(f"rng gave {len(data)} bytes, not {n}")
    return bytes(data)


def _header_json(header: BundleHeader) -> bytes:
    """The header's JSON: every field but ``format_version``, sorted keys, compact."""
    fields_ = asdict(header)
    del fields_["format_version"]
    return _canonical(fields_)


def _header_block(header: BundleHeader, ephemeral: bytes, prefix: bytes, chunk_size: int) -> bytes:
    raw = _header_json(header)
    return (
        MAGIC
        + struct.pack(">HI", header.format_version, len(raw))
        + raw
        + ephemeral
        + prefix
        + struct.pack(">I", chunk_size)
    )


def _payload_key(shared: bytes, ephemeral: bytes, recipient_box_key: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient_box_key, info=KEY_INFO
    )
    return hkdf.derive(shared)


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    """STREAM nonce: prefix (7) || uint32_be(index) || final flag (1)."""
    return prefix + struct.pack(">IB", index, 1 if final else 0)


def _signed_message(header_hash: bytes, file_length: int, chunks_digest: bytes) -> bytes:
    return SIGNATURE_CONTEXT + header_hash + struct.pack(">Q", file_length) + chunks_digest


def _plaintext(manifest: dict[str, Any], payload: Iterable[bytes] | bytes) -> Iterator[bytes]:
    """uint32_be(len(manifest)) || manifest JSON || one zstd frame of the payload."""
    raw = _canonical(manifest)
    if len(raw) > MAX_MANIFEST_SIZE:
        raise ValueError("the manifest is too large")
    yield struct.pack(">I", len(raw)) + raw
    compressor = zstandard.ZstdCompressor(
        level=COMPRESSION_LEVEL, write_checksum=True, threads=COMPRESSION_THREADS
    )
    stream = compressor.compressobj()
    pieces = [payload] if isinstance(payload, bytes | bytearray | memoryview) else payload
    for piece in pieces:
        if out := stream.compress(piece):
            yield out
    yield stream.flush()


def _cut(pieces: Iterable[bytes], size: int) -> Iterator[tuple[bytes, bool]]:
    """(chunk, final): full chunks of ``size`` bytes, then the rest (1..size bytes)."""
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        start = 0
        with memoryview(buffer) as view:  # cut without moving the rest each time
            while len(buffer) - start > size:
                yield bytes(view[start : start + size]), False
                start += size
        del buffer[:start]
    yield bytes(buffer), True


def _write_chunks(
    out: BinaryIO,
    pieces: Iterable[bytes],
    key: bytes,
    prefix: bytes,
    header_hash: bytes,
    chunk_size: int,
) -> tuple[bytes, bytes]:
    """Seal and write the chunks; return (SHA-512 of the sealed chunks, SHA-256 of the plain)."""
    cipher = AESGCM(key)
    chunks_digest = hashlib.sha512()
    plain_digest = hashlib.sha256()
    for index, (chunk, final) in enumerate(_cut(pieces, chunk_size)):
        if index >= MAX_CHUNKS:
            raise ValueError("too many chunks")
        sealed = cipher.encrypt(_nonce(prefix, index, final), chunk, header_hash)
        chunks_digest.update(sealed)
        plain_digest.update(chunk)
        out.write(sealed)
    return chunks_digest.digest(), plain_digest.digest()


def _publish(partial: Path, target: Path) -> None:
    """Rename the written file into place (tests replace this to simulate a lying stick)."""
    os.replace(partial, target)


def _verify_written(
    target: Path, header_hash: bytes, sender: PublicIdentity, key: bytes, plain_digest: bytes
) -> None:
    """Read ``target`` back: signature, every tag and the plaintext; delete it if they fail."""
    try:
        with _open_for_reading(target) as stream:
            layout = _read_layout(stream, target)
            _check_size(stream, layout)
            plain = _authenticate(stream, layout, sender, key, target)
        good = layout.header_hash == header_hash and hashlib.sha256(plain).digest() == plain_digest
    except (UserError, OSError):
        good = False
    except BaseException:
        _discard(target)
        raise
    if not good:
        _discard(target)
        raise UserError(_NOT_KEPT, {"folder": str(target.parent)})


def _discard(target: Path) -> None:
    try:
        target.unlink(missing_ok=True)
    except OSError:
        return
    fsync_dir(target.parent)


# --- reading -------------------------------------------------------------------


def inspect_bundle(source: Path) -> BundleHeader:
    """The header of the bundle at ``source``, without any key.

    Checks the structure only (magic, version, header digest, size); raises
    :class:`BundleRefused` (``not_a_bundle``, ``newer_format``, ``truncated``
    or ``tampered``). The header is proven authentic only by :func:`open_bundle`.
    """
    with _open_for_reading(source) as stream:
        layout = _read_layout(stream, source)
        _check_size(stream, layout)
    return layout.header


def open_bundle(
    source: Path,
    recipient: Identity,
    sender_key: Callable[[BundleHeader], PublicIdentity],
) -> OpenedBundle:
    """Check the bundle at ``source`` from end to end, then return what it holds.

    In order: structure (``not_a_bundle``, ``newer_format``, ``truncated``,
    ``tampered``); the recipient's code and fingerprint (``wrong_recipient``);
    the sender's key, from ``sender_key`` (which raises ``unpaired`` or
    ``key_changed`` as the caller decides; a key whose fingerprint is not the
    header's is ``key_changed``); the file's size (``truncated``/``tampered``);
    the signature over everything and every chunk's tag and final flag
    (``tampered``, or ``truncated`` for a stream cut at a chunk boundary); the
    manifest and the compressed payload (``tampered``). Raises
    :class:`BundleRefused`, or :class:`UserError` if the file cannot be read.
    """
    with _open_for_reading(source) as stream:
        layout = _read_layout(stream, source)
        header = layout.header
        me = recipient.public()
        if (header.recipient, header.recipient_fingerprint) != (me.code, me.fingerprint):
            raise BundleRefused("wrong_recipient")
        sender = sender_key(header)
        if sender.fingerprint != header.sender_fingerprint:
            raise BundleRefused("key_changed")
        _check_size(stream, layout)
        key = _recipient_key(layout, recipient)
        plain = _authenticate(stream, layout, sender, key, source)
    manifest, payload = _unpack(plain)
    return OpenedBundle(header, manifest, payload)


def _open_for_reading(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise _cannot_read(path, exc) from exc


def _cannot_read(path: Path, exc: OSError) -> UserError:
    return UserError(_CANNOT_READ, {"path": str(path), "problem": exc.strerror or str(exc)})


def _read(stream: BinaryIO, n: int, path: Path) -> bytes:
    """Exactly ``n`` bytes; fewer means the file was cut off."""
    try:
        data = stream.read(n)
    except OSError as exc:
        raise _cannot_read(path, exc) from exc
    if len(data) != n:
        raise BundleRefused("truncated")
    return data


def _read_layout(stream: BinaryIO, path: Path) -> _Layout:
    """Magic, version, header and the seal before the chunks; structural checks only."""
    try:
        magic = stream.read(len(MAGIC))
    except OSError as exc:
        raise _cannot_read(path, exc) from exc
    if magic != MAGIC:
        _refuse_magic(magic)
    version, length = struct.unpack(">HI", _read(stream, 6, path))
    if version > FORMAT_VERSION:
        raise BundleRefused("newer_format")
    if version < 1 or not 0 < length <= MAX_HEADER_SIZE:
        raise BundleRefused("tampered")
    raw = _read(stream, length, path)
    tail = _read(stream, BLOCK_TAIL_SIZE, path)
    header_hash = _read(stream, HASH_SIZE, path)
    block = magic + struct.pack(">HI", version, length) + raw + tail
    if hashlib.sha256(block).digest() != header_hash:
        raise BundleRefused("tampered")
    (file_length,) = struct.unpack(">Q", _read(stream, LENGTH_SIZE, path))
    signature = _read(stream, SIGNATURE_SIZE, path)
    (chunk_size,) = struct.unpack(">I", tail[-4:])
    layout = _Layout(
        header=_parse_header(version, raw),
        header_hash=header_hash,
        ephemeral=tail[:EPHEMERAL_SIZE],
        nonce_prefix=tail[EPHEMERAL_SIZE : EPHEMERAL_SIZE + NONCE_PREFIX_SIZE],
        chunk_size=chunk_size,
        file_length=file_length,
        signature=signature,
        data_offset=len(block) + SEAL_SIZE,
    )
    _check_shape(layout)
    return layout


def _refuse_magic(magic: bytes) -> NoReturn:
    if magic and MAGIC.startswith(magic):
        raise BundleRefused("truncated")
    raise BundleRefused("not_a_bundle")


def _check_shape(layout: _Layout) -> None:
    """Chunk size and file length within bounds, the last chunk not empty."""
    if not MIN_CHUNK_SIZE <= layout.chunk_size <= MAX_CHUNK_SIZE:
        raise BundleRefused("tampered")
    region = layout.file_length - layout.data_offset
    sealed = layout.chunk_size + TAG_SIZE
    if region <= TAG_SIZE or math.ceil(region / sealed) > MAX_CHUNKS:
        raise BundleRefused("tampered")
    if region % sealed and region % sealed <= TAG_SIZE:
        raise BundleRefused("tampered")


def _check_size(stream: BinaryIO, layout: _Layout) -> None:
    """The file is exactly as long as it says: shorter was cut off, longer was changed."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(layout.data_offset)
    if size < layout.file_length:
        raise BundleRefused("truncated")
    if size > layout.file_length:
        raise BundleRefused("tampered")


def _parse_header(version: int, raw: bytes) -> BundleHeader:
    """The header's JSON as a :class:`BundleHeader`; anything that does not fit is tampered."""
    try:
        values = json.loads(raw.decode("utf-8"))
        if not isinstance(values, dict):
            raise TypeError("the header is a JSON object")
        kwargs: dict[str, Any] = {"format_version": version}
        for field in fields(BundleHeader):
            if field.name != "format_version":
                kwargs[field.name] = values.get(field.name)
        header = BundleHeader(**kwargs)
        _check_header(header)
    except (ValueError, TypeError) as exc:
        raise BundleRefused("tampered") from exc
    return header


def _check_header(header: BundleHeader) -> None:
    for name in ("schema_version", "sender", "sender_fingerprint", "recipient"):
        if not isinstance(getattr(header, name), str) or not getattr(header, name):
            raise TypeError(f"header field {name}")
    if not isinstance(header.recipient_fingerprint, str) or header.kind not in KINDS:
        raise TypeError("header recipient fingerprint or kind")
    for name in ("clock_from", "clock_to"):
        value = getattr(header, name)
        if type(value) is not int or value < 0:
            raise TypeError(f"header field {name}")
    created = datetime.fromisoformat(header.created_at)
    if created.utcoffset() != timedelta(0):
        raise ValueError("created_at must be in UTC")
    if (
        not isinstance(header.bundle_id, str)
        or str(uuid.UUID(header.bundle_id)) != header.bundle_id
    ):
        raise ValueError("bundle_id must be a UUID in its canonical form")
    if header.sender_identity is not None:
        identity = PublicIdentity.from_json(header.sender_identity)
        if (identity.code, identity.fingerprint) != (header.sender, header.sender_fingerprint):
            raise ValueError("sender_identity is not the sender")


def _recipient_key(layout: _Layout, recipient: Identity) -> bytes | None:
    """The payload key, or ``None`` if the ephemeral key is not a usable X25519 key."""
    try:
        ephemeral = X25519PublicKey.from_public_bytes(layout.ephemeral)
        shared = recipient.box_private.exchange(ephemeral)
    except ValueError:
        return None
    return _payload_key(shared, layout.ephemeral, recipient.public().box_key)


def _authenticate(
    stream: BinaryIO, layout: _Layout, sender: PublicIdentity, key: bytes | None, path: Path
) -> bytearray:
    """Read every chunk once: hash it for the signature and open it; return the plaintext.

    The signature is checked first, then the first chunk that failed (if any)
    decides the reason: a final chunk that opens as a non-final one means the
    stream was cut at a chunk boundary (``truncated``); anything else is
    ``tampered``.
    """
    stream.seek(layout.data_offset)
    cipher = AESGCM(key) if key is not None else None
    failure = None if cipher is not None else "tampered"
    chunks_digest = hashlib.sha512()
    plain = bytearray()
    for index, size, final in layout.chunk_sizes():
        sealed = _read(stream, size, path)
        chunks_digest.update(sealed)
        if failure is not None or cipher is None:
            continue
        try:
            plain += cipher.decrypt(
                _nonce(layout.nonce_prefix, index, final), sealed, layout.header_hash
            )
        except InvalidTag:
            failure = _diagnose(cipher, layout, index, final, sealed)
    message = _signed_message(layout.header_hash, layout.file_length, chunks_digest.digest())
    try:
        Ed25519PublicKey.from_public_bytes(sender.sign_key).verify(layout.signature, message)
    except InvalidSignature as exc:
        raise BundleRefused("tampered") from exc
    if failure is not None:
        raise BundleRefused(failure)
    return plain


def _diagnose(cipher: AESGCM, layout: _Layout, index: int, final: bool, sealed: bytes) -> str:
    if not final:
        return "tampered"
    try:
        cipher.decrypt(_nonce(layout.nonce_prefix, index, False), sealed, layout.header_hash)
    except InvalidTag:
        return "tampered"
    return "truncated"


def _unpack(plain: bytearray) -> tuple[dict[str, Any], bytes]:
    """Split the authenticated plaintext into the manifest and the inflated payload."""
    view = memoryview(plain)
    if len(view) < 4:
        raise BundleRefused("tampered")
    (length,) = struct.unpack(">I", view[:4])
    if length > MAX_MANIFEST_SIZE or len(view) < 4 + length:
        raise BundleRefused("tampered")
    try:
        manifest = json.loads(bytes(view[4 : 4 + length]).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleRefused("tampered") from exc
    if not isinstance(manifest, dict):
        raise BundleRefused("tampered")
    return manifest, _inflate(view[4 + length :])


def _inflate(compressed: memoryview) -> bytes:
    """One complete zstd frame, nothing after it, inflated in bounded steps."""
    decompressor = zstandard.ZstdDecompressor().decompressobj()
    # Joined once at the end: growing one buffer would copy it again and again.
    parts: list[bytes] = []
    size = 0
    try:
        for start in range(0, len(compressed), INFLATE_STEP):
            if decompressor.eof:
                raise BundleRefused("tampered")
            parts.append(decompressor.decompress(compressed[start : start + INFLATE_STEP]))
            size += len(parts[-1])
            if size > MAX_PAYLOAD_SIZE:
                raise BundleRefused("tampered")
    except zstandard.ZstdError as exc:
        raise BundleRefused("tampered") from exc
    if not decompressor.eof or decompressor.unused_data:
        raise BundleRefused("tampered")
    return b"".join(parts)


# --- small helpers ---------------------------------------------------------------


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes_raw()
