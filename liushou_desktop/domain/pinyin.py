"""Pinyin of names, stored with the row so searching never recomputes it."""

from __future__ import annotations


def load() -> None:
    """Import pypinyin and its phrase dictionary now (0.3 s), before a long job needs it."""
    name_pinyin("王")


def name_pinyin(name: str) -> tuple[str, str]:
    """``("wang xiao ming", "wxm")`` for 王小明; unknown characters are kept as they are."""
    from pypinyin import Style, lazy_pinyin  # imported on first use: 0.2 s

    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="default")]
    return " ".join(syllables), "".join(s[0] for s in syllables if s)
