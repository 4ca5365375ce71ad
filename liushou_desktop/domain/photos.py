"""Photos of activities and growth entries: downscaled on the way in, kept in a budget.

A photo from a phone is several megabytes; a school's photos travel in the sync bundle
to the township, so each photo is turned upright (EXIF), made an RGB JPEG of at most
:data:`MAX_SIDE` pixels a side and :data:`MAX_BYTES` bytes, and the photos a school
takes in a term may not add up to more than :data:`TERM_BUDGET_BYTES`.

An ``"activity"`` photo belongs to an :class:`~liushou_desktop.db.models.Activity`
(added with ``activities.record``); a ``"growth"`` photo to a growth entry
(``growth.record``, the entry's child in the actor's scope).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, GrowthEntry, Photo, SchoolTerm
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.family_contact import check_day, child_in_scope, term_named
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.permissions import (
    RECORD_ACTIVITIES,
    RECORD_GROWTH,
    VIEW_ACTIVITIES,
    VIEW_CHILD_RECORD,
    Actor,
)
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

MAX_SIDE = 1280
MAX_BYTES = 250_000  # per photo after downscaling (JPEG)
TERM_BUDGET_BYTES = 50_000_000  # a school's photos of a term (a sync bundle's share)
MAX_PIXELS = 40_000_000  # larger pictures are refused before they are decoded
CAPTION_LENGTH = 100
_QUALITIES = (85, 75, 65, 55, 45, 35)
_MB = 1_000_000

_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "Photos are added at the school, not at the township: add them on the school's computer.",
)


@dataclass(frozen=True)
class PhotoInfo:
    """A stored photo without its data: whose it is, the day, caption, size in pixels
    and bytes."""

    id: str
    owner_kind: str
    owner_id: str
    taken_on: date
    caption: str
    width: int
    height: int
    size: int


def _unreadable() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This file is not a picture that can be read: choose a photo (JPEG or PNG).",
        )
    )


def _open(data: bytes) -> Image.Image:
    """The picture, not decoded yet; UserError for a non-picture or a huge one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_big() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _unreadable() from None
    if image.width * image.height > MAX_PIXELS:
        raise _too_big()
    return image


def _photo_removed() -> UserError:
    return UserError(QT_TRANSLATE_NOOP("UserError", "This photo was removed: refresh the list."))


def _too_big() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This picture cannot be read or is too large (over 40 megapixels): choose a "
            "photo (JPEG or PNG) from a phone or a camera.",
        )
    )


def downscale(data: bytes) -> tuple[bytes, int, int]:
    """The photo turned upright (EXIF), as an RGB JPEG of at most :data:`MAX_SIDE`
    pixels a side and :data:`MAX_BYTES` bytes, with its width and height; UserError
    when ``data`` is not a picture or has more than 40 megapixels."""
    image = _open(data)
    try:
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a smaller scale
        image = ImageOps.exif_transpose(image)
        image = _rgb(image)
    except (OSError, ValueError, SyntaxError):
        raise _unreadable() from None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    while True:
        for quality in _QUALITIES:
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= MAX_BYTES:
                return out.getvalue(), image.width, image.height
        # Even the lowest quality is too big (a very detailed picture): make it smaller.
        side = max(1, int(max(image.size) * 0.8))
        image.thumbnail((side, side), Image.Resampling.LANCZOS)


def _rgb(image: Image.Image) -> Image.Image:
    """RGB, transparent parts on white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def thumbnail_of(data: bytes, side: int) -> bytes:
    """A JPEG of at most ``side`` pixels a side made from a stored photo."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (side, side))
        small = image.convert("RGB")
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


def budget_window(session: Session, school_id: str, day: date) -> tuple[str, date, date]:
    """The term holding ``day`` (name, first and last day); outside every term the
    half-year around it (August–January or February–July), named by its first month."""
    term = session.execute(
        select(SchoolTerm.name, SchoolTerm.starts_on, SchoolTerm.ends_on).where(
            SchoolTerm.school_id == school_id,
            SchoolTerm.deleted.is_(False),
            SchoolTerm.starts_on <= day,
            SchoolTerm.ends_on >= day,
        )
    ).first()
    if term is not None:
        return term.name, term.starts_on, term.ends_on
    if 2 <= day.month <= 7:
        first, last = date(day.year, 2, 1), date(day.year, 7, 31)
    elif day.month >= 8:
        first, last = date(day.year, 8, 1), date(day.year + 1, 1, 31)
    else:
        first, last = date(day.year - 1, 8, 1), date(day.year, 1, 31)
    return first.strftime("%Y-%m"), first, last


