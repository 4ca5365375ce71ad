"""Benchmarks of liushou_desktop against raw-library baselines.

Usage::

    python benchmarks/run.py [--runs N] [--only NAME] [--json FILE]

Each operation is timed next to a baseline doing the equivalent work with the
bare libraries, in the same run: one uncounted warm-up of each (so both see
the same OS file cache), then ours and the baseline strictly alternately, so
that noise from other work on the machine hits both alike. The table shows
the median of the runs of each, and the ratio ours / baseline. Every timed
step is a fresh process, timed from just before it is spawned.

Operations (see README.md for what each baseline does):

``cold_start``
    ``python -m liushou_desktop --data-dir DIR`` on a school with 1,000
    children, to the sign-in dialog being shown.
``cold_start_demo_main``
    The same with ``--demo``: the demo school signs in by itself and the first
    window is the main window (home page with counts).
``demo``
    ``python -m liushou_desktop --data-dir NEW_DIR demo --children 5000``.
``roster_import``
    ``python -m liushou_desktop --data-dir DIR roster import FILE``: a 5,000-row,
    30-column roster into a freshly set-up school (``roster_io.py``).
``roster_export``
    ``python -m liushou_desktop --data-dir DIR roster export FILE`` of those
    5,000 children (the 花名册, one sheet per class).
``roster_import_in_process``, ``roster_export_in_process``
    The same service calls timed inside the process, without interpreter
    start-up and imports (``roster_io.py ours-import`` / ``ours-export``).
``print_cards_in_process``
    1,000 contact cards, 4 per A4 page, in one PDF (``PrintService.cards``) against
    a bare reportlab ``drawString`` loop of the same strings (``print_cards.py``);
    the details give both files' sizes.
``talk_plan_in_process``
    ``TalkPlanService.plan_month`` for a 1,000-child school (every child with a
    mentor) against a bare sqlite3 executemany of as many planned rows
    (``talk_plan.py``).
``talk_status_in_process``
    ``TalkStatusService.status`` of a month for 5,000 children and 60,000 talks
    against the bare sqlite3 GROUP BY (``talk_status.py``).
``sync_export_in_process``
    ``BundleService.export(full=True)`` of a 5,000-child, 60,000-talk school against
    the bare pipeline over the same rows: select into memory, serialize, zstd-3,
    AES-256-GCM, write (``sync_bundles.py``); the details give both files' sizes.
``sync_import_20_in_process``
    An empty paired township importing 20 schools' bundles (5,000 children and
    60,000 talks in all), verification and merge included, against decrypting the
    20 bare files and one executemany upsert of their rows in one transaction
    (``sync_bundles.py``); the details give the bundles' total size.

Nothing here is a unit test; the script only measures and reports. It exits 0
when every operation ran, 1 if one failed (with the reason), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from liushou_desktop.paths import DATABASE_NAME

HERE = Path(__file__).resolve().parent
APP = (sys.executable, "-m", "liushou_desktop")
COLD_START_BASELINE = HERE / "baseline_cold_start.py"
BULK_INSERT_BASELINE = HERE / "baseline_bulk_insert.py"
ROSTER_IO = HERE / "roster_io.py"
PRINT_CARDS = HERE / "print_cards.py"
CARDS = 1_000
TALK_PLAN = HERE / "talk_plan.py"
TALK_PLAN_CHILDREN = 1_000
TALK_STATUS = HERE / "talk_status.py"
SYNC_BUNDLES = HERE / "sync_bundles.py"

# The app's benchmark hook (liushou_desktop.gui.app.EXIT_WHEN_SHOWN_ENV, not
# imported here so that the runner does not load Qt): the GUI prints
# "shown <WindowClass> <unix time>" once its first window is shown, then exits.
EXIT_WHEN_SHOWN_ENV = "LIUSHOU_EXIT_WHEN_SHOWN"
GUI_ENV = {"QT_QPA_PLATFORM": "offscreen", EXIT_WHEN_SHOWN_ENV: "1"}

COLD_START_CHILDREN = 1_000
DEMO_CHILDREN = 5_000
ROSTER_ROWS = 5_000
COLD_START_RUNS = 7
DEMO_RUNS = 5
ROSTER_RUNS = 5
TIMEOUT_S = 600.0

Timer = Callable[[], float]
"""Runs the operation once and returns the seconds it took."""


class BenchmarkError(Exception):
    """An operation could not be run or timed; the message says why."""


def log(message: str) -> None:
    """Progress on stderr, so that stdout carries only the results table."""
    print(message, file=sys.stderr, flush=True)


# --- running processes -----------------------------------------------------


def _tail(text: str, lines: int = 5) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run_checked(command: Sequence[str], env: dict[str, str] | None = None) -> str:
    """Run ``command`` to completion and return its stdout; raise if it fails."""
    try:
        proc = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"{' '.join(command)} took over {TIMEOUT_S:.0f} s") from exc
    if proc.returncode != 0:
        raise BenchmarkError(
            f"{' '.join(command)} exited with {proc.returncode}:\n{_tail(proc.stderr)}"
        )
    return proc.stdout


def time_process(command: Sequence[str]) -> float:
    """Wall time of ``command`` from spawning it to its exit (output discarded)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"{' '.join(command)} took over {TIMEOUT_S:.0f} s") from exc
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchmarkError(
            f"{' '.join(command)} exited with {proc.returncode}:\n{_tail(proc.stderr)}"
        )
    return elapsed


