"""This installation's keys, other installations' public keys, and the pairing file.

Each installation (a school or the township) makes an identity at set-up: an
Ed25519 key that signs its bundles and an X25519 key that bundles are
encrypted to. The private keys live in ``data_dir/keys/identity.json``,
readable by the owner only (mode 0600 on POSIX; on Windows the private key
bytes are also sealed with DPAPI, machine scope, so a copy of the file taken
off the PC is useless). Public keys travel as :class:`PublicIdentity`: in a
pairing file (the township's), or in a school's first bundle. People compare
a key by its :attr:`PublicIdentity.fingerprint`, read aloud over the phone.

The pairing file is self-signed: the signature proves the file is whole and
that its maker holds the signing key, not who that maker is -- that is what
reading the fingerprint aloud is for.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.safe_files import write_atomically

__all__ = [
    "IDENTITY_FILE",
    "ROLES",
    "Identity",
    "PublicIdentity",
    "generate_identity",
    "load_identity",
    "pairing_file_bytes",
    "read_pairing_file",
    "save_identity",
]

ROLES = ("school", "township")
IDENTITY_FILE = "identity.json"
IDENTITY_FORMAT = "liushou-identity"
IDENTITY_VERSION = 1
PAIRING_FORMAT = "liushou-pairing"
PAIRING_VERSION = 1
PAIRING_CONTEXT = b"liushou-pairing/1 signature\x00"
MAX_PAIRING_SIZE = 1 << 16
KEY_SIZE = 32

# Crockford's base32: digits and capitals without I, L, O and U, so a
# fingerprint read over the phone cannot be misheard as another letter.
_STANDARD_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD_B32 = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = bytes.maketrans(_STANDARD_B32, _CROCKFORD_B32)

_PROTECTION_NONE = "none"
_PROTECTION_DPAPI = "dpapi-machine"

_EXISTS = QT_TRANSLATE_NOOP(
    "UserError",
    "This installation already has its keys ({path}); they were not replaced. "
    "New keys would make the township refuse this school's bundles until it accepts them.",
)
_DAMAGED = QT_TRANSLATE_NOOP(
    "UserError",
    "The keys of this installation are damaged and cannot be used: {path}. Restore the "
    "keys folder from a backup, or ask the township's IT helper to make new keys.",
)
_NOT_HERE = QT_TRANSLATE_NOOP(
    "UserError",
    "The keys of this installation were protected by Windows on another computer and cannot "
    "be unlocked here: {path}. Ask the township's IT helper to make new keys for this computer.",
)
_CANNOT_WRITE = QT_TRANSLATE_NOOP(
    "UserError",
    "The keys of this installation could not be saved in {folder} ({problem}). "
    "Check that the disk is not full, then try again.",
)
_NOT_PAIRING = QT_TRANSLATE_NOOP(
    "UserError",
    "This file is not a pairing file made by this program. Choose the pairing file the "
    "township exported (pair export), whose name ends in .json.",
)
_PAIRING_NEWER = QT_TRANSLATE_NOOP(
    "UserError",
    "This pairing file was made by a newer version of the program. "
    "Please upgrade the program on this computer, then import it again.",
)
_PAIRING_DAMAGED = QT_TRANSLATE_NOOP(
    "UserError",
    "This pairing file was changed or damaged after it was made, so it cannot be trusted. "
    "Ask the township to export it again (pair export).",
)


@dataclass(frozen=True)
class PublicIdentity:
    """Another installation (or this one) as others know it: who, and its public keys.

    ``sign_key`` is the raw 32-byte Ed25519 public key that checks its bundles'
    signatures; ``box_key`` the raw 32-byte X25519 public key bundles to it
    are encrypted to.
    """

    code: str
    name: str
    role: str
    sign_key: bytes
    box_key: bytes

    def __post_init__(self) -> None:
        _check_who(self.code, self.name, self.role)
        if len(self.sign_key) != KEY_SIZE or len(self.box_key) != KEY_SIZE:
            raise ValueError("public keys must be 32 bytes")

    @property
    def fingerprint(self) -> str:
        """Four groups of four characters, e.g. ``7KQ2-M9XD-4HPA-Z3TE``, naming both keys.

        Crockford base32 of the first 10 bytes (80 bits) of
        SHA-256(sign_key || box_key).
        """
        digest = hashlib.sha256(self.sign_key + self.box_key).digest()[:10]
        text = base64.b32encode(digest).translate(_TO_CROCKFORD).decode("ascii")
        return "-".join(text[i : i + 4] for i in range(0, 16, 4))

    def to_json(self) -> dict[str, Any]:
        """A JSON object (keys in standard base64, and the fingerprint for people)."""
        return {
            "code": self.code,
            "name": self.name,
            "role": self.role,
            "sign_key": _b64(self.sign_key),
            "box_key": _b64(self.box_key),
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_json(cls, d: Any) -> PublicIdentity:
        """Read :meth:`to_json`'s object; raises ``ValueError`` if it does not fit.

        A ``fingerprint`` member, when present, must match the keys.
        """
        if not isinstance(d, dict):
            raise ValueError("a public identity is a JSON object")
        identity = cls(
            code=_text(d, "code"),
            name=_text(d, "name"),
            role=_text(d, "role"),
            sign_key=_unb64(_text(d, "sign_key")),
            box_key=_unb64(_text(d, "box_key")),
        )
        if "fingerprint" in d and d["fingerprint"] != identity.fingerprint:
            raise ValueError("the fingerprint does not match the keys")
        return identity


@dataclass(frozen=True, eq=False)
class Identity:
    """This installation's identity with its private keys (never leaves the data dir)."""

    code: str
    name: str
    role: str
    sign_private: Ed25519PrivateKey
    box_private: X25519PrivateKey

    def __post_init__(self) -> None:
        _check_who(self.code, self.name, self.role)

    def public(self) -> PublicIdentity:
        """What other installations may know of this one."""
        return PublicIdentity(
            self.code,
            self.name,
            self.role,
            _raw_public(self.sign_private.public_key()),
            _raw_public(self.box_private.public_key()),
        )

    def private_bytes(self) -> bytes:
        """The 32-byte Ed25519 seed followed by the 32-byte X25519 private key."""
        return self.sign_private.private_bytes_raw() + self.box_private.private_bytes_raw()


