"""Make the screenshots in docs/screenshots/ (run from the project root):

    python docs/make_screenshots.py

It runs offscreen, hides the machine's Chinese fonts (so the pictures show
what a PC without Chinese fonts sees: only the app's bundled font), fills a
demo school in a temporary data dir, and grabs the windows to PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FONTCONFIG_FILE"] = str(ROOT / "tests" / "data" / "fontconfig-no-cjk.conf")
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.accounts import AccountService
    from liushou_desktop.domain.children import ChildrenService
    from liushou_desktop.domain.demo import DemoService
    from liushou_desktop.domain.setup import SetupService
    from liushou_desktop.gui.account_dialogs import LockDialog
    from liushou_desktop.gui.app import make_application
    from liushou_desktop.gui.fonts import install_app_font
    from liushou_desktop.gui.main_window import MainWindow, Services
    from liushou_desktop.gui.signin import SignInDialog
    from liushou_desktop.gui.translations import install_translators
    from liushou_desktop.gui.wizard import PAGE_ADMIN, PAGE_IDENTITY, SetupWizard
    from liushou_desktop.paths import DataDir

    OUT.mkdir(parents=True, exist_ok=True)
    app = make_application(["screenshots"])
    install_translators(app, "zh_CN")
    install_app_font(app)

    def save(widget: object, name: str) -> None:
        widget.show()  # type: ignore[attr-defined]
        QApplication.processEvents()
        path = OUT / f"{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        print(path.relative_to(ROOT))

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp)))
        setup = SetupService(db)
        wizard = SetupWizard(setup)
        wizard.identity_page.name.setText("新场镇中心小学")
        wizard.identity_page.code.setText("5205261001")
        wizard.identity_page.township.setText("新场镇")
        wizard.setStartId(PAGE_IDENTITY)
        wizard.restart()
        save(wizard, "wizard-identity")
        wizard.setStartId(PAGE_ADMIN)
        wizard.restart()
        wizard.admin_page.password.setText("short")
        save(wizard, "wizard-admin-invalid")
        wizard.close()

        DemoService(db).add_children(300, "screenshots")
        installation = setup.require_installation()
        accounts = AccountService(db)
        sign_in = SignInDialog(accounts, installation.name, "admin")
        sign_in.password.setText("wrong")
        sign_in._try_sign_in()  # show the plain-words message for a wrong password
        save(sign_in, "sign-in")
        user = accounts.find("admin")
        assert user is not None
        admin = user.actor()
        accounts.create_account(admin, "liting", "李婷", "class_teacher", (), "password-1")
        accounts.sign_in("liting", "password-1")
        ChildrenService(db).record(admin, ChildrenService(db).list_active(admin)[0].id)
        window = MainWindow(
            Services.for_database(db),
            installation,
            user,
            DataDir(Path(tmp)),
        )
        window.show_page("children")
        save(window, "main-children")
        window.children_page.search.setText("王")
        save(window, "main-children-search")
        window.children_page.search.clear()
        window.children_page.incomplete_filter.setChecked(True)
        save(window, "main-children-incomplete")
        window.children_page.incomplete_filter.setChecked(False)
        shoot_record_and_import(window, db, admin, Path(tmp), save)
        shoot_printed_pages(db, admin, Path(tmp), save)
        shoot_talks(window, db, admin, save)
        shoot_activities(window, db, admin, Path(tmp), save)
        window.show_page("settings")
        settings = window.pages.widget(window.PAGE_KEYS.index("settings"))
        save(window, "main-settings")
        for index, name in (
            (2, "settings-accounts"),
            (3, "settings-audit-log"),
            (4, "settings-backup"),
        ):
            settings.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
            save(window, name)
        window.close()
        save(LockDialog(accounts, user), "lock-screen")
        db.close()
    with tempfile.TemporaryDirectory() as tmp:
        shoot_sync(Path(tmp), save)


def wait_for(condition: Any, seconds: float = 120) -> None:
    """Run the event loop until ``condition()`` holds (a worker thread finished)."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for a window")
        QApplication.processEvents()
        time.sleep(0.02)


