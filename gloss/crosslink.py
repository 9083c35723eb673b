"""Stage 3b, crosslink: the resolved articles -> the whole ``Site``.

Everything that needs all articles at once: tag pages (with their slugs),
related articles, backlinks, digest days with their neighbours, the archive
by month and the paginated home page. Deterministic: every list is sorted by
a total order.

With a ``LinkCache`` (kept by ``serve`` between builds) a build first finds
what changed since the previous one — by identity: earlier stages hand back
the very same objects for unchanged articles, and so does this one — and
rebuilds only the site-wide pieces those changes can reach; the rest is the
previous build's objects, so that ``render`` sees them unchanged at a glance.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import is_not
from typing import Any, Callable, TypeVar
from urllib.parse import quote

from mdit_py_plugins.anchors.index import slugify

from .config import SiteConfig
from .diagnostics import Diagnostic, error
from .parse import ParsedArticle
from .resolve import Catalog, resolve_article
from .views import (ArchiveDay, Article, ArticleLink, ArticleRef, Backlink, Day, DayLink, HomePage, Month, Site, Tag,
                    TagRef, day_url)

T = TypeVar("T")


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


@lru_cache(maxsize=65536)
def _day_number(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


def related_slugs(article: Article, wanted: list[str], by_tag: dict[str, list[str]],
                  articles: dict[str, Article], weights: dict[str, float], limit: int) -> tuple[str, ...]:
    """Explicit ``related:`` first (all of them), then the best by shared tags, up to ``limit``.

    Ranked by the summed weight of shared tags, then nearness in date, then slug.
    ``by_tag``: each tag's slugs."""
    chosen = [s for s in wanted if s in articles]
    need = limit - len(chosen)
    if need <= 0:
        return tuple(chosen)
    scores: dict[str, float] = {}
    for tag in article.tags:
        weight = weights[tag.name]
        for other in by_tag.get(tag.name, ()):
            scores[other] = scores.get(other, 0.0) + weight
    for slug in (article.slug, *chosen):
        scores.pop(slug, None)
    by_score: dict[float, list[str]] = {}
    for slug, score in scores.items():
        by_score.setdefault(score, []).append(slug)
    ranked: list[str] = []
    day = _day_number(article.date)
    for score in sorted(by_score, reverse=True):  # only the best groups need sorting by date
        ranked += sorted(by_score[score], key=lambda s: (abs(_day_number(articles[s].date) - day), s))
        if len(ranked) >= need:
            break
    return tuple(chosen + ranked[:need])


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


def _related_facts(article: Article, parsed: ParsedArticle) -> tuple[Any, ...]:
    """All that ranks an article's related articles, and its place in others' rankings."""
    return article.date, tuple(t.name for t in article.tags), tuple(parsed.source.notes.data.get("related", []))


@dataclass
class LinkCache:
    """What a long-running process keeps between builds, all from the previous build:
    its input, each slug's resolved article (with what it was resolved against), the
    site-wide pieces (tag refs, related lists, backlinks, the site's days, archive and
    tag pages) and the small views made from each article, so that an unchanged
    article keeps giving the very same ``ArticleRef``, ``ArticleLink`` and ``Article``."""

    parsed: list[ParsedArticle] = field(default_factory=list)
    slugs: dict[str, ParsedArticle] = field(default_factory=dict)
    context: Any = None  # (config, broken, drafts, tag refs) that ``resolved`` was resolved against
    resolved: dict[str, tuple[ParsedArticle, Article | None, list[Diagnostic]]] = field(default_factory=dict)
    noisy: set[str] = field(default_factory=set)  # slugs whose resolving found problems
    articles: dict[str, Article] = field(default_factory=dict)  # the resolved articles, by slug
    order: tuple[str, ...] = ()  # their slugs, by date and slug
    tags: tuple[dict[str, TagRef], list[Diagnostic]] | None = None
    facts: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # ``_related_facts`` of each article
    related: dict[str, tuple[str, ...]] | None = None
    contributions: dict[str, tuple[ParsedArticle, list[tuple[str, str]]]] = field(default_factory=dict)
    backlinks: dict[str, tuple[Backlink, ...]] | None = None
    linked: dict[str, tuple[Article, tuple[str, ...], tuple[Backlink, ...], Article]] = field(default_factory=dict)
    refs: dict[str, tuple[Article, ArticleRef]] = field(default_factory=dict)
    links: dict[str, tuple[Article, ArticleLink]] = field(default_factory=dict)
    site: Site | None = None


