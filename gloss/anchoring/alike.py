"""How alike a passage is to a quote, and where an approximate match begins and ends.

The approximate half of ``quotes``: rapidfuzz's closest passage, its ends
moved to where it is most alike (never inside a Latin word), and the pins
that decide whether it may stand for the quote (``alike_enough``; the rules
are stated in ``quotes``' docstring). Pure functions over folded strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from gloss.anchoring.fold import Text, same_words, weight

# acceptance of an approximate match (similarities are 0..1; weights count CJK characters twice)
MIN_SIMILARITY = 0.75  # a passage pinned at two points (see alike_enough)…
SHORT_WEIGHT = 32  # …but by its own words only: a quote shorter than this…
SHORT_SIMILARITY = 0.85  # …this alike
LONG_WEIGHT = 48  # pinned at fewer points: a quote this long at least…
ONE_END_SIMILARITY = 0.8  # …this alike with one pin…
CHANGED_ENDS_SIMILARITY = 0.9  # …or with none
END_WEIGHT = 4  # a pin: the quote's first (last) whole words, this much of them at least…
TYPO_WEIGHT = 5  # …of which one character may be lost when they are this long
PINNED_SLACK = 0.05  # a passage with the quote's ends is preferred to one this much more alike
SELF_CONTEXT_WEIGHT = 12  # without prefix/suffix, a quote must be this long to anchor approximately
SHIFTED_CONTEXT_WEIGHT = 8  # a prefix/suffix this long pins a passage it is next to (quotes: also a few words away)
MAX_EDIT_PLACES = 1  # by the words alone, a passage edited in more places than this may be a twin of the quote…
ONE_PIN_WEIGHT = 24  # …and a quote this long, pinned at one end by its own words, may be edited at the other…
ONE_PIN_LOST = 4  # …losing one word there, or words of this weight (two CJK characters)
MAX_REPLACED_WORDS = 2  # by the words alone, Latin words of the quote replaced by others in its one place
CJK_WORD_GAP = 1  # CJK characters kept between two changes that are still one place (仍然能够 → 仍能: one word edited)


def occurrences(hay: str, needle: str, lo: int, hi: int) -> list[int]:
    found = []
    at = hay.find(needle, lo, hi)
    while at >= 0:
        found.append(at)
        at = hay.find(needle, at + 1, hi)
    return found


def refine(doc: Text, needle: str, start: int, end: int, lo: int, hi: int) -> tuple[float, int, int]:
    """Move the ends of an approximate match (within [lo, hi)) to where it is most alike the quote,
    never inside a Latin word; to a passage nearly as alike that begins with the quote's first words
    and ends with its last ones, if there is one (words were inserted or removed near an end)."""
    text, bounds = doc.folded, doc.bounds
    lo, hi = max(lo, 0), min(hi, len(text))
    start, end = max(lo, min(start, hi)), max(lo, min(end, hi))
    start, end = nearest_bound(bounds, start, lo, hi), nearest_bound(bounds, end, lo, hi)
    reach = max(8, len(needle) // 3)  # enough to move past a word, either way
    best = (fuzz.ratio(needle, text[start:end]), -start, -end)
    for _ in range(3):
        s = -best[1]
        for e in range(max(s + 1, -best[2] - reach), min(hi, -best[2] + reach) + 1):
            if bounds[e]:
                best = max(best, (fuzz.ratio(needle, text[s:e]), -s, -e))
        e = -best[2]
        for s in range(max(lo, -best[1] - reach), min(e - 1, -best[1] + reach) + 1):
            if bounds[s]:
                best = max(best, (fuzz.ratio(needle, text[s:e]), -s, -e))
    score, start, end = best[0], -best[1], -best[2]
    head, tail = end_chars(needle)
    pinned = (-1.0, start, end)
    heads = [p for p in occurrences(text, head, max(lo, start - reach), min(hi, start + reach)) if bounds[p]]
    tails = [
        p + len(tail)
        for p in occurrences(text, tail, max(lo, end - reach - len(tail)), min(hi, end + reach))
        if bounds[p + len(tail)]
    ]
    for s in heads[:8]:
        for e in tails[:8]:
            if e - s >= len(head) + len(tail) - len(needle) and e > s:
                pinned = max(pinned, (fuzz.ratio(needle, text[s:e]), s, e))
    if pinned[0] >= score - PINNED_SLACK * 100:
        score, start, end = pinned
    start, end = reattach(doc, needle, start, end, reach, lo, hi)
    return _parted_alike(doc, needle, start, end), start, end


def _parted_alike(doc: Text, needle: str, start: int, end: int) -> float:
    """How alike the passage at [start, end) is to the quote: folded, and where the two are the
    same characters, by where a space parts their Latin words ("Noone" and "No one": 5 of 6)."""
    similarity = fuzz.ratio(needle, doc.folded[start:end]) / 100
    if similarity < 1.0 or same_words(doc, needle, start):
        return similarity
    apart = len({p - start for p in doc.spaced(start, end)} ^ getattr(needle, "spaced", frozenset()))
    return len(needle) / (len(needle) + max(1, apart))


def nearest_bound(bounds: bytes, at: int, lo: int, hi: int) -> int:
    """The position nearest ``at`` in [lo, hi] where a passage may start or end."""
    for step in range(max(at - lo, hi - at) + 1):
        if at - step >= lo and bounds[at - step]:
            return at - step
        if at + step <= hi and bounds[at + step]:
            return at + step
    return at


def reattach(doc: Text, needle: str, start: int, end: int, reach: int, lo: int, hi: int) -> tuple[int, int]:
    """The quote's first (last) words, when words were inserted right after (before) them and the
    passage found starts (ends) without them: the passage from those words, if they are just there."""
    text, bounds = doc.folded, doc.bounds
    ops = Indel.opcodes(needle, text[start:end])
    if len(ops) < 2:
        return start, end
    first, last = ops[0], ops[-1]
    if first.tag == "delete" and ops[1].tag == "equal":
        missing = needle[: first.src_end]
        at = text.rfind(missing, max(lo, start - reach - len(missing)), start)
        if at >= 0 and bounds[at] and bounds[at + len(missing)]:
            start = at
    if last.tag == "delete" and ops[-2].tag == "equal":
        missing = needle[last.src_start :]
        at = text.find(missing, end, min(hi, end + reach + len(missing)))
        if at >= 0 and bounds[at] and bounds[at + len(missing)]:
            end = at + len(missing)
    return start, end


def end_marks(needle: str) -> tuple[int, int]:
    """Where the quote's first words end and its last words begin (folded positions): whole words,
    at least END_WEIGHT of them each."""
    bounds = getattr(needle, "bounds", None)
    head = next(
        (i for i in range(1, len(needle) + 1) if (bounds is None or bounds[i]) and weight(needle[:i]) >= END_WEIGHT),
        len(needle),
    )
    tail = next(
        (
            i
            for i in range(len(needle) - 1, -1, -1)
            if (bounds is None or bounds[i]) and weight(needle[i:]) >= END_WEIGHT
        ),
        0,
    )
    return head, tail


def end_chars(needle: str) -> tuple[str, str]:
    """The quote's first and last words compared at the ends of a passage."""
    head, tail = end_marks(needle)
    return needle[:head], needle[tail:]


