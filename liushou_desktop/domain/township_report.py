"""The township's summary (乡镇汇总表): a workbook and a printed table.

:func:`write_report` writes, with :func:`liushou_desktop.io.xlsx.write_forms`
(atomically, then every cell read back and checked):

* the sheet ``乡镇汇总表``: one row per school (the figures of
  :meth:`~liushou_desktop.domain.township.TownshipService.overview`), then 合计; every
  count column of 合计 is the sum of the column above it, and every rate is
  recomputed from 合计's counts (``85.7%``; empty when there is nothing to divide by);
* one sheet per school (named by the school), class by class
  (:meth:`~liushou_desktop.domain.township.TownshipService.by_class`), with its own 合计.

:func:`print_summary` prints the first sheet's table as a PDF (A4 landscape, header
repeated on every page: :mod:`liushou_desktop.printing.forms_township`).

Only counts, no child's name: the right is ``talks.status`` (the township's admin and
viewer). Both are audited: ``township_report_exported`` and ``print`` (kind
``township-summary``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.township import SchoolFigures, TownshipService
from liushou_desktop.io.xlsx import NUMBER, TEXT, FormColumn, FormSheet, sheet_name, write_forms
from liushou_desktop.printing.document import PrintOutcome, write_pdf
from liushou_desktop.printing.fonts import FontSet
from liushou_desktop.printing.forms_township import (
    SUMMARY_PAGE,
    TownshipSummary,
    draw_township_summary,
)

__all__ = [
    "AUDIT_ACTION",
    "SUMMARY_COLUMNS",
    "SUMMARY_SHEET",
    "print_summary",
    "summary_rows",
    "write_report",
]

AUDIT_ACTION = "township_report_exported"
PRINT_ACTION = "print"
PRINT_KIND = "township-summary"
SUMMARY_SHEET = "乡镇汇总表"
TITLE = "{township}农村留守儿童关爱工作汇总表（{day}）"
SCHOOL_TITLE = "{school}留守儿童关爱工作统计（{day}）"
FOOTER = (
    "填表人：　　　　　　审核人：　　　　　　联系电话：　　　　　　填表日期：　　　　年　　月　　日"
)


def _percent(share: float | None) -> str:
    """``85.7%``; "" for no share."""
    return "" if share is None else f"{share * 100:.1f}%"


def _pair(group: str) -> tuple[FormColumn, FormColumn]:
    return FormColumn((group, "人数"), 8, NUMBER), FormColumn((group, "覆盖率"), 9, TEXT)


_COMMON = (
    FormColumn(("本月谈心", "应谈心"), 8, NUMBER),
    FormColumn(("本月谈心", "已谈心"), 8, NUMBER),
    FormColumn(("本月谈心", "完成率"), 9, TEXT),
    FormColumn(("逾期未谈",), 8, NUMBER),
    FormColumn(("未结关注",), 8, NUMBER),
    *_pair("本月亲情联系"),
    *_pair("本学期家访"),
)
SUMMARY_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("序号",), 6, NUMBER),
    FormColumn(("学校",), 22, TEXT),
    FormColumn(("学校代码",), 13, TEXT),
    FormColumn(("最近同步",), 17, TEXT),
    FormColumn(("建档", "应建档"), 8, NUMBER),
    FormColumn(("建档", "已建档"), 8, NUMBER),
    FormColumn(("建档", "建档率"), 9, TEXT),
    *_COMMON,
)
CLASS_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("班级",), 16, TEXT),
    FormColumn(("在册儿童",), 8, NUMBER),
    *_COMMON,
)


def _common(f: SchoolFigures) -> list[Any]:
    return [
        f.talks_due,
        f.talks_done,
        _percent(f.talk_rate),
        f.overdue,
        f.open_concerns,
        f.family_contacted,
        _percent(f.family_contact_rate),
        f.home_visited,
        _percent(f.home_visit_rate),
    ]


def _when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at else "未收到"


def summary_rows(figures: Sequence[SchoolFigures]) -> list[list[Any]]:
    """The summary sheet's rows: one per school, then 合计 (figures' order)."""
    rows = []
    for number, f in enumerate(figures, start=1):
        total = f.is_total
        rows.append(
            [
                None if total else number,
                f.name,
                "" if total else f.code,
                "" if total else _when(f.last_bundle_at),
                f.expected,
                f.children,
                _percent(f.registration_rate),
                *_common(f),
            ]
        )
    return rows


def class_rows(figures: Sequence[SchoolFigures]) -> list[list[Any]]:
    """A school sheet's rows: one per class, then 合计."""
    return [["合计" if f.is_total else f.name, f.children, *_common(f)] for f in figures]


