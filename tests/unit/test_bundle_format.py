"""The sync bundle file (.lsb): round trips, the test vector, and every kind of damage."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from liushou_desktop.errors import UserError
from liushou_desktop.sync import bundle_format
from liushou_desktop.sync.bundle_format import (
    FORMAT_VERSION,
    MAGIC,
    REASONS,
    TAG_SIZE,
    BundleHeader,
    BundleRefused,
    inspect_bundle,
    open_bundle,
    write_bundle,
)
from liushou_desktop.sync.identity import (
    Identity,
    PublicIdentity,
    identity_from_private_bytes,
)

VECTOR_DIR = Path(__file__).resolve().parents[1] / "data" / "bundle-vector"
SMALL_CHUNK = 64

SCHOOL = identity_from_private_bytes("5205261001", "阳光小学", "school", bytes(range(64)))
TOWNSHIP = identity_from_private_bytes("520526", "新场镇", "township", bytes(range(64, 128)))
TOWNSHIP_PUBLIC = TOWNSHIP.public()
OTHER_TOWNSHIP = identity_from_private_bytes("520527", "石板镇", "township", bytes(range(7, 71)))
REINSTALLED_TOWNSHIP = identity_from_private_bytes(
    "520526", "新场镇", "township", bytes(range(100, 164))
)


def header_for(
    by: Identity = SCHOOL,
    to: PublicIdentity = TOWNSHIP_PUBLIC,
    *,
    first: bool = False,
    **changes: Any,
) -> BundleHeader:
    fields: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "schema_version": "0005",
        "kind": "school_to_township",
        "sender": by.code,
        "sender_fingerprint": by.public().fingerprint,
        "recipient": to.code,
        "recipient_fingerprint": to.fingerprint,
        "clock_from": 0,
        "clock_to": 42,
        "created_at": "2026-11-02T08:30:00+00:00",
        "bundle_id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
        "sender_identity": by.public().to_json() if first else None,
        **changes,
    }
    return BundleHeader(**fields)


def school_key(header: BundleHeader) -> PublicIdentity:
    assert header.sender == SCHOOL.code
    return SCHOOL.public()


def write(
    folder: Path, payload: bytes | list[bytes], *, chunk_size: int = SMALL_CHUNK, **kw: Any
) -> Path:
    target = folder / "out.lsb"
    manifest = {"counts": {"child": 3}, "sha256": "ab" * 32}
    size = write_bundle(
        target,
        header_for(**kw),
        manifest,
        payload,
        SCHOOL,
        TOWNSHIP.public(),
        chunk_size=chunk_size,
    )
    assert target.stat().st_size == size
    assert not target.with_suffix(".lsb.tmp").exists()
    return target


def refusal(path: Path, recipient: Identity = TOWNSHIP, sender_key=school_key) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(BundleRefused) as caught:
        open_bundle(path, recipient, sender_key)
    assert caught.value.reason in REASONS
    return caught.value.reason


def layout(data: bytes) -> dict[str, int]:
    """Offsets of a bundle's parts (docs/bundle-format.md)."""
    (length,) = struct.unpack(">I", data[10:14])
    block_end = 14 + length + 32 + 7 + 4
    return {
        "json": 14,
        "block_end": block_end,
        "file_length": block_end + 32,
        "signature": block_end + 40,
        "data": block_end + 104,
        "chunk_size": struct.unpack(">I", data[block_end - 4 : block_end])[0],
    }


def chunks_of(data: bytes) -> list[bytes]:
    at = layout(data)
    sealed = at["chunk_size"] + TAG_SIZE
    return [data[i : i + sealed] for i in range(at["data"], len(data), sealed)]


def with_chunks(data: bytes, chunks: list[bytes], signer: Identity = SCHOOL) -> bytes:
    """The bundle with other sealed chunks, its length and signature made anew by ``signer``."""
    at = layout(data)
    body = b"".join(chunks)
    length = at["data"] + len(body)
    header_hash = data[at["block_end"] : at["block_end"] + 32]
    message = (
        bundle_format.SIGNATURE_CONTEXT
        + header_hash
        + struct.pack(">Q", length)
        + hashlib.sha512(body).digest()
    )
    seal = struct.pack(">Q", length) + signer.sign_private.sign(message)
    return data[: at["file_length"]] + seal + body


# --- round trips ------------------------------------------------------------------


def plaintext_size(payload: bytes) -> int:
    manifest = {"counts": {"child": 3}, "sha256": "ab" * 32}
    return sum(len(piece) for piece in bundle_format._plaintext(manifest, payload))


