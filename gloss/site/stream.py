"""A streamed build: what ``build`` and ``check`` run.

    bundles --collect--> [BundleEntry] --index_site--> SiteIndex --Pages--> Scratch --commit--> site/
                 (cached by bundle key;         (small records only)   (each file made only when
                  full views go to the cache)                            its inputs changed)

Only the records are held for the whole site; bodies stream from the cache
to the page and out. Reading, indexing and rendering run in a child process
(``_render``), which hands back what the search index, the link check and the
swap need (``Rendered``) and takes the records' memory with it. The
bookkeeping that makes a fresh process cost what changed is ``incremental``;
the stages it calls are the same pure functions as ever (load, parse,
resolve, sitewide, the templates).

``check`` is the same build into a scratch folder that is never swapped in,
over the cache read-only (what it must make it keeps in a temporary layer),
followed by the link check of every page made or kept.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from gloss.build.records import SiteIndex
from gloss.build.urlcheck import places
from gloss.content.config import load_config
from gloss.content.theme import Theme, load_theme
from gloss.core import cache as disk
from gloss.core import heap, workers
from gloss.core.diagnostics import Diagnostic, error
from gloss.formats.linkcheck import Places, check_files
from gloss.formats.search import API, BUNDLE, IndexedPage, Report, search_files
from gloss.publish.scratch import Scratch
from gloss.site.collect import Job, collect, index_site
from gloss.site.incremental import Outputs, Tally, output_name
from gloss.site.pages import Pages
from gloss.site.pipeline import Options, Result, clock


def build(options: Options, out: Path, reuse: bool = True) -> Result:
    """Build the site into ``out``; nothing is written when there are errors."""
    if options.cache is not None:
        return _run(options, out, reuse, disk.Store(options.cache), None)
    with tempfile.TemporaryDirectory(prefix="gloss-cache-") as scratch_cache:  # --no-cache: a cache for this run
        return _run(options, out, reuse, disk.Store(Path(scratch_cache)), None)


def check(options: Options, out: Path) -> Result:
    """Everything ``build`` would report, and every broken internal link of the pages
    it would write; nothing is written (the cache is read, not changed)."""
    with tempfile.TemporaryDirectory(prefix="gloss-check-") as work:
        cache = disk.Store(Path(work) / "cache", under=options.cache)
        return _run(options, out, True, cache, Path(work))


def _run(options: Options, out: Path, reuse: bool, cache: disk.Store, checking: Path | None) -> Result:
    result = Result()
    config, problems = load_config(options.content, options.base_url)
    theme, theme_problems = load_theme(options.templates)
    result.diagnostics += problems + theme_problems
    if config is None or theme is None:
        return result
    job = Job(config, options.content, cache)
    with Scratch(out, reuse, at=checking) as scratch:
        with heap.long_lived():  # the last build's manifest (the child that renders shares it)
            outputs = Outputs(scratch, job.cache.layer("outputs"), output_name(out, job.content))
        try:
            rendered = workers.in_child(partial(_render, options, job, theme, outputs, result, checking is not None))
        except workers.ChildDied as exc:
            result.diagnostics.append(error("gloss", 1, 1, str(exc)))
            return result
        result = rendered.result
        if rendered.tally is not None and not _failed(result):
            outputs.resume(rendered.tally)
            _finish(options, job, theme, outputs, rendered, checking)
    result.diagnostics.sort()
    return result


@dataclass(frozen=True)
class Rendered:
    """What rendering leaves for the search index, the link check and the swap: all
    that comes back from the child process that rendered the pages (``_render``)."""

    result: Result
    tally: Tally | None = None
    indexed: list[IndexedPage] = field(default_factory=list)  # the pages to index (``search``)
    origins: dict[str, str] = field(default_factory=dict)  # every file made, and what it is reported against
    written: Places = field(default_factory=dict)  # where each link was written (``check``)


def _render(options: Options, job: Job, theme: Theme, outputs: Outputs, result: Result, checking: bool) -> Rendered:
    """Every bundle's entry, the site-wide views, then every page put into the scratch
    folder. Run in a child process (``workers.in_child``): the records and views of the
    whole site, and whatever rendering left in this process's memory pools, go away
    with it before Pagefind starts (at 100,000 articles, a gigabyte)."""
    at = clock()
    index = _index(job, options, result, at)
    if _failed(result):
        return Rendered(result)
    at = clock()
    pages = Pages(index, theme, outputs, job)
    del index  # (held by the pages alone)
    parts = pages.keep_parts(job.cache.layer("parts"))
    result.diagnostics += pages.make_all(options.jobs, options.progress)
    if not checking and not _failed(result):
        parts.prune()  # (housekeeping of the cache: a build that fails later renders them again)
    result.lap("render", at)
    indexed = pages.indexed() if options.search else []
    if not checking:  # (what only the link check needs stays here: at 100,000 articles, 40 MiB)
        return Rendered(result, outputs.tally(), indexed)
    written = places({r.slug: r.site_urls for r in pages.index.records if r.site_urls})
    return Rendered(result, outputs.tally(), indexed, pages.origins, written)


def _index(job: Job, options: Options, result: Result, at: tuple[float, float]) -> SiteIndex:
    """Every bundle's entry, then the site-wide views (their problems in ``result``)."""
    with heap.long_lived():  # the entries, then the records and views, live for the whole build
        entries, problems = collect(job, options.jobs, options.progress)
        result.diagnostics += problems
        result.history = sorted({path for entry in entries for path, _ in entry.history})
        at = result.lap("read", at)
        index = index_site(job.config, entries, options.drafts, result.diagnostics)
    result.articles = len(index.records)
    result.lap("site-wide", at)
    return index


