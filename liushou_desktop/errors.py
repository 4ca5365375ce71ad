"""The one kind of failure a user is shown: :class:`UserError`.

A ``UserError`` carries an English message, marked for translation with
``QT_TRANSLATE_NOOP("UserError", ...)`` from :mod:`liushou_desktop.i18n`, and its
parameters. The GUI translates
the message in the ``UserError`` context; the CLI prints it as it is. Anything
else raised is a bug: logged with its traceback, never shown as one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liushou_desktop.i18n import QT_TRANSLATE_NOOP

TRANSLATION_CONTEXT = "UserError"


class UserError(Exception):
    """Bad input, a missing file, a wrong key: something the user can fix.

    ``message`` is an English sentence with ``{name}`` placeholders filled from
    ``params``; it should say what to do, not only what went wrong.
    """

    def __init__(self, message: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.params = dict(params or {})
        super().__init__(self.render(message))

    def render(self, template: str) -> str:
        """Fill ``template`` (the message or its translation) with the parameters."""
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template


class NotSetUpError(UserError):
    """The data dir has no school or township set up yet."""

    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UserError",
                "This data folder is not set up yet: run “liushou-desktop init” "
                "or start the program to use the set-up assistant.",
            )
        )
