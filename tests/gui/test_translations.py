"""The Chinese translation is complete, its placeholders match, and the .qm is current."""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import i18n  # noqa: E402

TS = ROOT / "translations" / "liushou_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%\d")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(ts)
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    ]


def translation_problems(ts: Path) -> list[str]:
    """Unfinished, empty or obsolete entries, and placeholders that differ."""
    problems = []
    for context, source, message in messages(ts):
        translation = message.find("translation")
        text = "" if translation is None else (translation.text or "")
        where = f"{context}: {source!r}"
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
            problems.append(f"unfinished {where}")
        elif not text.strip():
            problems.append(f"empty {where}")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ {where}")
    return problems


def test_every_entry_is_finished_and_keeps_its_placeholders() -> None:
    assert len(messages(TS)) > 100
    assert translation_problems(TS) == []


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "<translation>首页</translation>",
            '<translation type="unfinished"></translation>',
            "unfinished",
        ),
        (
            "<translation>共 {n} 名儿童</translation>",
            "<translation>共 名儿童</translation>",
            "placeholders differ",
        ),
    ],
)
def test_the_completeness_check_can_fail(tmp_path: Path, old: str, new: str, problem: str) -> None:
    text = TS.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.ts"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert [p for p in translation_problems(broken) if p.startswith(problem)]


def test_every_source_string_is_in_the_ts_file(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    i18n.update(fresh)
    in_code = {(c, s) for c, s, _ in messages(fresh)}
    committed = {(c, s) for c, s, _ in messages(TS)}
    assert in_code - committed == set(), "run: python packaging/i18n.py update, then translate"
    assert committed - in_code == set(), "stale entries: run python packaging/i18n.py update"


def test_the_compiled_qm_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    i18n.release(TS, fresh)
    committed = TS.with_suffix(".qm")
    assert fresh.read_bytes() == committed.read_bytes(), "run: python packaging/i18n.py release"


def test_translations_are_loaded(app) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("MainWindow", "Children") == "儿童档案"
    assert QCoreApplication.translate("Vocab", "Paternal grandmother") == "祖母"


def test_every_translated_text_is_a_literal_lupdate_can_find() -> None:
    """``translate(context, variable)`` or ``self.tr(variable)`` hides the text from lupdate,
    so it would stay English. Allowed only where the texts are marked with
    QT_TRANSLATE_NOOP at their definition (the vocabulary, user errors, export headers)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "liushou_desktop" / "gui"
    call = re.compile(
        r"(?:\btranslate\(\s*\"[A-Za-z]+\",|\bself\.tr\(|\btranslate\()\s*([A-Za-z_][\w.]*)"
    )
    allowed = {("translations.py", "label"), ("translations.py", "exc.message")}
    allowed |= {("translations.py", "TRANSLATION_CONTEXT"), ("audit_log.py", "h")}
    allowed |= {("child_form.py", "TRANSLATION_CONTEXT")}  # eligibility reasons (NOOP-marked)
    allowed |= {("field_labels.py", "CONTEXT")}  # the form's labels (NOOP-marked)
    found = []
    for path in sorted(root.rglob("*.py")):
        for name in call.findall(path.read_text(encoding="utf-8")):
            if (path.name, name) not in allowed:
                found.append(f"{path.relative_to(root)}: {name}")
    assert found == []
