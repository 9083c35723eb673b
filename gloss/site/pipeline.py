"""The stages in order: load -> parse -> resolve -> render (write is separate).

``run`` returns what a build would write and every diagnostic of the run;
``check`` and ``build`` share it, so ``check`` finds exactly what ``build``
would refuse.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import compress
from operator import is_not
from pathlib import Path
from typing import Any, TypeVar

from gloss.anchoring.history import with_history
from gloss.build.crosslink import LinkCache, link_site
from gloss.build.parse import ParsedArticle, parse_article
from gloss.build.render import RenderCache, render_site
from gloss.content.config import SiteConfig, load_config
from gloss.content.load import ArticleSource, LoadCache, load_site
from gloss.content.theme import Theme, load_theme
from gloss.content.views import Site
from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic
from gloss.core.output import Output
from gloss.formats.linkcheck import check_links
from gloss.formats.search import BUNDLE, search_outputs

R = TypeVar("R")

PARALLEL_THRESHOLD = 64  # below this, worker start-up costs more than it saves

Progress = Callable[[str, int, int], None]  # (stage, done, total), for a progress bar


def _parallel(jobs: int, count: int) -> bool:
    return jobs > 1 and count >= PARALLEL_THRESHOLD


def _map(work: Callable[[Any], R], items: list[Any], jobs: int, progress: Progress | None, stage: str) -> list[R]:
    """``work`` over ``items``, in ``jobs`` worker processes when there are enough of them,
    reporting progress every chunk."""
    total = len(items)
    if _parallel(jobs, total):
        chunk = max(1, min(16, total // (jobs * 8)))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done: list[R] = []
            for result in pool.map(work, items, chunksize=chunk):
                done.append(result)
                if progress is not None and len(done) % chunk == 0:
                    progress(stage, len(done), total)
    else:
        done = []
        for item in items:
            done.append(work(item))
            if progress is not None and len(done) % 16 == 0:
                progress(stage, len(done), total)
    if progress is not None and total:
        progress(stage, total, total)
    return done


@dataclass(frozen=True)
class Options:
    content: Path
    templates: Path
    drafts: bool = False
    base_url: str | None = None
    jobs: int = 1
    search: bool = True  # build the Pagefind index (``check`` skips it)
    check_links: bool = False  # check every internal link of the rendered site (``check``)
    cache: Path | None = None  # the persistent cache's folder (``cache.folder_for``); None: none
    cache_writes: bool = True  # False: read the cache only (``check`` writes nothing)
    progress: Progress | None = field(default=None, compare=False)  # told how far the long stages are


def clock() -> tuple[float, float]:
    """Now, as (wall, CPU time of this process)."""
    return time.perf_counter(), time.process_time()


@dataclass
class Result:
    site: Site | None = None
    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: list[tuple[str, float, float]] = field(default_factory=list)  # (stage, wall s, CPU s of this process)
    history: list[str] = field(default_factory=list)  # documents whose git history was read (``history.py``)
    written: bool = False  # a streamed build (``stream.build``) swapped its site in
    articles: int = 0  # articles a streamed build built
    made: int = 0  # files a streamed build made (rendered or written anew)
    kept: int = 0  # files it kept from the last build, untouched
    files: int = 0
    pages: int = 0
    shards: tuple[int, int] = (0, 0)  # search index shards a streamed build indexed again, of all

    def lap(self, stage: str, since: tuple[float, float]) -> tuple[float, float]:
        """Record the time ``stage`` took since ``since`` (a previous ``clock()``)."""
        now = clock()
        self.timings.append((stage, now[0] - since[0], now[1] - since[1]))
        return now

    @property
    def ok(self) -> bool:
        return self.site is not None and not any(d.severity == "error" for d in self.diagnostics)


@dataclass
class ParseCache:
    """Each bundle's source with its parse, and the last call's sources and result."""

    parsed: dict[str, tuple[ArticleSource, ParsedArticle]] = field(default_factory=dict)
    sources: list[ArticleSource] = field(default_factory=list)
    result: list[ParsedArticle] = field(default_factory=list)


@dataclass
class Memo:
    """Everything a long-running process (serve, build --watch) keeps between builds.
    Each stage reuses what its inputs did not change; a new configuration resets
    everything and a changed theme every page (when in doubt, rebuild)."""

    config: SiteConfig | None = None
    theme: Theme | None = None
    load: LoadCache = field(default_factory=LoadCache)
    parsed: ParseCache = field(default_factory=ParseCache)
    links: LinkCache = field(default_factory=LinkCache)
    render: RenderCache = field(default_factory=RenderCache)

    def adopt(self, config: SiteConfig, theme: Theme) -> None:
        if config != self.config:
            self.load, self.parsed, self.links, self.render = LoadCache(), ParseCache(), LinkCache(), RenderCache()
        elif theme != self.theme:
            self.render = RenderCache()
        self.config, self.theme = config, theme


def _parse_packed(pickled: bytes, allow_html: bool, base_url: str) -> bytes:
    """A worker's parse of a pickled source, packed for the persistent cache (without
    the source, which the key stands for). The source comes pickled because its
    pickle is the key: pickled once, it is not pickled again on the way to the worker."""
    source = pickle.loads(pickled)
    parsed = parse_article(source, allow_html=allow_html, base_url=base_url)
    return disk.pack(replace(parsed, source=None))  # type: ignore[arg-type]  # stored without its source (see _parse_stored)


def _parse_stored(
    todo: list[ArticleSource],
    allow_html: bool,
    base_url: str,
    jobs: int,
    store: disk.Store,
    complete: bool,
    progress: Progress | None,
) -> list[ParsedArticle]:
    """Parse ``todo``, taking what the persistent cache holds and storing the rest."""
    salt = disk.salt() + repr((allow_html, base_url)).encode()
    pickled = [pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL) for s in todo]
    keys = [disk.key(salt, p) for p in pickled]
    found: list[ParsedArticle | None] = [store.get(k) for k in keys]
    missing = [i for i, hit in enumerate(found) if not isinstance(hit, ParsedArticle)]
    if _parallel(jobs, len(missing)):  # workers send their parse back packed: it is stored as it comes
        work = partial(_parse_packed, allow_html=allow_html, base_url=base_url)
        blobs = _map(work, [pickled[i] for i in missing], jobs, progress, "parsing")
        parsed = [disk.unpack(blob) for blob in blobs]
    else:  # parsed here: packed only to be stored
        parse = partial(parse_article, allow_html=allow_html, base_url=base_url)
        parsed = _map(parse, [todo[i] for i in missing], 1, progress, "parsing")
        blobs = [
            disk.pack(replace(p, source=None)) for p in parsed
        ]  # (stored without the source: the key stands for it)
    for i, blob, article in zip(missing, blobs, parsed, strict=True):
        store.put_packed(keys[i], blob)
        found[i] = article
    if complete:  # the whole site was looked up: entries nothing asked for are stale
        store.prune(keys)
    done = [p for p in found if p is not None]  # (every one found or parsed by now)
    assert len(done) == len(todo)
    return [p if p.source is s else replace(p, source=s) for p, s in zip(done, todo, strict=True)]


def parse_all(
    sources: list[ArticleSource],
    allow_html: bool,
    base_url: str,
    jobs: int,
    cache: ParseCache | None = None,
    store: disk.Store | None = None,
    progress: Progress | None = None,
) -> list[ParsedArticle]:
    """Parse every article; with a ``cache``, only those whose source changed (where the
    list is the last one but for a few sources, only those few are looked at); with a
    ``store``, only those the persistent cache does not hold."""
    work = partial(parse_article, allow_html=allow_html, base_url=base_url)
    cache = cache if cache is not None else ParseCache()
    known = cache.parsed
    if len(sources) == len(cache.sources) and sources:
        result = list(cache.result)
        places = list(compress(range(len(sources)), map(is_not, sources, cache.sources)))
    else:
        result, places = [], list(range(len(sources)))
    todo = []
    for i in places:
        hit = known.get(sources[i].bundle)
        if hit is None or (hit[0] is not sources[i] and hit[0] != sources[i]):
            todo.append(sources[i])
        elif hit[0] is not sources[i]:  # read again, unchanged
            known[sources[i].bundle] = (sources[i], hit[1])
    if store is not None:
        done = _parse_stored(todo, allow_html, base_url, jobs, store, len(todo) == len(sources), progress)
    else:
        done = _map(work, todo, jobs, progress, "parsing")
    known.update((s.bundle, (s, p)) for s, p in zip(todo, done, strict=True))
    if len(known) > len(sources):  # bundles gone since the last build
        current = {s.bundle for s in sources}
        for bundle in [b for b in known if b not in current]:
            del known[bundle]
    if len(result) != len(sources):
        result = [known[s.bundle][1] for s in sources]
    else:
        for i in places:
            result[i] = known[sources[i].bundle][1]
    cache.sources, cache.result = list(sources), result
    return result


INEXACT = ("drifted", "ambiguous", "orphan")


def _inexact(parsed: ParsedArticle) -> tuple[bool, bool]:
    """Whether the index (original) document has quotes its words alone do not find
    exactly (drifted, ambiguous or orphaned), or whose end is in doubt: the history decides."""
    return (
        any(a.status in INEXACT or a.end_doubted for a in parsed.index.anchored),
        parsed.original is not None and any(a.status in INEXACT or a.end_doubted for a in parsed.original.anchored),
    )


def follow_history(
    parsed: list[ParsedArticle], allow_html: bool, base_url: str, store: disk.Store | None
) -> tuple[list[ParsedArticle], list[str]]:
    """Each article with quotes not found exactly parsed again with its documents' earlier versions
    from git, so the quotes are followed from the version they were written against; and
    the documents whose history was asked for. Git runs only for such articles; with no
    history, the parse stays as it was."""
    result = parsed
    asked: list[str] = []
    for i, article in enumerate(parsed):
        index, original = _inexact(article)
        if not (index or original):
            continue
        asked += [
            doc.path
            for doc, orphaned in ((article.source.index, index), (article.source.original, original))
            if doc is not None and orphaned
        ]
        source = with_history(article.source, index, original)
        if source is article.source:
            continue
        if result is parsed:
            result = list(parsed)
        if store is not None:
            result[i] = _parse_stored([source], allow_html, base_url, 1, store, False, None)[0]
        else:
            result[i] = parse_article(source, allow_html=allow_html, base_url=base_url)
    return result, asked


def run(options: Options, memo: Memo | None = None, changed: frozenset[Path] | None = None) -> Result:
    """One build. ``memo`` (from the previous build of this process) and ``changed``
    (the files touched since, None: unknown) make it incremental; the result is the
    same as without them."""
    result = Result()
    started = clock()
    config, problems = load_config(options.content, options.base_url)
    theme, theme_problems = load_theme(options.templates)
    result.diagnostics += problems + theme_problems
    if config is None or theme is None:
        return result
    if memo is not None:
        memo.adopt(config, theme)
    source, problems = load_site(
        options.content, config, drafts=options.drafts, cache=memo.load if memo else None, changed=changed
    )
    result.diagnostics += problems
    at = result.lap("load", started)
    store = disk.Store(options.cache / "parse", options.cache_writes) if options.cache else None
    parsed = parse_all(
        list(source.articles),
        config.allow_html,
        config.base_url,
        options.jobs,
        memo.parsed if memo else None,
        store,
        options.progress,
    )
    parsed, result.history = follow_history(parsed, config.allow_html, config.base_url, store)
    at = result.lap("parse", at)
    site, problems = link_site(config, parsed, source.broken, source.drafts, memo.links if memo else None)
    result.diagnostics += problems
    at = result.lap("resolve", at)
    outputs, problems = render_site(site, theme, memo.render if memo else None, options.jobs, options.progress)
    result.diagnostics += problems
    at = result.lap("render", at)
    clean = not any(d.severity == "error" for d in result.diagnostics)
    if options.check_links and clean:
        result.diagnostics += check_links(outputs, config.base_url, skip=() if options.search else (BUNDLE + "/",))
        at = result.lap("check links", at)
    if options.search and clean:
        index, problems = search_outputs(
            outputs, disk.Store(options.cache / "search", options.cache_writes) if options.cache else None
        )
        outputs = sorted(outputs + index, key=lambda o: o.path)
        result.diagnostics += problems
        at = result.lap("search index", at)
    result.diagnostics.sort()
    if not any(d.severity == "error" for d in result.diagnostics):
        result.site, result.outputs = site, outputs
    return result
