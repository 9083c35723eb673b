"""Search on a large site: how long indexing takes, whole and one shard again, and how
soon results appear in Chromium after a query is typed.

Takes a built site (or builds one from a corpus made by benchmarks/corpus.py with
``--no-search``), indexes its pages with ``gloss.formats.search.search_index`` in shards of each size asked
for (``--budgets``), then changes the key of a page in the largest shard and indexes again
(only its shard is), and
checks that the shard's files came out the same (but for the filter files Pagefind
does not write reproducibly). It then
serves the site as a static host would and, in Debian's chromium, types a Japanese,
a Chinese and an English word into the search page and measures from the input event
to the first result rendered (after the page has loaded; median over fresh page loads),
and once right at page load (the index's lists still loading).

    python benchmarks/corpus.py /work/bench/c10k --articles 10000
    python build.py build --content /work/bench/c10k --out /work/bench/site10k --no-search --no-cache
    python benchmarks/search_latency.py --site /work/bench/site10k --base /bench/ --budgets 400 1000
    python benchmarks/search_latency.py --site /tmp/gloss-daily/site --base /bench/ --as-built
    python benchmarks/search_latency.py --site /tmp/gloss-daily/site --base /bench/ --as-built \
        --words chips juniper harness サンドボックス 显存

The site's pagefind/ folder is replaced by the last size's. Run by hand, one
benchmark at a time (the machine is shared); compare figures from one run only.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import launch  # noqa: E402
from sitehost import serve_site  # noqa: E402

from gloss.core import cache as disk  # noqa: E402
from gloss.formats.search import (  # noqa: E402
    BUDGET,
    BUNDLE,
    MARKER,
    IndexedPage,
    Report,
    day_of,
    lang_of,
    search_index,
    shards,
)  # noqa: E402

WORDS = {
    "Japanese": ["サンドボックス", "ライセンス", "ベンチマーク"],
    "Chinese": ["显存", "沙箱", "算力"],
    "English": ["harness", "sandbox", "licence"],
}

TYPE_AND_WAIT = """async (word) => {
  const input = document.querySelector(".pagefind-ui__search-input");
  const started = performance.now();
  input.value = word;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((done) => {
    const look = () => document.querySelector(".pagefind-ui__result-link") ? done() : requestAnimationFrame(look);
    look();
  });
  return performance.now() - started;
}"""


def site_pages(site: Path) -> list[IndexedPage]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if not rel.startswith(BUNDLE + "/") and MARKER in data:
            key = hashlib.blake2b(data, digest_size=16).hexdigest()
            pages.append(IndexedPage(rel, day_of(data), key, lang_of(data)))
    return pages


def index(site: Path, pages: list[IndexedPage], budget: int) -> dict[str, Any]:
    """Index all pages in shards of about ``budget`` pages, then again with
    the key of one page of the largest shard changed (what an edit of an old article
    costs); returns the figures."""
    grouped = list(pages)

    def read(path: str) -> bytes:
        return (site / path).read_bytes()

    with tempfile.TemporaryDirectory(prefix="gloss-search-bench-") as scratch:
        store = disk.Store(Path(scratch))
        started, report = time.perf_counter(), Report()
        first, problems = search_index(grouped, read, store, report=report, budget=budget)
        full = time.perf_counter() - started
        assert not problems, problems
        largest = max(shards(grouped, budget), key=lambda s: len(s.pages))
        edited = grouped.index(largest.pages[len(largest.pages) // 2])
        grouped[edited] = replace(grouped[edited], key="changed")
        started, again = time.perf_counter(), Report()
        second, problems = search_index(grouped, read, store, report=again, budget=budget)
        one = time.perf_counter() - started
        assert not problems and len(again.indexed) == 1, (problems, again.indexed)
    same = _stable(first) == _stable(second)
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    for output in second:
        target = site / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data or b"")
    return {
        "shards": len(report.indexed),
        "full": full,
        "one": one,
        "one shard": again.indexed[0],
        "largest": max(len(s.pages) for s in shards(grouped, budget)),
        "identical": same,
    }


def _stable(outputs: list[Any]) -> dict[str, bytes | None]:
    """All but the files Pagefind 1.5 does not write reproducibly (filter chunks, and the
    files naming them by hash: pf_meta, pagefind-entry.json)."""
    return {
        o.path: o.data
        for o in outputs
        if "/filter/" not in o.path and not o.path.endswith((".pf_meta", "pagefind-entry.json"))
    }


def latency(origin: str, base: str, repeats: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    found: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context()
        page = context.new_page()
        for language, words in WORDS.items():
            times = []
            for _ in range(repeats):
                for word in words:
                    page.goto(f"{origin}{base}search/", wait_until="networkidle")
                    times.append(page.evaluate(TYPE_AND_WAIT, word))
            found[language] = times
        cold = []
        for word in WORDS["English"]:
            page.goto(f"{origin}{base}search/", wait_until="domcontentloaded")
            page.wait_for_selector(".pagefind-ui__search-input")
            cold.append(page.evaluate(TYPE_AND_WAIT, word))
        found["at load"] = cold
        browser.close()
    return found


HITS = """async (word) => {
  const pagefind = globalThis.glossSearch.pagefind;
  const found = await pagefind.search(word);
  const started = performance.now();
  await pagefind.search(word);
  return [found.results.length, performance.now() - started];
}"""


def by_word(origin: str, base: str, words: list[str], repeats: int) -> None:
    """For each word: how many pages hold it, the first result after typing it (median, max
    over fresh page loads), and Pagefind's search alone once the word's index chunks are
    loaded (its scoring of every page found, in its worker)."""
    from playwright.sync_api import sync_playwright

    print(f"{'word':<16} {'pages':>6} {'first result':>13} {'max':>5} {'search, chunks loaded':>22}  (ms)")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context().new_page()
        for word in words:
            times = []
            for _ in range(repeats):
                page.goto(f"{origin}{base}search/", wait_until="networkidle")
                times.append(page.evaluate(TYPE_AND_WAIT, word))
            hits, scoring = page.evaluate(HITS, word)
            print(
                f"{word:<16} {hits:>6} {statistics.median(times):>13.0f} {max(times):>5.0f} {scoring:>22.0f}",
                flush=True,
            )
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True, help="a site built with --no-search")
    parser.add_argument("--base", default="/", help="the site's base path (its base_url's path)")
    parser.add_argument("--budgets", nargs="+", type=int, default=[BUDGET], help="most pages in a shard")
    parser.add_argument("--repeats", type=int, default=3, help="page loads per word")
    parser.add_argument("--as-built", action="store_true", help="only the latency, on the site's own index")
    parser.add_argument("--words", nargs="+", help="with --as-built: a line per word (each must have results)")
    args = parser.parse_args()
    if args.as_built and args.words:
        with serve_site(args.site, args.base) as origin:
            by_word(origin, args.base, args.words, args.repeats)
        return
    if args.as_built:  # e.g. a site a daily deploy left, with an overlay shard (benchmarks/daily.py)
        with serve_site(args.site, args.base) as origin:
            times = latency(origin, args.base, args.repeats)
        cells = "  ".join(f"{k}: {statistics.median(t):.0f},{max(t):.0f}" for k, t in times.items())
        print(cells + " (ms: median, max)")
        return
    pages = site_pages(args.site)
    print(f"{len(pages):,} indexable pages in {args.site}")
    print(
        f"{'budget':>6} {'shards':>6} {'largest':>7} {'full index':>10} {'one shard':>9} {'same bytes':>10}  "
        + "  ".join(f"{k:>8}" for k in (*WORDS, "at load"))
        + "   (ms: median, max)"
    )
    for budget in args.budgets:
        figures = index(args.site, pages, budget)
        with serve_site(args.site, args.base) as origin:
            times = latency(origin, args.base, args.repeats)
        cells = "  ".join(f"{statistics.median(t):4.0f},{max(t):4.0f}" for t in times.values())
        print(
            f"{budget:>6} {figures['shards']:>6} {figures['largest']:>7} {figures['full']:>9.1f}s "
            f"{figures['one']:>8.1f}s {str(figures['identical']):>10}  {cells}",
            flush=True,
        )


if __name__ == "__main__":
    main()
