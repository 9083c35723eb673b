"""Finding a passage by its words, as W3C Web Annotation's ``TextQuoteSelector`` does.

Pure functions over plain strings: ``find`` takes the rendered text of a
document and a selector (the exact words, optional prefix/suffix, optional
end words for a long passage) and says where the passage is, or why it is
not anywhere. Positions are never stored in ``notes.yaml``; they are found
again on every build, so an annotation follows its passage when the text
around it is edited.

Comparison is on *folded* text: whitespace, invisible characters and
Markdown's inline markers (``*_`~``) are dropped, case, full-width forms, quotes and dashes are folded, so inline
formatting, line breaks and typography do not matter; but words found are the quote's
words, never begun or ended inside a Latin word, parted by a space where the quote's are
and nowhere else ("to get her" is not "together": ``fold.same_words``). Folding maps
every character to one character or to nothing, so a folded position maps straight back.

The rules, strictest first (see ARCHITECTURE.md, "Quote anchoring"):

1. the words occur once (in the section searched), or several times and the editor's prefix/suffix are right
   around exactly one of them: **exact** (given a prefix/suffix, the one occurrence must have them around it
   too);
2. a context written on both sides places the passage (``placed``, written so by "Copy as note" for words
   that occur once, each side occurring once): the words once, one side right beside them; or, the words
   nowhere, the one span right between the two sides alike the quote (edited in any number of places), or
   one side right beside a passage alike it, edited in two places or more, that keeps its words there; or
   a long quote's words once, neither side beside them nor beside a passage alike them (moved):
   **drifted** there. Otherwise, the prefix/suffix frame none of the occurrences (text was edited in or
   around the passage): **drifted** at
   the one passage the context still points to -- the words with the context a few words away (words were
   inserted between; for words that occur several times, not across a line break, which another cell of a
   table or item of a list is, and, quoted with one side of context, never the only copy left), or words alike
   the quote right inside the context (the passage was edited; with both a prefix and a suffix, the very text
   between them, when it differs from the quote in one place, even at an end: ``framing.between_context``;
   never when the prefix and suffix frame several passages: a table's rows, code shown in versions; nor the
   item beside a deleted one moved up between them, which begins with the suffix's words or ends with the
   prefix's (``framing.beside_item``); nor one without the quote's words next to a side as long as context may
   be, a lead-in items may share (``framing.lead_in_lost``); a context of a few characters does not outweigh
   the exact words elsewhere; exact words it points to only in part are ambiguous when another occurrence has
   one side of it right beside). With both a prefix and a suffix, both must still be there (the preview writes
   both only when neither alone tells the passage apart); context merely *alike* never points anywhere.
   Failing that, several occurrences are **ambiguous**, listed with the shortest prefix (or suffix) that picks
   each; a single one is an **orphan** that names it (unless ``placed.moved`` took it: a long quote written
   with both sides occurring once, as written, no passage alike it elsewhere): a side as long as may be is
   written when the words recur, so an occurrence it does not frame may be the other copy, the passage quoted
   deleted or edited (real prose repeats whole sentences: a licence's heading in its last line, a line quoted
   twice);
3. the words occur nowhere: given a prefix/suffix, only where the context still points (rule 2; a passage alike
   the quote there must keep the quote's own words at the end away from a short context, and at both ends when
   the quote's words occur elsewhere or a short quote has context on both sides not both right beside it: the
   side the preview writes context on may be a lookalike's too, ``alike.far_end_kept``; one that lost the quote's
   words next to a one-sided context must differ from it in one place only, ``alike.near_end_kept``; never with
   both a prefix and a suffix while the words occur once elsewhere: written when they occurred once, they are the
   passage); elsewhere the closest passage is named in an **orphan**, never taken — the preview writes context on
   both sides of a passage with a lookalike (``text.quoting``), so a deleted passage's twin does not stand in for
   it. Without context: the closest passage (rapidfuzz), its ends moved to where it is most alike (never inside a
   Latin word), anchors as **drifted** only when it is clearly more alike than any passage elsewhere
   (``MIN_MARGIN``; not asked of a passage one word from the quote when the passage most alike elsewhere differs
   from it in two places or more: a twin, which the words tell apart; and the closest passage being such a twin,
   the other one that could be the quote's, edited, is judged instead: decided against the best alternative, not
   the best score) and alike enough for what pins it down. An edit inside a passage leaves its ends in place,
   while a passage that merely shares words with the quote rarely begins and ends with the same ones; the pins
   are: it begins with the quote's first words, it ends with its last words (words inserted among them or a typo
   in a long one allowed, none missing), the editor's prefix (suffix) is right before (after) it. With two pins
   it must be 75 % alike (85 % for a short quote pinned by its own words only); with fewer, only a long quote
   anchors (80 % alike with one pin, 90 % with none), or one of 24 (CJK counting twice) pinned at one end that
   lost a word (two CJK characters) at the other and is 80 % alike; a quote without prefix/suffix must also be
   long enough to be its own context; and it must differ from the quote in one place only (a run of words changed
   together: an edit), not in two or all along (a twin: a question and its answer, a claim restated, a quote
   translated may differ from it by two words replaced); and no other passage may be one that could as well be
   the quote's, edited in one place (pinned at one end at least, 75 % alike: ``alike.rival``) — the words cannot
   tell which of the two was edited. A quote with context on both sides (written for a lookalike) takes a passage
   not its exact words only with both sides right beside it (``alike.context_holds``): one edit changes the words
   or moves the context, not both, while a reworded copy of the sentence may hold both a few words away.
   Otherwise the annotation is an **orphan**, reported with the closest passage and its similarity (and the
   rival, when there is one: ``Found.rival``).

A long passage given by its first words (``quote``) and last words
(``quote_end``) runs from the first words, found by these rules, to the first
place after them where the last words occur, or, edited, are alike enough;
with both ends edited, or one of a few words (``ONE_PIN_WEIGHT``), an orphan.

The rules were set with ``benchmarks/anchoring_accuracy.py`` (generated documents, real
prose): no anchor in a wrong place, and as many edited passages found as that allows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from gloss.anchoring import framing, placed
from gloss.anchoring.alike import (
    ONE_PIN_WEIGHT,
    SELF_CONTEXT_WEIGHT,
    alike_enough,
    context_holds,
    edited,
    far_end_kept,
    first_alike,
    near_end_kept,
    refine,
)
from gloss.anchoring.ends import LostEnd, lost_end
from gloss.anchoring.fold import (
    Text,
    _snap,
    _words,
    context,
    display,
    first_word_occurrence,
    fold,
    hint,
    weight,
    word_occurrences,
)
from gloss.anchoring.twins import MIN_MARGIN, closest
from gloss.text.quoting import yaml_string

__all__ = ["Found", "Occurrence", "Rival", "Selector", "Status", "Text"]
__all__ += ["context", "display", "find", "fold", "weight", "yaml_string"]

Status = Literal["exact", "drifted", "ambiguous", "orphan"]


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str = ""
    suffix: str = ""
    end: str = ""  # quote_end: the last words of a long passage


@dataclass(frozen=True)
class Occurrence:
    """One of several equal matches, with what would pick it out."""

    start: int  # raw positions
    end: int
    hint: str  # 'prefix: "…"' or 'suffix: "…"', "" when nothing short does


@dataclass(frozen=True)
class Rival:
    """A second passage alike the quote that could as well be its passage edited (raw
    positions): the words cannot tell which of the two the quote is now, so neither is taken."""

    start: int
    end: int
    similarity: float


@dataclass(frozen=True)
class Found:
    status: Status
    start: int = 0  # raw positions of the passage (exact, drifted) or of the closest one (orphan)
    end: int = 0
    similarity: float = 1.0  # of the passage (drifted) or the closest one (orphan)
    occurrences: tuple[Occurrence, ...] = ()  # ambiguous: every match
    context_changed: bool = False  # drifted: only its prefix/suffix moved; ambiguous: they frame no occurrence
    placed: bool = False  # drifted: placed by the two sides of its context (``placed``)
    rival: Rival | None = None  # orphan: another passage as likely the quote's, edited
    end_doubted: bool = False  # exact span past a block break, or words alike its end before it: its own end edited?
    lost_end: LostEnd | None = None  # orphan: the first words found, the last not after them


@dataclass(frozen=True)
class _Hit:
    status: Status
    start: int  # folded positions
    end: int
    similarity: float = 1.0
    candidates: tuple[tuple[int, int], ...] = ()
    context_changed: bool = False
    placed: bool = False  # see ``Found.placed``
    rival: tuple[float, int, int] | None = None  # (similarity, start, end), folded: see ``Found.rival``
    end_doubted: bool = False  # see ``Found.end_doubted``
    lost_end: LostEnd | None = None  # (raw positions)


def _approximate(doc: Text, needle: str, lo: int, hi: int) -> _Hit:
    """The closest passage, and whether the quote, on its own, may stand for it (``twins.closest``)."""
    found = closest(doc, needle, lo, hi)
    return _Hit("drifted" if found.taken else "orphan", found.start, found.end, found.similarity, rival=found.rival)


def _by_context(
    doc: Text, needle: str, prefix: str, suffix: str, cands: list[tuple[int, int]], lo: int, hi: int, near: bool
) -> _Hit | None:
    """When the editor's prefix/suffix frame no occurrence of the words: the one passage the context
    still points to (the words unchanged but the context moved, or the words edited next to an
    intact context), or None."""
    text = doc.folded
    pool = framing.context_pool(doc, needle, prefix, suffix, cands, lo, hi, near)
    scored = sorted(
        (
            (level, similarity, s, e)
            for similarity, s, e in pool
            if (level := framing.evidence(text, s, e, prefix, suffix))
            and context_holds(level, similarity, needle, prefix, suffix)
            and not (level == 1 and similarity == 1.0 and framing.gap_alike(text, needle, s, e, prefix, suffix))
            and alike_enough(needle, text, similarity, s, e, prefix, suffix)
            and (
                similarity == 1.0
                or far_end_kept(
                    needle, text[s:e], prefix, suffix, bool(cands), similarity, framing.inside(doc, needle, level, s, e)
                )
                and near_end_kept(needle, text, doc.bounds, s, e, prefix, suffix)
            )
        ),
        key=lambda c: (c[0], c[1], -c[2]),
        reverse=True,
    )
    kept: list[tuple[int, float, int, int]] = []
    for c in scored:  # the same passage reached from several places: its best reading
        if all(c[3] <= k[2] or k[3] <= c[2] for k in kept):
            kept.append(c)
    if not kept:
        return None
    level, similarity, start, end = kept[0]
    for other_level, other, _, _ in kept[1:]:
        if (other_level == level and other > similarity - MIN_MARGIN) or other > similarity + MIN_MARGIN:
            return None  # two passages the context points to, or a better one it points to less
    if level < 2 and any(framing.held(text, s, e, prefix, suffix) for s, e in cands if s != start):
        return None  # the words elsewhere have one side of the context (or the text's edge) right beside them
    if (
        level < 2
        and cands
        and (
            (bool(prefix) != bool(suffix) and len(cands) == 1) or framing.across_lines(doc, start, end, prefix, suffix)
        )
    ):
        return None  # context written for words that recur: the copy left, or the next cell or item, is another
    if similarity < 1.0 and framing.edit_refused(text, needle, (start, end), prefix, suffix, cands):
        return None
    return _Hit("drifted", start, end, similarity, context_changed=similarity == 1.0)


def _pick(
    doc: Text,
    needle: str,
    cands: list[tuple[int, int]],
    prefix: str,
    suffix: str,
    lo: int,
    hi: int,
    approximate: bool = True,
    sides: placed.Written = placed.UNWRITTEN,
) -> _Hit:
    """One passage among the occurrences of the words ``cands``, by the editor's context
    (``sides``: what the context as written says, ``placed``)."""
    text = doc.folded
    if not (prefix or suffix):
        if len(cands) == 1:
            return _Hit("exact", *cands[0])
        if cands:
            return _Hit("ambiguous", 0, 0, candidates=tuple(cands))
        return _approximate(doc, needle, lo, hi) if approximate else _Hit("orphan", lo, lo, 0.0)
    framed = [(s, e) for s, e in cands if framing.framed(text, s, e, prefix, suffix)]
    if len(framed) == 1:
        return _Hit("exact", *framed[0])
    if framed:
        return _Hit("ambiguous", 0, 0, candidates=tuple(framed))
    place = placed.where(doc, needle, cands, prefix, suffix, lo, hi, sides)
    if place is not None:
        changed = place.similarity == 1.0
        return _Hit("drifted", place.start, place.end, place.similarity, context_changed=changed, placed=True)
    hit = _by_context(doc, needle, prefix, suffix, cands, lo, hi, near=approximate)
    if hit is not None:
        return hit
    if len(cands) > 1:  # (the context frames none of them)
        return _Hit("ambiguous", 0, 0, candidates=tuple(cands), context_changed=True)
    if cands:  # the words occur once, but not where the context says: perhaps another copy of them
        return _Hit("orphan", *cands[0], 1.0)
    if not approximate:
        return _Hit("orphan", lo, lo, 0.0)
    closest = _approximate(doc, needle, lo, hi)  # (the context points nowhere: named, never taken)
    return _Hit("orphan", closest.start, closest.end, closest.similarity, rival=closest.rival)


def _find_one(
    doc: Text, needle: str, prefix: str, suffix: str, lo: int, hi: int, sides: placed.Written = placed.UNWRITTEN
) -> _Hit:
    cands = [(s, s + len(needle)) for s in word_occurrences(doc, needle, lo, hi)]
    return _pick(doc, needle, cands, prefix, suffix, lo, hi, sides=sides)


def _find_span(doc: Text, head: str, tail: str, prefix: str, suffix: str, lo: int, hi: int) -> _Hit:
    """A long passage from its first words to its last."""
    text = doc.folded
    pairs = []  # each occurrence of the first words, to the first occurrence of the last words after them
    for s in word_occurrences(doc, head, lo, hi):
        e = first_word_occurrence(doc, tail, s + len(head), hi)
        if e >= 0 and (suffix or not framing.nearer_ending(text, tail, s + len(head), e)):
            pairs.append((s, e + len(tail)))
    if pairs:
        hit = _pick(doc, head, pairs, prefix, suffix, lo, hi, approximate=False)
        if hit.status == "exact" and not suffix:  # the end taken may be a later passage's, its own edited
            crosses = "\n" in doc.raw[slice(*doc.to_raw(hit.start, hit.end))]  # (a block break)
            doubted = crosses or framing.nearer_ending(
                text, tail, hit.start + len(head), hit.end - len(tail), loose=True
            )
            return replace(hit, end_doubted=doubted)
        if hit.status != "orphan":
            return hit
    first = _find_one(doc, head, prefix, "", lo, hi)
    if first.status in ("ambiguous", "orphan"):
        return first
    if (
        first.similarity < 1.0
        and not prefix
        and not edited(head, text, doc.bounds, first.similarity, first.start, first.end, False)
    ):
        return _Hit("orphan", first.start, first.end, first.similarity)  # edited as only an edit in place may be
    last = _ending(doc, tail, suffix, first.end, hi)
    if last.status == "orphan":  # (the orphan is the end's: where its words are, said in ``ends``)
        lost = lost_end(doc, tail, first.start, first.end, lo, hi)
        return _Hit("orphan", last.start, last.end, last.similarity, lost_end=lost)
    # both ends edited: nothing certain to span from; one, by a few words: as likely the same words elsewhere
    short = any(weight(w) < ONE_PIN_WEIGHT for w, hit in ((head, first), (tail, last)) if hit.similarity < 1.0)
    if (first.status != "exact" and last.status != "exact") or short:
        return _Hit("orphan", first.start, last.end, min(first.similarity, last.similarity))
    status: Status = "exact" if first.status == last.status == "exact" else "drifted"
    return _Hit(
        status,
        first.start,
        last.end,
        min(first.similarity, last.similarity),
        context_changed=first.context_changed and last.status == "exact",
    )


def _ending(doc: Text, tail: str, suffix: str, start: int, hi: int) -> _Hit:
    """The last words of a passage that begins before ``start``: the first place they occur after
    it (framed by the suffix, if any), or, edited, the first place alike them."""
    if suffix:
        last = _find_one(doc, tail, "", suffix, start, hi)
        if last.status == "ambiguous":  # the first of several equal endings after the start
            last = _Hit("exact", last.candidates[0][0], last.candidates[0][1])
        return last
    text = doc.folded
    exact = first_word_occurrence(doc, tail, start, hi)
    if exact >= 0 and not framing.nearer_ending(text, tail, start, exact):
        return _Hit("exact", exact, exact + len(tail))
    similarity, s, e = first_alike(tail, text, start, exact if exact >= 0 else hi)
    if e <= s:
        return _Hit("orphan", start, start, 0.0)
    similarity, s, e = refine(doc, tail, s, e, start, exact if exact >= 0 else hi)
    ok = weight(tail) >= SELF_CONTEXT_WEIGHT and alike_enough(tail, text, similarity, s, e)
    ok = ok and not framing.nearer_ending(text, tail, start, s, loose=True)  # (past what may be the end, edited)
    return _Hit("drifted" if ok else "orphan", s, e, similarity)


def find(doc: Text, selector: Selector, lo: int = 0, hi: int | None = None) -> Found:
    """Where ``selector``'s passage is in ``doc`` (searching the raw span [lo, hi))."""
    hi = len(doc.raw) if hi is None else hi
    flo, fhi = doc.to_folded(lo), doc.to_folded(hi)
    head, tail = _words(selector.exact), _words(selector.end)
    prefix, suffix = fold(selector.prefix), fold(selector.suffix)
    sides = placed.written(selector.prefix, selector.suffix, selector.exact)
    if not head:
        return Found("orphan", lo, lo, 0.0)
    if tail:
        hit = _find_span(doc, head, tail, prefix, suffix, flo, fhi)
    else:
        hit = _find_one(doc, head, prefix, suffix, flo, fhi, sides)
    if hit.status == "ambiguous":
        where = tuple(
            Occurrence(*doc.to_raw(s, e), hint(doc, hit.candidates, i)) for i, (s, e) in enumerate(hit.candidates)
        )
        return Found("ambiguous", occurrences=where, context_changed=hit.context_changed)
    edit = hit.status == "drifted" and hit.similarity < 1 and not hit.placed  # (``placed`` asks it itself)
    if edit and placed.lead_in_refuses(doc, (hit.start, hit.end), head, tail, prefix, sides.long, (flo, fhi)):
        hit = _Hit("orphan", hit.start, hit.end, hit.similarity)  # the words next to a lead-in tell the item
    start, end = doc.to_raw(hit.start, hit.end)
    if hit.status in ("drifted", "orphan") and not hit.context_changed:
        start, end = _snap(doc.raw, start, end)
    other = None
    if hit.rival is not None:
        similarity, a, b = hit.rival
        other = Rival(*_snap(doc.raw, *doc.to_raw(a, b)), similarity)
    changed, doubted = hit.context_changed, hit.end_doubted
    return Found(
        hit.status,
        start,
        end,
        hit.similarity,
        context_changed=changed,
        placed=hit.placed,
        rival=other,
        end_doubted=doubted,
        lost_end=hit.lost_end,
    )
