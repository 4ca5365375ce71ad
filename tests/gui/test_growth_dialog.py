"""成长档案: a child's timeline; entries with photos are added, shared, changed, deleted."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import GrowthEntry, Photo
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.growth import GrowthForm, GrowthService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.growth_dialog import GrowthDialog
from liushou_desktop.gui.growth_entry_dialog import GrowthEntryDialog
from liushou_desktop.gui.photo_strip import PhotoStrip
from tests.helpers import FakeClock

TODAY = date(2026, 11, 20)


def now() -> datetime:
    return datetime.combine(TODAY, time(4))


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    clock.value = now()
    DemoService(school_db, clock).add_children(12, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


@pytest.fixture
def child_id(demo_db: Database, admin: Actor) -> str:
    return ChildrenService(demo_db, now).list_active(admin)[0].id


def jpeg(path: Path, color: str = "orange", size: tuple[int, int] = (2000, 1500)) -> Path:
    """A camera-sized photo: the service must scale it down."""
    Image.new("RGB", size, color).save(path, "JPEG")
    return path


def entries(db: Database, child_id: str) -> list[GrowthEntry]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(GrowthEntry).where(
                    GrowthEntry.child_id == child_id, GrowthEntry.deleted.is_(False)
                )
            )
        )


def photos(db: Database, owner_id: str) -> list[Photo]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(Photo).where(Photo.owner_id == owner_id, Photo.deleted.is_(False))
            )
        )


def open_dialog(qtbot: Any, db: Database, actor: Actor, child_id: str) -> GrowthDialog:
    dialog = GrowthDialog(db, actor, child_id, now=now)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_entry_with_a_photo_is_added(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    admin: Actor,
    child_id: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    picture = jpeg(tmp_path / "award.jpg")
    chosen: list[str] = []

    def choose(_parent: Any, _title: str, name_filter: str) -> Path:
        chosen.append(name_filter)
        return picture

    monkeypatch.setattr(dialogs, "choose_open_file", choose)
    timeline = open_dialog(qtbot, demo_db, admin, child_id)
    before = {e.id for e in entries(demo_db, child_id)}
    timeline.add_button.click()
    entry = timeline.entry_dialog
    assert isinstance(entry, GrowthEntryDialog)
    qtbot.waitExposed(entry)
    entry.activateWindow()
    qtbot.waitUntil(entry.isActiveWindow)
    assert entry.on.text() == TODAY.isoformat() and entry.title.hasFocus()
    entry.kind.setCurrentIndex(entry.kind.findData("award"))
    entry.title.setText("校运会 800 米第二名")
    entry.text.setPlainText("坚持到了最后。")
    entry.shared.setChecked(True)
    assert entry.photos.add_button.isEnabled()  # kept until the entry is saved
    assert entry.photos.add_photo()
    assert chosen and "*.jpg" in chosen[0]
    assert len(entry.photos.pending()) == 1 and entry.photos.list.count() == 1
    qtbot.keyClick(entry.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    [new] = [e for e in entries(demo_db, child_id) if e.id not in before]
    assert new.kind == "award" and new.title == "校运会 800 米第二名" and new.shared
    assert new.on == TODAY and new.text == "坚持到了最后。"
    [photo] = photos(demo_db, new.id)
    assert photo.owner_kind == "growth" and max(photo.width, photo.height) <= 1280
    assert photo.size == len(photo.data) < picture.stat().st_size
    # the timeline shows the new entry first (newest first), selected, with its photo
    assert timeline.entries[0].id == new.id and timeline.selected_id() == new.id
    assert timeline.entries[0].photo_ids == (photo.id,)
    assert timeline.share_button.text() != ""


def test_sharing_is_toggled_and_the_filters_work(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, child_id: str
) -> None:
    service = GrowthService(demo_db, now)
    note = service.add(admin, child_id, GrowthForm(on=date(2026, 11, 2), kind="note", title="笔记"))
    test = service.add(
        admin, child_id, GrowthForm(on=date(2026, 11, 9), kind="test", title="数学 92 分")
    )
    timeline = open_dialog(qtbot, demo_db, admin, child_id)
    ids = [e.id for e in timeline.entries]
    assert ids.index(test) < ids.index(note)  # newest first
    timeline.list.setCurrentRow(ids.index(note))
    assert timeline.selected_id() == note
    shared_text = timeline.share_button.text()
    timeline.share_button.click()
    assert next(e for e in entries(demo_db, child_id) if e.id == note).shared
    assert timeline.selected_id() == note and timeline.share_button.text() != shared_text

    timeline.shared_only.setChecked(True)
    assert note in {e.id for e in timeline.entries}
    assert all(e.shared for e in timeline.entries) and test not in {e.id for e in timeline.entries}
    timeline.shared_only.setChecked(False)
    timeline.kind_filter.setCurrentIndex(timeline.kind_filter.findData("test"))
    assert {e.kind for e in timeline.entries} == {"test"}
    timeline.kind_filter.setCurrentIndex(0)

    timeline.list.setCurrentRow([e.id for e in timeline.entries].index(note))
    timeline.share_button.click()  # take the mark back
    assert not next(e for e in entries(demo_db, child_id) if e.id == note).shared


def test_an_entry_is_changed_its_photos_edited_and_deleted(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    admin: Actor,
    child_id: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    data = io.BytesIO()
    Image.new("RGB", (640, 480), "skyblue").save(data, "JPEG")
    service = GrowthService(demo_db, now)
    entry_id = service.add(
        admin,
        child_id,
        GrowthForm(on=date(2026, 11, 9), kind="good_news", title="喜报"),
        photos=[data.getvalue()],
    )
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *_a: jpeg(tmp_path / "b.jpg", "red"))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True)
    timeline = open_dialog(qtbot, demo_db, admin, child_id)
    timeline.list.setCurrentRow([e.id for e in timeline.entries].index(entry_id))
    editing = timeline.edit_entry()
    assert editing is not None and editing.title.text() == "喜报"
    assert editing.photos.owner_id == entry_id and editing.photos.list.count() == 1
    assert editing.photos.add_photo()  # an existing entry: saved at once
    assert len(photos(demo_db, entry_id)) == 2
    assert len(timeline.selected().photo_ids) == 2  # the card follows
    editing.photos.list.setCurrentRow(0)
    assert editing.photos.remove_photo()
    assert len(photos(demo_db, entry_id)) == 1
    viewer = editing.photos.show_large(editing.photos.list.item(0))
    assert viewer is not None and not viewer.picture.pixmap().isNull()
    viewer.close()
    editing.title.setText("期中考试年级第三名")
    assert editing.save()
    assert next(e for e in entries(demo_db, child_id) if e.id == entry_id).title == (
        "期中考试年级第三名"
    )

    timeline.list.setCurrentRow([e.id for e in timeline.entries].index(entry_id))
    assert timeline.delete_entry()
    assert asked and entry_id not in {e.id for e in entries(demo_db, child_id)}
    assert entry_id not in {e.id for e in timeline.entries}


def test_a_full_photo_budget_is_explained(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    admin: Actor,
    child_id: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    entry_id = GrowthService(demo_db, now).add(
        admin, child_id, GrowthForm(on=date(2026, 11, 9), kind="note", title="记录")
    )
    strip = PhotoStrip(demo_db, admin, "growth", now=now)
    qtbot.addWidget(strip)
    assert not strip.add_button.isEnabled() and strip.note.text()  # no owner yet
    strip.set_owner(entry_id)
    assert strip.add_button.isEnabled()

    def full(*_a: Any, **_k: Any) -> str:
        raise UserError(
            "The photos of this term use {used} MB of {budget} MB.", {"used": 50, "budget": 50}
        )

    monkeypatch.setattr(strip.service, "add", full)
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *_a: jpeg(tmp_path / "c.jpg"))
    errors: list[Exception] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(exc))
    assert strip.add_photo() is False
    assert errors and photos(demo_db, entry_id) == []

    # a file that is not a picture is explained too
    broken = tmp_path / "not-a-photo.jpg"
    broken.write_bytes(b"hello")
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *_a: broken)
    fresh = PhotoStrip(demo_db, admin, "growth", hold_pending=True, now=now)
    qtbot.addWidget(fresh)
    assert fresh.add_photo() is False and len(errors) == 2 and fresh.pending() == []


def test_the_terms_growth_record_is_printed_through_the_preview(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    admin: Actor,
    child_id: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from liushou_desktop.gui import document_preview

    GrowthService(demo_db, now).add(
        admin, child_id, GrowthForm(on=date(2026, 11, 9), kind="award", title="三好学生")
    )
    made: list[tuple[str, Any]] = []
    monkeypatch.setattr(
        document_preview,
        "preview_and_print",
        lambda _parent, _title, stem, make, **_kw: made.append((stem, make)),
    )
    timeline = open_dialog(qtbot, demo_db, admin, child_id)
    timeline.print_button.click()
    [(stem, make)] = made
    assert stem.startswith("成长档案-") and stem.endswith("2026-2027-1")  # the term of today
    out = tmp_path / "growth.pdf"
    outcome = make(out, False)
    assert out.read_bytes().startswith(b"%PDF") and outcome.pages >= 1
