"""A streamed build: what ``build`` runs.

    bundles --collect--> [BundleEntry] --index_site--> SiteIndex --Pages--> Scratch --commit--> site/
                 (cached by bundle key;         (small records only)   (each file made only when
                  full views go to the cache)                            its inputs changed)

Only the records are held for the whole site; bodies stream from the cache
to the page and out. The bookkeeping that makes a fresh process cost what
changed is ``incremental``; the stages it calls are the same pure functions
as ever (load, parse, resolve, sitewide, the templates).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import cache as disk
from .collect import Job, collect, index_site
from .config import load_config
from .incremental import Outputs
from .pages import Pages
from .pipeline import Options, Result, clock
from .render import load_theme
from .search import search_pages
from .write import Scratch


def build(options: Options, out: Path, reuse: bool = True) -> Result:
    """Build the site into ``out``; nothing is written when there are errors."""
    if options.cache is not None:
        return _build(options, out, reuse, options.cache)
    with tempfile.TemporaryDirectory(prefix="gloss-cache-") as scratch_cache:  # --no-cache: a cache for this run
        return _build(options, out, reuse, Path(scratch_cache))


def _build(options: Options, out: Path, reuse: bool, cache: Path) -> Result:
    result = Result()
    at = clock()
    config, problems = load_config(options.content, options.base_url)
    theme, theme_problems = load_theme(options.templates)
    result.diagnostics += problems + theme_problems
    if config is None or theme is None:
        return result
    job = Job(config, options.content, cache)
    entries, problems = collect(job, options.jobs, True, options.progress)
    result.diagnostics += problems
    result.history = sorted({path for entry in entries for path, _ in entry.history})
    at = result.lap("read", at)
    index = index_site(config, entries, options.drafts, result.diagnostics)
    del entries
    at = result.lap("site-wide", at)
    if _failed(result):
        return _finish(result)
    with Scratch(out, reuse) as scratch:
        outputs = Outputs(scratch, disk.Store(cache / "outputs"), out)
        pages = Pages(index, theme, outputs, job)
        result.diagnostics += pages.make_all(options.jobs, options.progress)
        at = result.lap("render", at)
        if options.search and not _failed(result):
            result.diagnostics += search_pages(outputs, pages.indexed(), disk.Store(cache / "search"))
            at = result.lap("search index", at)
        if _failed(result):
            return _finish(result)
        scratch.commit()
        outputs.save()
        result.lap("write", at)
    result.written, result.made, result.kept = True, outputs.made, outputs.kept
    result.files = len(outputs.now)
    result.pages = sum(1 for path in outputs.now if path.endswith(".html"))
    return _finish(result)


def _failed(result: Result) -> bool:
    return any(d.severity == "error" for d in result.diagnostics)


def _finish(result: Result) -> Result:
    result.diagnostics.sort()
    return result
