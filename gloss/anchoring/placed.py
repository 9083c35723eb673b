"""Where the context places a passage. "Copy as note" (``gloss.text.quoting``) writes a
prefix and a suffix on both sides of a quote whose words occur once, each side the shortest
that occurs once in the text; for words that recur, the prefix as long as may be written
(``CONTEXT_MAX``). Such a context says where the passage is, not only which of its copies:
the passage edited in place keeps it around it, while a twin elsewhere (an answer to its
question, a claim restated) has other neighbours. Pure functions over folded strings, for
``quotes``; each says where the passage is, or None, and then the other rules decide.

1. ``words_beside`` (each side shorter than may be written: the words occurred once): the
   quote's words occur once, one side of the context, occurring once, right beside them
   (the text on the other side was edited): the passage, only its context changed.
2. ``between`` (any context on both sides): the words framed nowhere, the one span right
   between the prefix and the suffix is alike the quote (``BETWEEN_SIMILARITY``, by the
   quote's first and last words kept at its ends: a passage rewritten is less alike), holds
   no copy of its words (a copy put beside the passage) while no copy has one side of the
   context beside it, and is not the item that was beside it (``framing.beside_item``): the
   passage, edited inside, in as many places as it was (its neighbours place it). A side
   written as long as may be (for words that recur) that occurs more than once is a lead-in
   items share and places nothing. Otherwise, with the quote's words elsewhere (they
   recurred), a span keeping their first words next to it is taken, and one without them
   only as the quote with words put in, taken out or mistyped (the item beside a deleted one
   differs by words replaced), holding no mark or line break the quote lacks (what is left of
   two sentences); without them elsewhere, with a long suffix, or with the span a whole item
   after its lead-in, the side is one that could not be made to occur once, and the span
   must keep the first words and be the quote mistyped (``long_side_holds``).
3. ``one_side`` (each side shorter than may be written): the words occur nowhere and no span
   lies between the sides; one side, occurring once, is right beside a passage alike the
   quote (``MIN_SIMILARITY``) that keeps the quote's own words next to it, and the other
   side is not beyond it (a deleted passage leaves the suffix right after the prefix: the
   sentence beside it is no twin of the quote): the passage, edited, with the text on its
   other side edited too. Only for a quote long enough (``ONE_PIN_WEIGHT``) to be told from
   a few words that follow the same words, and only edited in two places or more: the item
   beside a deleted one in a list of alike items differs from it in one place, as an edit
   would (one-place edits are ``quotes._by_context``'s, which asks more). And only where
   the side gone was another sentence's (the quote begins a sentence, or ends one) and no
   line break lies across the side kept: a side inside the quote's own sentence goes with
   it when the sentence is deleted, and a twin right before or after that sentence, or at
   the end of the paragraph before, then stands beside the side left.
4. ``moved`` (each side shorter than may be written, the words framed nowhere): a long quote
   (``LONG_WEIGHT``) whose words, as written, occur once still, with no passage alike them
   elsewhere and its old place empty (the two sides joined, or both gone): the passage, moved
   with its paragraph, or with both neighbours edited. A passage alike the quote elsewhere, or
   a side left beside other words, is the passage edited or rewritten in place, and the words
   a copy."""

from __future__ import annotations

from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel

from gloss.anchoring import framing
from gloss.anchoring.alike import (
    LONG_WEIGHT,
    MAX_EDIT_PLACES,
    MIN_SIMILARITY,
    ONE_PIN_WEIGHT,
    alike,
    edit_places,
    end_chars,
    occurrences,
    refine,
    right_after,
    right_before,
)
from gloss.anchoring.fold import _MARKUP, Text, weight, word_occurrences
from gloss.text.quoting import CONTEXT_MAX, long_enough

SENTENCE_ENDS = frozenset(".!?。！？")  # (folded)
TYPO_EDITS = 1  # a character changed, lost, put in, or two swapped: a typo (two CJK characters changed are a word)
BETWEEN_SIMILARITY = (0.9, 0.6, 0.6)  # the span right between the two sides, to the quote, by its ends kept (0-2)


