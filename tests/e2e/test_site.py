"""The whole site as readers and hosts meet it: a real HTTP server under a
sub-path, a crawl of every link, a real Pagefind query, feeds read by a real
feed parser, and the site-wide rules (tags, days, pages, related)."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
from conftest import ROOT, SAMPLE_BASE


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), ""


def test_crawl_under_a_sub_path_finds_no_broken_link_and_no_unreachable_page(sample: Path, sample_origin: str) -> None:
    start = sample_origin + SAMPLE_BASE
    queue, seen, pages, fragments = [start], {start}, {}, []
    broken: list[str] = []
    while queue:
        url = queue.pop()
        status, body, kind = _fetch(url)
        if status != 200:
            broken.append(f"{url} -> {status}")
            continue
        if kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        pages[url] = parser.ids
        for link in parser.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if not target.startswith(sample_origin):
                continue  # another site (sources, schema.org…)
            if parts.fragment:
                fragments.append((url, target))
            page = target.split("#")[0]
            if page not in seen:
                seen.add(page)
                queue.append(page)
    assert not broken, broken
    for page_url, target in fragments:
        ids = pages.get(target.split("#")[0], set())
        assert unquote(urlsplit(target).fragment) in ids, f"{target} (linked from {page_url})"
    built = {p.relative_to(sample).as_posix() for p in sample.rglob("*.html")} - {"404.html"}
    reached = {unquote(urlsplit(u).path)[len(SAMPLE_BASE) :] for u in pages}
    reached = {p + "index.html" if p == "" or p.endswith("/") else p for p in reached}
    assert built - reached == set(), "pages no link leads to"
    assert len(pages) >= 25
    # the search page's Pagefind assets load under the sub-path too
    assert _fetch(start + "pagefind/pagefind-ui.js")[0] == 200
    status, listing, _ = _fetch(start + "pagefind/shards.json")
    assert status == 200
    for shard in json.loads(listing):
        assert _fetch(start + "pagefind/" + shard["bundle"] + "pagefind-entry.json")[0] == 200


def test_missing_pages_get_the_sites_404(sample_origin: str) -> None:
    status, body, _ = _fetch(sample_origin + SAMPLE_BASE + "no/such/page/")
    assert status == 404 and b'href="/digest/archive/"' in body


def test_feeds_parse_with_absolute_urls_and_stable_ids(sample: Path) -> None:
    for feed_path in [sample / "feed.xml", *sorted((sample / "tags").glob("*/feed.xml"))]:
        feed = feedparser.parse(feed_path.read_bytes())
        assert feed.bozo == 0, (feed_path, feed.get("bozo_exception"))
        assert feed.entries, feed_path
        for entry in feed.entries:
            assert entry.link.startswith("https://example.org/digest/")
            assert entry.id.startswith("tag:example.org,2026-")
            parser = _Links()
            parser.feed(entry.content[0].value)
            assert parser.links and all(link.startswith(("https://", "http://")) for link in parser.links), entry.link
    main = feedparser.parse((sample / "feed.xml").read_bytes())
    assert len(main.entries) == 7
    assert main.entries[0].published.startswith("2026-04-10")  # newest first
    assert "要点" in main.entries[0].content[0].value or "Key points" in main.entries[0].content[0].value


def _query(site: Path, queries: list[dict[str, object]]) -> dict[str, list[str]]:
    node = shutil.which("node")
    assert node, "the search test needs Node.js (the machine's node) to run Pagefind's own JavaScript"
    proc = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "pagefind_query.mjs"), str(site), SAMPLE_BASE, "ja", json.dumps(queries)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_search_finds_japanese_chinese_and_english_words_with_filters(sample: Path) -> None:
    found = _query(
        sample,
        [
            {"term": "脆弱性"},
            {"term": "算力"},
            {"term": "harness"},
            {"term": "sandbox", "filters": {"言語": "日本語"}},  # named in the site's language
            {"term": "sandbox", "filters": {"タグ": "agents"}},
            {"term": "システムカード", "content": True},
        ],
    )
    assert "/digest/frontier-release-withheld/" in found["脆弱性"]
    assert "/digest/inference-cost-curve/" in found["算力"]
    assert found["harness"] == ["/digest/building-agent-eval-harness/"]
    assert found['sandbox {"言語":"日本語"}'] == ["/digest/frontier-release-withheld/"]
    assert found['sandbox {"タグ":"agents"}'] == ["/digest/building-agent-eval-harness/"]
    # the article's words are indexed, the page chrome is not
    indexed = found["システムカード"]
    assert indexed and all("システムカード" in hit["content"] for hit in indexed)
    for chrome in ("本文へ移動", "影響分析と編集者コメント", "原文を表示", "原文の目次", "AI Digest"):
        assert not any(chrome in hit["content"] for hit in indexed), chrome


def test_article_metadata_for_sharing(sample: Path) -> None:
    html = (sample / "frontier-release-withheld" / "index.html").read_text()
    assert '<meta property="og:url" content="https://example.org/digest/frontier-release-withheld/">' in html
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Article" and data["inLanguage"] == "ja" and data["datePublished"] == "2026-04-08"
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert "Sitemap: https://example.org/digest/sitemap.xml" in (sample / "robots.txt").read_text()
    assert "<loc>https://example.org/digest/frontier-release-withheld/</loc>" in (sample / "sitemap.xml").read_text()
