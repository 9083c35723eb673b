"""Accuracy of quote anchoring (``gloss.anchoring.quotes``) when documents are edited.

    python benchmarks/anchoring_accuracy.py [--docs N] [--seed S] [--verbose] [--jobs J]
    python benchmarks/anchoring_accuracy.py --prose DIR [--per-doc N] [--seed S]

(``--prose``: real Markdown documents instead of generated ones; see
``accuracy/prose.py``.)

Not a test: run it by hand, it prints a table. It generates N documents
(half English, half Japanese; seeded, so the same N and seed give the same
cases), takes about 30 quotes from each the way an editor would (the preview's
"Copy as note" helper, ``gloss.text.quoting``: the words as the reader sees
them, with just enough prefix/suffix to be unique when they are not, and
context on both sides of a passage with a lookalike; some long passages
written with ``quote_end:``), then applies scripted edits to a copy of the document, one edit
per (quote, edit kind), and finds each quote again.

The text is the real pipeline's: the Markdown (headings, emphasis, strong,
inline code, links, line wraps) is parsed with gloss's parser, grouped into
top-level blocks as ``gloss.build.parse`` does, turned into the document's text by
``gloss.markdown.passages.text_map``, and searched with ``gloss.anchoring.quotes.find``.

Ground truth is tracked on the document model, not guessed from the text:
every word carries an id, the passage is the set of ids it was made of, and
after an edit the passage is the text from its first surviving word to its
last one (with whatever was inserted between), or *gone* when none survives.
Positions are compared on the folded text (``gloss.anchoring.quotes.fold``: no
whitespace), so line wraps and inline markup do not shift them; the benchmark
checks that the folded text of its model equals the folded text of the
pipeline for every document it builds.

The edits (each applied alone, to every quote it applies to): words inserted
near the passage (before, after, same paragraph) or inside it; words deleted
near it or inside it; a word or two reworded (a synonym); a typo; line wraps,
double spaces and hard breaks; emphasis, strong or a link added across it; its
paragraph moved; its sentence(s) or paragraph deleted; its sentence(s)
rewritten (replaced by sentences at most half alike); a revision (a word or
two of the passage reworded, and six edits elsewhere: sentences added,
deleted or reworded, paragraphs moved); a near-duplicate of its sentence(s)
added elsewhere, with a word of the quote changed, or with the quote's words
unchanged.

Each case is found twice. By the words alone (``quotes.find``), as for
content that is not in git; and as a build does when the version the quote
was written against is in the content's git history: for a quote the words
do not find exactly, the diff from that version decides
(``gloss.anchoring.follow.settle``). The table is the second; its last column is the first.

Each (quote, edit) is classified (see LEGEND): anchored ok, anchored WRONG
(somewhere else, or although the passage is gone: must be zero), moved (the
edit made the whole selector match exactly, and only, somewhere else: what the
spec's first rule requires), ends off (mostly on the passage, an end a word or
more off), orphan ok / wrong (the passage is gone / survived), ambiguous ok
(the words occur several times and the prefix/suffix do not pick one, or the
passage is gone: the spec requires an error) / wrong.

Survival = anchored ok / passages that survived the edit and are not
genuinely ambiguous. Required (issue 17): zero anchored wrongly, with the
history and by the words alone; survival >= 99% with the history and >= 97%
by the words alone.

Twin rows: before quoting, a twin of the quoted sentence is put in another
paragraph (40-70 % of its words, a lead-in such as "Yes," or 「つまり、」, two
words swapped, the rest reworded or new: generated, not written by hand); then
the passage is deleted, or one of its words changed. The history is the
version with the twin.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]  # gloss, and the benchmark's package

from accuracy.report import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
