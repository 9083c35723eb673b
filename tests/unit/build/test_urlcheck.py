"""The links and images written in an article's sources (``build.urlcheck``), checked
where they are written, from articles in memory: a file the bundle lacks (in index.md,
original.md or a notes field), a link to another article's file or id, a root-relative
link that leaves the site's base path (a warning), and what is left alone."""

from __future__ import annotations

from dataclasses import replace

from memory import CONFIG, Bundle, source

from gloss.build.parse import ParsedArticle, parse_article
from gloss.build.records import check_references, make_record, sitewide_index
from gloss.build.references import Catalog, Target
from gloss.build.resolve import resolve_article
from gloss.build.sitewide import tag_ref
from gloss.build.urlcheck import site_urls
from gloss.content.config import SiteConfig
from gloss.core.diagnostics import Diagnostic

SUB = SiteConfig(title="T", base_url="https://me.github.io/my-digest/", language="en")


def _parsed(
    bundle: Bundle, assets: tuple[str, ...] = (), config: SiteConfig = CONFIG, slug: str = "a"
) -> ParsedArticle:
    article = replace(source(slug, bundle), assets=assets)
    return parse_article(article, allow_html=False, base_url=config.base_url)


def _check(
    bundle: Bundle, assets: tuple[str, ...] = (), config: SiteConfig = CONFIG, catalog: Catalog | None = None
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    resolve_article(_parsed(bundle, assets, config), catalog, config, problems)
    return problems


def test_a_missing_image_in_index_md_is_an_error_at_its_line_and_column() -> None:
    found = _check(Bundle(index="# T\n\nText.\n\n日本語の文。![図](fig.png) and [data](data.csv)\n"), ("fig.png",))
    assert [(d.path, d.line, d.col, d.severity) for d in found] == [("content/a/index.md", 5, 32, "error")]
    assert found[0].message == 'link "data.csv": the bundle has no file "data.csv"; files there: fig.png'


def test_an_image_of_original_md_is_blamed_on_original_md() -> None:
    found = _check(Bundle(original="# O\n\nLine.\n\n![](orig.png)\n"))
    assert [(d.path, d.line, d.col) for d in found] == [("content/a/original.md", 5, 5)]
    assert 'image "orig.png"' in found[0].message


def test_a_notes_summary_link_is_reported_at_its_notes_yaml_value() -> None:
    notes = "date: 2026-01-01\ntags: [x]\nsummary: See [the data](data.csv) and ![chart](chart.svg)\n"
    found = _check(Bundle(notes=notes), ("chart.svg",))
    assert [(d.path, d.line, d.col) for d in found] == [("content/a/notes.yaml", 3, 10)]


def test_files_of_the_bundle_its_page_and_other_sites_pass() -> None:
    body = (
        "# T\n\n![x](fig.png) [a](./data/t.csv) [p](./) [j](annotations.jsonld) [e](https://example.com/x.png) "
        "[m](mailto:a@b.c) [self](https://example.org/d/a/fig.png)\n"
    )
    assert _check(Bundle(index=body), ("fig.png", "data/t.csv")) == []


def test_a_root_relative_link_out_of_the_base_path_is_a_warning_saying_what_to_write() -> None:
    body = "# T\n\n中文[x](/other/page/) [in](/my-digest/a/fig.png) [art](b)\n"
    found = _check(Bundle(index=body), ("fig.png",), SUB, Catalog({"b": Target((), "content/b/index.md", ())}))
    assert [(d.line, d.col, d.severity) for d in found] == [(3, 7, "warning")]
    assert "/my-digest/" in found[0].message and '"/my-digest/other/page/"' in found[0].message
    assert "https://me.github.io/other/page/" in found[0].message


def test_a_relative_link_climbing_past_the_root_is_checked_where_a_browser_takes_it() -> None:
    body = "# T\n\n見て[x](../../../user/registry.md#c)\n"  # (a pasted handbook page's link)
    found = _check(Bundle(index=body), config=SUB)
    assert [(d.line, d.col, d.severity) for d in found] == [(3, 7, "warning")]
    assert "resolves to https://me.github.io/user/registry.md" in found[0].message
    root = SiteConfig(title="T", base_url="https://example.org/", language="en")
    wanted = [
        (3, 7, 'link "../../../user/registry.md#c": no page /user/ in the site (unknown article "user"; valid: b)')
    ]
    parsed = _parsed(Bundle(index=body), config=root)
    record = make_record("k", parsed, None, "/a/", site_urls(parsed, root.base_url))
    found = check_references(record, Catalog({"b": Target((), "content/b/index.md", ())}))
    assert [(d.line, d.col, d.message) for d in found] == wanted


def test_no_warning_when_the_site_is_served_from_the_root() -> None:
    config = SiteConfig(title="T", base_url="https://example.org/", language="en")
    assert _check(Bundle(index="# T\n\n[x](/other/page/)\n"), config=config) == []


def test_other_articles_files_and_ids_are_checked_site_wide() -> None:
    body = "# T\n\n[f](../b/fig.png) [g](../b/gone.png) [i](/d/b/#nope) [u](../zz/) [ok](/d/b/#one)\n"
    catalog = Catalog({"b": Target(("one",), "content/b/index.md", ("fig.png",))})
    in_memory = _check(Bundle(index=body), catalog=catalog)  # (the in-memory build: resolve has the catalog)
    parsed = _parsed(Bundle(index=body))
    record = make_record("k", parsed, None, "/d/a/", site_urls(parsed, CONFIG.base_url))
    streamed = check_references(record, catalog)  # (the streamed build: from the record)
    line = body.split("\n")[2]
    cols = [line.index(url) + 1 for url in ("../b/gone.png", "/d/b/#nope", "../zz/")]
    assert [(d.line, d.col) for d in in_memory] == [(d.line, d.col) for d in streamed] == [(3, c) for c in cols]
    assert 'no file "gone.png"' in streamed[0].message and 'no id "nope"' in streamed[1].message
    assert 'unknown article "zz"' in streamed[2].message


def test_links_to_the_sites_pages_are_checked_against_its_days_and_tags() -> None:
    body = (
        "# T\n\n[d](/d/digest/2026-01-01/) [t](/d/tags/x/) [n](/d/tags/nope/) [css](/d/assets/a.css) [a](/d/archive/)\n"
    )
    parsed = _parsed(Bundle(notes="date: 2026-01-01\ntags: [x]\n", index=body))
    problems: list[Diagnostic] = []
    article = resolve_article(parsed, None, CONFIG, problems, {"x": tag_ref("x", CONFIG)})
    record = make_record("k", parsed, article, "/d/a/", site_urls(parsed, CONFIG.base_url))
    sitewide_index(CONFIG, [record], Catalog({"a": record}), problems)
    col = body.split("\n")[2].index("/d/tags/nope/") + 1
    assert [(d.line, d.col, d.message) for d in problems] == [
        (3, col, 'link "/d/tags/nope/": no page /tags/nope/ in the site')
    ]
