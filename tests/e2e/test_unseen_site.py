"""End-to-end: build the unseen2 fixture (sub-path base_url, en + zh articles on
two days) through the real command line and check the cross-linked site."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import FIXTURES, ROOT

bs4 = pytest.importorskip("bs4")
feedparser = pytest.importorskip("feedparser")
from bs4 import BeautifulSoup  # noqa: E402

FIXTURE = FIXTURES / "unseen2" / "content"
BASE = "https://example.org/reading/"
BASE_PATH = "/reading/"

A = "open-weights-licensing"  # en, 2026-06-01, links to B, related: [B]
B = "zh-open-model-survey"  # zh, 2026-06-03, no related:, no link to A
A_TITLE = "Open Weights and the Licensing Question"
B_TITLE = "开源模型生态调查"
DAY = {A: "2026-06-01", B: "2026-06-03"}
SUMMARY = {
    A: "Not every open-weights release is open in the same way",
    B: "许可证条款和部署成本与评测分数一样影响开发团队选择开源模型",
}
KEY_POINTS = {
    A: [("Licences decide reuse", "why-licences-matter"), ("Templates may help", "the-road-ahead")],
    B: [("许可证决定首选", "背景介绍"), ("差距正在缩小", "benchmark-结果")],
}
SHARED_TAG = "开源模型"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("unseen2") / "site"
    proc = subprocess.run(
        [sys.executable, "build.py", "build", "--content", str(FIXTURE), "--out", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"build exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return site


def page(out: Path, rel: str) -> tuple[BeautifulSoup, str]:
    """Parse <out>/<rel>index.html; return the soup and the page's absolute URL."""
    f = out / rel / "index.html" if rel else out / "index.html"
    assert f.is_file(), f"missing page {f.relative_to(out)}"
    return BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser"), BASE + rel


def links(node, page_url: str) -> list[tuple[str, str, str]]:
    """(decoded path, decoded fragment, text) of every <a href> under node."""
    res = []
    for a in node.find_all("a", href=True):
        u = urlsplit(urljoin(page_url, a["href"]))
        res.append((unquote(u.path), unquote(u.fragment), a.get_text(" ", strip=True)))
    return res


def art_path(slug: str) -> str:
    return f"{BASE_PATH}{slug}/"


def day_path(day: str) -> str:
    return f"{BASE_PATH}digest/{day}/"


def test_article_pages_exist(out):
    for slug in (A, B):
        assert (out / slug / "index.html").is_file(), f"no page for {slug}"


@pytest.mark.parametrize("slug,other", [(A, B), (B, A)])
def test_related_both_ways(out, slug, other):
    soup, url = page(out, f"{slug}/")
    nav = soup.select_one("nav.related")
    assert nav is not None, f"{slug}: no nav.related"
    paths = [p for p, _, _ in links(nav, url)]
    assert art_path(other) in paths, f"{slug}: nav.related does not link to {other}: {paths}"


def test_backlinks(out):
    soup, url = page(out, f"{B}/")
    nav = soup.select_one("nav.backlinks")
    assert nav is not None, "B has no nav.backlinks"
    paths = [p for p, _, _ in links(nav, url)]
    assert art_path(A) in paths, f"B's backlinks do not link to A: {paths}"
    text = nav.get_text(" ", strip=True)
    assert any(
        s in text for s in ("Chinese-language view", "licence terms shaped adoption", "survey of open models")
    ), f"B's backlinks carry no context from A's linking sentence: {text!r}"

    soup_a, url_a = page(out, f"{A}/")
    for nav_a in soup_a.select("nav.backlinks"):
        paths_a = [p for p, _, _ in links(nav_a, url_a)]
        assert art_path(B) not in paths_a, f"A shows a backlink to B though B never links to A: {paths_a}"


def test_body_link_to_b_with_fragment(out):
    soup, url = page(out, f"{A}/")
    body = soup.select_one(".body")
    assert body is not None, "A has no .body"
    targets = [(p, f) for p, f, _ in links(body, url)]
    assert (art_path(B), "benchmark-结果") in targets, f"A's body link to B#benchmark-结果 not resolved: {targets}"


def _tag_dir(out: Path) -> Path:
    tags = out / "tags"
    assert tags.is_dir(), "no tags/ folder"
    cands = [d for d in tags.iterdir() if d.is_dir() and unquote(d.name) == SHARED_TAG]
    assert cands, f"no tags/{SHARED_TAG}/ folder; have {sorted(d.name for d in tags.iterdir())}"
    return cands[0]


def test_shared_tag_page(out):
    d = _tag_dir(out)
    soup, url = page(out, f"tags/{d.name}/")
    paths = [p for p, _, _ in links(soup, url)]
    for slug in (A, B):
        assert art_path(slug) in paths, f"tag page {d.name} does not link to {slug}"


