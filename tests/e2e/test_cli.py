"""The command line, run as a teacher's IT helper would: in subprocesses, on temp data dirs."""

import json
import sqlite3
from pathlib import Path

import pytest

from liushou_desktop import __version__
from tests.helpers import run_cli


def one_line_error(result, code: int = 1) -> str:  # noqa: ANN001
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def school_dir(tmp_path: Path) -> Path:
    password = tmp_path / "password.txt"
    password.write_text("a good password\n", encoding="utf-8")
    data = tmp_path / "school"
    result = run_cli(
        "--data-dir",
        str(data),
        "init",
        "--role",
        "school",
        "--name",
        "阳光小学",
        "--code",
        "5205261001",
        "--township",
        "新场镇",
        "--password-file",
        str(password),
    )
    assert result.returncode == 0, result.stderr
    assert "a good password" not in result.stdout  # a given password is not echoed
    return data


def check(data: Path) -> dict:
    result = run_cli("check", "--json", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"liushou-desktop {__version__}"


def test_init_without_password_file_prints_password_and_recovery_code_once(
    tmp_path: Path,
) -> None:
    data = tmp_path / "d"
    result = run_cli(
        "init",
        "--role",
        "township",
        "--name",
        "新场镇",
        "--code",
        "XCZ",
        "--data-dir",
        str(data),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert len(printed["password"]) >= 12 and len(printed["recovery_code"]) == 24
    log = (data / "logs" / "liushou.log").read_text(encoding="utf-8")
    assert printed["password"] not in log and printed["recovery_code"] not in log
    with sqlite3.connect(data / "liushou.sqlite3") as conn:
        dump = "\n".join(conn.iterdump())
    assert printed["password"] not in dump and printed["recovery_code"] not in dump


def test_data_dir_before_or_after_the_subcommand_and_from_the_environment(
    school_dir: Path,
) -> None:
    before = run_cli("--data-dir", str(school_dir), "check", "--json")
    after = run_cli("check", "--json", "--data-dir", str(school_dir))
    env = run_cli("check", "--json", env={"LIUSHOU_DATA_DIR": str(school_dir)})
    assert before.returncode == after.returncode == env.returncode == 0
    assert before.stdout == after.stdout == env.stdout


def test_check_json_is_stable_and_complete(school_dir: Path) -> None:
    first = check(school_dir)
    assert first == check(school_dir)
    assert set(first) >= {"ok", "integrity", "schema", "counts"}
    assert first["ok"] is True and first["integrity"] == "ok"
    assert first["schema"]["revision"] == first["schema"]["head"]
    assert first["counts"]["children_active"] == 0


def test_demo_adds_exactly_n_children(school_dir: Path) -> None:
    result = run_cli("demo", "--children", "75", "--data-dir", str(school_dir))
    assert result.returncode == 0, result.stderr
    assert check(school_dir)["counts"]["children_active"] == 75
    run_cli("demo", "--children", "25", "--data-dir", str(school_dir))
    assert check(school_dir)["counts"]["children_active"] == 100


def test_demo_sets_up_a_school_when_needed(tmp_path: Path) -> None:
    result = run_cli("demo", "--children", "10", "--json", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["children_added"] == 10 and out["password"] and out["recovery_code"]


def test_commands_on_a_data_dir_that_is_not_set_up(tmp_path: Path) -> None:
    line = one_line_error(run_cli("check", "--data-dir", str(tmp_path / "empty")))
    assert "not set up" in line
    assert not (tmp_path / "empty").exists()  # nothing was created


def test_init_twice_is_refused(school_dir: Path) -> None:
    line = one_line_error(
        run_cli(
            "init",
            "--role",
            "school",
            "--name",
            "x",
            "--code",
            "5205261002",
            "--data-dir",
            str(school_dir),
        )
    )
    assert "already set up" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", "--role", "school", "--name", "x", "--code", "!"], "cannot be used"),
        (
            ["init", "--role", "school", "--name", "x", "--code", "AB12", "--family-phone", "999"],
            "phone",
        ),
        (
            [
                "init",
                "--role",
                "school",
                "--name",
                "x",
                "--code",
                "AB12",
                "--password-file",
                "/nonexistent/pw.txt",
            ],
            "Cannot read the file",
        ),
        (["demo", "--children", "-5"], "from 0 to"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    line = one_line_error(run_cli(*args, "--data-dir", str(tmp_path / "d")))
    assert message in line


@pytest.mark.parametrize(
    "args",
    [["chek"], ["init", "--role", "county"], ["demo", "--children", "many"], ["check", "--jsn"]],
)
def test_bad_usage_is_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    line = one_line_error(run_cli(*args, "--data-dir", str(tmp_path / "d")), code=2)
    assert line.startswith("liushou-desktop")


def test_check_fails_when_the_audit_log_was_tampered_with(school_dir: Path) -> None:
    with sqlite3.connect(school_dir / "liushou.sqlite3") as conn:
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 1")
    result = run_cli("check", "--json", "--data-dir", str(school_dir))
    assert result.returncode == 1
    assert json.loads(result.stdout)["audit"]["first_broken_id"] == 1


def test_newer_database_is_refused_with_please_upgrade(school_dir: Path) -> None:
    with sqlite3.connect(school_dir / "liushou.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    line = one_line_error(run_cli("check", "--data-dir", str(school_dir)))
    assert "newer version" in line


def test_self_test_passes() -> None:
    result = run_cli("--self-test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("self-test passed")


def test_audit_verify_finds_a_changed_or_removed_entry(school_dir: Path) -> None:
    result = run_cli("audit", "verify", "--data-dir", str(school_dir))
    assert result.returncode == 0 and "intact" in result.stdout
    run_cli("demo", "--children", "5", "--data-dir", str(school_dir))
    with sqlite3.connect(school_dir / "liushou.sqlite3") as conn:
        conn.execute("DELETE FROM audit_log WHERE id = 1")
    line = one_line_error(run_cli("audit", "verify", "--data-dir", str(school_dir)))
    assert "entry 2" in line


def test_backup_and_restore_from_the_command_line(school_dir: Path, tmp_path: Path) -> None:
    run_cli("demo", "--children", "10", "--data-dir", str(school_dir))
    plain = run_cli("backup", str(tmp_path / "usb"), "--data-dir", str(school_dir))
    assert plain.returncode == 0, plain.stderr
    assert Path(plain.stdout.strip()).name.endswith(".lsbak")
    assert "NOT encrypted" in plain.stderr
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("一二三四五六七\n", encoding="utf-8")
    sealed = run_cli(
        "backup",
        str(tmp_path / "usb"),
        "--passphrase-file",
        str(phrase),
        "--data-dir",
        str(school_dir),
    )
    assert sealed.returncode == 0 and sealed.stderr == ""
    file = sealed.stdout.strip()
    run_cli("demo", "--children", "7", "--data-dir", str(school_dir))
    assert check(school_dir)["counts"]["children_active"] == 17
    line = one_line_error(run_cli("restore", file, "--data-dir", str(school_dir)))
    assert "passphrase" in line
    restored = run_cli(
        "restore", file, "--passphrase-file", str(phrase), "--data-dir", str(school_dir)
    )
    assert restored.returncode == 0, restored.stderr
    assert "10 children" in restored.stdout
    assert check(school_dir)["counts"]["children_active"] == 10


def test_recover_the_admin_password_with_the_recovery_code(tmp_path: Path) -> None:
    data = tmp_path / "d"
    made = json.loads(
        run_cli(
            "init",
            "--role",
            "school",
            "--name",
            "阳光小学",
            "--code",
            "5205261001",
            "--json",
            "--data-dir",
            str(data),
        ).stdout
    )
    code, password = tmp_path / "code.txt", tmp_path / "new.txt"
    code.write_text("not-the-code\n")
    password.write_text("a brand new password\n")
    line = one_line_error(
        run_cli(
            "recover",
            "--code-file",
            str(code),
            "--password-file",
            str(password),
            "--data-dir",
            str(data),
        )
    )
    assert "recovery code is not right" in line
    code.write_text(made["recovery_code"] + "\n")
    result = run_cli(
        "recover",
        "--code-file",
        str(code),
        "--password-file",
        str(password),
        "--data-dir",
        str(data),
    )
    assert result.returncode == 0, result.stderr
    assert "New recovery code" in result.stdout and made["recovery_code"] not in result.stdout


def _roster(path: Path) -> Path:
    from datetime import date

    from openpyxl import Workbook

    from liushou_desktop.domain.id_numbers import make_id_number

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["阳光小学留守儿童花名册"])
    sheet.append(["序号", "姓名", "性别", "身份证号", "班级", "父亲姓名", "父亲电话"])
    sheet.append(
        [
            1,
            "王小明",
            "男",
            make_id_number("520526", date(2016, 3, 12), 11),
            "三(2)班",
            "王大山",
            "13812345678",
        ]
    )
    sheet.append(
        [
            2,
            "李小红",
            "女",
            make_id_number("520526", date(2017, 5, 1), 22),
            "二年级1班",
            "李大海",
            "13912345678",
        ]
    )
    sheet.append([3, "张三", "男", 520526201603120111, "三(2)班", "", ""])
    workbook.save(path)
    return path


def test_roster_import_dry_run_then_for_real(school_dir: Path, tmp_path: Path) -> None:
    roster = _roster(tmp_path / "花名册.xlsx")
    dry = run_cli(
        "roster", "import", str(roster), "--dry-run", "--json", "--data-dir", str(school_dir)
    )
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert (report["imported"], report["rejected"]) == (2, 1)
    problem = next(e for e in report["errors"] if e["code"] == "id_stored_as_number")
    assert (problem["row"], problem["column"]) == (5, "身份证号")
    assert check(school_dir)["counts"]["children_active"] == 0  # a dry run writes nothing
    real = run_cli("roster", "import", str(roster), "--data-dir", str(school_dir))
    assert real.returncode == 0, real.stderr
    assert "imported 2" in real.stdout and "id_stored_as_number" in real.stdout
    assert check(school_dir)["counts"]["children_active"] == 2
    again = json.loads(
        run_cli("roster", "import", str(roster), "--json", "--data-dir", str(school_dir)).stdout
    )
    assert (again["imported"], again["unchanged"]) == (0, 2)


def test_roster_import_of_a_file_that_is_not_a_roster(school_dir: Path, tmp_path: Path) -> None:
    junk = tmp_path / "notes.xlsx"
    junk.write_bytes(b"this is not a spreadsheet at all" * 10)
    line = one_line_error(run_cli("roster", "import", str(junk), "--data-dir", str(school_dir)))
    assert "not a spreadsheet" in line
