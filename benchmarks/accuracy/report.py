"""The table, the legend, the targets, and the command line."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

from accuracy import prose, written
from accuracy.classify import FAILURES, OUTCOMES, Case, run_doc
from accuracy.constants import REQUIRED_SURVIVAL, REQUIRED_WORDS_SURVIVAL
from accuracy.edits import EDITS, TWIN_EDITS


def _widths() -> list[int]:
    return [max(len(o) + 2, 7) for o in OUTCOMES]


def _survival(cases: list[Case], words: bool = False) -> float | None:
    base = [c for c in cases if c.survived and not c.genuine]
    ok = sum((c.words_outcome if words else c.outcome) == "ok" for c in base)
    return ok / len(base) if base else None


def _row(label: str, cases: list[Case]) -> str:
    counts = Counter(c.outcome for c in cases)
    drifted = sum(c.drifted for c in cases)
    followed = sum(c.followed for c in cases)
    survival, words = _survival(cases), _survival(cases, words=True)
    cells = "".join(f"{counts[o]:>{w}}" for o, w in zip(OUTCOMES, _widths(), strict=True))
    words_wrong = sum(c.words_outcome == "WRONG" for c in cases)
    return (
        f"{label:<28}{len(cases):>7}{cells}{drifted:>9}{followed:>10}"
        f"{'-' if survival is None else f'{survival:.1%}':>10}{'-' if words is None else f'{words:.1%}':>12}"
        f"{words_wrong:>8}"
    )


LEGEND = """\
ok           anchored (exact or drifted) on the passage: the span found and the true one overlap by >= 80% of
             their union (or exact, inside it)
WRONG        anchored anywhere else, or when the passage is gone: must be zero
moved        anchored exact where the edit made the whole selector (words and prefix/suffix) match exactly and
             only there, though the editor's passage is elsewhere or gone: what rule 1 of the spec requires
ends off     anchored mostly on the passage (at least half of the span found is in it), but with an end off by a
             word or more (overlap < 80% of the union)
orphan ok    not anchored, and the passage is gone
orphan wrong not anchored, though the passage survived
ambig ok     ambiguous, and the words do occur several times without a prefix/suffix picking one (the spec
             requires an error suggesting a prefix), or the passage is gone
ambig wrong  ambiguous otherwise
drifted      anchored with a warning (status drifted), of any outcome
followed     anchored by following the passage from the version it was quoted in (the content's git history),
             where the words alone left it an orphan
survival     ok / passages that survived the edit and are not genuinely ambiguous
words only   survival by the words alone: without the content's history (content not in git, or the
             version quoted never committed); WRONG beside it: anchored wrongly by the words alone
