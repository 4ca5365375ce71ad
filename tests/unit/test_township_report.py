"""The township's summary workbook and printed table: the columns add up."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from liushou_desktop.db.models import AuditEntry
from liushou_desktop.domain.township import TownshipService
from liushou_desktop.domain.township_report import (
    SUMMARY_COLUMNS,
    SUMMARY_SHEET,
    print_summary,
    write_report,
)
from tests.unit.test_township import SCHOOLS, TODAY, Township, build_township, naive


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Township:
    return build_township(tmp_path_factory.mktemp("township-report"))


def _sheet(path: Path, name: str) -> list[list[object]]:
    book = load_workbook(path, read_only=True)
    try:
        return [list(r) for r in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


def _rate(text: object) -> float | None:
    return None if text in (None, "") else float(str(text).rstrip("%")) / 100


def _body(grid: list[list[object]], header_rows: int) -> list[list[object]]:
    """The data rows under the title and the header, up to the 合计 row included."""
    rows = []
    for row in grid[1 + header_rows :]:
        if row[0] is None and row[1] is None:
            break
        rows.append(row)
    return rows


def test_the_summary_sheet_adds_up(township: Township, tmp_path: Path) -> None:
    out = write_report(township.db, township.admin, tmp_path / "汇总.xlsx", TODAY, township.clock)
    assert out.exists()
    grid = _sheet(out, SUMMARY_SHEET)
    assert "新场镇" in str(grid[0][0]) and "2026-11-20" in str(grid[0][0])
    headers = [c.header[-1] for c in SUMMARY_COLUMNS]
    groups = [c.header[0] for c in SUMMARY_COLUMNS]
    body = _body(grid, 2)
    schools, total = body[:-1], body[-1]
    assert [r[2] for r in schools] == [s[0] for s in SCHOOLS]
    assert total[1] == "合计"
    col = {(g, h): k for k, (g, h) in enumerate(zip(groups, headers, strict=True))}
    counts = [
        k
        for k, c in enumerate(SUMMARY_COLUMNS)
        if c.kind == "number" and c.header != ("序号",) and c.header != ("建档", "应建档")
    ]
    for k in counts:
        assert total[k] == sum(r[k] for r in schools), headers[k]
    # each school's cells are the direct count
    for row in schools:
        want = naive(township.db, str(row[2]), TODAY)
        assert row[col[("建档", "已建档")]] == want["children"]
        assert row[col[("本月谈心", "已谈心")]] == want["talks_done"]
        assert row[col[("逾期未谈", "逾期未谈")]] == want["overdue"]
        assert row[col[("未结关注", "未结关注")]] == want["open_concerns"]
        assert row[col[("本月亲情联系", "人数")]] == want["family_contacted"]
        assert row[col[("本学期家访", "人数")]] == want["home_visited"]
    # rates: recomputed from the total's counts, not averaged
    children = total[col[("建档", "已建档")]]
    pairs = (
        (
            ("本月谈心", "完成率"),
            total[col[("本月谈心", "已谈心")]],
            total[col[("本月谈心", "应谈心")]],
        ),
        (("本月亲情联系", "覆盖率"), total[col[("本月亲情联系", "人数")]], children),
        (("本学期家访", "覆盖率"), total[col[("本学期家访", "人数")]], children),
    )
    for key, part, whole in pairs:
        assert _rate(total[col[key]]) == pytest.approx(part / whole, abs=0.0005), key
    # one school has no expected number: no township 建档率, and no expected total
    assert total[col[("建档", "应建档")]] is None and total[col[("建档", "建档率")]] is None
    first = schools[0]
    assert _rate(first[col[("建档", "建档率")]]) == pytest.approx(
        first[col[("建档", "已建档")]] / first[col[("建档", "应建档")]], abs=0.0005
    )
    with township.db.session_factory() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "township_report_exported" in actions


def test_every_school_sheet_adds_up_to_its_summary_row(township: Township, tmp_path: Path) -> None:
    out = write_report(township.db, township.viewer, tmp_path / "r.xlsx", TODAY, township.clock)
    summary = _body(_sheet(out, SUMMARY_SHEET), 2)
    book = load_workbook(out, read_only=True)
    names = book.sheetnames
    book.close()
    assert names == [SUMMARY_SHEET, *(s[1] for s in SCHOOLS)]
    for school_row, name in zip(summary[:-1], names[1:], strict=True):
        body = _body(_sheet(out, name), 2)
        classes, total = body[:-1], body[-1]
        assert total[0] == "合计" and len(classes) >= 2
        for k in range(1, len(total)):
            if isinstance(total[k], int):
                assert total[k] == sum(r[k] for r in classes), (name, k)
        # the school's 合计 is its line in the summary (children ... home visits)
        assert total[1] == school_row[5]
        assert total[2:] == school_row[7:]


def test_the_printed_summary_has_every_school_and_the_total(
    township: Township, tmp_path: Path
) -> None:
    outcome = print_summary(
        township.db, township.admin, tmp_path / "汇总.pdf", TODAY, township.clock
    )
    assert outcome.pages == 1 and outcome.items == len(SCHOOLS)
    text = subprocess.run(
        ["pdftotext", "-layout", str(outcome.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "新场镇农村留守儿童关爱工作汇总表" in text and "2026" in text
    figures = TownshipService(township.db, township.clock).overview(township.admin, TODAY)
    for school in figures:
        assert school.name in text
    total = figures[-1]
    line = next(t for t in text.splitlines() if "合计" in t)
    assert str(total.children) in line.split() and str(total.talks_done) in line.split()
    assert "共1页" in text.replace(" ", "") and "应建档" in text


def test_many_schools_repeat_the_header_on_every_page(tmp_path: Path) -> None:
    from datetime import date

    from liushou_desktop.printing.document import write_pdf
    from liushou_desktop.printing.fonts import FontSet
    from liushou_desktop.printing.forms_township import (
        SUMMARY_PAGE,
        TownshipSummary,
        draw_township_summary,
    )

    row = tuple(["1", "某某小学", "2026-11-01 08:00", *["10"] * 12])
    summary = TownshipSummary("新场镇", date(2026, 11, 20), tuple(row for _ in range(45)), row)
    fonts = FontSet()
    out = tmp_path / "long.pdf"
    pages = write_pdf(
        out,
        "t",
        lambda canvas: draw_township_summary(canvas, fonts, summary),
        pagesize=SUMMARY_PAGE,
        initial_font=fonts.primary,
    )
    assert pages >= 2
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("应建档") == pages and text.count("新场镇农村留守儿童关爱工作汇总表") == pages