class Written(NamedTuple):
    """What the context as written says of the quote (``written``)."""

    both: bool = False  # a prefix and a suffix: ``between`` may place the passage
    prefix_places: bool = False  # the words occurred once, and the prefix occurred once (rules 1, 3)
    suffix_places: bool = False  # …and the suffix did
    long: tuple[bool, bool] = (False, False)  # the prefix, the suffix as long as may be written (``CONTEXT_MAX``)
    quote: str = ""  # the words as "Copy as note" counted them (``_as_written``, for ``moved``)


UNWRITTEN = Written()  # no context, or one side: nothing placed


def written(prefix: str, suffix: str, quote: str = "") -> Written:
    """``Written`` for the prefix and suffix as written (not folded). A side as long as "Copy
    as note" may write one (``CONTEXT_MAX``) is written for words that recur, or could not be
    made to occur once; a side shorter than ``OTHER_SIDE`` (spaces not counted) was cut short
    by the text's start or end, not made to occur once. Neither places the passage on its own."""
    both = bool(prefix and suffix)
    long = (len(prefix) >= CONTEXT_MAX, len(suffix) >= CONTEXT_MAX)
    once = both and not any(long)
    return Written(both, once and long_enough(prefix), once and long_enough(suffix), long, _as_written(quote))


class Place(NamedTuple):
    start: int  # folded positions
    end: int
    similarity: float


def where(
    doc: Text,
    needle: str,
    cands: list[tuple[int, int]],
    prefix: str,
    suffix: str,
    lo: int,
    hi: int,
    sides: Written,
) -> Place | None:
    """The passage the two sides of the context place (rules 1-4 above), or None."""
    if not (sides.both and prefix and suffix):
        return None
    if cands and (
        found := words_beside(
            doc.folded, cands, prefix if sides.prefix_places else "", suffix if sides.suffix_places else ""
        )
    ):
        return found
    spans = framing.framings(doc.folded, needle, prefix, suffix, lo, hi, wide=True)
    if spans:
        return between(doc, needle, spans, prefix, suffix, cands, sides.long)
    if cands:
        return moved(doc, needle, cands, prefix, suffix, sides)
    return one_side(doc, needle, prefix, suffix, lo, hi, sides)


def moved(
    doc: Text, needle: str, cands: list[tuple[int, int]], prefix: str, suffix: str, sides: Written
) -> Place | None:
    """Rule 4: a long quote's words, written with both sides made to occur once (so they
    occurred once), occurring once still, framed by neither side, with no passage alike them
    elsewhere (the passage edited in place: the words a copy put elsewhere), and its place
    empty (the two sides joined, or both gone: not a side left there beside other words, the
    passage rewritten): the passage, moved (its paragraph moved, or both its neighbours
    edited). The words as written, too
    (case and runs of spaces aside): "Copy as note" counted those, not words that differ from
    the quote in typography only (a space beside a Latin word in CJK text, curly quotes), a
    copy it could not see."""
    if not (len(cands) == 1 and sides.prefix_places and sides.suffix_places and weight(needle) >= LONG_WEIGHT):
        return None
    start, end = cands[0]
    if _as_written(doc.raw[slice(*doc.to_raw(start, end))]) != sides.quote:
        return None
    text = doc.folded
    after, before = occurrences(text, prefix, 0, len(text)), occurrences(text, suffix, 0, len(text))
    if len(after) == 1 and after[0] + len(prefix) not in (start, *before):
        return None  # its place is not empty: the prefix left there, with other words after it
    if len(before) == 1 and before[0] not in (end, *(a + len(prefix) for a in after)):
        return None  # …or the suffix, with other words before it
    if any(alike(needle, text, a, b)[0] >= MIN_SIMILARITY for a, b in ((0, start), (end, len(text)))):
        return None  # (last: it reads the whole text)
    return Place(start, end, 1.0)


def _as_written(words: str) -> str:
    """Words as "Copy as note" counts them: case and runs of spaces aside, and the markup the
    folded text drops at their ends (``~/.config``, ``__init__.py``)."""
    return " ".join(words.split()).lower().strip(_MARKUP + " ")


