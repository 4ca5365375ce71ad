"""Installation identities: the key file, fingerprints, and the self-signed pairing file."""

from __future__ import annotations

import base64
import json
import os
import re
import stat
from pathlib import Path

import pytest

from liushou_desktop.errors import UserError
from liushou_desktop.sync import identity as identity_module
from liushou_desktop.sync.identity import (
    IDENTITY_FILE,
    Identity,
    PublicIdentity,
    generate_identity,
    identity_from_private_bytes,
    load_identity,
    pairing_file_bytes,
    read_pairing_file,
    save_identity,
)

FINGERPRINT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def seeded(code: str = "5205261001", role: str = "school") -> Identity:
    return identity_from_private_bytes(code, "阳光小学", role, bytes(range(64)))


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    made = generate_identity("5205261001", "阳光小学", "school")
    path = save_identity(tmp_path / "keys", made)
    assert path == tmp_path / "keys" / IDENTITY_FILE
    loaded = load_identity(tmp_path / "keys")
    assert loaded is not None
    assert loaded.public() == made.public()
    assert loaded.private_bytes() == made.private_bytes()
    assert (loaded.code, loaded.name, loaded.role) == ("5205261001", "阳光小学", "school")
    assert not list((tmp_path / "keys").glob("*.partial"))


# Windows has no POSIX modes; there the private key is sealed with DPAPI instead, which
# test_private_bytes_are_sealed_where_windows_protects_them checks with a fake sealer.
@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_key_file_is_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = save_identity(tmp_path / "keys", seeded())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700


def test_an_existing_identity_is_never_overwritten(tmp_path: Path) -> None:
    first = generate_identity("5205261001", "阳光小学", "school")
    path = save_identity(tmp_path, first)
    before = path.read_bytes()
    with pytest.raises(UserError, match="already has its keys"):
        save_identity(tmp_path, generate_identity("5205261001", "阳光小学", "school"))
    assert path.read_bytes() == before
    loaded = load_identity(tmp_path)
    assert loaded is not None and loaded.public() == first.public()


def test_no_identity_yet_is_none(tmp_path: Path) -> None:
    assert load_identity(tmp_path / "keys") is None


@pytest.mark.parametrize("damage", ["cut", "not json", "other public key", "no private"])
def test_a_damaged_key_file_is_a_plain_user_error(tmp_path: Path, damage: str) -> None:
    path = save_identity(tmp_path, seeded())
    data = path.read_bytes()
    fields = json.loads(data)
    if damage == "cut":
        data = data[: len(data) // 2]
    elif damage == "not json":
        data = b"\x00" * 40
    elif damage == "other public key":
        fields["box_key"] = base64.b64encode(bytes(32)).decode()
        data = json.dumps(fields).encode()
    else:
        del fields["private"]
        data = json.dumps(fields).encode()
    path.write_bytes(data)
    with pytest.raises(UserError, match="keys of this installation are damaged"):
        load_identity(tmp_path)


def test_fingerprint_is_stable_and_readable() -> None:
    public = seeded().public()
    assert FINGERPRINT.match(public.fingerprint)
    # Pinned: the fingerprint is what people compare across versions of the program.
    assert public.fingerprint == seeded().public().fingerprint == "6RCY-EM52-VN9B-N5W8"
    other = identity_from_private_bytes("5205261001", "阳光小学", "school", bytes(range(1, 65)))
    assert other.public().fingerprint != public.fingerprint
    assert not set(public.fingerprint) & set("ILOU")


def test_public_identity_json_round_trip_checks_the_fingerprint() -> None:
    public = seeded().public()
    data = public.to_json()
    assert PublicIdentity.from_json(json.loads(json.dumps(data))) == public
    data["fingerprint"] = "0000-0000-0000-0000"
    with pytest.raises(ValueError, match="fingerprint"):
        PublicIdentity.from_json(data)
    with pytest.raises(ValueError):
        PublicIdentity.from_json({**public.to_json(), "role": "county"})


def test_pairing_file_round_trip() -> None:
    township = seeded("520526", "township")
    data = pairing_file_bytes(township)
    assert json.loads(data)["format"] == "liushou-pairing"
    assert read_pairing_file(data) == township.public()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda f: f["identity"].update(name="假乡镇"), "changed or damaged"),
        (lambda f: f["identity"].update(code="999999"), "changed or damaged"),
        (
            lambda f: f["identity"].update(
                box_key=base64.b64encode(bytes(range(32))).decode(), fingerprint=None
            ),
            "changed or damaged",
        ),
        (lambda f: f.update(signature=base64.b64encode(bytes(64)).decode()), "changed or damaged"),
        (lambda f: f.update(version=2), "newer version"),
        (lambda f: f.update(format="liushou-identity"), "not a pairing file"),
    ],
)
def test_a_changed_pairing_file_is_refused(edit, message: str) -> None:  # type: ignore[no-untyped-def]
    fields = json.loads(pairing_file_bytes(seeded("520526", "township")))
    edit(fields)
    if fields["identity"].get("fingerprint", "") is None:
        del fields["identity"]["fingerprint"]
    with pytest.raises(UserError, match=message):
        read_pairing_file(json.dumps(fields).encode())


def test_a_pairing_file_with_a_flipped_byte_is_refused() -> None:
    data = pairing_file_bytes(seeded("520526", "township"))
    accepted = 0
    for position in range(len(data)):
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        try:
            identity = read_pairing_file(bytes(flipped))
        except UserError:
            continue
        # Only whitespace or JSON escapes may change without changing what is read.
        assert identity == seeded("520526", "township").public()
        accepted += 1
    assert accepted < len(data) // 10


def test_something_else_is_not_a_pairing_file() -> None:
    with pytest.raises(UserError, match="not a pairing file"):
        read_pairing_file(b"PK\x03\x04 a zip file")
    with pytest.raises(UserError, match="not a pairing file"):
        read_pairing_file(b"[]")


def test_private_bytes_are_sealed_where_windows_protects_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def seal(data: bytes) -> bytes:
        return b"sealed:" + bytes(b ^ 0x5A for b in data)

    def unseal(data: bytes) -> bytes:
        assert data.startswith(b"sealed:")
        return bytes(b ^ 0x5A for b in data[7:])

    monkeypatch.setattr(identity_module, "_dpapi", lambda: (seal, unseal))
    made = seeded()
    path = save_identity(tmp_path, made)
    fields = json.loads(path.read_bytes())
    assert fields["protection"] == "dpapi-machine"
    assert base64.b64decode(fields["private"]) == seal(made.private_bytes())
    loaded = load_identity(tmp_path)
    assert loaded is not None and loaded.private_bytes() == made.private_bytes()
    monkeypatch.setattr(identity_module, "_dpapi", lambda: None)
    with pytest.raises(UserError, match="another computer"):
        load_identity(tmp_path)
