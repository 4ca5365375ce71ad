"""Removable drives: the test override and the /proc/mounts parser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from liushou_desktop.sync import drives
from liushou_desktop.sync.drives import ENV_VAR, parse_mounts, removable_drives

MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sdb1 /media/li/KINGSTON vfat rw,nosuid,nodev 0 0
/dev/sdc1 /run/media/wang/U\\040盘 exfat rw 0 0
/dev/sdd1 /mnt/usb vfat rw 0 0
/dev/sde1 /mnt/usb/inner vfat rw 0 0
/dev/sdf1 /media/li vfat rw 0 0
tmpfs /run/user/1000 tmpfs rw 0 0
broken
"""


def test_parse_mounts_finds_the_sticks_only() -> None:
    assert parse_mounts(MOUNTS) == [
        Path("/media/li/KINGSTON"),
        Path("/run/media/wang/U 盘"),
        Path("/mnt/usb"),
    ]
    assert parse_mounts("") == []


def test_the_environment_variable_replaces_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "U盘一", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    missing = tmp_path / "gone"
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(one), str(missing), str(two)]))
    found = removable_drives()
    assert [d.path for d in found] == [one, two]
    assert found[0].label == "U盘一" and 0 < found[0].free_bytes <= found[0].total_bytes
    monkeypatch.setenv(ENV_VAR, "")
    assert removable_drives() == []


def test_it_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)

    def broken() -> list[drives.Drive]:
        raise RuntimeError("no")

    monkeypatch.setattr(drives, "_linux", broken)
    monkeypatch.setattr(drives, "_windows", broken)
    monkeypatch.setattr(drives, "_macos", broken)
    assert removable_drives() == []
