"""The search index in shards, with real Pagefind and real Chromium: a site whose
articles fall in three years has three shards, and the search page finds a
Japanese, a Chinese and an English word across them; a changed page re-indexes
its shard only (and reads only that shard's pages); a damaged cache entry is
indexed again, never used; the same pages give the same bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from browser import DESKTOP
from conftest import ROOT, SAMPLE_BASE, edit, gloss
from sitehost import serve_site

from gloss.core import cache as disk
from gloss.formats.search import BUNDLE, LISTING, MARKER, IndexedPage, Report, day_of, search_index, shards

# each article moved to a year of its own, so each word is in another shard
MOVED = {
    "frontier-release-withheld": ("date: 2026-04-08", "date: 2024-04-08"),  # Japanese
    "inference-cost-curve": ("date: 2026-04-07", "date: 2025-04-07"),
}  # Chinese
WORDS = [
    ("脆弱性", "frontier-release-withheld", "2024"),
    ("算力", "inference-cost-curve", "2025"),
    ("harness", "building-agent-eval-harness", "2026"),
]


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with two articles moved to 2024 and 2025, built by the command line."""
    content = tmp_path_factory.mktemp("years") / "content"
    shutil.copytree(ROOT / "content", content)
    for slug, (old, new) in MOVED.items():
        edit(content / "2026" / "04" / slug / "notes.yaml", old, new)
    out = content.parent / "site"
    result = gloss("build", "--content", content, "--out", out, "--no-cache", timeout=120)
    assert result.code == 0, result.err
    return out


def _pages(site: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(BUNDLE + "/") and MARKER in path.read_bytes():
            found[rel] = path.read_bytes()
    return found


def _indexed(data: dict[str, bytes]) -> list[IndexedPage]:
    return [IndexedPage(path, day_of(page), hashlib.blake2b(page).hexdigest()) for path, page in data.items()]


def test_the_site_has_a_shard_per_year_and_the_page_lists_them(years: Path) -> None:
    listing = json.loads((years / LISTING).read_bytes())
    assert [s["bundle"] for s in listing] == ["shards/2024/", "shards/2025/", "shards/2026/"]
    assert listing[0]["languages"] == {"ja": 1} and listing[1]["languages"] == {"zh": 1}
    for shard in listing:
        entry = json.loads((years / BUNDLE / shard["bundle"] / "pagefind-entry.json").read_bytes())
        assert {k: v["page_count"] for k, v in entry["languages"].items()} == shard["languages"]
    assert (years / BUNDLE / "pagefind-ui.js").is_file() and (years / BUNDLE / "pagefind-ui.css").is_file()
    assert not (years / BUNDLE / "shards" / "2024" / "pagefind-ui.js").exists()  # written once, not per shard


@pytest.fixture(scope="module")
def years_origin(years: Path) -> Iterator[str]:
    with serve_site(years, SAMPLE_BASE) as origin:
        yield origin


@pytest.mark.parametrize(("word", "slug", "year"), WORDS)
def test_search_finds_each_language_across_the_shards(
    chromium: Any, years_origin: str, word: str, slug: str, year: str
) -> None:
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    shard_requests: set[str] = set()
    page.on(
        "request",
        lambda r: (
            shard_requests.add(r.url.split("/shards/")[1].split("/")[0]) if "/pagefind/shards/" in r.url else None
        ),
    )
    page.goto(years_origin + SAMPLE_BASE + "search/")
    page.fill(".pagefind-ui__search-input", word)
    result = page.locator(f".pagefind-ui__result-link[href='{SAMPLE_BASE}{quote(slug)}/']")
    result.first.wait_for(timeout=15000)
    assert {"2024", "2025", "2026"} <= shard_requests  # every shard is searched
    page.goto(years_origin + SAMPLE_BASE + "search/?q=" + quote(word))  # ?q= searches at once
    result.first.wait_for(timeout=15000)
    assert not problems, problems
    context.close()


def test_a_changed_page_re_indexes_only_its_shard(years: Path, tmp_path: Path) -> None:
    data = _pages(years)
    pages = _indexed(data)
    store = disk.Store(tmp_path / "search")
    read: list[str] = []

    def reader(path: str) -> bytes:
        read.append(path)
        return data[path]

    first = search_index(pages, reader, store)
    assert first[1] == [] and sorted(read) == sorted(data)
    changed = f"{quote('building-agent-eval-harness')}/index.html"
    data[changed] = data[changed].replace(b"<p>", b"<p>Added words about zeppelins. ", 1)
    read.clear()
    report = Report()
    second, problems = search_index(_indexed(data), reader, store, report=report)
    assert not problems
    assert report.indexed == ["2026"] and report.reused == ["2024", "2025"]
    assert set(read) == {p.path for p in pages if p.date.startswith("2026")}
    assert {o.path: o.data for o in second if "/2024/" in o.path} == {
        o.path: o.data for o in first[0] if "/2024/" in o.path
    }
    assert [o.path for o in second if "/2026/" in o.path] != [o.path for o in first[0] if "/2026/" in o.path]
    # nothing changed: nothing read, nothing indexed, the same files
    read.clear()
    report = Report()
    assert search_index(_indexed(data), reader, store, report=report)[0] == second
    assert read == [] and report.indexed == []


def test_a_damaged_shard_entry_is_indexed_again_not_used(years: Path, tmp_path: Path) -> None:
    data = _pages(years)
    pages = _indexed(data)
    store = disk.Store(tmp_path / "search")
    first, problems = search_index(pages, data.__getitem__, store)
    assert not problems
    march = next(s for s in shards(pages) if s.name == "2025")
    entry = store.root / march.cache_key()[:2] / march.cache_key()
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0xFF
    entry.write_bytes(bytes(blob))
    report = Report()
    again, problems = search_index(pages, data.__getitem__, store, report=report)
    assert not problems and report.indexed == ["2025"]
    assert _stable(again) == _stable(first)


def _stable(outputs: list[Any]) -> dict[str, bytes]:
    """The files Pagefind 1.5 writes the same from the same pages: all but its filter
    chunks, which list a filter's values in hash order (a new order each run), and the
    files naming them by their hash (the language's pf_meta, pagefind-entry.json)."""
    return {
        o.path: o.data
        for o in outputs
        if "/filter/" not in o.path and not o.path.endswith((".pf_meta", "pagefind-entry.json"))
    }


def test_the_same_pages_give_the_same_index_and_stale_entries_go(years: Path, tmp_path: Path) -> None:
    data = _pages(years)
    pages = _indexed(data)
    one, _ = search_index(pages, data.__getitem__, None)
    two, _ = search_index(list(reversed(pages)), data.__getitem__, None)
    assert [o.path for o in one if "/index/" in o.path] == [o.path for o in two if "/index/" in o.path]
    assert _stable(one) == _stable(two) and any("/fragment/" in path for path in _stable(one))
    store = disk.Store(tmp_path / "search")
    search_index(pages, data.__getitem__, store)
    moved = [replace(p, date="2023-12-31") if p.date.startswith("2024") else p for p in pages]
    outputs, _ = search_index(moved, data.__getitem__, store)
    assert len([p for p in (tmp_path / "search").rglob("*") if p.is_file()]) == 3  # 2024's entry is gone
    assert json.loads(next(o.data for o in outputs if o.path == LISTING) or b"")[0]["bundle"] == "shards/2023/"


def test_a_year_past_the_budget_is_split_and_undated_pages_have_their_own_shard() -> None:
    from gloss.formats import search

    pages = [IndexedPage(f"p{i:05d}/index.html", "2026-04-01", str(i)) for i in range(search.BUDGET + 5)]
    pages += [IndexedPage("about/index.html", "", "x"), IndexedPage("odd/index.html", "2026-4-1", "y")]
    found = shards(pages)
    assert [(s.name, len(s.pages)) for s in found] == [("2026", search.BUDGET), ("2026.2", 5), ("undated", 2)]
    assert [s.name for s in shards(pages[-3:], "month")] == ["2026-04", "undated"]


def test_a_page_that_cannot_be_read_is_reported_not_raised(tmp_path: Path) -> None:
    def missing(path: str) -> bytes:
        raise FileNotFoundError(2, "No such file or directory", path)

    outputs, problems = search_index([IndexedPage("gone/index.html", "2026-04-01", "k")], missing, None)
    assert outputs == [] and [p.format() for p in problems] == [
        "gone/index.html:1:1: cannot read the page to index it: No such file or directory"
    ]


def test_two_builds_of_the_same_pages_give_the_same_search_files(tmp_path: Path) -> None:
    """Pagefind lists a language's filter values and filters in hash-map order, different
    in every run; gloss puts them in order, so two clean builds are byte for byte the same
    (the sample site: three languages, each with several tags)."""
    built = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert gloss("build", "--out", out, "--no-cache", timeout=180).code == 0
        built.append(
            {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / BUNDLE).rglob("*")) if p.is_file()}
        )
    assert built[0] == built[1]
    filters = [p for p in built[0] if p.endswith(".pf_filter")]
    assert len(filters) >= 4, filters  # (the case this is about: several filters per language)


