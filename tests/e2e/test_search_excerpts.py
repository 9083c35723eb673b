"""Search excerpts hold the whole query (issue 16, item 1), in real Chromium on
the sample site's search page: Pagefind segments a Japanese or Chinese query
(脆弱性 → 脆弱 + 性, 算力 → 算 + 力) and would build the excerpt from whichever
piece scores best (力 in 注意力, 性 in 安全性). The first result's excerpt
contains the query and marks it whole, in ja, zh and en; sub-results holding
the query come first and mark it whole too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from browser import DESKTOP
from conftest import SAMPLE_BASE

QUERIES = ["脆弱性", "エクスプロイト", "算力", "提示词", "沙箱", "sandbox", "Harness"]


@pytest.fixture(scope="module")
def page(chromium: Any, sample_origin: str) -> Iterator[Any]:
    context = chromium.new_context(viewport=DESKTOP, base_url=sample_origin + SAMPLE_BASE)
    yield context.new_page()
    context.close()


def _results(page: Any, query: str) -> list[dict[str, Any]]:
    page.goto("search/?q=" + quote(query))
    # Pagefind UI draws each result first as a placeholder (". . . .", class
    # pagefind-ui__loading) and fills it once the page's fragment is loaded:
    # wait until no result is a placeholder any more.
    page.wait_for_function(
        """() => document.querySelector('.pagefind-ui__result-excerpt')
            && !document.querySelector('.pagefind-ui__results .pagefind-ui__loading')""",
        timeout=20000,
    )
    return page.eval_on_selector_all(
        ".pagefind-ui__result",
        """(rs) => rs.map((r) => ({
        excerpt: r.querySelector(':scope > .pagefind-ui__result-inner > .pagefind-ui__result-excerpt, '
                                 + ':scope .pagefind-ui__result-excerpt').textContent,
        marks: [...r.querySelector('.pagefind-ui__result-excerpt').querySelectorAll('mark')].map((m) => m.textContent),
        subs: [...r.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-excerpt')].map((e) => ({
            text: e.textContent, marks: [...e.querySelectorAll('mark')].map((m) => m.textContent)})),
    }))""",
    )


@pytest.mark.parametrize("query", QUERIES)
def test_the_first_excerpt_contains_the_whole_query(page: Any, query: str) -> None:
    results = _results(page, query)
    first = results[0]
    assert query.lower() in first["excerpt"].lower(), (query, first["excerpt"])
    assert query.lower() in [m.lower() for m in first["marks"]], (query, first["marks"])
    holding = [s for s in first["subs"] if query.lower() in s["text"].lower()]
    if holding:  # only the sub-results with the query are shown, the query marked whole
        assert first["subs"] == holding, first["subs"]
        assert all(query.lower() in [m.lower() for m in s["marks"]] for s in holding)


@pytest.mark.parametrize("query", QUERIES)
def test_no_result_lists_a_section_without_the_query_beside_one_with_it(page: Any, query: str) -> None:
    """脆弱性 in one section and only 性 (in 安全性) in another: the second is not listed."""
    for result in _results(page, query):
        holding = [s for s in result["subs"] if query.lower() in s["text"].lower()]
        assert not holding or result["subs"] == holding, (query, result["subs"])