def generate_identity(code: str, name: str, role: str) -> Identity:
    """A new identity with fresh random keys (from the operating system's generator)."""
    return Identity(code, name, role, Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


def identity_from_private_bytes(code: str, name: str, role: str, private: bytes) -> Identity:
    """The identity whose :meth:`Identity.private_bytes` are ``private`` (64 bytes)."""
    if len(private) != 2 * KEY_SIZE:
        raise ValueError("private key bytes must be 64 bytes")
    return Identity(
        code,
        name,
        role,
        Ed25519PrivateKey.from_private_bytes(private[:KEY_SIZE]),
        X25519PrivateKey.from_private_bytes(private[KEY_SIZE:]),
    )


# --- the identity file ---------------------------------------------------------


def save_identity(folder: Path, identity: Identity) -> Path:
    """Write ``identity`` to ``folder/identity.json`` and return that path.

    ``folder`` is ``data_dir/"keys"``; it is created (mode 0700 on POSIX). The
    file is written to a temporary name, synced and renamed, readable by the
    owner only (0600), then read back. Raises :class:`UserError` if an identity
    is already there (keys are never replaced silently) or the disk fails.
    """
    target = folder / IDENTITY_FILE
    if target.exists():
        raise UserError(_EXISTS, {"path": str(target)})
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.name != "nt":
            os.chmod(folder, 0o700)
        raw = _identity_file_bytes(identity)
        write_atomically(target, lambda partial: _write_private(partial, raw), _check_saved)
    except OSError as exc:
        raise UserError(
            _CANNOT_WRITE, {"folder": str(folder), "problem": exc.strerror or str(exc)}
        ) from exc
    return target


def load_identity(folder: Path) -> Identity | None:
    """This installation's identity from ``folder/identity.json``; ``None`` if there is none.

    Raises :class:`UserError` if the file is damaged or cannot be unlocked here.
    """
    path = folder / IDENTITY_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(_DAMAGED, {"path": str(path)}) from exc
    try:
        fields = json.loads(raw.decode("utf-8"))
        if fields.get("format") != IDENTITY_FORMAT or fields.get("version") != IDENTITY_VERSION:
            raise ValueError("not an identity file of this version")
        sealed = _unb64(_text(fields, "private"))
        private = _unseal(_text(fields, "protection"), sealed, path)
        identity = identity_from_private_bytes(
            _text(fields, "code"), _text(fields, "name"), _text(fields, "role"), private
        )
        public = identity.public()
        if _unb64(_text(fields, "sign_key")) != public.sign_key or (
            _unb64(_text(fields, "box_key")) != public.box_key
        ):
            raise ValueError("the private keys do not match the public keys")
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise UserError(_DAMAGED, {"path": str(path)}) from exc
    return identity


def _identity_file_bytes(identity: Identity) -> bytes:
    protection, sealed = _seal(identity.private_bytes())
    fields = {
        "format": IDENTITY_FORMAT,
        "version": IDENTITY_VERSION,
        **identity.public().to_json(),
        "protection": protection,
        "private": _b64(sealed),
    }
    return json.dumps(fields, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _write_private(partial: Path, raw: bytes) -> None:
    """Create ``partial`` readable by the owner only, from the first byte on."""
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)
    if os.name != "nt":
        os.chmod(partial, 0o600)


def _check_saved(target: Path) -> None:
    if load_identity(target.parent) is None:
        raise OSError(f"the identity file did not read back: {target}")


# --- protection of the private key bytes (DPAPI on Windows) --------------------


def _seal(private: bytes) -> tuple[str, bytes]:
    """(protection name, stored bytes): DPAPI-sealed where available, else as they are."""
    dpapi = _dpapi()
    if dpapi is not None:
        with contextlib.suppress(OSError):
            return _PROTECTION_DPAPI, dpapi[0](private)
    return _PROTECTION_NONE, private


def _unseal(protection: str, sealed: bytes, path: Path) -> bytes:
    if protection == _PROTECTION_NONE:
        return sealed
    if protection != _PROTECTION_DPAPI:
        raise ValueError(f"unknown protection {protection!r}")
    dpapi = _dpapi()
    if dpapi is None:
        raise UserError(_NOT_HERE, {"path": str(path)})
    try:
        return dpapi[1](sealed)
    except OSError as exc:
        raise UserError(_NOT_HERE, {"path": str(path)}) from exc


_Transform = Callable[[bytes], bytes]


def _dpapi() -> tuple[_Transform, _Transform] | None:
    """(protect, unprotect) through Windows' DPAPI, or ``None`` where there is none."""
    if os.name != "nt":
        return None
    try:
        crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    except OSError:
        return None
    return (
        lambda data: _dpapi_call(crypt32.CryptProtectData, kernel32, data, protect=True),
        lambda data: _dpapi_call(crypt32.CryptUnprotectData, kernel32, data, protect=False),
    )


class _Blob(ctypes.Structure):
    """Windows' DATA_BLOB."""

    _fields_ = [("cbData", ctypes.c_uint32), ("pbData", ctypes.POINTER(ctypes.c_char))]


_CRYPTPROTECT_UI_FORBIDDEN = 0x1
# Machine scope: any Windows account of this PC can unlock the keys (school PCs
# are shared by teachers with different accounts), a copy on another PC cannot.
_CRYPTPROTECT_LOCAL_MACHINE = 0x4


def _dpapi_call(function: Any, kernel32: Any, data: bytes, *, protect: bool) -> bytes:
    buffer = ctypes.create_string_buffer(data, len(data))
    blob_in = _Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
    blob_out = _Blob()
    flags = _CRYPTPROTECT_UI_FORBIDDEN | (_CRYPTPROTECT_LOCAL_MACHINE if protect else 0)
    description = ctypes.c_wchar_p("liushou-desktop keys") if protect else None
    ok = function(
        ctypes.byref(blob_in), description, None, None, None, flags, ctypes.byref(blob_out)
    )
    if not ok:
        raise OSError(ctypes.get_last_error(), "DPAPI failed")  # type: ignore[attr-defined]
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        kernel32.LocalFree(blob_out.pbData)


# --- the pairing file -----------------------------------------------------------


def pairing_file_bytes(identity: Identity) -> bytes:
    """The pairing file of ``identity``: its public identity, self-signed.

    A UTF-8 JSON object ``{"format": "liushou-pairing", "version": 1,
    "identity": {...}, "signature": "<base64>"}``; the Ed25519 signature (by
    the identity's own signing key) covers ``liushou-pairing/1 signature\\0``
    followed by the canonical JSON of ``identity`` (sorted keys, no spaces).
    """
    public = identity.public().to_json()
    signature = identity.sign_private.sign(PAIRING_CONTEXT + _canonical(public))
    fields = {
        "format": PAIRING_FORMAT,
        "version": PAIRING_VERSION,
        "identity": public,
        "signature": _b64(signature),
    }
    return json.dumps(fields, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def read_pairing_file(data: bytes) -> PublicIdentity:
    """The public identity in a pairing file, its self-signature checked.

    Raises :class:`UserError` for a file that is not a pairing file, comes
    from a newer version, or was changed.
    """
    if len(data) > MAX_PAIRING_SIZE:
        raise UserError(_NOT_PAIRING)
    try:
        fields = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(_NOT_PAIRING) from exc
    if not isinstance(fields, dict) or fields.get("format") != PAIRING_FORMAT:
        raise UserError(_NOT_PAIRING)
    version = fields.get("version")
    if type(version) is int and version > PAIRING_VERSION:
        raise UserError(_PAIRING_NEWER)
    try:
        if version != PAIRING_VERSION:
            raise ValueError("unknown pairing file version")
        identity = PublicIdentity.from_json(fields.get("identity"))
        signature = _unb64(_text(fields, "signature"))
        Ed25519PublicKey.from_public_bytes(identity.sign_key).verify(
            signature, PAIRING_CONTEXT + _canonical(fields["identity"])
        )
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise UserError(_PAIRING_DAMAGED) from exc
    return identity


# --- small helpers ---------------------------------------------------------------


def _check_who(code: str, name: str, role: str) -> None:
    if not isinstance(code, str) or not code.strip() or code != code.strip():
        raise ValueError(f"an installation code must be non-empty, without spaces around: {code!r}")
    if not isinstance(name, str):
        raise ValueError("an installation name must be text")
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}: {role!r}")


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _raw_public(key: Any) -> bytes:
    raw: bytes = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _text(fields: dict[str, Any], key: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text")
    return value
