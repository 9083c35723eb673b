"""Writing a quote for notes.yaml, the one Python implementation (the preview's
``live/annotate.js`` is the JavaScript one; a test runs both on the same cases,
``tests/fixtures/quoting.json``):

- ``yaml_string``: a YAML double-quoted scalar. Backslash and double quote are
  escaped, and so is every character an editor could not see or that YAML
  would read as a line break: controls (Cc), format characters (Cf: zero-width
  spaces, bidi marks, the BOM), line and paragraph separators (Zl, Zp) —
  ``\\xNN`` below U+0100, ``\\uNNNN`` in the BMP, ``\\UNNNNNNNN`` above.
- ``quote_context``: the prefix and suffix written with a quote, W3C
  ``TextQuoteSelector``'s context, ``CONTEXT_STEP`` characters at a time up to
  ``CONTEXT_MAX``, case ignored as the matcher ignores it. Words that occur
  once get context on both sides, each side the shortest that occurs once in
  the text itself (``OTHER_SIDE`` characters at least, spaces not counted):
  it *places* the passage, so that the passage edited, even reworded in
  several places, is found between its neighbours, while a twin elsewhere (a
  question and its answer, a claim restated) has other neighbours
  (``gloss.anchoring.placed``). A passage with a *lookalike* — its first or
  last third (``LOOKALIKE_PART`` characters at least) occurs elsewhere too —
  gets, on the side of a repeated third, the shortest that makes that third
  occur once with it. Words that occur several times get the prefix as long as
  allowed, which tells the resolver they recurred (so the copy left beside one
  side when the passage is deleted is not taken for it), and the shortest
  suffix that occurs once itself and singles them out."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

CONTEXT_STEP = 4
CONTEXT_MAX = 32
LOOKALIKE_PART = 3  # characters: a third of the passage at least this long is looked for elsewhere
OTHER_SIDE = 8  # characters (spaces not counted): each side of context at least
_SPACES = dict.fromkeys(map(ord, " \t\n\r\u00a0\u3000"))
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _escape(ch: str) -> str:
    if ch in '\\"':
        return "\\" + ch
    if unicodedata.category(ch) not in _ESCAPED_CATEGORIES:
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, ready to paste into notes.yaml."""
    return '"' + "".join(map(_escape, text)) + '"'


def _count(text: str, needle: str) -> int:
    count, at = 0, text.find(needle)
    while at != -1:
        count += 1
        at = text.find(needle, at + 1)
    return count


def quote_context(text: str, start: int, end: int) -> tuple[str, str]:
    """(prefix, suffix) for ``text[start:end]``. Words that occur once: both sides, each the
    shortest that occurs once in the text (``_alone``), longer on the side of a repeated third
    of a passage with a lookalike. Words that occur several times: the prefix as long as
    allowed, and the shortest suffix that occurs once itself and singles them out."""
    lowered = text.lower()  # (the passage and its context are lowered on their own: lowering may change lengths)
    quote = text[start:end].lower()
    if _count(lowered, quote) > 1:
        return _recurring_context(text, lowered, quote, start, end)
    prefix, suffix = _lookalike_context(text, lowered, quote, start, end)
    near_prefix, near_suffix = _position_context(text, lowered, start, end)
    return max(prefix, near_prefix, key=len), max(suffix, near_suffix, key=len)


def collapsed_context(raw: str, start: int, end: int) -> tuple[str, str]:
    """``quote_context`` for ``raw[start:end]`` as the preview reads the text: every run of
    whitespace one space (so a line break is never written into a prefix or suffix)."""
    text: list[str] = []
    where = [0] * (len(raw) + 1)
    pending = False
    for i, ch in enumerate(raw):
        where[i] = len(text) + (pending and not ch.isspace())
        if ch.isspace():
            pending = bool(text)
            continue
        if pending:
            text.append(" ")
            pending = False
        text.append(ch)
    where[len(raw)] = len(text)
    collapsed = "".join(text)
    a, b = where[start], where[end]
    while a < b and collapsed[a] == " ":
        a += 1
    while b > a and collapsed[b - 1] == " ":
        b -= 1
    return quote_context(collapsed, a, b)