def test_the_filters_read_back_in_chromium(chromium: Any, years: Path, years_origin: str) -> None:
    """The filter files as gloss re-writes them are read by Pagefind in the browser: every
    tag of every shard is offered, and filtering by it finds as many pages as it says."""
    from bs4 import BeautifulSoup

    tags: dict[str, int] = {}
    for data in _pages(years).values():
        for element in BeautifulSoup(data, "html.parser").select("[data-pagefind-filter^='タグ']"):
            tags[element.get_text(strip=True)] = tags.get(element.get_text(strip=True), 0) + 1
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(years_origin + SAMPLE_BASE + "search/")
    page.locator(".pagefind-ui__search-input").wait_for()
    page.fill(".pagefind-ui__search-input", "harness")  # (every index merged in)
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
    found = page.evaluate(
        """async (base) => {
        /* the page's own Pagefind, every (shard, language) merged in as the page does it */
        const lang = document.documentElement.lang.toLowerCase();
        const shards = await (await fetch(`${base}pagefind/shards.json`)).json();
        const primary = shards.find((s) => [lang, lang.split("-")[0]].some((l) => l in s.languages)) ?? shards[0];
        const pagefind = await import(`${base}pagefind/${primary.bundle}pagefind.js`);
        const filters = (await pagefind.filters())["タグ"] || {};
        for (const [tag, count] of Object.entries(filters)) {
          const hits = await pagefind.search(null, { filters: { "タグ": tag } });
          if (hits.results.length !== count) return { error: `${tag}: ${hits.results.length} != ${count}` };
        }
        return filters;
    }""",
        SAMPLE_BASE,
    )
    context.close()
    assert found == tags
