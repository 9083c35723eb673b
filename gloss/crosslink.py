"""Stage 3b, crosslink: the resolved articles -> the whole ``Site``.

Everything that needs all articles at once: tag pages (with their slugs),
related articles, backlinks, digest days with their neighbours, the archive
by month and the paginated home page. Deterministic: every list is sorted by
a total order.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from mdit_py_plugins.anchors.index import slugify

from .config import SiteConfig
from .diagnostics import Diagnostic, error
from .parse import ParsedArticle
from .resolve import Catalog, resolve_article
from .views import (ArchiveDay, Article, ArticleLink, ArticleRef, Backlink, Day, DayLink, HomePage, Month, Site, Tag,
                    TagRef, day_url)


@lru_cache(maxsize=4096)
def tag_slug(name: str) -> str:
    """A tag's URL segment: GitHub-style, CJK letters kept."""
    return slugify(name.strip()).strip("-")


def tag_refs(parsed: list[ParsedArticle], config: SiteConfig, problems: list[Diagnostic]) -> dict[str, TagRef]:
    """Every tag name's ``TagRef``; two spellings with one slug are an error."""
    refs: dict[str, TagRef] = {}
    owner: dict[str, tuple[str, str]] = {}  # slug -> (first spelling, where)
    for article in parsed:
        notes = article.source.notes
        for i, name in enumerate(notes.data.get("tags", [])):
            slug = tag_slug(name)
            if name in refs and refs[name].slug == slug:
                continue  # seen already: the common case, kept cheap
            where = (article.source.notes_path, *notes.where(("tags", i)))
            if not slug:
                problems.append(error(*where, f'the tag "{name}" has no letters or digits to make a page name from'))
                continue
            first = owner.setdefault(slug, (name, f"{where[0]}:{where[1]}"))
            if first[0] != name:
                problems.append(error(*where, f'the tags "{name}" and "{first[0]}" ({first[1]}) both make the page '
                                      f"/tags/{slug}/; use one spelling"))
                continue
            refs[name] = TagRef(name, slug, f"{config.base_path}tags/{quote(slug)}/")
    return refs


def _weights(articles: list[Article]) -> dict[str, float]:
    """Rarer tags say more: a smoothed inverse document frequency."""
    counts = Counter(tag.name for a in articles for tag in a.tags)
    total = len(articles)
    return {name: math.log(1 + total / count) for name, count in counts.items()}


