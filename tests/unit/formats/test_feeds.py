"""feeds: an Atom document from article views in memory, read back by a real
feed parser (feedparser) and checked as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

import feedparser
from memory import CONFIG, linked

from gloss.formats.feeds import Entry, atom, entry_id

NOTES = {
    "ai-audit": "date: 2026-03-02\ntitle: Audits & lag <now>\nsummary: Audits **lag**.\ntags: [Open Models]\n",
    "推理成本": "date: 2026-03-03\nlang: zh\ntitle: 推理成本下降\nsummary: 推理价格减半。\ntags: [安全]\n",
}


def feed() -> bytes:
    site, problems = linked(NOTES)
    assert problems == []
    entries = [
        Entry(a, "https://example.org" + a.url, f"<p>{escape(a.title)} body</p>") for a in reversed(site.articles)
    ]
    return atom(CONFIG, "T", "https://example.org/d/", "https://example.org/d/feed.xml", entries)


def test_a_feed_parser_reads_every_entry_with_its_language_tags_and_dates() -> None:
    parsed = feedparser.parse(feed())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "T" and parsed.feed.updated == "2026-03-03T00:00:00Z"
    first, second = parsed.entries
    assert first.title == "推理成本下降" and first.link == "https://example.org/d/%E6%8E%A8%E7%90%86%E6%88%90%E6%9C%AC/"
    assert first.get("language") in (None, "zh") and [t.term for t in first.tags] == ["安全"]
    assert second.title == "Audits & lag <now>" and "<strong>lag</strong>" in second.summary
    assert second.content[0].value == "<p>Audits &amp; lag &lt;now&gt; body</p>"


def test_entries_carry_xml_lang_and_stable_tag_ids() -> None:
    root = ET.fromstring(feed())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    langs = [e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in root.findall("a:entry", ns)]
    assert langs == ["zh", "en"]
    ids = [e.findtext("a:id", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert ids == [
        "tag:example.org,2026-03-03:%E6%8E%A8%E7%90%86%E6%88%90%E6%9C%AC",
        "tag:example.org,2026-03-02:ai-audit",
    ]
    site, _ = linked(NOTES)
    assert entry_id(CONFIG, site.articles[0]) == ids[1]  # the same id whatever feed holds the entry


def test_the_same_articles_give_the_same_bytes() -> None:
    assert feed() == feed()
