"""Where a text's first sentence ends: the one-line summary of lists.

A sentence ends at a full stop, question or exclamation mark written as one —
never inside a code span (``if err != nil``, ``panic!``), never at a colon or
semicolon (the Japanese Rust book writes ``…取っています: メモリは…``), and not
at the dot of an abbreviation (``e.g. the``, ``U.S. Treasury``, ``Dr. Smith``),
a number (``3.5``), a URL (``example.org/?q=1``) or an ellipsis (``…``,
``...``). The closing quotes and brackets right after its mark stay with it
(``…と言った。」``, ``"Really?"``), and no sentence ends inside a quotation that
closes later (``「行こう。明日も。」と言った。``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from gloss.text.eastasian import is_wide

_CJK_END = "。！？｡．"
_LATIN_END = "!?."
_CLOSERS = "」』）)]】〕〉》〗〙〛\"'”’»›｣］｝"
_CANDIDATE = re.compile(f"[{re.escape(_CJK_END + _LATIN_END)}]+")
_QUOTES = {"「": "」", "『": "』", "“": "”", "（": "）"}
_QUOTATIVE = ("と", "って", "、", "，")
_ABBREVIATIONS = frozenset("mr mrs ms dr prof sr jr st vs al fig figs no nos vol vols pp eds approx cf ca".split())
_ABBREVIATION = re.compile(r"(?:^|(?<=[\s(\[\"'“‘]))([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]+)$")


def sentence_end(text: str, code: Sequence[tuple[int, int]] = ()) -> int | None:
    """The index just past ``text``'s first sentence (its closing quotes and brackets
    included), or None when it has no sentence end. ``code``: the ``(start, end)``
    spans of code in ``text``, where no sentence ends."""
    return next(sentence_ends(text, code), None)


def sentence_at(text: str, at: int, ends: Sequence[int]) -> tuple[int, int]:
    """The ``(start, end)`` of the sentence of ``text`` holding position ``at`` (the
    whitespace after the sentence before it not included); ``ends``: the text's
    ``sentence_ends``, found once for every position asked of it."""
    found = bisect_right(ends, at)
    begin = ends[found - 1] if found else 0
    end = ends[found] if found < len(ends) else len(text)
    while begin < end and text[begin].isspace():
        begin += 1
    return begin, end


def sentence_ends(text: str, code: Sequence[tuple[int, int]] = ()) -> Iterator[int]:
    """The index just past each sentence of ``text``, in order (see ``sentence_end``)."""
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        if any(begin <= start < stop for begin, stop in code):
            continue
        marks = match.group()
        after = end
        while after < len(text) and text[after] in _CLOSERS:
            after += 1
        if not _quoted(text, after) and _ends(text, start, marks, after):
            yield after


def _ends(text: str, start: int, marks: str, after: int) -> bool:
    """Whether the run of ``marks`` at ``start`` (closers up to ``after``) ends a sentence."""
    following = text[after : after + 1]
    if set(marks) <= {"."} and len(marks) > 1:
        return False  # an ellipsis, "..."
    if any(mark in _CJK_END for mark in marks):
        if after > start + len(marks) and text[after:].startswith(_QUOTATIVE):
            return False  # 「行こう。」と言った: the quotation goes on in the sentence
        return not (marks == "．" and following.isdigit())  # a full-width decimal point
    if following and not following.isspace() and not is_wide(following):
        return False  # "3.5", "!=", "example.org/?q=1", "Node.js"
    if "!" in marks or "?" in marks:
        return True
    return not _abbreviation(text[:start]) and not _lower_next(text, after)


def _quoted(text: str, start: int) -> bool:
    """Whether ``start`` (past a mark and its closers) is inside a quotation or bracket (「」, 『』, “”, （）) that
    closes later in ``text``: 「行こう。明日も。」 is one sentence."""
    before, rest = text[:start], text[start:]
    return any(before.count(opener) > before.count(closer) and closer in rest for opener, closer in _QUOTES.items())


def _abbreviation(before: str) -> bool:
    """Whether the word before a dot is an abbreviation: an initial (``J.``), letters
    with dots (``e.g``, ``U.S``), or a common short form (``Dr``, ``vs``, ``Fig``)."""
    word = _ABBREVIATION.search(before)
    if word is None:
        return False
    letters = word.group(1)
    return "." in letters or (len(letters) == 1 and letters.isupper()) or letters.lower() in _ABBREVIATIONS


def _lower_next(text: str, after: int) -> bool:
    """Whether the next word starts with a lower-case letter: the dot did not end a
    sentence (``approx. five``)."""
    rest = text[after:].lstrip()
    return bool(rest) and rest[0].islower()
