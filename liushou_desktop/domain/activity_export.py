"""The term plan (行事历) as an Excel workbook: one row per activity, by first day, in
the words of the printed plan, written with :func:`liushou_desktop.io.xlsx.write_forms`
(atomically, read back and checked; the header frozen and repeated on each printed
page, dates as dates, the columns' widths set).

The plan holds no child's details, so it needs only ``activities.view``; the export is
audited (``activities_exported``) as every file leaving the program is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.activity_print import load_term_plan
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import VIEW_ACTIVITIES, Actor
from liushou_desktop.io.xlsx import DATE, NUMBER, TEXT, FormColumn, FormSheet, write_forms
from liushou_desktop.printing.forms_activities import TermPlan

__all__ = ["AUDIT_ACTION", "COLUMNS", "SHEET", "export_term_plan", "plan_rows"]

AUDIT_ACTION = "activities_exported"
SHEET = "行事历"
TITLE = "{school}{term}关爱留守儿童活动行事历"
FOOTER = "制表人：　　　　　　审核人：　　　　　　制表日期：　　　　年　　月　　日"

COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("序号",), 5, NUMBER),
    FormColumn(("月份",), 6, TEXT),
    FormColumn(("开始日期",), 11, DATE),
    FormColumn(("结束日期",), 11, DATE),
    FormColumn(("活动内容",), 36, TEXT),
    FormColumn(("类别",), 16, TEXT),
    FormColumn(("对象",), 18, TEXT),
    FormColumn(("负责人",), 12, TEXT),
    FormColumn(("地点",), 12, TEXT),
    FormColumn(("完成情况",), 14, TEXT),
    FormColumn(("备注",), 28, TEXT),
)


def plan_rows(plan: TermPlan) -> list[list[Any]]:
    """The sheet's rows, in :data:`COLUMNS` order."""
    return [
        [
            serial,
            f"{line.starts_on.month}月",
            line.starts_on,
            line.ends_on,
            line.title,
            line.kind,
            line.target,
            line.organiser,
            line.place,
            line.status,
            line.notes,
        ]
        for serial, line in enumerate(plan.lines, start=1)
    ]


def export_term_plan(
    db: Database, actor: Actor, term_name: str, out: Path, now: Now = utcnow
) -> int:
    """Write the plan of ``term_name`` to ``out``; the number of activities written.
    UserError when the term is not in the school calendar or the file cannot be written
    (nothing is left at ``out`` then)."""
    enforce(db, actor, VIEW_ACTIVITIES, now)
    plan = load_term_plan(db, actor, term_name, now)
    rows = plan_rows(plan)
    path = Path(out)
    write_forms(
        path,
        [
            FormSheet(
                name=SHEET,
                title=TITLE.format(school=plan.school, term=plan.term),
                columns=COLUMNS,
                rows=rows,
                footer=FOOTER,
            )
        ],
    )
    with db.session_scope(actor.username) as session:
        audit.append(
            session,
            actor=actor.username,
            action=AUDIT_ACTION,
            now=now(),
            object_type="file",
            object_id=path.name[:64],
            detail={"file": path.name, "term": term_name, "rows": len(rows)},
        )
    return len(rows)
