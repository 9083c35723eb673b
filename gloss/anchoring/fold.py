"""Folding text for comparison, and mapping folded positions back.

Quotes are compared on *folded* text: whitespace, invisible characters and
Markdown's inline markers are dropped; case, full-width forms, quotes and
dashes are folded. Every character folds to one character or to nothing, so
a position in the folded text maps straight back to the document (``Text``).
Also here: how a passage is shown to an editor (``display``; quotes are written by ``gloss.text.quoting``)
and the text around it (``context``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cached_property, lru_cache
from itertools import compress

from gloss.text.quoting import yaml_string

CONTEXT_CHARS = 32  # prefix/suffix length in the export

_MARKUP = "*_`~"  # Markdown's inline markers, which editors paste with a quote: never compared
_INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LATIN = re.compile(r"[0-9a-z]").match
_SPACE_RUN = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])\s+"
    r"(?=[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])"
)


@lru_cache(maxsize=1)
def _table() -> dict[int, int | None]:
    """The folding table: each character to one character, or to nothing."""
    table: dict[int, int | None] = {}
    for code in range(0x10000):
        ch = chr(code)
        if ch.isspace() or ch in _INVISIBLE or ch in _MARKUP:
            table[code] = None
            continue
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", ch)
        folded = folded if len(folded) == 1 else ch
        lower = folded.lower()
        folded = lower if len(lower) == 1 else folded
        if folded in _SINGLE_QUOTES:
            folded = "'"
        elif folded in _DOUBLE_QUOTES:
            folded = '"'
        elif folded in _DASHES:
            folded = "-"
        if folded != ch:
            table[code] = ord(folded)
    return table


@lru_cache(maxsize=1)
def _kept_table() -> dict[int, int]:
    """Characters folding drops to NUL, NUL itself to something else."""
    table = {code: 0 for code, to in _table().items() if to is None}
    table[0] = 1
    return table


def fold(text: str) -> str:
    """``text`` as compared: no whitespace or invisible characters, folded case,
    widths, quotes and dashes."""
    return text.translate(_table())


def display(text: str) -> str:
    """A passage as an editor would write it: whitespace runs to one space, none between CJK characters."""
    return _CJK_GAP.sub("", _SPACE_RUN.sub(" ", text)).strip()


def weight(text: str) -> int:
    """How much a folded quote says: its length, CJK characters counted twice."""
    return len(text) + len(_CJK.findall(text))


class Text:
    """A document's rendered text and its folded form (computed when first needed)."""

    def __init__(self, raw: str) -> None:
        self.raw = raw

    @cached_property
    def folded(self) -> str:
        return fold(self.raw)

    @cached_property
    def keep(self) -> list[int]:
        """The raw position of each folded character."""
        flags = memoryview(self.raw.translate(_kept_table()).encode("utf-32-le")).cast("I")
        return list(compress(range(len(self.raw)), flags))  # a character is kept where it is not NUL

    @cached_property
    def bounds(self) -> bytes:
        """For each folded position (and the end), whether a passage may start or end there: not
        between two letters or digits of one Latin word."""
        folded, keep = self.folded, self.keep
        out = bytearray(b"\x01") * (len(folded) + 1)
        for p in range(1, len(folded)):
            if keep[p] == keep[p - 1] + 1 and _LATIN(folded[p - 1]) and _LATIN(folded[p]):
                out[p] = 0
        return bytes(out)

    def to_folded(self, raw_pos: int) -> int:
        return bisect.bisect_left(self.keep, raw_pos)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """A folded span [start, end) as a raw span."""
        if start >= end:
            at = self.keep[start] if start < len(self.keep) else len(self.raw)
            return at, at
        return self.keep[start], self.keep[end - 1] + 1

    def joined(self, p: int) -> bool:
        """Whether folded position ``p`` falls inside a Latin word (``bounds`` at one place)."""
        folded, keep = self.folded, self.keep
        return 0 < p < len(folded) and keep[p] == keep[p - 1] + 1 and bool(_LATIN(folded[p - 1]) and _LATIN(folded[p]))

    def spaced(self, start: int, end: int) -> set[int]:
        """The folded positions in (start, end) between two Latin letters or digits that a
        space parts in the raw text: where one Latin word ends and the next begins."""
        folded, keep, raw = self.folded, self.keep, self.raw
        return {
            p
            for p in range(start + 1, end)
            if keep[p] > keep[p - 1] + 1
            and _LATIN(folded[p - 1])
            and _LATIN(folded[p])
            and _SPACE.search(raw, keep[p - 1] + 1, keep[p])
        }


