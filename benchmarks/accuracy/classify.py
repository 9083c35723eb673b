"""Running a case, by the words alone and with the history, and classifying it."""

from __future__ import annotations

import random
from collections import Counter
from typing import NamedTuple

from accuracy.constants import GOOD_OVERLAP, QUOTES_PER_DOC
from accuracy.edits import EDITS, TWIN_EDITS, with_twin
from accuracy.model import Built, Doc, build, make_doc, truth_span
from accuracy.quoting import Quote, make_quotes, quoted_in
from gloss.anchoring.follow import Diff, asks_history, find_since, settle
from gloss.anchoring.quotes import Found, Selector, Text, find, fold

OUTCOMES = ("ok", "WRONG", "moved", "ends off", "orphan ok", "orphan wrong", "ambig ok", "ambig wrong")
FAILURES = ("WRONG", "moved", "ends off", "orphan wrong", "ambig wrong")


def _candidates(t: str, sel: Selector) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The occurrences of the quote's words in folded text ``t`` (with quote_end: from each first
    words to the next last words), and those its prefix/suffix frame exactly."""
    head, tail = fold(sel.exact), fold(sel.end)
    prefix, suffix = fold(sel.prefix), fold(sel.suffix)
    cands = []
    at = t.find(head)
    while at >= 0:
        if tail:
            e = t.find(tail, at + len(head))
            if e >= 0:
                cands.append((at, e + len(tail)))
        else:
            cands.append((at, at + len(head)))
        at = t.find(head, at + 1)
    framed = [
        (s, e)
        for s, e in cands
        if (not prefix or t[max(0, s - len(prefix)) : s] == prefix) and (not suffix or t[e : e + len(suffix)] == suffix)
    ]
    return cands, framed


def found_both(before: Text, after: Text, sel: Selector) -> tuple[Found, Found]:
    """The quote found in ``after`` by the words alone, and as a build with the content in git
    finds it: for a quote not found exactly, the diff from ``before`` (the version quoted) decides."""
    words = find(after, sel)
    if words.status == "exact":
        return words, words
    return words, settle(words, find_since(sel, [(Diff(before, after), 0, len(before.raw))]))


def tallies(outcomes: list, edits: tuple[str, ...]) -> list[tuple[str, str, int, Counter, Counter]]:
    """For each edit and language with cases (outcomes with ``edit``, ``lang``, ``history`` and
    ``words``): (edit, language, cases, outcomes with the history, outcomes by the words alone)."""
    found = []
    for edit in edits:
        for lang in ("en", "ja", "zh"):
            rows = [o for o in outcomes if o.edit == edit and o.lang == lang]
            if rows:
                found.append((edit, lang, len(rows), Counter(o.history for o in rows), Counter(o.words for o in rows)))
    return found


def genuinely_ambiguous(text: Text, sel: Selector) -> bool:
    """The quote's words occur several times and its prefix/suffix do not pick exactly one."""
    cands, framed = _candidates(text.folded, sel)
    return len(cands) > 1 and len(framed) != 1


def classify(found: Found, text: Text, sel: Selector, truth: tuple[int, int] | None, genuine: bool) -> str:
    if found.status in ("exact", "drifted"):
        fs, fe = text.to_folded(found.start), text.to_folded(found.end)
        if truth is not None:
            inter = max(0, min(fe, truth[1]) - max(fs, truth[0]))
            union = max(fe, truth[1]) - min(fs, truth[0])
            if union and inter / union >= GOOD_OVERLAP:
                return "ok"
            if found.status == "exact" and truth[0] <= fs and fe <= truth[1]:
                return "ok"
            if inter * 2 >= fe - fs > 0:
                return "ends off"  # mostly on the passage
        cands, framed = _candidates(text.folded, sel)
        if found.status == "exact" and framed == [(fs, fe)] and (sel.prefix or sel.suffix or cands == framed):
            return "moved"  # the edit made the whole selector match exactly, and only, here
        return "WRONG"
    if found.status == "ambiguous":
        return "ambig ok" if truth is None or genuine else "ambig wrong"
    return "orphan ok" if truth is None else "orphan wrong"


class Case(NamedTuple):
    lang: str
    edit: str
    shape: str
    outcome: str  # with the earlier version (the content's git history)
    drifted: bool
    survived: bool
    genuine: bool
    words_outcome: str  # by the words alone (no history)
    followed: bool  # anchored by following the passage from the earlier version
    named_two: bool = False  # by the words alone, an orphan naming two passages (``Found.rival``)