def _days_apart(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def related_slugs(article: Article, wanted: list[str], by_tag: dict[str, list[Article]],
                  articles: dict[str, Article], weights: dict[str, float], limit: int) -> tuple[str, ...]:
    """Explicit ``related:`` first (all of them), then the best by shared tags, up to ``limit``.

    Ranked by the summed weight of shared tags, then nearness in date, then slug."""
    chosen = [s for s in wanted if s in articles]
    skip = {article.slug, *chosen}
    scores: dict[str, float] = {}
    for tag in article.tags:
        for other in by_tag.get(tag.name, ()):
            if other.slug not in skip:
                scores[other.slug] = scores.get(other.slug, 0.0) + weights[tag.name]
    ranked = sorted(scores, key=lambda s: (-scores[s], _days_apart(article.date, articles[s].date), s))
    return tuple(chosen + ranked[: max(0, limit - len(chosen))])


def _contributions(source: ParsedArticle) -> list[tuple[str, str]]:
    """(target slug, context) for every link from this article to another."""
    slug = source.source.slug
    found = [(link.slug, link.context) for doc in (source.index, source.original) if doc for link in doc.links
             if link.kind == "article" and link.slug != slug]
    for note in source.notes_links:
        if note.link.kind != "article" or note.link.slug == slug:
            continue
        context = note.link.context
        if note.path[0] == "key_points":
            context = f"{source.source.notes.data['key_points'][note.path[1]]['title']}: {context}"
        found.append((note.link.slug, context))
    return found


@dataclass
class LinkCache:
    """What a long-running process keeps between builds: resolved articles (reused while
    their parse and everything they may refer to are unchanged), related-article lists
    (reused while no tag, date or ``related:`` changed), link contributions, refs."""

    resolved: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    context: Any = None  # what every article may refer to, when ``resolved`` was filled
    related: tuple[Any, dict[str, tuple[str, ...]]] | None = None
    linked: dict[str, tuple[Article, tuple[ArticleLink, ...], tuple[Backlink, ...], Article]] = \
        field(default_factory=dict)
    contributions: dict[str, tuple[ParsedArticle, list[tuple[str, str]]]] = field(default_factory=dict)
    backlinks: tuple[Any, dict[str, tuple[Backlink, ...]]] | None = None
    tags: tuple[Any, dict[str, TagRef], list[Diagnostic]] | None = None
    refs: dict[str, tuple[Article, ArticleRef]] = field(default_factory=dict)
    links: dict[str, tuple[Article, ArticleLink]] = field(default_factory=dict)


def _ref(article: Article, cache: LinkCache) -> ArticleRef:
    """``article.ref()``, the same object while the article is unchanged (fast equality later)."""
    hit = cache.refs.get(article.slug)
    if hit is not None and hit[0] is article:
        return hit[1]
    ref = article.ref()
    cache.refs[article.slug] = (article, ref)
    return ref


def _link(article: Article, cache: LinkCache) -> ArticleLink:
    """``article.link()``, the same object while the article is unchanged."""
    hit = cache.links.get(article.slug)
    if hit is not None and hit[0] is article:
        return hit[1]
    link = article.link()
    cache.links[article.slug] = (article, link)
    return link


def backlinks(parsed: list[ParsedArticle], articles: dict[str, Article],
              cache: LinkCache) -> dict[str, tuple[Backlink, ...]]:
    """For each slug, the articles linking to it, each once, with the linking sentence."""
    pieces: list[tuple[list[tuple[str, str]], ArticleLink]] = []
    for source in parsed:
        slug = source.source.slug
        if slug not in articles:
            continue
        hit = cache.contributions.get(slug)
        if hit is None or hit[0] is not source:
            hit = (source, _contributions(source))
            cache.contributions[slug] = hit
        pieces.append((hit[1], _link(articles[slug], cache)))
    key = (pieces, frozenset(articles))
    if cache.backlinks is not None and cache.backlinks[0] == key:
        return cache.backlinks[1]  # no link, linking sentence or linking title changed
    found: dict[str, dict[str, Backlink]] = {}
    for contributions, link in pieces:
        for target, context in contributions:
            if target in articles:
                found.setdefault(target, {}).setdefault(link.slug, Backlink(link, context))
    result = {target: tuple(sorted(by_source.values(), key=lambda b: (b.article.date, b.article.slug), reverse=True))
              for target, by_source in found.items()}
    cache.backlinks = (key, result)
    return result


def _days(config: SiteConfig, articles: list[Article], cache: LinkCache) -> tuple[Day, ...]:
    grouped: dict[str, list[ArticleRef]] = {}
    for article in articles:
        grouped.setdefault(article.date, []).append(_ref(article, cache))
    dates = sorted(grouped, reverse=True)
    links = [DayLink(d, day_url(config.base_path, d)) for d in dates]
    return tuple(
        Day(d, links[i].url, tuple(grouped[d]),
            newer=links[i - 1] if i > 0 else None,
            older=links[i + 1] if i + 1 < len(links) else None)
        for i, d in enumerate(dates)
    )


def _months(config: SiteConfig, articles: list[Article], cache: LinkCache) -> tuple[Month, ...]:
    by_day: dict[str, list[ArticleLink]] = {}
    for article in articles:
        by_day.setdefault(article.date, []).append(_link(article, cache))
    grouped: dict[str, list[ArchiveDay]] = {}
    for date in sorted(by_day, reverse=True):
        grouped.setdefault(date[:7], []).append(ArchiveDay(date, day_url(config.base_path, date), tuple(by_day[date])))
    return tuple(Month(m, tuple(grouped[m])) for m in sorted(grouped, reverse=True))


def _home(config: SiteConfig, days: tuple[Day, ...]) -> tuple[HomePage, ...]:
    size = config.days_per_page
    chunks = [days[i : i + size] for i in range(0, len(days), size)] or [()]

    def url(number: int) -> str:
        return config.base_path if number == 1 else f"{config.base_path}page/{number}/"

    return tuple(
        HomePage(n, url(n), chunk, url(n - 1) if n > 1 else None, url(n + 1) if n < len(chunks) else None,
                 len(chunks))
        for n, chunk in enumerate(chunks, start=1)
    )


def _tags(config: SiteConfig, refs: dict[str, TagRef], articles: list[Article], cache: LinkCache) -> tuple[Tag, ...]:
    members: dict[str, list[ArticleLink]] = {}
    for article in sorted(articles, key=lambda a: (a.date, a.slug), reverse=True):
        for tag in article.tags:
            members.setdefault(tag.name, []).append(_link(article, cache))
    return tuple(
        Tag(ref.name, ref.slug, ref.url, f"{ref.url}feed.xml", tuple(members[ref.name]))
        for ref in sorted(refs.values(), key=lambda r: r.slug)
        if ref.name in members
    )


def _linked(article: Article, related: tuple[ArticleLink, ...], backlinks: tuple[Backlink, ...],
            cache: LinkCache) -> Article:
    """The article with its related articles and backlinks; the same object as last
    time when nothing changed (so pages compare equal quickly)."""
    hit = cache.linked.get(article.slug)
    if hit is not None and hit[0] is article and hit[1] == related and hit[2] == backlinks:
        return hit[3]
    linked = replace(article, related=related, backlinks=backlinks)
    cache.linked[article.slug] = (article, related, backlinks, linked)
    return linked


def _resolve_all(parsed: list[ParsedArticle], catalog: Catalog, config: SiteConfig, tags: dict[str, TagRef],
                 problems: list[Diagnostic], cache: LinkCache) -> list[Article]:
    """Resolve each article, reusing the cached result while its parse and what it
    may refer to (the slugs and their ids, drafts, broken bundles, tags) are unchanged."""
    context = (tuple((s, p.index.ids) for s, p in sorted(catalog.articles.items())), catalog.broken,
               catalog.drafts, tuple(sorted(tags.items())))
    same_context = context == cache.context
    cache.context = context
    resolved = []
    fresh: dict[str, tuple[Any, ...]] = {}
    for item in parsed:
        slug = item.source.slug
        hit = cache.resolved.get(slug)
        if same_context and hit is not None and hit[0] is item:
            article, found = hit[1], hit[2]
        else:
            found = []
            article = resolve_article(item, catalog, config, found, tags)
        fresh[slug] = (item, article, found)
        problems.extend(found)
        if article is not None:
            resolved.append(article)
    cache.resolved = fresh
    return resolved


def _related_all(resolved: list[Article], parsed: dict[str, ParsedArticle], config: SiteConfig,
                 cache: LinkCache) -> dict[str, tuple[str, ...]]:
    wanted = {a.slug: tuple(parsed[a.slug].source.notes.data.get("related", [])) for a in resolved}
    key = tuple((a.slug, a.date, tuple(t.name for t in a.tags), wanted[a.slug]) for a in resolved)
    if cache.related is not None and cache.related[0] == key:
        return cache.related[1]
    by_slug = {a.slug: a for a in resolved}
    by_tag: dict[str, list[Article]] = {}
    for article in resolved:
        for tag in article.tags:
            by_tag.setdefault(tag.name, []).append(article)
    weights = _weights(resolved)
    result = {a.slug: related_slugs(a, list(wanted[a.slug]), by_tag, by_slug, weights, config.related_count)
              for a in resolved}
    cache.related = (key, result)
    return result


def link_site(config: SiteConfig, parsed: list[ParsedArticle], broken: tuple[str, ...] = (),
              drafts: tuple[str, ...] = (), cache: LinkCache | None = None) -> tuple[Site, list[Diagnostic]]:
    """Resolve every article, then link them into a site.

    ``broken``: slugs of bundles that failed to load (links to them are not reported again);
    ``drafts``: slugs of drafts left out (links to them say so); ``cache``: kept by a
    long-running process between builds (the result is the same with or without it)."""
    cache = cache if cache is not None else LinkCache()
    problems: list[Diagnostic] = []
    slugs = {p.source.slug: p for p in parsed}
    tags_key = [p.source.notes.data.get("tags") for p in parsed]
    if cache.tags is not None and cache.tags[0] == tags_key:
        refs, found = cache.tags[1], cache.tags[2]
    else:
        found = []
        refs = tag_refs(parsed, config, found)
        cache.tags = (tags_key, refs, found)
    problems.extend(found)
    catalog = Catalog(slugs, frozenset(broken), frozenset(drafts))
    resolved = _resolve_all(parsed, catalog, config, refs, problems, cache)
    resolved.sort(key=lambda a: (a.date, a.slug))
    by_slug = {a.slug: a for a in resolved}
    incoming = backlinks(parsed, by_slug, cache)
    related = _related_all(resolved, slugs, config, cache)
    articles = tuple(_linked(a, tuple(_link(by_slug[s], cache) for s in related[a.slug]),
                             incoming.get(a.slug, ()), cache) for a in resolved)
    days = _days(config, resolved, cache)  # refs come from the resolved articles: reused while unchanged
    site = Site(config, articles, days, _tags(config, refs, resolved, cache), _months(config, resolved, cache),
                _home(config, days))
    return site, problems