def alike(needle: str, text: str, lo: int, hi: int) -> tuple[float, int, int]:
    """The passage in [lo, hi) most alike ``needle``: (similarity, start, end)."""
    hay = text[lo:hi]
    if not hay:
        return 0.0, lo, lo
    if len(hay) <= len(needle):
        return fuzz.ratio(needle, hay) / 100, lo, hi
    at = fuzz.partial_ratio_alignment(needle, hay)
    if at is None:
        return 0.0, lo, lo
    return at.score / 100, lo + at.dest_start, lo + at.dest_end


def first_alike(needle: str, text: str, lo: int, hi: int) -> tuple[float, int, int]:
    """The first passage in [lo, hi) at least ``MIN_SIMILARITY`` alike ``needle`` (the most alike
    within a window twice its length, windows overlapping), else the most alike of all: the
    edited end of a long passage is the nearest place alike its last words, not a better one
    further on (the same words ending a later paragraph)."""
    width = max(2 * len(needle), 1)
    for at in range(lo, hi, max(len(needle), 1)):
        found = alike(needle, text, at, min(hi, at + width))
        if found[0] >= MIN_SIMILARITY:
            return found
        if at + width >= hi:
            break
    return alike(needle, text, lo, hi)


def ends_kept(needle: str, passage: str) -> tuple[bool, bool]:
    """Whether the passage begins with the quote's first words and ends with its last ones, aligned
    as ``fuzz.ratio`` aligns them: words may have been inserted among them, and a long one may have
    lost a character (a typo), but none may be missing."""
    ops = Indel.opcodes(needle, passage)
    if not len(ops):
        return False, False
    head, tail = end_marks(needle)
    lost_head = "".join(needle[op.src_start : min(op.src_end, head)] for op in ops if op.tag == "delete")
    lost_tail = "".join(needle[max(op.src_start, tail) : op.src_end] for op in ops if op.tag == "delete")
    kept = [op for op in ops if op.tag != "delete"]  # the passage, from its first character to its last
    return (
        bool(kept) and kept[0].tag == "equal" and typo(lost_head, needle[:head]),
        bool(kept) and kept[-1].tag == "equal" and typo(lost_tail, needle[tail:]),
    )


