"""Logging to rotating files in the data dir's ``logs/`` folder.

Bugs are logged here with their traceback; users are shown a short
apology instead. Nothing personal (names, ID numbers) is logged on purpose.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "liushou.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(logs: Path, level: int = logging.INFO) -> Path:
    """Send the root logger to ``logs/liushou.log`` (1 MB x 5 files); return its path."""
    logs.mkdir(parents=True, exist_ok=True)
    path = logs / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_liushou", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._liushou = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
