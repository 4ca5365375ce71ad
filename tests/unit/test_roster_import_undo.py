"""Undoing a roster import, the import history, cancelling, and the error workbook."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Child, Family, Guardian, ImportBatch, SchoolClass
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.demo_data import COUNTY_CODES
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.roster_import import (
    ImportCancelled,
    ImportProblem,
    RosterImportService,
)
from liushou_desktop.errors import UserError
from liushou_desktop.io.roster_errors import NOTES_SHEET, REASON_HEADER, write_error_workbook
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
AREA = COUNTY_CODES[0]
HEADERS = ("序号", "姓名", "身份证号", "出生日期", "班级", "父亲姓名", "父亲电话", "家庭经济来源")
BOY = make_id_number(AREA, date(2016, 3, 12), 11)
GIRL = make_id_number(AREA, date(2017, 5, 1), 22)
THIRD = make_id_number(AREA, date(2016, 8, 8), 33)
FOURTH = make_id_number(AREA, date(2015, 9, 9), 44)
IGNORED = ("clock", "updated_at", "changed_by", "origin", "created_at")


def make_roster(
    path: Path, rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "一年级"
    sheet.append(["阳光小学留守儿童花名册"])
    sheet.append(list(headers))
    for serial, values in enumerate(rows, start=1):
        sheet.append([serial, *values])
    workbook.save(path)
    return path


def dump(db: Database) -> dict[str, list[dict[str, Any]]]:
    """The live rows of the tables an import writes, without the sync bookkeeping."""
    result: dict[str, list[dict[str, Any]]] = {}
    with db.session_factory() as session:
        for model in (Child, Guardian, Family, SchoolClass):
            table = model.__table__
            rows = session.execute(select(table).where(table.c.deleted.is_(False)))
            result[table.name] = sorted(
                ({k: v for k, v in r._mapping.items() if k not in IGNORED} for r in rows),
                key=lambda row: row["id"],
            )
    return result


def children(db: Database) -> dict[str, Child]:
    with db.session_factory() as session:
        return {c.name: c for c in session.scalars(select(Child).where(Child.deleted.is_(False)))}


FIRST = [
    ("王小明", BOY, "", "一年级1班", "王大山", "13812345678", "打工收入"),
    ("李小红", GIRL, "", "一年级1班", "李四", "13900000000", ""),
]
SECOND = [
    # changes: a new class, the father's phone, the family's income sources
    ("王小明", BOY, "", "二年级3班", "", "13811112222", "打工收入、低保、种养殖业"),
    ("李小红", GIRL, "", "一年级1班", "李四", "13900000000", ""),  # unchanged
    ("赵三", THIRD, "", "二年级3班", "赵大", "13700000000", "政府救助"),  # new, new family
]


def test_undo_puts_the_live_data_back_as_before_the_import(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    service = RosterImportService(school_db, clock)
    service.run(ADMIN, make_roster(tmp_path / "a.xlsx", FIRST))
    before = dump(school_db)
    report = service.run(ADMIN, make_roster(tmp_path / "b.xlsx", SECOND))
    assert (report.imported, report.updated, report.unchanged) == (1, 1, 1)
    assert report.batch_id is not None and report.to_json()["batch_id"] == report.batch_id
    assert dump(school_db) != before
    [newest, oldest] = service.history(ADMIN)
    assert (newest.id, newest.file_name, newest.can_undo, newest.why_not) == (
        report.batch_id,
        "b.xlsx",
        True,
        "",
    )
    assert newest.counts["imported"] == 1 and oldest.file_name == "a.xlsx"
    backups = len(list(school_db.data_dir.backups.glob("*.bak")))

    service.undo(ADMIN, report.batch_id)

    assert dump(school_db) == before
    assert len(list(school_db.data_dir.backups.glob("*.bak"))) == backups + 1
    with school_db.session_factory() as session:
        tombstones = session.scalars(select(Child.name).where(Child.deleted.is_(True))).all()
        assert tombstones == ["赵三"]  # never hard-deleted
        batch = session.get(ImportBatch, report.batch_id)
        assert batch is not None and batch.undone_by == "admin" and batch.undone_at == clock()
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "roster_import_undone")
        ).one()
        assert str(report.batch_id) == entry.object_id and "赵三" not in entry.detail
    [newest, _] = service.history(ADMIN)
    assert newest.undone_at == clock() and not newest.can_undo
    assert newest.why_not == "This import was already undone."
    assert newest.why_not_error is not None and newest.why_not_error.message == newest.why_not
    with pytest.raises(UserError, match="already undone"):
        service.undo(ADMIN, report.batch_id)


def test_undo_is_refused_once_an_imported_child_was_edited(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    service = RosterImportService(school_db, clock)
    report = service.run(ADMIN, make_roster(tmp_path / "a.xlsx", FIRST))
    assert report.batch_id is not None
    ChildrenService(school_db, clock).update(
        ADMIN, children(school_db)["王小明"].id, {"hobbies": "画画"}
    )
    edited = dump(school_db)
    [view] = service.history(ADMIN)
    assert not view.can_undo and "edited after it" in view.why_not
    with pytest.raises(UserError, match="edited after it"):
        service.undo(ADMIN, report.batch_id)
    assert dump(school_db) == edited


def test_a_class_the_import_made_stays_while_a_later_child_is_in_it(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    service = RosterImportService(school_db, clock)
    first = service.run(ADMIN, make_roster(tmp_path / "a.xlsx", FIRST[:1]))
    later = [("孙丽", FOURTH, "", "一年级1班", "", "", "")]
    service.run(ADMIN, make_roster(tmp_path / "b.xlsx", later))
    assert first.batch_id is not None
    service.undo(ADMIN, first.batch_id)
    kids = children(school_db)
    assert set(kids) == {"孙丽"}
    with school_db.session_factory() as session:
        klass = session.get(SchoolClass, kids["孙丽"].class_id)
        assert klass is not None and not klass.deleted
        fathers = session.scalars(select(Guardian).where(Guardian.deleted.is_(False))).all()
        assert fathers == []  # 王大山 came with the undone import


def test_only_those_who_edit_children_may_see_history_and_undo(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    service = RosterImportService(school_db, clock)
    report = service.run(ADMIN, make_roster(tmp_path / "a.xlsx", FIRST))
    assert report.batch_id is not None
    mentor = Actor("teacher", "mentor")
    with pytest.raises(PermissionDenied):
        service.history(mentor)
    with pytest.raises(PermissionDenied):
        service.undo(mentor, report.batch_id)
    assert len(children(school_db)) == 2


# --- progress and cancelling --------------------------------------------------------------


def test_progress_is_reported_and_cancelling_writes_nothing(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    rows = [
        (
            "学"
            + "甲乙丙丁戊己庚辛壬癸"[i % 10]
            + "子丑寅卯辰巳午未申酉"[i // 10 % 10]
            + "东南西北中"[i // 100],
            "",
            "",
            "",
            "",
            "",
            "",
        )
        for i in range(450)
    ]
    path = make_roster(tmp_path / "a.xlsx", rows)
    service = RosterImportService(school_db, clock)
    calls: list[tuple[int, int]] = []
    service.preview(ADMIN, path, lambda done, total: calls.append((done, total)))
    assert calls == [(0, 450), (200, 450), (400, 450), (450, 450)]
    backups = sorted(school_db.data_dir.backups.glob("*.bak"))

    def cancel(done: int, total: int) -> None:
        if done >= 200:
            raise ImportCancelled()

    with pytest.raises(ImportCancelled):
        service.run(ADMIN, path, cancel)
    assert children(school_db) == {}
    assert sorted(school_db.data_dir.backups.glob("*.bak")) == backups
    assert service.history(ADMIN) == []


def test_problems_carry_their_template_and_params(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    rows = [
        ("王小明", BOY[:-1] + "Z", "", "", "", "", ""),
        ("张三", "", "2016.13.40", "", "", "", ""),
    ]
    report = RosterImportService(school_db, clock).preview(
        ADMIN, make_roster(tmp_path / "a.xlsx", rows)
    )
    for problem in report.errors:
        assert "{" in problem.template and problem.params
        assert UserError(problem.template, problem.params).render(problem.template) == (
            problem.message
        )


# --- the error workbook ---------------------------------------------------------------------


def test_error_workbook_holds_the_rejected_rows_to_fix_and_import_again(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    headers = ("序号", "姓名", "身份证号", "出生日期", "电话", "班级")
    source = tmp_path / "花名册.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "一班"
    sheet.append(["阳光小学留守儿童花名册"])
    sheet.append([None, None, None, None, "父亲", None])  # a two-row header: 父亲 / 电话
    sheet.append(list(headers))
    sheet.append([1, "王小明", BOY, "2016.3.12", "13812345678", "一年级1班"])
    sheet.append([2, "李小红", int(GIRL), "2017年5月1日", "+86 139 0000 0000", "一年级1班"])
    sheet.append([3, "", THIRD, "2016-08-08", "13700000000", "一年级1班"])
    sheet.append([4, "孙丽", "", "2015/9/9", "1370000", "一年级1班"])  # bad phone only
    workbook.save(source)
    service = RosterImportService(school_db, clock)
    report = service.run(ADMIN, source)
    assert (report.imported, report.rejected, report.warnings) == (2, 2, 1)

    target = write_error_workbook(
        report, tmp_path / "errors.xlsx", source, lambda p: f"[{p.code}] {p.message}"
    )

    written = load_workbook(target)
    assert written.sheetnames == [NOTES_SHEET, "一班"]
    notes = [list(r) for r in written[NOTES_SHEET].iter_rows(min_row=3, values_only=True)]
    assert [(n[0], n[1]) for n in notes] == [("一班", 5), ("一班", 6), ("一班", 7)]
    assert notes[0][2] == "C列 身份证号" and notes[0][4].startswith("[id_stored_as_number]")
    rejected = written["一班"]
    header = [c.value for c in rejected[1]]
    assert header[-1] == REASON_HEADER and "姓名" in header and "身份证号" in header
    assert "父亲电话" in header  # the two header rows joined, read back as the same field
    rows = [dict(zip(header, (c for c in r), strict=True)) for r in rejected.iter_rows(min_row=2)]
    assert [r["姓名"].value for r in rows] == ["李小红", None]
    id_cell = rows[0]["身份证号"]
    # text, never a number: the 15 digits Excel kept, for the teacher to correct
    assert id_cell.value == GIRL[:15] + "000" and id_cell.data_type == "s"
    assert rows[1]["身份证号"].value == THIRD
    assert "身份证号：[id_stored_as_number]" in rows[0][REASON_HEADER].value
    assert "姓名：[name_missing]" in rows[1][REASON_HEADER].value
    assert rows[0]["出生日期"].value == "2017年5月1日"  # as written
    phone = rows[0]["父亲电话"]
    assert phone.value == "'+86 139 0000 0000"  # what would start a formula is neutralised

    # The teacher fixes the two rows and imports the workbook again.
    rows[1]["姓名"].value = "赵三"
    id_cell.value = GIRL
    phone.value = "13900000000"
    written.save(target)
    again = service.run(ADMIN, target)
    assert (again.imported, again.rejected, again.warnings) == (2, 0, 0)
    assert set(children(school_db)) == {"王小明", "孙丽", "李小红", "赵三"}
    father = children(school_db)["李小红"]
    with school_db.session_factory() as session:
        phones = session.scalars(
            select(Guardian.phone).where(Guardian.family_id == father.family_id)
        ).all()
    assert phones == ["13900000000"]


def test_error_workbook_renders_with_the_given_function_and_defaults_to_the_message(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    source = make_roster(tmp_path / "a.xlsx", [("", BOY, "", "", "", "", "")])
    report = RosterImportService(school_db, clock).preview(ADMIN, source)
    target = write_error_workbook(report, tmp_path / "e.xlsx", source)
    written = load_workbook(target)
    [problem] = report.errors
    assert isinstance(problem, ImportProblem)
    reason = written["一年级"].cell(row=2, column=written["一年级"].max_column).value
    assert reason == f"姓名：{problem.message}"


def test_run_after_preview_reads_a_file_changed_in_between_again(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    service = RosterImportService(school_db, clock)
    path = make_roster(tmp_path / "a.xlsx", FIRST[:1])
    calls: list[tuple[int, int]] = []
    assert service.preview(ADMIN, path).imported == 1
    same = service.run(ADMIN, path, lambda done, total: calls.append((done, total)))
    assert same.imported == 1 and calls == [(1, 1)]  # checked once, by the preview
    make_roster(path, [*FIRST, SECOND[2]])  # the teacher saved the file again
    assert service.preview(ADMIN, path).imported == 2
    path.write_bytes(make_roster(tmp_path / "b.xlsx", SECOND[2:]).read_bytes())
    report = service.run(ADMIN, path)
    assert report.imported == 1  # not the 2 of the preview: the file was read again
    assert set(children(school_db)) == {"王小明", "赵三"}
