"""Cold-start baseline: the bare prototype of the app's first window.

Run as ``python benchmarks/baseline_cold_start.py DATABASE``. It does what a
hand-written prototype with the app's libraries would do and nothing more:
import the heavy libraries the app depends on (Qt widgets, the SQLAlchemy ORM,
reportlab, openpyxl), create a ``QApplication``, read the children with the
``sqlite3`` module into a ``QTableWidget``, show it, let Qt process the
resulting events, and print ``shown <unix time>`` — the same line format (minus
the window class) and the same clock as the app's ``LIUSHOU_EXIT_WHEN_SHOWN``
hook, so ``run.py`` times both the same way. It then leaves with
``os._exit(0)``, skipping interpreter teardown, as the app's hook does.

Kept dependency-free apart from the libraries it imports on purpose, and not
imported by the runner: it must start as cheaply as a prototype would.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time

# Imported for their start-up cost only: the app needs them at run time too.
import openpyxl  # noqa: F401
import reportlab  # noqa: F401
import sqlalchemy.orm  # noqa: F401
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

QUERY = "SELECT name, sex, birth_date, id_number FROM child"
HEADERS = ("name", "sex", "birth_date", "id_number")
WINDOW_SIZE = (1280, 720)  # the app's main window default size


def read_children(database: str) -> list[tuple[object, ...]]:
    """All rows of ``QUERY`` from the SQLite file at ``database``."""
    connection = sqlite3.connect(database)
    try:
        return connection.execute(QUERY).fetchall()
    finally:
        connection.close()


def fill_table(table: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    """Put ``rows`` into ``table``, one item per cell."""
    table.setColumnCount(len(HEADERS))
    table.setHorizontalHeaderLabels(list(HEADERS))
    table.setRowCount(len(rows))
    for row_index, row in enumerate(rows):
        for column_index, value in enumerate(row):
            text = "" if value is None else str(value)
            table.setItem(row_index, column_index, QTableWidgetItem(text))


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} DATABASE")
    app = QApplication(argv[:1])
    table = QTableWidget()
    fill_table(table, read_children(argv[1]))
    table.resize(*WINDOW_SIZE)
    table.show()
    app.processEvents()
    print(f"shown {time.time():.6f}", flush=True)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
