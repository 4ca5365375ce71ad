"""The sync dialogs with the real services: a township and schools paired through pairing
files, real bundles written to folders standing in for USB sticks (LIUSHOU_TEST_DRIVES),
the township's stick-after-stick import, the one-file preview and the conflicts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from sqlalchemy import func, select

from liushou_desktop.db.database import Database, open_database
from liushou_desktop.db.models import Child, MergeConflict, SyncBundleLog, SyncPeer
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.domain.sync_bundles import BundleService
from liushou_desktop.domain.sync_peers import PeerService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.conflicts_dialog import ConflictsDialog
from liushou_desktop.gui.sync_import import StickImportDialog
from liushou_desktop.gui.sync_preview import ImportPreviewDialog
from liushou_desktop.paths import DataDir
from tests.helpers import SCHOOL, FakeClock

WAIT_MS = 60_000  # a ceiling for a slow machine, not a timing check
SHOTS = Path("/tmp/gui8-sync")
TOWNSHIP = replace(SCHOOL, role="township", name="新场镇", code="XCZ")
ADMIN = Actor(username="admin", role="admin")
TA = Actor(username="admin", role="township_admin")


def shot(widget: Any, name: str) -> None:
    """Save a picture of ``widget`` for the report (the tests do not compare it)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


class World:
    """A township and the schools paired with it, each its own data dir."""

    def __init__(self, root: Path, clock: FakeClock) -> None:
        self.root = root
        self.clock = clock
        self.opened: list[Database] = []
        self.township = self._open("township", TOWNSHIP)
        self.pairing = root / "配对文件.json"
        PeerService(self.township, clock).export_pairing(TA, self.pairing)

    def _open(self, folder: str, request: Any) -> Database:
        db = open_database(DataDir(self.root / folder), now=self.clock)
        SetupService(db, self.clock).set_up(request, "t")
        self.opened.append(db)
        return db

    def school(self, code: str, name: str, children: int = 3) -> Database:
        """A school paired with the township, with ``children`` demo children."""
        db = self._open(code, replace(SCHOOL, code=code, name=name))
        PeerService(db, self.clock).import_pairing(ADMIN, self.pairing)
        DemoService(db, self.clock).add_children(children, "t")
        return db

    def export(self, school: Database, stick: Path) -> Path:
        """The school's bundle written to ``stick`` (a folder); its path."""
        stick.mkdir(parents=True, exist_ok=True)
        self.clock.value += timedelta(minutes=1)  # one file name per minute
        (result,) = BundleService(school, self.clock).export(ADMIN, stick)
        return result.path

    def close(self) -> None:
        for db in self.opened:
            db.close()


@pytest.fixture
def world(tmp_path: Path, clock: FakeClock) -> Iterator[World]:
    made = World(tmp_path, clock)
    yield made
    made.close()


