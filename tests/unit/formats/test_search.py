"""The search index in shards, with real Pagefind and real Chromium: a site whose
articles are in three languages has three shards, and the search page finds a
Japanese, a Chinese and an English word across them; a changed page re-indexes
its shard only (and reads only that shard's pages); a damaged cache entry is
indexed again, never used; the same pages give the same bytes."""

from __future__ import annotations

import gzip
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
from gloss.formats.search import (
    BUNDLE,
    LISTING,
    MARKER,
    IndexedPage,
    Report,
    day_of,
    lang_of,
    search_index,
    shards,
)

# two articles moved to years of their own (a shard is named after its first page's day)
MOVED = {
    "frontier-release-withheld": ("date: 2026-04-08", "date: 2024-04-08"),  # Japanese
    "inference-cost-curve": ("date: 2026-04-07", "date: 2025-04-07"),
}  # Chinese
WORDS = [  # each word in another language, so in another shard
    ("脆弱性", "frontier-release-withheld"),
    ("算力", "inference-cost-curve"),
    ("harness", "building-agent-eval-harness"),
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
    return [
        IndexedPage(path, day_of(page), hashlib.blake2b(page).hexdigest(), lang_of(page)) for path, page in data.items()
    ]


def _named(pages: list[IndexedPage], lang: str) -> str:
    return next(s.name for s in shards(pages) if s.name.startswith(lang + "-"))


def test_the_site_has_a_shard_per_language_and_the_page_lists_them(years: Path) -> None:
    listing = json.loads((years / LISTING).read_bytes())
    assert [s["bundle"].rsplit("-", 1)[0] for s in listing] == [
        "shards/en-2026-04-07",
        "shards/ja-2024-04-08",
        "shards/zh-2025-04-07",
    ]
    assert [s["languages"] for s in listing] == [{"en": 2}, {"ja": 3}, {"zh": 2}]  # (one en article is a draft)
    for shard in listing:
        entry = json.loads((years / BUNDLE / shard["bundle"] / "pagefind-entry.json").read_bytes())
        assert {k: v["page_count"] for k, v in entry["languages"].items()} == shard["languages"]
    assert (years / BUNDLE / "pagefind-ui.js").is_file() and (years / BUNDLE / "pagefind-ui.css").is_file()
    assert not (years / BUNDLE / listing[0]["bundle"] / "pagefind-ui.js").exists()  # written once, not per shard


@pytest.fixture(scope="module")
def years_origin(years: Path) -> Iterator[str]:
    with serve_site(years, SAMPLE_BASE) as origin:
        yield origin


@pytest.mark.parametrize(("word", "slug"), WORDS)
def test_search_finds_each_language_across_the_shards(chromium: Any, years_origin: str, word: str, slug: str) -> None:
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    shard_requests: set[str] = set()
    page.on(
        "request",
        lambda r: (
            shard_requests.add(r.url.split("/shards/")[1].split("-")[0]) if "/pagefind/shards/" in r.url else None
        ),
    )
    page.goto(years_origin + SAMPLE_BASE + "search/")
    page.fill(".pagefind-ui__search-input", word)
    result = page.locator(f".pagefind-ui__result-link[href='{SAMPLE_BASE}{quote(slug)}/']")
    result.first.wait_for(timeout=15000)
    assert {"en", "ja", "zh"} <= shard_requests  # every shard is searched
    page.goto(years_origin + SAMPLE_BASE + "search/?q=" + quote(word))  # ?q= searches at once
    result.first.wait_for(timeout=15000)
    assert not problems, problems
    context.close()


def test_a_changed_page_goes_to_the_overlay_and_its_old_copy_is_hidden(years: Path, tmp_path: Path) -> None:
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
    assert not problems and read == [changed]  # the layout's shards are not indexed again
    laid = [s.name for s in shards(pages)]
    assert report.indexed == ["overlay"] and report.reused == laid
    assert {o.path: o.data for o in second if "/overlay/" not in o.path and o.path != LISTING} == {
        o.path: o.data for o in first[0] if o.path != LISTING
    }
    listed = json.loads(next(o.data for o in second if o.path == LISTING))
    en = next(s for s in listed if s["bundle"] == f"shards/{_named(pages, 'en')}/")
    assert list(en["hidden"].values()) == [["/building-agent-eval-harness/"]]
    assert listed[-1]["bundle"] == "shards/overlay/" and listed[-1]["languages"] == {"en": 1}
    assert all("hidden" not in s for s in listed if s is not en)
    # the hidden id is the old copy's: its fragment in the en shard names the page
    fragment = next(o.data for o in first[0] if o.path.endswith(f"/fragment/{next(iter(en['hidden']))}.pf_fragment"))
    assert b"/building-agent-eval-harness/" in gzip.decompress(fragment)
    # nothing changed: nothing read, nothing indexed, the same files
    read.clear()
    report = Report()
    assert search_index(_indexed(data), reader, store, report=report)[0] == second
    assert read == [] and report.indexed == []


def test_an_overlay_past_its_budget_makes_a_new_layout(years: Path, tmp_path: Path) -> None:
    data = _pages(years)
    pages = _indexed(data)
    store = disk.Store(tmp_path / "search")
    assert search_index(pages, data.__getitem__, store, budget=4)[1] == []  # overlays of up to 2 pages
    one = sorted(data)[0]
    data[one] = data[one].replace(b"<p>", b"<p>Zeppelins. ", 1)
    report = Report()
    search_index(_indexed(data), data.__getitem__, store, report=report, budget=4)
    assert report.indexed == ["overlay"]  # the page and its old copy: 2
    two = next(p for p in sorted(data) if p != one)
    data[two] = data[two].replace(b"<p>", b"<p>Airships. ", 1)
    report = Report()
    outputs, problems = search_index(_indexed(data), data.__getitem__, store, report=report, budget=4)
    assert not problems and "overlay" not in report.indexed
    assert 1 <= len(report.indexed) <= 2 and not any("/overlay/" in o.path for o in outputs)
    listed = json.loads(next(o.data for o in outputs if o.path == LISTING))
    assert all("hidden" not in s for s in listed) and sum(sum(s["languages"].values()) for s in listed) == len(data)


def test_a_damaged_shard_entry_is_indexed_again_not_used(years: Path, tmp_path: Path) -> None:
    data = _pages(years)
    pages = _indexed(data)
    store = disk.Store(tmp_path / "search")
    first, problems = search_index(pages, data.__getitem__, store)
    assert not problems
    march = next(s for s in shards(pages) if s.name.startswith("zh-"))
    entry = store.root / march.cache_key()[:2] / march.cache_key()
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0xFF
    entry.write_bytes(bytes(blob))
    report = Report()
    again, problems = search_index(pages, data.__getitem__, store, report=report)
    assert not problems and report.indexed == [march.name]
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
    search_index(pages, data.__getitem__, store, budget=2)
    moved = [replace(p, date="2023-12-31") if p.date.startswith("2024") else p for p in pages]
    outputs, _ = search_index(moved, data.__getitem__, store, budget=2)  # past the overlay's budget: a new layout
    entries = [p for p in (tmp_path / "search").rglob("*") if p.is_file()]
    assert len(entries) == len(shards(moved, 2)) + 1  # and the layout; the old ja entry is gone
    listed = json.loads(next(o.data for o in outputs if o.path == LISTING) or b"")
    assert any(s["bundle"].startswith("shards/ja-2023-12-31-") for s in listed)


def test_shards_hold_one_language_and_an_edit_moves_no_cut_but_its_own() -> None:
    langs = ("en", "en", "ja", "zh")
    pages = [IndexedPage(f"p{i:05d}/index.html", f"202{i // 1000}-04-01", str(i), langs[i % 4]) for i in range(4000)]
    pages += [IndexedPage("about/index.html", "", "x", "en"), IndexedPage("odd/index.html", "2026-4-1", "y", "ja")]
    found = shards(pages, budget=100)
    assert all(len({p.lang for p in s.pages}) == 1 for s in found)
    assert sorted(p.path for s in found for p in s.pages) == sorted(p.path for p in pages)
    assert found[0].name.startswith("en-undated-") and found[0].pages[0].path == "about/index.html"
    for lang in ("en", "ja", "zh"):
        sizes = [len(s.pages) for s in found if s.name.startswith(lang + "-")]
        assert all(50 <= n <= 200 for n in sizes[:-1]) and 60 <= sum(sizes) / len(sizes) <= 160
    before = {s.pages for s in found}

    def changed(after: list[IndexedPage]) -> int:
        return len({s.pages for s in shards(after, budget=100)} - before)

    assert changed([p for p in pages if p.path != "p01234/index.html"]) <= 2  # deleted
    assert changed([*pages, IndexedPage("new/index.html", "2021-04-01", "z", "ja")]) <= 2  # added in the past
    assert changed([*pages, IndexedPage("today/index.html", "2027-01-01", "z", "zh")]) == 1  # the last zh one


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


@pytest.fixture(scope="module")
def overlaid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built, then one article edited (a word taken out, one put in)
    and one deleted, and built again with the cache kept: an overlay build."""
    content = tmp_path_factory.mktemp("overlaid") / "content"
    shutil.copytree(ROOT / "content", content)
    out = content.parent / "site"
    assert gloss("build", "--content", content, "--out", out, timeout=120).code == 0
    harness = content / "2026" / "04" / "building-agent-eval-harness" / "index.md"
    edit(harness, "optimise for", "aim, zeppelins aside, for")
    shutil.rmtree(content / "2026" / "04" / "ai-oversight-bill-analysis")
    result = gloss("build", "--content", content, "--out", out, timeout=120)
    assert result.code == 0 and "search index: 1 of 4 shards indexed again" in result.err, result.err
    return out


def test_the_overlay_holds_the_edit_and_hides_the_old_copies(overlaid: Path, chromium: Any) -> None:
    listed = json.loads((overlaid / LISTING).read_bytes())
    assert listed[-1]["bundle"] == "shards/overlay/" and listed[-1]["languages"] == {"en": 1}
    assert sorted(url for s in listed for urls in s.get("hidden", {}).values() for url in urls) == [
        "/ai-oversight-bill-analysis/",
        "/building-agent-eval-harness/",
    ]
    with serve_site(overlaid, SAMPLE_BASE) as origin:
        context = chromium.new_context(viewport=DESKTOP)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)

        def found(word: str) -> list[str]:
            page.goto(origin + SAMPLE_BASE + "search/?q=" + quote(word))
            page.wait_for_function(  # the sample site is Japanese: "…を検索しています" while it searches
                """(word) => {
                  const text = document.querySelector('.pagefind-ui__message')?.textContent ?? '';
                  return text.includes(word) && !text.includes('検索しています');
                }""",
                arg=word,
                timeout=15000,
            )
            page.wait_for_load_state("networkidle")
            return page.locator("li.pagefind-ui__result").evaluate_all(  # a result each (not its headings)
                "results => results.map(li => li.querySelector('a.pagefind-ui__result-link').pathname)"
            )

        edited, deleted = SAMPLE_BASE + "building-agent-eval-harness/", SAMPLE_BASE + "ai-oversight-bill-analysis/"
        assert found("zeppelins") == [edited]  # the new copy, from the overlay
        assert edited not in found("optimise")  # the old copy's word: hidden
        assert found("harness").count(edited) == 1  # in both copies: the old one hidden
        assert deleted not in found("法案") and deleted not in found("エージェント")
        assert not problems, problems
        context.close()
    # --clean makes a new layout: the files a clean build of these pages writes, no overlay
    clean = gloss("build", "--content", overlaid.parent / "content", "--out", overlaid, "--clean", timeout=120)
    assert clean.code == 0 and "search index: 2 of 3 shards indexed again" in clean.err, clean.err  # en, ja
    relaid = json.loads((overlaid / LISTING).read_bytes())
    assert all("hidden" not in s and "overlay" not in s["bundle"] for s in relaid) and len(relaid) == 3


def test_a_layout_whose_superseded_shard_left_the_cache_is_cut_anew(years: Path, tmp_path: Path) -> None:
    """A shard holding a superseded page cannot be indexed again (its old page is gone)
    nor its hidden ids known without its entry: the pages are cut anew instead."""
    data = _pages(years)
    pages = _indexed(data)
    store = disk.Store(tmp_path / "search")
    assert search_index(pages, data.__getitem__, store)[1] == []
    en = next(s for s in shards(pages) if s.name.startswith("en-"))
    changed = en.pages[0].path
    data[changed] = data[changed].replace(b"<p>", b"<p>Zeppelins. ", 1)
    (store.root / en.cache_key()[:2] / en.cache_key()).unlink()
    report = Report()
    outputs, problems = search_index(_indexed(data), data.__getitem__, store, report=report)
    assert not problems and report.indexed == [en.name]  # the new en shard; no overlay
    listed = json.loads(next(o.data for o in outputs if o.path == LISTING))
    assert all("hidden" not in s and "overlay" not in s["bundle"] for s in listed)


def _answering_early(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    """The real Pagefind, whose first ``times`` outputs lose their entry file (as when its
    service answered before writing every file); the scratch folders of every run."""
    from gloss.formats import search

    real, runs = search._index, []

    async def answered_early(pages: str, scratch: str) -> None:
        await real(pages, scratch)
        runs.append(scratch)
        if len(runs) <= times:
            (Path(scratch) / "pagefind-entry.json").unlink()

    monkeypatch.setattr(search, "_index", answered_early)
    return runs


def _of_language(site: Path, lang: str) -> dict[str, bytes]:
    return {path: page for path, page in _pages(site).items() if lang_of(page) == lang}


def test_a_shard_pagefind_left_half_written_is_indexed_again(
    years: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's service has been seen to answer before it wrote every file (no entry
    file: the shard's pages then missing from every search, without a word). The real
    Pagefind runs; its first output loses the entry file, as then."""
    runs = _answering_early(monkeypatch, 1)
    data = _of_language(years, "ja")
    store = disk.Store(tmp_path / "cache")
    outputs, problems = search_index(_indexed(data), data.__getitem__, store)
    assert problems == [] and len(runs) == 2
    entries = [o for o in outputs if o.path.endswith("pagefind-entry.json")]
    assert len(entries) == 1 and sum(v["page_count"] for v in json.loads(entries[0].data)["languages"].values()) == 3


def test_a_shard_pagefind_never_writes_whole_is_an_error_and_not_cached(
    years: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _answering_early(monkeypatch, 3)
    data = _of_language(years, "zh")
    store = disk.Store(tmp_path / "cache")
    outputs, problems = search_index(_indexed(data), data.__getitem__, store)
    assert outputs == [] and len(problems) == 1 and len(runs) == 3
    assert "no pagefind-entry.json" in problems[0].message
    outputs, problems = search_index(_indexed(data), data.__getitem__, store)  # the next build indexes it anew
    assert problems == [] and any(o.path.endswith("pagefind-entry.json") for o in outputs)
