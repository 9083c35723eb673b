"""Finding a passage by its words, as W3C Web Annotation's ``TextQuoteSelector`` does.

Pure functions over plain strings: ``find`` takes the rendered text of a
document and a selector (the exact words, optional prefix/suffix, optional
end words for a long passage) and says where the passage is, or why it is
not anywhere. Positions are never stored in ``notes.yaml``; they are found
again on every build, so an annotation follows its passage when the text
around it is edited.

Comparison is on *folded* text: whitespace, invisible characters and
Markdown's inline markers (``*_`~``) are dropped, case, full-width forms, quotes and dashes are folded, so inline
formatting, line breaks and typography do not matter. Folding maps every
character to one character or to nothing, so a position in the folded text
maps straight back to the document.

The rules, strictest first (see ARCHITECTURE.md, "Quote anchoring"):

1. the words occur once (in the section searched): **exact**;
2. they occur several times and prefix/suffix pick one: **exact**; prefix/suffix
   that no longer match exactly but clearly favour one occurrence: **drifted**;
   otherwise **ambiguous**, with the shortest prefix (or suffix) that picks each;
3. they occur nowhere: the closest passage (rapidfuzz) anchors as **drifted**
   only when it is clearly alike, clearly better than the runner-up, and
   backed by context (the editor's prefix/suffix, or a quote long enough to be
   its own context); otherwise the annotation is an **orphan**, reported with
   the closest passage and its similarity.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from rapidfuzz import fuzz

Status = Literal["exact", "drifted", "ambiguous", "orphan"]

# acceptance of an approximate match (similarities are 0..1)
MIN_SIMILARITY = 0.75  # the passage against the quote
MIN_MARGIN = 0.15  # over the best passage elsewhere
MIN_CONTEXT = 0.6  # the editor's prefix/suffix against the text around the passage
SELF_CONTEXT_SIMILARITY = 0.85  # without prefix/suffix, a quote must be this alike…
SELF_CONTEXT_WEIGHT = 24  # …and this long (CJK characters count twice) to anchor approximately
CONTEXT_CHARS = 32  # prefix/suffix length in the export

_MARKUP = "*_`~"  # Markdown's inline markers, which editors paste with a quote: never compared
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SPACE_RUN = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])\s+"
                      r"(?=[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])")


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
def _dropped() -> re.Pattern[str]:
    return re.compile("[" + re.escape(_INVISIBLE + _MARKUP) + r"\s]+")


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
        keep: list[int] = []
        last = 0
        for gap in _dropped().finditer(self.raw):
            keep.extend(range(last, gap.start()))
            last = gap.end()
        keep.extend(range(last, len(self.raw)))
        return keep

    def to_folded(self, raw_pos: int) -> int:
        return bisect.bisect_left(self.keep, raw_pos)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """A folded span [start, end) as a raw span."""
        if start >= end:
            at = self.keep[start] if start < len(self.keep) else len(self.raw)
            return at, at
        return self.keep[start], self.keep[end - 1] + 1


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str = ""
    suffix: str = ""
    end: str = ""  # quote_end: the last words of a long passage


@dataclass(frozen=True)
class Occurrence:
    """One of several equal matches, with what would pick it out."""

    start: int  # raw positions
    end: int
    hint: str  # 'prefix: "…"' or 'suffix: "…"', "" when nothing short does


@dataclass(frozen=True)
class Found:
    status: Status
    start: int = 0  # raw positions of the passage (exact, drifted) or of the closest one (orphan)
    end: int = 0
    similarity: float = 1.0  # of the passage (drifted) or the closest one (orphan)
    occurrences: tuple[Occurrence, ...] = ()  # ambiguous: every match
    context_changed: bool = False  # drifted only by its prefix/suffix: the words are the same


@dataclass(frozen=True)
class _Hit:
    status: Status
    start: int  # folded positions
    end: int
    similarity: float = 1.0
    candidates: tuple[tuple[int, int], ...] = ()
    context_changed: bool = False


def _occurrences(hay: str, needle: str, lo: int, hi: int) -> list[int]:
    found = []
    at = hay.find(needle, lo, hi)
    while at >= 0:
        found.append(at)
        at = hay.find(needle, at + 1, hi)
    return found


def _context(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the editor's (folded) prefix and suffix match around [start, end); 1 without them."""
    scores = []
    if prefix:
        scores.append(fuzz.ratio(prefix, text[max(0, start - len(prefix)):start]) / 100)
    if suffix:
        scores.append(fuzz.ratio(suffix, text[end:end + len(suffix)]) / 100)
    return max(scores) if scores else 1.0