def _view(article: Article, made: dict[str, tuple[Article, T]], make: Callable[[Article], T]) -> T:
    """``make(article)``, the same object as last time while it is equal (fast comparisons later)."""
    hit = made.get(article.slug)
    if hit is not None and hit[0] is article:
        return hit[1]
    view = make(article)
    if hit is not None and hit[1] == view:
        view = hit[1]
    made[article.slug] = (article, view)
    return view


def _ref(article: Article, cache: LinkCache) -> ArticleRef:
    return _view(article, cache.refs, Article.ref)


def _link(article: Article, cache: LinkCache) -> ArticleLink:
    return _view(article, cache.links, Article.link)


def _contributed(source: ParsedArticle, cache: LinkCache) -> list[tuple[str, str]]:
    hit = cache.contributions.get(source.source.slug)
    if hit is None or hit[0] is not source:
        hit = (source, _contributions(source))
        cache.contributions[source.source.slug] = hit
    return hit[1]


def backlinks(parsed: list[ParsedArticle], articles: dict[str, Article],
              cache: LinkCache) -> dict[str, tuple[Backlink, ...]]:
    """For each slug, the articles linking to it, each once, with the linking sentence."""
    found: dict[str, dict[str, Backlink]] = {}
    for source in parsed:
        if source.source.slug not in articles:
            continue
        link = _link(articles[source.source.slug], cache)
        for target, context in _contributed(source, cache):
            if target in articles:
                found.setdefault(target, {}).setdefault(link.slug, Backlink(link, context))
    return {target: tuple(sorted(by_source.values(), key=lambda b: (b.article.date, b.article.slug), reverse=True))
            for target, by_source in found.items()}


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


def _tags(refs: dict[str, TagRef], articles: list[Article], cache: LinkCache) -> tuple[Tag, ...]:
    """``articles`` sorted by date, then slug."""
    members: dict[str, list[ArticleLink]] = {}
    for article in reversed(articles):
        for tag in article.tags:
            members.setdefault(tag.name, []).append(_link(article, cache))
    return tuple(
        Tag(ref.name, ref.slug, ref.url, f"{ref.url}feed.xml", tuple(members[ref.name]))
        for ref in sorted(refs.values(), key=lambda r: r.slug)
        if ref.name in members
    )


def _related_all(resolved: list[Article], config: SiteConfig, facts: dict[str, tuple[Any, ...]]) \
        -> dict[str, tuple[str, ...]]:
    by_slug = {a.slug: a for a in resolved}
    by_tag: dict[str, list[str]] = {}
    for article in resolved:
        for tag in article.tags:
            by_tag.setdefault(tag.name, []).append(article.slug)
    weights = _weights(resolved)
    return {a.slug: related_slugs(a, list(facts[a.slug][2]), by_tag, by_slug, weights, config.related_count)
            for a in resolved}


def _tag_refs(parsed: list[ParsedArticle], slugs: dict[str, ParsedArticle], touched: set[str], config: SiteConfig,
              cache: LinkCache) -> tuple[dict[str, TagRef], list[Diagnostic]]:
    """Every tag's ``TagRef``, reused while no changed article's tags changed (and none clashed)."""
    def tags(parse: ParsedArticle | None) -> Any:
        return None if parse is None else parse.source.notes.data.get("tags")

    if cache.tags is None or cache.tags[1] or any(tags(slugs.get(s)) != tags(cache.slugs.get(s)) for s in touched):
        found: list[Diagnostic] = []
        cache.tags = (tag_refs(parsed, config, found), found)
    return cache.tags


