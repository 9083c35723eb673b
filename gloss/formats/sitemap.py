"""``sitemap.xml`` (sitemaps.org 0.9) and ``robots.txt``, absolute URLs."""

from __future__ import annotations

from operator import attrgetter
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

from gloss.content.config import SiteConfig
from gloss.content.views import Site
from gloss.core import urls

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


Entries = list[tuple[str, str | None]]  # (URL, last modified)


def listed(site: Site) -> dict[str, Entries]:
    """The pages of each kind ``urls.SITEMAP_KINDS`` names, with their dates."""
    base = site.config.base_path
    newest = site.articles[-1].date if site.articles else None  # sorted by date
    return {
        "article": [(a.url, a.date) for a in site.articles],
        "day": [(d.url, d.date) for d in site.days],
        "home": [(urls.home_url(base, 1), newest)],
        "home page": [(home.url, None) for home in site.home[1:]],
        "tags": [(urls.url(base, urls.TAGS_INDEX), newest)],
        "tag": [(t.url, t.articles[0].date if t.articles else None) for t in site.tags],
        "archive": [(urls.url(base, urls.ARCHIVE), newest)],
    }


def sitemap_entries(site: Site) -> Entries:
    """(URL, last modified) of every page listed, sorted."""
    found = listed(site)
    return sorted(entry for kind in urls.SITEMAP_KINDS for entry in found[kind])


def sitemap_key(site: Site) -> tuple[Any, ...]:
    """Everything ``sitemap_entries`` reads, quick to make and to compare."""
    url, date = attrgetter("url"), attrgetter("date")  # (no tuple per article: thousands of them cost)
    return (
        site.config.base_url,
        tuple(map(url, site.articles)),
        tuple(map(date, site.articles)),
        tuple(map(url, site.days)),
        tuple(map(date, site.days)),
        tuple((t.url, t.articles[0].date if t.articles else None) for t in site.tags),
        tuple(map(url, site.home)),
    )


def _absolute(base_url: str, path: str) -> str:
    """``urljoin(base_url, path)``, quickly for the plain root-relative paths of pages."""
    if path.startswith("/") and not path.startswith("//") and "/." not in path:
        parts = urlsplit(base_url)
        return f"{parts.scheme}://{parts.netloc}{path}"
    return urljoin(base_url, path)


MAX_URLS = 50_000  # a sitemap file may list at most this many (sitemaps.org)


def sitemap_files(site: Site) -> list[tuple[str, bytes]]:
    """``sitemap.xml``; past ``MAX_URLS`` pages, a sitemap index of ``sitemap-N.xml``
    files of at most ``MAX_URLS`` each, as the protocol requires."""
    entries = sitemap_entries(site)
    if len(entries) <= MAX_URLS:
        return [("sitemap.xml", _urlset(site.config.base_url, entries))]
    parts = [entries[i : i + MAX_URLS] for i in range(0, len(entries), MAX_URLS)]
    files = [(f"sitemap-{n}.xml", _urlset(site.config.base_url, part)) for n, part in enumerate(parts, 1)]
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sitemapindex xmlns="{NS}">']
    for (name, _), part in zip(files, parts, strict=True):
        newest = max((lastmod for _, lastmod in part if lastmod), default=None)
        lines.append(
            f"  <sitemap>\n    <loc>{escape(_absolute(site.config.base_url, site.config.base_path + name))}</loc>"
        )
        if newest:
            lines.append(f"    <lastmod>{escape(newest)}</lastmod>")
        lines.append("  </sitemap>")
    index = ("\n".join(lines) + "\n</sitemapindex>\n").encode("utf-8")
    return [("sitemap.xml", index), *files]


def sitemap(site: Site) -> bytes:
    """The sitemap of a site of at most ``MAX_URLS`` pages."""
    return _urlset(site.config.base_url, sitemap_entries(site))


def _urlset(base_url: str, entries: list[tuple[str, str | None]]) -> bytes:
    """A sitemap, laid out as ElementTree indents it (written directly: thousands of
    elements through ElementTree take a tenth of a second)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{NS}">']
    for path, lastmod in entries:
        lines.append(f"  <url>\n    <loc>{escape(_absolute(base_url, path))}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{escape(lastmod)}</lastmod>")
        lines.append("  </url>")
    return ("\n".join(lines) + "\n</urlset>\n").encode("utf-8")


def robots(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(config.base_url, urls.SITEMAP)}\n".encode()
