"""Pinyin of names, stored with the row so searching never recomputes it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def load() -> None:
    """Import pypinyin and its phrase dictionary now (0.3 s), before a long job needs it."""
    name_pinyin("王")


def name_pinyin(name: str) -> tuple[str, str]:
    """``("wang xiao ming", "wxm")`` for 王小明; unknown characters are kept as they are."""
    from pypinyin import Style  # imported on first use: 0.2 s

    syllables = [s.lower() for s in _pinyin().lazy_pinyin(name, style=Style.NORMAL)]
    return " ".join(syllables), "".join(s[0] for s in syllables if s)


@lru_cache(maxsize=1)
def _pinyin() -> Any:
    """What ``pypinyin.lazy_pinyin`` uses (a ``Pinyin`` with an ``UltimateConverter``),
    except that the converter keeps the pinyin of each word it has converted: the
    names of a school share most of their words (surnames, given names' characters),
    and converting one costs more than the rest of a name's look-up."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    class WordCache(UltimateConverter):  # type: ignore[misc]
        """pypinyin's converter, each word converted once per style and options."""

        def __init__(self) -> None:
            super().__init__()
            self.words: dict[tuple[Any, ...], list[Any]] = {}

        def convert(
            self, words: str, style: Any, heteronym: bool, errors: Any, strict: bool, **kwargs: Any
        ) -> list[Any]:
            if kwargs or not isinstance(errors, str):
                return super().convert(words, style, heteronym, errors, strict, **kwargs)  # type: ignore[no-any-return]
            key = (words, style, heteronym, errors, strict)
            found = self.words.get(key)
            if found is None:
                found = self.words[key] = super().convert(words, style, heteronym, errors, strict)
            # copies: pypinyin's callers may change the lists they are given
            return [item[:] if isinstance(item, list) else item for item in found]

    return Pinyin(WordCache())
