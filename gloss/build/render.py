"""Stage 4, render: ``Site`` -> ``Output``s (bytes for each file of the site).

Jinja templates come from the theme folder (``--templates``), with strict
undefined variables and autoescaping; the page chrome is translated from the
theme's ``i18n/<lang>.yaml``. Templates write ``{{ x.summary|html }}`` and
``{{ url|url }}``: on pages these give the site's HTML and root-relative
URLs, inside feed entries the absolute ones. Nothing here touches the output
folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, pairwise
from operator import attrgetter, is_not
from typing import Any
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

from gloss.build.parts import Parts
from gloss.build.sitewide import article_navs
from gloss.build.templating import environment, template_line, translator
from gloss.content.theme import Theme, load_theme
from gloss.content.views import Article, ArticleNav, Site
from gloss.core import urls
from gloss.core.diagnostics import Diagnostic, error
from gloss.core.output import Output
from gloss.core.workers import can_fork, forked_pool
from gloss.formats.annotations import collection as annotation_collection
from gloss.formats.feeds import Entry, atom
from gloss.formats.sitemap import MAX_URLS, robots, sitemap, sitemap_files, sitemap_key
from gloss.markdown.highlight import stylesheet

__all__ = ["Output", "RenderCache", "Theme", "load_theme", "render_site", "translator"]
PARALLEL_PAGES = 64  # fewer article pages render sooner in this process than workers start


@dataclass
class RenderCache:
    """Pages and feed entries of the previous build, each with the data it was
    rendered from: a page whose template, language and data are equal is not
    rendered again. Kept by long-running processes; dropped when the theme or
    the configuration changes."""

    pages: dict[str, tuple[Any, Output]] = field(default_factory=dict)
    entries: dict[str, tuple[Article, str]] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # pages the last build rendered (not reused)
    env: jinja2.Environment | None = None  # compiled templates, for the same theme
    series: dict[str, tuple[tuple[Any, ...], list[Output]]] = field(default_factory=dict)  # see ``Renderer.series``
    paths: list[str] = field(default_factory=list)  # the outputs' paths in the order made, and
    order: list[int] = field(default_factory=list)  # the order that sorts them
    css: bytes = b""
    navs: dict[str, ArticleNav] = field(default_factory=dict)  # each article page's, as last rendered
    parts: Parts = field(default_factory=Parts)  # see ``Renderer.part``
    digests: dict[int, tuple[Any, str]] = field(default_factory=dict)  # by id: a list item and its digest


class Renderer:
    def __init__(self, site: Site, theme: Theme, cache: RenderCache) -> None:
        self.site = site
        self.theme = theme
        if cache.env is None:
            cache.env = environment(theme)
        self.env = cache.env
        self.problems: list[Diagnostic] = []
        self.broken_pages: dict[tuple[str, int, str], list[str]] = {}
        self.outputs: list[Output] = []
        self.cache = cache
        self.rendered: list[str] = []
        self.ready: dict[str, str] = {}  # pages rendered ahead by worker processes, by path
        self.navs = dict(
            zip((a.slug for a in site.articles), article_navs([a.link() for a in site.articles]), strict=True)
        )

    def prerender(
        self, articles: tuple[Article, ...], jobs: int, progress: Callable[[str, int, int], None] | None
    ) -> None:
        """Render the article pages in ``jobs`` forked workers, which inherit this renderer
        (nothing is pickled on the way in); ``made`` takes them from ``ready``."""
        chunks = [list(range(i, min(i + 32, len(articles)))) for i in range(0, len(articles), 32)]
        with forked_pool(jobs, _adopt, (self,)) as pool:
            done = 0
            for chunk, pages in zip(chunks, pool.map(_render_articles, chunks), strict=True):
                for i, html in zip(chunk, pages, strict=True):
                    if html is not None:  # a failure is rendered again here, to report it
                        self.ready[urls.article(articles[i].slug)] = html
                done += len(chunk)
                if progress is not None:
                    progress("rendering", done, len(articles))

    def _render(self, template: str, lang: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            site=self.site.config,
            base=self.site.config.base_path,
            lang=lang,
            t=translator(self.theme, lang),
            site_t=translator(self.theme, self.site.config.language),
            part=lambda name, **values: self.part(name, lang, **values),
            **context,
        )

    def part(self, template: str, lang: str, **context: Any) -> Markup:
        """A part of a page (``{{ part("archive_month.html", month=month) }}`` in a
        template), rendered once for equal data and kept (``parts.Parts``): a
        long-running preview renders again only the parts an edit changed, e.g. one
        month of a 10,000-article archive."""
        return self.cache.parts.get(template, lang, context, lambda: Markup(self._render(template, lang, **context)))

    def text(self, template: str, lang: str, what: str, **context: Any) -> str | None:
        """Render ``template``; on failure record a diagnostic and return None."""
        try:
            return self._render(template, lang, **context)
        except jinja2.TemplateSyntaxError as exc:
            file = exc.filename or os.path.join(self.theme.folder, exc.name or template)
            self.template_error(file, exc.lineno or 1, what, f"template syntax error: {exc.message}")
        except Exception as exc:  # a theme's runtime error (or a missing include), reported like content errors
            file, line = template_line(exc.__traceback__, self.theme.folder)
            detail = (
                f"template not found: {exc.name}"
                if isinstance(exc, jinja2.TemplateNotFound)
                else f"{type(exc).__name__}: {exc}"
            )
            self.template_error(file or os.path.join(self.theme.folder, template), line, what, detail)
        return None

    def template_error(self, file: str, line: int, what: str, detail: str) -> None:
        """Note a theme error met while rendering the page ``what`` (one error is
        reported once, naming the first page it broke and how many others)."""
        self.broken_pages.setdefault((file, line, detail), []).append(what)

    def template_problems(self) -> list[Diagnostic]:
        found = []
        for (file, line, detail), pages in self.broken_pages.items():
            others = f" (and {len(pages) - 1} other page{'s' * (len(pages) != 2)})" if len(pages) > 1 else ""
            found.append(error(file, line, 1, f"while rendering {pages[0]}{others}: {detail}"))
        return found

    def made(self, template: str, path: str, lang: str, origin: str, key: Any = None, **context: Any) -> Output | None:
        """``template`` rendered to ``path``, or the previous output while ``key`` (by
        default: the template, language and context) is equal; None on errors."""
        key = key if key is not None else (template, lang, tuple(sorted(context.items())))
        hit = self.cache.pages.get(path)
        if hit is not None and (hit[0] is key or hit[0] == key):
            return hit[1]
        html = self.ready.pop(path, None) or self.text(template, lang, urls.shown(path), **context)
        if html is None:
            return None
        output = Output(path, html.encode("utf-8"), origin=origin)
        self.cache.pages[path] = (key, output)
        self.rendered.append(path)
        return output

    def page(self, template: str, path: str, lang: str, origin: str, **context: Any) -> None:
        output = self.made(template, path, lang, origin, **context)
        if output is not None:
            self.outputs.append(output)

    def series(
        self,
        name: str,
        items: tuple[Any, ...],
        make: Callable[[Any], Output | None],
        again: frozenset[int] = frozenset(),
    ) -> None:
        """One page per item (articles, days…). Where the items are the previous build's
        but for a few, only those few are looked at: an item that is the very object at
        the same place last time has the same page, unless its index is in ``again``
        (its page shows something besides the item that changed)."""
        before, done = self.cache.series.pop(name, ((), []))
        pages: list[Output | None] = list(done)
        if len(before) == len(items) and items:
            for i in sorted(again.union(compress(range(len(items)), map(is_not, items, before)))):
                pages[i] = make(items[i])
        else:
            pages = [make(item) for item in items]
        made = [page for page in pages if page is not None]
        if len(made) == len(pages):  # (after an error, all are looked at again)
            self.cache.series[name] = (items, made)
        self.outputs.extend(made)

    def article(self, article: Article) -> Output | None:
        # The article and where it stands (``navs``) decide everything on its page.
        nav = self.navs.get(article.slug, ArticleNav())
        return self.made(
            "article.html",
            urls.article(article.slug),
            article.lang,
            os.path.join(article.bundle, "index.md"),
            key=(article, nav),
            article=article,
            nav=nav,
        )

    def annotations(self, article: Article) -> Output:
        """The article's Web Annotation export, reused while the article is the same."""
        return self.file(
            urls.annotations_file(article.slug), article, lambda: annotation_collection(article, self.site.config)
        )

    def file(self, path: str, key: Any, make: Callable[[], bytes]) -> Output:
        """A file made by code rather than a template, reused while ``key`` is unchanged."""
        hit = self.cache.pages.get(path)
        if hit is None or (hit[0] is not key and hit[0] != key):
            hit = (key, Output(path, make()))
            self.cache.pages[path] = hit
        return hit[1]

    def generated(self, path: str, key: Any, make: Callable[[], bytes]) -> None:
        self.outputs.append(self.file(path, key, make))

    def feed(self, path: str, title: str, page_url: str, articles: list[Article]) -> None:
        """``articles``: the newest ``feed_entries`` articles, newest first."""
        config = self.site.config
        key = ("feed", title, page_url, tuple(articles))
        hit = self.cache.pages.get(path)
        if hit is not None and hit[0] == key:
            self.outputs.append(hit[1])
            return
        entries = []
        for article in articles:
            absolute = urljoin(config.base_url, article.url)
            entry = self.cache.entries.get(article.slug)
            content: str | None = entry[1] if entry is not None and entry[0] == article else None
            if content is None:
                content = self.text(
                    "feed_entry.html",
                    article.lang,
                    f"the feed entry of {urls.shown(urls.article(article.slug))}",
                    article=article,
                    absolute=absolute,
                )
                if content is None:
                    return
                self.cache.entries[article.slug] = (article, content)
            entries.append(Entry(article, absolute, content))
        # the feed's own URL percent-encoded like every other link (a CJK tag's path is not ASCII)
        data = atom(config, title, urljoin(config.base_url, page_url), urls.absolute(config.base_url, path), entries)
        output = Output(path, data, origin=self.theme.path("feed_entry.html"))
        self.cache.pages[path] = (key, output)
        self.outputs.append(output)

    def sorted_outputs(self) -> list[Output]:
        """The outputs by path (in the same order as last time when their paths are the
        same); two outputs at one path are an error."""
        paths = list(map(attrgetter("path"), self.outputs))
        cache = self.cache
        order = cache.order
        if paths != cache.paths:
            order = sorted(range(len(paths)), key=paths.__getitem__)
            for first, second in pairwise(order):
                if paths[first] == paths[second]:
                    one, two = self.outputs[first], self.outputs[second]
                    self.problems.append(
                        error(
                            two.source or one.source or one.path,
                            1,
                            1,
                            f'two files would be written to "{one.path}"; rename the asset',
                        )
                    )
            cache.paths, cache.order = (paths, order) if not self.problems else ([], [])
            live = set(paths)  # forget pages no longer made
            cache.pages = {path: hit for path, hit in cache.pages.items() if path in live}
            cache.entries = {slug: hit for slug, hit in cache.entries.items() if urls.article(slug) in live}
        return list(map(self.outputs.__getitem__, order))


