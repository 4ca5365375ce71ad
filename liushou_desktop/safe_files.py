"""Writing a file so that a power cut or a lying USB stick cannot leave half of it.

Write to a temporary name beside the target, flush and fsync, rename into
place, fsync the folder, then let the caller read the file back to verify.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix``... if that exists."""
    target = folder / f"{stem}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    return target


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible on Windows; ignored there)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(
    target: Path, write: Callable[[Path], None], verify: Callable[[Path], None]
) -> Path:
    """Have ``write`` fill a temporary file, move it to ``target``, then ``verify`` it.

    If ``verify`` raises, the target is deleted and the error propagates.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        write(partial)
        with open(partial, "rb+") as handle:
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    fsync_dir(target.parent)
    try:
        verify(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
