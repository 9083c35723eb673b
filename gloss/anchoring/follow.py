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
``MIN_SIMILARITY`` alike the quote -- or, whatever it reads like now, when it
was edited in place: the words right around it unchanged on both sides, its
words changed in one place, a third of them kept (``Diff.in_place``: a
short quote's one meaningful word reworded). Where the text repeats, the diff could
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
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from gloss.anchoring import regions as rg
from gloss.anchoring.fold import Text, weight
from gloss.anchoring.quotes import Found, Selector, find

MAX_REPLACED = 0.3  # of its words replaced by others (one at least is allowed)…
MIN_KEPT_WORDS = 2  # …but this many must be left as they were (see FEW_KEPT_SIMILARITY)
MIN_SIMILARITY = 0.65  # the passage as it now reads, to the quote…
MIN_KEPT_SHARE = 0.5  # …and this share of its characters in words left as they were…
TYPO_SIMILARITY = 0.75  # …or replaced by words this alike (a typo)
FEW_KEPT_SIMILARITY = (
    0.8  # fewer than MIN_KEPT_WORDS words kept: only a passage this alike (a typo in a two-word quote)
)
FRAME_WEIGHT = 12  # a passage edited in place: unchanged words this heavy (CJK twice) right on each side…
MIN_FRAMED_KEPT = 1 / 3  # …and this share of its words left as they were (see ``Diff.in_place``)


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
        return rg.tokens(self.old)

    @cached_property
    def b(self) -> list[int]:
        return rg.tokens(self.new)

    @cached_property
    def _codes(self) -> tuple[list[int], list[int]]:
        table: dict[str, int] = {}
        return rg.codes(self.old.folded, self.a, table), rg.codes(self.new.folded, self.b, table)

    @cached_property
    def forward(self) -> list[rg.Region]:
        return rg.regions(Indel.opcodes(*self._codes))

    @cached_property
    def backward(self) -> list[rg.Region]:
        """The regions of the reversed texts (word n of the old text is word len - 1 - n there)."""
        return rg.regions(Indel.opcodes(self._codes[0][::-1], self._codes[1][::-1]))

    def image(self, start: int, end: int) -> tuple[int, int, int, int, int] | None:
        """The folded span [start, end) of the old text in the new one: (start, end, its words,
        those of them deleted or replaced, those replaced), or None when nothing of it is left
        or the two diffs carry it to different places."""
        a, b = self.a, self.b
        first, last = bisect_right(a, start) - 1, bisect_left(a, end) - 1  # the passage's words: [first, last]
        new_first, new_end, gone, replaced = rg.carry(self.forward, first, last)
        n, m = len(a) - 1, len(b) - 1
        back_first, back_end, _, _ = rg.carry(self.backward, n - 1 - last, n - 1 - first)
        if new_end <= new_first or (m - back_end, m - back_first) != (new_first, new_end):
            return None
        return b[new_first], b[new_end], last + 1 - first, gone, replaced

    def framed(self, old: tuple[int, int], new: tuple[int, int]) -> bool:
        """Whether the words right before and right after the folded span ``old`` of the old
        text (``FRAME_WEIGHT`` of them on each side, or the text's edge) are, by both diffs, left as
        they were and right before and after the span ``new`` of the new text: the passage is
        where it was."""
        a, b = self.a, self.b
        n, m = len(a) - 1, len(b) - 1
        first, last = bisect_right(a, old[0]) - 1, bisect_left(a, old[1]) - 1
        new_first, new_last = bisect_right(b, new[0]) - 1, bisect_left(b, new[1]) - 1
        for step, i, j in ((-1, first - 1, new_first - 1), (1, last + 1, new_last + 1)):
            heavy = 0
            while heavy < FRAME_WEIGHT and not (i == j == -1 or (i, j) == (n, m)):  # (the text's edge frames it)
                if not (0 <= i < n and 0 <= j < m) or rg.paired(self.forward, i) != j:
                    return False
                if rg.paired(self.backward, n - 1 - i) != m - 1 - j:
                    return False
                heavy += weight(self.old.folded[a[i] : a[i + 1]])
                i, j = i + step, j + step
        return True

    def _slides(self, first: int, last: int) -> bool:
        """Whether the words added inside old words [first, last] (its one changed place, by the
        forward diff) end with the words the passage begins with before that place, or begin
        with those it ends with after it: the same diff then reads as words added before (after)
        the passage, left whole, as when a paragraph that begins alike it was moved in front of it."""
        codes = self._codes[1]
        new_first, new_end, _, _ = rg.carry(self.forward, first, last)
        for same, s0, s1, d0, d1 in self.forward:
            if same or d1 <= d0 or not (first < s0 <= last or first < s1 <= last):
                continue
            head, tail = codes[new_first:d0], codes[d1:new_end]
            if (head and codes[d1 - len(head) : d1] == head) or (tail and codes[d0 : d0 + len(tail)] == tail):
                return True
        return False

    def in_place(self, old: tuple[int, int], new: tuple[int, int], words: int, gone: int, replaced: int) -> bool:
        """Whether the passage at the folded span ``old`` of the old text, carried to ``new``
        (``words``, ``gone``, ``replaced`` as ``image`` counts them), was edited where it stands:
        the words around it left as they were on both sides (``framed``), changed in one place
        only (a run of words deleted, inserted or replaced together, as both diffs see it, and
        not readable as words added beside it: ``_slides``), a third of its words left as they
        were (one of them a word, not a mark) and no more replaced than an edit replaces
        (``MAX_REPLACED``). It then anchors however unlike the quote it now reads: a short
        quote's one meaningful word changed ("the company" to "the firm"), or most of its
        characters deleted."""
        if words - gone < MIN_FRAMED_KEPT * words or replaced > max(1.0, MAX_REPLACED * words):
            return False
        a, text, n = self.a, self.old.folded, len(self.a) - 1
        first, last = bisect_right(a, old[0]) - 1, bisect_left(a, old[1]) - 1
        if rg.places(self.forward, first, last) > 1 or rg.places(self.backward, n - 1 - last, n - 1 - first) > 1:
            return False
        if self._slides(first, last):
            return False
        kept = (i for i in range(first, last + 1) if rg.paired(self.forward, i) >= 0)
        return any(any(c.isalnum() for c in text[a[i] : a[i + 1]]) for i in kept) and self.framed(old, new)

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
        forward = rg.taken(self.forward, (first, last), (nfirst, nlast), a)
        backward = rg.taken(self.backward, (n - 1 - last, n - 1 - first), (m - 1 - nlast, m - 1 - nfirst), a, n)
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
        ) and not self.in_place((fs, fe), (ns, ne), words, gone, replaced):
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
    forward = rg.unchanged(diff.forward, nfirst, nlast + 1, new_side=True)
    backward = rg.unchanged(diff.backward, m - 1 - nlast, m - nfirst, new_side=True)
    kept = rg.unchanged(diff.forward, first, last + 1), rg.unchanged(diff.backward, n - 1 - last, n - first)
    if 2 * max(forward, backward) > count or 2 * max(kept) > last + 1 - first:
        return None  # the words found were there before, or the passage's own words still are
    k = MOVED_CONTEXT
    oa, ob, na, nb = max(0, first - k), min(n, last + 1 + k), max(0, nfirst - k), min(m, nlast + 1 + k)
    stretch = _Stretch(diff, oa, ob, na, nb)
    regions = stretch.forward
    before, after, near = first - oa, ob - last - 1, MOVED_NEAR
    beside = (
        before >= near
        and rg.unchanged(regions, before - near, before) == near
        and 2 * rg.unchanged(regions, 0, before) >= before
    ) or (
        after >= near
        and rg.unchanged(regions, last + 1 - oa, last + 1 - oa + near) == near
        and 2 * rg.unchanged(regions, last + 1 - oa, ob - oa) >= after
    )
    return stretch.follow(*old, lo, hi) if beside else None


