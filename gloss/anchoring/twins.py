"""Telling an edited passage from a twin of the quote by the words alone (issue 17): a
passage one word from the quote is an edit; a passage that differs from it in two places or
more may be a twin (a question's answer, a claim restated). ``quotes`` decides against the
best alternative with these, not by the best score alone. Pure functions over folded text."""

from __future__ import annotations

from gloss.anchoring.alike import MAX_EDIT_PLACES, edit_places, edits, refine
from gloss.anchoring.fold import Text


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
