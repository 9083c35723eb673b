"""Quotes taken as the preview's "Copy as note" writes them (gloss.text.quoting)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from accuracy.model import Built, Doc
from gloss.anchoring.quotes import Selector, find
from gloss.text.quoting import quote_context


def helper_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The preview's "Copy as note" context (``gloss.text.quoting``, which annotate.js mirrors)."""
    return quote_context(text, start, end)


@dataclass(frozen=True)
class Quote:
    selector: Selector
    passage: frozenset[int]  # word ids
    shape: str  # phrase, clause, sentence, two-sentences, long+end, recurring
    span: tuple[int, int]  # folded, in the original


def _words(doc: Doc) -> list[tuple[int, int, int]]:
    """(block, sentence, token) of every word of every paragraph, in order."""
    return [(b, s, t) for b in doc.paras() for s, sent in enumerate(doc.para(b).sents) for t in range(len(sent.toks))]


def _selector_for(built: Built, first: int, last: int, shape: str) -> Selector:
    fs, _ = built.folded_at[first]
    _, fe = built.folded_at[last]
    rs, re_ = built.text.to_raw(fs, fe)
    ctext, where = built.collapsed
    cs, ce = where[rs], where[re_]
    if shape == "long+end":
        return Selector(ctext[cs:ce], end="")  # replaced by the caller
    prefix, suffix = helper_context(ctext, cs, ce)
    return Selector(ctext[cs:ce], prefix, suffix)


def quoted_in(q: Quote, built: Built) -> Quote:
    """``q`` as "Copy as note" writes it in ``built`` (the same words, where the document
    holds more: a twin of the passage, which may call for context); a quote whose last words
    were written by hand stays as it was."""
    if q.shape == "long+end":
        return q
    first = min(q.passage, key=lambda i: built.folded_at[i][0])
    last = max(q.passage, key=lambda i: built.folded_at[i][1])
    span = (built.folded_at[first][0], built.folded_at[last][1])
    return Quote(_selector_for(built, first, last, q.shape), q.passage, q.shape, span)


def make_quotes(built: Built, rng: random.Random, count: int, stats: Counter) -> list[Quote]:
    doc = built.doc
    quotes: list[Quote] = []
    seen: set[tuple[str, str, str, str]] = set()
    shapes = (
        ["phrase"] * 24
        + ["clause"] * 28
        + ["sentence"] * 20
        + ["two-sentences"] * 8
        + ["long+end"] * 8
        + ["recurring"] * 12
    )
    short = (3, 6) if doc.lang == "en" else (3, 5)
    clause = (7, 14) if doc.lang == "en" else (5, 9)
    recurring = _recurring(built)
    attempts = 0
    while len(quotes) < count and attempts < count * 20:
        attempts += 1
        shape = rng.choice(shapes)
        b = rng.choice(doc.paras())
        para = doc.para(b)
        s = rng.randrange(len(para.sents))
        sent = para.sents[s]
        if shape == "recurring":
            if not recurring:
                continue
            ids = rng.choice(recurring)
        elif shape in ("phrase", "clause"):
            lo, hi = short if shape == "phrase" else clause
            n = min(len(sent.toks), rng.randint(lo, hi))
            at = rng.randint(0, len(sent.toks) - n)
            ids = [t.id for t in sent.toks[at : at + n]]
        elif shape == "sentence":
            ids = [t.id for t in sent.toks]
        else:
            if s + 1 >= len(para.sents):
                continue
            ids = [t.id for t in sent.toks + para.sents[s + 1].toks]
        first, last = ids[0], ids[-1]
        selector = _selector_for(built, first, last, shape)
        if shape == "long+end":  # written by hand: the first and the last few words
            k, m = rng.randint(3, 6), rng.randint(2, 5)
            if len(ids) < k + m + 4:
                continue
            head = _selector_for(built, ids[0], ids[k - 1], "long+end").exact
            tail = _selector_for(built, ids[-m], ids[-1], "long+end").exact
            selector = Selector(head, end=tail)
        key = (selector.exact, selector.prefix, selector.suffix, selector.end)
        if key in seen:
            continue
        seen.add(key)
        span = (built.folded_at[first][0], built.folded_at[last][1])
        found = find(built.text, selector)
        fspan = (built.text.to_folded(found.start), built.text.to_folded(found.end))
        if found.status != "exact" or fspan != span:
            stats[f"{shape}: {found.status} when written"] += 1
            continue
        quotes.append(Quote(selector, frozenset(ids), shape, span))
    return quotes


def _recurring(built: Built) -> list[list[int]]:
    """Word runs (2-4 words) of a sentence whose folded text occurs more than once in the document."""
    folded = built.text.folded
    runs = []
    for b in built.doc.paras():
        for sent in built.doc.para(b).sents:
            for n in (2, 3, 4):
                for at in range(len(sent.toks) - n + 1):
                    ids = [t.id for t in sent.toks[at : at + n]]
                    s, e = built.folded_at[ids[0]][0], built.folded_at[ids[-1]][1]
                    if e - s >= 6 and folded.count(folded[s:e]) > 1:
                        runs.append(ids)
    return runs
