"""``sitemap.xml`` (sitemaps.org 0.9) and ``robots.txt``, absolute URLs."""

from __future__ import annotations

from operator import attrgetter
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from .config import SiteConfig
from .views import Site

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_entries(site: Site) -> list[tuple[str, str | None]]:
    """(path, last modified) of every page listed, sorted."""
    base = site.config.base_path
    newest = site.articles[-1].date if site.articles else None  # sorted by date
    urls: list[tuple[str, str | None]] = [(base, newest), (f"{base}archive/", newest), (f"{base}tags/", newest)]
    urls += [(home.url, None) for home in site.home[1:]]
    urls += [(a.url, a.date) for a in site.articles]
    urls += [(d.url, d.date) for d in site.days]
    urls += [(t.url, t.articles[0].date if t.articles else None) for t in site.tags]
    return sorted(urls)


def sitemap_key(site: Site) -> tuple[Any, ...]:
    """Everything ``sitemap_entries`` reads, quick to make and to compare."""
    url, date = attrgetter("url"), attrgetter("date")  # (no tuple per article: thousands of them cost)
    return (site.config.base_url, tuple(map(url, site.articles)), tuple(map(date, site.articles)),
            tuple(map(url, site.days)), tuple(map(date, site.days)),
            tuple((t.url, t.articles[0].date if t.articles else None) for t in site.tags),
            tuple(map(url, site.home)))


def sitemap(site: Site) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}urlset")
    for path, lastmod in sitemap_entries(site):
        url = ET.SubElement(root, f"{{{NS}}}url")
        ET.SubElement(url, f"{{{NS}}}loc").text = urljoin(site.config.base_url, path)
        if lastmod:
            ET.SubElement(url, f"{{{NS}}}lastmod").text = lastmod
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def robots(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {urljoin(config.base_url, 'sitemap.xml')}\n".encode()
