"""A non-editable install works: resources travel inside the wheel.

Builds the wheel, installs it into a fresh virtual environment and runs the
installed program from there, with the source tree out of reach. The
third-party dependencies are borrowed from this environment through a .pth
file, so the test does not download PySide6 again.
"""

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from liushou_desktop import __version__
from tests.helpers import ROOT, run_cli

pytestmark = pytest.mark.slow

PACKAGED = (
    "liushou_desktop/resources/fonts/DroidSansFallbackFull.ttf",
    "liushou_desktop/resources/fonts/LICENSE-DroidSansFallback-Apache-2.0.txt",
    "liushou_desktop/translations/liushou_zh_CN.qm",
    "liushou_desktop/db/migrations/env.py",
    "liushou_desktop/db/migrations/script.py.mako",
    "liushou_desktop/db/migrations/versions/0001_initial_schema.py",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("liushou_desktop-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    borrowed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return bindir


def test_wheel_carries_fonts_translations_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in PACKAGED if name not in names]
    assert missing == []
    assert not any(name.endswith(".sqlite3") for name in names)


def test_installed_program_runs_from_the_venv(installed: Path, tmp_path: Path) -> None:
    exe = str(installed / "liushou-desktop")
    version = run_cli("--version", exe=exe, cwd=tmp_path)
    assert version.stdout.strip() == f"liushou-desktop {__version__}"

    where = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import liushou_desktop.paths as p; print(p.__file__); print(p.resource_root())",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.split()
    assert all(str(installed.parent) in line for line in where), where

    selftest = run_cli("--self-test", exe=exe, cwd=tmp_path)
    assert selftest.returncode == 0, selftest.stderr
    assert selftest.stdout.startswith("self-test passed")

    data = tmp_path / "data"
    shown = run_cli(
        "--data-dir", str(data), exe=exe, cwd=tmp_path, env={"LIUSHOU_EXIT_WHEN_SHOWN": "1"}
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("shown SetupWizard")
    demo = run_cli("demo", "--children", "12", "--data-dir", str(data), exe=exe, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    check = run_cli("check", "--data-dir", str(data), exe=exe, cwd=tmp_path)
    assert check.returncode == 0 and "children_active: 12" in check.stdout
