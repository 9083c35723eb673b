"""resolve: one parsed article -> its ``Article`` view and its diagnostics, from
articles in memory (no disk, no other stage but parse)."""

from __future__ import annotations

from memory import CONFIG, Bundle, parsed

from gloss.build.references import Catalog
from gloss.build.resolve import resolve_article
from gloss.content.views import Article
from gloss.core.diagnostics import Diagnostic

BODY = (
    "# 題名\n\n## 背景 {#why}\n\n監査は遅れている。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "### 詳細\n\n本文。\n\n## Next\n\nMore.\n"
)
ORIGINAL = "# Title\n\n## Background\n\nAudits lag.\n\n### Detail\n\nText.\n\n## Next\n\nMore.\n"


def resolve(
    notes: str, body: str = BODY, original: str | None = None, catalog: Catalog | None = None
) -> tuple[Article | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    article = resolve_article(parsed("a", Bundle(notes, body, original)), catalog, CONFIG, problems)
    return article, problems


def test_key_point_anchors_and_quotes_become_links_on_the_page() -> None:
    article, problems = resolve(
        "date: 2026-01-01\nkey_points:\n  - {title: 遅れ, anchor: '#why'}\n  - {title: 引用, quote: 監査は遅れている}\n"
    )
    assert problems == [] and article is not None
    first, second = article.key_points
    assert first.href == "#why" and first.quote is None
    assert second.href and second.href.startswith("#") and second.selector is not None
    assert second.selector.exact == "監査は遅れている" and second.selector.doc == "index"


def test_an_unknown_anchor_is_an_error_at_its_place_naming_the_ids_there() -> None:
    article, problems = resolve("date: 2026-01-01\nkey_points:\n  - {title: K, anchor: '#whyy'}\n")
    assert article is None
    [problem] = problems
    assert (problem.path, problem.line, problem.severity) == ("content/a/notes.yaml", 3, "error")
    assert '"#whyy"' in problem.message and "#why" in problem.message


def test_a_takeaway_follows_its_table_and_the_toc_nests_by_level() -> None:
    article, problems = resolve("date: 2026-01-01\ntakeaways:\n  - {after: '#table-1', text: 表の要点}\n")
    assert problems == [] and article is not None
    holding = [block for block in article.index.body if block.takeaways]
    assert len(holding) == 1 and "<table" in holding[0].html.html
    assert "表の要点" in holding[0].takeaways[0].html
    toc = article.index.toc
    assert [node.label for node in toc] == ["背景", "Next"]
    assert [child.label for child in toc[0].children] == ["詳細"]


def test_sections_pair_with_the_original_in_order_both_ways() -> None:
    article, problems = resolve("date: 2026-01-01\n", original=ORIGINAL)
    assert problems == [] and article is not None and article.original is not None
    forward = [b.pair_href for b in article.index.body if b.pair_href]
    back = [b.pair_href for b in article.original.body if b.pair_href]
    assert len(forward) == len(back) == 3
    assert all(href.startswith("#original-") for href in forward) and "#why" in back


def test_unequal_sections_warn_and_pair_as_far_as_they_go() -> None:
    article, problems = resolve("date: 2026-01-01\n", original="# T\n\n## Only\n\nx\n")
    assert article is not None
    [warning] = problems
    assert warning.severity == "warning" and "3 section headings and original.md 1" in warning.message


def test_links_to_other_articles_are_checked_against_the_catalog() -> None:
    other = parsed("b").index
    catalog = Catalog({"b": other}, drafts=frozenset({"draft"}))
    notes = "date: 2026-01-01\nimpact:\n  editorial: see [b](b#one), [c](c) and [d](draft)\n"
    article, problems = resolve(notes, catalog=catalog)
    assert article is None
    messages = sorted(p.message for p in problems)
    assert messages == [
        'link to "draft" is a draft (build with --drafts to include it)',
        'link to unknown article "c"; valid: b',
    ]
    _, fine = resolve("date: 2026-01-01\nimpact:\n  editorial: see [b](b#one)\n", catalog=catalog)
    assert fine == []
    _, wrong_id = resolve("date: 2026-01-01\nimpact:\n  editorial: see [b](b#nope)\n", catalog=catalog)
    assert [p.message.split(";")[0] for p in wrong_id] == ['link "b#nope": no such id in content/b/index.md']


def test_without_a_catalog_links_to_other_articles_are_left_for_the_site_wide_check() -> None:
    article, problems = resolve("date: 2026-01-01\nrelated: [nobody]\nimpact:\n  editorial: '[c](c)'\n")
    assert problems == [] and article is not None


def test_no_title_anywhere_is_an_error_on_index_md() -> None:
    article, problems = resolve("date: 2026-01-01\n", body="Just text.\n")
    assert article is None
    assert [(p.path, p.line) for p in problems] == [("content/a/index.md", 1)]
    assert problems[0].message.startswith("no title")


def test_every_notes_markdown_field_roots_its_bundle_files_at_the_article_page() -> None:
    """The summary and key points are shown on other pages too (home, day): a file
    beside notes.yaml is named from the site's root, the feed's copy absolute."""
    notes = (
        "date: 2026-01-01\nsummary: '![s](s.svg)'\n"
        "key_points: [{title: K, text: '[k](k.pdf)', anchor: '#why'}]\n"
        "impact: {analysis: '![a](a.png)', editorial: '[e](./e.csv)'}\n"
        "takeaways: [{after: '#table-1', text: '![t](t.png)'}]\n"
        "faq: [{q: Q?, a: '![f](f.png)'}]\n"
        "highlights: [{quote: 本文, note: '[h](h.txt)'}]\n"
    )
    html = parsed("a", Bundle(notes, BODY)).notes_html
    assert len(html) == 7
    for path, fragment in html.items():
        name = {"summary": "s.svg", "key_points": "k.pdf", "takeaways": "t.png", "faq": "f.png"}.get(str(path[0]))
        name = name or {"analysis": "a.png", "editorial": "e.csv", "note": "h.txt"}[str(path[-1])]
        assert f'="/d/a/{name}"' in fragment.html, (path, fragment.html)
        assert f'="https://example.org/d/a/{name}"' in fragment.feed, (path, fragment.feed)


def test_a_quote_end_found_only_before_its_quote_is_an_error_at_quote_end() -> None:
    """The quote's words are there, the end's only before them: the error is the end's, at
    ``quote_end``, saying so (it said the quote "is not in index.md")."""
    notes = (
        "date: 2026-01-01\nhighlights:\n"
        "  - quote: 本文。\n    quote_end: 監査は遅れている\n    note: 逆\n"
        "  - {quote: 監査は遅れている, quote_end: 表}\n"
    )
    article, problems = resolve(notes)
    assert article is None
    first, second = problems
    assert (first.path, first.line, first.col, first.severity) == ("content/a/notes.yaml", 4, 16, "error")
    assert first.message.startswith(
        'highlights[0]: quote_end "監査は遅れている" occurs in index.md only at line 5, before'
    )
    assert (second.line, second.col) == (
        6,
        34,
    ) and "is not in index.md after the words of `quote` (line 5)" in second.message
