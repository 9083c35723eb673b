"""The small per-article record the site-wide stages work on.

An ``ArticleRecord`` is what other pages show of an article (title, date,
language, tags, summary, key points) and what links to and from it need (the
ids of its index document, its links to other articles with where they were
written, its ``related:`` slugs, the sentences it links from). It is made once
per article, next to the article's full view, and is all the site-wide work
(``sitewide_index``) ever holds for the whole site: rendered bodies stay in
the cache until their own page is rendered.

A ``BundleEntry`` is what one bundle contributes to a build — its record (or
why it has none) and its own diagnostics — as the build's cache keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from gloss.build.parse import ParsedArticle
from gloss.build.references import Catalog
from gloss.build.sitewide import backlinks, contributions, days, home, months, related, tag_refs_of, tags
from gloss.build.urlcheck import SiteUrl, check_pages, site_problem
from gloss.content.config import SiteConfig
from gloss.content.notes import Item
from gloss.content.views import (
    Article,
    ArticleLink,
    ArticleRef,
    Backlink,
    Day,
    Fragment,
    HomePage,
    KeyPoint,
    Month,
    Tag,
    TagRef,
    link_of,
    ref_of,
)
from gloss.core import urls
from gloss.core.diagnostics import Diagnostic, error

Where = tuple[str, int, int]  # file, line, column


@dataclass(frozen=True)
class OutLink:
    """A link to another article (``slug#fragment``) and where it was written."""

    slug: str
    fragment: str
    where: Where


@dataclass(frozen=True)
class ArticleRecord:
    """An article as the site-wide stages see it (see the module's docstring)."""

    key: str  # the bundle's content key: names the cached full view
    slug: str
    url: str
    title: str
    date: str
    lang: str
    summary: Fragment
    key_points: tuple[KeyPoint, ...]
    tags: tuple[TagRef, ...]
    path: str  # index.md, as messages name it
    ids: tuple[str, ...]  # ids of index.md a link may name
    links: tuple[OutLink, ...] = ()
    wanted: tuple[tuple[str, Where], ...] = ()  # ``related:`` slugs as written
    tag_places: tuple[tuple[str, Where], ...] = ()  # ``tags:`` as written
    contributions: tuple[tuple[str, str], ...] = ()  # (target slug, linking sentence)
    resolved: bool = True  # False: its own references have errors (no page)
    bundle: str = ""  # the bundle folder, as messages name it
    assets: tuple[str, ...] = ()  # its files copied next to the page, relative to the bundle
    summary_line: str = ""  # the summary's first sentence, for lists
    site_urls: tuple[SiteUrl, ...] = ()  # its links and images to other files of the site, where written

    def ref(self) -> ArticleRef:
        return ref_of(self)

    def link(self) -> ArticleLink:
        return link_of(self)


@dataclass(frozen=True)
class BundleEntry:
    """One bundle's part in a build: its record and its own diagnostics."""

    slug: str
    record: ArticleRecord | None  # None: the bundle failed to load
    draft: bool = False
    loaded: tuple[Diagnostic, ...] = ()  # found loading it (reported even for a draft left out)
    resolved: tuple[Diagnostic, ...] = ()  # found parsing and resolving it (reported when it is built)
    history: tuple[tuple[str, str], ...] = ()  # documents whose git history was read, and its state then


def _links(parsed: ParsedArticle) -> tuple[OutLink, ...]:
    found = [
        OutLink(link.slug, link.fragment, (doc.path, link.line, link.col))
        for doc in (parsed.index, parsed.original)
        if doc is not None
        for link in doc.links
        if link.kind == "article"
    ]
    found += [
        OutLink(note.link.slug, note.link.fragment, (parsed.source.notes_path, note.link.line, note.link.col))
        for note in parsed.notes_links
        if note.link.kind == "article"
    ]
    return tuple(found)


def _places(parsed: ParsedArticle, items: tuple[Item, ...]) -> tuple[tuple[str, Where], ...]:
    """Strings of a notes list (``tags:``, ``related:``) with where each was written."""
    return tuple((item.value, (parsed.source.notes_path, *item.at)) for item in items)


def make_record(
    key: str, parsed: ParsedArticle, article: Article | None, url: str, site_urls: tuple[SiteUrl, ...] = ()
) -> ArticleRecord:
    """The record of a parsed article and its view (None when its references have errors);
    ``site_urls``: its links to other files of the site (``urlcheck.check_urls``)."""
    src = parsed.source
    record = ArticleRecord(
        key=key,
        slug=src.slug,
        url=url,
        title=src.title or parsed.index.title or "",
        date=src.date,
        lang=src.lang,
        summary=Fragment("", ""),
        key_points=(),
        tags=(),
        path=parsed.index.path,
        ids=tuple(parsed.index.ids),
        links=_links(parsed),
        wanted=_places(parsed, src.notes.related),
        tag_places=_places(parsed, src.notes.tags),
        contributions=tuple(contributions(parsed)),
        resolved=False,
        bundle=src.bundle,
        assets=src.assets,
        site_urls=site_urls,
    )
    if article is None:
        return record
    return replace(
        record,
        title=article.title,
        summary=article.summary,
        key_points=article.key_points,
        tags=article.tags,
        resolved=True,
        summary_line=article.summary_line,
    )


def check_references(record: ArticleRecord, catalog: Catalog) -> list[Diagnostic]:
    """The record's links to other articles (and their files) and its ``related:`` slugs,
    checked against the whole site (what ``resolve`` leaves for this when it has no catalog)."""
    found = [
        error(*link.where, why) for link in record.links if (why := catalog.link_problem(link.slug, link.fragment))
    ]
    found += [error(*url.where, why) for url in record.site_urls if (why := site_problem(url, catalog))]
    found += [error(*where, why) for slug, where in record.wanted if (why := catalog.related_problem(slug))]
    return found


@dataclass(frozen=True)
class SiteIndex:
    """The site-wide views, made from the records alone."""

    config: SiteConfig
    records: tuple[ArticleRecord, ...]  # the articles built, by date then slug
    related: Mapping[str, tuple[str, ...]]
    backlinks: Mapping[str, tuple[Backlink, ...]]
    days: tuple[Day, ...]
    months: tuple[Month, ...]
    tags: tuple[Tag, ...]
    home: tuple[HomePage, ...]
    tag_refs: Mapping[str, TagRef] = field(default_factory=dict)
    where: Mapping[str, int] = field(default_factory=dict)  # each record's place in ``records``, by slug
    listed_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # ``related`` turned round

    def record(self, slug: str) -> ArticleRecord:
        """The record of the article ``slug`` (a ``KeyError`` when none is built)."""
        return self.records[self.where[slug]]

    def day_span(self, i: int) -> range:
        """The places in ``records`` of the articles of the ``i``-th one's day (the
        records are by date, so a day's are side by side)."""
        records, date = self.records, self.records[i].date
        first, end = i, i + 1
        while first > 0 and records[first - 1].date == date:
            first -= 1
        while end < len(records) and records[end].date == date:
            end += 1
        return range(first, end)


def sitewide_index(
    config: SiteConfig, records: Iterable[ArticleRecord], catalog: Catalog, problems: list[Diagnostic]
) -> SiteIndex:
    """Tags (their collisions are errors), references between articles, related
    articles, backlinks, days, the archive and the home pages, from ``records``
    (every article built, resolved or not; ``catalog``: what links may name)."""
    every = sorted(records, key=lambda r: (r.date, r.slug))
    refs = tag_refs_of(((name, where) for r in every for name, where in r.tag_places), config, problems)
    for record in every:
        problems += check_references(record, catalog)
    built = [r for r in every if r.resolved]
    wanted = {r.slug: [slug for slug, _ in r.wanted] for r in built}
    ranked = related(built, wanted.__getitem__, config.related_count)
    link = ArticleRecord.link
    incoming = backlinks(((r, list(r.contributions)) for r in built), link)
    day_views = days(config, built, ArticleRecord.ref)
    home_pages = home(config, day_views)
    tag_views = tags(config, refs, built, link)
    check_pages((u for r in every for u in r.site_urls), site_pages(day_views, tag_views, len(home_pages)), problems)
    return SiteIndex(
        config,
        tuple(built),
        ranked,
        incoming,
        day_views,
        months(config, built, link),
        tag_views,
        home_pages,
        refs,
        {r.slug: i for i, r in enumerate(built)},
        listed_by(ranked),
    )


def listed_by(related: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The articles that list each one as related (the slugs ``related`` lists them under)."""
    found: dict[str, list[str]] = {}
    for slug, others in related.items():
        for other in others:
            found.setdefault(other, []).append(slug)
    return {slug: tuple(slugs) for slug, slugs in found.items()}


def site_pages(day_views: Sequence[Day], tag_views: Sequence[Tag], home_pages: int) -> frozenset[str]:
    """Every page of the site but the articles' and the theme's files, by output path."""
    fixed = (urls.TAGS_INDEX, urls.ARCHIVE, urls.SEARCH, urls.FEED, urls.NOT_FOUND, urls.SITEMAP, urls.ROBOTS)
    return frozenset(
        [*fixed, *(urls.day(d.date) for d in day_views), *(urls.home(n) for n in range(1, home_pages + 1))]
        + [path for t in tag_views for path in (urls.tag(t.slug), urls.tag_feed(t.slug))]
    )