def _touched(parsed: list[ParsedArticle], cache: LinkCache) -> tuple[dict[str, ParsedArticle], set[str]]:
    """Each slug's parse, and the slugs whose parse is not the previous build's (new,
    changed or gone; a few more when articles moved in the list)."""
    before = cache.parsed
    if len(parsed) != len(before) or not before:
        slugs = {p.source.slug: p for p in parsed}
        return slugs, {s for s, p in slugs.items() if cache.slugs.get(s) is not p} | (cache.slugs.keys() - slugs.keys())
    moved = list(compress(range(len(parsed)), map(is_not, parsed, before)))  # the usual case: a few
    touched = {before[i].source.slug for i in moved}
    slugs = dict(cache.slugs)
    for i in moved:
        slugs[parsed[i].source.slug] = parsed[i]
        touched.add(parsed[i].source.slug)
    for slug in touched - {parsed[i].source.slug for i in moved}:
        del slugs[slug]  # no longer in the list
    return slugs, touched


def _same_target(old: ParsedArticle | None, new: ParsedArticle | None) -> bool:
    """Whether links to this article resolve as before (the slug exists, the same ids)."""
    return old is not None and new is not None and old.index.ids == new.index.ids and old.index.path == new.index.path


def _resolve_all(slugs: dict[str, ParsedArticle], touched: set[str], catalog: Catalog, config: SiteConfig,
                 tags: dict[str, TagRef], cache: LinkCache) -> tuple[set[str], list[Diagnostic]]:
    """Resolve the articles into ``cache.articles``, again only where the parse or what it
    may refer to (the slugs and their ids, drafts, broken bundles, tags) changed; an
    article resolved again but equal to the previous one stays the previous object.
    Returns the slugs whose article changed (or came or went), and the problems found."""
    context = (config, catalog.broken, catalog.drafts, tags)
    same = context == cache.context and all(_same_target(cache.slugs.get(s), slugs.get(s)) for s in touched)
    cache.context = context
    todo = touched if same else touched | slugs.keys() | cache.resolved.keys()
    changed = set()
    for slug in todo:
        hit, item = cache.resolved.get(slug), slugs.get(slug)
        old = hit[1] if hit is not None else None
        if item is None:
            cache.resolved.pop(slug, None)
            cache.noisy.discard(slug)
            article = None
        elif hit is None or hit[0] is not item or not same:
            found: list[Diagnostic] = []
            article = resolve_article(item, catalog, config, found, tags)
            if article is not None and old is not None and old == article:
                article = old
            cache.resolved[slug] = (item, article, found)
            if found:
                cache.noisy.add(slug)
            else:
                cache.noisy.discard(slug)
        else:
            article = old
        if article is not old:
            changed.add(slug)
        if article is None:
            cache.articles.pop(slug, None)
        else:
            cache.articles[slug] = article
    problems = sorted(d for slug in cache.noisy for d in cache.resolved[slug][2])
    return changed, problems


def _moved(changed: set[str], by_slug: dict[str, Article], made: dict[str, tuple[Article, T]],
           make: Callable[[Article], T]) -> set[str]:
    """The changed articles whose ``make`` view is a new object (see ``_view``)."""
    moved = set()
    for slug in changed:
        hit = made.get(slug)
        if hit is None or slug not in by_slug or _view(by_slug[slug], made, make) is not hit[1]:
            moved.add(slug)
    return moved


