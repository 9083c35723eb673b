"""The first half of a streamed build: every bundle -> its ``BundleEntry``, then
the site-wide ``SiteIndex`` from the records alone.

An unchanged bundle (same ``incremental.bundle_key``) is taken from the cache
as its small entry; a changed one is loaded, parsed, followed through its git
history where quotes need it and resolved on its own, in worker processes
when there are many. Its full ``Article`` view goes straight into the cache
(``articles/``) from the worker and comes back only when its page is
rendered, so this process never holds the site's bodies.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

from gloss.anchoring import history
from gloss.build.parse import ParsedArticle, parse_article
from gloss.build.records import ArticleRecord, BundleEntry, SiteIndex, make_record, sitewide_index
from gloss.build.references import Catalog
from gloss.build.resolve import resolve_article
from gloss.build.sitewide import tag_ref, tag_slug
from gloss.build.urlcheck import site_urls
from gloss.content.bundles import NamedBundle, find_bundles, name_bundles
from gloss.content.config import SiteConfig
from gloss.content.load import load_article
from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic
from gloss.core.urls import article_url
from gloss.core.workers import forked_map
from gloss.site.incremental import bundle_key, digest
from gloss.site.pipeline import follow_history

PARALLEL_BUNDLES = 64  # fewer bundles are read sooner here than worker processes start
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Job:
    """What reading one bundle depends on besides its files."""

    config: SiteConfig
    content: Path
    cache: disk.Store  # the cache folder (entries/, articles/ …), maybe over a read-only one


def stores(job: Job) -> tuple[disk.Store, disk.Store]:
    """The bundles' entries and their full views."""
    return job.cache.layer("entries"), job.cache.layer("articles")


def summarise(job: Job, bundle: Path, slug: str, key: str) -> BundleEntry:
    """Load, parse and resolve one bundle; its full view is stored under ``key``."""
    return summarise_parsed(job, bundle, slug, key)[0]


def summarise_parsed(job: Job, bundle: Path, slug: str, key: str) -> tuple[BundleEntry, ParsedArticle | None]:
    """``summarise``, and the parsed article it was made from (None: it failed to load)."""
    config = job.config
    source, loaded = load_article(bundle, config, job.content)
    if source is None:
        return BundleEntry(slug, None, loaded=tuple(loaded)), None
    parsed = parse_article(source, allow_html=config.allow_html, base_url=config.base_url)
    followed, asked = follow_history([parsed], config.allow_html, config.base_url, None)
    parsed = followed[0]
    problems: list[Diagnostic] = []
    names = parsed.source.notes.tag_names
    tags = {name: tag_ref(name, config) for name in names if tag_slug(name)}
    article = resolve_article(parsed, None, config, problems, tags)
    if article is not None:
        stores(job)[1].put(key, article)
    record = make_record(key, parsed, article, article_url(config.base_path, slug), site_urls(parsed, config.base_url))
    return BundleEntry(
        slug, record, source.draft, tuple(loaded), tuple(problems), tuple((path, history.state(path)) for path in asked)
    ), parsed


def _summarise_item(job: Job, item: tuple[Path, str, str]) -> BundleEntry:
    return summarise(job, *item)


def _fresh(entry: object, slug: str) -> bool:
    """Whether a cached entry may stand: the right kind, and the git history it
    followed quotes through unchanged."""
    return (
        isinstance(entry, BundleEntry)
        and entry.slug == slug
        and all(history.state(path) == state for path, state in entry.history)
    )


