"""The preview's search page before the first build with the index (a new site, only
ever served): it says, in the page's language, that the index is not built yet and
that ``gloss build`` makes it, instead of failing in its script (found by a
Chinese-first editor: a heading, nothing else, and "Unexpected token '<'" in the
console as the 404 page was read as ``shards.json``)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from browser import launch
from conftest import gloss
from memory import write_site

from gloss.preview.serve import LiveState, PreviewServer
from gloss.preview.watch import Rebuilder
from gloss.site.pipeline import Options

SAID = {
    "en": "The search index is not built yet: run “gloss build” to make it.",
    "ja": "検索インデックスはまだ作られていません。「gloss build」を実行すると作られます。",
    "zh": "搜索索引尚未生成：运行“gloss build”即可生成。",
}


@pytest.mark.parametrize("language", ["zh", "ja", "en"])
def test_the_search_page_says_the_index_is_not_built_yet(tmp_path: Path, language: str) -> None:
    from playwright.sync_api import sync_playwright

    content = write_site(tmp_path, {"a1": "date: 2026-12-01\nsummary: s.\n"}, f"language: {language}\n")
    (content / "site.yaml").write_text(
        (content / "site.yaml").read_text().replace("language: en\n", "", 1), encoding="utf-8"
    )
    out = tmp_path / "site"
    assert (
        Rebuilder(Options(content, tmp_path / "templates", search=False), out).build().ok
    )  # as `serve` does: no index
    assert not (out / "pagefind").exists()
    server = PreviewServer(("127.0.0.1", 0), out, LiveState("/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
            page.wait_for_selector(".search-unavailable", state="visible", timeout=15000)
            assert page.inner_text(".search-unavailable") == SAID[language]
            assert page.evaluate("document.documentElement.lang") == language
            assert errors == []
            assert gloss("build", "--content", content, "--out", out).code == 0  # the index made: search works
            page.reload()
            page.wait_for_selector("#search input", timeout=15000)
            assert page.is_hidden(".search-unavailable") and errors == []
            browser.close()
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