def asks_history(words: Found) -> bool:
    """Whether the history decides where a quote anchors: for every quote the words alone do
    not find exactly, and for a passage whose end, found exactly, may be a later passage's
    (``Found.end_doubted``: words alike its last words come first, perhaps its own end edited);
    not for the quote's very words placed by one side of their context (``placed``: see ``settle``)."""
    very_words = words.placed and words.similarity == 1.0
    return (words.status != "exact" and not very_words) or words.end_doubted


def settle(words: Found, since: Since | None, lo: int = 0, hi: int | None = None) -> Found:
    """Where a quote the words do not find exactly anchors, the history deciding when it
    can: followed through the diff, the passage as edited (when the words occur several
    times, only where the words around it came along: else they stay ambiguous); the passage the words found,
    when the diff lost the quote's passage and the two match as a moved passage does
    (``_moved``); deleted or rewritten since, an orphan, even where the words alone found
    a passage alike (a twin: a question and its answer, a claim restated); no version where
    the words matched, the words alone. The quote's very words, placed by one side of their
    context (``quotes.Found.placed``), stay as they are: the diff may lose a paragraph moved past a longer one,
    or carry the passage over to more than it is. ``lo``/``hi``: the raw span searched now."""
    if since is None or (words.placed and words.similarity == 1.0):
        return words  # (the quote's very words, only their context changed: what a diff reads adds nothing)
    if words.status == "exact":  # its end in doubt: where the passage the quote was written for ends now
        if since.found is None:
            return Found("orphan", words.start, words.end, words.similarity)
        return words if (since.found.start, since.found.end) == (words.start, words.end) else since.found
    if since.found is not None and words.status == "ambiguous" and not _framed_since(since, since.found):
        return words  # its words occur several times, and the diff's pick is no surer than the context's
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


def _framed_since(since: Since, found: Found) -> bool:
    """Whether the words right around the quoted passage are, by both diffs, still right
    around where the diff carried it: a paragraph moved away from under its heading leaves the
    heading's old first words paired with a paragraph now there that begins alike."""
    diff = since.diff
    old = diff.old.to_folded(since.old[0]), diff.old.to_folded(since.old[1])
    return diff.framed(old, (diff.new.to_folded(found.start), diff.new.to_folded(found.end)))


__all__: Sequence[str] = (
    "MAX_REPLACED",
    "MIN_KEPT_WORDS",
    "MIN_SIMILARITY",
    "MOVED_CONTEXT",
    "MOVED_NEAR",
    "Diff",
    "Since",
    "asks_history",
    "find_since",
    "settle",
)
