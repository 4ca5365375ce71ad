"""In-process timings of the children list: open and search-as-you-type at 5,000 and 260,000.

Ours: ``ChildrenSearch`` (prepared keys) feeding ``ChildrenTableModel`` in a shown
``QTableView``, painted. Baseline: the bare minimum with the same libraries — a
list comprehension on one precomputed attribute feeding a minimal
``QAbstractTableModel`` in the same kind of view, painted.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import date
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERIES = ("z", "zx", "zxm", "张", "张小", "5678")


def synthetic_rows(n: int) -> list[Any]:
    from liushou_desktop.domain.children import ChildRow
    from liushou_desktop.domain.demo_data import GIVEN_BOY, SURNAMES

    rng = random.Random(n)
    syllables = ["zhang", "wang", "li", "xiao", "ming", "hong", "hua", "min", "jun", "yu"]
    rows = []
    for i in range(n):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_BOY) + rng.choice(GIVEN_BOY)
        pinyin = " ".join(rng.choice(syllables) for _ in range(3))
        rows.append(
            ChildRow(
                str(i),
                name,
                pinyin,
                "".join(s[0] for s in pinyin.split()),
                "M",
                date(2015, 1, 1),
                i % 9 + 1,
                f"{i % 9 + 1}年级{i % 4 + 1}班",
                f"5205**********{i % 10000:04d}",
                "王奶奶",
                f"138****{i % 10000:04d}",
                True,
            )
        )
    return rows


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _paint(view: Any) -> None:
    _app().processEvents()
    view.viewport().repaint()


def prepare(n: int) -> tuple[Callable[[], float], Callable[[], float], Callable[[], float]]:
    """(open ours, search ours, search baseline) timers for a list of ``n`` children."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    from liushou_desktop.domain.children_search import ChildrenSearch
    from liushou_desktop.gui.children_model import ChildrenTableModel

    _app()
    rows = synthetic_rows(n)
    ours_model = ChildrenTableModel()
    ours_view = QTableView()
    ours_view.setModel(ours_model)
    ours_view.resize(1200, 600)
    ours_view.show()
    state: dict[str, Any] = {}

    def open_ours() -> float:
        start = time.perf_counter()
        state["search"] = ChildrenSearch(rows)
        ours_model.set_rows(state["search"].rows)
        _paint(ours_view)
        return time.perf_counter() - start

    open_ours()
    queries = iter([])

    def next_query() -> str:
        nonlocal queries
        query = next(queries, None)
        if query is None:
            queries = iter(QUERIES)
            query = next(queries)
        return query

    def search_ours() -> float:
        query = next_query()
        start = time.perf_counter()
        ours_model.set_rows(state["search"].filter(query))
        _paint(ours_view)
        return time.perf_counter() - start

    class Bare(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[Any] = []

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return 7

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()].name
            return None

    bare = Bare()
    bare_view = QTableView()
    bare_view.setModel(bare)
    bare_view.resize(1200, 600)
    bare_view.show()
    initials = [(r.name_initials, r) for r in rows]

    def search_baseline() -> float:
        query = next_query()
        start = time.perf_counter()
        bare.beginResetModel()
        bare.rows = [r for i, r in initials if i.startswith(query) or query in r.name]
        bare.endResetModel()
        _paint(bare_view)
        return time.perf_counter() - start

    return open_ours, search_ours, search_baseline
