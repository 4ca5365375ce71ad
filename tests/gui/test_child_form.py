"""The child's record dialog and the children list's filters, driven with qtbot."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, ChildStatusChange, Guardian
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.child_form_data import PHOTO_MAX_BYTES
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import child_form, dialogs
from liushou_desktop.gui.child_form import ChildFormDialog, scale_photo
from liushou_desktop.gui.pages.children import ChildrenPage

GOOD_ID = make_id_number("520526", date(2016, 7, 1), 22)


@pytest.fixture(autouse=True)
def no_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing an edited dialog at teardown asks "discard changes?": answer yes."""
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *args: True)


@pytest.fixture
def admin(school_db: Database) -> Actor:
    DemoService(school_db).add_children(30, "t")
    return AccountService(school_db).sign_in("admin", "correct horse").actor()


@pytest.fixture
def service(school_db: Database) -> ChildrenService:
    return ChildrenService(school_db)


def dialog_for(qtbot, service: ChildrenService, actor: Actor, child_id: str | None = None):  # noqa: ANN001, ANN201
    dialog = ChildFormDialog(service, actor, child_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def field(dialog: ChildFormDialog, name: str) -> QLineEdit:
    widget = dialog.findChild(QLineEdit, "field_" + name)
    assert widget is not None
    return widget


def test_a_new_child_is_typed_saved_and_stored(app, qtbot, school_db, service, admin) -> None:  # noqa: ANN001
    dialog = dialog_for(qtbot, service, admin)
    field(dialog, "name").setText("孙 丽")
    field(dialog, "class_name").setText("一(1)班")
    field(dialog, "father_name").setText("孙大")
    qtbot.keyClicks(field(dialog, "father_phone"), "0566-8125908")
    qtbot.keyClicks(field(dialog, "birth_date"), "2016.7.1")
    assert dialog.is_edited()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_child_id is not None
    with school_db.session_scope("t") as session:
        child = session.get(Child, dialog.saved_child_id)
        assert child is not None and child.name == "孙丽" and child.birth_date == date(2016, 7, 1)
        assert child.school_class is not None and child.school_class.name == "一年级1班"
        father = session.scalars(
            select(Guardian).where(Guardian.family_id == child.family_id)
        ).one()
        assert (father.relation, father.phone) == ("father", "0566-8125908")


def test_a_bad_id_number_is_explained_next_to_its_field(app, qtbot, service, admin) -> None:  # noqa: ANN001
    dialog = dialog_for(qtbot, service, admin)
    dialog.tabs.setCurrentIndex(3)
    field(dialog, "name").setText("李四")
    qtbot.keyClicks(field(dialog, "id_number"), GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2"))
    qtbot.keyClicks(field(dialog, "mother_birth_date"), "2015.13.40")
    dialog.save_button.click()
    assert dialog.saved_child_id is None and dialog.isVisible()
    message = dialog.findChild(QLabel, "error_id_number")
    assert message is not None and message.isVisibleTo(dialog) and "校验位" in message.text()
    assert dialog.findChild(QLabel, "error_mother_birth_date").text()  # type: ignore[union-attr]
    assert dialog.tabs.currentIndex() == 0  # the first tab holding an error is shown
    field(dialog, "id_number").setText(GOOD_ID)
    field(dialog, "mother_birth_date").clear()
    dialog.save_button.click()
    assert dialog.saved_child_id is not None
    assert not dialog.findChild(QLabel, "error_id_number").text()  # type: ignore[union-attr]


def test_escape_asks_before_discarding_and_inspector_reads_only(
    app,
    qtbot,
    school_db,
    service,
    admin,
    monkeypatch,  # noqa: ANN001
) -> None:
    child_id = service.list_active(admin)[0].id
    dialog = dialog_for(qtbot, service, admin, child_id)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a: asked.append(a[1]) or False)
    field(dialog, "hobbies").setText("下棋")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()  # "no": stays open
    AccountService(school_db).create_account(
        admin, "insp", "检查", "inspector", password="pw 123456 x"
    )
    inspector = Actor(username="insp", role="inspector")
    view = dialog_for(qtbot, service, inspector, child_id)
    assert dialog.findChild(QWidget, "field_health") is not None
    assert view.save_button.isHidden() and field(view, "name").isReadOnly()
    assert view.findChild(QWidget, "field_health") is None  # no health tab for the inspector
    assert "*" in field(view, "id_number").text()


def test_duplicate_choice_opens_the_existing_record(
    app, qtbot, service, admin, monkeypatch
) -> None:  # noqa: ANN001
    first = service.new_form(admin)
    first.name, first.id_number, first.hobbies = "王五", GOOD_ID, "画画"
    existing = service.save(admin, first).child_id
    monkeypatch.setattr(child_form, "ask_duplicate", lambda parent, found: "open")
    dialog = dialog_for(qtbot, service, admin)
    field(dialog, "name").setText("王五")
    qtbot.keyClicks(field(dialog, "id_number"), GOOD_ID)
    field(dialog, "personality").setText("开朗")
    assert not dialog.save()
    assert (
        field(dialog, "hobbies").text() == "画画" and field(dialog, "personality").text() == "开朗"
    )
    assert dialog.save() and dialog.saved_child_id == existing


def test_status_change_shows_in_the_history(app, qtbot, school_db, service, admin) -> None:  # noqa: ANN001
    child_id = service.list_active(admin)[0].id
    dialog = dialog_for(qtbot, service, admin, child_id)
    assert dialog.change_status("transferred", date(2026, 11, 1), "转学")
    assert dialog.timeline_table is not None
    texts = [
        dialog.timeline_table.item(r, 1).text() for r in range(dialog.timeline_table.rowCount())
    ]
    assert any("转学" in t for t in texts)
    with school_db.session_scope("t") as session:
        assert session.scalars(select(ChildStatusChange.status)).one() == "transferred"


def test_photo_is_scaled_down_and_small(
    app, qtbot, tmp_path: Path, service, admin, monkeypatch
) -> None:  # noqa: ANN001
    image = QImage(2000, 1500, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 120, 40))
    for x in range(0, 2000, 10):  # a dotted pattern: harder to compress than a flat colour
        for y in range(0, 1500, 10):
            image.setPixelColor(x, y, QColor((x * y) % 255, (x + y) % 255, (x * 3) % 255))
    path = tmp_path / "big.png"
    assert image.save(str(path))
    data = scale_photo(str(path))
    assert data is not None and len(data) <= PHOTO_MAX_BYTES
    small = QImage.fromData(data)
    assert max(small.width(), small.height()) == 240 and small.width() == 240
    assert scale_photo(str(tmp_path / "missing.png")) is None
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *a: path)
    dialog = dialog_for(qtbot, service, admin, service.list_active(admin)[0].id)
    dialog.findChild(QPushButton, "choosePhotoButton").click()  # type: ignore[union-attr]
    assert dialog.save()
    form = service.editable(admin, dialog.saved_child_id or "")
    assert form.photo == data


