"""The search index: the indexable pages -> Pagefind's files, in shards.

Pagefind (the ``pagefind[extended]`` package from PyPI, which segments
Japanese and Chinese) only indexes what the theme marks with
``data-pagefind-body``, so page chrome stays out. The pages are cut into
shards (``searchlayout``), each a Pagefind bundle of its own under
``pagefind/shards/<name>/``; while few pages changed since the layout was
made, they go to one more shard, the overlay, and the layout's shards stay.
A shard is indexed again only when its pages changed: its files are cached
under a key made of gloss's salt, the shard's name and its pages' paths and
keys, and a build that wrote them keeps them in the site as they are.
``pagefind/shards.json`` lists the shards, the languages each holds and the
results each hides; the search page merges every (shard, language) into one
search (``templates/search.html``). Pagefind's UI files, the same for every
shard, are written once, to ``pagefind/``. Pagefind writes into a scratch
folder, read back, so that ``write`` remains the only stage touching ``site/``.
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
from collections.abc import Callable, Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic, error
from gloss.core.output import Output
from gloss.core.urls import PAGEFIND
from gloss.formats.searchfiles import ENTRY, canonical, fragment_urls, lacking
from gloss.formats.searchlayout import BUDGET, UNDATED, IndexedPage, Layout, Plan, Shard, plan, shards

__all__ = ["API", "BUDGET", "UNDATED", "IndexedPage", "Shard", "search_files", "search_index", "shards"]

BUNDLE = PAGEFIND
LISTING = f"{BUNDLE}/shards.json"  # what the search page reads: see ``listing``
SHARDS = "shards"  # pagefind/shards/<name>/
API = "assets/search/"  # the theme's module between Pagefind UI and Pagefind (leaves out hidden copies)
MARKER = b"data-pagefind-body"
# Pagefind's UI files: the same in every shard, so written once to pagefind/ and left out of the shards
UI = ("pagefind-ui.js", "pagefind-ui.css")
_UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
T = TypeVar("T")


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


def listing(made: Sequence[tuple[Shard, Languages]], hidden: dict[str, dict[str, list[str]]] | None = None) -> bytes:
    """``pagefind/shards.json``: each shard's bundle (relative to pagefind/), its pages
    per language, in the order Pagefind's entry file lists them, and the results the
    search page leaves out of it (``hidden``: result id -> the URLs of the pages with
    that id the overlay supersedes; see ``searchlayout``)."""
    hidden = hidden or {}
    entries = []
    for shard, languages in made:
        if languages:
            entry: dict[str, object] = {"bundle": f"{SHARDS}/{shard.name}/", "languages": dict(languages)}
            if shard.name in hidden:
                entry["hidden"] = hidden[shard.name]
            entries.append(entry)
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
    overlay: bool = True,
) -> list[Diagnostic]:
    """Pagefind's files for the indexable pages, handed to ``put`` a shard at a time
    (nothing holds the whole index): a shard the last build wrote from the same pages
    kept as it is (``keep``, when given), else taken from ``store``, else indexed again
    (reading its pages with ``read(path)``) and stored. The shards are the layout the
    store keeps with an overlay, or a new layout (``searchlayout.plan``).

    ``complete``: ``pages`` are all the site's pages, so cached shards no longer made are deleted.
    ``report``, if given, is told which shards were indexed and which reused;
    ``budget``: the shards' size, on average (see ``shards``); ``overlay``: False for a
    new layout whatever changed (the files a clean build of the same pages writes)."""
    if not available():
        return [error("pagefind", 1, 1, "the search index needs Pagefind: pip install 'pagefind[extended]'")]
    report = report if report is not None else Report()
    planned, hidden, loaded = _planned(pages, store, budget, overlay)
    # Pagefind's UI files come with every shard's index: kept from the last build, else
    # written once, from the first index read or made (so the first shard is then never
    # kept: its index is read)
    out = _Written(put, disk.key(disk.salt(), b"search ui"))
    out.ui = keep is not None and keep(f"{BUNDLE}/pagefind-ui.", out.ui_key, len(UI))
    stale = []
    for number, shard in enumerate(planned):
        folder = f"{BUNDLE}/{SHARDS}/{shard.name}/"
        if keep is not None and (out.ui or number) and keep(folder, shard.cache_key(), 0):
            out.languages[shard.name] = _languages(read(folder + "pagefind-entry.json"))
            report.reused.append(shard.name)
            continue
        found = loaded.pop(shard.name, None) or (store.get(shard.cache_key()) if store is not None else None)
        if not isinstance(found, ShardIndex) or ENTRY not in dict(found.files):  # (a shard a build wrote half of)
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
    made = listing([(s, out.languages[s.name]) for s in planned], hidden)
    put(LISTING, hashlib.blake2b(made, digest_size=16).hexdigest(), made)
    if store is not None and complete:
        store.prune([_layout_key(), *(s.cache_key() for s in planned)])
    return []


Hidden = dict[str, dict[str, list[str]]]  # shard name -> result id -> the URLs of the pages it hides


def _planned(
    pages: Sequence[IndexedPage], store: disk.Store | None, budget: int, overlay: bool
) -> tuple[tuple[Shard, ...], Hidden, dict[str, ShardIndex]]:
    """This build's shards (``searchlayout.plan`` over the layout the store keeps), the
    ids of the results each of them supersedes, and the shards read to learn them. The
    layout is kept only when every shard of it holding a superseded page is in the
    store: its old pages are gone, so it cannot be indexed again (each other shard
    holds the pages as they are now, and can). Else a new layout is made (and stored).
    The shards read are handed on, not read again (one could be gone by then)."""
    layout = store.get(_layout_key()) if store is not None and overlay else None
    chosen = plan(pages, layout if isinstance(layout, Layout) else None, budget)
    if store is None or (chosen.overlay is None and not chosen.superseded):
        if store is not None and (not isinstance(layout, Layout) or layout.shards != chosen.shards):
            store.put(_layout_key(), Layout(chosen.shards))
        return chosen.all() or (Shard(UNDATED, ()),), {}, {}  # no pages: still Pagefind's UI files
    loaded: dict[str, ShardIndex] = {}
    hidden = _hidden(chosen, store, loaded)
    if hidden is None:
        chosen = Plan(tuple(shards(pages, budget)))
        store.put(_layout_key(), Layout(chosen.shards))
        return chosen.all() or (Shard(UNDATED, ()),), {}, {}
    return chosen.all(), hidden, loaded


def _layout_key() -> str:
    """The store's entry holding the last layout (``searchlayout.Layout``)."""
    return disk.key(disk.salt(), b"search layout")