_FORKED: list[Renderer] = []  # in a render worker only: the renderer it was forked with


def _adopt(renderer: Renderer) -> None:
    _FORKED.append(renderer)


def _render_articles(indices: list[int]) -> list[str | None]:
    r = _FORKED[0]
    articles = r.site.articles
    return [
        r.text(
            "article.html",
            articles[i].lang,
            urls.shown(urls.article(articles[i].slug)),
            article=articles[i],
            nav=r.navs[articles[i].slug],
        )
        for i in indices
    ]


def _copy(path: str, source: str) -> Output:
    stat = os.stat(source)
    return Output(path, source=source, stamp=(stat.st_mtime_ns, stat.st_size))


def render_site(
    site: Site,
    theme: Theme,
    cache: RenderCache | None = None,
    jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[Output], list[Diagnostic]]:
    """Every file of the site. With a ``cache`` from the previous build, pages whose
    data did not change are reused instead of rendered (the result is the same).
    A first build renders the article pages in ``jobs`` processes (forked, so only
    where this process runs no other thread)."""
    cache = cache if cache is not None else RenderCache()
    r = Renderer(site, theme, cache)
    if not cache.pages and can_fork(jobs, len(site.articles), PARALLEL_PAGES):
        r.prerender(site.articles, jobs, progress)
    _article_files(r, site, cache)
    _list_pages(r, site, theme)
    _site_files(r, site, theme, cache)
    cache.rendered = r.rendered
    r.problems += r.template_problems()
    return r.sorted_outputs(), r.problems