def shoot_sync(tmp: Path, save: Any) -> None:
    """A township and three schools: the school's export dialog after writing, the
    township's preview of a bundle with a conflict, and the township's overview."""
    from dataclasses import replace

    from sqlalchemy import select

    from liushou_desktop.db.database import open_database
    from liushou_desktop.db.models import Child
    from liushou_desktop.domain.demo import DemoService
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.setup import SetupRequest, SetupService
    from liushou_desktop.domain.sync_bundles import BundleService
    from liushou_desktop.domain.sync_peers import PeerService
    from liushou_desktop.gui.pages.township import TownshipPage
    from liushou_desktop.gui.sync_dialogs import ExportDialog
    from liushou_desktop.gui.sync_preview import ImportPreviewDialog
    from liushou_desktop.paths import DataDir

    base = SetupRequest(
        role="township",
        name="新场镇",
        code="XCZ",
        township_name="新场镇",
        admin_username="admin",
        admin_password="screenshot password",
    )
    township = open_database(DataDir(tmp / "township"))
    SetupService(township).set_up(base, "screenshots")
    town_actor, school_actor = cli_actor("township"), cli_actor("school")
    pairing = tmp / "pairing.json"
    PeerService(township).export_pairing(town_actor, pairing)
    schools = {}
    for code, name, children in (
        ("5205261001", "新场镇中心小学", 60),
        ("5205261002", "新场镇希望小学", 40),
        ("5205261003", "新场镇红旗小学", 30),
    ):
        db = open_database(DataDir(tmp / code))
        SetupService(db).set_up(replace(base, role="school", name=name, code=code), "s")
        DemoService(db).add_children(children, "screenshots")
        PeerService(db).import_pairing(school_actor, pairing)
        schools[code] = db
        PeerService(township).add_school(town_actor, code, name, children + 8)

    stick = tmp / "stick"
    stick.mkdir()
    os.environ["LIUSHOU_TEST_DRIVES"] = str(stick)
    central, hope, red = schools.values()
    dialog = ExportDialog(central, school_actor)
    dialog.show()
    dialog.write_button.click()
    wait_for(lambda: bool(dialog.results))
    save(dialog, "sync-export")
    dialog.close()
    BundleService(township).import_bundle(town_actor, dialog.results[0].path)

    # a transfer: 红旗小学 registers a child of 希望小学 (same ID number) and both change
    # the child's hobbies: the second bundle to arrive holds a conflict
    with hope.session_scope("s") as session:
        child = session.scalars(select(Child).order_by(Child.id)).first()
        id_number = child.id_number
        child.hobbies = "折纸、剪纸"
    bundle = BundleService(hope).export(school_actor, stick / "hope.lsb")[0].path
    BundleService(township).import_bundle(town_actor, bundle)
    with red.session_scope("s") as session:
        child = session.scalars(select(Child).order_by(Child.id)).first()
        child.id_number = id_number
    with red.session_scope("s") as session:
        session.scalars(
            select(Child).where(Child.id_number == id_number)
        ).one().hobbies = "踢毽子、跳绳"
    bundle = BundleService(red).export(school_actor, stick / "red.lsb")[0].path
    preview = ImportPreviewDialog(township, town_actor, bundle)
    preview.resize(900, 620)
    preview.show()
    wait_for(lambda: preview.import_button.isEnabled())
    if preview.conflicts_model.rowCount() != 1:
        raise SystemExit("the import preview shows no conflict")
    save(preview, "sync-import-preview")
    done: list[object] = []
    preview.imported.connect(done.append)
    preview.import_button.click()
    wait_for(lambda: bool(done))
    preview.close()

    page = TownshipPage(township, town_actor)
    page.resize(1200, 620)
    page.refresh()
    save(page, "township-overview")
    page.close()
    shoot_notices(township, central, tmp, save)
    del os.environ["LIUSHOU_TEST_DRIVES"]
    for db in (township, *schools.values()):
        db.close()


