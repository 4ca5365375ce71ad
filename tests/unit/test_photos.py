"""Photos: downscaled upright JPEGs, refused non-pictures, the term's budget, rights."""

from __future__ import annotations

import io
import json
import random
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, AuditEntry, GrowthEntry, Photo
from liushou_desktop.domain import photos, vocab
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.photos import MAX_BYTES, MAX_SIDE, PhotoService, downscale
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock
from tests.unit.test_family_contact import ADMIN, Small, make_small

INSPECTOR = Actor("i", vocab.ROLE_INSPECTOR)


@pytest.fixture
def small(school_db: Database) -> Small:
    return make_small(school_db)


def jpeg(image: Image.Image, **kw: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **kw)
    return out.getvalue()


def noisy(width: int, height: int, seed: int = 0) -> Image.Image:
    return Image.frombytes(
        "RGB", (width, height), random.Random(seed).randbytes(width * height * 3)
    )


def small_photo(seed: int = 0) -> bytes:
    return jpeg(noisy(300, 200, seed), quality=95)


def activity(
    db: Database, small: Small, term_id: str | None = None, day: date = date(2026, 10, 9)
) -> str:
    with db.session_scope("test") as session:
        row = Activity(school_id=small.school, term_id=term_id or small.autumn, kind="reading",
                       title="读书节", starts_on=day, ends_on=day)  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def growth_entry(db: Database, child_id: str, on: date = date(2026, 10, 9)) -> str:
    with db.session_scope("test") as session:
        row = GrowthEntry(child_id=child_id, on=on, kind="photo", title="运动会")
        session.add(row)
        session.flush()
        return row.id


def test_a_large_noisy_photo_ends_small_enough() -> None:
    data, width, height = downscale(jpeg(noisy(4000, 3000), quality=95))
    assert len(data) <= MAX_BYTES == 250_000
    assert max(width, height) <= MAX_SIDE == 1280
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (width, height))
    assert width / height == pytest.approx(4 / 3, rel=0.01)


def test_a_photo_turned_by_its_exif_comes_out_upright() -> None:
    stored = Image.new("RGB", (400, 200), "black")
    stored.paste((255, 0, 0), (0, 0, 200, 200))  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise: the left half on top
    data, width, height = downscale(jpeg(stored, exif=exif.tobytes()))
    assert (width, height) == (200, 400)
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get(0x0112) in (None, 1)
        top, bottom = image.getpixel((100, 50)), image.getpixel((100, 350))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[1] < 60
    assert bottom[0] < 60


def test_a_transparent_png_becomes_rgb_on_white() -> None:
    image = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    data, width, height = downscale(out.getvalue())
    with Image.open(io.BytesIO(data)) as result:
        assert result.mode == "RGB" and (width, height) == (50, 40)
        pixel = result.getpixel((25, 20))
    assert isinstance(pixel, tuple) and min(pixel) > 240


def test_a_text_file_and_a_huge_picture_are_refused() -> None:
    with pytest.raises(UserError, match="not a picture"):
        downscale("孩子的作文\n".encode())
    with pytest.raises(UserError, match="not a picture"):
        downscale(jpeg(noisy(40, 40))[:200])  # cut short
    huge = io.BytesIO()
    Image.new("1", (8000, 6000)).save(huge, "PNG")  # 48 megapixels
    with pytest.raises(UserError, match="40 megapixels"):
        downscale(huge.getvalue())


def test_adding_listing_and_removing_an_activity_photo(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = PhotoService(school_db, clock)
    owner = activity(school_db, small)
    photo_id = service.add(small.mentor("wang"), "activity", owner, small_photo(), caption="读书")
    [info] = service.photos(INSPECTOR, "activity", owner)
    assert (info.id, info.owner_kind, info.owner_id, info.taken_on, info.caption) == (
        photo_id, "activity", owner, date(2026, 10, 9), "读书",
    )  # fmt: skip
    assert (info.width, info.height) == (300, 200)
    data = service.data(ADMIN, photo_id)
    assert info.size == len(data) <= MAX_BYTES
    with Image.open(io.BytesIO(service.thumbnail(ADMIN, photo_id, side=100))) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 100
    with pytest.raises(PermissionDenied):
        service.add(INSPECTOR, "activity", owner, small_photo())
    with pytest.raises(PermissionDenied):
        service.delete(INSPECTOR, photo_id)
    service.delete(ADMIN, photo_id)
    assert service.photos(ADMIN, "activity", owner) == []
    with school_db.session_scope("test") as session:
        assert session.get(Photo, photo_id).deleted  # type: ignore[union-attr]
        actions = session.execute(
            select(AuditEntry.action, AuditEntry.detail).where(AuditEntry.object_id == photo_id)
        ).all()
    assert [a for a, _ in actions] == ["photo_added", "photo_deleted"]
    assert json.loads(actions[1][1]) == {"owner_kind": "activity", "owner_id": owner}
    assert "读书" not in actions[0][1]
    with pytest.raises(UserError, match="removed"):
        service.data(ADMIN, photo_id)


def test_growth_photos_need_the_child_in_scope(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = PhotoService(school_db, clock)
    entry = growth_entry(school_db, small.hong)
    with pytest.raises(UserError, match="not open to your account"):
        service.add(small.mentor("wang"), "growth", entry, small_photo())
    photo_id = service.add(
        small.mentor("li"), "growth", entry, small_photo(), taken_on=date(2026, 10, 31)
    )
    with pytest.raises(UserError, match="not open to your account"):
        service.data(small.mentor("wang"), photo_id)
    with pytest.raises(UserError, match="in the future"):
        service.add(ADMIN, "growth", entry, small_photo(), taken_on=date(2026, 11, 3))
    assert [p.taken_on for p in service.photos(small.class_teacher("li"), "growth", entry)] == [
        date(2026, 10, 31)
    ]


def test_the_terms_budget_refuses_a_photo_over_it(
    school_db: Database, clock: FakeClock, small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = PhotoService(school_db, clock)
    autumn = activity(school_db, small)
    spring = activity(school_db, small, small.spring, date(2026, 5, 20))
    first = service.add(ADMIN, "activity", autumn, small_photo(1))
    size = service.photos(ADMIN, "activity", autumn)[0].size
    monkeypatch.setattr(photos, "TERM_BUDGET_BYTES", size + 100)
    assert service.term_usage(ADMIN, "2026-2027-1") == (size, size + 100)
    with pytest.raises(UserError, match=r"photos of 2026-2027-1 already take") as caught:
        service.add(ADMIN, "activity", autumn, small_photo(2))
    assert caught.value.params == {
        "term": "2026-2027-1",
        "used": f"{size / 1e6:.1f}",
        "budget": f"{(size + 100) / 1e6:.1f}",
    }
    service.add(ADMIN, "activity", spring, small_photo(3))  # another term: its own budget
    assert service.term_usage(ADMIN, "2025-2026-2")[0] > 0
    service.delete(ADMIN, first)  # room again
    service.add(ADMIN, "activity", autumn, small_photo(2))
    with pytest.raises(UserError, match="校历"):
        service.term_usage(ADMIN, "2030-2031-1")
    with school_db.session_scope("test") as session:
        assert len(session.scalars(select(Photo).where(Photo.deleted.is_(False))).all()) == 2
