"""The packaging files (packaging/): what can be checked without building or Windows.

The full Linux build is ``tests/build/test_linux_build.py`` (marked build: it takes
two minutes); the Windows scripts cannot run here.
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from liushou_desktop import paths
from tests.helpers import ROOT

PACKAGING = ROOT / "packaging"
ICON_PNG = ROOT / "resources" / "icons" / "liushou-desktop.png"


def iss_directives() -> dict[str, str]:
    text = (PACKAGING / "windows" / "liushou-desktop.iss").read_text(encoding="utf-8-sig")
    setup = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    pairs = (line.split("=", 1) for line in setup.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.startswith(";")}


def test_the_installer_is_per_user_64_bit_windows_10_with_a_fixed_app_id() -> None:
    setup = iss_directives()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["PrivilegesRequiredOverridesAllowed"] == "dialog"
    assert setup["ArchitecturesAllowed"] == "x64compatible"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["MinVersion"] == "10.0"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["AppVersion"] == "{#AppVersion}"
    # the program folder is never the data folder (%LOCALAPPDATA%\liushou-desktop)
    assert setup["DefaultDirName"] == r"{autopf}\liushou-desktop"


def test_the_installer_never_deletes_or_ships_the_data() -> None:
    text = (PACKAGING / "windows" / "liushou-desktop.iss").read_text(encoding="utf-8-sig")
    sections = re.findall(r"^\[(\w+)\]", text, flags=re.M)
    assert "UninstallDelete" not in sections
    install_delete = text.split("[InstallDelete]", 1)[1].split("\n[", 1)[0]
    deleted = re.findall(r'Name: "([^"]+)"', install_delete)
    assert deleted == [r"{app}\_internal"]
    assert r'Excludes: "\portable,\data"' in text


def test_the_portable_marker_build_ps1_writes_is_the_one_paths_looks_for() -> None:
    script = (PACKAGING / "build.ps1").read_text(encoding="ascii")  # ASCII: PowerShell 5.1
    assert f"'liushou-desktop\\{paths.PORTABLE_MARKER}'" in script
    assert "win64-portable.zip" in script


def test_the_spec_puts_resources_where_a_frozen_build_looks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    spec = (PACKAGING / "liushou-desktop.spec").read_text(encoding="utf-8")
    for folder in ("resources", "translations"):
        assert f'"liushou_desktop/{folder}"' in spec
    assert '"liushou_desktop/db/migrations"' in spec
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_root() == tmp_path / "liushou_desktop"


def test_the_desktop_entry(tmp_path: Path) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "liushou-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "留守儿童关爱工作平台"
    assert section["Categories"] == "Education;Office;"
    assert section["Exec"] == "liushou-desktop" and section["Icon"] == "liushou-desktop"


def test_install_desktop_entry_quotes_an_awkward_folder(tmp_path: Path) -> None:
    folder = tmp_path / 'a "b" $c %d'
    folder.mkdir()
    for name in ("linux/liushou-desktop.desktop", "linux/install-desktop-entry.sh"):
        (folder / Path(name).name).write_bytes((PACKAGING / name).read_bytes())
    (folder / "liushou-desktop.png").write_bytes((ICON_PNG).read_bytes())
    program = folder / "liushou-desktop"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path)}
    script = str(folder / "install-desktop-entry.sh")
    subprocess.run(["sh", script], env=env, check=True, capture_output=True)
    installed = tmp_path / "share" / "applications" / "liushou-desktop.desktop"
    lines = installed.read_text(encoding="utf-8").splitlines()
    assert (
        'Exec="'
        + str(folder).replace('"', '\\\\"').replace("$", "\\\\$").replace("%", "%%")
        + '/liushou-desktop"'
        in lines
    )
    icon = tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "liushou-desktop.png"
    assert f"Icon={icon}" in lines and icon.is_file()
    subprocess.run(["sh", script, "--remove"], env=env, check=True, capture_output=True)
    assert not installed.exists() and not icon.exists()


def test_the_icon_is_a_png_and_a_multi_size_ico() -> None:
    from PIL import Image

    with Image.open(ICON_PNG) as png:
        assert png.size == (256, 256)
    with Image.open(PACKAGING / "icons" / "liushou-desktop.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_build_sh_names_the_tarball_by_version_and_checks_itself() -> None:
    script = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "liushou-desktop-$version-linux-$arch.tar.gz" in script
    assert '"$app/liushou-desktop" --self-test' in script
