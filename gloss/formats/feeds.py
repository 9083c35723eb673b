"""Atom feeds (RFC 4287) with the standard library's ElementTree.

Entry content is HTML rendered by the theme's ``feed_entry.html`` with every
URL absolute; ids are tag URIs built from the host, the article's date and
its slug, so they stay stable across rebuilds and reorderings; ``updated`` comes from
the content's dates, never from the clock, so the same input gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

from gloss.content.config import SiteConfig
from gloss.content.views import Article

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Entry:
    article: Article
    url: str  # absolute
    content: str  # HTML, absolute URLs


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def entry_id(config: SiteConfig, article: Article) -> str:
    host = urlsplit(config.base_url).hostname or "localhost"
    return f"tag:{host},{article.date}:{quote(article.slug)}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom(config: SiteConfig, title: str, page_url: str, self_url: str, entries: list[Entry]) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: config.language})
    _sub(feed, "title", title)
    if config.description:
        _sub(feed, "subtitle", config.description)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    _sub(feed, "id", page_url)
    newest = max((e.article.date for e in entries), default="1970-01-01")
    _sub(feed, "updated", _stamp(newest))
    author = _sub(feed, "author")
    _sub(author, "name", config.author or config.title)
    _sub(feed, "generator", "gloss")
    for item in entries:
        article = item.article
        entry = _sub(feed, "entry", **{XML_LANG: article.lang})
        _sub(entry, "title", article.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        _sub(entry, "id", entry_id(config, article))
        _sub(entry, "published", _stamp(article.date))
        _sub(entry, "updated", _stamp(article.date))
        for tag in article.tags:
            _sub(entry, "category", term=tag.slug, label=tag.name)
        if article.summary:
            _sub(entry, "summary", article.summary.feed, type="html")
        _sub(entry, "content", item.content, type="html")
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
