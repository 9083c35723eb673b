"""Quote anchoring on real prose: Markdown documents no one here wrote (issue 17).

    python benchmarks/anchoring_accuracy.py --prose DIR [--per-doc N] [--seed S]

The generated documents of the main benchmark hold the twins it puts there;
real writing holds others — a licence whose heading recurs in its last line,
a post quoting itself, a translation keeping the original's words, code shown
in versions, rows of a table. This runs every text file under DIR (its
front matter dropped) through gloss's own parser to the text a reader selects
in, takes up to N sentences at random (seeded), quotes each — the sentence, or
a phrase or clause of it — as the preview's "Copy as note" writes it
(``gloss.text.quoting.quote_context``), then edits a copy of the document
four times: the sentence deleted (nothing may anchor); one word of the quote
changed, a Latin word for another word of the document or two CJK characters
for two others, and then two (it must anchor on the passage, or be an
orphan: never elsewhere); and, for a quote written with context, the
sentence before or after it deleted, which may take its context away (it
must anchor on the passage, or be ambiguous or an orphan). Each is found by
the words alone and as a build with the content in git finds it (the diff
from the version quoted deciding). The language of a document is read from
its text: kana make it Japanese, Han without kana Chinese, else English.

The texts are the user's: none ships with the benchmark. On Debian,
``/usr/share/common-licenses`` holds a few long licences to start with.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import NamedTuple

from accuracy.classify import classify, found_both, tallies
from accuracy.model import collapse, rendered
from gloss.anchoring.quotes import Selector, Text, find
from gloss.text.quoting import quote_context
from gloss.text.textfile import split_front_matter
from gloss.text.yamlsafe import YamlError

SENTENCE = re.compile(  # up to . ! ? before a space (not inside "a.svg", "1.5"), or 。！？, or the line's end
    r"(?:[^.!?。！？\n]|[.!?](?![\s\"'”’)]|$))+(?:[.!?]+[\"'”’)]*(?=\s|$)|[。！？]+[」』）\"”]*|$)", re.M
)
HAN = re.compile(r"[\u3400-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
SHAPES = ("sentence", "phrase", "clause")
SPAN_EDITS = ("long passage deleted", "long passage, word changed")  # quoted by first and last words
EDITS = ("sentence deleted", "one word changed", "two words changed", "sentence beside deleted", *SPAN_EDITS)
MIN_SENTENCE = 16  # characters


class Outcome(NamedTuple):
    lang: str
    edit: str
    words: str  # classify's outcome by the words alone
    history: str  # with the version quoted in the history
    example: str  # for a wrong anchor: what was quoted and where it landed


def language(text: str) -> str:
    if len(KANA.findall(text)) > 50:
        return "ja"
    return "zh" if len(HAN.findall(text)) > 200 else "en"


def documents(folder: Path) -> list[Path]:
    """The text files under ``folder`` (any name: ``*.md``, or a licence such as ``GPL-3``),
    hidden ones and those that are not UTF-8 left out."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        try:
            path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found.append(path)
    return found


def reading(path: Path) -> str:
    """The document's text as gloss renders it (front matter and template tags dropped)."""
    source = path.read_text(encoding="utf-8")
    try:
        _, source, _ = split_front_matter(source)
    except YamlError:  # no closing line: all of it is the text
        pass
    return rendered(re.sub(r"\{\{.*?\}\}", "", source, flags=re.S))


def sentences(raw: str) -> list[tuple[int, int]]:
    spans = []
    for m in SENTENCE.finditer(raw):
        start, end = m.start(), m.end()
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        if end - start >= MIN_SENTENCE:
            spans.append((start, end))
    return spans


def _part(raw: str, start: int, end: int, rng: random.Random, shape: str, cjk: bool) -> tuple[int, int]:
    """The span quoted in a sentence: all of it, a phrase or a clause."""
    if shape == "sentence":
        return start, end
    if cjk:
        n = rng.randint(*((6, 12) if shape == "phrase" else (12, 24)))
        if end - start <= n:
            return start, end
        at = rng.randint(start, end - n)
        return _whole_words(raw, at, at + n, start, end)
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", raw[start:end])]
    n = rng.randint(*((3, 7) if shape == "phrase" else (7, 14)))
    if len(words) <= n:
        return start, end
    i = rng.randint(0, len(words) - n)
    return words[i][0], words[i + n - 1][1]


def _whole_words(raw: str, at: int, to: int, start: int, end: int) -> tuple[int, int]:
    """[at, to) widened (within the sentence) so as not to cut a Latin word, as an editor selects."""
    while at > start and raw[at - 1 : at + 1].isascii() and raw[at - 1 : at + 1].isalnum():
        at -= 1
    while to < end and raw[to - 1 : to + 1].isascii() and raw[to - 1 : to + 1].isalnum():
        to += 1
    return at, to


