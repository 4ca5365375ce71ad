"""Marking core strings for translation without importing Qt.

Qt's ``lupdate`` collects calls named ``QT_TRANSLATE_NOOP(context, text)``
from Python sources, so the core marks its user-facing strings with this
function, under the same name, and the GUI translates them at display time
with ``QCoreApplication.translate(context, text)``.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """Return ``text`` unchanged; lupdate records it under ``context``."""
    del context
    return text
