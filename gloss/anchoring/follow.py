"""Following a passage through edits, from an earlier version of its document.

When a quote does not anchor exactly on its words alone (``quotes.find``
says *drifted*, *ambiguous* or *orphan*), the document's history can say
where the passage went: in an earlier version (from git, see ``history.py``)
the quote matched exactly, and a diff of that version against the current
one carries the match over, the way a reviewer reads a diff. The diff is by
word (a Latin word, or one character of other scripts; on folded text, so
formatting and line breaks are no change), computed by rapidfuzz as a
longest common subsequence.

A passage followed this way anchors (as *drifted*, with the text it now
reads) only when it was edited, not replaced: at most ``MAX_REPLACED`` of
its words replaced by others (one always may be), ``MIN_KEPT_WORDS`` of them
left as they were (one, in a passage ``FEW_KEPT_SIMILARITY`` alike: a typo
in a two-word quote), half its characters in words kept or replaced by words
alike them (``MIN_KEPT_SHARE``, ``TYPO_SIMILARITY``: the one word that said
something replaced is not an edit), and the passage now at least
``MIN_SIMILARITY`` alike the quote. Where the text repeats, the diff could
pair the passage's words with their repetition; it is made twice, preferring
the earliest pairs and the latest, and the two must agree. Where they do not
(a changed end whose reach they see differently), the passage the words
alone found anchors when both diffs pair half the quote's characters with it
(``Diff.confirms``); where a moved paragraph made both lose the passage, it
anchors when its words are new in both diffs, the quote's own words are gone
in both, and the words right beside it moved with it (``_moved``). A passage
deleted or rewritten stays an orphan, even where the words alone found one
alike (a twin): an anchor in the wrong place is worse than none. (Thresholds
set with ``benchmarks/anchoring_accuracy.py``.)

Pure computation over ``fold.Text``; nothing here reads git.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import compress, pairwise
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Opcodes

from gloss.anchoring.fold import Text
from gloss.anchoring.quotes import Found, Selector, find

MAX_REPLACED = 0.3  # of its words replaced by others (one at least is allowed)…
MIN_KEPT_WORDS = 2  # …but this many must be left as they were (see FEW_KEPT_SIMILARITY)
MIN_SIMILARITY = 0.65  # the passage as it now reads, to the quote…
MIN_KEPT_SHARE = 0.5  # …and this share of its characters in words left as they were…
TYPO_SIMILARITY = 0.75  # …or replaced by words this alike (a typo)
FEW_KEPT_SIMILARITY = (
    0.8  # fewer than MIN_KEPT_WORDS words kept: only a passage this alike (a typo in a two-word quote)
)


Region = tuple[bool, int, int, int, int]  # (unchanged?, old words [s0, s1), new words [d0, d1))


def _tokens(text: Text) -> list[int]:
    """Where each word begins in the folded text (and its end): a Latin word, else one character."""
    return list(compress(range(len(text.folded) + 1), text.bounds))


def _codes(text: str, starts: list[int], table: dict[str, int]) -> list[int]:
    return [table.setdefault(text[a:b], len(table)) for a, b in pairwise(starts)]


def _regions(ops: Opcodes) -> list[Region]:
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


def _carry(regions: list[Region], first: int, last: int) -> tuple[int, int, int, int]:
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


def _taken(
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


class Diff:
    """An earlier version of a document against its text now, by word; made once however many
    quotes are followed through it.

    Where the text repeats, a longest common subsequence can pair a deleted passage's words
    with the same words elsewhere; so the diff is made twice, preferring the earliest pairs
    (``forward``) and the latest ones (``backward``: the same diff of the reversed texts),
    and what they carry a passage to must agree."""

    def __init__(self, old: Text, new: Text) -> None:
        self.old, self.new = old, new  # nothing is computed before a passage is followed

    @cached_property
    def a(self) -> list[int]:
        return _tokens(self.old)

    @cached_property
    def b(self) -> list[int]:
        return _tokens(self.new)

    @cached_property
    def _codes(self) -> tuple[list[int], list[int]]:
        table: dict[str, int] = {}
        return _codes(self.old.folded, self.a, table), _codes(self.new.folded, self.b, table)

    @cached_property
    def forward(self) -> list[Region]:
        return _regions(Indel.opcodes(*self._codes))

    @cached_property
    def backward(self) -> list[Region]:
        """The regions of the reversed texts (word n of the old text is word len - 1 - n there)."""
        return _regions(Indel.opcodes(self._codes[0][::-1], self._codes[1][::-1]))

    def image(self, start: int, end: int) -> tuple[int, int, int, int, int] | None:
        """The folded span [start, end) of the old text in the new one: (start, end, its words,
        those of them deleted or replaced, those replaced), or None when nothing of it is left
        or the two diffs carry it to different places."""
        a, b = self.a, self.b
        first, last = bisect_right(a, start) - 1, bisect_left(a, end) - 1  # the passage's words: [first, last]
        new_first, new_end, gone, replaced = _carry(self.forward, first, last)
        n, m = len(a) - 1, len(b) - 1
        back_first, back_end, _, _ = _carry(self.backward, n - 1 - last, n - 1 - first)
        if new_end <= new_first or (m - back_end, m - back_first) != (new_first, new_end):
            return None
        return b[new_first], b[new_end], last + 1 - first, gone, replaced

    def kept(self, start: int, end: int) -> int:
        """How many characters of the folded span [start, end) of the old text are in words the
        diff left as they were, or replaced by words alike them (a typo: ``TYPO_SIMILARITY``)."""
        a, b, old, new = self.a, self.b, self.old.folded, self.new.folded
        first, last = bisect_right(a, start) - 1, bisect_left(a, end) - 1
        kept = 0
        for same, s0, s1, d0, d1 in self.forward:
            if s0 > last or s1 <= first:
                continue
            lo, hi = a[max(s0, first)], a[min(s1, last + 1)]
            if same or (d1 > d0 and fuzz.ratio(old[lo:hi], new[b[d0] : b[d1]]) >= TYPO_SIMILARITY * 100):
                kept += hi - lo
        return kept

    def confirms(self, old: tuple[int, int], now: tuple[int, int]) -> bool:
        """Whether the folded span ``now`` of the new text kept, by both diffs, half the characters
        of the old span ``old`` (and of its own) at least (its words unchanged, and taken from that span): a passage
        the words alone found where the history says the quoted passage went, though the two
        diffs disagree on how far its changed ends reach."""
        a, b = self.a, self.b
        n, m = len(a) - 1, len(b) - 1
        first, last = bisect_right(a, old[0]) - 1, bisect_left(a, old[1]) - 1
        nfirst, nlast = bisect_right(b, now[0]) - 1, bisect_left(b, now[1]) - 1
        forward = _taken(self.forward, (first, last), (nfirst, nlast), a)
        backward = _taken(self.backward, (n - 1 - last, n - 1 - first), (m - 1 - nlast, m - 1 - nfirst), a, n)
        return min(forward, backward) >= MIN_KEPT_SHARE * max(old[1] - old[0], now[1] - now[0])

    def follow(self, start: int, end: int, lo: int = 0, hi: int | None = None) -> Found | None:
        """The passage at raw [start, end) of the old text, in the new one (within its raw span
        [lo, hi)): a drifted ``Found``, or None when the edits left too little of it."""
        old, new = self.old, self.new
        hi = len(new.raw) if hi is None else hi
        fs, fe = old.to_folded(start), old.to_folded(end)
        image = self.image(fs, fe) if fe > fs else None
        if image is None:
            return None
        ns, ne, words, gone, replaced = image
        similarity = fuzz.ratio(old.folded[fs:fe], new.folded[ns:ne]) / 100
        if (
            similarity < MIN_SIMILARITY
            or replaced > max(1.0, MAX_REPLACED * words)
            or (words - gone < MIN_KEPT_WORDS and similarity < FEW_KEPT_SIMILARITY)
            or self.kept(fs, fe) < MIN_KEPT_SHARE * (fe - fs)
        ):
            return None
        raw_start, raw_end = new.to_raw(ns, ne)
        if raw_start < lo or raw_end > hi:
            return None
        return Found("drifted", raw_start, raw_end, similarity)


class Since(NamedTuple):
    """What the history says of a quote: the diff from the newest earlier version where
    its words matched exactly, and where the passage is now (None: it was deleted or
    rewritten since, or moved where the diff does not follow it); ``old``: the raw span
    of its exact match in that version."""

    diff: Diff
    found: Found | None
    old: tuple[int, int] = (0, 0)


def find_since(
    selector: Selector, earlier: Iterable[tuple[Diff, int, int]], lo: int = 0, hi: int | None = None
) -> Since | None:
    """The quote followed from the newest earlier version where it matched exactly (the
    passage now within the raw span [lo, hi) of the text now), or None when it matched in
    none of them: then the history says nothing. ``earlier``: each version's diff against
    the text now and the raw span searched in the version, newest first."""
    for diff, old_lo, old_hi in earlier:
        found = find(diff.old, selector, old_lo, old_hi)
        if found.status == "exact":
            return Since(diff, diff.follow(found.start, found.end, lo, hi), (found.start, found.end))
    return None


MOVED_CONTEXT = 16  # words on each side of a passage compared where the diff lost it (a paragraph moved)…
MOVED_NEAR = 4  # …of which those right beside it, on one side, must all have moved with it, and half the rest


def _unchanged(regions: list[Region], first: int, end: int, new_side: bool = False) -> int:
    """How many of words [first, end) (of the old text, or of the new one) the diff left unchanged."""
    return sum(max(0, min(end, r[4 if new_side else 2]) - max(first, r[3 if new_side else 1])) for r in regions if r[0])


class _Stretch(Diff):
    """The diff of a stretch of each text only (old words [oa, ob), new words [na, nb)): where a
    moved paragraph made the whole texts' diff lose a passage, its words and those around it are
    compared with the passage the words alone found."""

    def __init__(self, diff: Diff, oa: int, ob: int, na: int, nb: int) -> None:
        super().__init__(diff.old, diff.new)
        self.a, self.b = diff.a[oa : ob + 1], diff.b[na : nb + 1]


def _moved(diff: Diff, old: tuple[int, int], now: tuple[int, int], lo: int, hi: int) -> Found | None:
    """The passage at raw ``old`` of the old text, moved (with the words around it) to raw
    ``now`` in the new one, or None. Only a passage the diff found no place for is looked for
    so, and only at words the diff says are new in both its directions (a passage that was
    there before, such as a twin of the quote, is not what the quote became), when the diff
    says the passage's own words are gone in both (not still there beside a copy); and the words
    around it must have moved with it: on one side, the ``MOVED_NEAR`` right beside it and half
    of the ``MOVED_CONTEXT`` there, left as they were."""
    a, b = diff.a, diff.b
    fs, fe = diff.old.to_folded(old[0]), diff.old.to_folded(old[1])
    ns, ne = diff.new.to_folded(now[0]), diff.new.to_folded(now[1])
    first, last = bisect_right(a, fs) - 1, bisect_left(a, fe) - 1
    nfirst, nlast = bisect_right(b, ns) - 1, bisect_left(b, ne) - 1
    if diff.image(fs, fe) is not None or nlast < nfirst:
        return None
    n, m, count = len(a) - 1, len(b) - 1, nlast + 1 - nfirst
    forward = _unchanged(diff.forward, nfirst, nlast + 1, new_side=True)
    backward = _unchanged(diff.backward, m - 1 - nlast, m - nfirst, new_side=True)
    kept = _unchanged(diff.forward, first, last + 1), _unchanged(diff.backward, n - 1 - last, n - first)
    if 2 * max(forward, backward) > count or 2 * max(kept) > last + 1 - first:
        return None  # the words found were there before, or the passage's own words still are
    k = MOVED_CONTEXT
    oa, ob, na, nb = max(0, first - k), min(n, last + 1 + k), max(0, nfirst - k), min(m, nlast + 1 + k)
    stretch = _Stretch(diff, oa, ob, na, nb)
    regions = stretch.forward
    before, after, near = first - oa, ob - last - 1, MOVED_NEAR
    beside = (
        before >= near
        and _unchanged(regions, before - near, before) == near
        and 2 * _unchanged(regions, 0, before) >= before
    ) or (
        after >= near
        and _unchanged(regions, last + 1 - oa, last + 1 - oa + near) == near
        and 2 * _unchanged(regions, last + 1 - oa, ob - oa) >= after
    )
    return stretch.follow(*old, lo, hi) if beside else None


def settle(words: Found, since: Since | None, lo: int = 0, hi: int | None = None) -> Found:
    """Where a quote the words do not find exactly anchors, the history deciding when it
    can: followed through the diff, the passage as edited; the passage the words found,
    when the diff lost the quote's passage and the two match as a moved passage does
    (``_moved``); deleted or rewritten since, an orphan, even where the words alone found
    a passage alike (a twin: a question and its answer, a claim restated); no version
    where the words matched, the words alone. ``lo``/``hi``: the raw span searched now."""
    if since is None:
        return words
    if since.found is not None:
        return since.found
    if words.status in ("drifted", "orphan") and words.end > words.start:
        diff, hi = since.diff, len(since.diff.new.raw) if hi is None else hi
        old = diff.old.to_folded(since.old[0]), diff.old.to_folded(since.old[1])
        now = diff.new.to_folded(words.start), diff.new.to_folded(words.end)
        if words.similarity >= MIN_SIMILARITY and diff.confirms(old, now):
            return Found("drifted", words.start, words.end, words.similarity)
        moved = _moved(since.diff, since.old, (words.start, words.end), lo, hi)
        if moved is not None:
            return moved
    if words.status == "drifted":
        return Found("orphan", words.start, words.end, words.similarity)  # the look-alike, named
    return words


__all__: Sequence[str] = (
    "MAX_REPLACED",
    "MIN_KEPT_WORDS",
    "MIN_SIMILARITY",
    "MOVED_CONTEXT",
    "MOVED_NEAR",
    "Diff",
    "Since",
    "find_since",
    "settle",
)
