"""The search index: the indexable pages -> Pagefind's files, as ``Output``s, in shards.

Pagefind (the ``pagefind[extended]`` package from PyPI, which segments
Japanese and Chinese) only indexes what the theme marks with
``data-pagefind-body``, so page chrome stays out. The pages are split into
**shards** of one language and about ``BUDGET`` pages each, in the order of
their digest day, cut where the pages' paths say (see ``shards``), and each
shard is a Pagefind bundle of its own under ``pagefind/shards/<name>/``. A
shard is indexed again only when the pages in it changed: its files are
cached under a key made of gloss's salt, the shard's name and its pages'
paths and keys, and a build that wrote them keeps them in the site as they are. ``pagefind/shards.json`` lists
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
from collections.abc import Callable, Coroutine, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar

from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic, error
from gloss.core.output import Output
from gloss.core.urls import PAGEFIND
from gloss.formats.searchfiles import canonical

BUNDLE = PAGEFIND
LISTING = f"{BUNDLE}/shards.json"  # what the search page reads: see ``listing``
SHARDS = "shards"  # pagefind/shards/<name>/
BUDGET = 400  # pages in a shard, on average (see ``shards``)
UNDATED = "undated"
MARKER = b"data-pagefind-body"
# Pagefind's UI files: the same in every shard, so written once to pagefind/ and left out of the shards
UI = ("pagefind-ui.js", "pagefind-ui.css")
_UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
T = TypeVar("T")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[^a-z0-9-]")


@dataclass(frozen=True)
class IndexedPage:
    path: str  # the page's output path, e.g. "some-slug/index.html"
    date: str  # YYYY-MM-DD of the article (the digest day), "" for a page without one
    key: str  # a hash of everything the page renders (changes iff its HTML may change)
    lang: str = ""  # the page's language (its <html lang>): a shard holds one language


@dataclass(frozen=True)
class Shard:
    """A part of the index: its name (a folder under pagefind/shards/) and its pages."""

    name: str
    pages: tuple[IndexedPage, ...]

    def cache_key(self) -> str:
        parts = (f"{p.path}\0{p.key}".encode() for p in self.pages)
        return disk.key(disk.salt(), b"search shard", self.name.encode(), *parts)


Languages = tuple[tuple[str, int], ...]  # (language, pages) as Pagefind's entry file lists them


@dataclass(frozen=True)
class ShardIndex:
    """What Pagefind made of one shard (as cached): its files (paths inside the shard's
    folder), the pages of each language, and Pagefind's UI files."""

    files: tuple[tuple[str, bytes], ...]
    languages: Languages
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