def selector(raw: str, start: int, end: int) -> Selector:
    """The quote as "Copy as note" writes it for raw[start:end]."""
    text, where = collapse(raw)
    a, b = where[start], where[end]
    prefix, suffix = quote_context(text, a, b)
    return Selector(text[a:b], prefix, suffix)


def _spots(raw: str, start: int, end: int, cjk: bool) -> list[tuple[int, int]]:
    """The words of raw[start:end] that may be replaced: (position, length)."""
    if cjk:
        return [(i, 2) for i in range(start, end - 1, 2) if _cjk(raw[i]) and _cjk(raw[i + 1])]
    return [(m.start() + start, m.end() - m.start()) for m in LATIN_WORD.finditer(raw[start:end])]


def one_word_changed(
    raw: str, start: int, end: int, rng: random.Random, vocabulary: list[str], cjk: bool
) -> str | None:
    """The text with one word of raw[start:end] replaced by another of the document (two
    CJK characters by two others)."""
    if cjk:  # (every pair, overlapping, not ``_spots``'s: the cases sampled stay those of earlier runs)
        spots = [(i, 2) for i in range(start, end - 1) if _cjk(raw[i]) and _cjk(raw[i + 1])]
    else:
        spots = _spots(raw, start, end, cjk)
    if not spots:
        return None
    at, width = rng.choice(spots)
    new = rng.choice(vocabulary)
    if new.lower() == raw[at : at + width].lower():
        return None
    return raw[:at] + new + raw[at + width :]


def two_words_changed(
    raw: str, start: int, end: int, rng: random.Random, vocabulary: list[str], cjk: bool
) -> str | None:
    """The text with two words of raw[start:end] replaced by others of the document (for CJK,
    two pairs of characters that do not overlap), the later one first."""
    spots = _spots(raw, start, end, cjk)
    if len(spots) < 3:  # (a quote of two words with both changed is another passage)
        return None
    for at, width in sorted(rng.sample(spots, 2), reverse=True):
        new = rng.choice(vocabulary)
        if new.lower() == raw[at : at + width].lower():
            return None
        raw = raw[:at] + new + raw[at + width :]
    return raw


def _without(raw: str, span: tuple[int, int]) -> tuple[str, int]:
    """The text with the sentence at ``span`` deleted (with the spaces after it), and how many
    characters went."""
    cut = span[1]
    while cut < len(raw) and raw[cut] in " \t":
        cut += 1
    return raw[: span[0]] + raw[cut:], cut - span[0]


def _cjk(char: str) -> bool:
    return bool(HAN.match(char) or KANA.match(char))


class Case(NamedTuple):
    """A sentence sampled, the part of it quoted, and the sentences before and after it."""

    span: tuple[int, int]
    quoted: tuple[int, int]
    beside: tuple[tuple[int, int] | None, tuple[int, int] | None]


def _versions(
    lang: str, raw: str, case: Case, sel: Selector, rngs: tuple[random.Random, random.Random], vocabulary: list[str]
) -> list[tuple[str, str, tuple[int, int] | None]]:
    """Each edit of the text: (edit, text after it, where the quoted passage is then, or None)."""
    quoted, cjk = case.quoted, lang != "en"
    versions: list[tuple[str, str, tuple[int, int] | None]] = [(EDITS[0], _without(raw, case.span)[0], None)]
    for edit, change, rng in ((EDITS[1], one_word_changed, rngs[0]), (EDITS[2], two_words_changed, rngs[1])):
        changed = change(raw, *quoted, rng, vocabulary, cjk)
        if changed is not None:
            versions.append((edit, changed, (quoted[0], quoted[1] + len(changed) - len(raw))))
    side = rngs[1].choice([b for b in case.beside if b is not None] or [None])
    if side is not None and (sel.prefix or sel.suffix):
        after, gone = _without(raw, side)
        shift = gone if side[0] < quoted[0] else 0
        versions.append((EDITS[3], after, (quoted[0] - shift, quoted[1] - shift)))
    return versions


def _outcomes(
    lang: str, raw: str, case: Case, rngs: tuple[random.Random, random.Random], vocabulary: list[str]
) -> list[Outcome]:
    before = Text(raw)
    sel = selector(raw, *case.quoted)
    written = find(before, sel)
    if written.status != "exact" or (written.start, written.end) != case.quoted:
        return []
    return _judged(lang, before, sel, _versions(lang, raw, case, sel, rngs, vocabulary))


def _span_selector(raw: str, start: int, end: int, rng: random.Random, cjk: bool) -> Selector | None:
    """A long passage [start, end) quoted as an editor writes one by hand: its first and last
    words (``quote`` and ``quote_end``: 3-6 words, or 6-10 CJK characters, each), no context."""
    if cjk:
        n = rng.randint(6, 10)
        return Selector(raw[start : start + n], end=raw[end - n : end]) if end - start > 3 * n else None
    words = list(re.finditer(r"\S+", raw[start:end]))
    n = rng.randint(3, 6)
    if len(words) < 2 * n + 2:
        return None
    return Selector(raw[start : start + words[n - 1].end()], end=raw[start + words[-n].start() : end])