def typo(lost: str, words: str) -> bool:
    """Whether losing ``lost`` (nothing, or one letter or digit of long enough words) leaves ``words`` recognisable."""
    return not lost or (len(lost) == 1 and lost.isalnum() and weight(words) >= TYPO_WEIGHT)


def alike_enough(
    needle: str, text: str, similarity: float, start: int, end: int, prefix: str = "", suffix: str = ""
) -> bool:
    """Whether [start, end) may stand for the quote. An edit inside a passage leaves its ends in
    place, while a passage that merely shares words with the quote rarely begins and ends with the
    same ones; so the more of these pins hold, the less alike it must be: the quote's first words
    begin it, its last words end it, the editor's prefix is right before it, the suffix right after."""
    if similarity < MIN_SIMILARITY:
        return False
    head, tail = ends_kept(needle, text[start:end])
    context = strong_context(text, start, end, prefix, "") + strong_context(text, start, end, "", suffix)
    pins = head + tail + context
    if pins >= 2:  # a short quote pinned by its own words only must be more alike: they are common words
        return similarity >= SHORT_SIMILARITY or weight(needle) >= SHORT_WEIGHT or context > 0
    if weight(needle) < LONG_WEIGHT:  # a short quote shares its words with other passages too easily
        return False
    return similarity >= (ONE_END_SIMILARITY if pins else CHANGED_ENDS_SIMILARITY)


