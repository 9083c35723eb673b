"""How the search index is cut into shards, and what a build indexes again.

The pages are split into **shards** of one language and about ``BUDGET`` pages
each (``shards``): the *layout*. A build that finds the layout of an earlier
build in the cache does not index a shard of it again when one of its pages
changes: the pages that are not in the layout as they are now (new, edited or
re-dated) go to one small shard of their own, the **overlay**, indexed again
by every build, and the layout's copies of the pages edited or deleted since
are listed as *superseded*, for the search page to leave out (``plan``). When
the overlay would pass ``overlay_budget`` pages, the layout is made again from
the pages as they are, and only its shards whose pages changed are indexed.

A daily deploy so indexes the day's new and edited articles and those of the
days before since the last new layout, not the old shards they fall in (at
10,000 articles: 8 of 27 shards, about 3,600 pages, for 25 articles).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from gloss.core import cache as disk

BUDGET = 400  # pages in a shard, on average (see ``shards``)
UNDATED = "undated"
OVERLAY = "overlay"  # the shard of the pages not in the layout as they are now
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[^a-z0-9-]")


@dataclass(frozen=True)
class IndexedPage:
    path: str  # the page's output path, e.g. "some-slug/index.html"
    date: str  # YYYY-MM-DD of the article (the digest day), "" for a page without one
    key: str  # a hash of everything the page renders (changes iff its HTML may change)
    lang: str = ""  # the page's language (its <html lang>): a shard holds one language

    def url(self) -> str:
        """The page's URL as Pagefind records it (from the site's root, "index.html" left out)."""
        return "/" + self.path.removesuffix("index.html")


@dataclass(frozen=True)
class Shard:
    """A part of the index: its name (a folder under pagefind/shards/) and its pages."""

    name: str
    pages: tuple[IndexedPage, ...]

    def cache_key(self) -> str:
        parts = (f"{p.path}\0{p.key}".encode() for p in self.pages)
        return disk.key(disk.salt(), b"search shard", self.name.encode(), *parts)


@dataclass(frozen=True)
class Layout:
    """The shards a build cut the pages into (kept in the cache for the next ones)."""

    shards: tuple[Shard, ...]


@dataclass(frozen=True)
class Plan:
    """What one build's index is made of: the layout's shards, the overlay (None when
    the layout is new or every page is in it as it is), and the layout's pages the
    overlay supersedes or that are gone, as (shard name, page)."""

    shards: tuple[Shard, ...]
    overlay: Shard | None = None
    superseded: tuple[tuple[str, IndexedPage], ...] = ()

    def all(self) -> tuple[Shard, ...]:
        return self.shards + ((self.overlay,) if self.overlay is not None else ())


def overlay_budget(budget: int = BUDGET) -> int:
    """The most pages, new and superseded, the overlay is let grow to: half a shard
    (about a second of Pagefind for English pages, two for Japanese or Chinese)."""
    return max(1, budget // 2)


def plan(pages: Iterable[IndexedPage], layout: Layout | None, budget: int = BUDGET) -> Plan:
    """The shards of this build: ``layout`` with an overlay of the pages not in it as
    they are now — while the overlay, with the copies it supersedes, stays within
    ``overlay_budget`` and holds fewer pages than a new layout would index again (the
    shards holding a superseded page, and the last shard of the language of each new
    page) — else a new layout (``shards``)."""
    pages = list(pages)
    if layout is not None:
        now = {page.path: page for page in pages}
        laid: set[str] = set()
        superseded = []
        for shard in layout.shards:
            for page in shard.pages:
                if now.get(page.path) == page:
                    laid.add(page.path)
                else:
                    superseded.append((shard.name, page))
        fresh = tuple(page for page in pages if page.path not in laid)
        if len(fresh) + len(superseded) <= overlay_budget(budget) and len(fresh) < _relaid(layout, fresh, superseded):
            overlay = Shard(OVERLAY, tuple(sorted(fresh, key=lambda p: p.path))) if fresh else None
            return Plan(layout.shards, overlay, tuple(superseded))
    return Plan(tuple(shards(pages, budget)))


def _relaid(layout: Layout, fresh: Sequence[IndexedPage], superseded: Sequence[tuple[str, IndexedPage]]) -> int:
    """About how many pages a new layout would index again: those of the shards holding
    a superseded page, and of the last shard of each language a new page is in."""
    touched = {name for name, _ in superseded}
    replaced = {page.path for _, page in superseded}
    last = {_language(shard.pages[0]): shard.name for shard in layout.shards if shard.pages}
    touched |= {last.get(_language(page), "") for page in fresh if page.path not in replaced}
    return sum(len(shard.pages) for shard in layout.shards if shard.name in touched)


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

    def order(page: IndexedPage) -> tuple[str, str, str]:
        return (_language(page), page.date if _DAY.fullmatch(page.date) else "", page.path)

    found: list[Shard] = []
    for lang, group in groupby(sorted(pages, key=order), key=_language):
        members: list[IndexedPage] = []
        for page in group:
            members.append(page)
            if len(members) >= top or (len(members) >= low and _mark(page.path) % low == 0):
                found.append(_shard(lang, members))
                members = []
        if members:
            found.append(_shard(lang, members))
    names: set[str] = {OVERLAY}
    for i, shard in enumerate(found):  # two shards of a language starting the same day with alike hashes
        while shard.name in names:
            shard = found[i] = Shard(shard.name + "x", shard.pages)
        names.add(shard.name)
    return found


def _language(page: IndexedPage) -> str:
    return _LANG.sub("", page.lang.lower()) or "unknown"


def _mark(path: str) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big")


def _shard(lang: str, members: list[IndexedPage]) -> Shard:
    first = members[0]
    day = first.date if _DAY.fullmatch(first.date) else UNDATED
    return Shard(f"{lang}-{day}-{_mark(first.path) % 0x1000000:06x}", tuple(members))
