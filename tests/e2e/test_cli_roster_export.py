"""``liushou-desktop roster export``, run in subprocesses on a demo school."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import run_cli


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli-export") / "demo"
    result = run_cli("--data-dir", str(data), "demo", "--children", "40", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["children_added"] == 40
    return data


def sheets(path: Path) -> dict[str, int]:
    """Sheet name -> number of rows holding a child (a name in column B below the header)."""
    workbook = load_workbook(path, read_only=True)
    try:
        return {
            ws.title: sum(
                1 for row in ws.iter_rows(min_row=3, values_only=True) if len(row) > 1 and row[1]
            )
            for ws in workbook.worksheets
        }
    finally:
        workbook.close()


def test_roster_export_writes_one_sheet_per_class(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "花名册.xlsx"
    result = run_cli("roster", "export", str(target), "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    counts = sheets(target)
    assert sum(counts.values()) == 40 and len(counts) > 1
    lines = result.stdout.strip().splitlines()
    assert lines == [f"exported 40 children in {len(counts)} sheet(s) to {target}"]


def test_register_form_and_class_filter(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "登记表.xlsx"
    result = run_cli(
        "roster", "export", str(target), "--form", "register", "--data-dir", str(demo_dir)
    )
    assert result.returncode == 0, result.stderr
    assert list(sheets(target)) == ["登记表"]
    one = tmp_path / "一年级.xlsx"
    result = run_cli(
        "roster", "export", str(one), "--class", "一(1)班", "--data-dir", str(demo_dir)
    )
    assert result.returncode == 0, result.stderr
    assert list(sheets(one)) == ["一年级1班"]


def test_export_then_import_changes_nothing_on_the_command_line(
    demo_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "back.xlsx"
    assert run_cli("roster", "export", str(target), "--data-dir", str(demo_dir)).returncode == 0
    result = run_cli(
        "roster", "import", str(target), "--dry-run", "--json", "--data-dir", str(demo_dir)
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["imported"], report["rejected"], report["duplicates"]) == (0, 0, 0)
    assert report["updated"] + report["unchanged"] == 40


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--class", "九年级9班"], "九年级9班"),
        (["--form", "register"], "Cannot write"),
    ],
)
def test_errors_are_one_line_and_exit_1(
    demo_dir: Path, tmp_path: Path, args: list[str], needle: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "out.xlsx"  # a folder that is a file: cannot be written
    result = run_cli("roster", "export", str(target), *args, "--data-dir", str(demo_dir))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [blocker]


def test_bad_form_is_a_usage_error(demo_dir: Path, tmp_path: Path) -> None:
    result = run_cli(
        "roster", "export", str(tmp_path / "x.xlsx"), "--form", "pdf", "--data-dir", str(demo_dir)
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