def _hidden(chosen: Plan, store: disk.Store, loaded: dict[str, ShardIndex]) -> Hidden | None:
    """For each shard of the layout, the pages the overlay supersedes, as result id ->
    URLs (read from the shard's fragments); None when such a shard is not in the store.
    The shards read go to ``loaded``."""
    affected = {name for name, _ in chosen.superseded}
    ids: dict[str, dict[str, str]] = {}
    for shard in chosen.shards:
        if shard.name in affected:
            found = store.get(shard.cache_key())
            if not isinstance(found, ShardIndex):
                return None
            loaded[shard.name] = found
            ids[shard.name] = dict(fragment_urls(found.files))
    hidden: Hidden = {}
    for name, page in chosen.superseded:
        url = page.url()
        if url not in ids[name]:
            return None
        hidden.setdefault(name, {}).setdefault(ids[name][url], []).append(url)
    return hidden


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
            key = shard.cache_key()  # (a hash over the shard's pages: once, not per file)
            for rel, data in index.files:
                self.put(f"{BUNDLE}/{SHARDS}/{shard.name}/{rel}", key, data)
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
            staged, unread = _stage(shard, read, source)
            problems += unread
            if unread:
                continue
            try:
                found = _run(_index_whole(str(source), scratch, staged))
            except Exception as exc:  # the Pagefind service failed, or wrote what it cannot read: report
                yield [error("pagefind", 1, 1, f"building the search index of {shard.name} failed: {exc}")]
                return
            shutil.rmtree(source, ignore_errors=True)
            shutil.rmtree(scratch, ignore_errors=True)
            yield shard, found
    if problems:
        yield problems


async def _index_whole(source: str, scratch: Path, pages: int) -> ShardIndex:
    """Index the ``pages`` staged pages; again, up to twice, while Pagefind's files lack
    some of them (``searchfiles.lacking``) or are unreadable."""
    problem = ""
    for _ in range(3):
        shutil.rmtree(scratch, ignore_errors=True)
        await _index(source, str(scratch))
        try:
            found = _collect(scratch)
        except ValueError as exc:
            problem = str(exc)
            continue
        problem = lacking(found.files, pages)
        if not problem:
            return found
    raise ValueError(f"Pagefind's files have {problem}")


def _stage(shard: Shard, read: Callable[[str], bytes], folder: Path) -> tuple[int, list[Diagnostic]]:
    """Write the shard's pages Pagefind indexes into ``folder``: how many, and the
    pages that could not be read."""
    folder.mkdir(parents=True, exist_ok=True)
    problems, staged = [], 0
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
            staged += 1
    return staged, problems


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
    entry = dict(files).get("pagefind-entry.json", b"")
    return ShardIndex(tuple(files), _languages(entry), tuple(ui))


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
