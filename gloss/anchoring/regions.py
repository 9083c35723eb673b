"""A word diff as regions: what ``follow.Diff`` is made of.

Two texts are compared by word (a Latin word, or one character of other
scripts; see ``tokens``) as a longest common subsequence (rapidfuzz's
``Indel.opcodes``); the diff is read as *regions*, runs of words left as they
were and runs changed between them, and these functions say what a region list
does to a stretch of the old text's words. Pure computation, no state.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, pairwise

from rapidfuzz.distance import Opcodes

from gloss.anchoring.fold import Text

Region = tuple[bool, int, int, int, int]  # (unchanged?, old words [s0, s1), new words [d0, d1))


def tokens(text: Text) -> list[int]:
    """Where each word begins in the folded text (and its end): a Latin word, else one character."""
    return list(compress(range(len(text.folded) + 1), text.bounds))


def codes(text: str, starts: list[int], table: dict[str, int]) -> list[int]:
    return [table.setdefault(text[a:b], len(table)) for a, b in pairwise(starts)]


def regions(ops: Opcodes) -> list[Region]:
    """The diff as regions; a run of deletions and insertions between two unchanged runs is
    one changed region."""
    regions: list[Region] = []
    for op in ops:
        same = op.tag == "equal"
        if regions and not same and not regions[-1][0]:
            _, s0, _, d0, _ = regions[-1]
            regions[-1] = (False, s0, op.src_end, d0, op.dest_end)
        else:
            regions.append((same, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return regions


def carry(regions: list[Region], first: int, last: int) -> tuple[int, int, int, int]:
    """Words [first, last] of the old version, in the new one: (first word, word after the
    last, words of them deleted or replaced, words of them replaced); the first two equal
    when none is left. Where the passage begins (ends) with changed words, it begins (ends)
    with what replaced them, taken as at most twice as many words: a changed region also
    holds what was added before (after) the passage, or a paragraph moved next to it."""
    new_first = new_end = -1
    gone = replaced = 0
    for same, s0, s1, d0, d1 in regions:
        if s1 <= first or s0 > last:
            continue
        if same:
            lo, hi = max(s0, first), min(s1, last + 1)
            if new_first < 0:
                new_first = d0 + lo - s0
            new_end = d0 + hi - s0
        else:
            gone += min(s1, last + 1) - max(s0, first)
            if d1 > d0:  # replaced: deleted words leave a passage the similarity bounds
                replaced += min(s1, last + 1) - max(s0, first)
            if new_first < 0:  # what replaced the passage's first words: at most twice as many
                new_first = max(d0, d1 - 2 * (s1 - first))
            new_end = min(d1, d0 + 2 * (last + 1 - s0))  # …and its last words
    return new_first, new_end, gone, replaced


def taken(
    regions: list[Region], old: tuple[int, int], new: tuple[int, int], a: list[int], reversed_from: int = -1
) -> int:
    """The characters of old words [old[0], old[1]] that the diff pairs, unchanged, with new
    words in [new[0], new[1]] (``reversed_from``: n when the regions are of the reversed texts,
    whose word i is word n - 1 - i)."""
    taken = 0
    for same, s0, _, d0, d1 in regions:
        lo, hi = max(d0, new[0]), min(d1, new[1] + 1)  # new words of this region in the span
        if not same or hi <= lo:
            continue
        olo, ohi = max(s0 + lo - d0, old[0]), min(s0 + hi - d0, old[1] + 1)  # their old words in the passage
        for i in range(olo, ohi):
            word = i if reversed_from < 0 else reversed_from - 1 - i
            taken += a[word + 1] - a[word]
    return taken


def places(regions: list[Region], first: int, last: int) -> int:
    """How many changed regions of the diff fall in old words [first, last] (words deleted or
    replaced there, or words inserted between two of them)."""
    return sum(
        1
        for same, s0, s1, _, _ in regions
        if not same and ((s0 < s1 and s0 <= last and s1 > first) or first < s0 <= last)
    )


def paired(regions: list[Region], word: int) -> int:
    """The new word the diff pairs, unchanged, with old word ``word``; -1 when it was changed."""
    for same, s0, s1, d0, _ in regions:
        if s0 <= word < s1:
            return d0 + word - s0 if same else -1
    return -1


def unchanged(regions: list[Region], first: int, end: int, new_side: bool = False) -> int:
    """How many of words [first, end) (of the old text, or of the new one) the diff left unchanged."""
    return sum(max(0, min(end, r[4 if new_side else 2]) - max(first, r[3 if new_side else 1])) for r in regions if r[0])


__all__: Sequence[str] = ("Region", "carry", "codes", "paired", "places", "regions", "taken", "tokens", "unchanged")
