"""Password and recovery-code hashing with scrypt (memory-hard, standard library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# 2**15 * 8 * 128 bytes = 32 MiB of memory per hash; about 0.1 s on an old PC.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 64 * 1024 * 1024

# No 0/O, 1/l/I: codes are read off paper and typed by hand.
_READABLE = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, *, n: int = SCRYPT_N) -> str:
    """Hash ``secret`` as ``scrypt$n$r$p$salt$hash`` (base64 salt and hash)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, maxmem=_MAXMEM
    )
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """True if ``secret`` matches the ``stored`` hash; False for any malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            secret.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def generate_password(length: int = 12) -> str:
    """A random password without look-alike characters."""
    return "".join(secrets.choice(_READABLE) for _ in range(length))


def generate_recovery_code() -> str:
    """A recovery code like ``7KQ4-M2XD-9PTA-H3VC-WE6N`` (100 bits)."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(20))
    return "-".join(chars[i : i + 4] for i in range(0, 20, 4))


def normalize_recovery_code(code: str) -> str:
    """Upper-case, dashes and spaces removed, as typed codes are compared."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
