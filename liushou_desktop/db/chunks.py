"""Long id lists cut into slices for ``IN (...)`` queries (SQLite limits a statement's
variables; 500 stays well under it)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

IN_CHUNK = 500


def chunks(ids: Sequence[str], size: int = IN_CHUNK) -> Iterator[list[str]]:
    """``ids`` in slices of at most ``size``, one per ``IN (...)`` query."""
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
