"""The fonts every PDF is drawn with, embedded as subsets, and which characters they lack.

A :class:`FontSet` is a chain of TrueType faces; each character is drawn with the first
face that has a glyph for it:

1. DejaVu Sans (bundled): Latin letters, digits and punctuation, the minority-name dot ·;
2. Droid Sans Fallback (bundled): every CJK Unified Ideograph and Extension A (堃 喆 䶮);
3. a rare-character font with Extension B and beyond (𠇔), when one is found: the font
   pack a township copies into the data dir's ``fonts`` folder, else Windows' own
   SimSun-ExtB, else a Debian / Ubuntu font (HanaMin, BabelStone Han). These files are
   large (20–50 MB): they are found by name and loaded only when a text needs them.

A character no face has is reported by :meth:`FontSet.missing` before anything is printed
(never a silent empty box); it is drawn as the primary font's empty-glyph box.

reportlab embeds each face used as a subset of the glyphs used, so a PDF prints the same
on a PC without any Chinese font.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from liushou_desktop.paths import resource

__all__ = [
    "FontFace",
    "FontSet",
    "RARE_FONT_FILES",
    "bundled_fonts",
    "rare_font_candidates",
]

LATIN_FONT_FILE = "DejaVuSans.ttf"
CJK_FONT_FILE = "DroidSansFallbackFull.ttf"
# Rare-character fonts looked for, in this order, in each candidate folder.
RARE_FONT_FILES = (
    "simsunb.ttf",  # Windows: SimSun-ExtB
    "HanaMinB.ttf",  # Debian fonts-hanazono
    "BabelStoneHan.ttf",  # Debian fonts-babelstone-han
)
_SYSTEM_FONT_DIRS = (
    Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
    Path("/usr/share/fonts/truetype/hanazono"),
    Path("/usr/share/fonts/truetype/babelstone"),
)


@dataclass
class FontFace:
    """One TrueType file, registered with reportlab under ``name`` on first use."""

    name: str
    path: Path
    _chars: frozenset[int] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def load(self) -> None:
        """Parse the file and register it with reportlab (once; 0.2 s for the CJK font)."""
        with self._lock:
            if self._chars is not None:
                return
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            _fix_to_unicode()

            try:
                font = pdfmetrics.getFont(self.name)
            except KeyError:
                font = TTFont(self.name, str(self.path))
                pdfmetrics.registerFont(font)
            self._chars = frozenset(font.face.charToGlyph)

    @property
    def chars(self) -> frozenset[int]:
        """The code points with a glyph in this face."""
        if self._chars is None:
            self.load()
        assert self._chars is not None
        return self._chars

    def has(self, char: str) -> bool:
        return ord(char) in self.chars


def _utf16_hex(code: int) -> str:
    """A code point as the UTF-16 hex a ToUnicode CMap wants (a surrogate pair above
    U+FFFF)."""
    return chr(code).encode("utf-16-be").hex().upper()


def _fix_to_unicode() -> None:
    """reportlab (5.1) writes characters beyond U+FFFF (Extension B: 𠇔) into a font's
    ToUnicode map as 5 hex digits, which PDF readers reject, so such names could not be
    searched or copied from the PDF. Use the UTF-16 form the PDF standard asks for."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "_liushou", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
        text: str = original(fontname, subset)
        if all(code <= 0xFFFF for code in subset):
            return text
        for index, code in enumerate(subset):
            if code > 0xFFFF:
                text = text.replace(
                    f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{_utf16_hex(code)}>"
                )
        return text

    make_to_unicode_cmap._liushou = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


_BUNDLED: list[FontFace] = []
_BUNDLED_LOCK = threading.Lock()


def bundled_fonts() -> list[FontFace]:
    """The two bundled faces (Latin, CJK), shared by every FontSet of the process."""
    with _BUNDLED_LOCK:
        if not _BUNDLED:
            _BUNDLED.extend(
                (
                    FontFace("LiushouLatin", resource("resources", "fonts", LATIN_FONT_FILE)),
                    FontFace("LiushouCJK", resource("resources", "fonts", CJK_FONT_FILE)),
                )
            )
    return _BUNDLED


def rare_font_candidates(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """The rare-character font files present: the extra folders (the data dir's
    ``fonts``) first, then the system's."""
    found: list[Path] = []
    for folder in (*extra_dirs, *_SYSTEM_FONT_DIRS):
        for file_name in RARE_FONT_FILES:
            path = folder / file_name
            if path.is_file() and path not in found:
                found.append(path)
        if folder.is_dir() and folder in extra_dirs:
            found.extend(p for p in sorted(folder.glob("*.ttf")) if p not in found and p.is_file())
    return found


_RARE_FACES: dict[Path, FontFace] = {}


def _rare_face(path: Path) -> FontFace:
    with _BUNDLED_LOCK:
        face = _RARE_FACES.get(path)
        if face is None:
            face = _RARE_FACES[path] = FontFace(f"LiushouRare{len(_RARE_FACES) + 1}", path)
    return face


class FontSet:
    """The faces a document draws with, and for each character the face that has it.

    ``rare_fonts``: rare-character font files, loaded only when a character is in no
    bundled face.
    """

    def __init__(self, rare_fonts: Sequence[Path] = ()) -> None:
        self.faces = list(bundled_fonts())
        self._rare = [_rare_face(Path(p)) for p in rare_fonts]
        self._face_of: dict[str, str | None] = {}
        self._advance: dict[str, float] = {}  # char -> width at 1 pt
        self.primary = self.faces[1].name  # the CJK face: what a missing character falls to
        for face in self.faces:
            face.load()

    @classmethod
    def for_data_dir(cls, data_root: Path | None) -> FontSet:
        """Bundled faces plus the rare-character fonts found for this data dir."""
        extra = [data_root / "fonts"] if data_root is not None else []
        return cls(rare_font_candidates(extra))

    def face_for(self, char: str) -> str | None:
        """The name of the first face with a glyph for ``char``; None if no face has one."""
        try:
            return self._face_of[char]
        except KeyError:
            pass
        code = ord(char)
        found = next((f.name for f in self.faces if code in f.chars), None)
        if found is None and not char.isspace():
            for face in self._rare:
                if code in face.chars:
                    found = face.name
                    if face not in self.faces:
                        self.faces.append(face)
                    break
        if found is None and char.isspace():
            found = self.faces[0].name
        self._face_of[char] = found
        return found

    def missing(self, text: str) -> str:
        """The characters of ``text`` that no face can draw, each once, in order."""
        seen: list[str] = []
        for char in text:
            if char not in seen and self.face_for(char) is None:
                seen.append(char)
        return "".join(seen)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (face name, piece) runs drawn with one face each."""
        result: list[tuple[str, str]] = []
        face_of = self._face_of
        current: str | None = None
        start = 0
        for index, char in enumerate(text):
            face = face_of[char] if char in face_of else self.face_for(char)
            face = face or self.primary
            if face != current:
                if current is not None:
                    result.append((current, text[start:index]))
                current, start = face, index
        if current is not None:
            result.append((current, text[start:]))
        return result

    def advance(self, char: str) -> float:
        """The width of ``char`` at 1 pt, in its face."""
        try:
            return self._advance[char]
        except KeyError:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            face = self.face_for(char) or self.primary
            width = self._advance[char] = stringWidth(char, face, 1.0)
            return width

    def width(self, text: str, size: float) -> float:
        """The drawn width of ``text`` at ``size`` points."""
        advance = self._advance
        total = 0.0
        for char in text:
            total += advance[char] if char in advance else self.advance(char)
        return total * size