ROUND_TRIP_CHUNK = 256


def payload_filling(chunks: int, chunk_size: int = ROUND_TRIP_CHUNK) -> bytes:
    """Incompressible bytes whose plaintext is exactly ``chunks`` full chunks."""
    target = chunks * chunk_size
    for n in range(target):
        payload = hashlib.shake_256(b"fill").digest(n)
        if plaintext_size(payload) == target:
            return payload
    raise AssertionError("no payload fills the chunks exactly")


@pytest.mark.parametrize(
    ("payload", "chunks"),
    [
        (b"", 1),
        (b"x", 1),
        (payload_filling(1), 1),
        (payload_filling(2), 2),
        (hashlib.shake_256(b"several").digest(3000), 13),
        ("留守儿童 谈心记录\n".encode() * 200, None),
    ],
    ids=["empty", "one byte", "exactly one chunk", "exactly two chunks", "several", "text"],
)
def test_round_trip(tmp_path: Path, payload: bytes, chunks: int | None) -> None:
    path = write(tmp_path, payload, first=True, chunk_size=ROUND_TRIP_CHUNK)
    data = path.read_bytes()
    if chunks is not None:
        assert len(chunks_of(data)) == chunks
    opened = open_bundle(path, TOWNSHIP, school_key)
    assert opened.payload == payload
    assert opened.manifest == {"counts": {"child": 3}, "sha256": "ab" * 32}
    assert opened.header == header_for(first=True) == inspect_bundle(path)
    if len(payload) >= 16:
        assert payload[:16] not in data


def test_a_streamed_payload_is_the_same_as_one_piece(tmp_path: Path) -> None:
    pieces = [hashlib.shake_256(bytes([i])).digest(300) for i in range(10)]
    path = write(tmp_path, pieces, chunk_size=256)
    assert open_bundle(path, TOWNSHIP, school_key).payload == b"".join(pieces)


def test_default_chunk_size_with_a_payload_of_several_megabytes(tmp_path: Path) -> None:
    payload = os.urandom(2_500_000)
    path = write(tmp_path, payload, chunk_size=bundle_format.DEFAULT_CHUNK_SIZE)
    assert len(chunks_of(path.read_bytes())) == 3
    assert open_bundle(path, TOWNSHIP, school_key).payload == payload


def test_a_payload_inflating_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A few hundred bytes of zstd that inflate far: the limit is checked step by step.
    payload = bytes(300_000)
    path = write(tmp_path, payload)
    monkeypatch.setattr(bundle_format, "MAX_PAYLOAD_SIZE", len(payload))
    assert open_bundle(path, TOWNSHIP, school_key).payload == payload
    monkeypatch.setattr(bundle_format, "MAX_PAYLOAD_SIZE", len(payload) - 1)
    assert refusal(path) == "tampered"


def test_no_plaintext_in_the_file(tmp_path: Path) -> None:
    secret = "身份证号 520526201001011234 张小明\n".encode() * 50
    data = write(tmp_path, secret).read_bytes()
    assert "张小明".encode() not in data and b"520526201001011234" not in data
    assert b"ab" * 32 not in data  # the manifest is inside the encryption too


# --- the test vector ---------------------------------------------------------------


def vector() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((VECTOR_DIR / "vector.json").read_text("utf-8"))
    return loaded


def vector_identity(fields: dict[str, str]) -> Identity:
    private = bytes.fromhex(fields["sign_seed"]) + bytes.fromhex(fields["box_private"])
    return identity_from_private_bytes(fields["code"], fields["name"], fields["role"], private)


def build_vector(target: Path) -> int:
    v = vector()
    stream = bytes.fromhex(v["rng"])
    taken = 0

    def rng(n: int) -> bytes:
        nonlocal taken
        taken += n
        return stream[taken - n : taken]

    return write_bundle(
        target,
        BundleHeader(**v["header"]),
        v["manifest"],
        v["payload"].encode("utf-8"),
        vector_identity(v["sender"]),
        vector_identity(v["recipient"]).public(),
        chunk_size=v["chunk_size"],
        rng=rng,
    )


