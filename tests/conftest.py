"""Fixtures shared by all tests: offscreen Qt, temporary data dirs, a fixed clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from liushou_desktop.db.database import Database, open_database  # noqa: E402
from liushou_desktop.domain.setup import SetupService  # noqa: E402
from liushou_desktop.paths import DataDir  # noqa: E402
from tests.helpers import SCHOOL, FakeClock  # noqa: E402


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data").ensure()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db(data_dir: DataDir, clock: FakeClock) -> Iterator[Database]:
    database = open_database(data_dir, now=clock)
    yield database
    database.close()


@pytest.fixture
def school_db(db: Database, clock: FakeClock) -> Database:
    SetupService(db, clock).set_up(SCHOOL, "test")
    return db
