"""Field labels away from the form (gui/field_labels.py): the form's own words."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit

from liushou_desktop.db.database import Database
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui.child_form import ChildFormDialog
from liushou_desktop.gui.field_labels import (
    CHILD,
    FAMILY,
    GUARDIAN,
    field_label,
    history_field_label,
)
from liushou_desktop.gui.translations import tr_vocab
from liushou_desktop.sync.canonical import synced_columns

ADMIN = Actor(username="admin", role="admin")


def _form(qtbot: Any, db: Database) -> ChildFormDialog:
    DemoService(db).add_children(2, "t")
    service = ChildrenService(db)
    dialog = ChildFormDialog(service, ADMIN, service.list_active(ADMIN)[0].id)
    qtbot.addWidget(dialog)
    return dialog


def test_the_labels_are_the_forms_labels_of_real_columns(
    app: Any, qtbot: Any, school_db: Database
) -> None:
    form = _form(qtbot, school_db).builder.labels
    for table, labels in (("child", CHILD), ("family", FAMILY)):
        for column in labels:
            assert column in synced_columns()[table], (table, column)
            assert field_label(table, column) == form[column], (table, column)
    for column in GUARDIAN:  # every person's box of that column (father., other., ...)
        assert column in synced_columns()["guardian"], column
        boxes = [label for key, label in form.items() if key.endswith("." + column)]
        assert boxes and set(boxes) == {field_label("guardian", column)}, column
    # every box of the form for a column of these tables has its label here
    missing = [
        key
        for key in form
        if key.split(".")[-1] in synced_columns()["child"]
        and "." not in key
        and key not in CHILD
        and key not in FAMILY
    ]
    assert missing == []


def test_history_names_the_field_in_words(app: Any, qtbot: Any, school_db: Database) -> None:
    form = _form(qtbot, school_db).builder.labels
    assert history_field_label("hobbies") == form["hobbies"] != "hobbies"
    assert history_field_label("family.address") == form["address"]
    assert history_field_label("father.phone") == f"{tr_vocab('Father')} · {form['father.phone']}"
    assert history_field_label("guardians") == "guardians"  # not a field of the form


def test_an_edit_shows_in_the_history_by_its_label(
    app: Any, qtbot: Any, school_db: Database
) -> None:
    dialog = _form(qtbot, school_db)
    box = dialog.findChild(QLineEdit, "field_hobbies")
    box.setText("打篮球")
    assert dialog.save()
    again = ChildFormDialog(ChildrenService(school_db), ADMIN, dialog.saved_child_id)
    qtbot.addWidget(again)
    texts = [again.timeline_table.item(r, 1).text() for r in range(again.timeline_table.rowCount())]
    assert any(t.startswith(again.builder.labels["hobbies"]) and "打篮球" in t for t in texts), (
        texts
    )
