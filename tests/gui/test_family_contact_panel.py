"""亲情电话: the month's list puts the children without a parent call first, and calls
are logged, corrected and deleted with the keyboard."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, FamilyContact, Guardian
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.family_contact import ContactForm, FamilyContactService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.family_contact_dialog import FamilyContactDialog
from liushou_desktop.gui.family_contact_panel import FamilyContactPanel
from tests.helpers import FakeClock

TODAY = date(2026, 11, 20)


def now() -> datetime:
    return datetime.combine(TODAY, time(4))


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    clock.value = now()
    DemoService(school_db, clock).add_children(24, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def calls(db: Database, child_id: str) -> list[FamilyContact]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(FamilyContact).where(
                    FamilyContact.child_id == child_id, FamilyContact.deleted.is_(False)
                )
            )
        )


def silence(db: Database, actor: Actor) -> None:
    """At least one child without a call this month (the demo may have logged some)."""
    service = FamilyContactService(db, now)
    last = service.month(actor, date(2026, 11, 1))[-1]
    for call in service.contacts(actor, last.child_id, date(2026, 11, 1)):
        service.delete(actor, call.id)


def panel_for(qtbot: Any, db: Database, actor: Actor) -> FamilyContactPanel:
    panel = FamilyContactPanel(db, actor, now=now)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_children_without_a_parent_call_come_first_and_are_counted(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    service = FamilyContactService(demo_db, now)
    rows = service.month(admin, date(2026, 11, 1))
    # both groups exist, whatever the demo logged: a call for the first two children,
    # none this month for the last one
    for row in rows[:2]:
        service.log(admin, row.child_id, ContactForm(on=TODAY, relation="father", minutes=5))
    for call in service.contacts(admin, rows[-1].child_id, date(2026, 11, 1)):
        service.delete(admin, call.id)
    expected = service.month(admin, date(2026, 11, 1))
    missing = sum(1 for r in expected if r.parent_contacts == 0)
    assert 0 < missing < len(expected)

    panel = panel_for(qtbot, demo_db, admin)
    shown = panel.model.rows
    assert [r.child_id for r in shown] == [r.child_id for r in expected]
    assert all(r.parent_contacts == 0 for r in shown[:missing])
    assert all(r.parent_contacts > 0 for r in shown[missing:])
    assert panel.missing == missing
    assert str(missing) in panel.summary.text() and str(len(expected)) in panel.summary.text()
    first = panel.model.index(0, 0)
    last = panel.model.index(len(shown) - 1, 0)
    assert panel.model.data(first, Qt.ItemDataRole.BackgroundRole) is not None
    assert panel.model.data(last, Qt.ItemDataRole.BackgroundRole) is None

    # a class filter shows only that class, still silent children first
    panel.class_filter.setCurrentIndex(1)
    class_id = panel.class_filter.currentData()
    assert panel.model.rows and all(r.class_id == class_id for r in panel.model.rows)

    # the month before is shown with ◀, and ▶ stops at this month
    assert not panel.next_month.isEnabled()
    panel.show_month(date(2026, 10, 1))
    assert panel.month == date(2026, 10, 1) and panel.next_month.isEnabled()


def test_a_call_is_logged_with_the_keyboard_only(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    silence(demo_db, admin)
    panel = panel_for(qtbot, demo_db, admin)
    before = panel.missing
    child = panel.model.rows[0]
    assert child.parent_contacts == 0
    already = len(calls(demo_db, child.child_id))
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter on a child: the call dialog
    dialog = panel.entry_dialog
    assert isinstance(dialog, FamilyContactDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert child.child_name in dialog.who.text()
    assert dialog.on.text() == TODAY.isoformat()
    assert dialog.via.currentData() == "school"
    assert dialog.minutes.hasFocus()  # the minutes first: the rest is usually right
    qtbot.keyClicks(dialog.minutes, "15")
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Backtab)
    assert dialog.kind.hasFocus()  # Shift+Tab back to 方式
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # video
    dialog.note.setFocus()
    dialog.note.insert("说了期中考试的成绩")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Enter saves and closes
    assert dialog.saved_count == 1, dialog.error.text()
    stored = calls(demo_db, child.child_id)
    assert len(stored) == already + 1
    [new] = [c for c in stored if c.note == "说了期中考试的成绩"]
    assert new.on == TODAY and new.minutes == 15 and new.kind == "video"
    assert new.via == "school" and new.relation in ("mother", "father")
    assert new.author == "admin"
    # the list is loaded again: one child fewer without a parent call, the child selected
    assert panel.missing == before - 1
    assert panel.selected_child_id() == child.child_id
    assert panel.calls_model.rows and panel.calls_model.rows[0].note == "说了期中考试的成绩"


def test_save_and_next_logs_a_run_of_calls(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    panel = panel_for(qtbot, demo_db, admin)
    first, second, third = panel.model.rows[:3]
    dialog = panel.open_entry(0)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.minutes.setValue(8)
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.saved_count == 1, dialog.error.text()
    assert second.child_name in dialog.who.text() and dialog.minutes.value() == 0
    dialog.skip_button.click()
    assert third.child_name in dialog.who.text()
    dialog.minutes.setValue(20)
    assert dialog.save_and_next()
    assert any(c.minutes == 8 for c in calls(demo_db, first.child_id))
    assert not any(c.on == TODAY for c in calls(demo_db, second.child_id) if c.minutes == 0)
    assert any(c.minutes == 20 for c in calls(demo_db, third.child_id))
    # a bad date is explained and nothing is saved
    dialog.on.setText("昨天")
    count = dialog.saved_count
    assert dialog.save() is False and dialog.error.text() and dialog.saved_count == count


def test_the_parent_away_is_the_default_and_calls_are_corrected_and_deleted(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = FamilyContactService(demo_db, now)
    with demo_db.session_scope("t") as session:
        child = session.scalars(select(Child).where(Child.family_id.is_not(None))).first()
        assert child is not None
        child_id = child.id
        for guardian in session.scalars(
            select(Guardian).where(Guardian.family_id == child.family_id)
        ):
            guardian.works_away = guardian.relation == "father"
    panel = panel_for(qtbot, demo_db, admin)
    row = next(i for i, r in enumerate(panel.model.rows) if r.child_id == child_id)
    dialog = panel.open_entry(row)
    assert dialog is not None and dialog.relation.currentData() == "father"
    dialog.minutes.setValue(9)
    assert dialog.save()

    panel.refresh(child_id)
    assert panel.selected_child_id() == child_id
    call = panel.calls_model.rows[0]
    editing = panel.edit_call()
    assert editing is not None and editing.minutes.value() == 9
    editing.minutes.setValue(11)
    editing.note.setText("补记")
    assert editing.save()
    [stored] = [c for c in calls(demo_db, child_id) if c.id == call.id]
    assert stored.minutes == 11 and stored.note == "补记"

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True)
    panel.calls.selectRow(0)
    assert panel.delete_call()
    assert asked and call.id not in {c.id for c in calls(demo_db, child_id)}
    with demo_db.session_factory() as session:
        assert session.get(FamilyContact, call.id).deleted  # a tombstone stays for sync
    assert call.id not in {c.id for c in service.contacts(admin, child_id)}
