"""Hand-written twins (issue 17): short documents written for the benchmark in English,
Japanese and Chinese, each holding a passage and its twin as real writing has them — a
question and its answer, a claim and its restatement, a summary beside what it
summarises, a quotation and its paraphrase — sharing many of their words
(``twins_written.json``: the passage between ``[[`` and ``]]``, the quote within it, and
one word of the quote to change).

Each quote is written as the preview's "Copy as note" writes it with the twin present
(``gloss.text.quoting.quote_context``), then found in two edited documents, by the words
alone and as a build of content in git finds it (the diff from the version quoted
deciding for a quote not found exactly): the passage deleted (it must not anchor), and
one word of the quote changed (it must anchor on the passage)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from accuracy.classify import classify, found_both, tallies
from gloss.anchoring.quotes import Selector, Text, find
from gloss.text.quoting import quote_context

ITEMS = Path(__file__).with_name("twins_written.json")
EDITS = ("passage deleted", "one word changed")


class Item(NamedTuple):
    lang: str
    kind: str
    text: str
    quote: str
    change: tuple[str, str]


class Outcome(NamedTuple):
    lang: str
    edit: str
    words: str  # classify's outcome by the words alone
    history: str  # with the version quoted in the history
    selector: Selector


def items() -> list[Item]:
    raw = json.loads(ITEMS.read_text(encoding="utf-8"))
    return [Item(i["lang"], i["kind"], i["text"], i["quote"], (i["change"][0], i["change"][1])) for i in raw]


def _reading(markdown: str) -> str:
    """The text a reader selects in: paragraphs run together with a space."""
    return " ".join(p.strip() for p in markdown.split("\n\n"))


def versions(item: Item) -> tuple[str, str, str, int]:
    """The document as quoted, with the passage deleted, with one word changed; and where
    the passage starts in the first."""
    start, end = item.text.index("[["), item.text.index("]]")
    passage = item.text[start + 2 : end]
    assert item.quote in passage, item.quote
    old, new = item.change
    assert old in item.quote, (item.quote, old)
    quoted = item.text[:start] + passage + item.text[end + 2 :]
    deleted = (item.text[:start].rstrip(" ") + " " + item.text[end + 2 :].lstrip(" ")).replace(" \n", "\n")
    changed = item.text[:start] + passage.replace(item.quote, item.quote.replace(old, new, 1)) + item.text[end + 2 :]
    return _reading(quoted), _reading(deleted), _reading(changed), _reading(item.text[:start] + "\0").index("\0")


def run(item: Item) -> list[Outcome]:
    quoted, deleted, changed, at = versions(item)
    start = quoted.index(item.quote, at)
    prefix, suffix = quote_context(quoted, start, start + len(item.quote))
    selector = Selector(item.quote, prefix, suffix)
    before = Text(quoted)
    written = find(before, selector)
    assert written.status == "exact" and before.raw[written.start : written.end] == item.quote, item.quote
    outcomes = []
    for edit, after_raw in zip(EDITS, (deleted, changed), strict=True):
        after = Text(after_raw)
        truth = None
        if edit == "one word changed":
            edited = item.quote.replace(*item.change, 1)
            s = after_raw.index(edited, at)
            truth = (after.to_folded(s), after.to_folded(s + len(edited)))
        words, found = found_both(before, after, selector)
        outcomes.append(
            Outcome(
                item.lang,
                edit,
                classify(words, after, selector, truth, False),
                classify(found, after, selector, truth, False),
                selector,
            )
        )
    return outcomes


def report() -> int:
    """The rows of the hand-written twins; the number anchored wrongly."""
    outcomes = [o for item in items() for o in run(item)]
    print(f"hand-written twins ({ITEMS.name}): {len(outcomes) // len(EDITS)} passages, each with its twin")
    columns = f"{'edit [language]':<34}{'cases':>6}{'ok':>6}{'WRONG':>7}{'orphan':>8}"
    print(columns + "   by the words alone: ok WRONG orphan")
    for edit, lang, cases, h, w in tallies(outcomes, EDITS):
        orphans = h["orphan ok"] + h["orphan wrong"]
        print(
            f"{f'twin (written): {edit} [{lang}]':<34}{cases:>6}{h['ok']:>6}{h['WRONG']:>7}{orphans:>8}"
            f"   {w['ok']:>21} {w['WRONG']:>5} {w['orphan ok'] + w['orphan wrong']:>6}"
        )
    with_context = sum(bool(o.selector.prefix or o.selector.suffix) for o in outcomes) // len(EDITS)
    print(f"quotes written with context that tells them from their twin: {with_context}")
    return sum(o.words == "WRONG" for o in outcomes) + sum(o.history == "WRONG" for o in outcomes)