def drives(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """The removable drives the dialogs see."""
    monkeypatch.setenv("LIUSHOU_TEST_DRIVES", os.pathsep.join(str(f) for f in folders))


def count(db: Database, model: Any) -> int:
    with db.session_scope("t") as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def tampered_copy(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[len(data) - 40] ^= 0x01  # a byte of the last encrypted chunk
    target.write_bytes(bytes(data))
    return target


def hobbies(session: Any, id_number: str) -> str:
    """The hobbies of the one child with ``id_number`` (a transfer is one child)."""
    (child,) = session.scalars(
        select(Child).where(Child.id_number == id_number, Child.deleted.is_(False))
    ).all()
    return str(child.hobbies)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


# --- the township takes in stick after stick ----------------------------------------


def test_three_bundles_on_two_sticks_and_a_tampered_file_give_one_summary(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = world.school("5205261001", "阳光小学", 2)
    b = world.school("5205261002", "希望小学", 3)
    c = world.school("5205261003", "红旗小学", 4)
    stick1, stick2 = world.root / "stick1", world.root / "stick2"
    from_a = world.export(a, stick1)
    world.export(b, stick1)
    world.export(c, stick2)
    tampered_copy(from_a, stick2 / "同步包-复制.lsb")

    drives(monkeypatch, stick1)
    dialog = StickImportDialog(world.township, TA, world.clock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.drive_combo.count() == 1 and dialog.take_button.isEnabled()
    with qtbot.waitSignal(dialog.stickDone, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    assert [(s.code, s.bundles, s.refused) for s in dialog.model.rows] == [
        ("5205261001", 1, 0),
        ("5205261002", 1, 0),
    ]
    assert dialog.next_button.isEnabled() and not dialog.take_button.isEnabled()

    drives(monkeypatch, stick2)  # the next stick goes in
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.take_button.isEnabled()
    with qtbot.waitSignal(dialog.stickDone, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    shot(dialog, "township-stick-summary")

    rows = {s.code: s for s in dialog.model.rows}
    assert set(rows) == {"5205261001", "5205261002", "5205261003"}
    assert (rows["5205261001"].bundles, rows["5205261001"].refused) == (1, 1)
    assert rows["5205261001"].reasons == ["tampered"]
    assert all(rows[code].new > 0 for code in rows)
    assert rows["5205261002"].name == "希望小学"
    refused_cell = dialog.model.cell(rows["5205261001"], 6)
    assert tr("SyncImport", "changed or damaged") in refused_cell
    totals = dialog.totals.text()
    assert "2" in totals and "3" in totals and "1" in totals
    assert [r.status for r in dialog.results].count("merged") == 3
    assert [r.status for r in dialog.results].count("refused") == 1
    assert dialog.refused_label.isVisible()
    assert "同步包-复制.lsb" in dialog.refused_label.text()
    # the database: three schools merged, their children there, the tampered file not logged
    assert count(world.township, SyncBundleLog) == 3
    assert count(world.township, Child) == 2 + 3 + 4
    with world.township.session_scope("t") as session:
        peers = session.scalars(select(SyncPeer).order_by(SyncPeer.code)).all()
        assert [(p.code, p.last_bundle_at is not None) for p in peers] == [
            ("5205261001", True),
            ("5205261002", True),
            ("5205261003", True),
        ]
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_same_stick_again_says_already_imported_and_changes_nothing(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = world.school("5205261001", "阳光小学", 2)
    stick = world.root / "stick"
    world.export(school, stick)
    drives(monkeypatch, stick)
    dialog = StickImportDialog(world.township, TA, world.clock)
    qtbot.addWidget(dialog)
    for _ in range(2):
        with qtbot.waitSignal(dialog.stickDone, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    (row,) = dialog.model.rows
    assert (row.bundles, row.already, row.refused) == (2, 1, 0)
    assert count(world.township, SyncBundleLog) == 1
    assert count(world.township, Child) == 2


def test_the_townships_own_receipts_left_on_a_stick_are_not_taken_in(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = world.school("5205261001", "阳光小学", 2)
    stick = world.root / "stick"
    BundleService(world.township, world.clock).import_bundle(TA, world.export(school, stick))
    (receipt,) = BundleService(world.township, world.clock).export(TA, stick, all_schools=True)
    DemoService(school, world.clock).add_children(1, "t")
    world.export(school, stick)  # the school's next bundle, on the same stick
    drives(monkeypatch, stick)
    dialog = StickImportDialog(world.township, TA, world.clock)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.stickDone, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    (row,) = dialog.model.rows
    assert (row.code, row.refused) == ("5205261001", 0)
    assert row.bundles == 2 and row.already == 1 and row.new > 0
    assert not dialog.refused_label.isVisible()
    assert dialog.status.text().endswith(
        tr(
            "StickImportDialog",
            "{n} files on it were written by this computer (for the schools) and were "
            "left as they are.",
        ).format(n=1)
    )
    assert receipt.path.is_file()
    assert count(world.township, Child) == 3


def test_a_stick_without_bundles_says_so(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = world.root / "empty"
    empty.mkdir()
    drives(monkeypatch, empty)
    dialog = StickImportDialog(world.township, TA, world.clock)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    assert ".lsb" in dialog.status.text() and dialog.sticks == 0
    assert dialog.take_button.isEnabled()


# --- one file, previewed --------------------------------------------------------------


@pytest.fixture
def conflicted(world: World) -> tuple[Path, Path, str]:
    """Two schools holding one child (a transfer, matched by ID number) who both changed
    the child's hobbies: (school A's bundle, school B's bundle, the child's ID number)."""
    a = world.school("5205261001", "阳光小学", 2)
    b = world.school("5205261002", "希望小学", 2)
    with a.session_scope("t") as session:
        first = session.scalars(select(Child).order_by(Child.id)).first()
        a_id, id_number = first.id, first.id_number
    with b.session_scope("t") as session:
        session.scalars(select(Child).order_by(Child.id)).first().id_number = id_number
    world.clock.value += timedelta(minutes=5)
    with a.session_scope("t") as session:
        session.get(Child, a_id).hobbies = "一校写的爱好"
    world.clock.value += timedelta(minutes=5)
    with b.session_scope("t") as session:
        session.scalars(
            select(Child).where(Child.id_number == id_number)
        ).one().hobbies = "二校写的爱好"
    stick = world.root / "stick"
    return world.export(a, stick), world.export(b, stick), id_number


def test_preview_shows_the_conflict_then_imports(
    qtbot: Any, app: Any, world: World, conflicted: tuple[Path, Path, str]
) -> None:
    first, second, id_number = conflicted
    BundleService(world.township, world.clock).import_bundle(TA, first)
    before = count(world.township, SyncBundleLog)
    dialog = ImportPreviewDialog(world.township, TA, second, world.clock)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        dialog.show()
    # the dry run wrote nothing
    assert count(world.township, SyncBundleLog) == before
    assert count(world.township, MergeConflict) == 0
    assert dialog.conflicts.isVisible() and dialog.conflicts_model.rowCount() == 1
    (conflict,) = dialog.conflicts_model.rows
    assert conflict.field == "hobbies"
    assert {conflict.kept, conflict.lost} == {"一校写的爱好", "二校写的爱好"}
    summary = dialog.summary.text()
    conflicts_line = tr("ImportPreviewDialog", "• {n} conflicts to review (listed below)")
    assert conflicts_line.format(n=1) in summary
    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    dialog.resize(1000, 560)
    shot(dialog, "import-preview-conflict")
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert count(world.township, SyncBundleLog) == before + 1
    assert count(world.township, MergeConflict) == 1
    assert not dialog.import_button.isVisible()
    with world.township.session_scope("t") as session:
        assert hobbies(session, id_number) == "二校写的爱好"


def test_preview_of_a_tampered_file_shows_the_reason_only(
    qtbot: Any, app: Any, world: World
) -> None:
    school = world.school("5205261001", "阳光小学", 2)
    bundle = world.export(school, world.root / "stick")
    bad = tampered_copy(bundle, world.root / "bad.lsb")
    dialog = ImportPreviewDialog(world.township, TA, bad, world.clock)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.refused, timeout=WAIT_MS) as blocker:
        dialog.show()
    assert "changed or damaged" in blocker.args[0] or "改动" in blocker.args[0]
    assert not dialog.import_button.isEnabled() and not dialog.conflicts.isVisible()
    assert count(world.township, SyncBundleLog) == 0 and count(world.township, Child) == 0


def test_an_imported_bundle_previews_as_nothing_new(qtbot: Any, app: Any, world: World) -> None:
    school = world.school("5205261001", "阳光小学", 2)
    bundle = world.export(school, world.root / "stick")
    BundleService(world.township, world.clock).import_bundle(TA, bundle)
    dialog = ImportPreviewDialog(world.township, TA, bundle, world.clock)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        dialog.show()
    assert not dialog.import_button.isEnabled()
    nothing_new = tr(
        "ImportPreviewDialog",
        "Nothing new: this bundle (or a newer one from the same sender) was already "
        "imported. Importing it again changes nothing.",
    )
    assert dialog.summary.text() == nothing_new


def test_a_school_previews_the_townships_notice_by_name(qtbot: Any, app: Any, world: World) -> None:
    from liushou_desktop.domain.township_sharing import SharingService

    school = world.school("5205261001", "阳光小学", 2)
    BundleService(world.township, world.clock).import_bundle(
        TA, world.export(school, world.root / "stick")
    )
    SharingService(world.township, world.clock).send_notice(TA, "期末档案核查", "请核对。")
    (world.root / "receipts").mkdir()
    (receipt,) = BundleService(world.township, world.clock).export(
        TA, world.root / "receipts", to="5205261001"
    )
    dialog = ImportPreviewDialog(school, ADMIN, receipt.path, world.clock)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=WAIT_MS):
        dialog.show()
    summary = dialog.summary.text()
    notices = tr("ImportPreviewDialog", "• {n} new notices from the township (on the home page)")
    assert notices.format(n=1) in summary
    assert tr("ImportPreviewDialog", "• {n} new records").format(n=1) not in summary


# --- the conflicts ---------------------------------------------------------------------


def test_conflicts_dialog_puts_back_the_overwritten_value(
    qtbot: Any,
    app: Any,
    world: World,
    conflicted: tuple[Path, Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second, id_number = conflicted
    service = BundleService(world.township, world.clock)
    service.import_bundle(TA, first)
    service.import_bundle(TA, second)
    dialog = ConflictsDialog(world.township, TA, world.clock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 1 and dialog.reverse_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True)
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.reverse_button, Qt.MouseButton.LeftButton)
    assert asked and "一校写的爱好" in asked[0]
    with world.township.session_scope("t") as session:
        assert hobbies(session, id_number) == "一校写的爱好"
        assert session.scalars(select(MergeConflict)).one().resolved_at is not None
    assert dialog.model.rowCount() == 0 and dialog.empty_label.isVisible()
    dialog.show_resolved.setChecked(True)
    assert dialog.model.rowCount() == 1 and not dialog.reverse_button.isEnabled()


def test_conflicts_dialog_keeps_the_value(
    qtbot: Any, app: Any, world: World, conflicted: tuple[Path, Path, str]
) -> None:
    first, second, id_number = conflicted
    service = BundleService(world.township, world.clock)
    service.import_bundle(TA, first)
    service.import_bundle(TA, second)
    dialog = ConflictsDialog(world.township, TA, world.clock)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    with world.township.session_scope("t") as session:
        assert hobbies(session, id_number) == "二校写的爱好"
        assert session.scalars(select(MergeConflict)).one().resolved_at is not None
    assert service.conflicts(TA) == []