def _township_name(db: Database) -> str:
    with db.session_factory() as session:
        return session.scalar(select(Installation.name)) or ""


def write_report(
    db: Database, actor: Actor, out: Path, today: date | None = None, now: Now = utcnow
) -> Path:
    """Write the summary workbook to ``out`` (see the module docstring), read it back,
    audit it, and return its path. UserError when it cannot be written."""
    out = Path(out)
    service = TownshipService(db, now)
    today = today or local_date(now())
    figures = service.overview(actor, today)
    township = _township_name(db)
    stamp = f"{today:%Y-%m-%d}"
    sheets = [
        FormSheet(
            name=SUMMARY_SHEET,
            title=TITLE.format(township=township, day=stamp),
            columns=SUMMARY_COLUMNS,
            rows=summary_rows(figures),
            footer=FOOTER,
        )
    ]
    taken = {SUMMARY_SHEET}
    for school in figures[:-1]:
        sheets.append(
            FormSheet(
                name=sheet_name(school.name or school.code, taken),
                title=SCHOOL_TITLE.format(school=school.name, day=stamp),
                columns=CLASS_COLUMNS,
                rows=class_rows(service.by_class(actor, school.code, today)),
                footer=FOOTER,
            )
        )
    write_forms(out, sheets)
    with db.session_scope(actor.username) as session:
        audit.append(
            session,
            actor=actor.username,
            action=AUDIT_ACTION,
            now=now(),
            object_type="file",
            object_id=out.name[:64],
            detail={"file": out.name, "schools": len(figures) - 1, "day": stamp},
        )
    return out


def _print_row(number: int | None, f: SchoolFigures) -> tuple[str, ...]:
    def count(value: int | None) -> str:
        return "" if value is None else str(value)

    return (
        "" if number is None else str(number),
        f.name,
        "" if f.is_total else _when(f.last_bundle_at),
        count(f.expected),
        str(f.children),
        _percent(f.registration_rate),
        str(f.talks_due),
        str(f.talks_done),
        _percent(f.talk_rate),
        str(f.overdue),
        str(f.open_concerns),
        str(f.family_contacted),
        _percent(f.family_contact_rate),
        str(f.home_visited),
        _percent(f.home_visit_rate),
    )


def print_summary(
    db: Database,
    actor: Actor,
    out: Path,
    today: date | None = None,
    now: Now = utcnow,
    fonts: FontSet | None = None,
) -> PrintOutcome:
    """Print the summary table to the PDF ``out`` (A4 landscape) and audit it."""
    target = Path(out)
    today = today or local_date(now())
    figures = TownshipService(db, now).overview(actor, today)
    summary = TownshipSummary(
        township=_township_name(db),
        today=today,
        rows=tuple(_print_row(k, f) for k, f in enumerate(figures[:-1], start=1)),
        total=_print_row(None, figures[-1]),
    )
    fonts = fonts or FontSet.for_data_dir(db.data_dir.root)
    pages = write_pdf(
        target,
        SUMMARY_SHEET,
        lambda canvas: draw_township_summary(canvas, fonts, summary),
        pagesize=SUMMARY_PAGE,
        initial_font=fonts.primary,
    )
    with db.session_scope(actor.username) as session:
        audit.append(
            session,
            actor=actor.username,
            action=PRINT_ACTION,
            now=now(),
            object_type="document",
            object_id=PRINT_KIND,
            detail={"kind": PRINT_KIND, "count": len(figures) - 1, "file": target.name},
        )
    return PrintOutcome(target, pages, len(figures) - 1)
