"""What every printed PDF shares: writing it safely, progress and cancelling, page sizes.

:func:`write_pdf` draws into a temporary file beside the target, moves it into place,
then reads it back (a USB stick may lie), so a half-written PDF never carries the
target's name. The printed forms are Chinese, as the official forms are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liushou_desktop import __version__
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.safe_files import write_atomically

__all__ = [
    "MM",
    "PrintCancelled",
    "PrintOutcome",
    "Progress",
    "Unprintable",
    "write_pdf",
]

MM = 72 / 25.4  # points per millimetre
PROGRESS_EVERY = 20  # items between two calls of the progress callback

# (items done, items total); may raise PrintCancelled to stop (nothing is written).
Progress = Callable[[int, int], None]


class PrintCancelled(Exception):
    """Raised by a progress callback to stop making a PDF; no file is left behind."""


@dataclass(frozen=True)
class Unprintable:
    """A name (or other text) with characters no font has: ``chars``, each once."""

    who: str  # the child the text belongs to, e.g. 王𠇔 (三年级2班)
    text: str
    chars: str


@dataclass(frozen=True)
class PrintOutcome:
    """A PDF written: where, how many pages and items, and what could not be printed."""

    path: Path
    pages: int
    items: int
    unprintable: tuple[Unprintable, ...] = field(default=())


def write_pdf(
    target: Path,
    title: str,
    draw: Callable[[Any], int],
    *,
    pagesize: tuple[float, float],
    initial_font: str,
) -> int:
    """Make ``target`` with ``draw(canvas)`` (returns the page count); atomically, then
    read back. Raises UserError if the file cannot be written or reads back wrong.

    ``initial_font`` (a registered, embedded face) replaces reportlab's default
    Helvetica, which would otherwise be named, unembedded, on every page.
    """
    from reportlab.pdfgen.canvas import Canvas

    pages = 0

    def write(partial: Path) -> None:
        nonlocal pages
        canvas = Canvas(
            str(partial),
            pagesize=pagesize,
            pageCompression=1,
            initialFontName=initial_font,
            initialFontSize=10,
        )
        canvas.setTitle(title)
        canvas.setCreator(f"liushou_desktop {__version__}")
        canvas.setAuthor("")
        pages = draw(canvas)
        canvas.save()

    def verify(path: Path) -> None:
        with open(path, "rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, path.stat().st_size - 1024))
            tail = handle.read()
        if head != b"%PDF-" or b"%%EOF" not in tail:
            raise OSError(f"{path} did not read back as a whole PDF")

    try:
        write_atomically(Path(target), write, verify)
    except OSError as error:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The PDF could not be saved as {file}: {reason}. Check that the folder "
                "exists and the disk or USB stick is not full or write-protected, then try "
                "again.",
            ),
            {"file": str(target), "reason": error.strerror or str(error)},
        ) from error
    return pages