def _show(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(q: Quote, found: Found, built: Built, truth: tuple[int, int] | None, outcome: str, edit: str) -> str:
    sel = q.selector
    text = built.text
    lines = [
        f"[{outcome}] {edit} ({built.doc.lang}, {q.shape})",
        f"  quote: {sel.exact!r}"
        + (f"  quote_end: {sel.end!r}" if sel.end else "")
        + (f"  prefix: {sel.prefix!r}" if sel.prefix else "")
        + (f"  suffix: {sel.suffix!r}" if sel.suffix else ""),
    ]
    if truth is None:
        lines.append("  truth: gone")
    else:
        rs, re_ = text.to_raw(*truth)
        lines.append(f"  truth: {_show(text.raw[rs:re_])!r} at {rs}, after {_show(text.raw[max(0, rs - 40) : rs])!r}")
    if found.status == "ambiguous":
        lines.append(f"  found: ambiguous, {len(found.occurrences)} occurrences")
    else:
        lines.append(
            f"  found: {found.status} {found.similarity:.2f}{' (context changed)' if found.context_changed else ''}"
            f" {_show(text.raw[found.start : found.end])!r} at {found.start}, after "
            f"{_show(text.raw[max(0, found.start - 40) : found.start])!r}"
        )
    return "\n".join(lines)


def run_case(
    q: Quote, edit: str, before: Built, edited: Doc, lang: str
) -> tuple[Case, Found, Found, Built, tuple[int, int] | None]:
    """One (quote, edit): found by the words alone, then as a build with the content in git
    does (followed from the version the quote was written against, ``before``)."""
    after = build(edited)
    truth = truth_span(after, q.passage)
    found = words_found = find(after.text, q.selector)
    genuine = truth is not None and genuinely_ambiguous(after.text, q.selector)
    words_outcome = classify(found, after.text, q.selector, truth, genuine)
    followed = False
    if asks_history(found):  # as a build does: every quote not found exactly, an exact end in doubt
        since = find_since(q.selector, [(Diff(before.text, after.text), 0, len(before.text.raw))])
        if since is not None:
            found, followed = settle(found, since), since.found is not None
    outcome = classify(found, after.text, q.selector, truth, genuine)
    named_two = words_found.status == "orphan" and words_found.rival is not None
    case = Case(
        lang,
        edit,
        q.shape,
        outcome,
        found.status == "drifted",
        truth is not None,
        genuine,
        words_outcome,
        followed,
        named_two,
    )
    return case, found, words_found, after, truth


def run_doc(args: tuple[int, int, int]) -> tuple[list[Case], list[tuple[str, str]], Counter]:
    index, seed, examples = args
    rng = random.Random(f"anchoring-{seed}-{index}")
    lang = "en" if index % 2 == 0 else "ja"
    doc = make_doc(rng, lang)
    built = build(doc)
    stats: Counter = Counter()
    quotes = make_quotes(built, rng, QUOTES_PER_DOC, stats)
    stats["quotes"] += len(quotes)
    cases: list[Case] = []
    shown: list[tuple[str, str]] = []
    per_key: Counter = Counter()

    def run(q: Quote, edit: str, before: Built, edited: Doc | None) -> None:
        if edited is None:
            stats[f"n/a: {edit}"] += 1
            return
        case, found, words_found, after, truth = run_case(q, edit, before, edited, lang)
        cases.append(case)
        if case.outcome in FAILURES and per_key[(case.outcome, edit)] < examples:
            per_key[(case.outcome, edit)] += 1
            shown.append((case.outcome, describe(q, found, after, truth, case.outcome, edit)))
        if case.words_outcome == "WRONG" and per_key[("words", edit)] < examples:
            per_key[("words", edit)] += 1
            shown.append(("WRONG by the words alone", describe(q, words_found, after, truth, "WRONG", edit)))

    for qn, q in enumerate(quotes):
        for edit, apply in EDITS.items():
            run(q, edit, built, apply(doc.copy(), q, random.Random(f"edit-{seed}-{index}-{qn}-{edit}")))
        twin_doc = with_twin(doc, q, random.Random(f"twin-{seed}-{index}-{qn}"))
        if twin_doc is None:
            stats["n/a: twin"] += 1
            continue
        with_twins = build(twin_doc)
        tq = quoted_in(q, with_twins)  # (quoted with the twin there: as "Copy as note" writes it then)
        if find(with_twins.text, tq.selector).status != "exact":
            stats["n/a: twin"] += 1
            continue
        for edit, apply in TWIN_EDITS.items():
            run(tq, edit, with_twins, apply(twin_doc.copy(), tq, random.Random(f"edit-{seed}-{index}-{qn}-{edit}")))
    return cases, shown, stats
