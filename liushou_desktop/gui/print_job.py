"""What the print dialog asks the print service for, and the worker that writes it.

A :class:`PrintChoice` is what to print; :func:`run_service` writes it with
:class:`~liushou_desktop.domain.printing.PrintService`; a :class:`PrintJob` runs that in a
worker thread and reports back with queued signals (the worker never touches a widget).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.print_records import EVERYONE, Selection
from liushou_desktop.domain.printing import DOCUMENTS, PrintCancelled, PrintOutcome, PrintService
from liushou_desktop.printing.cards import DEFAULT_LAYOUT

__all__ = ["PrintChoice", "PrintJob", "run_service"]


@dataclass(frozen=True)
class PrintChoice:
    """What the dialog prints: a kind ("cards" or one of DOCUMENTS), blank talk sheet or
    not, the card layout, and the children."""

    kind: str = "cards"
    blank: bool = False
    layout: str = DEFAULT_LAYOUT
    selection: Selection = EVERYONE

    def file_stem(self) -> str:
        if self.kind == "cards":
            return "留守儿童联系卡"
        if self.blank:
            return "谈心记录卡-空白"
        return DOCUMENTS[self.kind]


def run_service(
    service: PrintService,
    actor: Actor,
    choice: PrintChoice,
    target: Path,
    progress: Callable[[int, int], None],
    *,
    audit: bool,
) -> PrintOutcome:
    """Write ``choice`` to ``target`` with the print service; ``audit`` False for a
    preview (what is printed or saved from it is logged then)."""
    if choice.kind == "cards":
        return service.cards(actor, target, choice.selection, choice.layout, progress, audit=audit)
    return service.document(
        actor, choice.kind, target, choice.selection, progress, blank=choice.blank, audit=audit
    )


class PrintJob(QObject):
    """One PDF written by the service in a worker thread. Every signal carries the job,
    so the dialog ignores a job it has replaced; they reach the GUI thread queued, and
    the worker never touches a widget."""

    progressed = Signal(object, int, int)  # job, done, total
    finished_ok = Signal(object, object)  # job, PrintOutcome
    failed = Signal(object, object)  # job, the exception
    cancelled = Signal(object)  # job

    def __init__(
        self,
        choice: PrintChoice,
        purpose: str,
        make: Callable[[Callable[[int, int], None]], PrintOutcome],
    ) -> None:
        super().__init__()
        self.choice = choice
        self.purpose = purpose  # "preview" or "save"
        self._make = make
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="print-job", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise PrintCancelled()
        self.progressed.emit(self, done, total)

    def _run(self) -> None:
        try:
            outcome = self._make(self._progress)
        except PrintCancelled:
            self.cancelled.emit(self)
            return
        except Exception as exc:  # a UserError to show, or a bug to report
            self.failed.emit(self, exc)
            return
        if self._stop.is_set():  # cancelled after the last page: keep nothing
            outcome.path.unlink(missing_ok=True)
            self.cancelled.emit(self)
            return
        self.finished_ok.emit(self, outcome)