def _position_context(text: str, lowered: str, start: int, end: int) -> tuple[str, str]:
    """Both sides of a passage, each the shortest that occurs once in the text: where it
    still stands right beside the passage's words, or words alike them, there the passage is
    (``gloss.anchoring.placed``)."""
    squeezed = _squeeze(lowered)
    prefix = _grown(lambda n: text[max(0, start - n) : start], lambda p: _alone(squeezed, p))
    suffix = _grown(lambda n: text[end : end + n], lambda s: _alone(squeezed, s))
    return prefix, suffix


def _recurring_context(text: str, lowered: str, quote: str, start: int, end: int) -> tuple[str, str]:
    """For words that occur several times: the prefix as long as allowed (``CONTEXT_MAX``),
    which tells the resolver the words recurred (the copy left when the passage is deleted,
    standing beside one side, is not the passage); the suffix the shortest that occurs once
    itself and makes the words occur once with it. Where the text's start cuts the prefix
    short, the suffix is as long as allowed instead; where its end cuts that short too, one
    side only."""
    prefix = text[max(0, start - CONTEXT_MAX) : start]
    if len(prefix) < CONTEXT_MAX:
        suffix = text[end : end + CONTEXT_MAX]
        if len(suffix) < CONTEXT_MAX:  # (a short text: one side, which places nothing on its own)
            return (prefix, "") if prefix else ("", suffix)
        return prefix, suffix
    squeezed = _squeeze(lowered)
    return prefix, _grown(
        lambda n: text[end : end + n], lambda s: _alone(squeezed, s) and _count(lowered, quote + s.lower()) == 1
    )


def _lookalike_context(text: str, lowered: str, quote: str, start: int, end: int) -> tuple[str, str]:
    """For a passage that occurs once and has a lookalike (its first or last third occurs
    elsewhere too): context on both sides, ``OTHER_SIDE`` characters each at least
    (spaces not counted, as the matcher drops them). On the side of a repeated third, the
    shortest that makes it occur once with that third; on the other, the shortest that occurs
    once itself (a lead-in that recurs, "Chart of the ", is a lookalike's too). Both, because
    the side next to a repeated third may be the lookalike's too: should the passage be
    deleted, the lookalike may come to stand right beside one side, rarely both. ("", "")
    without a lookalike."""
    part = max(len(quote) // 3, LOOKALIKE_PART)
    if len(quote) < 2 * LOOKALIKE_PART:
        return "", ""
    squeezed = _squeeze(lowered)
    head, tail = _squeeze(quote[:part]), _squeeze(quote[-part:])
    repeated_head, repeated_tail = _count(squeezed, head) > 1, _count(squeezed, tail) > 1
    if not (repeated_head or repeated_tail):
        return "", ""
    prefix = _grown(
        lambda n: text[max(0, start - n) : start],
        lambda p: (
            len(_squeeze(p)) >= OTHER_SIDE
            and _count(squeezed, _squeeze(p.lower()) + (head if repeated_head else "")) <= 1
        ),
    )
    suffix = _grown(
        lambda n: text[end : end + n],
        lambda s: (
            len(_squeeze(s)) >= OTHER_SIDE
            and _count(squeezed, (tail if repeated_tail else "") + _squeeze(s.lower())) <= 1
        ),
    )
    return prefix, suffix


def long_enough(side: str) -> bool:
    """Whether a side of context is ``OTHER_SIDE`` characters long at least, spaces not
    counted: one "Copy as note" grew to occur once, not one the text's start or end cut short."""
    return len(_squeeze(side)) >= OTHER_SIDE


def _alone(squeezed: str, side: str) -> bool:
    """Whether a side of context is long enough (``long_enough``) and occurs once."""
    return long_enough(side) and _count(squeezed, _squeeze(side.lower())) == 1


def _squeeze(text: str) -> str:
    return text.translate(_SPACES)


def _grown(side: Callable[[int], str], enough: Callable[[str], bool]) -> str:
    """The shortest context ``side(n)`` (n growing ``CONTEXT_STEP`` at a time) that is
    ``enough``; the most allowed when none is."""
    for n in range(CONTEXT_STEP, CONTEXT_MAX + 1, CONTEXT_STEP):
        found = side(n)
        if enough(found) or len(found) < n:  # (unique, or the text ends: no more to give)
            return found
    return side(CONTEXT_MAX)