def time_until_shown(command: Sequence[str], window: str | None) -> float:
    """Seconds from spawning a GUI ``command`` to the time it says its window was shown.

    The process prints ``shown [WindowClass] <unix time>`` and exits. The start
    is ``time.time()`` just before ``Popen``, the same clock the process uses.
    If ``window`` is given, the shown window's class must be that one.
    """
    env = {**os.environ, **GUI_ENV}
    start = time.time()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        proc.communicate()
        raise BenchmarkError(f"{' '.join(command)} showed no window in {TIMEOUT_S:.0f} s") from exc
    shown = [line.split() for line in stdout.splitlines() if line.startswith("shown ")]
    if not shown:
        raise BenchmarkError(
            f"{' '.join(command)} exited with {proc.returncode} without reporting a shown "
            f"window:\n{_tail(stderr)}"
        )
    fields = shown[0]
    if window is not None and fields[1:2] != [window]:
        raise BenchmarkError(
            f"{' '.join(command)} showed {' '.join(fields[1:-1]) or '?'}, expected {window}"
        )
    return float(fields[-1]) - start


# --- the operations -----------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Our operation and its baseline, ready to be timed any number of times."""

    ours: Timer
    baseline: Timer
    details: dict[str, Any] = field(default_factory=dict)


class Workspace:
    """Temporary data dirs for one benchmark run, removed at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._school_dirs: dict[int, Path] = {}
        self._count = 0

    def new_path(self, stem: str) -> Path:
        """A path under the workspace that does not exist yet."""
        self._count += 1
        return self.root / f"{stem}-{self._count}"

    def school_with_children(self, children: int) -> Path:
        """A data dir holding the demo school with ``children`` children (made once)."""
        if children not in self._school_dirs:
            data_dir = self.new_path(f"school-{children}")
            log(f"preparing a data dir with {children:,} children (not timed)…")
            run_checked([*APP, "--data-dir", str(data_dir), "demo", "--children", str(children)])
            self._school_dirs[children] = data_dir
        return self._school_dirs[children]


def counts_of(data_dir: Path) -> dict[str, int]:
    """The row counts ``liushou_desktop check --json`` reports for ``data_dir``."""
    report = json.loads(run_checked([*APP, "--data-dir", str(data_dir), "check", "--json"]))
    counts: dict[str, int] = report["counts"]
    return counts


def prepare_cold_start(workspace: Workspace, demo: bool) -> Pair:
    """Cold start to the first window, against the bare prototype on the same file."""
    data_dir = workspace.school_with_children(COLD_START_CHILDREN)
    ours = [*APP, "--data-dir", str(data_dir)]
    if demo:
        ours.append("--demo")
    window = "MainWindow" if demo else "SignInDialog"
    baseline = [sys.executable, str(COLD_START_BASELINE), str(data_dir / DATABASE_NAME)]
    return Pair(
        ours=lambda: time_until_shown(ours, window),
        baseline=lambda: time_until_shown(baseline, None),
        details={"first_window": window, "children": COLD_START_CHILDREN},
    )


def prepare_demo(workspace: Workspace) -> Pair:
    """The demo command on a fresh dir, against raw sqlite3 inserts of as many rows."""
    log("running the demo once to read its row counts (not timed)…")
    probe = workspace.new_path("demo-probe")
    run_checked([*APP, "--data-dir", str(probe), "demo", "--children", str(DEMO_CHILDREN)])
    counts = counts_of(probe)
    shutil.rmtree(probe)
    rows = {
        "children": counts["children_active"],
        "families": counts["families"],
        "guardians": counts["guardians"],
    }

    def ours() -> float:
        data_dir = workspace.new_path("demo")
        try:
            return time_process(
                [*APP, "--data-dir", str(data_dir), "demo", "--children", str(DEMO_CHILDREN)]
            )
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    def baseline() -> float:
        folder = workspace.new_path("bulk-insert")
        folder.mkdir()
        options = [f"--{name}={count}" for name, count in rows.items()]
        try:
            return time_process(
                [sys.executable, str(BULK_INSERT_BASELINE), str(folder / "bulk.sqlite3"), *options]
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return Pair(ours=ours, baseline=baseline, details={"rows": rows})


def time_reported(command: Sequence[str]) -> float:
    """The seconds ``command`` prints as ``seconds <s>``: work timed inside the process."""
    for line in run_checked(command).splitlines():
        if line.startswith("seconds "):
            return float(line.split()[1])
    raise BenchmarkError(f"{' '.join(command)} printed no 'seconds' line")


class RosterFiles:
    """What the roster benchmarks share: the workbook, a set-up school, the same school
    with the workbook imported (each made once, untimed)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.roster = workspace.root / "roster-5000.xlsx"
        self.template = workspace.root / "school-set-up"
        self.imported = workspace.root / "school-imported"

    def prepare(self) -> RosterFiles:
        if not self.roster.exists():
            log(f"writing a {ROSTER_ROWS:,}-row roster workbook (not timed)…")
            run_checked(
                [sys.executable, str(ROSTER_IO), "make-roster", str(self.roster)]
                + ["--rows", str(ROSTER_ROWS)]
            )
        if not self.template.exists():
            log("setting up an empty school (not timed)…")
            password = self.workspace.root / "password.txt"
            password.write_text("benchmark password\n", encoding="utf-8")
            run_checked(
                [*APP, "--data-dir", str(self.template), "init", "--role", "school"]
                + ["--name", "阳光小学", "--code", "5205261001", "--password-file", str(password)]
            )
        if not self.imported.exists():
            log("importing the roster once for the export benchmarks (not timed)…")
            self.fresh_school(self.imported)
            run_checked(
                [*APP, "--data-dir", str(self.imported), "roster", "import", str(self.roster)]
            )
        return self

    def fresh_school(self, target: Path) -> Path:
        """A copy of the set-up school, as it is before any import."""
        shutil.copytree(self.template, target)
        return target

    def import_pair(self, in_process: bool) -> Pair:
        def ours() -> float:
            data_dir = self.fresh_school(self.workspace.new_path("import"))
            try:
                if in_process:
                    command = [sys.executable, str(ROSTER_IO), "ours-import"]
                    return time_reported([*command, str(data_dir), str(self.roster)])
                return time_process(
                    [*APP, "--data-dir", str(data_dir), "roster", "import", str(self.roster)]
                )
            finally:
                shutil.rmtree(data_dir, ignore_errors=True)

        def baseline() -> float:
            folder = self.workspace.new_path("baseline-import")
            folder.mkdir()
            command = [sys.executable, str(ROSTER_IO), "baseline-import", str(self.roster)]
            try:
                target = str(folder / "bulk.sqlite3")
                if in_process:
                    return time_reported([*command, target])
                return time_process([*command, target])
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        return Pair(ours, baseline, {"rows": ROSTER_ROWS, "columns": 30})

    def export_pair(self, in_process: bool) -> Pair:
        database = self.imported / DATABASE_NAME

        def ours() -> float:
            out = self.workspace.new_path("export").with_suffix(".xlsx")
            try:
                if in_process:
                    command = [sys.executable, str(ROSTER_IO), "ours-export"]
                    return time_reported([*command, str(self.imported), str(out)])
                return time_process(
                    [*APP, "--data-dir", str(self.imported), "roster", "export", str(out)]
                )
            finally:
                out.unlink(missing_ok=True)

        def baseline() -> float:
            out = self.workspace.new_path("baseline-export").with_suffix(".xlsx")
            command = [sys.executable, str(ROSTER_IO), "baseline-export", str(database), str(out)]
            try:
                return time_reported(command) if in_process else time_process(command)
            finally:
                out.unlink(missing_ok=True)

        return Pair(ours, baseline, {"rows": ROSTER_ROWS, "columns": 39})


