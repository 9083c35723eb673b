"""gloss/core/urls.py owns every page kind's URL and output path: they agree, the
reserved slugs cover every top-level name the kinds use, and a built site
holds nothing else at its top level."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from gloss.build.sitewide import home, tag_ref
from gloss.content.config import SiteConfig
from gloss.content.views import Site
from gloss.core import urls
from gloss.formats.sitemap import listed

BASES = ["/", "/digest/", "/日本/"]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("kind", urls.KINDS, ids=lambda k: k.name)
def test_a_page_url_is_its_output_path_without_index_html(kind: urls.Kind, base: str) -> None:
    path = kind.path(*kind.example)
    assert not path.startswith("/") and "//" not in path
    assert urls.url(base, path) == base + quote(path.removesuffix("index.html"))
    if path.endswith("index.html"):
        assert urls.url(base, path).endswith("/")
    assert urls.shown(path) == "/" + path.removesuffix("index.html")
    assert urls.absolute("https://example.org" + base, path) == "https://example.org" + urls.url(base, path)


@pytest.mark.parametrize("base", BASES)
def test_the_views_use_the_same_urls(base: str) -> None:
    config = SiteConfig(title="T", base_url="https://example.org" + base)
    assert (
        urls.article_url(base, "推理成本") == urls.url(base, urls.article("推理成本")) == base + quote("推理成本") + "/"
    )
    assert urls.day_url(base, "2026-04-08") == base + "digest/2026-04-08/"
    ref = tag_ref("日本 語", config)
    assert ref.url == urls.url(base, urls.tag(ref.slug))
    pages = home(config, ())
    assert pages[0].url == base == urls.home_url(base, 1) and urls.home_url(base, 3) == base + "page/3/"


def test_reserved_slugs_cover_every_top_level_name() -> None:
    for kind in urls.KINDS:
        top = kind.path(*kind.example).split("/")[0]
        if kind.per_article:
            assert top == kind.example[0]  # under the article's own folder
        else:
            assert top in urls.RESERVED_SLUGS, kind.name
    assert {"digest", "tags", "archive", "search", "assets", "page", "pagefind"} <= urls.RESERVED_SLUGS


def test_the_sitemap_lists_the_kinds_urls_names() -> None:
    site = Site(SiteConfig(title="T", base_url="https://example.org/"), (), (), (), (), ())
    assert tuple(listed(site)) == urls.SITEMAP_KINDS


def test_a_built_site_holds_only_reserved_names_and_articles(sample: Path) -> None:
    tops = {p.name for p in sample.iterdir()}
    articles = {name for name in tops if (sample / name / urls.ANNOTATIONS).is_file()}
    assert articles and tops - articles <= urls.RESERVED_SLUGS
    assert tops - articles >= {
        "digest",
        "tags",
        "archive",
        "search",
        "assets",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "index.html",
    }


@pytest.mark.parametrize(
    ("page", "link", "resolved"),
    [
        ("/digest/a1/", "fig.svg", "/digest/a1/fig.svg"),
        ("/digest/a1/", "../b/#x", "/digest/b/#x"),
        ("/digest/a1/", "../../../user/registry.md#c", "/user/registry.md#c"),  # "../" past the root stays there
        ("/日本/記事/", "../../../図.png", "/図.png"),
        ("/digest/a1/", "https://example.com/x", "https://example.com/x"),
        ("/digest/a1/", "//cdn.example.com/x.js", "http://cdn.example.com/x.js"),
        ("/digest/a1/", "mailto:a@b.c", "mailto:a@b.c"),
    ],
)
def test_a_link_resolves_as_a_browser_resolves_it(page: str, link: str, resolved: str) -> None:
    assert urls.resolve(page, link) == resolved
