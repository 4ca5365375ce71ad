"""The real Linux build: ``bash packaging/build.sh OUTDIR`` from this checkout.

About two minutes on two cores and a few hundred MB in the temporary folder, so it
is marked ``build`` (not run by default or by CI): ``python -m pytest -n0 -m build
tests/build``. build.sh itself runs the frozen program's --self-test and opens its
first window offscreen; this test checks what it leaves behind and starts the frozen
program once more, with the machine's Chinese fonts hidden.
"""

from __future__ import annotations

import os
import platform
import subprocess
import tarfile
from pathlib import Path

import pytest

from liushou_desktop import __version__
from tests.helpers import NO_CJK_FONTCONFIG, ROOT

MAX_FOLDER_BYTES = 180 * 1024 * 1024


@pytest.mark.build
def test_build_sh_makes_a_folder_and_tarball_that_pass_the_self_test(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "self-test passed: " in build.stdout and "shown SetupWizard" in build.stdout

    folder = out / "liushou-desktop"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < MAX_FOLDER_BYTES, f"{size / 2**20:.0f} MB"
    internal = folder / "_internal"
    assert (internal / "liushou_desktop" / "translations" / "liushou_zh_CN.qm").is_file()
    assert (internal / "liushou_desktop" / "db" / "migrations" / "env.py").is_file()
    qt_translations = sorted(p.name for p in internal.rglob("PySide6/Qt/translations/*.qm"))
    assert qt_translations == ["qtbase_zh_CN.qm"]
    assert not list(internal.rglob("*Qt6Quick*")) and not list(internal.rglob("*Qt6Qml*"))

    tarball = out / f"liushou-desktop-{__version__}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    for name in ("liushou-desktop", "liushou-desktop.desktop", "install-desktop-entry.sh"):
        assert f"liushou-desktop/{name}" in names

    shown = subprocess.run(
        [str(folder / "liushou-desktop"), "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "FONTCONFIG_FILE": str(NO_CJK_FONTCONFIG),
            "LIUSHOU_EXIT_WHEN_SHOWN": "1",
        },
    )
    assert shown.returncode == 0 and shown.stdout.startswith("shown SetupWizard"), shown.stderr