def shoot_notices(township: Any, central: Any, tmp: Path, save: Any) -> None:
    """The township writes a notice and shares 中心小学's saved term plan (通知与模板), its
    receipt takes them to the school, and the school's home page shows the notice."""
    from datetime import date, timedelta

    from sqlalchemy import select

    from liushou_desktop.db.models import SchoolTerm
    from liushou_desktop.domain.activities import ActivityService
    from liushou_desktop.domain.children import ChildrenService
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.sync_bundles import BundleService
    from liushou_desktop.domain.talk_status import TalkStatusService
    from liushou_desktop.domain.township_sharing import SharingService
    from liushou_desktop.gui.notices_dialog import NoticesDialog
    from liushou_desktop.gui.pages.home import HomePage

    town_actor, school_actor = cli_actor("township"), cli_actor("school")
    with central.session_scope("s") as session:
        terms = session.scalars(select(SchoolTerm).order_by(SchoolTerm.starts_on)).all()
        term = next(t.name for t in terms if t.starts_on <= date.today() <= t.ends_on)
    ActivityService(central).save_as_template(
        school_actor, term, "中心小学行事历", "中心小学行事历"
    )
    stick = tmp / "stick"
    bundle = BundleService(central).export(school_actor, stick / "central-2.lsb")[0].path
    BundleService(township).import_bundle(town_actor, bundle)

    dialog = NoticesDialog(township, town_actor)
    dialog.title.setText("期末留守儿童档案核查")
    dialog.text.setPlainText(
        "请各校在期末前核对留守儿童档案（监护人电话、家庭住址、结对帮扶教师），"
        "并在截止日期前把同步包交到镇中心校。"
    )
    dialog.has_due.setChecked(True)
    due = date.today() + timedelta(days=14)
    dialog.due.setDate(due)
    dialog.send_button.click()
    dialog.title.setText("冬季安全教育周")
    dialog.text.setPlainText("请各校安排一次防溺水、防火、防煤气中毒安全教育，并记入活动记录。")
    dialog.has_due.setChecked(False)
    dialog.shared_name.setText("全镇行事历")
    dialog.resize(800, 780)
    save(dialog, "township-notices")
    dialog.close()
    SharingService(township).share_template(
        town_actor, "5205261001", "中心小学行事历", "全镇行事历"
    )

    receipt = BundleService(township).export(town_actor, stick, to="5205261001")[0].path
    BundleService(central).import_bundle(school_actor, receipt)
    home = HomePage(
        ChildrenService(central),
        school_actor,
        "新场镇中心小学",
        lambda: None,
        talk_figures=lambda: TalkStatusService(central).home(school_actor, date.today()),
        week_activities=lambda: ActivityService(central).week(school_actor, date.today()),
        notices=SharingService(central).notices,
    )
    home.resize(1000, 680)
    save(home, "school-home-notices")
    home.close()


def shoot_record_and_import(window: Any, db: Any, admin: Any, tmp: Path, save: Any) -> None:
    """The record dialog (one tab clean, one with a validation message), the import preview
    of a messy roster, the import history and the new-school-year preview."""
    from datetime import date

    from PySide6.QtWidgets import QApplication, QLineEdit

    from liushou_desktop.domain.children import ChildrenService
    from liushou_desktop.domain.roster_import import RosterImportService
    from liushou_desktop.domain.school_year import SchoolYearService
    from liushou_desktop.gui.child_form import ChildFormDialog
    from liushou_desktop.gui.roster_import_dialog import ImportHistoryDialog, RosterImportDialog
    from liushou_desktop.gui.school_year_dialog import SchoolYearDialog

    children = ChildrenService(db)
    first = children.list_active(admin)[0].id
    record = ChildFormDialog(children, admin, first)
    record.resize(1000, 700)
    save(record, "record-child")
    record.tabs.setCurrentIndex(1)
    save(record, "record-family")
    record.close()

    new = ChildFormDialog(children, admin, None)
    new.resize(1000, 700)
    new.findChild(QLineEdit, "field_name").setText("孙　丽")  # type: ignore[union-attr]
    new.findChild(QLineEdit, "field_id_number").setText("52052620160701022X")  # type: ignore[union-attr]
    new.findChild(QLineEdit, "field_birth_date").setText("2016.7.1")  # type: ignore[union-attr]
    new.save_button.click()
    QApplication.processEvents()
    save(new, "record-validation-message")
    new.hide()  # close() would ask whether to discard the typed record

    roster = make_messy_roster(tmp / "三年级花名册.xlsx")
    importer = RosterImportService(db)
    dialog = RosterImportDialog(importer, admin, roster)
    dialog.show()
    while dialog.report is None:
        QApplication.processEvents()
    save(dialog, "import-preview")
    dialog.run_import()
    save(dialog, "import-done")
    dialog.close()
    history = ImportHistoryDialog(importer, admin)
    save(history, "import-history")
    history.close()

    year = SchoolYearDialog(SchoolYearService(db), admin, date(2027, 9, 1))
    year.resize(900, 600)
    save(year, "school-year-preview")
    year.close()


