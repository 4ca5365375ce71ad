"""Removable drives (USB sticks) to write sync bundles to, without Qt.

* Windows: every drive letter from ``GetLogicalDrives`` whose ``GetDriveTypeW`` is
  ``DRIVE_REMOVABLE``, named by ``GetVolumeInformationW``'s label.
* Linux: mount points under ``/media/*/*``, ``/run/media/*/*`` and ``/mnt/*`` that
  ``/proc/mounts`` lists (:func:`parse_mounts` reads that text).
* macOS: ``/Volumes/*`` except the start-up disk.

The environment variable ``LIUSHOU_TEST_DRIVES`` (folders separated by
``os.pathsep``) replaces the list, for tests and screenshots. Nothing here raises:
when unsure, the list is empty and the dialog offers "another folder…".
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ENV_VAR", "Drive", "parse_mounts", "removable_drives"]

ENV_VAR = "LIUSHOU_TEST_DRIVES"
LINUX_ROOTS = ("/media/", "/run/media/", "/mnt/")
DRIVE_REMOVABLE = 2


@dataclass(frozen=True)
class Drive:
    """A place to write to: its folder, a label for people, free and total bytes."""

    path: Path
    label: str
    free_bytes: int
    total_bytes: int


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mounts(text: str) -> list[Path]:
    """The removable-looking mount points in the text of ``/proc/mounts``, in order:
    one level under ``/mnt``, two under ``/media`` and ``/run/media`` (``/media/USER/LABEL``)."""
    found: list[Path] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        point = _unescape(fields[1])
        for root in LINUX_ROOTS:
            if not point.startswith(root):
                continue
            depth = len([p for p in point[len(root) :].split("/") if p])
            wanted = 1 if root == "/mnt/" else 2
            if depth == wanted and Path(point) not in found:
                found.append(Path(point))
    return found


def _drive(path: Path, label: str = "") -> Drive | None:
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None
    return Drive(path, label or path.name or str(path), usage.free, usage.total)


def _from_env(value: str) -> list[Drive]:
    drives = []
    for part in value.split(os.pathsep):
        if part and (drive := _drive(Path(part))) is not None:
            drives.append(drive)
    return drives


def _windows() -> list[Drive]:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    drives = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        root = f"{chr(ord('A') + index)}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != DRIVE_REMOVABLE:
            continue
        name = ctypes.create_unicode_buffer(261)
        ok = kernel32.GetVolumeInformationW(
            ctypes.c_wchar_p(root), name, 261, None, None, None, None, 0
        )
        label = f"{name.value} ({root[:2]})" if ok and name.value else root[:2]
        if (drive := _drive(Path(root), label)) is not None:
            drives.append(drive)
    return drives


def _linux() -> list[Drive]:
    try:
        text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [d for p in parse_mounts(text) if (d := _drive(p)) is not None]


def _macos() -> list[Drive]:  # pragma: no cover - macOS only
    volumes = Path("/Volumes")
    drives = []
    for entry in sorted(volumes.iterdir()):
        if entry.is_symlink():  # the start-up disk links to /
            continue
        if (drive := _drive(entry)) is not None:
            drives.append(drive)
    return drives


def removable_drives() -> list[Drive]:
    """The removable drives plugged in now ([] when none, or when unsure)."""
    override = os.environ.get(ENV_VAR)
    if override is not None:
        return _from_env(override)
    try:
        if sys.platform == "win32":
            return _windows()
        if sys.platform == "darwin":
            return _macos()
        return _linux()
    except Exception:  # never raise: the dialog offers another folder
        return []
