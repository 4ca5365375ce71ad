"""The sync page: three clicks to a checked bundle on the stick, the pairing buttons, a
changed key to accept, and the township's stick-after-stick import from its page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import SyncBundleLog, SyncPeer
from liushou_desktop.domain.sync_bundles import BundleService
from liushou_desktop.domain.sync_peers import PeerService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.sync import SyncPage
from liushou_desktop.gui.sync_dialogs import ExportDialog
from liushou_desktop.gui.sync_import import StickImportDialog
from liushou_desktop.sync.bundle_format import inspect_bundle
from liushou_desktop.sync.identity import generate_identity, pairing_file_bytes
from tests.gui.test_sync_dialogs import (
    ADMIN,
    TA,
    WAIT_MS,
    World,
    count,
    drives,
    shot,
)
from tests.helpers import FakeClock

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def world(tmp_path: Path, clock: FakeClock) -> Iterator[World]:
    made = World(tmp_path, clock)
    yield made
    made.close()


class Clicks:
    """Counts the clicks a test makes on real buttons."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.n = 0

    def __call__(self, widget: Any) -> None:
        self.n += 1
        self.qtbot.mouseClick(widget, LEFT)


def _page(qtbot: Any, db: Database, actor: Any, world: World) -> SyncPage:
    page = SyncPage(db, actor, world.clock)
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    return page


def test_school_writes_the_bundle_in_three_clicks_and_is_told_to_pull_the_stick(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = world.school("5205261001", "阳光小学", 3)
    stick = world.root / "U盘"
    stick.mkdir()
    drives(monkeypatch, stick)
    page = _page(qtbot, school, ADMIN, world)
    assert "XCZ" in page.pairing_label.text()
    click = Clicks(qtbot)
    click.n = 1  # the main window's "Sync" entry, which the lead wires to this page
    click(page.main_button)
    dialog = page.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert dialog.drive_list.currentRow() == 0  # the only stick is preselected
    assert dialog.chosen_folder() == stick
    assert dialog.write_button.isDefault()
    with qtbot.waitSignal(dialog.written, timeout=WAIT_MS):
        click(dialog.write_button)
    assert click.n == 3
    done = QCoreApplication.translate(
        "ExportDialog", "Written and checked: you can pull out the USB stick now."
    )
    assert dialog.result_label.isVisible() and dialog.result_label.text() == done
    assert dialog.hint.isVisible() and not dialog.write_button.isVisible()
    (written,) = list(stick.glob("*.lsb"))
    header = inspect_bundle(written)
    assert (header.sender, header.recipient) == ("5205261001", "XCZ")
    assert not list(stick.glob("*.tmp"))
    with school.session_scope("t") as session:
        (log,) = session.scalars(select(SyncBundleLog)).all()
        assert (log.direction, log.recipient) == ("out", "XCZ")
    shot(dialog, "export-done")
    click(dialog.close_button)
    qtbot.waitUntil(lambda: page.log_model.rowCount() == 1)  # listed once the dialog closed
    # the township takes it in: the bundle on the stick is whole
    BundleService(world.township, world.clock).import_bundle(TA, written)
    assert count(world.township, SyncBundleLog) == 1


def test_export_error_is_shown_in_words_and_says_nothing_about_pulling(
    qtbot: Any, app: Any, school_db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = world.root / "stick"
    stick.mkdir()
    drives(monkeypatch, stick)
    shown: list[Exception] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, exc: shown.append(exc))
    page = _page(qtbot, school_db, ADMIN, world)  # a school that never paired
    assert not page.pairing_label.text().startswith("Paired")
    qtbot.mouseClick(page.main_button, LEFT)
    dialog = page.dialog
    with qtbot.waitSignal(dialog.exportFailed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.write_button, LEFT)
    assert len(shown) == 1 and "pair" in shown[0].message.lower()
    assert not dialog.result_label.isVisible() and dialog.write_button.isEnabled()
    assert list(stick.iterdir()) == []


def test_without_a_stick_the_dialog_says_what_to_do_and_other_folder_works(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = world.school("5205261001", "阳光小学", 1)
    drives(monkeypatch)  # no drive at all
    dialog = ExportDialog(school, ADMIN, world.clock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.drive_list.count() == 0 and not dialog.write_button.isEnabled()
    assert dialog.status.text()
    folder = world.root / "其他文件夹"
    folder.mkdir()
    monkeypatch.setattr(dialogs, "choose_folder", lambda _parent, _title: folder)
    qtbot.mouseClick(dialog.folder_button, LEFT)
    assert dialog.chosen_folder() == folder and dialog.write_button.isEnabled()
    with qtbot.waitSignal(dialog.written, timeout=WAIT_MS):
        qtbot.keyClick(dialog.drive_list, Qt.Key.Key_Return)  # Enter = the default, 写入
    assert len(list(folder.glob("*.lsb"))) == 1


def test_school_imports_the_pairing_file_from_the_page(
    qtbot: Any, app: Any, school_db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, school_db, ADMIN, world)
    assert page.pair_button.isVisible()
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *_args: world.pairing)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _title, text: told.append(text))
    qtbot.mouseClick(page.pair_button, LEFT)
    fingerprint = PeerService(world.township).identity().public().fingerprint
    assert told and fingerprint in told[0] and "新场镇" in told[0]
    with school_db.session_scope("t") as session:
        assert session.get(SyncPeer, "XCZ").fingerprint == fingerprint
    assert fingerprint in page.pairing_label.text()
    own = PeerService(school_db).identity().public().fingerprint
    assert own in page.pairing_label.text()  # read out when the township asks


def test_township_exports_the_pairing_file(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, world.township, TA, world)
    target = world.root / "stick" / "配对"
    target.parent.mkdir()
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_args: target)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _title, text: told.append(text))
    qtbot.mouseClick(page.pair_button, LEFT)
    written = target.with_suffix(".json")
    assert written.exists() and told and str(written) in told[0]


