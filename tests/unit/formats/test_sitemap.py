"""The sitemap: one file up to 50,000 URLs; past that, a sitemap index of files
of at most 50,000 URLs each (sitemaps.org), read back with the standard parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from gloss.content.config import SiteConfig
from gloss.content.views import Site
from gloss.formats import sitemap

NS = {"s": sitemap.NS}


@dataclass(frozen=True)
class _Page:
    url: str
    date: str


def _site(count: int) -> Site:
    config = SiteConfig(title="Big", base_url="https://example.org/digest/")
    pages = tuple(_Page(f"/digest/a{i:06d}/", f"2026-01-{1 + i % 28:02d}") for i in range(count))
    return Site(config, pages, (), (), (), ())  # type: ignore[arg-type]  # the sitemap reads url and date only


def test_a_small_site_has_one_sitemap() -> None:
    files = sitemap.sitemap_files(_site(10))
    assert [name for name, _ in files] == ["sitemap.xml"]
    root = ET.fromstring(files[0][1])
    assert root.tag == f"{{{sitemap.NS}}}urlset" and len(root.findall("s:url", NS)) == 13


def test_past_fifty_thousand_urls_the_sitemap_is_an_index() -> None:
    files = dict(sitemap.sitemap_files(_site(sitemap.MAX_URLS + 5)))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{sitemap.NS}}}sitemapindex"
    locs = [e.text for e in index.findall("s:sitemap/s:loc", NS)]
    assert locs == ["https://example.org/digest/sitemap-1.xml", "https://example.org/digest/sitemap-2.xml"]
    counts = [len(ET.fromstring(files[n]).findall("s:url", NS)) for n in ("sitemap-1.xml", "sitemap-2.xml")]
    assert counts == [sitemap.MAX_URLS, 8] and all(c <= sitemap.MAX_URLS for c in counts)
    assert index.findall("s:sitemap/s:lastmod", NS)[0].text == "2026-01-28"  # the newest of its pages