def test_tag_index_counts(out):
    soup, url = page(out, "tags/")
    counts = {}
    for a in soup.find_all("a", href=True):
        p = unquote(urlsplit(urljoin(url, a["href"])).path)
        m = re.fullmatch(re.escape(BASE_PATH) + r"tags/([^/]+)/", p)
        if not m:
            continue
        holder = a.find_parent(["li", "tr", "dd", "dt"]) or a.parent
        nums = re.findall(r"(?<!\d)\d+(?!\d)", holder.get_text(" ", strip=True))
        counts[m.group(1)] = nums
    assert SHARED_TAG in counts, f"/tags/ does not link to {SHARED_TAG}: {sorted(counts)}"
    assert "2" in counts[SHARED_TAG], f"/tags/ shows no count 2 for {SHARED_TAG}: {counts[SHARED_TAG]}"
    for single in ("licensing", "benchmarks"):
        assert single in counts, f"/tags/ does not link to {single}: {sorted(counts)}"
        assert "1" in counts[single] and "2" not in counts[single], (
            f"/tags/ count for {single} should be 1: {counts[single]}"
        )


@pytest.mark.parametrize("slug", [A, B])
def test_day_page(out, slug):
    day = DAY[slug]
    other_day = DAY[B if slug == A else A]
    soup, url = page(out, f"digest/{day}/")
    ls = links(soup, url)
    title = A_TITLE if slug == A else B_TITLE
    assert any(p == art_path(slug) and title in t for p, _, t in ls), f"day {day} has no title link to {slug}"
    other = B if slug == A else A
    assert not any(p == art_path(other) and f == "" and (A_TITLE if other == A else B_TITLE) in t for p, f, t in ls), (
        f"day {day} lists {other}, which belongs to another day"
    )
    text = soup.get_text(" ", strip=True)
    assert SUMMARY[slug] in text, f"day {day} lacks {slug}'s summary"
    for kp_title, anchor in KEY_POINTS[slug]:
        assert kp_title in text, f"day {day} lacks key point {kp_title!r}"
        assert (art_path(slug), anchor) in [(p, f) for p, f, _ in ls], (
            f"day {day}: no link to {art_path(slug)}#{anchor}"
        )
    assert day_path(other_day) in [p for p, _, _ in ls], f"day {day} does not link to day {other_day}"


@pytest.mark.parametrize("slug", [A, B])
def test_article_links_day(out, slug):
    soup, url = page(out, f"{slug}/")
    paths = [p for p, _, _ in links(soup, url)]
    assert day_path(DAY[slug]) in paths, f"{slug} does not link to its day page {day_path(DAY[slug])}"


def test_feed(out):
    f = out / "feed.xml"
    assert f.is_file(), "no feed.xml"
    feed = feedparser.parse(f.read_bytes())
    assert feed.bozo == 0, f"feed.xml is not well-formed: {feed.get('bozo_exception')!r}"
    assert len(feed.entries) == 2, f"feed has {len(feed.entries)} entries, want 2"
    want = {BASE + A + "/", BASE + B + "/"}
    got = {e.get("link", "") for e in feed.entries}
    assert got == want, f"feed entry links {got} != {want}"
    for e in feed.entries:
        bodies = [c.value for c in e.get("content", [])] or [e.get("summary", "")]
        assert any(b.strip() for b in bodies), f"entry {e.get('link')} has no content"
        refs = []
        for b in bodies:
            s = BeautifulSoup(b, "html.parser")
            refs += [t["href"] for t in s.find_all(href=True)] + [t["src"] for t in s.find_all(src=True)]
        bad = [r for r in refs if not r.startswith("http")]
        assert not bad, f"entry {e.get('link')}: relative href/src in feed content: {bad}"
        if e.get("link") == BASE + A + "/" and e.get("content"):
            assert any(unquote(r).startswith(BASE + B + "/") for r in refs), (
                f"A's feed content lacks the absolute link to B: {refs}"
            )
            assert any(r.startswith(BASE) and r.endswith("figure.png") for r in refs), (
                f"A's feed content lacks the absolute figure.png src: {refs}"
            )


def test_sitemap_robots_404(out):
    f = out / "sitemap.xml"
    assert f.is_file(), "no sitemap.xml"
    root = ET.fromstring(f.read_bytes())
    locs = {(el.text or "").strip() for el in root.iter() if el.tag.endswith("loc")}
    for slug in (A, B):
        assert BASE + slug + "/" in locs, f"sitemap lacks {BASE + slug + '/'}: {sorted(locs)}"
    assert (out / "robots.txt").is_file(), "no robots.txt"
    assert (out / "404.html").is_file(), "no 404.html"