_ROSTER_FILES: dict[Path, RosterFiles] = {}


def roster_files(workspace: Workspace) -> RosterFiles:
    """The workspace's roster files, made on first use."""
    if workspace.root not in _ROSTER_FILES:
        _ROSTER_FILES[workspace.root] = RosterFiles(workspace)
    return _ROSTER_FILES[workspace.root].prepare()


def prepare_list_search(n: int) -> Pair:
    """Search as you type in an open list of ``n`` children (in this process)."""
    from list_search import prepare  # beside this script

    log(f"building a list of {n:,} children…")
    open_ours, search_ours, search_baseline = prepare(n)
    opened = sorted(open_ours() for _ in range(3))[1]
    log(f"opening the list of {n:,} took {opened * 1000:.0f} ms (median of 3)")
    return Pair(ours=search_ours, baseline=search_baseline, details={"open_s": opened})


@dataclass(frozen=True)
class Operation:
    name: str
    scale: str
    default_runs: int
    prepare: Callable[[Workspace], Pair]


def prepare_print_cards(workspace: Workspace) -> Pair:
    """1,000 cards through PrintService against the bare canvas loop, each timed inside
    its process; the PDF sizes go into the details."""
    data_dir = workspace.school_with_children(CARDS)
    details: dict[str, Any] = {"cards": CARDS, "layout": "a4"}

    def side(name: str) -> float:
        out = workspace.new_path(f"cards-{name}").with_suffix(".pdf")
        lines = run_checked([sys.executable, str(PRINT_CARDS), name, str(data_dir), str(out)])
        values = dict(line.split(" ", 1) for line in lines.splitlines() if " " in line)
        details[f"{name}_bytes"] = int(values["bytes"])
        out.unlink()
        return float(values["seconds"])

    return Pair(ours=lambda: side("ours"), baseline=lambda: side("baseline"), details=details)


