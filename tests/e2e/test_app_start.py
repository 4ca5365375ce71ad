"""Starting the real program: which window a teacher sees first."""

import subprocess
import sys
from pathlib import Path

from tests.helpers import NO_CJK_FONTCONFIG, run_cli


def first_window(*args: str) -> str:
    result = run_cli(
        *args, env={"LIUSHOU_EXIT_WHEN_SHOWN": "1", "FONTCONFIG_FILE": str(NO_CJK_FONTCONFIG)}
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    words = result.stdout.split()
    assert words[0] == "shown", result.stdout
    return words[1]


def test_fresh_data_dir_opens_the_set_up_assistant(tmp_path: Path) -> None:
    assert first_window("--data-dir", str(tmp_path / "fresh")) == "SetupWizard"


def test_set_up_school_opens_the_sign_in_window(tmp_path: Path) -> None:
    data = tmp_path / "school"
    assert run_cli("demo", "--children", "20", "--data-dir", str(data)).returncode == 0
    assert first_window("--data-dir", str(data)) == "SignInDialog"


def test_demo_opens_the_main_window_of_a_demo_school(tmp_path: Path) -> None:
    assert first_window("--demo", "--data-dir", str(tmp_path / "demo")) == "MainWindow"


def test_module_entry_point_matches_the_console_script() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "liushou_desktop", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("liushou-desktop ")
