"""The printed forms besides the contact card, as :class:`~liushou_desktop.domain.printing.
PrintService` calls them: the archive form (登记表), the monthly talk record sheet
(谈心记录卡) and the roster (花名册).

Each ``draw_*`` draws on a reportlab canvas through a :class:`~.fonts.FontSet` (so every
character goes through the embedded fonts), calls ``canvas.showPage()`` after each page,
reports progress at the start, every :data:`~.document.PROGRESS_EVERY` records and at
the end (the callback may raise ``PrintCancelled``, which is let through), and returns
the number of pages. :func:`texts_of` lists the names and addresses a document prints,
so characters no font has are reported before anything is printed.

The layouts live in :mod:`.forms_archive`, :mod:`.forms_talk` and :mod:`.forms_roster`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from liushou_desktop.domain.print_records import PrintRecord
from liushou_desktop.printing.forms_archive import ARCHIVE_PAGE, archive_texts, draw_archive
from liushou_desktop.printing.forms_roster import ROSTER_PAGE, draw_roster, roster_texts
from liushou_desktop.printing.forms_talk import TALK_PAGE, draw_talk_sheets, talk_texts

__all__ = ["PAGE_SIZES", "draw_archive", "draw_roster", "draw_talk_sheets", "texts_of"]

# The page size (width, height in points) of each document kind.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "archive": ARCHIVE_PAGE,
    "talk-sheet": TALK_PAGE,
    "roster": ROSTER_PAGE,
}

_TEXTS: dict[str, Callable[[PrintRecord], list[str]]] = {
    "archive": archive_texts,
    "talk-sheet": talk_texts,
    "roster": roster_texts,
}


def texts_of(kind: str, records: Sequence[PrintRecord]) -> list[tuple[str, str]]:
    """(who, text) for every name, address and free text document ``kind`` prints of
    ``records``, each text once per child; who is the child, as 王小明（三年级2班）."""
    texts = _TEXTS[kind]
    found: list[tuple[str, str]] = []
    for record in records:
        who = record.who()
        seen: set[str] = set()
        for shown in texts(record):
            if shown and shown not in seen:
                seen.add(shown)
                found.append((who, shown))
    return found
