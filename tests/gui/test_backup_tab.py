"""设置 → 备份与恢复: a passphrase is typed twice before a backup is encrypted with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication

from liushou_desktop.db.database import Database
from liushou_desktop.domain.backups import BackupService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.backups import BackupTab

ADMIN = Actor(username="admin", role="admin")


def _tab(qtbot: Any, db: Database) -> BackupTab:
    tab = BackupTab(BackupService(db), ADMIN, lambda: None)
    qtbot.addWidget(tab)
    return tab


def _answers(monkeypatch: pytest.MonkeyPatch, folder: Path, *typed: str) -> list[str]:
    answers = list(typed)
    told: list[str] = []
    folder.mkdir()
    monkeypatch.setattr(dialogs, "choose_folder", lambda *_a: folder)
    monkeypatch.setattr(dialogs, "ask_secret", lambda *_a: answers.pop(0))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, _text: told.append(title))
    return told


def test_two_different_passphrases_make_no_backup(
    app: Any, qtbot: Any, school_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = _answers(monkeypatch, tmp_path / "stick", "correct horse", "correct hrose")
    _tab(qtbot, school_db).back_up()
    assert list((tmp_path / "stick").iterdir()) == []
    assert told == [QCoreApplication.translate("BackupTab", "Passphrases differ")]


def test_the_same_passphrase_twice_makes_the_backup(
    app: Any, qtbot: Any, school_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answers(monkeypatch, tmp_path / "stick", "correct horse", "correct horse")
    _tab(qtbot, school_db).back_up()
    (made,) = list((tmp_path / "stick").glob("*.lsbak"))
    assert made.stat().st_size > 0


def test_no_passphrase_is_asked_once(
    app: Any, qtbot: Any, school_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answers(monkeypatch, tmp_path / "stick", "")  # a second question would find no answer
    _tab(qtbot, school_db).back_up()
    assert len(list((tmp_path / "stick").glob("*.lsbak"))) == 1