def link_site(config: SiteConfig, parsed: list[ParsedArticle], broken: tuple[str, ...] = (),
              drafts: tuple[str, ...] = (), cache: LinkCache | None = None) -> tuple[Site, list[Diagnostic]]:
    """Resolve every article, then link them into a site.

    ``broken``: slugs of bundles that failed to load (links to them are not reported again);
    ``drafts``: slugs of drafts left out (links to them say so); ``cache``: kept by a
    long-running process between builds (the result is the same with or without it)."""
    cache = cache if cache is not None else LinkCache()
    slugs, touched = _touched(parsed, cache)
    old_refs = cache.tags[0] if cache.tags else None
    refs, problems = _tag_refs(parsed, slugs, touched, config, cache)
    old, before, order = cache.site, dict(cache.articles), cache.order
    changed, found = _resolve_all(slugs, touched, Catalog(slugs, frozenset(broken), frozenset(drafts)), config, refs,
                                  cache)
    problems = problems + found
    by_slug = cache.articles

    # What changed since the previous build, and so which site-wide pieces to make again.
    regrouped = (old is None or old.config != config or len(before) != len(by_slug)
                 or any(s not in before or s not in by_slug or before[s].date != by_slug[s].date for s in changed))
    if regrouped:
        order = tuple(sorted(by_slug, key=lambda s: (by_slug[s].date, s)))
    resolved = list(map(by_slug.__getitem__, order))
    retagged = regrouped or refs is not old_refs or any(before[s].tags != by_slug[s].tags for s in changed)
    links_moved = _moved(changed, by_slug, cache.links, Article.link)
    refs_moved = _moved(changed, by_slug, cache.refs, Article.ref)
    if regrouped:
        cache.facts = {s: _related_facts(a, slugs[s]) for s, a in by_slug.items()}
        for made in (cache.linked, cache.links, cache.refs):
            for slug in made.keys() - by_slug.keys():
                del made[slug]
        for slug in cache.contributions.keys() - slugs.keys():
            del cache.contributions[slug]
    facts_moved = regrouped
    for slug in (changed | touched) & by_slug.keys():
        facts = _related_facts(by_slug[slug], slugs[slug])
        facts_moved = facts_moved or cache.facts.get(slug) != facts
        cache.facts[slug] = facts
    if facts_moved or cache.related is None:
        cache.related = _related_all(resolved, config, cache.facts)
    contributed = [(cache.contributions.get(s), slugs[s]) for s in touched & by_slug.keys()]
    if (regrouped or links_moved or cache.backlinks is None
            or any(hit is None or hit[1] != _contributed(parse, cache) for hit, parse in contributed)):
        cache.backlinks = backlinks(parsed, by_slug, cache)
        facts_moved = True  # every article's backlinks to check

    for slug in (order if facts_moved else changed & by_slug.keys()):  # related articles and backlinks filled in
        article = by_slug[slug]
        related, incoming = cache.related[slug], cache.backlinks.get(slug, ())
        hit = cache.linked.get(slug)
        if (hit is None or hit[0] is not article or (hit[1] is not related and hit[1] != related)
                or (hit[2] is not incoming and hit[2] != incoming) or not links_moved.isdisjoint(related)):
            linked = replace(article, related=tuple(_link(by_slug[s], cache) for s in related), backlinks=incoming)
            cache.linked[slug] = (article, related, incoming, linked)
    articles = tuple(cache.linked[s][3] for s in order)

    if old is None or regrouped:
        days = _days(config, resolved, cache)  # refs come from the resolved articles: reused while unchanged
    elif refs_moved:
        dates = {by_slug[s].date for s in refs_moved}
        days = tuple(replace(d, articles=tuple(_ref(by_slug[r.slug], cache) for r in d.articles))
                     if d.date in dates else d for d in old.days)
    else:
        days = old.days
    months = _months(config, resolved, cache) if old is None or regrouped or links_moved else old.months
    tags = _tags(refs, resolved, cache) if old is None or retagged or links_moved else old.tags
    home = old.home if old is not None and days is old.days else _home(config, days)
    site = Site(config, articles, days, tags, months, home)
    cache.site, cache.order, cache.parsed, cache.slugs = site, order, list(parsed), slugs
    return site, problems
