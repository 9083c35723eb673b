"""The search index: the indexable pages -> Pagefind's files, as ``Output``s, in shards.

Pagefind (the ``pagefind[extended]`` package from PyPI, which segments
Japanese and Chinese) only indexes what the theme marks with
``data-pagefind-body``, so page chrome stays out. The pages are split into
**shards**, one per year of their digest day (a year of more than
``BUDGET`` pages is split further; pages without a day form ``undated``),
and each shard is a Pagefind bundle of its own under
``pagefind/shards/<name>/``. A shard is indexed again only when the pages in
it changed: its files are cached under a key made of gloss's salt, the
shard's name and its pages' paths and keys. ``pagefind/shards.json`` lists
the shards and the languages each holds (Pagefind keeps one index per page
language); the search page reads it and merges every (shard, language) into
one search (see ``templates/search.html``). Pagefind's UI script and styles,
the same for every shard, are written once, to ``pagefind/``.

Pagefind's files are written to a scratch folder and read back, so that
``write`` remains the only stage that touches ``site/``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Coroutine, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic, error
from gloss.core.output import Output
from gloss.core.urls import PAGEFIND
from gloss.formats.searchfiles import canonical

BUNDLE = PAGEFIND
LISTING = f"{BUNDLE}/shards.json"  # what the search page reads: see ``listing``
SHARDS = "shards"  # pagefind/shards/<name>/
BUDGET = 1000  # most pages in one shard (a period with more is split)
PERIODS = {"year": 4, "month": 7}  # a shard's period: how much of its pages' YYYY-MM-DD names it
UNDATED = "undated"
MARKER = b"data-pagefind-body"
# Pagefind's UI files: the same in every shard, so written once to pagefind/ and left out of the shards
UI = ("pagefind-ui.js", "pagefind-ui.css")
_UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class IndexedPage:
    path: str  # the page's output path, e.g. "some-slug/index.html"
    date: str  # YYYY-MM-DD of the article (the digest day), "" for a page without one
    key: str  # a hash of everything the page renders (changes iff its HTML may change)


@dataclass(frozen=True)
class Shard:
    """A part of the index: its name (a folder under pagefind/shards/) and its pages."""

    name: str
    pages: tuple[IndexedPage, ...]

    def cache_key(self) -> str:
        parts = (f"{p.path}\0{p.key}".encode() for p in self.pages)
        return disk.key(disk.salt(), b"search shard", self.name.encode(), *parts)


@dataclass(frozen=True)
class ShardIndex:
    """What Pagefind made of one shard (as cached): its files (paths inside the shard's
    folder), the pages of each language, and Pagefind's UI files."""

    files: tuple[tuple[str, bytes], ...]
    languages: tuple[tuple[str, int], ...]
    ui: tuple[tuple[str, bytes], ...]


@dataclass
class Report:
    """What one ``search_index`` did: the shards it indexed again and those it took from the cache."""

    indexed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def available() -> bool:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return False
    return get_executable() is not None


def shards(pages: Iterable[IndexedPage], period: str = "year") -> list[Shard]:
    """The pages by year (or month) of their day (``2026``), in (date, path) order; a year
    of more than ``BUDGET`` pages split into ``2026``, ``2026.2``…; pages without a valid
    day in ``undated``. A page changes only its own year's shards (new articles, dated
    last, only the year's last one).

    Measured on 10,000 articles (benchmarks/search_latency.py): by month, 61 shards,
    re-indexing one takes 3.6 s and a query 1.8-2.4 s in Chromium; by year, 13 shards,
    9-14 s and 0.6-1.0 s (the whole index: 90-148 s; before shards, any change cost 105 s)."""
    size = PERIODS[period]

    def name(page: IndexedPage) -> str:
        return page.date[:size] if _DAY.fullmatch(page.date) else UNDATED

    ordered = sorted(pages, key=lambda p: (name(p), p.date, p.path))
    found = []
    for group_name, group in groupby(ordered, key=name):
        members = tuple(group)
        for part, start in enumerate(range(0, len(members), BUDGET), 1):
            found.append(Shard(group_name if part == 1 else f"{group_name}.{part}", members[start : start + BUDGET]))
    return found