def _finish(
    options: Options, job: Job, theme: Theme, outputs: Outputs, rendered: Rendered, checking: Path | None
) -> None:
    """The search index, then the swap (``build``) or the link check (``check``)."""
    result, scratch, at = rendered.result, outputs.scratch, clock()
    if options.search:
        heap.give_back()  # (before Pagefind, whose memory comes on top of this process's)
        shards = Report()
        ready = scratch.reuse and overlay_ready(theme)
        result.diagnostics += search_pages(outputs, rendered.indexed, job.cache.layer("search"), shards, overlay=ready)
        result.shards = (len(shards.indexed), len(shards.indexed) + len(shards.reused))
        at = result.lap("search index", at)
    elif checking is None:
        outputs.keep_as_they_are(BUNDLE + "/")  # (the last index, if any: never deleted by a build without one)
    if _failed(result):
        return
    if checking is not None:
        skip = () if options.search else (BUNDLE + "/",)
        result.diagnostics += check_files(
            rendered.origins, scratch.read, job.config.base_url, skip, places=rendered.written
        )
        result.lap("check links", at)
        return
    scratch.commit(outputs.now)
    outputs.save()
    result.lap("write", at)
    result.written, result.made, result.kept = True, outputs.made, outputs.kept
    result.files = len(outputs.now)
    result.pages = sum(1 for path in outputs.now if path.endswith(".html"))


def _failed(result: Result) -> bool:
    return any(d.severity == "error" for d in result.diagnostics)


def search_pages(
    outputs: Outputs,
    pages: Sequence[IndexedPage],
    store: disk.Store | None,
    report: Report | None = None,
    overlay: bool = True,
) -> list[Diagnostic]:
    """The search index of a streamed build's pages, a shard at a time: a shard made
    from the same pages kept from the last build, another read back from the cache, or
    indexed again from the folder being written, and written beside the pages
    (``overlay``: False for a new layout whatever changed, as ``build --clean``)."""
    read, put, keep = outputs.scratch.read, outputs.put, outputs.keep_all
    return search_files(pages, read, store, put, keep, report=report, overlay=overlay)


def overlay_ready(theme: Theme) -> bool:
    """Whether the theme's search page asks Pagefind through ``assets/search/``, which
    leaves out the copies an overlay supersedes. A search page overridden before it
    existed talks to Pagefind itself: its builds always cut the index anew."""
    try:
        return API in Path(theme.path("search.html")).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
