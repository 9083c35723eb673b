"""One site as the language server holds it: every bundle's ``BundleEntry``
(what ``check`` reads of it), read once at start-up, each read again when
its files change, and the site-wide facts that checks across articles need.

A bundle's diagnostics are made exactly as ``check`` makes them (``collect``
then ``index_site`` and ``records.sitewide_index``), from the same functions:
its loading problems; if it is built (not a draft left out), its own
references and the site-wide checks of its record (links to other articles
and ``related:`` slugs against the catalog, tags whose spellings collide).
What ``check`` does after that — rendering every page and checking its
links — needs the whole rendered site and is left out.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from gloss.build.parse import ParsedArticle
from gloss.build.records import ArticleRecord, BundleEntry, OutLink, check_references
from gloss.build.references import Catalog
from gloss.build.sitewide import tag_refs_of
from gloss.content.bundles import NamedBundle, find_bundles, name_bundles
from gloss.content.config import SiteConfig, load_config
from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic
from gloss.site.collect import PARALLEL_BUNDLES, Job, collect, summarise_parsed
from gloss.text.textfile import unsaved

DOCUMENTS = ("index.md", "original.md", "notes.yaml")


@dataclass(frozen=True)
class Bundle:
    folder: str  # absolute
    slug: str
    problem: Diagnostic | None  # why it is not read (a bad or colliding slug)
    entry: BundleEntry | None  # None: not read


@dataclass(frozen=True)
class Facts:
    """The site-wide facts, made again when a bundle's entry changes what they hold of
    it (``standing``); else only its record is put in place."""

    catalog: Catalog
    built: dict[str, ArticleRecord]  # the catalog's articles: the records built, by slug
    records: dict[str, ArticleRecord]  # every record read, by slug (drafts too)
    folders: Mapping[str, str]  # each slug's folder
    tag_problems: Mapping[str, tuple[Diagnostic, ...]]  # by the notes file they are in
    tags: Counter[str]  # every tag of the built articles, with how many carry it


def standing(entry: BundleEntry | None) -> tuple[object, ...]:
    """What the site-wide facts depend on of an entry: whether it loaded, its slug, day,
    draft state, tags and ids (not its title, summary or where things are written)."""
    record = entry.record if entry is not None else None
    if entry is None or record is None:
        return (entry is None,)
    return record.slug, record.date, entry.draft, tuple(name for name, _ in record.tag_places), record.ids


def _built(bundle: Bundle, drafts: bool) -> bool:
    entry = bundle.entry
    return entry is not None and entry.record is not None and (drafts or not entry.draft)


def facts(bundles: Mapping[str, Bundle], drafts: bool, config: SiteConfig) -> Facts:
    """As ``collect.index_site`` and ``records.sitewide_index`` see the site."""
    built = [b.entry.record for b in bundles.values() if _built(b, drafts) and b.entry and b.entry.record]
    broken = frozenset(b.slug for b in bundles.values() if b.entry is not None and b.entry.record is None)
    left_out = frozenset(
        b.slug
        for b in bundles.values()
        if b.entry is not None and b.entry.record is not None and b.entry.draft and not drafts
    )
    every = sorted(built, key=lambda r: (r.date, r.slug))
    problems: list[Diagnostic] = []
    tag_refs_of(((name, where) for r in every for name, where in r.tag_places), config, problems)
    by_path: dict[str, list[Diagnostic]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    records = {b.entry.record.slug: b.entry.record for b in bundles.values() if b.entry and b.entry.record}
    tags = Counter(name for r in built for name, _ in r.tag_places)
    articles = {r.slug: r for r in built}
    return Facts(
        Catalog(articles, broken, left_out),
        articles,
        records,
        {b.slug: b.folder for b in bundles.values()},
        {path: tuple(found) for path, found in by_path.items()},
        tags,
    )


def _collect(job: Job, jobs: int) -> list[BundleEntry]:
    """Every bundle's entry (``collect``). Many bundles are read in worker processes, which
    ``collect`` forks: not from this process, whose threads (the server's) a fork could
    leave holding locks, but from a fresh one started for it."""
    if jobs < 2 or len(find_bundles(job.content, [])) < PARALLEL_BUNDLES:
        return collect(job, 1)[0]
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as fresh:
        return fresh.submit(collect, job, jobs).result()[0]


@dataclass
class Site:
    """A content folder's bundles and the facts across them (see the module's docstring)."""

    content: Path  # absolute
    drafts: bool = False
    jobs: int = 1
    config: SiteConfig | None = None
    problems: list[Diagnostic] = field(default_factory=list)  # site.yaml's, when it cannot be read
    walk_problems: list[Diagnostic] = field(default_factory=list)  # files and folders outside bundles
    bundles: dict[str, Bundle] = field(default_factory=dict)  # by folder
    facts: Facts | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def job(self) -> Job:
        assert self.config is not None
        return Job(self.config, self.content, disk.Store(disk.folder_for(self.content), writable=False))

    def index(self) -> None:
        """Read every bundle (from the cache ``build`` keeps, where it is current); nothing is written."""
        config, problems = load_config(self.content)
        with self.lock:
            self.config, self.problems = config, problems
            if config is None:
                self.bundles, self.facts = {}, None
                return
        entries = _collect(self.job(), self.jobs)
        by_slug = {entry.slug: entry for entry in entries}
        with self.lock:
            self.bundles = {
                os.path.abspath(folder): Bundle(
                    os.path.abspath(folder), slug, problem, by_slug.get(slug) if problem is None else None
                )
                for folder, slug, problem in self._walk()
            }
            self.facts = facts(self.bundles, self.drafts, config)

    def _walk(self) -> list[NamedBundle]:
        problems: list[Diagnostic] = []
        named = name_bundles(find_bundles(self.content, problems))
        self.walk_problems = problems
        return named

    def rewalk(self) -> list[str]:
        """Find the bundles again (one was added, removed or moved); read the new ones.
        The folders of bundles added or gone."""
        with self.lock:
            old = dict(self.bundles)
            fresh: dict[str, Bundle] = {}
            for folder, slug, problem in self._walk():
                path = os.path.abspath(folder)
                known = old.get(path)
                entry = known.entry if known is not None and known.slug == slug and problem is None else None
                fresh[path] = Bundle(path, slug, problem, entry)
            self.bundles = fresh
            changed = sorted(set(old) ^ set(fresh))
            if self.config is None:
                return changed
            for path, bundle in fresh.items():
                if bundle.problem is None and bundle.entry is None:
                    self.read(path, {})
            self.facts = facts(self.bundles, self.drafts, self.config)
            return changed

    def bundle_of(self, path: str) -> Bundle | None:
        folder, name = os.path.split(os.path.abspath(path))
        return self.bundles.get(folder) if name in DOCUMENTS else None

    def read(self, folder: str, buffers: Mapping[str, str]) -> ParsedArticle | None:
        """Read one bundle again, the editor's unsaved ``buffers`` (by path) over its files;
        its parsed article (None: it did not load)."""
        with self.lock:
            bundle = self.bundles.get(folder)
            if bundle is None or bundle.problem is not None or self.config is None:
                return None
            key = disk.key(
                os.fsencode(folder), *(f"{p}\0{t}".encode("utf-8", "surrogatepass") for p, t in sorted(buffers.items()))
            )
            with unsaved(buffers):
                entry, parsed = summarise_parsed(self.job(), Path(folder), bundle.slug, key)
            self.bundles[folder] = Bundle(folder, bundle.slug, None, entry)
            known = self.facts
            if known is not None and not known.tag_problems and standing(bundle.entry) == standing(entry):
                if entry.record is not None:  # (the same keys: readers iterating are safe)
                    known.records[bundle.slug] = entry.record
                    if bundle.slug in known.built:
                        known.built[bundle.slug] = entry.record
            else:  # (with tags colliding somewhere, their places may have moved: all again)
                self.facts = facts(self.bundles, self.drafts, self.config)  # (config checked above)
            return parsed

    def diagnostics(self, folder: str) -> list[Diagnostic]:
        """What ``check`` reports in the files of this bundle (see the module's docstring)."""
        with self.lock:
            bundle, facts_now = self.bundles.get(folder), self.facts
            inside = [d for d in self.walk_problems if d.path.startswith(folder + os.sep)]
            if bundle is None or facts_now is None:
                return inside
            if bundle.problem is not None or bundle.entry is None:
                return sorted(inside + ([bundle.problem] if bundle.problem else []))
            entry = bundle.entry
            found = inside + list(entry.loaded)
            if entry.record is not None and _built(bundle, self.drafts):
                found += entry.resolved
                found += facts_now.tag_problems.get(os.path.join(folder, "notes.yaml"), ())
                found += check_references(entry.record, facts_now.catalog)
            return sorted(found)

    def linking_to(self, slug: str) -> list[tuple[str, OutLink]]:
        """Every link of another article to ``slug``, with the folder of the article it is in."""
        with self.lock:
            facts_now = self.facts
        if facts_now is None:
            return []
        return [
            (facts_now.folders.get(record.slug, ""), link)
            for record in facts_now.records.values()
            for link in record.links
            if link.slug == slug
        ]
