"""The child form records a guardian's consent: the record then lacks nothing for it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Consent
from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildFilter, ChildrenService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import child_form
from liushou_desktop.gui.child_form import ChildFormDialog
from liushou_desktop.gui.child_form_tabs import ConsentDialog

ADMIN = Actor(username="admin", role="admin")
INSPECTOR = Actor(username="admin", role=vocab.ROLE_INSPECTOR)


def _new_child(service: ChildrenService, qtbot: Any) -> str:
    dialog = ChildFormDialog(service, ADMIN)
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "field_name").setText("孙丽")
    dialog.findChild(QLineEdit, "field_father_name").setText("孙大")
    assert dialog.save()
    return str(dialog.saved_child_id)


def test_consent_recorded_from_the_form_clears_what_the_record_lacks(
    app: Any, qtbot: Any, school_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ChildrenService(school_db)
    child_id = _new_child(service, qtbot)
    (row,) = [r for r in service.list_children(ADMIN, ChildFilter()) if r.id == child_id]
    assert "consent" in row.missing
    dialog = ChildFormDialog(service, ADMIN, child_id)
    qtbot.addWidget(dialog)
    assert not dialog.consent_button.isHidden()

    def answer(self: ConsentDialog) -> int:
        assert self.given_by.text() == ""  # no entrusted guardian chosen: nothing to suggest
        self.given_by.setText("孙大")
        self.form.setCurrentIndex(self.form.findData("oral"))
        self.on.setText("2026.9.3")
        self._ok()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(child_form.ConsentDialog, "exec", answer)
    dialog.consent_button.click()
    with school_db.session_scope("t") as session:
        consent = session.scalars(select(Consent).where(Consent.child_id == child_id)).one()
        assert (consent.consent_date, consent.form, consent.given_by) == (
            date(2026, 9, 3),
            "oral",
            "孙大",
        )
        assert "consent_recorded" in session.scalars(select(AuditEntry.action)).all()
    (row,) = [r for r in service.list_children(ADMIN, ChildFilter()) if r.id == child_id]
    assert "consent" not in row.missing
    texts = [
        dialog.timeline_table.item(r, 1).text() for r in range(dialog.timeline_table.rowCount())
    ]
    assert any("孙大" in t for t in texts)


def test_the_consent_dialog_wants_a_name_and_a_real_date(app: Any, qtbot: Any) -> None:
    dialog = ConsentDialog("")
    qtbot.addWidget(dialog)
    dialog._ok()
    assert dialog.result_value is None and dialog.message.text()
    dialog.given_by.setText("孙大")
    dialog.on.setText("2026.13.40")
    dialog._ok()
    assert dialog.result_value is None
    dialog.on.setText("2026-09-03")
    dialog._ok()
    assert dialog.result_value == (date(2026, 9, 3), "written", "孙大")


def test_a_role_that_may_not_record_consent_has_no_button(
    app: Any, qtbot: Any, school_db: Database
) -> None:
    service = ChildrenService(school_db)
    child_id = _new_child(service, qtbot)
    dialog = ChildFormDialog(service, INSPECTOR, child_id)
    qtbot.addWidget(dialog)
    assert dialog.consent_button.isHidden()
