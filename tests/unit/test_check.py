"""``check`` reports the same thing for the same data, and fails when it should."""

from sqlalchemy import text

from liushou_desktop.db.database import Database
from liushou_desktop.domain.check import CheckService
from liushou_desktop.domain.demo import DemoService


def test_report_is_deterministic_and_counts_children(school_db: Database) -> None:
    DemoService(school_db).add_children(40, "t")
    first = CheckService(school_db).report()
    assert first == CheckService(school_db).report()
    assert first["ok"] is True
    assert first["integrity"] == "ok"
    assert first["counts"]["children_active"] == 40
    assert first["counts"]["schools"] == 1 and first["counts"]["users"] == 1
    assert first["schema"]["revision"] == first["schema"]["head"]


def test_a_broken_audit_chain_makes_the_check_fail(school_db: Database) -> None:
    with school_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = '{}' WHERE id = 1"))
    report = CheckService(school_db).report()
    assert report["ok"] is False
    assert report["audit"] == {"ok": False, "first_broken_id": 1}
