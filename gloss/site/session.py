"""The streamed build in a long-running process (``serve``, ``build --watch``).

The same mechanism as ``stream.build`` — bundle keys, cached entries and views,
a digest per output file — with what a process can keep between builds held in
memory (``Session``): each bundle's key and entry, the bundles found, the last
good build's ``SiteIndex`` and manifest. After the first build:

- only the bundles holding a changed file are keyed and read again, and the
  content folder is searched for bundles again only when a change may have
  made or unmade one (a folder, an ``index.md``, a path outside every bundle);
- when every changed bundle's record is the same but for its key (an edit
  that shows only on the article's own page: a body paragraph, an impact
  analysis, a highlight), the site-wide views are the last build's, and only
  that article's files and the feeds holding it are looked at; any other
  change makes the site-wide views again and asks every file;
- the output folder is updated in place (``write.InPlace``): changed files
  moved in one by one, files no longer made deleted.

The first build (and one after the output folder was deleted, or after a
failure) is ``stream``'s: a whole new folder swapped in. Only the records and
the manifest are held for the whole site, as in ``build``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from gloss.build.records import ArticleRecord, BundleEntry, SiteIndex, sitewide_index
from gloss.build.references import Catalog
from gloss.build.render import RenderCache
from gloss.content.bundles import NamedBundle, find_bundles, name_bundles
from gloss.content.config import SiteConfig, load_config
from gloss.content.theme import Theme, load_theme
from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic
from gloss.formats.search import BUNDLE
from gloss.publish.scratch import InPlace, Scratch
from gloss.site.collect import Found, Job, collect_named, site_records
from gloss.site.incremental import Made, Outputs, output_name
from gloss.site.pages import Pages
from gloss.site.pipeline import Options, Result, clock
from gloss.site.refresh import Reach, reach, refresh, shown_only
from gloss.site.stream import overlay_ready, search_pages

BUNDLE_MARK = "index.md"  # the file that makes a folder a bundle


@dataclass(frozen=True)
class Built:
    """The last good build of a session: what the next one may start from."""

    config: SiteConfig
    theme: Theme
    index: SiteIndex
    catalog: Catalog
    site_problems: tuple[Diagnostic, ...]  # the site-wide ones (tags, links between articles)


@dataclass
class SessionResult(Result):
    touched: list[str] = field(default_factory=list)  # output paths written or deleted (swapped: every file)
    swapped: bool = False  # a whole new folder swapped in: ``made`` and ``kept`` say what changed
    manifest: dict[str, Made] = field(default_factory=dict)  # every file of the site written
    rendered: list[str] = field(default_factory=list)  # the files made, not kept (rendered or written)
    way: str = "all"  # what was asked again: "own" pages of the articles edited, pages "shown" them, or "all"
    slugs: frozenset[str] | None = None  # the articles edited ("own", "shown"); None: any may have changed


@dataclass
class Session:
    """A long-running process's builds into ``out`` (see the module's docstring)."""

    options: Options
    out: Path
    named: list[NamedBundle] | None = None
    folders: frozenset[str] = frozenset()  # the bundles' folders
    named_problems: list[Diagnostic] = field(default_factory=list)  # finding and naming the bundles
    own_problems: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)  # the bundles' with some, by folder
    found: dict[str, Found] = field(default_factory=dict)
    built: Built | None = None
    manifest: dict[str, Made] | None = None  # the files in ``out``, as the last good build left them
    pages: int = 0  # how many of them are pages
    render: RenderCache = field(default_factory=RenderCache)  # the compiled templates of the last build's theme
    _scratch_cache: Path | None = None  # --no-cache: a cache for this process, removed with it

    def cache(self) -> disk.Store:
        if self.options.cache is not None:
            return disk.Store(self.options.cache)
        if self._scratch_cache is None:
            self._scratch_cache = Path(tempfile.mkdtemp(prefix="gloss-cache-"))
            weakref.finalize(self, shutil.rmtree, self._scratch_cache, True)
        return disk.Store(self._scratch_cache)

    def forget(self) -> None:
        """Start afresh (after a build that raised): the next build looks at everything."""
        self.named, self.found, self.built, self.manifest = None, {}, None, None

    def build(self, changed: frozenset[Path] | None = None) -> SessionResult:
        """One build; ``changed``: the files touched since the last (None: unknown)."""
        result = SessionResult()
        at = clock()
        config, problems = load_config(self.options.content, self.options.base_url)
        theme, theme_problems = load_theme(self.options.templates)
        result.diagnostics += problems + theme_problems
        if config is None or theme is None:
            return result
        last = self.built
        if last is not None and last.config != config:  # every key changes: nothing is known
            self.named, self.found, self.built, last = None, {}, None, None
        if last is None or last.theme != theme:
            self.render = RenderCache()
        job = Job(config, self.options.content, self.cache())
        dirty = self._dirty(changed)
        was = self.found
        self.found = self._collect(job, dirty, result)
        at = result.lap("read", at)
        edit = _edited(was, self.found, dirty) if last is not None and last.theme == theme else None
        scope = None
        if edit is not None and last is not None:  # the site-wide views are the last build's, refreshed
            index, catalog = refresh(last.index, edit.records, edit.shown), last.catalog
            site_problems = list(last.site_problems)
            scope = reach(index, frozenset(edit.records), edit.shown)
            result.way, result.slugs = ("shown" if edit.shown else "own"), frozenset(edit.records)
        else:
            built, catalog = site_records((f.entry for f in self.found.values()), self.options.drafts, [])
            site_problems = []
            index = sitewide_index(config, built, catalog, site_problems)
        result.diagnostics += site_problems
        result.articles = len(index.records)
        at = result.lap("site-wide", at)
        if not _failed(result):
            self._pages(job, index, theme, result, scope)
        if result.written:
            self.built = Built(config, theme, index, catalog, tuple(site_problems))
            self.manifest = result.manifest
        result.diagnostics.sort()
        return result

    def _collect(self, job: Job, dirty: set[str] | None, result: SessionResult) -> dict[str, Found]:
        """Every bundle's key and entry: the bundles found again and all keyed (``dirty``
        None), or only the ``dirty`` ones read again; their diagnostics in ``result``."""
        drafts = self.options.drafts
        if dirty is None:
            found_problems: list[Diagnostic] = []
            self.named = name_bundles(find_bundles(self.options.content, found_problems))
            self.folders = frozenset(str(n.folder) for n in self.named)
            self.named_problems = found_problems + [n.problem for n in self.named if n.problem is not None]
            found = collect_named(job, self.named, [], self.options.jobs, None, self.found, None)
            self.own_problems = {name: p for name, f in found.items() if (p := _own_problems(f.entry, drafts))}
        else:
            assert self.named is not None
            again = [n for n in self.named if str(n.folder) in dirty]
            found = dict(self.found)
            found.update(collect_named(job, again, [], self.options.jobs, None, self.found, dirty))
            for name in dirty:
                problems = _own_problems(found[name].entry, drafts) if name in found else ()
                if problems:
                    self.own_problems[name] = problems
                else:
                    self.own_problems.pop(name, None)
        result.diagnostics += self.named_problems
        result.diagnostics += [d for problems in self.own_problems.values() for d in problems]
        return found

    def _dirty(self, changed: frozenset[Path] | None) -> set[str] | None:
        """The bundle folders holding a changed file, or None when the bundles must be
        found again (the first build, or a change that may make or unmake one)."""
        if changed is None or self.named is None or self.built is None:
            return None
        folders = self.folders
        dirty = set()
        for path in changed:
            bundle = next((str(p) for p in path.parents if str(p) in folders), None)
            if bundle is None or os.path.isdir(path):  # outside every bundle, or a folder
                return None
            if path.name == BUNDLE_MARK and (str(path.parent) != bundle or not path.is_file()):
                return None  # an index.md made, moved or deleted: bundles come and go
            dirty.add(bundle)
        return dirty

    def _pages(self, job: Job, index: SiteIndex, theme: Theme, result: SessionResult, scope: Reach | None) -> None:
        """Make the files that changed: into the output folder in place after a good
        build, or into a new folder swapped in."""
        at = clock()
        before = self.manifest if self.out.is_dir() else None
        writer = InPlace(self.out, before) if before is not None else Scratch(self.out)
        with writer:
            outputs = Outputs(writer, job.cache.layer("outputs"), output_name(self.out, job.content), before)
            pages = Pages(index, theme, outputs, job, self.render)
            if scope is not None and before is not None:
                result.diagnostics += pages.make_some(scope)
            else:
                result.diagnostics += pages.make_all(self.options.jobs, None)
            at = result.lap("render", at)
            if self.options.search and not _failed(result):
                store = job.cache.layer("search")
                result.diagnostics += search_pages(outputs, pages.indexed(), store, overlay=overlay_ready(theme))
                at = result.lap("search index", at)
            if not self.options.search:
                outputs.keep_as_they_are(BUNDLE + "/")  # (the last index, stale: the search page still works)
            if _failed(result):
                return
            if isinstance(writer, InPlace) and before is not None:
                written, deleted = writer.commit_files(outputs.now)
                result.touched = written + deleted
                result.pages = self.pages + _pages([p for p in written if p not in before]) - _pages(deleted)
            else:
                writer.commit(outputs.now)
                outputs.save()  # (a ``build`` after this process starts from it)
                result.touched, result.swapped = sorted(outputs.now), True  # (every open page reloads)
                result.pages = _pages(outputs.now)
            result.lap("write", at)
        result.written, result.made, result.kept = True, outputs.made, outputs.kept
        result.manifest, result.rendered = outputs.now, outputs.rendered
        result.files = len(outputs.now)
        self.pages = result.pages

    def close(self) -> None:
        """Record the last build's files for the next process, and drop a scratch cache."""
        if self.manifest is not None and self.options.cache is not None and self.out.is_dir():
            store = disk.Store(self.options.cache).layer("outputs")
            Outputs.record(store, output_name(self.out, self.options.content), self.manifest)
        if self._scratch_cache is not None:
            shutil.rmtree(self._scratch_cache, ignore_errors=True)
            self._scratch_cache = None