def words_beside(text: str, cands: list[tuple[int, int]], prefix: str, suffix: str) -> Place | None:
    """Rule 1: the words, occurring once, with one side of the context right beside them, a
    side written to occur once (the other given as ""), and occurring once still."""
    if len(cands) != 1:
        return None
    start, end = cands[0]
    side = prefix if right_before(text, start, prefix) else suffix if right_after(text, end, suffix) else ""
    if not side or len(occurrences(text, side, 0, len(text))) != 1:
        return None
    return Place(start, end, 1.0)


def between(
    doc: Text,
    needle: str,
    spans: list[tuple[int, int]],
    prefix: str,
    suffix: str,
    cands: list[tuple[int, int]],
    long: tuple[bool, bool] = (False, False),
) -> Place | None:
    """Rule 2: the one span right between the prefix and the suffix, alike the quote (and
    not holding the quote's words: a copy put beside the passage). A side as long as may be
    written (``long``) that occurs more than once is a lead-in items share: the span may be any
    item's. Otherwise such a side places the span as ``long_side_holds`` says."""
    text = doc.folded
    if len(spans) != 1:
        return None
    start, end = spans[0]
    if any(start <= s and e <= end or framing.half_framed(text, s, e, prefix, suffix) for s, e in cands):
        return None  # a copy put beside the passage; the words elsewhere beside one side, as likely
    similarity = fuzz.ratio(needle, text[start:end]) / 100
    first, last = end_chars(needle)
    pins = text.startswith(first, start, end) + text.endswith(last, start, end)
    if similarity < BETWEEN_SIMILARITY[pins] and OSA.distance(needle, text[start:end]) > TYPO_EDITS:
        return None  # (a character mistyped between both sides: "the ntoes" keeps neither end's words)
    if framing.beside_item(text, start, end, prefix, suffix):
        return None
    if any(
        is_long and len(occurrences(text, side, 0, len(text))) > 1
        for side, is_long in zip((prefix, suffix), long, strict=True)
    ):
        return None  # a lead-in items share, or a comment and heading every section has
    if any(long) and not long_side_holds(doc, needle, (start, end), prefix, cands, long):
        return None
    return Place(start, end, similarity)


def lead_in_refuses(
    doc: Text,
    span: tuple[int, int],
    head: str,
    tail: str,
    prefix: str,
    long: tuple[bool, bool],
    within: tuple[int, int],
) -> bool:
    """Whether a passage edited that the older rules of the context found (``quotes``) is
    refused for a side as long as may be written: a lead-in items share (``long_side_holds``;
    for a long passage, its first and last words must be next to it: ``framing.lead_in_lost``)."""
    if tail:
        return framing.lead_in_lost(doc.folded, *span, head, tail, long)
    if not any(long):
        return False
    cands = [(s, s + len(head)) for s in word_occurrences(doc, head, *within)]
    return not long_side_holds(doc, head, span, prefix, cands, long)


def long_side_holds(
    doc: Text, needle: str, span: tuple[int, int], prefix: str, cands: list[tuple[int, int]], long: tuple[bool, bool]
) -> bool:
    """With a side as long as may be written (for words that recur, or a side that could not
    be made to occur once: a lead-in items share), whether the span may be the passage: the
    quote's words elsewhere say they recurred, and a span with their first words next to the
    long side is taken, one without them only as the quote put in, taken out or mistyped
    (not the item beside a deleted one: its words differ by words replaced). Without the words
    elsewhere, the span must keep the first words (``framing.lead_in_lost``); and with a long
    suffix (written for words that recur only when the prefix was cut short by the text's
    start; else one items share, as a link's address) or a line break between the span and a
    short side while the long one is on its line (an item after its lead-in: the words may be
    mentioned elsewhere), it must be the quote mistyped (``typo``): items may differ by a word
    replaced or put in ("ARM64 builds", "builds")."""
    start, end = span
    lost = framing.lead_in_lost(doc.folded, start, end, needle, needle, long)
    item = (not long[0] and framing.line_break(doc, start, start)) or (
        not long[1] and framing.line_break(doc, end, end)
    )
    recur = not long[1] or doc.folded.startswith(prefix)  # (a long suffix: only the prefix cut short by the start)
    if cands and not item and recur:
        return not lost or _edited_at_its_end(doc, needle, start, end)
    if not (cands or item or long[1]):  # a lead-in in running prose (a licence's repeated words), no item
        return not lost
    return not lost and typo(needle, doc.folded[start:end])


