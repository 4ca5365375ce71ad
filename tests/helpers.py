"""Helpers the tests import: a school to set up, a hand-moved clock, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from liushou_desktop.domain.setup import SetupRequest

ROOT = Path(__file__).resolve().parent.parent
NO_CJK_FONTCONFIG = ROOT / "tests" / "data" / "fontconfig-no-cjk.conf"

SCHOOL = SetupRequest(
    role="school",
    name="阳光小学",
    code="5205261001",
    township_name="新场镇",
    admin_username="admin",
    admin_password="correct horse",
    family_phone="0851-8123456",
    emergency_phones="110，120",
)


class FakeClock:
    """A wall clock the test moves by hand (it may even go backwards)."""

    def __init__(self, start: datetime = datetime(2026, 11, 2, 8, 30)) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, exe: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI (``python -m liushou_desktop`` unless ``exe`` is given) in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if k != "LIUSHOU_DATA_DIR"}
    full_env["QT_QPA_PLATFORM"] = "offscreen"
    full_env.update(env or {})
    command = [exe] if exe else [sys.executable, "-m", "liushou_desktop"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=600
    )
