"""render: the site's views -> every file of the site, through the default theme
(and a broken override), from a site resolved in memory. Nothing is written."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from memory import Bundle, linked

from gloss.build.render import RenderCache, render_site
from gloss.content.theme import load_theme

ARTICLES = {
    "audit": "date: 2026-03-02\ntitle: Audits lag\nsummary: Audits **lag**.\ntags: [safety]\n",
    "推理成本": Bundle(
        "date: 2026-03-03\nlang: zh\nsummary: 推理价格一年内减半。\ntags: [safety]\n", "# 推理成本下降\n\n正文。\n"
    ),
}


def outputs(theme_folder: Path | None = None, cache: RenderCache | None = None):  # type: ignore[no-untyped-def]
    site, problems = linked(ARTICLES)
    assert problems == []
    theme, theme_problems = load_theme(theme_folder)
    assert theme is not None and theme_problems == []
    return render_site(site, theme, cache)


def test_every_page_of_the_site_is_made() -> None:
    files, problems = outputs()
    assert problems == []
    paths = {o.path for o in files}
    expected = {
        "audit/index.html",
        "audit/annotations.jsonld",
        "推理成本/index.html",
        "digest/2026-03-02/index.html",
        "digest/2026-03-03/index.html",
        "index.html",
        "tags/index.html",
        "tags/safety/index.html",
        "tags/safety/feed.xml",
        "archive/index.html",
        "search/index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
    }
    assert expected <= paths
    assert [o.path for o in files] == sorted(o.path for o in files)


def test_an_article_page_is_in_its_language_with_its_notes() -> None:
    files, _ = outputs()
    page = next(o for o in files if o.path == "推理成本/index.html")
    soup = BeautifulSoup(page.data, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "zh"
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "推理成本下降"
    assert "推理价格一年内减半。" in soup.select_one(".summary").get_text()
    assert soup.select_one('a[href="/d/audit/"]') is not None  # the previous article


def test_a_second_render_with_the_cache_reuses_every_page() -> None:
    cache = RenderCache()
    first, _ = outputs(cache=cache)
    assert cache.rendered  # the first build rendered its pages
    second, _ = outputs(cache=cache)
    assert cache.rendered == [] and [o.data for o in first] == [o.data for o in second]


def test_a_template_error_names_the_overriding_file_and_its_line(tmp_path: Path) -> None:
    (tmp_path / "digest.html").write_text(
        '{% extends "default:digest.html" %}\n{% block main %}\n{{ day.nope.x }}\n{% endblock %}\n'
    )
    _, problems = outputs(tmp_path)
    assert problems, "a broken template must be reported"
    assert {(Path(p.path).name, p.line, p.severity) for p in problems} == {("digest.html", 3, "error")}
    assert "nope" in problems[0].message


def _archive(articles: dict[str, object], cache: RenderCache | None) -> bytes:
    site, problems = linked(articles)  # type: ignore[arg-type]
    assert problems == []
    theme, _ = load_theme(None)
    assert theme is not None
    files, problems = render_site(site, theme, cache)
    assert problems == []
    return next(o.data for o in files if o.path == "archive/index.html")


def test_a_page_part_is_rendered_again_only_when_its_data_changed() -> None:
    """The archive renders each month as a part; a long-running preview keeps the parts, so an
    edit renders again the one month it shows in (and the page is what a fresh render makes)."""
    before = {**ARTICLES, "february": "date: 2026-02-10\ntitle: 二月の記事\nsummary: 二月。\n"}
    after = {**before, "audit": "date: 2026-03-02\ntitle: Audits lag\nsummary: Audits lag behind.\ntags: [safety]\n"}
    cache = RenderCache()
    _archive(before, cache)
    months = [key for key in cache.parts.by_value if key[0] == "archive_month.html"]
    assert len(months) == 2
    february = next(cache.parts.by_value[key] for key in months if "2026-02" in repr(key))
    edited = _archive(after, cache)
    assert edited == _archive(after, None)
    assert b"Audits lag behind." in edited
    assert (
        len([key for key in cache.parts.by_value if key[0] == "archive_month.html"]) == 3
    )  # (March again, not February)
    assert any(value is february for value in cache.parts.by_value.values())