def _reported_pair(script: Path, data_dir: Path, details: dict[str, Any]) -> Pair:
    """Ours and the baseline of ``script``, each a process printing ``seconds <s>``."""

    def side(name: str) -> float:
        return time_reported([sys.executable, str(script), name, str(data_dir)])

    return Pair(ours=lambda: side("ours"), baseline=lambda: side("baseline"), details=details)


def prepare_talk_plan(workspace: Workspace) -> Pair:
    """plan_month for 1,000 children; its own data dir (the script adds mentors to it)."""
    data_dir = workspace.new_path("talk-plan-school")
    log(f"preparing a data dir with {TALK_PLAN_CHILDREN:,} children (not timed)…")
    run_checked([*APP, "--data-dir", str(data_dir), "demo", "--children", str(TALK_PLAN_CHILDREN)])
    return _reported_pair(TALK_PLAN, data_dir, {"children": TALK_PLAN_CHILDREN, "month": "2026-06"})


def prepare_talk_status(workspace: Workspace) -> Pair:
    """A month's status for 5,000 children and 60,000 talks (the database made once)."""
    data_dir = workspace.new_path("talk-status-township")
    log("preparing 5,000 children and 60,000 talks (not timed, about 30 s)…")
    run_checked([sys.executable, str(TALK_STATUS), "make", str(data_dir)])
    return _reported_pair(TALK_STATUS, data_dir, {"children": 5_000, "talks": 60_000})


