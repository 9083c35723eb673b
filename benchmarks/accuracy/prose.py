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
twice: the sentence deleted (nothing may anchor), and one word of the quote
changed, a Latin word for another word of the document or two CJK characters
for two others (it must anchor on the passage, or be an orphan: never
elsewhere). Each is found by the words alone and as a build with the content
in git finds it (the diff from the version quoted deciding). The language of
a document is read from its text: kana make it Japanese, Han without kana
Chinese, else English.

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
EDITS = ("sentence deleted", "one word changed")
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


def one_word_changed(
    raw: str, start: int, end: int, rng: random.Random, vocabulary: list[str], cjk: bool
) -> str | None:
    """The text with one word of raw[start:end] replaced by another of the document (two
    CJK characters by two others)."""
    if cjk:
        spots = [(i, 2) for i in range(start, end - 1) if _cjk(raw[i]) and _cjk(raw[i + 1])]
    else:
        spots = [(m.start() + start, m.end() - m.start()) for m in LATIN_WORD.finditer(raw[start:end])]
    if not spots:
        return None
    at, width = rng.choice(spots)
    new = rng.choice(vocabulary)
    if new.lower() == raw[at : at + width].lower():
        return None
    return raw[:at] + new + raw[at + width :]


def _cjk(char: str) -> bool:
    return bool(HAN.match(char) or KANA.match(char))


def _outcomes(
    lang: str, raw: str, span: tuple[int, int], quoted: tuple[int, int], rng: random.Random, vocabulary: list[str]
) -> list[Outcome]:
    before = Text(raw)
    sel = selector(raw, *quoted)
    written = find(before, sel)
    if written.status != "exact" or (written.start, written.end) != quoted:
        return []
    cut = span[1]
    while cut < len(raw) and raw[cut] in " \t":
        cut += 1
    versions: list[tuple[str, str, tuple[int, int] | None]] = [(EDITS[0], raw[: span[0]] + raw[cut:], None)]
    changed = one_word_changed(raw, *quoted, rng, vocabulary, lang != "en")
    if changed is not None:
        versions.append((EDITS[1], changed, (quoted[0], quoted[1] + len(changed) - len(raw))))
    outcomes = []
    for edit, after_raw, truth_raw in versions:
        after = Text(after_raw)
        truth = None if truth_raw is None else (after.to_folded(truth_raw[0]), after.to_folded(truth_raw[1]))
        words, history = found_both(before, after, sel)
        w, h = classify(words, after, sel, truth, False), classify(history, after, sel, truth, False)
        landed = words if w == "WRONG" else history
        example = (
            f"{sel.exact!r} (prefix {sel.prefix!r}, suffix {sel.suffix!r}) → {after_raw[landed.start : landed.end]!r}"
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
        spans = sentences(raw)
        rng.shuffle(spans)
        for span in spans[:per_doc]:
            quoted = _part(raw, *span, rng, rng.choice(SHAPES), lang != "en")
            outcomes += _outcomes(lang, raw, span, quoted, rng, vocabulary)
    return outcomes


def report(folder: Path, per_doc: int, seed: int) -> int:
    """The table for the documents under ``folder``; the number anchored wrongly."""
    outcomes = run(folder, per_doc, seed)
    files = len(documents(folder))
    print(
        f"real prose: {files} documents under {folder}, {len(outcomes)} cases (seed {seed}, {per_doc} sentences each)"
    )
    heading = "with the history: ok WRONG orphan   by the words alone: ok WRONG orphan"
    print(f"{'edit [language]':<28}{'cases':>6}   {heading}")
    for edit, lang, cases, h, w in tallies(outcomes, EDITS):
        cells = [(c["ok"], c["WRONG"], c["orphan ok"] + c["orphan wrong"]) for c in (h, w)]
        print(
            f"{f'{edit} [{lang}]':<28}{cases:>6}   {cells[0][0]:>23} {cells[0][1]:>5} {cells[0][2]:>6}"
            f"   {cells[1][0]:>22} {cells[1][1]:>5} {cells[1][2]:>6}"
        )
    wrong = [o for o in outcomes if o.example]
    for o in wrong[:20]:
        print(f"  WRONG ({o.edit}, {o.lang}; words alone: {o.words}, with the history: {o.history}): {o.example}")
    return len(wrong)
