"""East Asian line breaks: a line break between two CJK characters is no space.

Markdown and YAML turn a line break inside a paragraph (or inside a folded
or multi-line YAML scalar) into a space. Between two wide characters
(East Asian Width F, W or H: kanji, kana, hanzi, full-width punctuation)
that space is visible and wrong (「筋がよいが、 義務」): Japanese and Chinese
are written without spaces, so a break there is only where the editor's
editor wrapped the line. Hangul is written with spaces and keeps them, as in
markdown-it's cjk-breaks plugin and goldmark's East Asian line breaks.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

from gloss.text import widechars

_WIDE = frozenset("FWH")
ZWSP = "\u200b"


def is_wide(char: str) -> bool:
    """Whether a line break next to ``char`` on both sides should vanish:
    a full-width, wide or half-width character that is not Hangul."""
    return bool(char) and _wide().fullmatch(char) is not None


def has_wide(text: str) -> bool:
    """Whether ``text`` holds a character ``is_wide`` accepts (one regular expression
    search, not a Python call per character: this runs over every paragraph)."""
    return _may_hold_wide(text) and _wide().search(text) is not None


def wide_letters(text: str) -> int:
    """How many of ``text``'s characters are wide letters or digits (kanji, kana,
    hanzi; not full-width punctuation)."""
    if not _may_hold_wide(text):
        return 0
    return sum(1 for char in _wide().findall(text) if char.isalnum())


def count_wide(strings: list[str]) -> int:
    """How many of ``strings`` (none holding a line break) hold a wide character."""
    joined = "\n".join(strings)
    return len(_wide_lines().findall(joined)) if _may_hold_wide(joined) else 0


def _may_hold_wide(text: str) -> bool:
    """False when every character of ``text`` comes before the first wide one: one
    range to test per character, where the class of wide characters has hundreds (most
    English text, dashes and curly quotes included, stops here: 5-8 times sooner)."""
    return _from_lowest().search(text) is not None


@functools.cache
def _from_lowest() -> re.Pattern[str]:
    """Every character from the first wide one on (the class's ranges are in order)."""
    first = _RANGE.findall(_ranges())[0].split("-")[0]
    return re.compile(f"[{first}-\\U0010ffff]")


@functools.cache
def _wide_lines() -> re.Pattern[str]:
    return re.compile(f"^[^\n]*?(?:{_wide().pattern})", re.M)


@functools.cache
def _wide() -> re.Pattern[str]:
    """The class of wide characters: as ``widechars`` holds it, made from this
    Python's Unicode tables only when they are another version (about 0.4 s).
    The characters past the first plane are a class of their own, looked at only
    for such a character: ``re`` tests a character against them one range at a
    time, against the others in one step."""
    ranges = _RANGE.findall(_ranges())
    plane0 = "".join(r for r in ranges if not r.startswith("\\U"))
    beyond = "".join(r for r in ranges if r.startswith("\\U"))
    return re.compile(f"[{plane0}]|(?=[\\U00010000-\\U0010ffff])[{beyond}]")


@functools.cache
def _ranges() -> str:
    """The wide characters' class: as ``widechars`` holds it, or made from this
    Python's Unicode tables when they are another version."""
    same = unicodedata.unidata_version == widechars.UNIDATA_VERSION
    return widechars.WIDE_CLASS if same else wide_class()


_RANGE = re.compile(r"\\[uU][0-9a-f]+(?:-\\[uU][0-9a-f]+)?")


def wide_class() -> str:
    """The ranges of assigned code points whose East Asian Width is F, W or H, Hangul
    left out, as the inside of a regular expression's character class."""
    ranges: list[str] = []
    start = None
    for code in range(sys.maxunicode + 2):
        char = chr(code) if code <= sys.maxunicode else ""
        inside = (
            bool(char)
            and unicodedata.east_asian_width(char) in _WIDE
            and unicodedata.category(char) != "Cn"
            and not _is_hangul(char)
        )
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(f"{_escape(start)}-{_escape(code - 1)}" if code - 1 > start else _escape(start))
            start = None
    return "".join(ranges)


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF
        or 0x3130 <= code <= 0x318F
        or 0xA960 <= code <= 0xA97F
        or 0xAC00 <= code <= 0xD7AF
        or 0xD7B0 <= code <= 0xD7FF
        or 0xFFA0 <= code <= 0xFFDC
    )


def joins(before: str, after: str) -> bool:
    """Whether a line break between the text ``before`` and the text ``after``
    should be dropped rather than shown as a space."""
    last = before[-1:] if before else ""
    first = after[:1] if after else ""
    if ZWSP in (last, first):
        return True
    return is_wide(last) and is_wide(first)


def fold_points(source: Sequence[str]) -> list[tuple[str, str]]:
    """The (last, first) character pairs around each line break of a multi-line
    YAML scalar's source lines that YAML folds into one space: a break
    between two lines that both hold text."""
    pairs: list[tuple[str, str]] = []
    for line, following in pairwise(source):
        before, after = line.rstrip(), following.strip()
        if before and after:
            pairs.append((before[-1], after[0]))
    return pairs


def unfold(value: str, source: Sequence[str]) -> str:
    """``value`` (a YAML scalar as parsed from the lines ``source``) without
    the spaces that folding put between two CJK characters. The folds are
    found in order: each (last, first) pair of ``fold_points`` is looked for
    as ``last + " " + first`` after the previous one."""
    if " " not in value:
        return value
    out: list[str] = []
    pos = 0
    for last, first in fold_points(source):
        if not joins(last, first):
            continue
        at = value.find(last + " " + first, pos)
        if at < 0:
            continue
        out.append(value[pos : at + 1])
        pos = at + 2
    out.append(value[pos:])
    return "".join(out)


def _write_table(path: str) -> None:
    """``python -m gloss.text.eastasian``: write ``widechars.py`` from this Python's tables."""
    ranges = _RANGE.findall(wide_class())
    lines = "\n".join(f'    r"{"".join(ranges[i : i + 8])}"' for i in range(0, len(ranges), 8))
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'''"""The character class of ``eastasian.is_wide``, written by ``python -m gloss.text.eastasian``
from this Python's Unicode tables (a test checks it against them)."""

UNIDATA_VERSION = "{unicodedata.unidata_version}"
WIDE_CLASS = (
{lines}
)
''')


if __name__ == "__main__":
    _write_table(__file__.replace("eastasian.py", "widechars.py"))
