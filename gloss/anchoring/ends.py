"""A long passage whose first words (``quote``) were found and whose last words
(``quote_end``) were not, after them: what is true of the last words, for the orphan's
message. A passage runs from its first words to the first place after them where its
last words occur, so last words that occur only before the first ones (the two swapped,
or the end quoted from an earlier sentence) end no passage: the orphan is the end's, and
the quote's words are there. Pure functions over ``fold.Text``; which passages anchor is
``quotes``' business, never changed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gloss.anchoring.fold import Text, first_word_occurrence, word_occurrences
from gloss.text.quoting import yaml_string


@dataclass(frozen=True)
class LostEnd:
    """Raw positions in the document: the passage found for the first words, the nearest
    occurrence of the last words that begins before the end of them (-1: none), and the
    first after them (-1: none)."""

    head: tuple[int, int]
    before: int = -1
    after: int = -1


@dataclass(frozen=True)
class EndLines:
    """A ``LostEnd`` as 1-based lines of the Markdown file (0: none); ``inside``: the
    occurrence before begins within the first words themselves."""

    head: int
    before: int = 0
    inside: bool = False
    after: int = 0


def lost_end(doc: Text, tail: str, start: int, end: int, lo: int, hi: int) -> LostEnd:
    """Where the folded last words ``tail`` occur around the first words' folded span
    [start, end), in the folded span [lo, hi) searched."""
    before = word_occurrences(doc, tail, lo, min(hi, end + len(tail) - 1))
    outside = [at for at in before if at < start] or before  # (else within the first words)
    after = first_word_occurrence(doc, tail, end, hi)
    return LostEnd(
        doc.to_raw(start, end),
        doc.to_raw(outside[-1], outside[-1] + len(tail))[0] if outside else -1,
        doc.to_raw(after, after + len(tail))[0] if after >= 0 else -1,
    )


def lines(lost: LostEnd, line_at: Callable[[int], int]) -> EndLines:
    """``lost`` in lines (``line_at``: a raw position's 1-based line)."""
    return EndLines(
        line_at(lost.head[0]),
        line_at(lost.before) if lost.before >= 0 else 0,
        lost.before >= lost.head[0],
        line_at(lost.after) if lost.after >= 0 else 0,
    )


RUNS = "a passage runs from `quote` to the first place after it where the words of `quote_end` occur"


def told(lost: EndLines, end: str, doc_file: str, closest: tuple[int, float, str] | None) -> str:
    """The orphan's message: ``end`` (``quote_end`` as written, shortened), ``closest`` (line,
    similarity, text) the passage after the first words most alike the last, if any."""
    head = f"the words of `quote` (line {lost.head})"
    subject = f'quote_end "{end}"' if end else "`quote_end`"
    if lost.before and not lost.after and lost.inside:
        return (
            f"{subject} occurs in {doc_file} only within {head}, not after them: {RUNS}; "
            "give the passage's last words as `quote_end`"
        )
    if lost.before and not lost.after:
        return (
            f"{subject} occurs in {doc_file} only at line {lost.before}, before {head}: {RUNS}; "
            "give the passage's first words as `quote` and its last words as `quote_end`"
        )
    if lost.after and closest is not None and closest[1] == 1.0:
        return (
            f"{subject} occurs after {head} in {doc_file} only at line {lost.after}, not beside its "
            "suffix; if that is the passage's end, give the suffix around it now, or none"
        )
    if lost.after and closest is not None:
        line, similarity, text = closest
        return (
            f"{subject} occurs after {head} in {doc_file} at line {lost.after}, but words alike it "
            f"come first, at line {line} ({similarity:.0%} alike): perhaps the passage's last words, edited; "
            f"if so, they now read: quote_end: {yaml_string(text)}"
        )
    return f"{subject} is not in {doc_file} after {head}" + (
        f"; the closest passage after them ({closest[1]:.0%} alike, line {closest[0]}) reads: {yaml_string(closest[2])}"
        if closest is not None
        else " (nothing after them is alike)"
    )