def shoot_talks(window: Any, db: Any, admin: Any, save: Any) -> None:
    """The talks page with next month planned (this month has few school days left when the
    script runs late in a month), and the record card being typed in."""
    from datetime import date

    from PySide6.QtCore import Qt

    from liushou_desktop.domain.months import add_months
    from liushou_desktop.domain.talk_plan import TalkPlanService
    from liushou_desktop.gui.talk_entry import TalkEntryDialog

    month = add_months(date.today(), 1)
    TalkPlanService(db).plan_month(admin, month)
    window.show_page("home")
    window.pages.widget(window.PAGE_KEYS.index("home")).refresh()
    save(window, "main-home")
    window.show_page("talks")
    page = window.pages.widget(window.PAGE_KEYS.index("talks"))
    page.show_month(month)
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # by planned day
    save(window, "talks-month")
    open_rows = [r for r in page.model.rows if r.status != "done"]
    entry = TalkEntryDialog(page.talks, admin, open_rows, date.today())
    entry.resize(900, 720)
    entry.condition.setPlainText(
        "学习认真，上课能主动发言；周末跟奶奶去赶集，说想念在广东打工的妈妈。"
    )
    entry.problems.setPlainText("作业偶尔拖拉，数学应用题审题不仔细。")
    entry.measures.setPlainText("约定每天放学后在教室完成作业；下周安排和妈妈视频通话。")
    entry.topics["study"].setChecked(True)
    entry.topics["family"].setChecked(True)
    save(entry, "talk-record-card")
    entry.close()
    page.tabs.setCurrentIndex(1)
    page.show_month(date.today().replace(day=1))
    save(window, "talks-completion")
    page.tabs.setCurrentIndex(0)


def shoot_activities(window: Any, db: Any, admin: Any, tmp: Path, save: Any) -> None:
    """The activities page (this month's grid, the agenda, family calls, home visits), a
    held guardian meeting's attendance, a child's growth timeline, the statistics page,
    and the printed term plan, sign-in sheet, home-visit form and growth summary."""
    from datetime import date

    from sqlalchemy import func, select

    from liushou_desktop.db.models import GrowthEntry, Photo
    from liushou_desktop.domain.activities import ActivityService
    from liushou_desktop.domain.activity_print import ActivityPrintService
    from liushou_desktop.gui.activity_dialog import ActivityDialog
    from liushou_desktop.gui.growth_dialog import GrowthDialog

    today = date.today()
    term = ActivityService(db).term_for(admin, today)
    assert term is not None, "the demo school has a term holding today"
    window.show_page("activities")
    page = window.pages.widget(window.PAGE_KEYS.index("activities"))
    page.month.show_month(today.replace(day=1))
    page.month.select_day(today)
    save(window, "activities-month")
    for index, name in ((1, "activities-agenda"), (2, "activities-family-calls")):
        page.tabs.setCurrentIndex(index)
        save(window, name)
    page.tabs.setCurrentIndex(3)
    save(window, "activities-home-visits")
    window.show_page("home")
    window.pages.widget(window.PAGE_KEYS.index("home")).refresh()
    save(window, "main-home")
    window.show_page("activities")
    page.tabs.setCurrentIndex(0)

    rows = ActivityService(db).list(admin, term.name)
    meeting = next(r for r in rows if r.kind == "guardian_meeting" and r.status == "held")
    dialog = ActivityDialog(db, admin, meeting.id)
    dialog.resize(1000, 720)
    dialog.tabs.setCurrentIndex(2)
    save(dialog, "activity-attendance")
    dialog.close()

    with db.session_scope("screenshots") as session:
        child_id = session.scalar(
            select(GrowthEntry.child_id)
            .join(Photo, Photo.owner_id == GrowthEntry.id)
            .group_by(GrowthEntry.child_id)
            .order_by(func.count(GrowthEntry.id).desc())
        )
    growth = GrowthDialog(db, admin, child_id)
    growth.resize(1000, 760)
    save(growth, "growth-timeline")
    growth.close()

    window.show_page("stats")
    save(window, "statistics")

    printer = ActivityPrintService(db)
    meeting_id, term_name = meeting.id, term.name
    render_first_pages(
        tmp,
        [
            ("print-term-plan", 70, lambda p: printer.term_plan(admin, term_name, p)),
            ("print-sign-in", 60, lambda p: printer.sign_in_sheet(admin, p, meeting_id)),
            ("print-home-visit-blank", 60, lambda p: printer.home_visit_form(admin, p, blank=True)),
            (
                "print-growth",
                70,
                lambda p: printer.growth_summary(admin, p, [child_id], term_name),
            ),
        ],
    )