def prepare_sync_bundles(workspace: Workspace, which: str) -> Pair:
    """``which`` is ``export`` (one 5,000-child school) or ``import`` (20 schools into an
    empty township); the data is made once, untimed; file sizes go into the details."""
    data_dir = workspace.new_path(f"sync-{which}")
    if which == "export":
        log("preparing a paired school of 5,000 children, 60,000 talks (not timed, ~30 s)…")
        details: dict[str, Any] = {"children": 5_000, "talks": 60_000, "full": True}
    else:
        log("preparing 20 paired schools and their bundles (not timed, about a minute)…")
        details = {"schools": 20, "children": 5_000, "talks": 60_000}
    run_checked([sys.executable, str(SYNC_BUNDLES), f"make-{which}", str(data_dir)])

    def side(name: str) -> float:
        lines = run_checked([sys.executable, str(SYNC_BUNDLES), f"{name}-{which}", str(data_dir)])
        values = dict(line.split(" ", 1) for line in lines.splitlines() if " " in line)
        details[f"{name}_bytes"] = int(values["bytes"])
        return float(values["seconds"])

    return Pair(ours=lambda: side("ours"), baseline=lambda: side("baseline"), details=details)


OPERATIONS = (
    Operation(
        "cold_start",
        f"{COLD_START_CHILDREN:,} children",
        COLD_START_RUNS,
        lambda ws: prepare_cold_start(ws, demo=False),
    ),
    Operation(
        "cold_start_demo_main",
        f"{COLD_START_CHILDREN:,} children",
        COLD_START_RUNS,
        lambda ws: prepare_cold_start(ws, demo=True),
    ),
    Operation("demo", f"{DEMO_CHILDREN:,} children", DEMO_RUNS, prepare_demo),
    Operation("list_search", "5,000 children", 30, lambda ws: prepare_list_search(5_000)),
    Operation("list_search", "260,000 children", 12, lambda ws: prepare_list_search(260_000)),
    Operation(
        "roster_import",
        f"{ROSTER_ROWS:,} rows",
        ROSTER_RUNS,
        lambda ws: roster_files(ws).import_pair(in_process=False),
    ),
    Operation(
        "roster_import_in_process",
        f"{ROSTER_ROWS:,} rows",
        ROSTER_RUNS,
        lambda ws: roster_files(ws).import_pair(in_process=True),
    ),
    Operation(
        "roster_export",
        f"{ROSTER_ROWS:,} rows",
        ROSTER_RUNS,
        lambda ws: roster_files(ws).export_pair(in_process=False),
    ),
    Operation(
        "roster_export_in_process",
        f"{ROSTER_ROWS:,} rows",
        ROSTER_RUNS,
        lambda ws: roster_files(ws).export_pair(in_process=True),
    ),
    Operation("print_cards_in_process", f"{CARDS:,} cards", ROSTER_RUNS, prepare_print_cards),
    Operation(
        "talk_plan_in_process", f"{TALK_PLAN_CHILDREN:,} children", ROSTER_RUNS, prepare_talk_plan
    ),
    Operation("talk_status_in_process", "5,000 children", 9, prepare_talk_status),
    Operation(
        "sync_export_in_process",
        "5,000 children",
        ROSTER_RUNS,
        lambda ws: prepare_sync_bundles(ws, "export"),
    ),
    Operation(
        "sync_import_20_in_process",
        "20 schools",
        ROSTER_RUNS,
        lambda ws: prepare_sync_bundles(ws, "import"),
    ),
)


