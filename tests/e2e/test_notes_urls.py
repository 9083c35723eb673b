"""A figure or file beside a bundle's notes.yaml, linked from its summary or key
points, resolves on every page that shows them (the home and day pages show the
summary far from the article's folder), in an English and a Japanese article,
on a site served from a sub-path; feeds keep absolute URLs; ``check`` agrees."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import gloss
from memory import Bundle, write_site

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
BASE = "/r/"
DAY = "digest/2026-12-01/"
ARTICLES = {  # slug: (language, the file beside notes.yaml, notes.yaml)
    "a1": (
        "en",
        "fig.svg",
        "date: 2026-12-01\nlang: en\ntags: [figures]\n"
        "summary: A figure ![x](fig.svg) and [a file](fig.svg)\n"
        "key_points:\n  - {title: K, text: 'See ![y](./fig.svg)', anchor: '#one'}\n",
    ),
    "図の記事": (
        "ja",
        "図.svg",
        "date: 2026-12-01\nlang: ja\ntags: [figures]\n"
        "summary: 図 ![図](図.svg) と[ファイル](図.svg)。\n"
        "key_points:\n  - {title: 図の要点, text: 'こちら ![図](図.svg)', anchor: '#one'}\n",
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("notes-urls")
    content = write_site(root, {slug: Bundle(notes) for slug, (_, _, notes) in ARTICLES.items()})
    (content / "site.yaml").write_text("title: T\nbase_url: https://example.org/r/\nlanguage: en\n")
    for slug, (_, asset, _) in ARTICLES.items():
        (content / slug / asset).write_text(SVG)
    out = root / "site"
    result = gloss("build", "--content", content, "--out", out)
    assert result.code == 0, result.err
    return out


def _target(site: Path, page: str, url: str) -> Path | None:
    """The file of the built site that ``url`` on the page at ``page`` (a page's folder,
    from the site's root) names; None for a URL outside the site."""
    path = urlsplit(urljoin(BASE + quote(page), url)).path
    if urlsplit(url).netloc or not path.startswith(BASE):
        return None
    target = site / unquote(path[len(BASE) :])
    return target / "index.html" if path.endswith("/") else target


def _urls(page_html: str, selector: str, lang: str | None = None) -> list[str]:
    """The ``src`` and ``href`` of images and links under ``selector`` (in the element of ``lang``)."""
    soup = BeautifulSoup(page_html, "html.parser")
    scope = soup.find(attrs={"lang": lang}, class_="article-card") if lang else soup
    assert scope is not None, lang
    return [str(tag.get("src") or tag.get("href")) for tag in scope.select(f"{selector} img, {selector} a")]


@pytest.mark.parametrize("page", ["", DAY])
@pytest.mark.parametrize("slug", list(ARTICLES))
def test_a_summarys_figure_and_link_resolve_on_the_home_and_day_pages(built: Path, page: str, slug: str) -> None:
    lang, asset, _ = ARTICLES[slug]
    urls = _urls((built / page / "index.html").read_text(encoding="utf-8"), ".summary", lang)
    assert len(urls) == 2, urls  # the image and the link
    for url in urls:
        assert _target(built, page, url) == built / slug / asset, (page, url)
    assert (built / slug / asset).is_file()


@pytest.mark.parametrize("page", ["", DAY, "tags/figures/", "tags/", "archive/"])
def test_every_link_and_image_of_the_list_pages_resolves(built: Path, page: str) -> None:
    soup = BeautifulSoup((built / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    urls = [str(tag.get("src") or tag.get("href")) for tag in soup.select("main img[src], main a[href]")]
    assert urls
    for url in urls:
        target = _target(built, page, url)
        assert target is None or target.is_file(), (page, url)


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_the_article_page_and_the_feed_name_the_same_file(built: Path, slug: str) -> None:
    _, asset, _ = ARTICLES[slug]
    page = (built / slug / "index.html").read_text(encoding="utf-8")
    urls = _urls(page, ".summary") + _urls(page, "section.key-points p")
    assert len(urls) == 3, urls  # the summary's image and link, the key point's image
    assert {_target(built, slug + "/", url) for url in urls} == {built / slug / asset}
    feed = html.unescape((built / "feed.xml").read_text(encoding="utf-8"))
    assert f'src="https://example.org/r/{quote(slug)}/{quote(asset)}"' in feed


def test_check_finds_no_broken_link(built: Path) -> None:
    result = gloss("check", "--content", built.parent / "content", "--out", built)
    assert result.code == 0, result.err
