"""Qt Linguist workflow for the translations (run from the project root).

    python packaging/i18n.py update    # lupdate: collect source strings into translations/*.ts
    python packaging/i18n.py release   # lrelease: compile translations/*.ts to .qm

Translate with Qt Linguist (``pyside6-linguist translations/liushou_zh_CN.ts``),
then run ``release`` and commit both the .ts and the .qm; a test fails if a
.qm is out of date with its .ts or if a zh_CN entry is unfinished.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """Path of pyside6-lupdate / pyside6-lrelease (installed with PySide6)."""
    exe = shutil.which(f"pyside6-{name}") or shutil.which(
        f"pyside6-{name}", path=str(Path(sys.executable).parent)
    )
    if not exe:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials")
    return exe


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "liushou_desktop").rglob("*.py"))


def ts_file(language: str) -> Path:
    return TRANSLATIONS / f"liushou_{language}.ts"


def update(ts: Path | None = None) -> None:
    targets = [ts] if ts else [ts_file(lang) for lang in LANGUAGES]
    for target in targets:
        subprocess.run(
            [tool("lupdate"), "-locations", "none", "-no-obsolete", *sources(), "-ts", str(target)],
            cwd=ROOT,
            check=True,
        )


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def release_all() -> None:
    for language in LANGUAGES:
        ts = ts_file(language)
        release(ts, ts.with_suffix(".qm"))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "release":
        release_all()
    else:
        raise SystemExit(__doc__)
