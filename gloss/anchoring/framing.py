"""Where the editor's context points: the prefix and suffix a quote was written with, found
right around a passage, a few words away from it (words inserted between), or not at all;
and the passages alike the quote right beside each place the context occurs. Pure
functions over folded strings, for ``quotes``."""

from __future__ import annotations

from rapidfuzz import fuzz

from gloss.anchoring.alike import (
    MAX_EDIT_PLACES,
    MIN_SIMILARITY,
    SELF_CONTEXT_WEIGHT,
    SHIFTED_CONTEXT_WEIGHT,
    alike,
    edit_places,
    end_chars,
    occurrences,
    refine,
    right_after,
    right_before,
)
from gloss.anchoring.fold import Text, weight
from gloss.text.quoting import LOOKALIKE_PART

CONTEXT_SHIFT = 24  # the prefix/suffix may be this many folded characters away (words inserted)
MAX_CONTEXT_PLACES = 200  # places of a prefix/suffix searched for an edited passage
NEARER_SIMILARITY = 0.5  # a long passage's last words this alike, nearer and pinned at one end: its end edited


def framed(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the editor's (folded) prefix and suffix are right before and after [start, end)."""
    return (not prefix or right_before(text, start, prefix)) and (not suffix or right_after(text, end, suffix))


def half_framed(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the editor's prefix is right before [start, end), or the suffix right after (an
    empty side is neither)."""
    return right_before(text, start, prefix) or right_after(text, end, suffix)


def held(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether one side of the context holds [start, end): the prefix right before it, or, none
    written, the text's start (the preview writes none where the text begins); the suffix
    right after it, or, none written, the text's end."""
    return (right_before(text, start, prefix) if prefix else start == 0) or (
        right_after(text, end, suffix) if suffix else end == len(text)
    )


def evidence(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """What the editor's context says for [start, end): 2 when it is right around it; 1 when it is
    still there but a few words away (words were inserted between it and the passage), the prefix
    and suffix saying enough to be looked for there (SHIFTED_CONTEXT_WEIGHT); 0 otherwise. With
    both a prefix and a suffix, the lesser of the two: the editor wrote both because neither
    alone told the passage from the others."""
    sides = []
    if prefix:
        sides.append(
            2
            if right_before(text, start, prefix)
            else 1
            if weight(prefix) >= SHIFTED_CONTEXT_WEIGHT
            and text.find(prefix, max(0, start - CONTEXT_SHIFT - len(prefix)), start) >= 0
            else 0
        )
    if suffix:
        sides.append(
            2
            if right_after(text, end, suffix)
            else 1
            if weight(suffix) >= SHIFTED_CONTEXT_WEIGHT
            and text.find(suffix, end, end + CONTEXT_SHIFT + len(suffix)) >= 0
            else 0
        )
    return min(sides) if sides else 0


def gap_alike(text: str, needle: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the words between the editor's context a few words away (``evidence`` 1) and
    the quote's words at [start, end) are themselves alike the quote (``NEARER_SIMILARITY``):
    the passage edited right beside its context, and the words found past it another copy
    of them, not the passage with words inserted before it. So are words that begin with the
    quote's first words next to the prefix, or end with its last next to the suffix."""
    first, last = end_chars(needle)
    for a, b in _gaps(text, start, end, prefix, suffix):
        gap = text[a:b]
        kept = text.startswith(first, a, b) if b == start else text.endswith(last, a, b)
        if kept or (3 * len(gap) >= len(needle) and fuzz.ratio(needle, gap) / 100 >= NEARER_SIMILARITY):
            return True
    return False


def _gaps(text: str, start: int, end: int, prefix: str, suffix: str) -> list[tuple[int, int]]:
    """The folded spans between [start, end) and the editor's prefix (suffix) a few words
    before (after) it, where a side is not right beside it but within ``CONTEXT_SHIFT``."""
    gaps = []
    if prefix and not right_before(text, start, prefix):
        at = text.rfind(prefix, max(0, start - CONTEXT_SHIFT - len(prefix)), start)
        if at >= 0:
            gaps.append((at + len(prefix), start))
    if suffix and not right_after(text, end, suffix):
        at = text.find(suffix, end, end + CONTEXT_SHIFT + len(suffix))
        if at >= 0:
            gaps.append((end, at))
    return gaps


def line_break(doc: Text, lo: int, hi: int) -> bool:
    """Whether a line break (a block's end) is in the raw text from the folded ``lo`` to
    ``hi``, the spaces right before and after included."""
    start = doc.to_raw(lo - 1, lo)[1] if lo > 0 else 0
    end = doc.to_raw(hi, hi + 1)[0] if hi < len(doc.folded) else len(doc.raw)
    return "\n" in doc.raw[start:end]


def across_lines(doc: Text, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the raw text between [start, end) and the editor's context a few words away
    (``evidence`` 1) holds a line break: another cell of a table, another item of a list, not
    words inserted next to the passage."""
    return any(line_break(doc, a, b) for a, b in _gaps(doc.folded, start, end, prefix, suffix))


def near_context(doc: Text, needle: str, prefix: str, suffix: str, lo: int, hi: int) -> list[tuple[float, int, int]]:
    """The passages most alike the quote right after each place the prefix occurs, and right
    before each place the suffix occurs: (similarity, start, end)."""
    text = doc.folded
    reach = len(needle) + len(needle) // 4 + CONTEXT_SHIFT
    found = []
    windows = []
    if prefix:
        windows += [
            (p + len(prefix), min(hi, p + len(prefix) + reach))
            for p in occurrences(text, prefix, max(0, lo - len(prefix)), hi)[:MAX_CONTEXT_PLACES]
        ]
    if suffix:
        windows += [
            (max(lo, p - reach), p)
            for p in occurrences(text, suffix, lo, min(len(text), hi + len(suffix)))[:MAX_CONTEXT_PLACES]
        ]
    for a, b in windows:
        similarity, start, end = alike(needle, text, a, b)
        if end > start and similarity >= MIN_SIMILARITY:
            found.append(refine(doc, needle, start, end, a, b))
    return found


def framings(
    text: str, needle: str, prefix: str, suffix: str, lo: int, hi: int, wide: bool = False
) -> list[tuple[int, int]]:
    """The spans right between each place the prefix occurs and the first place the suffix
    occurs after it, at most half again as long as the quote (``wide``: as long as the quote
    and ``CONTEXT_SHIFT`` more, or half again, whichever is more: words inserted inside a short
    quote); none without both."""
    if not (prefix and suffix):
        return []
    spans = []
    longest = len(needle) + max(CONTEXT_SHIFT, len(needle) // 2) if wide else len(needle) + len(needle) // 2 + 1
    for p in occurrences(text, prefix, max(0, lo - len(prefix)), hi)[:MAX_CONTEXT_PLACES]:
        start = p + len(prefix)
        end = text.find(suffix, start + 1, min(len(text), start + longest + len(suffix)))
        if end > start and hi >= end:
            spans.append((start, end))
    return spans


def between_context(doc: Text, needle: str, spans: list[tuple[int, int]]) -> list[tuple[float, int, int]]:
    """Of the spans right between the prefix and the suffix (``framings``), those alike the
    quote that differ from it in one place: the passage edited inside, its context intact on
    both sides. (``near_context`` moves the ends of what it finds to where it is most alike
    the quote, which drops a changed first or last word.)"""
    text = doc.folded
    found = []
    for start, end in spans:
        similarity = fuzz.ratio(needle, text[start:end]) / 100
        if similarity >= MIN_SIMILARITY and edit_places(needle, text, doc.bounds, start, end) <= MAX_EDIT_PLACES:
            found.append((similarity, start, end))
    return found


def context_pool(
    doc: Text, needle: str, prefix: str, suffix: str, cands: list[tuple[int, int]], lo: int, hi: int, near: bool
) -> list[tuple[float, int, int]]:
    """The passages the context may point to: the occurrences of the words and, ``near``, the
    passages alike the quote next to where the context occurs. Not those when the prefix and
    suffix frame several passages: a context that recurs (rows of a table, versions of one
    piece of code, the items of a list, a sentence and its twin) cannot say which passage
    was edited."""
    pool = [(1.0, s, e) for s, e in cands]
    if not near or (weight(prefix + needle) < SELF_CONTEXT_WEIGHT and weight(needle + suffix) < SELF_CONTEXT_WEIGHT):
        return pool
    spans = framings(doc.folded, needle, prefix, suffix, lo, hi)
    if len(spans) > 1 or _recurring_side(doc.folded, prefix, suffix):
        return pool
    return pool + near_context(doc, needle, prefix, suffix, lo, hi) + between_context(doc, needle, spans)


def _recurring_side(text: str, prefix: str, suffix: str) -> bool:
    """Whether a one-sided context occurs more than once: written for words that recur, it
    picks their copy, but a passage alike the quote beside it may be beside another."""
    side = prefix if not suffix else suffix if not prefix else ""
    return bool(side) and len(occurrences(text, side, 0, len(text))) > 1


def inside(doc: Text, needle: str, level: int, start: int, end: int) -> bool:
    """Whether [start, end) is right between the editor's prefix and suffix (``level`` 2) and
    differs from the quote in one place: the passage, edited inside."""
    return level == 2 and edit_places(needle, doc.folded, doc.bounds, start, end) <= MAX_EDIT_PLACES


def beside_item(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether [start, end) begins with the words of the editor's suffix or ends with those of the
    prefix: the text that was beside the quote, now where the quote was. Deleting an item of a
    list of alike names (APIs in release notes, rows of charts) moves the next item up between
    the same prefix and suffix, and it differs from the quote in one place, as an edit would."""
    found = text[start:end]
    after, before = _words_from(suffix), _words_from(prefix[::-1])[::-1]
    return bool(
        (after and (found.startswith(after) or after.startswith(found)))
        or (before and (found.endswith(before) or before.endswith(found)))
    )


def lookalike_gone(text: str, needle: str, start: int, end: int) -> bool:
    """Whether neither the quote's first third nor its last occurs outside [start, end). The
    preview writes context on both sides of a passage with a lookalike (one of those thirds
    elsewhere); a passage alike the quote found by that context, with no lookalike left
    anywhere else, is most likely the lookalike itself, the passage deleted (two alike
    sentences of a licence, one removed)."""
    part = max(len(needle) // 3, LOOKALIKE_PART)
    for third in (needle[:part], needle[-part:]):
        if any(at + len(third) <= start or at >= end for at in occurrences(text, third, 0, len(text))):
            return False
    return True


def _words_from(side: str) -> str:
    """``side`` from its first letter or digit on (a list's bullet, a comma, spaces dropped)."""
    at = 0
    while at < len(side) and not side[at].isalnum():
        at += 1
    return side[at:]


def left_for_deleted(text: str, needle: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether an edited passage found by the context is what a deletion of the quote leaves
    there: a lookalike (``lookalike_gone``) or the item that was beside it (``beside_item``)."""
    return bool(prefix and suffix and lookalike_gone(text, needle, start, end)) or beside_item(
        text, start, end, prefix, suffix
    )


def lead_in_lost(text: str, start: int, end: int, head: str, tail: str, long: tuple[bool, bool]) -> bool:
    """Whether a side of the context is as long as "Copy as note" writes one (``long``, for
    the prefix and the suffix: ``CONTEXT_MAX``, perhaps it could not be made unique, a lead-in
    the items of a list share, "Chart of the different …") and [start, end) lacks the quote's
    own words at that end (the first of ``head``, the last of ``tail``: the quote, or a long
    one's first and last words). Once the quote's item is deleted, the item before it has the
    same lead-in and stands before the same suffix: only the quote's words next to the lead-in
    tell it from the quote's item edited there."""
    first, last = end_chars(head)[0], end_chars(tail)[1]
    return (long[0] and not text.startswith(first, start)) or (long[1] and not text.endswith(last, 0, end))


def nearer_ending(text: str, tail: str, start: int, end: int, loose: bool = False) -> bool:
    """Whether words alike the last words come in [start, end), before their occurrence at ``end``:
    the passage's own ending, edited, and the one at ``end`` another passage's. ``loose`` (the one
    at ``end`` itself edited): half as alike will do, with the first or last of them kept."""
    similarity, s, e = alike(tail, text, start, end)
    first, last = end_chars(tail)
    kept = text.find(first, max(start, s - len(tail)), e) >= 0 or text.find(last, s, min(end, e + len(tail))) >= 0
    return similarity >= MIN_SIMILARITY or (loose and similarity >= NEARER_SIMILARITY and kept)


def edit_refused(
    text: str, needle: str, span: tuple[int, int], prefix: str, suffix: str, cands: list[tuple[int, int]]
) -> bool:
    """Whether a passage alike the quote that the context points to is refused: a lookalike,
    or the item beside, come to stand where the quote was deleted; the quote's words
    elsewhere with a side of the context holding them; or the words elsewhere at all, which
    a few characters of context do not outweigh."""
    start, end = span
    if left_for_deleted(text, needle, start, end, prefix, suffix):
        return True
    if any(held(text, s, e, prefix, suffix) for s, e in cands):
        return True
    return bool(cands) and (
        not (framed(text, start, end, prefix, suffix) and weight(prefix + suffix) >= SHIFTED_CONTEXT_WEIGHT)
        or bool(len(cands) == 1 and prefix and suffix)  # (both: the words occurred once; here they still do)
    )