def _own_problems(entry: BundleEntry, drafts: bool) -> tuple[Diagnostic, ...]:
    """A bundle's diagnostics, as ``collect.site_records`` reports them."""
    built = entry.record is not None and (drafts or not entry.draft)
    return entry.loaded + entry.resolved if built else entry.loaded


def _pages(paths: Iterable[str]) -> int:
    return sum(1 for path in paths if path.endswith(".html"))


def _failed(result: Result) -> bool:
    return any(d.severity == "error" for d in result.diagnostics)


@dataclass(frozen=True)
class Edit:
    """Bundles edited in what their own pages show (``shown``: and in what others show of them)."""

    records: dict[str, ArticleRecord]  # by slug, as built now
    shown: bool


def _edited(was: dict[str, Found], now: dict[str, Found], dirty: set[str] | None) -> Edit | None:
    """The edit of the changed bundles when each one's entry is the last build's but
    for its record, and the record changed only in what pages show (``refresh``);
    None otherwise (the site-wide views are made again)."""
    if dirty is None or was.keys() != now.keys():
        return None
    records, shown = {}, False
    for name in dirty:
        old, new = was[name], now[name]  # (the same key: only an asset's bytes changed, it is copied again)
        before, after = old.entry.record, new.entry.record
        if before is None or after is None or replace(old.entry, record=after) != new.entry:
            return None
        if not shown_only(before, after):
            return None
        records[after.slug] = after
        shown = shown or replace(before, key=after.key) != after
    return Edit(records, shown)
