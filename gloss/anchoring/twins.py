"""Telling an edited passage from a twin of the quote by the words alone (issue 17): a
passage one word from the quote is an edit; a passage that differs from it in two places or
more may be a twin (a question's answer, a claim restated). ``quotes`` decides against the
best alternative with these, not by the best score alone (``closest``: a quote without
context and the passage it may stand for). Pure functions over folded text."""

from __future__ import annotations

from dataclasses import dataclass

from gloss.anchoring.alike import (
    MAX_EDIT_PLACES,
    SELF_CONTEXT_WEIGHT,
    alike,
    edit_places,
    edited,
    edits,
    refine,
    rival,
)
from gloss.anchoring.fold import Text, weight

MIN_MARGIN = 0.15  # over the best passage elsewhere (not asked of one word edited beside a twin)


@dataclass(frozen=True)
class Closest:
    """The passage closest to a quote without context, and whether the quote may stand for it
    (folded positions)."""

    taken: bool
    similarity: float
    start: int
    end: int
    rival: tuple[float, int, int] | None = None  # not taken: another passage as likely (``alike.rival``)


def closest(doc: Text, needle: str, lo: int, hi: int) -> Closest:
    """The closest passage, and whether the quote, on its own, may stand for it (``judged``).
    Decided against the best alternative, not the best score: when the closest passage
    differs from the quote in more places than an edit (a twin: a question's answer, a
    claim restated) and the other passage that could be the quote's, edited, may stand for
    it, that one is the passage."""
    _, start, end = alike(needle, doc.folded, lo, hi)
    if end <= start:
        return Closest(False, 0.0, start, end)
    found = judged(doc, needle, refine(doc, needle, start, end, lo, hi), lo, hi)
    if not found.taken and found.rival is not None and a_twin(doc.folded, doc.bounds, needle, found.start, found.end):
        other = judged(doc, needle, found.rival, lo, hi)
        if other.taken:
            return other
    return found


def judged(doc: Text, needle: str, passage: tuple[float, int, int], lo: int, hi: int) -> Closest:
    """Whether the quote, on its own, may stand for ``passage`` (similarity, start, end; ends
    refined): an edit of it (``alike.edited``), and no other passage could as well be the
    quote's, edited (``alike.rival``); the passage most alike elsewhere is less alike by
    ``MIN_MARGIN``, or, the passage one word from the quote, a twin."""
    text = doc.folded
    similarity, start, end = passage
    runner, side = max((alike(needle, text, a, b), (a, b)) for a, b in ((lo, start), (end, hi)))
    other = rival(doc, needle, runner, *side)
    taken = (
        weight(needle) >= SELF_CONTEXT_WEIGHT
        and (
            similarity - runner[0] >= MIN_MARGIN
            or (one_word_edit(needle, text, doc.bounds, start, end) and twin_near(doc, needle, runner, side))
        )
        and edited(needle, text, doc.bounds, similarity, start, end)  # else perhaps a twin
        and other is None
    )
    return Closest(taken, similarity, start, end, other)  # (taken: no rival)


def one_word_edit(needle: str, text: str, bounds: bytes, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` differs from the quote by one word at most: one Latin word
    (or two CJK characters) lost, replaced or inserted, in one place. Such a passage stands
    beside a twin without the score margin asked of it otherwise; one changed more may be a
    copy of the quote elsewhere while the quote's own passage was edited further (a revision)."""
    places = edits(needle, text, bounds, start, end)
    return len(places) <= 1 and all(p.latin <= 1 and p.lost <= 2 and p.added <= 2 for p in places)


def a_twin(text: str, bounds: bytes, needle: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` differs from the quote in more places than an edit."""
    return edit_places(needle, text, bounds, start, end) > MAX_EDIT_PLACES


def twin_near(doc: Text, needle: str, runner: tuple[float, int, int], side: tuple[int, int]) -> bool:
    """Whether ``runner``, the passage most alike the quote within ``side`` (``alike.alike``),
    its ends refined, differs from the quote in more places than an edit (nothing there: as
    good as a twin)."""
    _, start, end = runner
    if end <= start:
        return True
    _, start, end = refine(doc, needle, start, end, *side)
    return a_twin(doc.folded, doc.bounds, needle, start, end)
