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
