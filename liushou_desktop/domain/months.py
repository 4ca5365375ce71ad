"""Months as the talks count them: ``2026-11`` keys, first and last days, stepping."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["add_months", "month_bounds", "month_key", "month_start", "previous_month"]


def month_key(day: date) -> str:
    """``2026-11`` for any day of November 2026 (``Talk.month``)."""
    return f"{day.year:04d}-{day.month:02d}"


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, if negative) ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_month(day: date) -> date:
    """The first day of the month before ``day``'s."""
    return add_months(day, -1)


def month_bounds(month: date) -> tuple[date, date]:
    """The first and the last day of the month ``month`` falls in."""
    first = month_start(month)
    return first, add_months(first, 1) - timedelta(days=1)
