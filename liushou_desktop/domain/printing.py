"""Printing: contact cards, the archive form, the talk record sheet and the roster as PDF.

:class:`PrintService` reads the selected children the actor may see
(:mod:`~liushou_desktop.domain.print_records`), draws them with the engine in
:mod:`liushou_desktop.printing`, writes the PDF safely and logs what was printed in the
audit log (a printed page carries personal data). Before printing,
:meth:`PrintService.check` says how many children a selection holds and which of their
names have characters no font can print; the PDF is still written, with those
characters as empty boxes, and :class:`~liushou_desktop.printing.document.PrintOutcome`
lists them again.

ID numbers are masked on every page. The archive form holds health details, so it needs
the permission to see them as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.months import month_key
from liushou_desktop.domain.permissions import PRINT_CHILDREN, SEE_HEALTH, Actor
from liushou_desktop.domain.print_records import (
    EVERYONE,
    PrintRecord,
    SchoolInfo,
    Selection,
    attach_talks,
    card_for,
    card_school,
    load_records,
    load_school,
)
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.printing.cards import DEFAULT_LAYOUT, LAYOUTS, draw_cards, unprintable
from liushou_desktop.printing.document import (
    PrintCancelled,
    PrintOutcome,
    Progress,
    Unprintable,
    write_pdf,
)
from liushou_desktop.printing.fonts import FontSet

__all__ = [
    "DOCUMENTS",
    "PrintCancelled",
    "PrintCheck",
    "PrintOutcome",
    "PrintService",
    "Selection",
    "Unprintable",
]

AUDIT_ACTION = "print"
# The documents besides the cards (the CLI's ``print KIND``), with their PDF titles.
DOCUMENTS = {
    "archive": "留守儿童信息登记表",
    "talk-sheet": "谈心记录卡",
    "roster": "留守儿童花名册",
}


@dataclass(frozen=True)
class PrintCheck:
    """What a selection would print: how many children, and the texts that cannot be."""

    children: int
    unprintable: tuple[Unprintable, ...]


class PrintService:
    """Makes the printed documents of the children an actor may see."""

    def __init__(self, db: Database, now: Now = utcnow, fonts: FontSet | None = None) -> None:
        self._db = db
        self._now = now
        self._fonts = fonts

    @property
    def fonts(self) -> FontSet:
        """The fonts: bundled, plus the rare-character fonts found (data dir first)."""
        if self._fonts is None:
            self._fonts = FontSet.for_data_dir(self._db.data_dir.root)
        return self._fonts

    def _today(self) -> date:
        return local_date(self._now())

    def _records(
        self, actor: Actor, selection: Selection, *, photos: bool = False
    ) -> tuple[SchoolInfo, list[PrintRecord]]:
        with self._db.session_factory() as session:
            records = load_records(session, actor, selection, photos=photos)
            school = load_school(session)
        if not records:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "There is no child to print in this selection. Choose another class, "
                    "or check the children's status on the children page.",
                )
            )
        return school, records

    def check(self, actor: Actor, selection: Selection, kind: str = "cards") -> PrintCheck:
        """How many children ``selection`` holds and which texts of document ``kind``
        ("cards" or one of :data:`DOCUMENTS`) cannot be printed."""
        enforce(self._db, actor, PRINT_CHILDREN, self._now)
        with self._db.session_factory() as session:
            records = load_records(session, actor, selection)
        if kind == "cards":
            found = unprintable(self.fonts, [card_for(r) for r in records])
        else:
            found = self._unprintable(kind, records)
        return PrintCheck(len(records), tuple(found))

    def _unprintable(self, kind: str, records: Sequence[PrintRecord]) -> list[Unprintable]:
        from liushou_desktop.printing import forms

        fonts = self.fonts
        return [
            Unprintable(who, text, fonts.missing(text))
            for who, text in forms.texts_of(kind, records)
            if fonts.missing(text)
        ]

    def cards(
        self,
        actor: Actor,
        target: Path,
        selection: Selection = EVERYONE,
        layout: str = DEFAULT_LAYOUT,
        progress: Progress | None = None,
        *,
        audit: bool = True,
    ) -> PrintOutcome:
        """The contact cards of the selection, ordered by class and name, in one PDF.

        ``audit=False`` for a preview that stays inside the data dir: what leaves it (a
        saved PDF, :meth:`record_printed` for paper) is logged."""
        enforce(self._db, actor, PRINT_CHILDREN, self._now)
        if layout not in LAYOUTS:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "There is no card layout “{layout}”. Choose one of: {choices}."
                ),
                {"layout": layout, "choices": ", ".join(LAYOUTS)},
            )
        school, records = self._records(actor, selection, photos=True)
        cards = [card_for(r) for r in records]
        fonts = self.fonts
        school_card = card_school(school, self._today())
        chosen = LAYOUTS[layout]

        def draw(canvas: Any) -> int:
            return draw_cards(canvas, fonts, school_card, cards, chosen, progress)

        pages = write_pdf(
            Path(target),
            "留守儿童联系卡",
            draw,
            pagesize=chosen.pagesize,
            initial_font=fonts.primary,
        )
        if audit:
            self._audit(actor, "cards", len(cards), Path(target).name, {"layout": layout})
        return PrintOutcome(Path(target), pages, len(cards), tuple(unprintable(fonts, cards)))

    def document(
        self,
        actor: Actor,
        kind: str,
        target: Path,
        selection: Selection = EVERYONE,
        progress: Progress | None = None,
        *,
        blank: bool = False,
        month: date | None = None,
        audit: bool = True,
    ) -> PrintOutcome:
        """One of :data:`DOCUMENTS` for the selection: ``archive`` (the 登记表, one
        child a page), ``talk-sheet`` (the 谈心记录卡 of ``month``, filled with each
        child's details, or one ``blank`` sheet) or ``roster`` (the 花名册); ``audit``
        as for :meth:`cards`."""
        from liushou_desktop.printing import forms

        enforce(self._db, actor, PRINT_CHILDREN, self._now)
        if kind == "archive":
            enforce(self._db, actor, SEE_HEALTH, self._now)
        if kind not in DOCUMENTS:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "There is no printed form “{kind}”. Choose one of: {choices}."
                ),
                {"kind": kind, "choices": ", ".join(DOCUMENTS)},
            )
        today = self._today()
        fonts = self.fonts
        if kind == "talk-sheet" and blank:
            with self._db.session_factory() as session:
                school, records = load_school(session), []
        else:
            school, records = self._records(actor, selection, photos=kind == "archive")
            if kind == "talk-sheet":  # the month's held talk fills the card, if there is one
                with self._db.session_factory() as session:
                    attach_talks(session, records, month_key(month or today))
        drawers: dict[str, Callable[[Any], int]] = {
            "archive": lambda canvas: forms.draw_archive(
                canvas, fonts, school, records, today, progress
            ),
            "talk-sheet": lambda canvas: forms.draw_talk_sheets(
                canvas, fonts, school, records, month or today, progress
            ),
            "roster": lambda canvas: forms.draw_roster(
                canvas, fonts, school, records, today, progress
            ),
        }
        pagesize = forms.PAGE_SIZES[kind]
        pages = write_pdf(
            Path(target),
            DOCUMENTS[kind],
            drawers[kind],
            pagesize=pagesize,
            initial_font=fonts.primary,
        )
        if audit:
            extra = {"blank": blank} if kind == "talk-sheet" else {}
            self._audit(actor, kind, len(records), Path(target).name, extra)
        found = self._unprintable(kind, records)
        return PrintOutcome(Path(target), pages, len(records), tuple(found))

    def record_printed(self, actor: Actor, kind: str, children: int, printer: str) -> None:
        """Log that a previewed document (``kind``: "cards" or one of DOCUMENTS) was sent
        to ``printer``."""
        enforce(self._db, actor, PRINT_CHILDREN, self._now)
        self._audit(actor, kind, children, "", {"printer": printer[:100]})

    def _audit(
        self, actor: Actor, kind: str, count: int, file_name: str, extra: dict[str, Any]
    ) -> None:
        with self._db.session_scope(actor.username) as session:
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_ACTION,
                now=self._now(),
                object_type="document",
                object_id=kind,
                detail={"document": kind, "children": count, "file": file_name, **extra},
            )
