"""Choosing the data dir, and finding bundled resources."""

from pathlib import Path

import pytest

from liushou_desktop import paths


def test_cli_value_wins(tmp_path: Path) -> None:
    (tmp_path / "portable").write_text("")
    chosen = paths.resolve_data_dir(
        tmp_path / "cli", environ={"LIUSHOU_DATA_DIR": str(tmp_path / "env")}, program=tmp_path
    )
    assert chosen == (tmp_path / "cli").resolve()


def test_environment_comes_next(tmp_path: Path) -> None:
    (tmp_path / "portable").write_text("")
    chosen = paths.resolve_data_dir(
        None, environ={"LIUSHOU_DATA_DIR": str(tmp_path / "env")}, program=tmp_path
    )
    assert chosen == (tmp_path / "env").resolve()


def test_portable_marker_keeps_data_beside_the_program(tmp_path: Path) -> None:
    (tmp_path / "portable").write_text("")
    assert paths.resolve_data_dir(None, environ={}, program=tmp_path) == tmp_path / "data"


def test_platform_dir_is_the_default(tmp_path: Path) -> None:
    chosen = paths.resolve_data_dir(None, environ={}, program=tmp_path)
    assert chosen == paths.default_data_dir()
    assert "liushou-desktop" in str(chosen)


def test_data_dir_layout(tmp_path: Path) -> None:
    data = paths.DataDir(tmp_path / "d").ensure()
    assert data.database.name == "liushou.sqlite3"
    assert data.database.parent == data.root
    assert data.backups.is_dir() and data.logs.is_dir()


def test_resource_finds_the_font_and_translation() -> None:
    font = paths.resource("resources", "fonts", "DroidSansFallbackFull.ttf")
    assert font.stat().st_size > 1_000_000
    assert paths.resource("translations", "liushou_zh_CN.qm").is_file()


def test_missing_resource_names_the_path() -> None:
    with pytest.raises(FileNotFoundError, match="nothing-here.ttf"):
        paths.resource("resources", "fonts", "nothing-here.ttf")


def test_frozen_bundle_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(paths.sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_root() == tmp_path / "liushou_desktop"
