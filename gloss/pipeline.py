"""The stages in order: load -> parse -> resolve -> render (write is separate).

``run`` returns what a build would write and every diagnostic of the run;
``check`` and ``build`` share it, so ``check`` finds exactly what ``build``
would refuse.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .config import load_config
from .diagnostics import Diagnostic
from .load import ArticleSource, load_site
from .parse import ParsedArticle, parse_article
from .render import Output, load_theme, render_site
from .linkcheck import check_links
from .search import BUNDLE, search_index
from .crosslink import link_site
from .views import Site

PARALLEL_THRESHOLD = 64  # below this, worker start-up costs more than it saves


@dataclass(frozen=True)
class Options:
    content: Path
    templates: Path
    drafts: bool = False
    base_url: str | None = None
    jobs: int = 1
    search: bool = True  # build the Pagefind index (``check`` skips it)
    check_links: bool = False  # check every internal link of the rendered site (``check``)


@dataclass
class Result:
    site: Site | None = None
    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.site is not None and not any(d.severity == "error" for d in self.diagnostics)


def parse_all(sources: list[ArticleSource], allow_html: bool, base_url: str, jobs: int) -> list[ParsedArticle]:
    work = partial(parse_article, allow_html=allow_html, base_url=base_url)
    if jobs > 1 and len(sources) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(work, sources, chunksize=16))
    return [work(source) for source in sources]


def run(options: Options) -> Result:
    result = Result()
    config, problems = load_config(options.content, options.base_url)
    theme, theme_problems = load_theme(options.templates)
    result.diagnostics += problems + theme_problems
    if config is None or theme is None:
        return result
    source, problems = load_site(options.content, config, drafts=options.drafts)
    result.diagnostics += problems
    parsed = parse_all(list(source.articles), config.allow_html, config.base_url, options.jobs)
    site, problems = link_site(config, parsed, source.broken, source.drafts)
    result.diagnostics += problems
    outputs, problems = render_site(site, theme)
    result.diagnostics += problems
    clean = not any(d.severity == "error" for d in result.diagnostics)
    if options.check_links and clean:
        result.diagnostics += check_links(outputs, config.base_url, skip=() if options.search else (BUNDLE + "/",))
    if options.search and clean:
        index, problems = search_index(outputs)
        outputs = sorted(outputs + index, key=lambda o: o.path)
        result.diagnostics += problems
    result.diagnostics.sort()
    if not any(d.severity == "error" for d in result.diagnostics):
        result.site, result.outputs = site, outputs
    return result
