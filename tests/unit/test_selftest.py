"""``liushou-desktop --self-test`` (liushou_desktop.selftest): passes on a good install,
names the failing step and returns 1 on a broken one, and leaves nothing behind."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest

from liushou_desktop import paths, selftest
from liushou_desktop.domain.sync_bundles import BundleService

STEP_NAMES = [name for name, _step in selftest.STEPS]


def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[int, str, str]:
    """Run the self-test with its temporary folders inside ``tmp_path/tmp``."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out, err = io.StringIO(), io.StringIO()
    code = selftest.run_self_test(out, err)
    assert list(scratch.iterdir()) == [], "the temporary data dirs were left behind"
    return code, out.getvalue(), err.getvalue()


def test_self_test_passes_and_names_every_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, err = run(monkeypatch, tmp_path)
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith("self-test passed: ")  # what the build's smoke test looks for
    assert STEP_NAMES == [
        "resources",
        "libraries",
        "migrate",
        "demo school",
        "check",
        "print cards",
        "pair",
        "export bundle",
        "import bundle",
    ]
    assert [line.split("(")[0].split(maxsplit=1)[1].strip() for line in lines[1:]] == STEP_NAMES
    assert all(line.startswith("  ok    ") for line in lines[1:])
    assert "30 cards on" in out and "the township holds 30 children" in out
    assert err == ""


def test_a_missing_bundled_resource_fails_the_first_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "broken-build"
    empty.mkdir()
    monkeypatch.setattr(paths, "resource_root", lambda: empty)
    code, out, err = run(monkeypatch, tmp_path)
    assert code == 1
    last = out.splitlines()[-1]
    assert last.startswith("self-test FAILED at step “resources”: bundled resource missing: ")
    assert str(empty) in last
    assert "passed" not in out
    assert "FileNotFoundError" in err and "Traceback" not in err  # expected: no traceback


def test_an_unexpected_error_names_its_step_and_shows_the_traceback_for_support(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("merge exploded")

    monkeypatch.setattr(BundleService, "import_bundle", broken)
    code, out, err = run(monkeypatch, tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert len([line for line in lines if line.startswith("  ok    ")]) == len(STEP_NAMES) - 1
    assert lines[-1] == "self-test FAILED at step “import bundle”: RuntimeError: merge exploded"
    assert "Traceback" in err and "merge exploded" in err


def test_a_check_that_does_not_hold_fails_with_its_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = selftest._step_demo

    def fewer(ctx: selftest._Context) -> str:
        detail = real(ctx)  # 30 children...
        monkeypatch.setattr(selftest, "DEMO_CHILDREN", 31)  # ...and the check expects 31
        return detail

    monkeypatch.setattr(
        selftest, "STEPS", tuple((n, fewer if n == "demo school" else s) for n, s in selftest.STEPS)
    )
    code, out, err = run(monkeypatch, tmp_path)
    assert code == 1
    assert out.splitlines()[-1] == "self-test FAILED at step “check”: 30 children, expected 31"
    assert "Traceback" not in err
