"""The roster buttons of the children page: who sees them, export, import, new school year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from liushou_desktop.db.database import Database
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.children import ChildrenPage
from liushou_desktop.gui.pages.children_actions import RosterActions


@pytest.fixture
def page(app: Any, qtbot: Any, school_db: Database) -> ChildrenPage:
    DemoService(school_db).add_children(30, "t")
    actor = AccountService(school_db).sign_in("admin", "correct horse").actor()
    children_page = ChildrenPage(_services(school_db), actor)
    children_page.roster_actions = RosterActions(children_page, school_db, actor)  # type: ignore[attr-defined]
    qtbot.addWidget(children_page)
    children_page.show()
    return children_page


def _services(db: Database) -> Any:
    from liushou_desktop.domain.children import ChildrenService

    return ChildrenService(db)


def test_buttons_follow_the_role(app: Any, qtbot: Any, school_db: Database) -> None:
    from liushou_desktop.domain.children import ChildrenService

    shown: dict[str, list[bool]] = {}
    for role in ("admin", "class_teacher", "inspector"):
        page = ChildrenPage(ChildrenService(school_db), Actor("x", role))
        qtbot.addWidget(page)
        actions = RosterActions(page, school_db, Actor("x", role))
        shown[role] = [
            not b.isHidden()
            for b in (
                actions.import_button,
                actions.export_button,
                actions.school_year_button,
            )
        ]
    assert shown == {
        "admin": [True, True, True],
        "class_teacher": [True, True, False],
        "inspector": [False, False, False],
    }


def test_export_writes_a_checked_workbook(
    page: ChildrenPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "花名册"
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: target)
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: shown.append(f"error {exc}"))
    written = page.roster_actions.export("roster")  # type: ignore[attr-defined]
    assert written == target.with_suffix(".xlsx")
    workbook = load_workbook(written)
    names = {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=3)
        for cell in row[1:2]
    }
    assert len(names - {None}) >= 29  # every child (the sign-off line aside)
    assert shown and "30" in shown[0]


def test_export_error_is_shown_in_plain_words(
    page: ChildrenPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    taken = tmp_path / "x.xlsx"
    taken.mkdir()  # a folder where the file should go: it cannot be written
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: taken)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: shown.append(str(exc)))
    assert page.roster_actions.export("register") is None  # type: ignore[attr-defined]
    assert shown and "x.xlsx" in shown[0]
    assert taken.is_dir() and not list(taken.iterdir())