class _Words(str):
    """A folded quote, with where its words may begin and end (``Text.bounds``) and where
    a space parts two of its Latin words (``Text.spaced``, from its start)."""

    bounds: bytes
    spaced: frozenset[int]


def _words(raw: str) -> _Words:
    text = Text(raw)
    words = _Words(text.folded)
    words.bounds = text.bounds
    words.spaced = frozenset(text.spaced(0, len(text.folded)))
    return words


def same_words(doc: Text, words: str, at: int) -> bool:
    """Whether the folded ``words`` found at ``at`` in ``doc`` are those words there: neither end
    inside a Latin word, and Latin words parted where the quote parts them, no more, no fewer
    ("to get her" is not "together", nor "AS IS" the "ASIS" of "BASIS"). Spaces compare as
    any run of whitespace, and only between Latin letters or digits (CJK is written without)."""
    end = at + len(words)
    if doc.joined(at) or doc.joined(end):
        return False
    spaced = getattr(words, "spaced", None)
    return spaced is None or {p - at for p in doc.spaced(at, end)} == spaced


def _inside_word(raw: str, at: int) -> bool:
    """Whether position ``at`` falls between two letters of a Latin word."""
    return (
        0 < at < len(raw)
        and raw[at - 1].isascii()
        and raw[at - 1].isalnum()
        and raw[at].isascii()
        and raw[at].isalnum()
    )


def _whole_words(raw: str, start: int, end: int) -> str:
    """raw[start:end], widened so that it neither starts nor ends inside a Latin word."""
    start, end = _snap(raw, start, end)
    return raw[start:end]


def _snap(raw: str, start: int, end: int) -> tuple[int, int]:
    while _inside_word(raw, start):
        start -= 1
    while _inside_word(raw, end):
        end += 1
    return start, end


def context(doc: Text, start: int, end: int) -> tuple[str, str]:
    """The text just before and after a passage, for a TextQuoteSelector."""
    before = display(doc.raw[max(0, start - CONTEXT_CHARS * 2) : start])[-CONTEXT_CHARS:]
    after = display(doc.raw[end : end + CONTEXT_CHARS * 2])[:CONTEXT_CHARS]
    return before, after


def hint(doc: Text, cands: tuple[tuple[int, int], ...], mine: int) -> str:
    """The shortest prefix (else suffix) that tells occurrence ``mine`` from the others."""
    text = doc.folded
    s, e = cands[mine]
    others = [c for i, c in enumerate(cands) if i != mine]
    for length in range(1, 81):
        if s - length >= 0 and all(text[max(0, t - length) : t] != text[s - length : s] for t, _ in others):
            raw_start, raw_end = doc.to_raw(s - length, s)
            return f"prefix: {yaml_string(display(_whole_words(doc.raw, raw_start, raw_end)))}"
    for length in range(1, 81):
        if e + length <= len(text) and all(text[t : t + length] != text[e : e + length] for _, t in others):
            raw_start, raw_end = doc.to_raw(e, e + length)
            return f"suffix: {yaml_string(display(_whole_words(doc.raw, raw_start, raw_end)))}"
    return ""


def word_occurrences(doc: Text, words: str, lo: int, hi: int) -> list[int]:
    """Where the folded ``words`` occur in ``doc``'s folded span [lo, hi) as those words (``same_words``)."""
    found, at = [], first_word_occurrence(doc, words, lo, hi)
    while at >= 0:
        found.append(at)
        at = first_word_occurrence(doc, words, at + 1, hi)
    return found


def first_word_occurrence(doc: Text, words: str, lo: int, hi: int) -> int:
    """The first of ``word_occurrences``, or -1."""
    at = doc.folded.find(words, lo, hi)
    while at >= 0 and not same_words(doc, words, at):
        at = doc.folded.find(words, at + 1, hi)
    return at