def far_end_kept(
    needle: str, passage: str, prefix: str, suffix: str, recurring: bool, similarity: float, framed: bool = False
) -> bool:
    """Whether a passage alike the quote, next to the editor's context on one side, keeps the
    quote's own words where that is needed. The preview writes context where the quote does not
    occur once, or on the side of a quote that has a lookalike, so the end next to the context
    may be a copy's too: should the passage be deleted and a copy of its sentence, reworded,
    stand by that context, only the quote's words tell them apart. So a quote whose words occur
    elsewhere (``recurring``) must keep its first and last words (an edit inside; a short one
    with a context of a few characters ``SHORT_SIMILARITY`` alike, as a short quote without
    context must be), and so must
    a short quote with context on both sides a few words away (a lookalike's copy may hold
    both; right beside it, ``framed``, they are the passage's own, edited in one place: see
    ``framing.between_context``); one with a short context (a few letters may come after any
    passage) its words at the other end."""
    head, tail = ends_kept(needle, passage)
    if recurring and bool(prefix) != bool(suffix):
        short = weight(needle) < SHORT_WEIGHT and weight(prefix + suffix) < 2 * SHIFTED_CONTEXT_WEIGHT
        return head and tail and (similarity >= SHORT_SIMILARITY or not short)
    if prefix and suffix and weight(needle) < SHORT_WEIGHT:
        return framed or (head and tail)
    if prefix and not suffix and weight(prefix) < SHIFTED_CONTEXT_WEIGHT:
        return tail
    if suffix and not prefix and weight(suffix) < SHIFTED_CONTEXT_WEIGHT:
        return head
    return True


def right_before(text: str, start: int, prefix: str) -> bool:
    """Whether ``prefix`` ends right where ``start`` is (an empty one is not)."""
    return bool(prefix) and text[max(0, start - len(prefix)) : start] == prefix


def right_after(text: str, end: int, suffix: str) -> bool:
    """Whether ``suffix`` begins right where ``end`` is (an empty one is not)."""
    return bool(suffix) and text[end : end + len(suffix)] == suffix