def _span_outcomes(
    lang: str, raw: str, first: tuple[int, int], last: tuple[int, int], rng: random.Random, vocabulary: list[str]
) -> list[Outcome]:
    """Two sentences in a row quoted by their first and last words, then deleted, or one of
    their words changed (their first or last words too)."""
    start, end = first[0], last[1]
    sel = _span_selector(raw, start, end, rng, lang != "en")
    before = Text(raw)
    if sel is None or (written := find(before, sel)).status != "exact" or (written.start, written.end) != (start, end):
        return []
    versions: list[tuple[str, str, tuple[int, int] | None]] = [(SPAN_EDITS[0], _without(raw, (start, end))[0], None)]
    changed = one_word_changed(raw, start, end, rng, vocabulary, lang != "en")
    if changed is not None:
        versions.append((SPAN_EDITS[1], changed, (start, end + len(changed) - len(raw))))
    return _judged(lang, before, sel, versions)


def _judged(
    lang: str, before: Text, sel: Selector, versions: list[tuple[str, str, tuple[int, int] | None]]
) -> list[Outcome]:
    """Each version found by the words alone and with the history, and classified."""
    outcomes = []
    for edit, after_raw, truth_raw in versions:
        after = Text(after_raw)
        truth = None if truth_raw is None else (after.to_folded(truth_raw[0]), after.to_folded(truth_raw[1]))
        words, history = found_both(before, after, sel)
        w, h = classify(words, after, sel, truth, False), classify(history, after, sel, truth, False)
        landed = words if w == "WRONG" else history
        example = (
            f"{sel.exact!r} (prefix {sel.prefix!r}, suffix {sel.suffix!r}, end {sel.end!r})"
            f" → {after_raw[landed.start : landed.end]!r}"
        )
        outcomes.append(Outcome(lang, edit, w, h, example if "WRONG" in (w, h) else ""))
    return outcomes


def run(folder: Path, per_doc: int, seed: int) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for path in documents(folder):
        raw = reading(path)
        lang = language(raw)
        if lang == "en":
            vocabulary = sorted({m.group() for m in LATIN_WORD.finditer(raw)})
        else:
            pairs = (raw[i : i + 2] for i in range(len(raw) - 1))
            vocabulary = sorted({p for p in pairs if _cjk(p[0]) and _cjk(p[1])})
        rng = random.Random(f"prose-{seed}-{path.name}")
        more = random.Random(f"prose-more-{seed}-{path.name}")  # (the first two edits' cases kept as they were)
        ordered = sentences(raw)
        at = {span: i for i, span in enumerate(ordered)}
        spans = list(ordered)
        rng.shuffle(spans)
        for span in spans[:per_doc]:
            quoted = _part(raw, *span, rng, rng.choice(SHAPES), lang != "en")
            i = at[span]
            beside = (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None)
            outcomes += _outcomes(lang, raw, Case(span, quoted, beside), (rng, more), vocabulary)
        pairs_rng = random.Random(f"prose-span-{seed}-{path.name}")
        for i in pairs_rng.sample(range(len(ordered) - 1), min(per_doc // 3, max(0, len(ordered) - 1))):
            outcomes += _span_outcomes(lang, raw, ordered[i], ordered[i + 1], pairs_rng, vocabulary)
    return outcomes


def report(folder: Path, per_doc: int, seed: int) -> int:
    """The table for the documents under ``folder``; the number anchored wrongly."""
    outcomes = run(folder, per_doc, seed)
    files = len(documents(folder))
    print(
        f"real prose: {files} documents under {folder}, {len(outcomes)} cases (seed {seed}, {per_doc} sentences each)"
    )
    heading = "with the history: ok WRONG orphan   by the words alone: ok WRONG orphan"
    print(f"{'edit [language]':<36}{'cases':>6}   {heading}")
    for edit, lang, cases, h, w in tallies(outcomes, EDITS):
        cells = [(c["ok"], c["WRONG"], c["orphan ok"] + c["orphan wrong"]) for c in (h, w)]
        print(
            f"{f'{edit} [{lang}]':<36}{cases:>6}   {cells[0][0]:>23} {cells[0][1]:>5} {cells[0][2]:>6}"
            f"   {cells[1][0]:>22} {cells[1][1]:>5} {cells[1][2]:>6}"
        )
    wrong = [o for o in outcomes if o.example]
    for o in wrong[:20]:
        print(f"  WRONG ({o.edit}, {o.lang}; words alone: {o.words}, with the history: {o.history}): {o.example}")
    return len(wrong)