def test_a_changed_key_shows_a_banner_and_is_accepted_after_asking(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = world.school("5205261001", "阳光小学", 1)
    new_file = world.root / "新的配对文件.json"
    new_file.write_bytes(pairing_file_bytes(generate_identity("XCZ", "新场镇", "township")))
    with pytest.raises(Exception):  # noqa: B017 (refused, the key kept as pending)
        PeerService(school, world.clock).import_pairing(ADMIN, new_file)
    page = _page(qtbot, school, ADMIN, world)
    (banner,) = page.findChildren(type(page.pairing_label.parent()), "syncKeyBanner")
    peer = PeerService(school).schools(ADMIN)[0]
    assert peer.key_pending
    labels = " ".join(w.text() for w in banner.findChildren(type(page.pairing_label)))
    assert peer.fingerprint in labels and peer.pending_fingerprint in labels
    shot(page, "school-key-banner")
    answers = iter([False, True])
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_args: next(answers))
    button = banner.findChild(type(page.pair_button), "syncAcceptKey")
    qtbot.mouseClick(button, LEFT)  # "No": nothing changes
    assert PeerService(school).schools(ADMIN)[0].key_pending
    qtbot.mouseClick(button, LEFT)
    after = PeerService(school).schools(ADMIN)[0]
    assert not after.key_pending and after.fingerprint == peer.pending_fingerprint
    qtbot.waitUntil(lambda: not page.findChildren(type(banner), "syncKeyBanner"))


def test_township_page_opens_the_stick_import_and_lists_what_came_in(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = world.school("5205261001", "阳光小学", 2)
    stick = world.root / "stick"
    world.export(school, stick)
    drives(monkeypatch, stick)
    page = _page(qtbot, world.township, TA, world)
    assert page.township and page.file_button.isVisible()
    qtbot.mouseClick(page.main_button, LEFT)
    dialog = page.dialog
    assert isinstance(dialog, StickImportDialog)
    with qtbot.waitSignal(dialog.stickDone, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.take_button, LEFT)
    qtbot.mouseClick(dialog.finish_button, LEFT)
    qtbot.waitUntil(lambda: page.log_model.rowCount() == 1)
    assert "阳光小学" in page.log_model.cell(page.log_model.rows[0], 2)
    shot(page, "township-page")


def test_a_class_teacher_sees_the_page_but_cannot_sync(qtbot: Any, app: Any, world: World) -> None:
    school = world.school("5205261001", "阳光小学", 1)
    from liushou_desktop.domain.permissions import Actor

    teacher = Actor(username="t1", role="class_teacher")
    page = _page(qtbot, school, teacher, world)
    assert not page.main_button.isEnabled() and page.not_allowed.isVisible()
    assert not page.pair_button.isVisible()


def test_township_writes_receipts_and_the_school_imports_its_receipt(
    qtbot: Any, app: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = world.school("5205261001", "阳光小学", 2)
    bundle = world.export(school, world.root / "stick-in")
    BundleService(world.township, world.clock).import_bundle(TA, bundle)
    stick = world.root / "stick-back"
    stick.mkdir()
    drives(monkeypatch, stick)
    township_page = _page(qtbot, world.township, TA, world)
    qtbot.mouseClick(township_page.receipt_button, LEFT)
    export = township_page.dialog
    assert isinstance(export, ExportDialog) and not export.full_box.isVisible()
    with qtbot.waitSignal(export.written, timeout=WAIT_MS):
        qtbot.mouseClick(export.write_button, LEFT)
    (receipt,) = list(stick.glob("*.lsb"))
    assert inspect_bundle(receipt).recipient == "5205261001"

    page = _page(qtbot, school, ADMIN, world)
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *_args: receipt)
    qtbot.mouseClick(page.receipt_button, LEFT)
    preview = page.dialog
    qtbot.waitUntil(lambda: preview.import_button.isEnabled(), timeout=WAIT_MS)
    with school.session_scope("t") as session:
        assert session.get(SyncPeer, "XCZ").acked_clock == 0  # the dry run wrote nothing
    with qtbot.waitSignal(preview.imported, timeout=WAIT_MS):
        qtbot.mouseClick(preview.import_button, LEFT)
    with school.session_scope("t") as session:
        assert session.get(SyncPeer, "XCZ").acked_clock > 0
