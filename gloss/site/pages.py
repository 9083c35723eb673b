"""The second half of a streamed build: the ``SiteIndex`` -> every file of the
site, each made only when what it is made from changed.

Every page is written into the build's ``Scratch`` folder as soon as it is
rendered and dropped. An article page is made from its cached ``Article``
view (``collect`` stored it), filled in with its related articles and
backlinks; many of them are rendered by forked worker processes that inherit
this object (nothing is pickled on the way in) and write their pages
themselves. Before anything is rendered, ``incremental.Outputs`` is asked
whether the last build's file, made from the same inputs, can be kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from gloss.build.parts import Kept
from gloss.build.records import ArticleRecord, SiteIndex
from gloss.build.render import RenderCache, Renderer
from gloss.build.sitewide import article_navs
from gloss.content.theme import Theme
from gloss.content.views import Article, ArticleNav, Site
from gloss.core import cache as disk
from gloss.core import urls
from gloss.core.diagnostics import Diagnostic, error
from gloss.core.workers import PER_POOL, can_fork, forked_map
from gloss.formats.annotations import collection as annotation_collection
from gloss.formats.feeds import Entry, atom
from gloss.formats.search import IndexedPage
from gloss.formats.sitemap import robots, sitemap_files
from gloss.markdown.highlight import stylesheet
from gloss.site.collect import Job, stores, summarise
from gloss.site.incremental import Outputs, digest
from gloss.site.refresh import Reach

PARALLEL_PAGES = 64  # fewer article pages render sooner here than workers start
MAX_DIGESTS = 16384  # digests of list pages' items kept between builds (all dropped past it)
Progress = Callable[[str, int, int], None]


def theme_key(theme: Theme) -> str:
    """A hash of every file of the theme's layers (bytes, not times or where the layers
    are installed: a fresh checkout or another virtual environment is no change)."""
    h = hashlib.blake2b(disk.salt(), digest_size=20)
    for layer, folder in enumerate(theme.folders or (theme.folder,)):
        h.update(b"\0layer %d\0" % layer)
        disk.hash_tree(h, folder)
    return h.hexdigest()


@dataclass(frozen=True)
class ArticlePage:
    """An article page to render: its record and what the site adds to it."""

    record: ArticleRecord
    related: tuple[Any, ...]
    backlinks: tuple[Any, ...]
    nav: ArticleNav  # the articles before and after it, and the others of its day
    key: str  # of the page
    export: str  # key of its annotations export


class Pages:
    """Makes the files of one build (see the module's docstring)."""

    def __init__(
        self, index: SiteIndex, theme: Theme, outputs: Outputs, job: Job, render: RenderCache | None = None
    ) -> None:
        """``render``: the compiled templates of an earlier build with the same theme."""
        self.index = index
        self.config = index.config
        self.theme = theme
        self.outputs = outputs
        self.job = job
        site = Site(index.config, (), index.days, index.tags, index.months, index.home)
        self.renderer = Renderer(site, theme, render if render is not None else RenderCache())
        self.theme_key = theme_key(theme)
        # what every file's key holds: the theme and the configuration, hashed once
        self.config_key = digest(index.config)
        self.made_with = digest(self.theme_key, self.config_key)
        self.articles = stores(job)[1]
        self.entries = job.cache.layer("feed-entries")
        self.origins: dict[str, str] = {}  # every path made, with the file it is reported against
        self.problems: list[Diagnostic] = []

    def claim(self, path: str, origin: str = "") -> bool:
        """Whether ``path`` is still free (noting the file it is made from, ``origin``,
        for messages); two files at one path are an error."""
        first = self.origins.get(path)
        if first is None:
            self.origins[path] = origin or path
            return True
        self.problems.append(error(origin or first, 1, 1, f'two files would be written to "{path}"; rename the asset'))
        return False

    def page(self, template: str, path: str, lang: str, **context: Any) -> None:
        """A page of the site made from ``template`` and ``context``, unless kept."""
        if not self.claim(path, self.theme.path(template)):
            return
        key = digest(template, self.made_with, lang, [self._part_key(v) for _, v in sorted(context.items())])
        if self.outputs.keep(path, key):
            return
        html = self.renderer.text(template, lang, urls.shown(path), **context)
        if html is not None:
            self.outputs.put(path, key, html.encode("utf-8"))

    def _part_key(self, value: Any) -> Any:
        """What stands for ``value`` in a page's key: a tuple of views (a list page's months,
        tags, days) as the digests of its items, each made once per item object
        (``RenderCache.digests``, kept by a long-running preview, whose refreshed site-wide
        views keep the objects an edit did not change: at 10,000 articles, pickling the
        archive's months again was a third of an edit's time, hashing them most of the rest)."""
        if not isinstance(value, tuple):
            return value
        return ("items", [self._digest(item) for item in value])

    def _digest(self, item: Any) -> str:
        """``digest(item)``, made once per object."""
        memo = self.renderer.cache.digests
        known = memo.get(id(item))
        if known is None or known[0] is not item:
            if len(memo) >= MAX_DIGESTS:
                memo.clear()
            known = memo[id(item)] = (item, digest(item))
        return known[1]

    def keep_parts(self, store: disk.Store) -> Kept:
        """Keep the parts of pages (``Renderer.part``) in ``store`` too, for the next
        process."""
        kept = Kept(store, self.made_with, self._digest)
        self.renderer.cache.parts.kept = kept
        return kept

    def copy(self, path: str, source: str) -> None:
        """A file copied as it is (linked from the old site when its bytes are the same)."""
        if self.claim(path, source):
            self.outputs.put(path, "copy", Path(source).read_bytes())

    def article(self, record: ArticleRecord) -> Article:
        """The record's full view, from the cache (made again if the cache lost it)."""
        found = self.articles.get(record.key)
        if not isinstance(found, Article):
            bundle = Path(record.bundle)
            summarise(self.job, bundle, record.slug, record.key)
            found = self.articles.get(record.key)
        assert isinstance(found, Article), record.bundle
        return found

    def article_pages(self, jobs: int, progress: Progress | None, only: Collection[str] | None = None) -> None:
        """Every article page and annotations export that changed, then the assets
        (``only``: of these slugs alone)."""
        index = self.index
        records = index.records
        if only is None:
            places = list(enumerate(article_navs([r.link() for r in records])))
        else:
            places = [(i, nav_at(index, i)) for i in sorted(index.where[s] for s in only if s in index.where)]
        todo = []
        link_key = _LinkKeys(index)
        for i, nav in places:
            record = records[i]
            related = self.index.related.get(record.slug, ())
            incoming = self.index.backlinks.get(record.slug, ())
            key = digest(
                "article.html",
                self.made_with,
                record.key,
                link_key.of(related),
                incoming,
                link_key.nav(nav),
            )
            export = digest(urls.ANNOTATIONS, self.config_key, record.key)
            page, export_path = urls.article(record.slug), urls.annotations_file(record.slug)
            self.claim(page, os.path.join(record.bundle, "index.md"))
            self.claim(export_path)
            if not (self.outputs.keep(page, key) and self.outputs.keep(export_path, export)):
                links = tuple(index.record(s).link() for s in related)
                todo.append(ArticlePage(record, links, incoming, nav, key, export))
        self._render_articles(todo, jobs, progress)
        for i, _ in places:
            record = records[i]
            for asset in record.assets:
                self.copy(urls.bundle_file(record.slug, asset), os.path.join(record.bundle, asset))

    def render_article(self, item: ArticlePage) -> bool:
        """Write one article's page and export; False when its template failed."""
        record = item.record
        article = replace(self.article(record), related=item.related, backlinks=item.backlinks)
        html = self.renderer.text(
            "article.html", record.lang, urls.shown(urls.article(record.slug)), article=article, nav=item.nav
        )
        if html is None:
            return False
        self.outputs.scratch.put(urls.article(record.slug), html.encode("utf-8"))
        self.outputs.scratch.put(urls.annotations_file(record.slug), annotation_collection(article, self.config))
        return True

    def _render_articles(self, todo: list[ArticlePage], jobs: int, progress: Progress | None) -> None:
        forking = can_fork(jobs, len(todo), PARALLEL_PAGES)
        done = self._in_workers(todo, jobs, progress) if forking else [None] * len(todo)
        for i, (item, ok) in enumerate(zip(todo, done, strict=True), 1):
            if ok is None:  # not rendered by a worker (or a worker failed): rendered here, errors reported
                ok = self.render_article(item)
                if progress is not None and (i % 32 == 0 or i == len(todo)):
                    progress("rendering", i, len(todo))
            if ok:
                self.outputs.wrote(urls.article(item.record.slug), item.key)
                self.outputs.wrote(urls.annotations_file(item.record.slug), item.export)

    def _in_workers(self, todo: list[ArticlePage], jobs: int, progress: Progress | None) -> list[bool | None]:
        chunks = [todo[i : i + 32] for i in range(0, len(todo), 32)]
        done: list[bool | None] = []
        for results in forked_map(_render_chunk, chunks, jobs, _adopt, (self,), per_pool=PER_POOL // 32):
            done += [True if ok else None for ok in results]
            if progress is not None:
                progress("rendering", len(done), len(todo))
        return done

    def list_pages(self, scope: Reach | None = None) -> None:
        """Days, home pages, tags, the archive, search and 404 (``scope``: those it names)."""
        index, lang = self.index, self.config.language
        for day in index.days:
            if scope is None or day.date in scope.days:
                self.page("digest.html", urls.day(day.date), lang, day=day)
        for home in index.home:
            if scope is None or home.number in scope.homes:
                self.page("home.html", urls.home(home.number), lang, home=home, days=home.days)
        if scope is None or scope.lists:
            self.page("tags.html", urls.TAGS_INDEX, lang, tags=index.tags)
        for tag in index.tags:
            if scope is None or tag.slug in scope.tags:
                self.page("tag.html", urls.tag(tag.slug), lang, tag=tag)
        if scope is None or scope.lists:
            self.page("archive.html", urls.ARCHIVE, lang, months=index.months)
        if scope is None:
            self.page("search.html", urls.SEARCH, lang)  # (the shards it searches: pagefind/shards.json)
            self.page("404.html", urls.NOT_FOUND, lang)

    def feeds(self, only: Collection[str] | None = None) -> None:
        """The site's feed and each tag's (``only``: those holding one of these slugs)."""
        config, record = self.config, self.index.record
        count = config.feed_entries
        for tag in self.index.tags:
            if only is not None and not any(link.slug in only for link in tag.articles[:count]):
                continue
            self.feed(
                urls.tag_feed(tag.slug),
                f"{config.title}: {tag.name}",
                tag.url,
                [record(link.slug) for link in tag.articles[:count]],
            )
        latest = list(reversed(self.index.records[-count:]))
        if only is None or any(r.slug in only for r in latest):
            self.feed(urls.FEED, config.title, urls.home_url(config.base_path, 1), latest)

    def feed(self, path: str, title: str, page_url: str, records: list[ArticleRecord]) -> None:
        if not self.claim(path, self.theme.path("feed_entry.html")):
            return
        config = self.config
        key = digest("feed", self.made_with, title, page_url, [r.key for r in records])
        if self.outputs.keep(path, key):
            return
        entries = []
        for record in records:
            absolute = urljoin(config.base_url, record.url)
            content = self.entry(record, absolute)
            if content is None:
                return
            entries.append(Entry(record, absolute, content))  # type: ignore[arg-type]  # a record shows what a feed needs
        data = atom(config, title, urljoin(config.base_url, page_url), urls.absolute(config.base_url, path), entries)
        self.outputs.put(path, key, data)

    def entry(self, record: ArticleRecord, absolute: str) -> str | None:
        """A feed entry's content, from the cache while article and theme are the same."""
        key = digest("entry", self.made_with, record.key)
        found = self.entries.get(key)
        if isinstance(found, str):
            return found
        content = self.renderer.text(
            "feed_entry.html",
            record.lang,
            f"the feed entry of {urls.shown(urls.article(record.slug))}",
            article=self.article(record),
            absolute=absolute,
        )
        if content is not None:
            self.entries.put(key, content)
        return content

    def site_files(self) -> None:
        """The sitemap, robots.txt, the highlighting stylesheet and the theme's assets."""
        index = self.index
        site = Site(index.config, index.records, index.days, index.tags, index.months, index.home)  # type: ignore[arg-type]  # the sitemap reads url and date
        for path, data in (
            *sitemap_files(site),
            (urls.ROBOTS, robots(self.config)),
            (urls.HIGHLIGHT_CSS, stylesheet().encode("utf-8")),
        ):
            if self.claim(path):
                self.outputs.put(path, "file", data)
        for asset in self.theme.assets:
            self.copy(asset, self.theme.path(asset))

    def indexed(self) -> list[IndexedPage]:
        """The pages the search index covers (the article pages made), each with its day
        and a digest of what its indexed part shows: the article itself, the theme and
        the configuration. What other articles add to the page (related articles,
        backlinks, the day's other articles) is ``data-pagefind-ignore``, so a new
        article sharing tags with old ones re-indexes only its own shard."""
        found = []
        for record in self.index.records:
            path = urls.article(record.slug)
            if path in self.outputs.now:
                key = digest("indexed", self.made_with, record.key)
                found.append(IndexedPage(path, record.date, key, record.lang))
        return found

    def make_some(self, scope: Reach) -> list[Diagnostic]:
        """The files an edit can change (``refresh.reach``): the pages it names, the
        assets of the articles edited and the feeds holding them; every other file
        of the last build stays as it is."""
        self.outputs.now.update(self.outputs.before)
        self.article_pages(1, None, scope.articles)
        self.list_pages(scope)
        self.feeds(scope.changed)
        return self.problems + self.renderer.template_problems()

    def make_all(self, jobs: int, progress: Progress | None) -> list[Diagnostic]:
        """Every file of the site; the problems met (template errors, clashing paths)."""
        self.article_pages(jobs, progress)
        self.list_pages()
        self.feeds()
        self.site_files()
        return self.problems + self.renderer.template_problems()


class _LinkKeys:
    """What stands for the links to other articles in an article page's key: each
    linked article's ``ArticleLink`` digested once, not once per page linking to it
    (every page links to about ten: its neighbours, its day, its related articles)."""

    def __init__(self, index: SiteIndex) -> None:
        self.index = index
        self.keys: dict[str, str] = {}

    def key(self, slug: str) -> str:
        found = self.keys.get(slug)
        if found is None:
            found = self.keys[slug] = digest(self.index.record(slug).link())
        return found

    def of(self, slugs: Sequence[str]) -> list[str]:
        return [self.key(slug) for slug in slugs]

    def nav(self, nav: ArticleNav) -> tuple[list[str], list[str]]:
        ends = [self.key(link.slug) if link is not None else "" for link in (nav.previous, nav.next)]
        return ends, self.of([link.slug for link in nav.same_day])


def nav_at(index: SiteIndex, i: int) -> ArticleNav:
    """``sitewide.article_navs`` of the ``i``-th of the index's records alone."""
    records, last = index.records, len(index.records) - 1
    return ArticleNav(
        records[i - 1].link() if i > 0 else None,
        records[i + 1].link() if i < last else None,
        tuple(records[j].link() for j in index.day_span(i) if j != i),
    )


_WORKER: dict[str, Pages] = {}  # in a forked render worker only: the Pages it was forked with


def _adopt(pages: Pages) -> None:
    _WORKER["pages"] = pages


def _render_chunk(items: list[ArticlePage]) -> list[bool]:
    pages = _WORKER["pages"]
    return [pages.render_article(item) for item in items]