def shards(pages: Iterable[IndexedPage], budget: int = BUDGET) -> list[Shard]:
    """The pages split into shards of one language each, of about ``budget`` pages in
    (date, path) order, cut where the content says: after a page whose path's hash is a
    multiple of ``budget // 2``, once the shard has ``budget // 2`` pages (and at
    ``2 * budget`` pages whatever the hashes). A page added, deleted or re-dated so
    changes its own shard and at most the next (the cuts after it stay where they
    were), and new articles, dated last, only the language's last shard. A shard is
    named after its language and its first page: ``en-2026-04-01-3fa2c1``; pages without
    a valid day come first, as ``undated``.

    One language per shard, because Pagefind keeps an index per language and the search
    page merges every (shard, language). Measured on 10,000 articles
    (benchmarks/search_latency.py, one run each; re-indexing the largest shard, a
    query's first result in Chromium): shards of three languages by year (13), 9-14 s
    and 0.6-1.0 s; one language, about 400 pages cut as here (27, the largest 800),
    4.5 s and 0.40-0.58 s; about 250 (37), 3.2 s and 0.49-0.62 s; in date order, up to
    1,000 pages (12), 7.5 s and 0.31-0.48 s; 2,000 (6), 19.5 s and 0.26-0.45 s. Queries
    hardly get faster below a dozen shards; re-indexing grows with the shard."""
    low, top = max(1, budget // 2), 2 * budget

    def language(page: IndexedPage) -> str:
        return _LANG.sub("", page.lang.lower()) or "unknown"

    def order(page: IndexedPage) -> tuple[str, str, str]:
        return (language(page), page.date if _DAY.fullmatch(page.date) else "", page.path)

    found: list[Shard] = []
    for lang, group in groupby(sorted(pages, key=order), key=language):
        members: list[IndexedPage] = []
        for page in group:
            members.append(page)
            if len(members) >= top or (len(members) >= low and _mark(page.path) % low == 0):
                found.append(_shard(lang, members))
                members = []
        if members:
            found.append(_shard(lang, members))
    names: set[str] = set()
    for i, shard in enumerate(found):  # two shards of a language starting the same day with alike hashes
        while shard.name in names:
            shard = found[i] = Shard(shard.name + "x", shard.pages)
        names.add(shard.name)
    return found


def _mark(path: str) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big")


def _shard(lang: str, members: list[IndexedPage]) -> Shard:
    first = members[0]
    day = first.date if _DAY.fullmatch(first.date) else UNDATED
    return Shard(f"{lang}-{day}-{_mark(first.path) % 0x1000000:06x}", tuple(members))


def listing(made: Sequence[tuple[Shard, Languages]]) -> bytes:
    """``pagefind/shards.json``: each shard's bundle (relative to pagefind/) and its pages
    per language, in the order Pagefind's entry file lists them."""
    entries = [
        {"bundle": f"{SHARDS}/{shard.name}/", "languages": dict(languages)} for shard, languages in made if languages
    ]
    return (json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


Put = Callable[[str, str, bytes], None]  # (path, key, data): write one file of the index
Keep = Callable[[str, str, int], bool]  # (path prefix, key, count): keep the last build's files


def search_index(
    pages: Sequence[IndexedPage],
    read: Callable[[str], bytes],
    store: disk.Store | None,
    complete: bool = True,
    report: Report | None = None,
    budget: int = BUDGET,
) -> tuple[list[Output], list[Diagnostic]]:
    """Pagefind's files for the indexable pages, as a list (see ``search_files``); none
    when there are problems."""
    found: list[Output] = []
    problems = search_files(
        pages, read, store, lambda path, _, data: found.append(Output(path, data)), None, complete, report, budget
    )
    return ([], problems) if problems else (sorted(found, key=lambda o: o.path), [])


def search_files(
    pages: Sequence[IndexedPage],
    read: Callable[[str], bytes],
    store: disk.Store | None,
    put: Put,
    keep: Keep | None = None,
    complete: bool = True,
    report: Report | None = None,
    budget: int = BUDGET,
) -> list[Diagnostic]:
    """Pagefind's files for the indexable pages, handed to ``put`` a shard at a time
    (nothing holds the whole index): a shard the last build wrote from the same pages
    kept as it is (``keep``, when given), else taken from ``store``, else indexed again
    (reading its pages with ``read(path)``) and stored.

    ``complete``: ``pages`` are all the site's pages, so cached shards no longer made are deleted.
    ``report``, if given, is told which shards were indexed and which reused;
    ``budget``: the shards' size, on average (see ``shards``)."""
    if not available():
        return [error("pagefind", 1, 1, "the search index needs Pagefind: pip install 'pagefind[extended]'")]
    report = report if report is not None else Report()
    planned = shards(pages, budget) or [Shard(UNDATED, ())]  # no pages: still Pagefind's UI files for the search page
    # Pagefind's UI files come with every shard's index: kept from the last build, else
    # written once, from the first index read or made (so the first shard is then never
    # kept: its index is read)
    out = _Written(put, disk.key(disk.salt(), b"search ui"))
    out.ui = keep is not None and keep(f"{BUNDLE}/pagefind-ui.", out.ui_key, len(UI))
    languages = out.languages
    stale = []
    for number, shard in enumerate(planned):
        folder = f"{BUNDLE}/{SHARDS}/{shard.name}/"
        if keep is not None and (out.ui or number) and keep(folder, shard.cache_key(), 0):
            languages[shard.name] = _languages(read(folder + "pagefind-entry.json"))
            report.reused.append(shard.name)
            continue
        found = store.get(shard.cache_key()) if store is not None else None
        if not isinstance(found, ShardIndex):
            stale.append(shard)
            continue
        out.shard(shard, found)
        report.reused.append(shard.name)
    for item in _index_shards(stale, read):
        if isinstance(item, list):
            return item
        shard, indexed = item
        if store is not None:
            store.put(shard.cache_key(), indexed)
        out.shard(shard, indexed)
        report.indexed.append(shard.name)
    made = listing([(s, languages[s.name]) for s in planned])
    put(LISTING, hashlib.blake2b(made, digest_size=16).hexdigest(), made)
    if store is not None and complete:
        store.prune(s.cache_key() for s in planned)
    return []


@dataclass
class _Written:
    """What ``search_files`` handed to ``put`` so far: Pagefind's UI files, once, and
    each shard's files and languages."""

    put: Put
    ui_key: str
    ui: bool = False  # the UI files are written (or kept)
    languages: dict[str, Languages] = field(default_factory=dict)

    def shard(self, shard: Shard, index: ShardIndex) -> None:
        if not self.ui:
            for name, data in index.ui:
                self.put(f"{BUNDLE}/{name}", self.ui_key, data)
            self.ui = True
        if index.languages:
            for rel, data in index.files:
                self.put(f"{BUNDLE}/{SHARDS}/{shard.name}/{rel}", shard.cache_key(), data)
        self.languages[shard.name] = index.languages


def _languages(entry: bytes) -> Languages:
    """The pages of each language, from a shard's ``pagefind-entry.json``."""
    found = json.loads(entry or b"{}").get("languages", {})
    return tuple((lang, int(info.get("page_count", 0))) for lang, info in found.items())


def _index_shards(
    stale: list[Shard], read: Callable[[str], bytes]
) -> Iterator[tuple[Shard, ShardIndex] | list[Diagnostic]]:
    """Index each shard, one after the other: its pages staged in a scratch folder (read
    one at a time), then Pagefind over the folder (one request per page through its
    service costs ten times as long as reading a folder). Yields each shard's index, then
    the problems met, if any (a shard missing a page is neither yielded nor cached).
    Two shards side by side were hardly faster on two cores (one Pagefind keeps more
    than one busy) and took twice the memory (Pagefind's Japanese and Chinese
    dictionaries: about 400 MiB each)."""
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    problems: list[Diagnostic] = []
    with tempfile.TemporaryDirectory(prefix="gloss-pagefind-") as work:
        for shard in stale:
            source, scratch = Path(work) / "pages" / shard.name, Path(work) / "index" / shard.name
            unread = _stage(shard, read, source)
            problems += unread
            if unread:
                continue
            try:
                found = _run(_index_once_more(str(source), scratch))
            except Exception as exc:  # the Pagefind service failed, or wrote what it cannot read: report
                yield [error("pagefind", 1, 1, f"building the search index of {shard.name} failed: {exc}")]
                return
            shutil.rmtree(source, ignore_errors=True)
            shutil.rmtree(scratch, ignore_errors=True)
            yield shard, found
    if problems:
        yield problems


async def _index_once_more(source: str, scratch: Path) -> ShardIndex:
    """Index the staged pages; once more if Pagefind left an entry file it cannot
    have meant (seen once, an empty one, on a machine busy writing)."""
    try:
        await _index(source, str(scratch))
        return _collect(scratch)
    except ValueError:
        shutil.rmtree(scratch, ignore_errors=True)
        await _index(source, str(scratch))
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


def _run(work: Coroutine[Any, Any, T]) -> T:
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
    return ShardIndex(tuple(files), _languages(dict(files).get("pagefind-entry.json", b"")), tuple(ui))


_DIGEST_DAY = re.compile(rb'class="digest-link"[^>]*>\s*<time datetime="(\d{4}-\d{2}-\d{2})"')


def search_outputs(
    outputs: Sequence[Output], store: disk.Store | None = None, report: Report | None = None
) -> tuple[list[Output], list[Diagnostic]]:
    """``search_index`` for a build that holds every page in memory: the HTML pages
    among ``outputs`` marked for Pagefind, each keyed by a hash of its bytes and dated
    by the link to its digest day (``a.digest-link > time[datetime]``)."""
    data = {o.path: o.data for o in outputs if o.path.endswith(".html") and o.data is not None and MARKER in o.data}
    pages = [
        IndexedPage(path, day_of(page), hashlib.blake2b(page, digest_size=16).hexdigest(), lang_of(page))
        for path, page in data.items()
    ]
    return search_index(pages, data.__getitem__, store, report=report)


_HTML_LANG = re.compile(rb"<html[^>]*\slang=\"([^\"]*)\"")


def lang_of(page: bytes) -> str:
    found = _HTML_LANG.search(page[:4096])
    return found.group(1).decode("ascii", "replace") if found else ""


def day_of(page: bytes) -> str:
    found = _DIGEST_DAY.search(page)
    return found.group(1).decode() if found else ""
