"""Showing stored values: times are stored in UTC and shown in the PC's local time."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time(moment: datetime | str | None, seconds: bool = False) -> str:
    """A stored UTC time (naive datetime or ISO text) as local time, e.g. 2026-11-28 16:45."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.replace(tzinfo=UTC).astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S}" if seconds else f"{local:%Y-%m-%d %H:%M}"
