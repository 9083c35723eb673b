"""Katakana words are found (Pagefind/pagefind#1237), in real Chromium through a
real build and Pagefind: Pagefind indexes Japanese segmented by Lindera, which
keeps ガベージコレクション and リポジトリ whole, but segments the query with the
browser's Intl.Segmenter, which shreds them (ガ|ベ|ージ|コレクション, リ|ポジ|トリ),
and a page holding the word was not found at all. The search page runs such a
query a second time with its katakana words whole (assets/search/segment.js,
pagefind.js): the pages holding the word are found, before the pages only
holding pieces of it, from a Japanese and a Chinese search page; Chinese and
English queries find what they found before, an English one with the very
results of Pagefind's own search."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from browser import DESKTOP
from conftest import gloss
from memory import Bundle, write_site
from sitehost import serve_site

BASE = "/cjk/"
ARTICLES = {
    "gc-ja": Bundle(
        "date: 2026-12-01\nlang: ja\n",
        "# GC\n\nコンテナレジストリはオフラインのガベージコレクションに依存しています。\n",
    ),
    "repo-ja": Bundle("date: 2026-12-02\nlang: ja\n", "# リポ\n\nリポジトリの中身を毎日確かめる。\n"),
    "collection-ja": Bundle("date: 2026-12-03\nlang: ja\n", "# 文脈\n\nコレクションの文脈で文字列を議論する。\n"),
    "gc-zh": Bundle("date: 2026-12-04\nlang: zh\n", "# 回收\n\n垃圾回收是内存管理的一部分，所有程序都需要它。\n"),
    "gc-en": Bundle("date: 2026-12-05\n", "# Collector\n\nThe garbage collector of the registry runs offline.\n"),
}


@pytest.fixture(scope="module", params=["ja", "zh"])
def page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Iterator[Any]:
    """The search page of a site in this language (its primary Pagefind index)."""
    root = tmp_path_factory.mktemp(f"cjk-{request.param}")
    content = write_site(root, ARTICLES, f"language: {request.param}\n")
    site_yaml = content / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace("language: en\n", "", 1).replace("example.org/", "example.org/cjk/"),
        encoding="utf-8",
    )
    out = root / "site"
    result = gloss("build", "--content", content, "--out", out)
    assert result.code == 0, result.err
    with serve_site(out, BASE) as origin:
        context = chromium.new_context(viewport=DESKTOP, base_url=origin + BASE)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        yield tab
        assert errors == []
        context.close()


def _found(page: Any, query: str) -> list[str]:
    """The slugs of the results the search page lists for ``query``, in order."""
    page.goto("search/?q=" + quote(query))
    page.wait_for_function(
        """() => document.querySelector('.pagefind-ui__result-link')
            && !document.querySelector('.pagefind-ui__results .pagefind-ui__loading')""",
        timeout=20000,
    )
    links = page.eval_on_selector_all(
        ".pagefind-ui__result", "(rs) => rs.map((r) => r.querySelector('.pagefind-ui__result-link').href)"
    )
    return [link.rstrip("/").split("/")[-1] for link in links]


@pytest.mark.parametrize(("query", "slugs"), [("ガベージコレクション", ["gc-ja"]), ("リポジトリ", ["repo-ja"])])
def test_a_katakana_word_finds_the_pages_holding_it(page: Any, query: str, slugs: list[str]) -> None:
    assert _found(page, query)[: len(slugs)] == slugs


def test_a_katakana_word_and_the_word_it_begins(page: Any) -> None:
    """コレクション: the page holding it alone; ガベージ: the page whose word begins with it."""
    assert _found(page, "コレクション") == ["collection-ja"]
    assert _found(page, "ガベージ") == ["gc-ja"]
    assert _found(page, '"ガベージコレクション"') == ["gc-ja"]  # a phrase (in double quotes) too


def test_a_chinese_word_is_found_as_before(page: Any) -> None:
    assert _found(page, "垃圾回收") == ["gc-zh"]


@pytest.mark.parametrize("query", ["garbage collector", "registry", "garbage-collector"])
def test_an_english_query_gets_pagefinds_own_results(page: Any, query: str) -> None:
    assert _found(page, query) == ["gc-en"]
    ours, theirs = page.evaluate(
        """async (query) => {
        const wrapper = await import(new URL('../assets/search/pagefind.js', location.href).href);
        const ids = (found) => found.results.map((r) => `${r.id} ${r.score}`);
        return [ids(await wrapper.search(query)), ids(await globalThis.glossSearch.pagefind.search(query))];
    }""",
        query,
    )
    assert ours == theirs and len(ours) == 1


def test_pagefinds_own_search_misses_the_katakana_word(page: Any) -> None:
    """What the search page works around (upstream); when this fails, Pagefind was fixed."""
    found = page.evaluate(
        "async () => (await globalThis.glossSearch.pagefind.search('ガベージコレクション')).results.length"
    )
    assert found == 0
