"""A database made by every released schema opens with this version, data intact."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from liushou_desktop.db.database import open_database
from liushou_desktop.db.migrate import HEAD_REVISION, current_revision
from liushou_desktop.domain.check import CheckService
from liushou_desktop.paths import DataDir
from tests.helpers import ROOT, FakeClock

FIXTURES = sorted((ROOT / "tests" / "data" / "schemas").glob("schema-*.sqlite3"))


def test_there_is_a_fixture_for_the_head_revision() -> None:
    assert f"schema-{HEAD_REVISION}.sqlite3" in [p.name for p in FIXTURES]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_upgrade_keeps_every_child(fixture: Path, tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data").ensure()
    shutil.copy(fixture, data.database)
    with sqlite3.connect(data.database) as conn:
        names_before = sorted(r[0] for r in conn.execute("SELECT name FROM child"))
    db = open_database(data, now=FakeClock())
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        report = CheckService(db).report()
        assert report["ok"], report
        assert report["counts"]["children_active"] == len(names_before) == 20
    finally:
        db.close()
    with sqlite3.connect(data.database) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT name FROM child")) == names_before
