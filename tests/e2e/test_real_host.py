"""The sample site on a real web server: built for a sub-path
(``--base-url http://127.0.0.1:PORT/digest/``) into a folder of that name,
served by nginx, crawled from the home page: every linked page, asset, feed,
sitemap entry and search file (with what Pagefind's entry JSON names) is
fetched through nginx with no 404 and the right Content-Type; the search
page then runs real queries through it. The crawl's figures go to
tests/artifacts/host-crawl.json."""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from browser import ARTIFACTS, DESKTOP
from conftest import ROOT, SAMPLE_BASE, gloss
from nginxhost import free_port, nginx

# Content-Type by what a URL names; feeds are Atom, not just any XML.
TYPES = {
    ".html": {"text/html"},
    "/": {"text/html"},
    ".css": {"text/css"},
    ".js": {"application/javascript", "text/javascript"},
    ".json": {"application/json"},
    ".jsonld": {"application/ld+json"},
    ".svg": {"image/svg+xml"},
    ".png": {"image/png"},
    ".txt": {"text/plain"},
    "feed.xml": {"application/atom+xml"},
    ".xml": {"text/xml", "application/xml"},
}
# Fetched by the search page's JavaScript, named by no page: the list of the index's shards.
SEARCH_SEEDS = (  # what the search page loads from its script
    "pagefind/shards.json",
    "assets/search/pagefind.js",
    "assets/search/worker.js",
)
IRI_SAFE = "%/:?#[]@!$&'()*+,;=~"


@dataclass
class Host:
    origin: str
    site: Path

    @property
    def start(self) -> str:
        return self.origin + SAMPLE_BASE


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    tmp = tmp_path_factory.mktemp("host")
    port = free_port()
    site = tmp / "root" / SAMPLE_BASE.strip("/")
    result = gloss(
        "build", "--content", ROOT / "content", "--base-url", f"http://127.0.0.1:{port}{SAMPLE_BASE}", "--out", site
    )
    assert result.code == 0, result.err
    with nginx(tmp / "root", SAMPLE_BASE, port, tmp / "nginx") as origin:
        yield Host(origin, site)


def expected_types(url: str) -> set[str] | None:
    path = urlsplit(url).path
    for ending, types in TYPES.items():
        if path.endswith(ending) and (ending != ".xml" or not path.endswith("feed.xml")):
            return types
    return None  # Pagefind's binary chunks: any type will do


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [value for name, value in attrs if name in ("href", "src") and value]


def references(url: str, kind: str, body: bytes) -> list[str]:
    """The URLs a response names: links and sources in HTML, url() in CSS, links in feeds and
    sitemaps, the sitemap in robots.txt, Pagefind's per-language files in its entry JSON."""
    text = body.decode("utf-8", "replace")
    if kind == "text/html":
        parser = _Refs()
        parser.feed(text)
        found = parser.refs
    elif kind == "text/css":
        found = re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
    elif kind.endswith("xml"):
        unescaped = html.unescape(text)  # a feed's content is escaped HTML
        found = re.findall(r"(?:href|src)=\"([^\"]+)\"", unescaped) + re.findall(r"<loc>([^<]+)</loc>", text)
    elif url.endswith("robots.txt"):
        found = re.findall(r"(?m)^Sitemap:\s*(\S+)", text)
    elif url.endswith("pagefind/shards.json"):  # each shard's Pagefind script and manifest
        found = [
            f"{s['bundle']}{name}"
            for s in json.loads(text)
            for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
        ]
    elif url.endswith("pagefind-entry.json"):
        languages = json.loads(text)["languages"].values()
        found = [f"pagefind.{lang['hash']}.pf_meta" for lang in languages]
        found += sorted({f"wasm.{lang['wasm'] or 'unknown'}.pagefind" for lang in languages})
    else:
        found = []
    # IRIs (raw CJK, legal in HTML and Atom) are percent-encoded as browsers and feed readers do
    return [quote(urljoin(url, ref).split("#")[0], safe=IRI_SAFE) for ref in found]


@dataclass
class Fetched:
    status: int
    kind: str
    charset: str | None


