"""The print page (打印), this week's activities on the home page, and the children page's
growth-record button."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.activities import ActivityForm, ActivityService
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.family_contact import FamilyContactService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.growth_dialog import GrowthDialog
from liushou_desktop.gui.pages import print_page
from liushou_desktop.gui.pages.children import ChildrenPage
from liushou_desktop.gui.pages.children_actions import RosterActions
from liushou_desktop.gui.pages.home import HomePage
from liushou_desktop.gui.print_dialog import PrintDialog
from tests.helpers import FakeClock

TODAY = date(2026, 11, 2)  # the clock fixture's day: a Monday of term 2026-2027-1


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(40, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def _page(qtbot: Any, db: Database, actor: Actor) -> print_page.PrintPage:
    page = print_page.PrintPage(db, actor, today=lambda: TODAY)
    qtbot.addWidget(page)
    return page


def test_each_paper_shows_for_the_roles_that_may_print_it(
    app: Any, qtbot: Any, demo_db: Database
) -> None:
    shown = {}
    for role in ("admin", "mentor", "inspector"):
        page = _page(qtbot, demo_db, Actor("x", role))
        shown[role] = sorted(k for k, b in page.buttons.items() if not b.isHidden())
    assert shown["admin"] == sorted(
        ["cards", "archive", "talk-sheet", "roster", "term_plan", "sign_in", "home_visit"]
    )
    assert shown["mentor"] == shown["admin"]
    assert shown["inspector"] == ["term_plan"]  # the plan, never a child's paper


def test_a_childrens_paper_opens_the_print_dialog_on_it(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = _page(qtbot, demo_db, admin)
    dialog = page.open("archive")
    assert isinstance(dialog, PrintDialog)
    assert dialog.kind_combo.currentData() == "archive"
    dialog.cancel()
    dialog.close()


def test_the_term_plan_is_previewed_then_printed_with_an_audit_entry(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[tuple[str, Any, Path]] = []
    monkeypatch.setattr(
        "liushou_desktop.gui.document_preview.preview_and_print",
        lambda _parent, _title, stem, make, *, folder: opened.append((stem, make, folder)),
    )
    page = _page(qtbot, demo_db, admin)
    page.open("term_plan")
    [(stem, make, folder)] = opened
    assert stem == "行事历-2026-2027-1"
    assert folder == demo_db.data_dir.root / "print-preview"  # beside the database

    def prints() -> int:
        with demo_db.session_scope("t") as session:
            return len(
                session.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()
            )

    before = prints()
    preview = make(tmp_path / "preview.pdf", False)
    assert prints() == before  # a preview is not logged
    text = "".join(p.extract_text() for p in pypdf.PdfReader(preview.path).pages)
    titles = [r.title for r in ActivityService(demo_db).list(admin, "2026-2027-1")]
    assert titles and all(t[:6] in text.replace("\n", "") for t in titles[:5])
    make(tmp_path / "printed.pdf", True)
    assert prints() == before + 1


def test_without_a_term_the_term_plan_says_what_to_do(
    app: Any, qtbot: Any, school_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _title, text: told.append(text))
    admin = AccountService(school_db).sign_in("admin", "correct horse").actor()
    page = _page(qtbot, school_db, admin)  # set up, no demo: no term yet
    assert page.open("term_plan") is None
    assert len(told) == 1


def test_the_home_page_lists_this_weeks_activities_and_the_family_gap(
    app: Any, qtbot: Any, demo_db: Database, clock: FakeClock, admin: Actor
) -> None:
    service = ActivityService(demo_db, clock)
    service.add(admin, ActivityForm(kind="reading", title="读书分享会·本周", starts_on=TODAY))
    week = service.week(admin, TODAY)
    months = FamilyContactService(demo_db, clock).month(admin, TODAY)
    gap = sum(1 for m in months if m.parent_contacts == 0)
    opened: list[bool] = []
    home = HomePage(
        ChildrenService(demo_db),
        admin,
        "阳光小学",
        lambda: None,
        week_activities=lambda: service.week(admin, TODAY),
        family_gap=lambda: gap,
        open_activities=lambda: opened.append(True),
    )
    qtbot.addWidget(home)
    lines = [home.week_list.item(i).text() for i in range(home.week_list.count())]
    assert len(lines) == len(week) >= 1
    assert any("读书分享会·本周" in line and "11" in line for line in lines)
    assert str(gap) in home.no_family_call.value.text()
    home.week_list.setCurrentRow(0)
    home.week_list.itemActivated.emit(home.week_list.item(0))
    assert opened == [True]

    next_year = HomePage(
        ChildrenService(demo_db),
        admin,
        "阳光小学",
        lambda: None,
        week_activities=lambda: service.week(admin, TODAY + timedelta(days=400)),
    )
    qtbot.addWidget(next_year)
    assert next_year.week_list.count() == 1  # the "nothing this week" line
    assert "读书" not in next_year.week_list.item(0).text()


def test_the_growth_button_opens_the_selected_childs_record(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _title, text: told.append(text))
    page = ChildrenPage(ChildrenService(demo_db), admin)
    qtbot.addWidget(page)
    actions = RosterActions(page, demo_db, admin)
    page.show()
    assert not actions.growth_button.isHidden()
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    assert actions.open_growth() is None and len(told) == 1  # select a child first
    page.table.setCurrentIndex(page.model.index(2, 0))
    dialog = actions.open_growth()
    assert isinstance(dialog, GrowthDialog)
    qtbot.addWidget(dialog)
    assert page.model.row_at(2).name in dialog.windowTitle()
    dialog.close()