def shoot_printed_pages(db: Any, admin: Any, tmp: Path, save: Any) -> None:
    """The print dialog with its preview, then the first page of each printed document,
    rendered with pdftoppm (poppler-utils) from the PDF the app writes: cards 4 to an A4
    page, one card, the wallet cards, the archive form, the filled and the blank talk
    record sheet, the roster."""
    from liushou_desktop.domain.print_records import Selection
    from liushou_desktop.domain.printing import PrintService
    from liushou_desktop.domain.setup import SchoolSettingsService

    SchoolSettingsService(db).update_contacts(admin, "0851-8123456", "110，120，0851-8123110")
    from liushou_desktop.gui.print_dialog import PrintDialog

    service = PrintService(db)
    first_class = Selection(grade=1)
    dialog = PrintDialog(db, admin, selection=first_class, description="一年级")
    dialog.resize(1100, 820)
    dialog.show()
    dialog.wait_until_idle()
    save(dialog, "print-preview")
    dialog.close()
    jobs = [
        ("print-cards-a4", 60, lambda p: service.cards(admin, p, first_class, "a4")),
        ("print-card-a6", 110, lambda p: service.cards(admin, p, first_class, "a6")),
        ("print-cards-wallet", 60, lambda p: service.cards(admin, p, first_class, "wallet")),
        ("print-archive", 80, lambda p: service.document(admin, "archive", p, first_class)),
        ("print-talk-sheet", 60, lambda p: service.document(admin, "talk-sheet", p, first_class)),
        (
            "print-talk-sheet-blank",
            60,
            lambda p: service.document(admin, "talk-sheet", p, blank=True),
        ),
        ("print-roster", 70, lambda p: service.document(admin, "roster", p, first_class)),
    ]
    render_first_pages(tmp, jobs)


def render_first_pages(tmp: Path, jobs: list[tuple[str, int, Any]]) -> None:
    """Write each job's PDF and render its first page to docs/screenshots/NAME.png at the
    job's resolution (pdftoppm, poppler-utils; skipped without it)."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found (apt-get install poppler-utils): printed pages skipped")
        return
    for name, dpi, make in jobs:
        pdf = make(tmp / f"{name}.pdf").path
        stem = OUT / name
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        print(stem.with_suffix(".png").relative_to(ROOT))


def make_messy_roster(path: Path) -> Path:
    """A roster as schools keep it: a title, a 填表人 line, a two-row header, a bad ID,
    a date as text, an ID stored as a number."""
    from datetime import date

    from openpyxl import Workbook

    from liushou_desktop.domain.demo_data import COUNTY_CODES
    from liushou_desktop.domain.id_numbers import make_id_number

    def kid(day: int, seq: int) -> str:
        return make_id_number(COUNTY_CODES[0], date(2017, 3, day), seq)

    book = Workbook()
    sheet = book.active
    sheet.title = "三年级1班"
    sheet.append(["新场镇中心小学留守儿童花名册"])
    sheet.append(["填表人：李婷", None, None, None, None, "填表日期：2026年9月5日"])
    sheet.append(["序号", "姓名", "性别", "身份证号码", "出生年月", "父亲", None, "监护类型"])
    sheet.append([None, None, None, None, None, "姓名", "联系电话", None])
    sheet.merge_cells("F3:G3")
    rows = [
        ["田小芳", "女", kid(4, 22), "2017.3.4", "田大军", "13985012345", "较好"],
        ["吴　磊", "男", kid(9, 31), "2017年3月9日", "吴建国", "0851-8123456", "一般"],
        ["杨·阿依", "女", kid(12, 42), "20170312", "杨华", "1398501234", "较好"],
        ["罗成", "男", kid(15, 51)[:-1] + "0", "2017-03-15", "罗明", "13985016789", "一般"],
        ["陈晓", "男", int(kid(18, 11)[:-1] + "1"), "2017/3/18", "陈刚", "13985017777", "很好"],
        ["", "女", kid(21, 62), "2017.3.21", "", "", ""],
    ]
    for serial, row in enumerate(rows, start=1):
        sheet.append([serial, *row])
    book.save(path)
    return path


if __name__ == "__main__":
    main()