def _article_files(r: Renderer, site: Site, cache: RenderCache) -> None:
    """Each article's page (made again when its data or its navigation changed), its
    annotations and its assets."""
    moved = frozenset(i for i, a in enumerate(site.articles) if cache.navs.get(a.slug) != r.navs[a.slug])
    r.series("articles", site.articles, r.article, moved)
    cache.navs = r.navs
    r.series("annotations", site.articles, r.annotations)
    for article in filter(attrgetter("assets"), site.articles):
        r.outputs.extend(
            _copy(urls.bundle_file(article.slug, asset), os.path.join(article.bundle, asset))
            for asset in article.assets
        )


def _list_pages(r: Renderer, site: Site, theme: Theme) -> None:
    """The digest days, home pages, tag pages and their feeds, archive, search and 404."""
    lang, config, origin = site.config.language, site.config, theme.path
    r.series(
        "days", site.days, lambda day: r.made("digest.html", urls.day(day.date), lang, origin("digest.html"), day=day)
    )
    r.series(
        "home",
        site.home,
        lambda home: r.made("home.html", urls.home(home.number), lang, origin("home.html"), home=home, days=home.days),
    )
    r.page("tags.html", urls.TAGS_INDEX, lang, origin("tags.html"), tags=site.tags)
    r.series("tags", site.tags, lambda tag: r.made("tag.html", urls.tag(tag.slug), lang, origin("tag.html"), tag=tag))
    by_slug = dict(zip(map(attrgetter("slug"), site.articles), site.articles, strict=True))
    entries = config.feed_entries
    for tag in site.tags:
        r.feed(
            urls.tag_feed(tag.slug),
            f"{config.title}: {tag.name}",
            tag.url,
            [by_slug[ref.slug] for ref in tag.articles[:entries]],
        )
    r.page("archive.html", urls.ARCHIVE, lang, origin("archive.html"), months=site.months)
    r.page("search.html", urls.SEARCH, lang, origin("search.html"))  # (the shards: pagefind/shards.json)
    r.page("404.html", urls.NOT_FOUND, lang, origin("404.html"))


def _site_files(r: Renderer, site: Site, theme: Theme, cache: RenderCache) -> None:
    """The site feed, the sitemap (an index past ``MAX_URLS``), robots.txt and the
    theme's assets with the code highlighting stylesheet."""
    config, entries = site.config, site.config.feed_entries
    newest = list(reversed(site.articles[-entries:]))  # the articles are sorted by date, then slug
    r.feed(urls.FEED, config.title, urls.home_url(config.base_path, 1), newest)
    if len(site.articles) + len(site.days) + len(site.tags) + len(site.home) + 2 <= MAX_URLS:
        r.generated(urls.SITEMAP, ("sitemap", sitemap_key(site)), lambda: sitemap(site))
    else:  # a sitemap index and its files
        r.outputs.extend(Output(name, data) for name, data in sitemap_files(site))
    r.outputs.append(Output(urls.ROBOTS, robots(config)))
    for asset in theme.assets:
        r.outputs.append(_copy(asset, theme.path(asset)))
    cache.css = cache.css or stylesheet().encode("utf-8")
    r.outputs.append(Output(urls.HIGHLIGHT_CSS, cache.css))
