"""``sitemap.xml`` (sitemaps.org 0.9) and ``robots.txt``, absolute URLs."""

from __future__ import annotations

from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from .config import SiteConfig
from .views import Site

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_entries(site: Site) -> tuple[tuple[str, str | None], ...]:
    """(path, last modified) of every page listed, sorted."""
    return tuple(_urls(site))


def _urls(site: Site) -> list[tuple[str, str | None]]:
    base = site.config.base_path
    newest = max((a.date for a in site.articles), default=None)
    urls: list[tuple[str, str | None]] = [(base, newest), (f"{base}archive/", newest), (f"{base}tags/", newest)]
    urls += [(home.url, None) for home in site.home[1:]]
    urls += [(a.url, a.date) for a in site.articles]
    urls += [(d.url, d.date) for d in site.days]
    urls += [(t.url, t.articles[0].date if t.articles else None) for t in site.tags]
    return sorted(urls)


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