def test_the_vector_is_rebuilt_byte_for_byte_and_opens(tmp_path: Path) -> None:
    v = vector()
    expected = (VECTOR_DIR / "expected.lsb").read_bytes()
    assert hashlib.sha256(expected).hexdigest() == v["sha256"]
    size = build_vector(tmp_path / "vector.lsb")
    rebuilt = (tmp_path / "vector.lsb").read_bytes()
    assert size == len(rebuilt) == len(expected)
    assert rebuilt == expected
    sender = vector_identity(v["sender"]).public()
    opened = open_bundle(
        VECTOR_DIR / "expected.lsb", vector_identity(v["recipient"]), lambda h: sender
    )
    assert opened.payload == v["payload"].encode("utf-8")
    assert opened.manifest == v["manifest"]
    assert opened.header == BundleHeader(**v["header"])
    assert sender.fingerprint == v["sender_fingerprint"]


# --- damage ------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> bytes:
    """A bundle of a few hundred bytes, several chunks."""
    data = write(tmp_path, b'{"child":"c1","name":"x"}\n' * 4).read_bytes()
    assert len(data) < 800 and len(chunks_of(data)) >= 2
    return data


def test_every_single_byte_flip_is_refused(tmp_path: Path, small: bytes) -> None:
    path = tmp_path / "flipped.lsb"
    reasons: dict[int, str] = {}
    for position in range(len(small)):
        for mask in (0x01, 0x80):
            flipped = bytearray(small)
            flipped[position] ^= mask
            path.write_bytes(flipped)
            reason = refusal(path)
            assert reason in {"tampered", "truncated", "not_a_bundle", "newer_format"}, position
            reasons[position] = reason
    at = layout(small)
    assert {reasons[i] for i in range(len(MAGIC))} == {"not_a_bundle"}
    assert reasons[len(MAGIC)] == "newer_format"
    assert {reasons[i] for i in range(at["json"], at["block_end"] + 32)} == {"tampered"}
    assert {reasons[i] for i in range(at["signature"], len(small))} == {"tampered"}


def test_every_truncation_is_refused(tmp_path: Path, small: bytes) -> None:
    path = tmp_path / "cut.lsb"
    for length in range(len(small)):
        path.write_bytes(small[:length])
        expected = "not_a_bundle" if length == 0 else "truncated"
        assert refusal(path) == expected, length
        with pytest.raises(BundleRefused) as caught:
            inspect_bundle(path)
        assert caught.value.reason == expected


@pytest.mark.parametrize("extra", [b"\x00", b"PK\x03\x04", "last chunk"])
def test_appended_bytes_are_refused(tmp_path: Path, small: bytes, extra: bytes | str) -> None:
    path = tmp_path / "longer.lsb"
    path.write_bytes(small + (chunks_of(small)[-1] if extra == "last chunk" else extra))
    assert refusal(path) == "tampered"


def test_reordered_or_duplicated_chunks_are_refused_even_when_re_signed(
    tmp_path: Path, small: bytes
) -> None:
    chunks = chunks_of(small)
    path = tmp_path / "changed.lsb"
    path.write_bytes(with_chunks(small, chunks))
    assert open_bundle(path, TOWNSHIP, school_key).payload  # re-signing alone changes nothing
    for changed in (
        [chunks[1], chunks[0], *chunks[2:]],
        [chunks[0], chunks[0], *chunks[2:]],
        [chunks[0], *chunks],
    ):
        path.write_bytes(with_chunks(small, changed))
        assert refusal(path) == "tampered"
        path.write_bytes(small[: layout(small)["data"]] + b"".join(changed))
        assert refusal(path) == "tampered"


def test_a_stream_cut_at_a_chunk_boundary_is_truncated_even_when_re_signed(
    tmp_path: Path, small: bytes
) -> None:
    path = tmp_path / "cut.lsb"
    path.write_bytes(with_chunks(small, chunks_of(small)[:-1]))
    assert refusal(path) == "truncated"


def test_a_stream_extended_past_its_final_chunk_is_tampered(tmp_path: Path, small: bytes) -> None:
    path = tmp_path / "extended.lsb"
    path.write_bytes(with_chunks(small, [*chunks_of(small), chunks_of(small)[0]]))
    assert refusal(path) == "tampered"


def test_signed_by_another_key_is_tampered(tmp_path: Path, small: bytes) -> None:
    path = tmp_path / "forged.lsb"
    path.write_bytes(with_chunks(small, chunks_of(small), signer=OTHER_TOWNSHIP))
    assert refusal(path) == "tampered"