def _summarise_all(
    job: Job, todo: list[tuple[Path, str, str]], jobs: int, progress: Progress | None
) -> Iterator[BundleEntry]:
    work = partial(_summarise_item, job)
    if jobs > 1 and len(todo) >= PARALLEL_BUNDLES:
        chunk = max(1, min(16, len(todo) // (jobs * 8)))
        for done, entry in enumerate(forked_map(work, todo, jobs, chunksize=chunk, per_pool=None), 1):
            if progress is not None and (done % chunk == 0 or done == len(todo)):
                progress("reading", done, len(todo))
            yield entry
        return
    for done, item in enumerate(todo, 1):
        if progress is not None and (done % 16 == 0 or done == len(todo)):
            progress("reading", done, len(todo))
        yield work(item)


class Found(NamedTuple):
    """A bundle's key and its entry, as one build found them."""

    key: str
    entry: BundleEntry


def collect(job: Job, jobs: int = 1, progress: Progress | None = None) -> tuple[list[BundleEntry], list[Diagnostic]]:
    """Every bundle's entry (in the order found), from the cache where its key is
    there, and the problems that keep a bundle out (bad slugs, bad folders)."""
    problems: list[Diagnostic] = []
    named = name_bundles(find_bundles(job.content, problems))
    found = collect_named(job, named, problems, jobs, progress)
    return [f.entry for f in found.values()], problems


def collect_named(
    job: Job,
    named: list[NamedBundle],
    problems: list[Diagnostic],
    jobs: int = 1,
    progress: Progress | None = None,
    known: Mapping[str, Found] | None = None,
    dirty: Collection[str] | None = None,
) -> dict[str, Found]:
    """``collect`` of the bundles ``named``, by folder. ``known``: what a build of this
    process found, taken as it is for every bundle not in ``dirty`` (its folders with
    files changed since); without it, every bundle is keyed and the cache's stale
    entries are pruned."""
    entries_store, articles_store = stores(job)
    salt = disk.salt() + digest(job.config).encode()
    found: dict[str, Found | None] = {}
    keys: list[str] = []
    todo: list[tuple[Path, str, str]] = []
    for bundle, slug, problem in named:
        if problem is not None:
            problems.append(problem)
            continue
        name = str(bundle)
        was = known.get(name) if known is not None and dirty is not None and name not in dirty else None
        if was is not None and was.entry.slug == slug:
            found[name] = was
            continue
        key = bundle_key(bundle, salt)
        keys.append(key)
        entry = was.entry if was is not None and was.key == key else entries_store.get(key)
        if isinstance(entry, BundleEntry) and _fresh(entry, slug):
            found[name] = Found(key, entry)
        else:
            found[name] = None
            todo.append((bundle, slug, key))
    made = iter(_summarise_all(job, todo, jobs, progress))
    for bundle, _slug, key in todo:
        entry = next(made)
        entries_store.put(key, entry)
        found[str(bundle)] = Found(key, entry)
    if todo and known is None and job.cache.under is None:  # entries of bundles edited or gone are stale
        entries_store.prune(keys)
        articles_store.prune(keys)
    return {name: f for name, f in found.items() if f is not None}


def index_site(
    config: SiteConfig,
    entries: Iterable[BundleEntry],
    drafts: bool,
    problems: list[Diagnostic],
    site_problems: list[Diagnostic] | None = None,
) -> SiteIndex:
    """The site-wide views of the articles built (drafts only with ``drafts``), and
    every diagnostic of the bundles, in ``problems`` (those of the site-wide work in
    ``site_problems``, when given)."""
    built, catalog = site_records(entries, drafts, problems)
    return sitewide_index(config, built, catalog, problems if site_problems is None else site_problems)


def site_records(
    entries: Iterable[BundleEntry], drafts: bool, problems: list[Diagnostic]
) -> tuple[list[ArticleRecord], Catalog]:
    """The records of the articles built and what links may name; each bundle's own
    diagnostics, in ``problems``."""
    built: list[ArticleRecord] = []
    broken: list[str] = []
    left_out: list[str] = []
    for entry in entries:
        problems += entry.loaded
        if entry.record is None:
            broken.append(entry.slug)
        elif entry.draft and not drafts:
            left_out.append(entry.slug)
        else:
            problems += entry.resolved
            built.append(entry.record)
    return built, Catalog({r.slug: r for r in built}, frozenset(broken), frozenset(left_out))
