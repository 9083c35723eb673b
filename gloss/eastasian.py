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

import unicodedata
from collections.abc import Sequence

_WIDE = frozenset("FWH")
ZWSP = "\u200b"


def is_wide(char: str) -> bool:
    """Whether a line break next to ``char`` on both sides should vanish:
    a full-width, wide or half-width character that is not Hangul."""
    if not char or unicodedata.east_asian_width(char) not in _WIDE:
        return False
    return not _is_hangul(char)


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return (0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F
            or 0xAC00 <= code <= 0xD7AF or 0xD7B0 <= code <= 0xD7FF or 0xFFA0 <= code <= 0xFFDC)


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
    for line, following in zip(source, source[1:]):
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
        out.append(value[pos:at + 1])
        pos = at + 2
    out.append(value[pos:])
    return "".join(out)
