"""``liushou-desktop --self-test``: a headless check a frozen build can run.

Everything happens in temporary data dirs that are removed afterwards; the
user's own data is never opened. The steps, in order:

1. ``resources``: the bundled fonts (a Chinese one that has 留), the compiled
   translation and the activity templates are where :func:`resource` looks;
2. ``libraries``: the data files of the libraries (statutory holidays, lunar
   festivals, pinyin, PDF rendering) are bundled and answer;
3. ``migrate``: a new database is created and migrated to the head revision;
4. ``demo school``: a demo school of 30 children is made;
5. ``check``: the database check passes and counts the 30 children;
6. ``print cards``: the contact cards are printed to a PDF, which pdfium opens;
7. ``pair``: a township is set up in a second data dir and paired with the school;
8. ``export bundle``: the school writes its full sync bundle;
9. ``import bundle``: the township imports it and then holds the 30 children.

One line per step goes to ``out``; on success the first line is ``self-test
passed: ...`` (scripts look for it). A failing step prints its name and the
reason, the exception for support on ``err``, and the result is 1 — never a
bare traceback. The core never imports Qt, and neither does this module.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from liushou_desktop import __version__
from liushou_desktop.paths import DataDir, resource

DEMO_CHILDREN = 30
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
PASSED = "self-test passed"
FAILED = "self-test FAILED"


class SelfTestError(Exception):
    """A check that did not hold: the message says what was expected and found."""


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestError(message)


@dataclass
class _Context:
    """What the steps share: the temporary folders and the open databases."""

    root: Path
    school: Any = None
    township: Any = None
    bundle: Path | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def open(self, name: str) -> Any:
        from liushou_desktop.db.database import open_database

        db = open_database(DataDir(self.root / name))
        self.closers.append(db.close)
        return db

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.closers.clear()


# --- the steps ----------------------------------------------------------------------------


def _step_resources(ctx: _Context) -> str:
    from reportlab.pdfbase.ttfonts import TTFont

    cjk = resource("resources", "fonts", "DroidSansFallbackFull.ttf")
    font = TTFont("selftest-cjk", str(cjk))
    _expect(ord("留") in font.face.charToGlyph, f"the bundled font {cjk} lacks 留")
    latin = resource("resources", "fonts", "DejaVuSans.ttf")
    _expect(latin.stat().st_size > 100_000, f"the bundled font {latin} looks truncated")
    qm = resource("translations", "liushou_zh_CN.qm")
    data = qm.read_bytes()
    _expect(data.startswith(QM_MAGIC), f"{qm} is not a compiled Qt translation")
    _expect("留守".encode("utf-16-be") in data, f"{qm} holds no Chinese text")
    folder = resource("resources", "templates", "activities")
    templates = sorted(folder.glob("*.json"))
    _expect(bool(templates), f"no activity templates in {folder}")
    for template in templates:
        json.loads(template.read_text(encoding="utf-8"))
    return f"2 fonts, {qm.name} ({len(data) // 1024} KB), {len(templates)} activity templates"


def _step_libraries(ctx: _Context) -> str:
    import chinese_calendar
    import pypdfium2
    from pypinyin import lazy_pinyin

    from liushou_desktop.domain.festivals import festival_date

    _expect(chinese_calendar.is_holiday(date(2025, 10, 1)), "2025-10-01 is not a holiday")
    mid_autumn = festival_date("mid_autumn", 2026)
    _expect(mid_autumn == date(2026, 9, 25), f"中秋 2026 is {mid_autumn}, not 2026-09-25")
    spoken = lazy_pinyin("留守")
    _expect(spoken == ["liu", "shou"], f"pinyin of 留守 is {spoken}")
    return f"holidays, lunar festivals, pinyin, pdfium {pypdfium2.PDFIUM_INFO}"


def _step_migrate(ctx: _Context) -> str:
    from liushou_desktop.db.migrate import HEAD_REVISION, current_revision

    ctx.school = ctx.open("school")
    revision = current_revision(ctx.school.engine)
    _expect(revision == HEAD_REVISION, f"schema is at {revision}, expected {HEAD_REVISION}")
    return f"schema {revision}"


def _step_demo(ctx: _Context) -> str:
    from liushou_desktop.domain.demo import DemoService

    result = DemoService(ctx.school).add_children(DEMO_CHILDREN, "selftest")
    return f"school {result.school_code}, {result.children_added} children"


def _step_check(ctx: _Context) -> str:
    from liushou_desktop.domain.check import CheckService

    report = CheckService(ctx.school).report()
    children = report["counts"]["children_active"]
    _expect(report["ok"], f"the database check failed: {report}")
    _expect(children == DEMO_CHILDREN, f"{children} children, expected {DEMO_CHILDREN}")
    return f"integrity {report['integrity']}, {children} children"


def _step_print(ctx: _Context) -> str:
    import pypdfium2

    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.printing import PrintService

    target = ctx.root / "cards.pdf"
    outcome = PrintService(ctx.school).cards(cli_actor("school"), target)
    data = target.read_bytes()
    _expect(data.startswith(b"%PDF-"), f"{target} does not start with %PDF-")
    _expect(outcome.items == DEMO_CHILDREN, f"{outcome.items} cards, expected {DEMO_CHILDREN}")
    pdf = pypdfium2.PdfDocument(str(target))
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    _expect(pages == outcome.pages > 0, f"the PDF has {pages} pages, expected {outcome.pages}")
    return f"{outcome.items} cards on {pages} pages, {len(data) // 1024} KB"


def _step_pair(ctx: _Context) -> str:
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.setup import SetupRequest, SetupService
    from liushou_desktop.domain.sync_peers import PeerService

    ctx.township = ctx.open("township")
    request = SetupRequest(
        role="township",
        name="新场镇",
        code="XCZ",
        township_name="新场镇",
        admin_password="self-test password",
    )
    SetupService(ctx.township).set_up(request, "selftest")
    pairing = ctx.root / "township-pairing.json"
    PeerService(ctx.township).export_pairing(cli_actor("township"), pairing)
    PeerService(ctx.school).import_pairing(cli_actor("school"), pairing)
    return "township XCZ paired with the school"


def _step_export(ctx: _Context) -> str:
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.sync_bundles import BundleService

    folder = ctx.root / "stick"
    folder.mkdir()
    results = BundleService(ctx.school).export(cli_actor("school"), folder, full=True)
    _expect(len(results) == 1, f"{len(results)} bundles written, expected 1")
    (result,) = results
    children = result.counts.get("child", 0)
    _expect(children == DEMO_CHILDREN, f"the bundle holds {children} children")
    ctx.bundle = result.path
    return f"{result.path.name}, {result.size // 1024} KB, {children} children"


def _step_import(ctx: _Context) -> str:
    from liushou_desktop.domain.check import CheckService
    from liushou_desktop.domain.permissions import cli_actor
    from liushou_desktop.domain.sync_bundles import BundleService

    _expect(ctx.bundle is not None, "no bundle was exported")
    assert ctx.bundle is not None
    outcome = BundleService(ctx.township).import_bundle(cli_actor("township"), ctx.bundle)
    _expect(outcome.status == "merged", f"the import ended as {outcome.status}")
    report = CheckService(ctx.township).report()
    children = report["counts"]["children_active"]
    _expect(report["ok"], f"the township's database check failed: {report}")
    _expect(children == DEMO_CHILDREN, f"the township holds {children} children")
    return f"the township holds {children} children"


STEPS: tuple[tuple[str, Callable[[_Context], str]], ...] = (
    ("resources", _step_resources),
    ("libraries", _step_libraries),
    ("migrate", _step_migrate),
    ("demo school", _step_demo),
    ("check", _step_check),
    ("print cards", _step_print),
    ("pair", _step_pair),
    ("export bundle", _step_export),
    ("import bundle", _step_import),
)


# --- running them -------------------------------------------------------------------------


def _expected(exc: BaseException) -> bool:
    """A failed check, a user-facing error or a file problem: no traceback needed."""
    from liushou_desktop.errors import UserError

    return isinstance(exc, SelfTestError | UserError | OSError)


def _reason(exc: BaseException) -> str:
    return str(exc) if _expected(exc) else f"{type(exc).__name__}: {exc}"


def run_self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run every step; print one line each; 0 if all passed, else 1."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    started = time.perf_counter()
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="liushou-selftest-") as tmp:
        ctx = _Context(Path(tmp))
        try:
            for name, step in STEPS:
                begun = time.perf_counter()
                try:
                    detail = step(ctx)
                except Exception as exc:  # every failure is reported, then the exit code is 1
                    for line in lines:
                        print(line, file=out)
                    print(f"  FAIL  {name}: {_reason(exc)}", file=out)
                    print(f"{FAILED} at step “{name}”: {_reason(exc)}", file=out)
                    _print_support(exc, err)
                    return 1
                elapsed = time.perf_counter() - begun
                lines.append(f"  ok    {name} ({elapsed:.2f} s): {detail}")
        finally:
            ctx.close()
    total = time.perf_counter() - started
    names = ", ".join(name for name, _step in STEPS)
    print(f"{PASSED}: {names} ({total:.1f} s, liushou-desktop {__version__})", file=out)
    for line in lines:
        print(line, file=out)
    return 0


def _print_support(exc: BaseException, err: TextIO) -> None:
    """The exception and where it ran, for whoever supports this installation: the
    traceback only for an unexpected error (a bug, or a broken build)."""
    import traceback

    frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
    print(
        f"for support: liushou-desktop {__version__}, Python {sys.version.split()[0]}, "
        f"{sys.platform}, {frozen}, {datetime.now():%Y-%m-%d %H:%M}: {exc!r}",
        file=err,
    )
    if not _expected(exc):
        traceback.print_exception(exc, file=err)