twin: …      the quoted sentence had a twin elsewhere when it was quoted (40-70 % of its words, a lead-in,
             two words swapped: an answer to a question, a claim restated); then the passage was deleted,
             or one word of it changed"""


def report(cases: list[Case], stats: Counter, docs: int, seconds: float) -> bool:
    head = (
        f"{'edit [language]':<28}{'cases':>7}"
        + "".join(f"{o:>{w}}" for o, w in zip(OUTCOMES, _widths(), strict=True))
        + f"{'drifted':>9}{'followed':>10}{'survival':>10}{'words only':>12}{'WRONG':>8}"
    )
    rule = "-" * len(head)
    print(head)
    print(rule)
    by_edit: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_edit[c.edit].append(c)
    for edits in (EDITS, TWIN_EDITS):  # the twin rows: a twin of the quoted sentence was there when it was quoted
        for edit in edits:
            for lang in ("en", "ja"):
                print(_row(f"{edit} [{lang}]", [c for c in by_edit[edit] if c.lang == lang]))
        print(rule)
    for shape in ("phrase", "recurring", "clause", "sentence", "two-sentences", "long+end"):
        print(_row(f"quotes: {shape}", [c for c in cases if c.shape == shape]))
    print(rule)
    for lang in ("en", "ja"):
        print(_row(f"all edits [{lang}]", [c for c in cases if c.lang == lang]))
    print(_row("TOTAL", cases))
    print()
    print(LEGEND)
    print()
    counts = Counter(c.outcome for c in cases)
    words_counts = Counter(c.words_outcome for c in cases)
    base = [c for c in cases if c.survived and not c.genuine]
    survival = _survival(cases) or 1.0
    print(
        f"{docs} documents ({(docs + 1) // 2} English, {docs // 2} Japanese), {stats['quotes']} quotes, "
        f"{len(cases)} cases, {seconds:.0f} s"
    )
    skipped = sum(v for k, v in stats.items() if k.startswith("n/a"))
    dropped = sum(v for k, v in stats.items() if "when written" in k)
    print(
        f"edits that did not apply to a quote (not counted): {skipped}; quotes that did not anchor exactly "
        f"where they were taken (dropped): {dropped}"
    )
    for key in sorted(k for k in stats if "when written" in k):
        print(f"  {key}: {stats[key]}")
    print(f"survival base: {len(base)} cases; {sum(c.genuine for c in cases)} genuinely ambiguous cases left out")
    print(
        f"by the words alone (without the content's history): survival {_survival(cases, words=True) or 1.0:.2%}; "
        + ", ".join(f"{o} {words_counts[o]}" for o in OUTCOMES)
    )
    orphans = [c for c in cases if c.words_outcome.startswith("orphan")]
    two = [c for c in orphans if c.named_two]
    print(
        f"orphans by the words alone naming two passages (its words cannot tell which was edited): {len(two)} of "
        f"{len(orphans)} ({sum(c.survived for c in two)} where the passage survived, "
        f"{sum(not c.survived for c in two)} where it is gone)"
    )
    ok_wrong = counts["WRONG"] == 0 and words_counts["WRONG"] == 0
    words_survival = _survival(cases, words=True) or 1.0
    ok_survival = survival >= REQUIRED_SURVIVAL and words_survival >= REQUIRED_WORDS_SURVIVAL
    print(
        f"anchored wrongly: {counts['WRONG']} with the history, {words_counts['WRONG']} by the words alone "
        f"(required: 0 both)  {'PASS' if ok_wrong else 'FAIL'}"
        f"   [moved by the edit, as the spec requires: {counts['moved']}; ends off: {counts['ends off']}]"
    )
    print(
        f"survival: {survival:.2%} with the history (required: >= {REQUIRED_SURVIVAL:.0%}), {words_survival:.2%} "
        f"by the words alone (required: >= {REQUIRED_WORDS_SURVIVAL:.0%})  {'PASS' if ok_survival else 'FAIL'}"
    )
    return ok_wrong and ok_survival


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="print examples of each failure")
    parser.add_argument("--examples", type=int, default=3, help="with --verbose: examples per failure and edit")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--prose", type=Path, help="instead: quote real Markdown documents under this folder")
    parser.add_argument("--per-doc", type=int, default=200, help="with --prose: sentences quoted per document")
    args = parser.parse_args(argv)
    if args.prose is not None:
        wrong = prose.report(args.prose, args.per_doc, args.seed)
        print(f"real prose anchored wrongly: {wrong} (required: 0)  {'PASS' if not wrong else 'FAIL'}")
        return 0 if not wrong else 1
    started = time.perf_counter()
    work = [(i, args.seed, args.examples if args.verbose else 0) for i in range(args.docs)]
    cases: list[Case] = []
    shown: list[tuple[str, str]] = []
    stats: Counter = Counter()
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            results = pool.map(run_doc, work, chunksize=1)
    else:
        results = [run_doc(w) for w in work]
    for c, s, st in results:
        cases.extend(c)
        shown.extend(s)
        stats.update(st)
    if args.verbose:
        for outcome in (*FAILURES, "WRONG by the words alone"):
            examples = [text for o, text in shown if o == outcome]
            print(f"== {outcome}: {sum(c.outcome == outcome for c in cases)} cases; examples ==")
            for text in examples:
                print(text)
            print()
    passed = report(cases, stats, args.docs, time.perf_counter() - started)
    print()
    written_wrong = written.report()
    verdict = "PASS" if not written_wrong else "FAIL"
    print(f"hand-written twins anchored wrongly: {written_wrong} (required: 0)  {verdict}")
    return 0 if passed and not written_wrong else 1


if __name__ == "__main__":
    sys.exit(main())