# --- measuring and reporting ----------------------------------------------------


@dataclass(frozen=True)
class Result:
    operation: str
    scale: str
    ours: list[float]
    baseline: list[float]
    details: dict[str, Any]

    @property
    def median(self) -> float:
        return statistics.median(self.ours)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "scale": self.scale,
            "runs": len(self.ours),
            "median_s": round(self.median, 4),
            "baseline_median_s": round(self.baseline_median, 4),
            "ratio": round(self.ratio, 3),
            "ours_s": [round(t, 4) for t in self.ours],
            "baseline_s": [round(t, 4) for t in self.baseline],
            "details": self.details,
        }


def measure(operation: Operation, workspace: Workspace, runs: int) -> Result:
    """Warm up both sides once, then time them alternately ``runs`` times each."""
    pair = operation.prepare(workspace)
    log(f"{operation.name}: warm-up (not counted)…")
    pair.ours()
    pair.baseline()
    ours: list[float] = []
    baseline: list[float] = []
    for run in range(1, runs + 1):
        ours.append(pair.ours())
        baseline.append(pair.baseline())
        log(
            f"{operation.name}: run {run}/{runs}: "
            f"ours {ours[-1]:.3f} s, baseline {baseline[-1]:.3f} s"
        )
    return Result(operation.name, operation.scale, ours, baseline, pair.details)


COLUMNS = (
    ("operation", 26, "<"),
    ("scale", 16, "<"),
    ("runs", 4, ">"),
    ("median (s)", 10, ">"),
    ("baseline (s)", 12, ">"),
    ("ratio", 6, ">"),
)


def format_table(results: Sequence[Result]) -> str:
    """The results as a fixed-width text table."""

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, COLUMNS, strict=True)
        ).rstrip()

    lines = [
        line([title for title, _, _ in COLUMNS]),
        line(["-" * width for _, width, _ in COLUMNS]),
    ]
    for result in results:
        lines.append(
            line(
                [
                    result.operation,
                    result.scale,
                    str(len(result.ours)),
                    f"{result.median:.3f}",
                    f"{result.baseline_median:.3f}",
                    f"{result.ratio:.2f}",
                ]
            )
        )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="run.py", description="Time liushou_desktop against raw-library baselines."
    )
    parser.add_argument(
        "--runs",
        type=_positive_int,
        metavar="N",
        help=f"timed runs of each side (default {COLD_START_RUNS} for cold start, "
        f"{DEMO_RUNS} for demo and the rosters)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[operation.name for operation in OPERATIONS],
        metavar="NAME",
        help="run only this operation (repeatable): "
        + ", ".join(operation.name for operation in OPERATIONS),
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    return parser.parse_args(argv)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    selected = [op for op in OPERATIONS if args.only is None or op.name in args.only]
    started = datetime.now(UTC)
    results: list[Result] = []
    try:
        with tempfile.TemporaryDirectory(prefix="liushou-bench-") as root:
            workspace = Workspace(Path(root))
            for operation in selected:
                results.append(measure(operation, workspace, args.runs or operation.default_runs))
    except BenchmarkError as exc:
        print(f"run.py: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("run.py: interrupted", file=sys.stderr)
        return 130
    info = machine()
    print(
        f"liushou_desktop benchmarks — {started:%Y-%m-%d %H:%M} UTC, Python {info['python']}, "
        f"{info['cpus']} CPUs"
    )
    print("medians of interleaved runs; ratio = ours / baseline\n")
    print(format_table(results))
    if args.json:
        document = {
            "started_at": started.isoformat(timespec="seconds"),
            "machine": info,
            "results": [result.to_json() for result in results],
        }
        text = json.dumps(document, ensure_ascii=False, indent=2)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