def listing(made: Sequence[tuple[Shard, ShardIndex]]) -> bytes:
    """``pagefind/shards.json``: each shard's bundle (relative to pagefind/) and its pages
    per language, in the order Pagefind's entry file lists them."""
    entries = [
        {"bundle": f"{SHARDS}/{shard.name}/", "languages": dict(index.languages)}
        for shard, index in made
        if index.languages
    ]
    return (json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def search_index(
    pages: Sequence[IndexedPage],
    read: Callable[[str], bytes],
    store: disk.Store | None,
    complete: bool = True,
    report: Report | None = None,
    period: str = "year",
) -> tuple[list[Output], list[Diagnostic]]:
    """Pagefind's files for the indexable pages: each shard re-indexed only when the keys of its pages changed
    (reading those pages with ``read(path)``), the other shards' files taken from ``store``.

    ``complete``: ``pages`` are all the site's pages, so cached shards no longer made are deleted.
    ``report``, if given, is told which shards were indexed and which reused;
    ``period``: shards by "year" (the default) or "month" (see ``shards``)."""
    if not available():
        return [], [error("pagefind", 1, 1, "the search index needs Pagefind: pip install 'pagefind[extended]'")]
    report = report if report is not None else Report()
    planned = shards(pages, period) or [Shard(UNDATED, ())]  # no pages: still Pagefind's UI files for the search page
    made: dict[str, ShardIndex] = {}
    stale = []
    for shard in planned:
        found = store.get(shard.cache_key()) if store is not None else None
        if isinstance(found, ShardIndex):
            made[shard.name] = found
            report.reused.append(shard.name)
        else:
            stale.append(shard)
    problems: list[Diagnostic] = []
    if stale:
        indexed, problems = _index_shards(stale, read)
        for shard in stale:
            if shard.name in indexed and store is not None:
                store.put(shard.cache_key(), indexed[shard.name])
        made.update(indexed)
        report.indexed += [s.name for s in stale]
    if problems:
        return [], problems
    if store is not None and complete:
        store.prune(s.cache_key() for s in planned)
    return _outputs([(s, made[s.name]) for s in planned]), []


def _outputs(made: list[tuple[Shard, ShardIndex]]) -> list[Output]:
    found = [Output(f"{BUNDLE}/{name}", data) for name, data in made[0][1].ui]
    found.append(Output(LISTING, listing(made)))
    for shard, index in made:
        if index.languages:
            found += [Output(f"{BUNDLE}/{SHARDS}/{shard.name}/{rel}", data) for rel, data in index.files]
    return sorted(found, key=lambda o: o.path)


def _index_shards(stale: list[Shard], read: Callable[[str], bytes]) -> tuple[dict[str, ShardIndex], list[Diagnostic]]:
    """Index each shard: its pages staged in a scratch folder (read one at a time), then
    Pagefind over the folder (one request per page through its service costs ten times
    as long as reading a folder)."""
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    made: dict[str, ShardIndex] = {}
    problems: list[Diagnostic] = []
    with tempfile.TemporaryDirectory(prefix="gloss-pagefind-") as work:
        for shard in stale:
            source, scratch = Path(work) / "pages" / shard.name, Path(work) / "index" / shard.name
            unread = _stage(shard, read, source)
            try:
                found = _index_once_more(str(source), scratch)
            except Exception as exc:  # the Pagefind service failed, or wrote what it cannot read: report
                return made, [error("pagefind", 1, 1, f"building the search index of {shard.name} failed: {exc}")]
            problems += unread
            if not unread:  # a shard missing a page is neither kept nor cached
                made[shard.name] = found
    return made, problems


def _index_once_more(source: str, scratch: Path) -> ShardIndex:
    """Index the staged pages; once more if Pagefind left an entry file it cannot
    have meant (seen once, an empty one, on a machine busy writing)."""
    try:
        _run(_index(source, str(scratch)))
        return _collect(scratch)
    except ValueError:
        shutil.rmtree(scratch, ignore_errors=True)
        _run(_index(source, str(scratch)))
        return _collect(scratch)


def _stage(shard: Shard, read: Callable[[str], bytes], folder: Path) -> list[Diagnostic]:
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for page in shard.pages:
        try:
            data = read(page.path)
        except OSError as exc:
            problems.append(error(page.path, 1, 1, f"cannot read the page to index it: {exc.strerror or exc}"))
            continue
        if MARKER in data:
            path = folder / page.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return problems


def _run(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` to its end, in a thread of its own when this one already runs an
    event loop (a caller inside asyncio, or Playwright's in the tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _index(pages: str, scratch: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=scratch)
    async with PagefindIndex(config=config) as index:
        await index.add_directory(path=pages)


def _collect(scratch: Path) -> ShardIndex:
    """The shard's files as Pagefind wrote them, without the UI files the shards share,
    put in a fixed order where Pagefind's varies from run to run (``searchfiles``)."""
    files, ui = [], []
    for root, dirs, names in os.walk(scratch):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            rel, data = path.relative_to(scratch).as_posix(), path.read_bytes()
            if rel in UI:
                ui.append((rel, data))
            elif not rel.startswith(_UNUSED):
                files.append((rel, data))
    files = canonical(files)
    entry = json.loads(dict(files).get("pagefind-entry.json", b"{}"))
    languages = tuple((lang, int(info.get("page_count", 0))) for lang, info in entry.get("languages", {}).items())
    return ShardIndex(tuple(files), languages, tuple(ui))


_DIGEST_DAY = re.compile(rb'class="digest-link"[^>]*>\s*<time datetime="(\d{4}-\d{2}-\d{2})"')


def search_outputs(
    outputs: Sequence[Output], store: disk.Store | None = None, report: Report | None = None
) -> tuple[list[Output], list[Diagnostic]]:
    """``search_index`` for a build that holds every page in memory: the HTML pages
    among ``outputs`` marked for Pagefind, each keyed by a hash of its bytes and dated
    by the link to its digest day (``a.digest-link > time[datetime]``)."""
    data = {o.path: o.data for o in outputs if o.path.endswith(".html") and o.data is not None and MARKER in o.data}
    pages = [
        IndexedPage(path, day_of(page), hashlib.blake2b(page, digest_size=16).hexdigest())
        for path, page in data.items()
    ]
    return search_index(pages, data.__getitem__, store, report=report)


def day_of(page: bytes) -> str:
    found = _DIGEST_DAY.search(page)
    return found.group(1).decode() if found else ""