def used_bytes(session: Session, school_id: str, first: date, last: date) -> int:
    """The bytes of the school's photos taken from ``first`` to ``last``."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Photo.size), 0)).where(
                Photo.school_id == school_id,
                Photo.deleted.is_(False),
                Photo.taken_on >= first,
                Photo.taken_on <= last,
            )
        )
        or 0
    )


def store(
    session: Session,
    actor: Actor,
    now: datetime,
    *,
    school_id: str,
    owner_kind: str,
    owner_id: str,
    scaled: tuple[bytes, int, int],
    taken_on: date,
    caption: str = "",
) -> str:
    """Add a downscaled photo in the caller's transaction (rights already checked);
    UserError when the term's photos would go over :data:`TERM_BUDGET_BYTES`."""
    data, width, height = scaled
    name, first, last = budget_window(session, school_id, taken_on)
    used = used_bytes(session, school_id, first, last)
    if used + len(data) > TERM_BUDGET_BYTES:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The photos of {term} already take {used} MB of the {budget} MB they may "
                "take (so that they still fit the bundle sent to the township): remove "
                "some photos of this term first.",
            ),
            {"term": name, "used": f"{used / _MB:.1f}", "budget": f"{TERM_BUDGET_BYTES / _MB:.1f}"},
        )
    photo = Photo(
        school_id=school_id,
        owner_kind=owner_kind,
        owner_id=owner_id,
        taken_on=taken_on,
        caption=caption.strip()[:CAPTION_LENGTH],
        width=width,
        height=height,
        size=len(data),
        data=data,
    )
    session.add(photo)
    session.flush()
    audit.append(
        session,
        actor=actor.username,
        action="photo_added",
        now=now,
        object_type="photo",
        object_id=photo.id,
        detail={"owner_kind": owner_kind, "owner_id": owner_id, "size": len(data)},
    )
    return photo.id


def tombstone_photos(session: Session, owner_kind: str, owner_ids: Sequence[str]) -> int:
    """Mark the photos of these owners deleted (when the owner is deleted); how many."""
    if not owner_ids:
        return 0
    photos = list(
        session.scalars(
            select(Photo).where(
                Photo.owner_kind == owner_kind,
                Photo.owner_id.in_(list(owner_ids)),
                Photo.deleted.is_(False),
            )
        )
    )
    for photo in photos:
        photo.deleted = True
    session.flush()
    return len(photos)


def photo_ids(session: Session, owner_kind: str, owner_id: str) -> tuple[str, ...]:
    """The ids of an owner's photos, oldest first."""
    return tuple(
        session.scalars(
            select(Photo.id)
            .where(
                Photo.owner_kind == owner_kind,
                Photo.owner_id == owner_id,
                Photo.deleted.is_(False),
            )
            .order_by(Photo.taken_on, Photo.created_at, Photo.id)
        )
    )


