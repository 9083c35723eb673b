"""Reading on a phone and on a desktop (issue 16, items 7 and 8), in real
Chromium on the sample site: the way back to the contents on phones, the
section being read marked in the desktop sidebar, Japanese card titles broken
at phrases (also on the link inside the heading), tables whose first column is
not widened by unbreakable headers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import DESKTOP, PHONE, in_viewport_top
from conftest import SAMPLE_BASE

JAPANESE = "frontier-release-withheld/"
ENGLISH = "open-weight-leaderboard-q1/"


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request: pytest.FixtureRequest, chromium: Any, sample_origin: str) -> Iterator[Any]:
    context = chromium.new_context(
        viewport=request.param, reduced_motion="reduce", base_url=sample_origin + SAMPLE_BASE
    )
    yield context.new_page()
    context.close()


def test_contents_stay_reachable(page: Any) -> None:
    page.goto(JAPANESE)
    phone = page.viewport_size["width"] < 1024
    back = page.locator("a.to-contents")
    assert back.is_visible() == phone
    page.evaluate("document.querySelector('.body h2:last-of-type').scrollIntoView()")
    if phone:
        back.click()
        page.wait_for_function("location.hash === '#gloss-toc-title'")
        assert in_viewport_top(page, "document.getElementById('gloss-toc-title')")
    else:  # the sidebar marks the section being read
        heading = page.evaluate("document.querySelector('.body h2:last-of-type').id")
        page.wait_for_function(
            "(id) => { const a = document.querySelector('nav.toc a[aria-current]');"
            " return a && decodeURIComponent(a.hash.slice(1)) === id; }",
            arg=heading,
        )
        assert page.locator("nav.toc a[aria-current]").count() == 1


def test_japanese_card_titles_break_at_phrases_and_tables_fit(page: Any) -> None:
    page.goto("digest/2026-04-08/")
    breaks = page.eval_on_selector_all(
        ".article-card[lang=ja] .card-title a", "(as) => as.map((a) => getComputedStyle(a).wordBreak)"
    )
    assert breaks and set(breaks) == {"auto-phrase"}
    page.goto(ENGLISH)
    widths = page.eval_on_selector_all(
        ".body table",
        """(ts) => ts.map((t) => {
        const cell = t.querySelector('tbody tr > :first-child');
        return cell ? cell.getBoundingClientRect().width / t.parentElement.getBoundingClientRect().width : 0; })""",
    )
    assert widths and max(widths) < 0.6, widths  # the first column never takes most of the width


def test_each_listed_article_names_its_language_once_in_the_page_language(page: Any) -> None:
    """Cards and the related, same-day and backlink lists show one language label per
    article, in the page's language (日本語, not a code such as JA drawn by the style sheet)."""
    for url, items in (
        (JAPANESE, "nav.related li, nav.same-day li, nav.backlinks li"),
        ("digest/2026-04-09/", ".article-card"),
    ):
        page.goto(url)
        labels = page.eval_on_selector_all(
            items,
            """(els) => els.map((el) => [
                [...el.querySelectorAll('.lang-chip')].map((c) => c.textContent),
                [el, ...el.querySelectorAll('*')].map((e) => getComputedStyle(e, '::after').content)
                    .filter((c) => /^"[A-Z]{2}"$/.test(c))])""",
        )
        assert labels, url
        for chips, codes in labels:
            assert len(chips) == 1 and chips[0] in {"日本語", "英語", "中国語"}, (url, chips)
            assert codes == [], (url, codes)