def test_filters_change_the_rows_and_enter_opens(app, qtbot, service, admin, monkeypatch) -> None:  # noqa: ANN001
    page = ChildrenPage(service, admin)
    qtbot.addWidget(page)
    page.show()
    total = page.model.rowCount()
    assert total == 30 and page.actions_row.count() >= 2
    page.grade_filter.setCurrentIndex(1)
    by_grade = page.model.rowCount()
    assert 0 < by_grade < total
    page.class_filter.setCurrentIndex(1)
    assert 0 < page.model.rowCount() <= by_grade
    page.grade_filter.setCurrentIndex(0)
    page.class_filter.setCurrentIndex(0)
    page.incomplete_filter.setChecked(True)
    incomplete = page.model.rowCount()
    assert all(page.model.index(r, 7).data() for r in range(incomplete))
    page.incomplete_filter.setChecked(False)
    moved = page.model.row_at(0).id
    service.change_status(admin, moved, "graduated", date(2026, 7, 1))
    page.refresh()
    assert page.model.rowCount() == total - 1
    page.status_filter.setCurrentIndex(page.status_filter.findData("graduated"))
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == [moved]
    opened: list[str | None] = []

    class Fake:
        def __init__(self, child_id: str | None) -> None:
            opened.append(child_id)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(page, "form_dialog", Fake)
    page.activateWindow()
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.new_button.click()
    assert opened == [moved, None]


def test_a_sibling_shares_the_family_found_by_name(app, qtbot, school_db, service, admin) -> None:  # noqa: ANN001
    from liushou_desktop.gui.child_form_tabs import FamilyPicker

    sibling = next(r for r in service.list_active(admin) if r.guardian_name)
    picker = FamilyPicker(service, admin)
    qtbot.addWidget(picker)
    picker.query.setText(sibling.name)
    assert picker.results.count() >= 1
    picker._accept_item(picker.results.item(0))
    assert picker.chosen is not None
    dialog = dialog_for(qtbot, service, admin)
    field(dialog, "name").setText("新弟弟")
    dialog.link_family(sibling.id)
    assert field(dialog, "name").text() == "新弟弟"
    assert field(dialog, "address").text() == service.editable(admin, sibling.id).address
    assert dialog.save()
    with school_db.session_scope("t") as session:
        new = session.get(Child, dialog.saved_child_id)
        old = session.get(Child, sibling.id)
        assert new is not None and old is not None and new.family_id == old.family_id


def test_status_dialog_wants_a_real_date(app, qtbot) -> None:  # noqa: ANN001
    from liushou_desktop.gui.child_form_tabs import StatusDialog

    dialog = StatusDialog("active")
    qtbot.addWidget(dialog)
    dialog.on.setText("2026.2.30")
    dialog._ok()
    assert dialog.result_value is None and dialog.message.text()
    dialog.on.setText("2026.11.2")
    dialog.note.setText("转学到县城")
    dialog._ok()
    assert dialog.result_value is not None
    status, on, note = dialog.result_value
    assert status != "active" and on == date(2026, 11, 2) and note == "转学到县城"