class PhotoService:
    """Adding, showing and removing photos (see the module)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    # --- rights --------------------------------------------------------------------

    def _enforce(self, actor: Actor, owner_kind: str, *, write: bool) -> None:
        """The role's right for photos of that kind (checked before any transaction:
        a refusal is audited in a transaction of its own)."""
        if owner_kind == "activity":
            enforce(self._db, actor, RECORD_ACTIVITIES if write else VIEW_ACTIVITIES, self._now)
        elif owner_kind == "growth":
            enforce(self._db, actor, RECORD_GROWTH if write else VIEW_CHILD_RECORD, self._now)
        else:
            raise ValueError(f"unknown photo owner kind {owner_kind!r}")

    @staticmethod
    def _owner(session: Session, actor: Actor, owner_kind: str, owner_id: str) -> tuple[str, date]:
        """The owner's school and day; UserError when it was removed or, for a growth
        entry, its child is outside the actor's scope."""
        if owner_kind == "activity":
            activity = session.get(Activity, owner_id)
            if activity is None or activity.deleted:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This activity is no longer in the plan (it was removed): refresh "
                        "the list.",
                    )
                )
            return activity.school_id, activity.held_on or activity.starts_on
        entry = session.get(GrowthEntry, owner_id)
        if entry is None or entry.deleted:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "This entry of the growth record was removed: refresh the record.",
                )
            )
        child = child_in_scope(session, actor, entry.child_id)
        return child.school_id, entry.on

    def _photo(self, actor: Actor, photo_id: str, *, write: bool) -> None:
        """Check the actor's rights on the photo's owner (a transaction of its own)."""
        with self._db.session_scope(actor.username) as session:
            kind = session.scalar(
                select(Photo.owner_kind).where(Photo.id == photo_id, Photo.deleted.is_(False))
            )
        if kind is None:
            raise _photo_removed()
        self._enforce(actor, kind, write=write)

    @classmethod
    def _photo_row(cls, session: Session, actor: Actor, photo_id: str) -> Photo:
        photo = session.get(Photo, photo_id)
        if photo is None or photo.deleted:
            raise _photo_removed()
        cls._owner(session, actor, photo.owner_kind, photo.owner_id)
        return photo

    # --- reading -------------------------------------------------------------------

    def photos(self, actor: Actor, owner_kind: str, owner_id: str) -> list[PhotoInfo]:
        """The owner's photos, oldest first, without their data."""
        self._enforce(actor, owner_kind, write=False)
        with self._db.session_scope(actor.username) as session:
            self._owner(session, actor, owner_kind, owner_id)
            rows = session.execute(
                select(
                    Photo.id,
                    Photo.owner_kind,
                    Photo.owner_id,
                    Photo.taken_on,
                    Photo.caption,
                    Photo.width,
                    Photo.height,
                    Photo.size,
                )
                .where(
                    Photo.owner_kind == owner_kind,
                    Photo.owner_id == owner_id,
                    Photo.deleted.is_(False),
                )
                .order_by(Photo.taken_on, Photo.created_at, Photo.id)
            ).all()
        return [PhotoInfo(*row) for row in rows]

    def data(self, actor: Actor, photo_id: str) -> bytes:
        """The photo's JPEG."""
        self._photo(actor, photo_id, write=False)
        with self._db.session_scope(actor.username) as session:
            return bytes(self._photo_row(session, actor, photo_id).data)

    def thumbnail(self, actor: Actor, photo_id: str, side: int = 160) -> bytes:
        """A JPEG of the photo at most ``side`` pixels a side."""
        return thumbnail_of(self.data(actor, photo_id), side)

    def term_usage(self, actor: Actor, term_name: str) -> tuple[int, int]:
        """The bytes the school's photos of the term take, and the budget."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            term = term_named(session, school_id, term_name)
            return used_bytes(session, school_id, term.starts_on, term.ends_on), TERM_BUDGET_BYTES

    # --- writing -------------------------------------------------------------------

    def add(
        self,
        actor: Actor,
        owner_kind: str,
        owner_id: str,
        data: bytes,
        caption: str = "",
        taken_on: date | None = None,
    ) -> str:
        """Downscale and add a photo to an activity or a growth entry; returns its id.
        ``taken_on`` defaults to the owner's day (an activity: the day it was held)."""
        self._enforce(actor, owner_kind, write=True)
        now = self._now()
        today = local_date(now)
        if taken_on is not None:
            check_day(taken_on, today)
        scaled = downscale(data)
        with self._db.session_scope(actor.username) as session:
            school_id, owner_day = self._owner(session, actor, owner_kind, owner_id)
            return store(
                session,
                actor,
                now,
                school_id=school_id,
                owner_kind=owner_kind,
                owner_id=owner_id,
                scaled=scaled,
                taken_on=taken_on or min(owner_day, today),
                caption=caption,
            )

    def delete(self, actor: Actor, photo_id: str) -> None:
        """Remove a photo (a tombstone)."""
        self._photo(actor, photo_id, write=True)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            photo = self._photo_row(session, actor, photo_id)
            photo.deleted = True
            audit.append(
                session,
                actor=actor.username,
                action="photo_deleted",
                now=now,
                object_type="photo",
                object_id=photo.id,
                detail={"owner_kind": photo.owner_kind, "owner_id": photo.owner_id},
            )