def _edited_at_its_end(doc: Text, needle: str, start: int, end: int) -> bool:
    """Whether [start, end) is the quote with words only put in, or only taken out, or a
    character changed (``TYPO_EDITS``): not another item, whose words differ from the quote's by a
    replacement; and holding no mark or line break the quote lacks (what is left of two
    sentences, or items, around a passage deleted)."""
    span = doc.folded[start:end]
    if sum(not c.isalnum() for c in span) > sum(not c.isalnum() for c in needle):
        return False
    if "\n" in doc.raw[slice(*doc.to_raw(start, end))]:
        return False
    one_way = Indel.distance(needle, span) == abs(len(span) - len(needle))  # (one holds the other's characters)
    return one_way or OSA.distance(needle, span) <= TYPO_EDITS


def typo(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with a Latin letter changed, lost or put in, or two swapped: not a
    digit (3.11, 3.12) nor a CJK character, which is often a word (上/下, 非対応)."""
    if OSA.distance(a, b) > TYPO_EDITS:
        return False
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    changed = a[head : len(a) - tail] + b[head : len(b) - tail]
    return all(c.isascii() and c.isalpha() for c in changed)


def one_side(doc: Text, needle: str, prefix: str, suffix: str, lo: int, hi: int, sides: Written) -> Place | None:
    """Rule 3: a passage alike the quote right beside the one place of one side written to
    occur once, keeping the quote's words there, the other side not beyond it."""
    if weight(needle) < ONE_PIN_WEIGHT:
        return None
    text = doc.folded
    first, last = end_chars(needle)
    reach = len(needle) + len(needle) // 4 + framing.CONTEXT_SHIFT
    found = []
    after = occurrences(text, prefix, max(0, lo - len(prefix)), hi) if sides.prefix_places else []
    if len(after) == 1:
        a = after[0] + len(prefix)
        place = _alike(doc, needle, a, min(hi, a + reach))
        ends = needle[-1:] in SENTENCE_ENDS  # (the suffix was the next sentence's, not the quote's own)
        if (
            place
            and place.start == a
            and text.startswith(first, a)
            and ends
            and not framing.line_break(doc, after[0], a)
        ):
            if text.find(suffix, max(0, a - len(suffix) + 1), place.end + framing.CONTEXT_SHIFT + len(suffix)) < 0:
                found.append(place)
    before = occurrences(text, suffix, lo, min(len(text), hi + len(suffix))) if sides.suffix_places else []
    if len(before) == 1:
        b = before[0]
        place = _alike(doc, needle, max(lo, b - reach), b)
        begins = prefix[-1:] in SENTENCE_ENDS  # (the prefix was the sentence before's)
        if (
            place
            and place.end == b
            and text.endswith(last, 0, b)
            and begins
            and not framing.line_break(doc, b, b + len(suffix))
        ):
            if text.rfind(prefix, max(0, place.start - framing.CONTEXT_SHIFT - len(prefix)), b + len(prefix) - 1) < 0:
                found.append(place)
    if len({(p.start, p.end) for p in found}) != 1:
        return None  # none, or the two sides place two passages
    place = found[0]
    if edit_places(needle, text, doc.bounds, place.start, place.end) <= MAX_EDIT_PLACES:
        return None  # (edited in one place: ``quotes._by_context``; an item beside differs so too)
    return place


def _alike(doc: Text, needle: str, a: int, b: int) -> Place | None:
    similarity, start, end = alike(needle, doc.folded, a, b)
    if end <= start:
        return None
    similarity, start, end = refine(doc, needle, start, end, a, b)
    return Place(start, end, similarity) if similarity >= MIN_SIMILARITY else None
