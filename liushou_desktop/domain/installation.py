"""This installation's school: the one place that looks it up.

A school installation has its own ``School`` row (same code as the installation); a
township's has none (the schools it merges are its rows).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.models import Installation, School
from liushou_desktop.errors import NotSetUpError, UserError

__all__ = ["installation_school_id", "require_school_id"]


def installation_school_id(session: Session) -> str | None:
    """This installation's school; None at a township; NotSetUpError before set-up."""
    code = session.scalar(select(Installation.code))
    if code is None:
        raise NotSetUpError()
    return session.scalar(select(School.id).where(School.code == code))


def require_school_id(session: Session, at_township: str) -> str:
    """This installation's school; at a township UserError(``at_township``), a sentence
    (marked with QT_TRANSLATE_NOOP by the caller) saying to do it at the school."""
    school_id = installation_school_id(session)
    if school_id is None:
        raise UserError(at_township)
    return school_id