def _pick(text: str, cands: list[tuple[int, int]], prefix: str, suffix: str) -> _Hit:
    """One passage among equal matches, by the editor's context."""
    if len(cands) == 1:
        return _Hit("exact", *cands[0])
    exact = [(s, e) for s, e in cands
             if (not prefix or text[max(0, s - len(prefix)):s] == prefix)
             and (not suffix or text[e:e + len(suffix)] == suffix)]
    if len(exact) == 1:
        return _Hit("exact", *exact[0])
    if (prefix or suffix) and not exact:
        scored = sorted(((_context(text, s, e, prefix, suffix), -s, s, e) for s, e in cands), reverse=True)
        best, runner = scored[0][0], scored[1][0]
        if best >= MIN_CONTEXT and best - runner >= MIN_MARGIN * 1.5:
            return _Hit("drifted", scored[0][2], scored[0][3], best, context_changed=True)
    return _Hit("ambiguous", 0, 0, candidates=tuple(exact or cands))


def _refine(needle: str, text: str, start: int, end: int, lo: int, hi: int) -> tuple[float, int, int]:
    """Move the ends of an approximate match (within [lo, hi)) to where it is most alike the quote."""
    reach = max(4, len(needle) // 3)
    best = (fuzz.ratio(needle, text[start:end]), -start, -end)
    for _ in range(2):
        s = -best[1]
        for e in range(max(s + 1, -best[2] - reach), min(hi, -best[2] + reach) + 1):
            best = max(best, (fuzz.ratio(needle, text[s:e]), -s, -e))
        e = -best[2]
        for s in range(max(lo, -best[1] - reach), min(e - 1, -best[1] + reach) + 1):
            best = max(best, (fuzz.ratio(needle, text[s:e]), -s, -e))
    return best[0] / 100, -best[1], -best[2]


def _alike(needle: str, text: str, lo: int, hi: int) -> tuple[float, int, int]:
    """The passage in [lo, hi) most alike ``needle``: (similarity, start, end)."""
    hay = text[lo:hi]
    if not hay:
        return 0.0, lo, lo
    if len(hay) <= len(needle):
        return fuzz.ratio(needle, hay) / 100, lo, hi
    at = fuzz.partial_ratio_alignment(needle, hay)
    return at.score / 100, lo + at.dest_start, lo + at.dest_end


def _approximate(text: str, needle: str, prefix: str, suffix: str, lo: int, hi: int) -> _Hit:
    """The closest passage, and whether it may stand for the quote."""
    _, start, end = _alike(needle, text, lo, hi)
    if end <= start:
        return _Hit("orphan", start, end, 0.0)
    similarity, start, end = _refine(needle, text, start, end, lo, hi)
    runner, r_start, r_end = max(_alike(needle, text, lo, start), _alike(needle, text, end, hi))
    if prefix or suffix:
        backed = _context(text, start, end, prefix, suffix)
        # the runner-up is out of the running when the editor's context clearly rejects it
        if runner > similarity - MIN_MARGIN and _context(text, r_start, r_end, prefix, suffix) <= backed - 0.3:
            runner = 0.0
        ok = backed >= MIN_CONTEXT
    else:
        ok = weight(needle) >= SELF_CONTEXT_WEIGHT and similarity >= SELF_CONTEXT_SIMILARITY
    clear = similarity >= MIN_SIMILARITY and similarity - runner >= MIN_MARGIN
    return _Hit("drifted" if clear and ok else "orphan", start, end, similarity)


def _find_one(text: str, needle: str, prefix: str, suffix: str, lo: int, hi: int) -> _Hit:
    starts = _occurrences(text, needle, lo, hi)
    if starts:
        return _pick(text, [(s, s + len(needle)) for s in starts], prefix, suffix)
    return _approximate(text, needle, prefix, suffix, lo, hi)


def _find_span(text: str, head: str, tail: str, prefix: str, suffix: str, lo: int, hi: int) -> _Hit:
    """A long passage from its first words to its last."""
    pairs = []
    for s in _occurrences(text, head, lo, hi):
        e = text.find(tail, s + len(head), hi)
        if e >= 0:
            pairs.append((s, e + len(tail)))
    if pairs:
        return _pick(text, pairs, prefix, suffix)
    first = _find_one(text, head, prefix, "", lo, hi)
    if first.status in ("ambiguous", "orphan"):
        return first
    last = _find_one(text, tail, "", suffix, first.end, hi)
    if last.status == "ambiguous":  # the first of several equal endings after the start
        last = _Hit("exact", last.candidates[0][0], last.candidates[0][1])
    if last.status == "orphan":
        return _Hit("orphan", last.start, last.end, last.similarity)
    status: Status = "exact" if first.status == last.status == "exact" else "drifted"
    return _Hit(status, first.start, last.end, min(first.similarity, last.similarity),
                context_changed=first.context_changed and last.status == "exact")


def _hint(doc: Text, cands: tuple[tuple[int, int], ...], mine: int) -> str:
    """The shortest prefix (else suffix) that tells occurrence ``mine`` from the others."""
    text = doc.folded
    s, e = cands[mine]
    others = [c for i, c in enumerate(cands) if i != mine]
    for length in range(1, 81):
        if s - length >= 0 and all(text[max(0, t - length):t] != text[s - length:s] for t, _ in others):
            raw_start, raw_end = doc.to_raw(s - length, s)
            return f"prefix: {yaml_string(display(_whole_words(doc.raw, raw_start, raw_end)))}"
    for length in range(1, 81):
        if e + length <= len(text) and all(text[t:t + length] != text[e:e + length] for _, t in others):
            raw_start, raw_end = doc.to_raw(e, e + length)
            return f"suffix: {yaml_string(display(_whole_words(doc.raw, raw_start, raw_end)))}"
    return ""


def _inside_word(raw: str, at: int) -> bool:
    """Whether position ``at`` falls between two letters of a Latin word."""
    return 0 < at < len(raw) and raw[at - 1].isascii() and raw[at - 1].isalnum() and raw[at].isascii() \
        and raw[at].isalnum()


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


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, ready to paste into notes.yaml."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


def find(doc: Text, selector: Selector, lo: int = 0, hi: int | None = None) -> Found:
    """Where ``selector``'s passage is in ``doc`` (searching the raw span [lo, hi))."""
    hi = len(doc.raw) if hi is None else hi
    if not selector.end:  # the common case, without folding: the words occur once as written
        first = doc.raw.find(selector.exact, lo, hi)
        if first >= 0 and doc.raw.find(selector.exact, first + 1, hi) < 0:
            return Found("exact", first, first + len(selector.exact))
    text = doc.folded
    flo, fhi = doc.to_folded(lo), doc.to_folded(hi)
    head, tail = fold(selector.exact), fold(selector.end)
    prefix, suffix = fold(selector.prefix), fold(selector.suffix)
    if not head:
        return Found("orphan", lo, lo, 0.0)
    if tail:
        hit = _find_span(text, head, tail, prefix, suffix, flo, fhi)
    else:
        hit = _find_one(text, head, prefix, suffix, flo, fhi)
    if hit.status == "ambiguous":
        occurrences = tuple(Occurrence(*doc.to_raw(s, e), _hint(doc, hit.candidates, i))
                            for i, (s, e) in enumerate(hit.candidates))
        return Found("ambiguous", occurrences=occurrences)
    start, end = doc.to_raw(hit.start, hit.end)
    if hit.status in ("drifted", "orphan") and not hit.context_changed:
        start, end = _snap(doc.raw, start, end)
    return Found(hit.status, start, end, hit.similarity, context_changed=hit.context_changed)


def context(doc: Text, start: int, end: int) -> tuple[str, str]:
    """The text just before and after a passage, for a TextQuoteSelector."""
    before = display(doc.raw[max(0, start - CONTEXT_CHARS * 2):start])[-CONTEXT_CHARS:]
    after = display(doc.raw[end:end + CONTEXT_CHARS * 2])[:CONTEXT_CHARS]
    return before, after
