"""Where things live: the data dir, its files, and the bundled resources.

The data dir is chosen, first match wins, from:

1. ``--data-dir DIR`` on the command line,
2. the ``LIUSHOU_DATA_DIR`` environment variable,
3. a file named ``portable`` beside the program (a portable install keeps its
   data in ``data/`` next to the program, e.g. on the school's USB stick copy),
4. the platform's per-user data dir (platformdirs).

Resources (fonts, icons, templates, compiled translations) are found by
:func:`resource` in a PyInstaller bundle, an installed wheel, or the source tree.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from liushou_desktop import APP_NAME

DATA_DIR_ENV = "LIUSHOU_DATA_DIR"
PORTABLE_MARKER = "portable"
DATABASE_NAME = "liushou.sqlite3"

_PACKAGE_DIR = Path(__file__).resolve().parent


def program_dir() -> Path:
    """The folder holding the program the user started."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent


def default_data_dir() -> Path:
    """The per-user data dir of this platform (e.g. %LOCALAPPDATA%\\liushou-desktop)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(
    cli_value: str | os.PathLike[str] | None = None,
    environ: dict[str, str] | None = None,
    program: Path | None = None,
) -> Path:
    """Choose the data dir by the rules in this module's docstring."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ if environ is None else environ
    if env.get(DATA_DIR_ENV):
        return Path(env[DATA_DIR_ENV]).expanduser().resolve()
    prog = program_dir() if program is None else program
    if (prog / PORTABLE_MARKER).is_file():
        return prog / "data"
    return default_data_dir()


@dataclass(frozen=True)
class DataDir:
    """The files inside one data dir."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def ensure(self) -> DataDir:
        """Create the folders (not the database)."""
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resource_root() -> Path:
    """The folder that holds ``resources/`` and ``translations/``.

    Three cases: a PyInstaller bundle (``sys._MEIPASS``), an installed wheel
    (the build maps both folders into the package), and the source tree
    (an editable install or a checkout), where they sit beside the package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "liushou_desktop"
    if (_PACKAGE_DIR / "resources").is_dir():
        return _PACKAGE_DIR
    return _PACKAGE_DIR.parent


def resource(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource("resources", "fonts", "x.ttf")``.

    Raises FileNotFoundError naming the path if the file is missing, so a
    broken build is reported at once instead of rendering empty boxes.
    """
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path
