"""The core (everything but gui/) never imports Qt."""

import subprocess
import sys
from pathlib import Path

import liushou_desktop

PACKAGE = Path(liushou_desktop.__file__).parent


def core_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = rel.parts
        if "gui" in parts or "migrations" in parts or parts[-1] == "__main__":
            continue
        modules.append(".".join(p for p in parts if p != "__init__"))
    return modules


def test_core_modules_do_not_import_pyside6() -> None:
    modules = core_modules()
    assert "liushou_desktop.domain.demo" in modules and "liushou_desktop.db.models" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6') or m == 'shiboken6'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_check_itself_sees_qt_when_gui_is_imported() -> None:
    script = "import sys, liushou_desktop.gui.fonts; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
