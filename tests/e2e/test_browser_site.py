"""The sample site as readers meet it, in real headless Chromium: contents and
key points take the reader to their place (Japanese ids too), fold-outs open
(without JavaScript), search finds words of each language and opens the
article, no page logs an error, a phone never scrolls sideways. Screenshots of
an article go to tests/artifacts/ for people to look at.

(The preview server's reload and error overlay are tests/e2e/test_live_browser.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from browser import ARTIFACTS, DESKTOP, PHONE, in_viewport_top
from conftest import SAMPLE_BASE

JAPANESE = "frontier-release-withheld/"  # Japanese ids, key points into the original, a fold-out original
ENGLISH = "open-weight-leaderboard-q1/"  # English, key points to tables
QUOTING = "building-agent-eval-harness/"  # key points that quote their passages (#gloss-kp-N)


@pytest.fixture
def page(chromium: Any, sample_origin: str) -> Iterator[Any]:
    """A desktop page that scrolls instantly (no smooth scrolling to wait for)."""
    context = chromium.new_context(viewport=DESKTOP, reduced_motion="reduce", base_url=sample_origin + SAMPLE_BASE)
    yield context.new_page()
    context.close()


def _site_pages(sample: Path) -> list[str]:
    """Every page of the built site, as a path under the base path."""
    pages = []
    for html in sorted(sample.rglob("*.html")):
        rel = html.relative_to(sample).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def _target_id(page: Any) -> str:
    return unquote(urlsplit(page.url).fragment)


def _follow(page: Any, link: Any) -> None:
    """Click an in-page link; the URL's fragment must be its href, and its target near the top of the view."""
    href = link.get_attribute("href")
    link.click()
    page.wait_for_function("(h) => decodeURIComponent(location.hash) === h", arg=unquote(href))
    ident = _target_id(page)
    assert page.evaluate("(id) => document.getElementById(id)?.matches(':target')", ident), href
    assert in_viewport_top(page, f"document.getElementById({ident!r})"), f"{href} did not scroll into view"


@pytest.mark.parametrize("path", [JAPANESE, ENGLISH])
def test_contents_links_scroll_to_their_headings(page: Any, path: str) -> None:
    page.goto(path)
    links = page.locator("article > nav.toc a")
    assert links.count() >= 4
    for i in range(links.count()):
        _follow(page, links.nth(i))
        assert page.evaluate("(id) => /^H[1-6]$/.test(document.getElementById(id).tagName)", _target_id(page))
    if path == JAPANESE:
        assert any(ord(c) > 0x3000 for c in _target_id(page)), "the Japanese article's ids are Japanese"
        page.click("details.original > summary")
        original = page.locator("details.original nav.toc a")
        assert original.count() >= 4
        for i in range(original.count()):
            _follow(page, original.nth(i))
            assert _target_id(page).startswith("original-")


@pytest.mark.parametrize("path", [JAPANESE, QUOTING])
def test_key_points_jump_to_their_passages(page: Any, path: str) -> None:
    page.goto(path)
    points = page.locator("section.key-points a.key-point-title")
    assert points.count() >= 3
    passages = 0
    for i in range(points.count()):
        page.evaluate("scrollTo(0, 0)")
        _follow(page, points.nth(i))
        if _target_id(page).startswith("gloss-kp-"):
            passages += 1
            assert page.evaluate("(id) => document.getElementById(id).classList.contains('passage')", _target_id(page))
            quoted = points.nth(i).locator("xpath=..").locator(".key-point-quote").inner_text()
            assert page.locator(f"#{_target_id(page)}").inner_text() in quoted
    assert passages >= 1
    if path == JAPANESE:  # the point that names the original's section opened the original to get there
        assert page.evaluate("document.querySelector('details.original').open")


def test_fold_outs_open_without_javascript(chromium: Any, sample_origin: str) -> None:
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_origin + SAMPLE_BASE + JAPANESE)
    for fold, inside in (
        ("details.impact", ".analysis"),
        ("details.impact", ".editorial"),
        ("details.original", ".original-body"),
    ):
        assert not page.is_visible(f"{fold} {inside}")
    page.click("details.impact > summary")
    assert page.is_visible("details.impact .analysis") and page.is_visible("details.impact .editorial")
    page.click("details.original > summary")
    assert page.is_visible("details.original .original-body")
    assert page.locator("details.original").get_attribute("lang") == "en"
    page.click("details.impact > summary")
    assert not page.is_visible("details.impact .analysis")
    context.close()


@pytest.mark.parametrize(
    ("word", "slug"),
    [
        ("脆弱性", "frontier-release-withheld"),
        ("算力", "inference-cost-curve"),
        ("harness", "building-agent-eval-harness"),
    ],
)
def test_search_finds_a_word_and_opens_the_article(page: Any, word: str, slug: str) -> None:
    page.goto("search/")
    page.fill(".pagefind-ui__search-input", word)
    result = page.locator(f".pagefind-ui__result-link[href='{SAMPLE_BASE}{quote(slug)}/']")
    result.first.wait_for(timeout=15000)
    title = result.first.inner_text()
    result.first.click()
    page.wait_for_url(f"**{SAMPLE_BASE}{slug}/")
    assert page.inner_text("article.digest-article h1") == title


def test_no_page_logs_an_error_or_fails_a_request(chromium: Any, sample: Path, sample_origin: str) -> None:
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    # (a request cut short by the next navigation is not the site's fault; any other failure is)
    page.on(
        "requestfailed",
        lambda r: problems.append(f"failed: {r.url} {r.failure}") if r.failure != "net::ERR_ABORTED" else None,
    )
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    pages = [p for p in _site_pages(sample) if p != "404.html"]
    for path in pages:  # the search page keeps loading after "load": wait for Pagefind's files too
        page.goto(sample_origin + SAMPLE_BASE + path, wait_until="networkidle" if path == "search/" else "load")
        assert not problems, (path, problems)
    assert len(pages) >= 25
    context.close()


def test_a_phone_never_scrolls_sideways(chromium: Any, sample: Path, sample_origin: str) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    wide = []
    for path in _site_pages(sample):
        page.goto(sample_origin + SAMPLE_BASE + path)
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            wide.append(f"{path}: {width[0]}px wide in {width[1]}px")
    assert not wide, wide
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_an_article(chromium: Any, sample_origin: str, scheme: str) -> None:
    """Artifacts for people: tests/artifacts/article-{desktop,phone}-{light,dark}.png (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    backgrounds = set()
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = chromium.new_context(viewport=viewport, color_scheme=scheme, is_mobile=name == "phone")
        page = context.new_page()
        page.goto(sample_origin + SAMPLE_BASE + JAPANESE)
        page.click("details.impact > summary")
        shot = ARTIFACTS / f"article-{name}-{scheme}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        backgrounds.add(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        context.close()
    dark = {"rgb(18, 19, 22)"}  # style.css: --bg in dark mode
    assert (backgrounds == dark) == (scheme == "dark"), backgrounds