@dataclass
class Crawl:
    responses: dict[str, Fetched] = field(default_factory=dict)

    def fetch(self, url: str) -> tuple[Fetched, bytes]:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body, headers, status = response.read(), response.headers, response.status
        except urllib.error.HTTPError as exc:
            body, headers, status = exc.read(), exc.headers, exc.code
        got = Fetched(status, headers.get_content_type(), headers.get_content_charset())
        self.responses[url] = got
        return got, body

    def run(self, start: str, seeds: list[str]) -> None:
        queue, seen = [start, *seeds], {start, *seeds}
        while queue:
            url = queue.pop(0)
            got, body = self.fetch(url)
            if got.status != 200:
                continue
            for ref in references(url, got.kind, body):
                if ref.startswith(start) and ref not in seen:
                    seen.add(ref)
                    queue.append(ref)


def test_nginx_serves_every_link_of_the_site_under_its_sub_path(host: Host) -> None:
    crawl = Crawl()
    crawl.run(host.start, [host.start + "robots.txt", *(host.start + seed for seed in SEARCH_SEEDS)])
    missing = [f"{url} -> {r.status}" for url, r in crawl.responses.items() if r.status != 200]
    assert not missing, missing
    wrong = [
        f"{url}: {r.kind}"
        for url, r in crawl.responses.items()
        if (types := expected_types(url)) is not None and r.kind not in types
    ]
    assert not wrong, wrong
    no_charset = [
        url
        for url, r in crawl.responses.items()
        if (r.kind.startswith("text/") or r.kind.endswith(("xml", "json", "javascript"))) and r.charset != "utf-8"
    ]
    assert not no_charset, no_charset

    paths = {unquote(urlsplit(url).path)[len(SAMPLE_BASE) :] for url in crawl.responses}
    paths = {p + "index.html" if p == "" or p.endswith("/") else p for p in paths}
    built = {p.relative_to(host.site).as_posix() for p in host.site.rglob("*") if p.is_file()}
    must_reach = {
        p
        for p in built
        if p.endswith((".html", "feed.xml", "sitemap.xml", "robots.txt", ".jsonld"))
        or p.startswith("assets/")
        or p.endswith((".pf_meta", ".svg"))
    } - {"404.html"}
    assert must_reach - paths == set(), "built files that no link leads to"

    pages = sum(r.kind == "text/html" for r in crawl.responses.values())
    kinds: dict[str, int] = {}
    for r in crawl.responses.values():
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    _record(
        {
            "crawl": {
                "requests": len(crawl.responses),
                "pages": pages,
                "assets": len(crawl.responses) - pages,
                "not_200": len(missing),
                "content_types": kinds,
            }
        }
    )
    assert pages >= 25


def test_a_missing_page_gets_the_sites_404_from_nginx(host: Host) -> None:
    got, body = Crawl().fetch(host.start + "no/such/page/")
    assert got.status == 404 and got.kind == "text/html"
    assert f'href="{SAMPLE_BASE}archive/"'.encode() in body


def test_search_through_nginx_finds_each_language(host: Host, chromium: Any) -> None:
    """The files only a query loads (index chunks, fragments, filters, wasm) come through nginx too."""
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    responses: list[tuple[str, int]] = []
    page.on("response", lambda r: responses.append((r.url, r.status)))
    page.goto(host.start + "search/")
    for word, slug in (
        ("脆弱性", "frontier-release-withheld"),
        ("算力", "inference-cost-curve"),
        ("harness", "building-agent-eval-harness"),
    ):
        page.fill(".pagefind-ui__search-input", word)
        page.locator(f".pagefind-ui__result-link[href*='{slug}']").first.wait_for(timeout=15000)
    context.close()
    failed = [(url, status) for url, status in responses if status >= 400]
    assert not failed, failed
    loaded = {urlsplit(url).path.rsplit(".", 1)[-1] for url, _ in responses if "/pagefind/" in url}
    assert {"pf_meta", "pf_index", "pf_fragment", "pagefind"} <= loaded, loaded
    _record({"search": {"requests": len(responses), "pagefind_files": sum("/pagefind/" in u for u, _ in responses)}})


def _record(figures: dict[str, object]) -> None:
    """Add figures to tests/artifacts/host-crawl.json (for people; git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "host-crawl.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**current, **figures}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
