"""Site-wide rules: tag slugs, digest days and their neighbours, the home
page's pages, related articles by tag rarity, backlinks. Built in-process
from small sites written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, gloss
from memory import write_site

from gloss.site.pipeline import Options, Result, run

THEME = ROOT / "gloss" / "templates"


def build(content: Path) -> Result:
    return run(Options(content, THEME, search=False))


def test_related_explicit_first_then_by_rarer_shared_tags_then_nearer_date_then_slug(tmp_path: Path) -> None:
    content = write_site(
        tmp_path,
        {
            "a": "date: 2026-01-10\ntags: [common, rare]\nrelated: [z]\n",
            "b": "date: 2026-01-01\ntags: [common]\n",  # shares only the common tag
            "c": "date: 2026-01-20\ntags: [rare]\n",  # shares the rare tag: ranks above b
            "d": "date: 2026-01-11\ntags: [common]\n",  # like b, but nearer in date
            "e": "date: 2026-01-09\ntags: [common]\n",  # like d: same distance, slug breaks the tie
            "z": "date: 2025-12-01\ntags: [other]\n",  # explicit, no shared tag
            "f": "date: 2026-01-30\ntags: [common, x1, x2, x3]\n",  # like b, further away
        },
        site="related_count: 4\n",
    )
    result = build(content)
    assert result.ok, result.diagnostics
    by_slug = {a.slug: a for a in result.site.articles}
    assert [r.slug for r in by_slug["a"].related] == ["z", "c", "d", "e"]
    assert [r.slug for r in by_slug["z"].related] == []  # related is not symmetric by itself; no shared tag


def test_tag_slugs_keep_cjk_and_colliding_tags_are_an_error(tmp_path: Path) -> None:
    content = write_site(
        tmp_path,
        {
            "a": "date: 2026-01-01\ntags: [サイバーセキュリティ, AI Safety]\n",
            "b": "date: 2026-01-02\ntags: [ai-safety]\n",
        },
    )
    result = gloss("check", "--content", content)
    assert result.code == 1
    assert f'{content}/b/notes.yaml:2:8: the tags "ai-safety" and "AI Safety"' in result.err
    assert f'{content}/a/notes.yaml:2:20: the tags "AI Safety" and "ai-safety" ({content}/b/notes.yaml:2)' in result.err
    (content / "b" / "notes.yaml").write_text("date: 2026-01-02\ntags: [AI Safety]\n")
    out = tmp_path / "site"
    assert gloss("build", "--no-search", "--content", content, "--out", out).code == 0
    page = out / "tags" / "サイバーセキュリティ" / "index.html"
    assert page.is_file() and "/a/" in page.read_text()
    assert 'href="/tags/%E3%82%B5' in (out / "tags" / "index.html").read_text()


def test_c_cpp_and_csharp_tags_have_a_page_each(tmp_path: Path) -> None:
    """Found by a new user: the three made one page, /tags/c/ (an error naming one of them)."""
    content = write_site(
        tmp_path,
        {
            "a": "date: 2026-01-01\ntags: [C, 機械学習]\n",
            "b": "date: 2026-01-02\ntags: [C++, 人工智能]\n",
            "c": 'date: 2026-01-03\ntags: ["C#", 機械学習]\n',
        },
    )
    out = tmp_path / "site"
    result = gloss("build", "--no-search", "--content", content, "--out", out)
    assert result.code == 0, result.err
    for tag, slug, article in (("C", "c", "a"), ("C++", "c-plus-plus", "b"), ("C#", "c-sharp", "c")):
        page = (out / "tags" / slug / "index.html").read_text(encoding="utf-8")
        assert f"/{article}/" in page and tag in page, slug
        assert [a for a in "abc" if f'href="/{a}/"' in page] == [article]
    assert "/a/" in (out / "tags" / "機械学習" / "index.html").read_text(encoding="utf-8")
    assert (out / "tags" / "人工智能" / "index.html").is_file()
    assert 'href="/tags/c-plus-plus/"' in (out / "b" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", ["digest", "tags", "archive", "search", "assets", "pagefind"])
def test_reserved_slugs_are_errors(tmp_path: Path, slug: str) -> None:
    content = write_site(tmp_path, {slug: "date: 2026-01-01\n"})
    result = gloss("check", "--content", content)
    assert result.code == 1 and f'the slug "{slug}" is reserved' in result.err


def test_related_naming_an_unknown_slug_is_an_error(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"a": "date: 2026-01-01\nrelated: [bb]\n", "b": "date: 2026-01-01\n"})
    result = gloss("check", "--content", content)
    assert result.code == 1
    assert f'{content}/a/notes.yaml:2:11: related: unknown article "bb" (did you mean "b"?)' in result.err


def test_a_day_left_empty_by_drafts_has_no_page_and_neighbours_skip_it(tmp_path: Path) -> None:
    content = write_site(
        tmp_path,
        {
            "a": "date: 2026-01-01\n",
            "b": "date: 2026-01-02\ndraft: true\n",
            "c": "date: 2026-01-03\n",
        },
    )
    result = build(content)
    assert result.ok
    paths = {o.path for o in result.outputs}
    assert "digest/2026-01-02/index.html" not in paths and "b/index.html" not in paths
    days = {d.date: d for d in result.site.days}
    assert days["2026-01-03"].older.date == "2026-01-01" and days["2026-01-01"].newer.date == "2026-01-03"
    assert days["2026-01-03"].newer is None and days["2026-01-01"].older is None
    html = next(o for o in result.outputs if o.path == "digest/2026-01-01/index.html").data.decode()
    assert 'href="/digest/2026-01-03/"' in html and "2026-01-02" not in html


def test_home_is_paginated_by_days(tmp_path: Path) -> None:
    content = write_site(tmp_path, {f"a{i}": f"date: 2026-01-0{i}\n" for i in range(1, 6)}, site="days_per_page: 2\n")
    result = build(content)
    assert result.ok
    pages = {o.path: o.data.decode() for o in result.outputs if o.path.endswith("index.html")}
    assert "page/3/index.html" in pages and "page/4/index.html" not in pages
    assert 'href="/page/2/"' in pages["index.html"] and "2026-01-05" in pages["index.html"]
    assert "2026-01-03" not in pages["index.html"]
    assert 'href="/"' in pages["page/2/index.html"] and 'href="/page/3/"' in pages["page/2/index.html"]
    assert "2026-01-01" in pages["page/3/index.html"]


def test_backlinks_from_bodies_and_notes_with_their_context(tmp_path: Path) -> None:
    content = write_site(
        tmp_path,
        {
            "a": "date: 2026-01-01\n",
            "b": "date: 2026-01-02\nkey_points:\n"
            "  - {title: Builds on A, text: \"As [a](a#one) showed.\", anchor: '#one'}\n",
            "c": "date: 2026-01-03\n",
        },
    )
    (content / "c" / "index.md").write_text("# c\n\nFirst sentence. The [earlier piece](a) argued this. Last.\n")
    result = build(content)
    assert result.ok, result.diagnostics
    a = next(x for x in result.site.articles if x.slug == "a")
    assert [(b.article.slug, b.context) for b in a.backlinks] == [
        ("c", "The earlier piece argued this."),
        ("b", "Builds on A: As a showed."),
    ]
    assert not next(x for x in result.site.articles if x.slug == "b").backlinks