def strong_context(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether a prefix (suffix) that says something (SHIFTED_CONTEXT_WEIGHT) is right before (after) [start, end)."""
    return (weight(prefix) >= SHIFTED_CONTEXT_WEIGHT and right_before(text, start, prefix)) or (
        weight(suffix) >= SHIFTED_CONTEXT_WEIGHT and right_after(text, end, suffix)
    )


def _tokens(text: str, bounds: bytes) -> list[str]:
    """``text`` as words: a Latin word, else one character (``bounds``: where words may begin)."""
    starts = [i for i in range(len(text) + 1) if bounds[i]]
    return [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]


@dataclass(frozen=True)
class Place:
    """One place where a passage differs from the quote: a run of words deleted, inserted or
    replaced together."""

    lost: int  # the quote's words it lost (a CJK character counts as a word)…
    weight: int  # …their weight
    latin: int  # …of which Latin words
    added: int  # words put in their place, or inserted


def edits(needle: str, text: str, bounds: bytes, start: int, end: int) -> list[Place]:
    """Where the passage ``text[start:end]`` differs from the quote, word by word."""
    own = getattr(needle, "bounds", None)
    words = _tokens(needle, own if own is not None else b"\x01" * (len(needle) + 1))
    passage = _tokens(text[start:end], bounds[start : end + 1])
    places: list[Place] = []
    changing = False
    for op in Indel.opcodes(words, passage):
        if op.tag == "equal":
            kept = words[op.src_start : op.src_end]
            changing = changing and len(kept) <= CJK_WORD_GAP and all(len(w) == 1 and not w.isascii() for w in kept)
            continue
        lost = words[op.src_start : op.src_end] if op.tag == "delete" else []
        added = op.dest_end - op.dest_start if op.tag == "insert" else 0
        place = Place(len(lost), weight("".join(lost)), sum(len(w) > 1 for w in lost), added)
        if changing:
            last = places[-1]
            place = Place(
                last.lost + place.lost, last.weight + place.weight, last.latin + place.latin, last.added + added
            )
            places[-1] = place
        else:
            places.append(place)
        changing = True
    return places


def edit_places(needle: str, text: str, bounds: bytes, start: int, end: int) -> int:
    """In how many places the passage ``text[start:end]`` differs from the quote, word by word
    (a run of words deleted, inserted or replaced is one place). An edit changes a passage in
    one place, a word or a few together; a twin (an answer to its question, a claim restated)
    differs all along: another word order, words added at both ends, others replaced."""
    return len(edits(needle, text, bounds, start, end))


def edited(needle: str, text: str, bounds: bytes, similarity: float, start: int, end: int, loose: bool = True) -> bool:
    """Whether the quote's own words (no prefix/suffix to go by) may take ``text[start:end]`` for
    its passage, edited in one place: alike enough for what pins it down (``alike_enough``); or
    (``loose``) a quote of ``ONE_PIN_WEIGHT`` at least, pinned at one end by its own words, that
    lost one word at the other (two CJK characters: ``ONE_PIN_LOST``) and is ``ONE_END_SIMILARITY``
    alike. A passage changed in two places is an orphan, however alike: a twin of the quote (a
    claim restated, a translated quote) may differ from it by two words replaced."""
    places = edits(needle, text, bounds, start, end)
    if len(places) > MAX_EDIT_PLACES:
        return False
    if places and not _an_edit(places[0]):
        return False
    if alike_enough(needle, text, similarity, start, end):
        return True
    head, tail = ends_kept(needle, text[start:end])
    place = places[0] if places else Place(0, 0, 0, 0)
    return (
        loose
        and head != tail
        and (place.lost <= 1 or place.weight <= ONE_PIN_LOST)
        and weight(needle) >= ONE_PIN_WEIGHT
        and similarity >= ONE_END_SIMILARITY
    )


def _an_edit(place: Place) -> bool:
    """Whether one place may be an edit: not several Latin words replaced by others (another
    sentence built alike, as the definitions of a licence are)."""
    return not (place.added and place.latin > MAX_REPLACED_WORDS)


def could_be(needle: str, text: str, bounds: bytes, similarity: float, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` could be the quote's passage edited in one place, on looser
    terms than ``edited`` asks of a passage taken: pinned at one end at least by the quote's own
    words and ``MIN_SIMILARITY`` alike. Another passage that could be is a reason not to take
    one: the quote's words cannot tell which of the two was edited."""
    return (
        similarity >= MIN_SIMILARITY
        and any(ends_kept(needle, text[start:end]))
        and len(edits(needle, text, bounds, start, end)) <= MAX_EDIT_PLACES
    )


def rival(doc: Text, needle: str, runner: tuple[float, int, int], lo: int, hi: int) -> tuple[float, int, int] | None:
    """``runner``, the passage most alike the quote elsewhere (``alike`` within [lo, hi)), its
    ends moved as ``refine`` moves them, when it could as well be the quote's passage edited in
    one place (``could_be``): the quote's words then cannot tell which was edited, e.g. a
    sentence and its restatement, one of them reworded. None otherwise."""
    _, start, end = runner
    if end <= start:
        return None
    similarity, start, end = refine(doc, needle, start, end, lo, hi)
    if end > start and could_be(needle, doc.folded, doc.bounds, similarity, start, end):
        return similarity, start, end
    return None


def context_holds(level: int, similarity: float, needle: str, prefix: str, suffix: str) -> bool:
    """Whether the context is close enough to a passage that is not the quote's words exactly:
    a quote with context on both sides (written so for a lookalike, or where neither side
    alone made it unique) needs both right beside it. One edit changes the words or moves the
    context, not both; a reworded copy of the sentence may hold both contexts a few words away."""
    return similarity == 1.0 or level == 2 or not (prefix and suffix)


def near_end_kept(needle: str, text: str, bounds: bytes, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether a passage alike the quote, next to the editor's context on one side only, may be
    taken: when it lost the quote's own words at that end, only the context pins that end,
    and a reworded copy of the sentence may hold that context too; so it must differ from
    the quote in one place only (an edit, not a copy changed here and there)."""
    if bool(prefix) == bool(suffix):
        return True
    head, tail = ends_kept(needle, text[start:end])
    if head if prefix else tail:
        return True
    return len(edits(needle, text, bounds, start, end)) <= MAX_EDIT_PLACES