def test_newer_format_and_other_files(tmp_path: Path, small: bytes) -> None:
    path = tmp_path / "x.lsb"
    path.write_bytes(small[:8] + struct.pack(">H", FORMAT_VERSION + 1) + b"anything at all")
    assert refusal(path) == "newer_format"
    with pytest.raises(BundleRefused) as caught:
        inspect_bundle(path)
    assert caught.value.reason == "newer_format"
    assert "upgrade" in str(caught.value)
    for other in (b"LSBAK1\n" + bytes(100), b"PK\x03\x04" + bytes(100), b"hello"):
        path.write_bytes(other)
        assert refusal(path) == "not_a_bundle"


# --- who may open it ------------------------------------------------------------------


def test_a_bundle_for_another_recipient_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"data")
    assert refusal(path, recipient=OTHER_TOWNSHIP) == "wrong_recipient"
    # Same township code, new keys (reinstalled): the bundle was not made for these keys.
    assert refusal(path, recipient=REINSTALLED_TOWNSHIP) == "wrong_recipient"


@pytest.mark.parametrize("reason", ["unpaired", "key_changed"])
def test_the_callers_sender_refusal_propagates(tmp_path: Path, reason: str) -> None:
    path = write(tmp_path, b"data")
    seen: list[BundleHeader] = []

    def sender_key(header: BundleHeader) -> PublicIdentity:
        seen.append(header)
        raise BundleRefused(reason)

    assert refusal(path, sender_key=sender_key) == reason
    assert seen == [header_for()]


def test_a_sender_key_that_is_not_the_headers_is_key_changed(tmp_path: Path) -> None:
    path = write(tmp_path, b"data")
    assert refusal(path, sender_key=lambda header: OTHER_TOWNSHIP.public()) == "key_changed"


def test_every_reason_has_a_message_that_says_what_to_do() -> None:
    messages = {reason: str(BundleRefused(reason)) for reason in REASONS}
    assert len(set(messages.values())) == len(REASONS)
    assert "upgrade" in messages["newer_schema"] and "pair accept" in messages["key_changed"]
    with pytest.raises(ValueError):
        BundleRefused("lost")


# --- writing ---------------------------------------------------------------------------


def test_a_file_the_stick_did_not_keep_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_publish = bundle_format._publish

    def lying_publish(partial: Path, target: Path) -> None:
        real_publish(partial, target)
        data = bytearray(target.read_bytes())
        data[-20] ^= 0x04
        target.write_bytes(data)

    monkeypatch.setattr(bundle_format, "_publish", lying_publish)
    with pytest.raises(UserError, match="did not keep") as caught:
        write(tmp_path, b"payload" * 100)
    assert not isinstance(caught.value, BundleRefused)
    assert list(tmp_path.iterdir()) == []


def test_a_file_cut_short_on_the_stick_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_publish = bundle_format._publish

    def short_publish(partial: Path, target: Path) -> None:
        real_publish(partial, target)
        target.write_bytes(target.read_bytes()[:-1])

    monkeypatch.setattr(bundle_format, "_publish", short_publish)
    with pytest.raises(UserError, match="did not keep"):
        write(tmp_path, b"payload")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_write_leaves_no_partial_file(tmp_path: Path) -> None:
    def failing() -> Iterator[bytes]:
        yield b"some"
        raise OSError(28, "No space left on device")

    with pytest.raises(UserError, match="No space left"):
        write(tmp_path, failing())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


BadHeader = Callable[[], BundleHeader]


@pytest.mark.parametrize(
    "make",
    [
        lambda: header_for(created_at="2026-11-02T16:30:00+08:00"),
        lambda: header_for(bundle_id="not-a-uuid"),
        lambda: header_for(kind="sideways"),
        lambda: header_for(clock_from=-1),
        lambda: header_for(sender_fingerprint="0000-0000-0000-0000"),
        lambda: header_for(recipient=OTHER_TOWNSHIP.code),
        lambda: header_for(format_version=2),
        lambda: header_for(sender_identity=OTHER_TOWNSHIP.public().to_json()),
    ],
)
def test_a_header_that_would_not_read_back_is_a_bug(tmp_path: Path, make: BadHeader) -> None:
    with pytest.raises(ValueError):
        write_bundle(tmp_path / "x.lsb", make(), {}, b"", SCHOOL, TOWNSHIP.public())
    assert list(tmp_path.iterdir()) == []


if __name__ == "__main__":
    # Regenerate tests/data/bundle-vector/expected.lsb (only when the format changes).
    size = build_vector(VECTOR_DIR / "expected.lsb")
    print(size, hashlib.sha256((VECTOR_DIR / "expected.lsb").read_bytes()).hexdigest())
