"""Stage 3b, crosslink: the parsed articles -> the whole ``Site``.

Resolves every article (``resolve``), then links them into the site-wide
views (``sitewide``): tag pages, related articles, backlinks, digest days, the
archive and the home pages.

With a ``LinkCache`` (kept by ``serve`` between builds) a build first finds
what changed since the previous one — by identity: earlier stages hand back
the very same objects for unchanged articles, and so does this one, keeping
the previous object wherever a new one is equal — then makes again only what
those changes can reach: the changed articles resolved (all of them when what
links resolve against changed; those carrying a tag whose page moved), related
articles ranked again for the articles sharing a tag with a changed one,
backlinks and days patched, the rest reused. The result is the same as without.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import compress
from operator import is_not
from typing import Any, NamedTuple, TypeVar

from gloss.build.parse import ParsedArticle
from gloss.build.references import Catalog, Target
from gloss.build.resolve import resolve_article
from gloss.build.sitewide import (
    Contributions,
    backlinks,
    backlinks_patched,
    contributions,
    days,
    home,
    months,
    related,
    related_facts,
    tag_refs,
    tags,
)
from gloss.content.config import SiteConfig
from gloss.content.views import Article, ArticleLink, ArticleRef, Backlink, Day, Site, TagRef
from gloss.core.diagnostics import Diagnostic

T = TypeVar("T")


class Linked(NamedTuple):
    """An article with its related list and backlinks filled in, and what it was made from."""

    article: Article  # as resolved
    related: tuple[str, ...]
    incoming: tuple[Backlink, ...]
    view: Article  # ``article`` with ``related`` and ``backlinks``


@dataclass
class LinkCache:
    """What a long-running process keeps between builds, all from the previous build:
    its input, each slug's resolved article (with what it was resolved against), the
    site-wide pieces (tag refs, related lists, backlinks, the site's days, archive and
    tag pages) and the small views made from each article, so that an unchanged
    article keeps giving the very same ``ArticleRef``, ``ArticleLink`` and ``Article``."""

    parsed: list[ParsedArticle] = field(default_factory=list)
    slugs: dict[str, ParsedArticle] = field(default_factory=dict)
    context: Any = None  # (config, broken, drafts) that ``resolved`` was resolved against
    resolved: dict[str, tuple[ParsedArticle, Article | None, list[Diagnostic]]] = field(default_factory=dict)
    noisy: set[str] = field(default_factory=set)  # slugs whose resolving found problems
    articles: dict[str, Article] = field(default_factory=dict)  # the resolved articles, by slug
    order: tuple[str, ...] = ()  # their slugs, by date and slug
    tags: tuple[dict[str, TagRef], list[Diagnostic]] | None = None
    facts: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # ``related_facts`` of each article
    related: dict[str, tuple[str, ...]] | None = None
    contributions: dict[str, tuple[ParsedArticle, Contributions]] = field(default_factory=dict)
    backlinks: dict[str, tuple[Backlink, ...]] | None = None
    linked: dict[str, Linked] = field(default_factory=dict)
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


def _contributed(source: ParsedArticle, cache: LinkCache) -> Contributions:
    hit = cache.contributions.get(source.source.slug)
    if hit is None or hit[0] is not source:
        hit = (source, contributions(source))
        cache.contributions[source.source.slug] = hit
    return hit[1]


def _tag_refs(
    parsed: list[ParsedArticle],
    slugs: dict[str, ParsedArticle],
    touched: set[str],
    config: SiteConfig,
    cache: LinkCache,
) -> tuple[dict[str, TagRef], list[Diagnostic]]:
    """Every tag's ``TagRef``, reused while no changed article's tags changed (and none clashed)."""

    def tags(parse: ParsedArticle | None) -> Any:
        return None if parse is None else parse.source.notes.tag_names

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


def _targets(slugs: dict[str, ParsedArticle]) -> dict[str, Target]:
    """What links to each article are checked against: its index document's ids, its files."""
    return {slug: Target(parsed.index.ids, parsed.index.path, parsed.source.assets) for slug, parsed in slugs.items()}


def _same_target(old: ParsedArticle | None, new: ParsedArticle | None) -> bool:
    """Whether links to this article resolve as before (the slug exists, the same ids)."""
    return (
        old is not None
        and new is not None
        and old.index.ids == new.index.ids
        and old.index.path == new.index.path
        and old.source.assets == new.source.assets
    )


def _retagged(slugs: dict[str, ParsedArticle], refs: dict[str, TagRef], old: dict[str, TagRef] | None) -> set[str]:
    """The articles carrying a tag whose ``TagRef`` is not the previous one."""
    if refs is old or old is None:
        return set()
    moved = {name for name in refs.keys() | old.keys() if refs.get(name) != old.get(name)}
    return {s for s, p in slugs.items() if moved and not moved.isdisjoint(p.source.notes.tag_names)}


def _resolve_all(
    slugs: dict[str, ParsedArticle],
    touched: set[str],
    catalog: Catalog,
    config: SiteConfig,
    tags: dict[str, TagRef],
    old_tags: dict[str, TagRef] | None,
    cache: LinkCache,
) -> tuple[set[str], list[Diagnostic]]:
    """Resolve the articles into ``cache.articles``, again only where the parse or what it
    may refer to (the slugs and their ids, drafts, broken bundles, its tags) changed; an
    article resolved again but equal to the previous one stays the previous object.
    Returns the slugs whose article changed (or came or went), and the problems found."""
    context = (config, catalog.broken, catalog.drafts)
    same = context == cache.context and all(_same_target(cache.slugs.get(s), slugs.get(s)) for s in touched)
    cache.context = context
    again = _retagged(slugs, tags, old_tags) if same else set()
    todo = touched | again if same else touched | slugs.keys() | cache.resolved.keys()
    changed = set()
    for slug in todo:
        hit, item = cache.resolved.get(slug), slugs.get(slug)
        old = hit[1] if hit is not None else None
        if item is None:
            cache.resolved.pop(slug, None)
            cache.noisy.discard(slug)
            article = None
        elif hit is None or hit[0] is not item or not same or slug in again:
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


def _moved(
    changed: set[str], by_slug: dict[str, Article], made: dict[str, tuple[Article, T]], make: Callable[[Article], T]
) -> set[str]:
    """The changed articles whose ``make`` view is a new object (see ``_view``)."""
    moved = set()
    for slug in changed:
        hit = made.get(slug)
        if hit is None or slug not in by_slug or _view(by_slug[slug], made, make) is not hit[1]:
            moved.add(slug)
    return moved


def _relate(
    resolved: list[Article],
    slugs: dict[str, ParsedArticle],
    candidates: set[str],
    reset: bool,
    config: SiteConfig,
    cache: LinkCache,
) -> tuple[dict[str, tuple[str, ...]], bool]:
    """Related articles ranked again where a change can reach them: a changed article's
    own list, the lists of the articles carrying a tag it took or dropped (that tag's
    weight moved) and, when its date changed, of all carrying one of its tags (their
    ties with it moved); scores with it are otherwise the same. And whether any were."""
    by_slug = cache.articles
    moved: set[str] = set()
    shared: set[str] = set()
    for slug in candidates & by_slug.keys() if not reset and cache.related is not None else ():
        facts, was = related_facts(by_slug[slug], slugs[slug]), cache.facts.get(slug)
        if was is None:
            reset = True
            break
        if facts != was:
            moved.add(slug)
            if facts[0] != was[0]:  # its ties with every article sharing a tag moved
                shared.update(was[1], facts[1])
            else:  # the weights of the tags it took or dropped moved
                shared.update(set(was[1]).symmetric_difference(facts[1]))
            cache.facts[slug] = facts
    if reset or cache.related is None:
        cache.facts = {a.slug: related_facts(a, slugs[a.slug]) for a in resolved}
        cache.related = related(resolved, lambda s: cache.facts[s][2], config.related_count)
        return cache.related, True
    if moved:
        cache.related = related(
            resolved, lambda s: cache.facts[s][2], config.related_count, cache.related, moved, shared
        )
    return cache.related, bool(moved)


def _backlink(
    resolved: list[Article],
    slugs: dict[str, ParsedArticle],
    touched: set[str],
    links_moved: set[str],
    reset: bool,
    cache: LinkCache,
) -> tuple[dict[str, tuple[Backlink, ...]], bool]:
    """Backlinks again where a change can reach them: the targets of the articles whose
    links or own title, date (their ``ArticleLink``) changed. And whether any were."""
    by_slug = cache.articles
    link = partial(_link, cache=cache)
    moved: dict[str, tuple[Contributions, Contributions]] = {}
    for slug in (touched & by_slug.keys()) | links_moved if not reset and cache.backlinks is not None else ():
        hit = cache.contributions.get(slug)
        if hit is None:
            reset = True
            break
        now = _contributed(slugs[slug], cache)
        if slug in links_moved or now != hit[1]:
            moved[slug] = (hit[1], now)
    if reset or cache.backlinks is None:
        cache.backlinks = backlinks(((a, _contributed(slugs[a.slug], cache)) for a in resolved), link)
        return cache.backlinks, True
    if moved:
        cache.backlinks = backlinks_patched(cache.backlinks, moved, by_slug, link)
    return cache.backlinks, bool(moved)


def _fill_in(
    by_slug: dict[str, Article],
    slug: str,
    related: tuple[str, ...],
    incoming: tuple[Backlink, ...],
    links_moved: set[str],
    cache: LinkCache,
) -> None:
    """``cache.linked[slug]``: the article with its related list and backlinks, made
    again only when one of them (or a related article's link) changed."""
    article = by_slug[slug]
    hit = cache.linked.get(slug)
    if (
        hit is None
        or hit.article is not article
        or (hit.related is not related and hit.related != related)
        or (hit.incoming is not incoming and hit.incoming != incoming)
        or not links_moved.isdisjoint(related)
    ):
        view = replace(article, related=tuple(_link(by_slug[s], cache) for s in related), backlinks=incoming)
        cache.linked[slug] = Linked(article, related, incoming, view)


def _day_views(
    config: SiteConfig, resolved: list[Article], refs_moved: set[str], old: Site | None, cache: LinkCache
) -> tuple[Day, ...]:
    """The digest days: all made again without a previous site (or when articles moved
    between days), else only the days whose articles' refs changed."""
    ref = partial(_ref, cache=cache)
    if old is None:
        return days(config, resolved, ref)
    if not refs_moved:
        return old.days
    dates = {cache.articles[s].date for s in refs_moved}
    return tuple(
        replace(d, articles=tuple(ref(cache.articles[r.slug]) for r in d.articles)) if d.date in dates else d
        for d in old.days
    )


def link_site(
    config: SiteConfig,
    parsed: list[ParsedArticle],
    broken: tuple[str, ...] = (),
    drafts: tuple[str, ...] = (),
    cache: LinkCache | None = None,
) -> tuple[Site, list[Diagnostic]]:
    """Resolve every article, then link them into a site.

    ``broken``: slugs of bundles that failed to load (links to them are not reported again);
    ``drafts``: slugs of drafts left out (links to them say so); ``cache``: kept by a
    long-running process between builds (the result is the same with or without it)."""
    cache = cache if cache is not None else LinkCache()
    slugs, touched = _touched(parsed, cache)
    old_refs = cache.tags[0] if cache.tags else None
    refs, problems = _tag_refs(parsed, slugs, touched, config, cache)
    old, before = cache.site, dict(cache.articles)
    changed, found = _resolve_all(
        slugs, touched, Catalog(_targets(slugs), frozenset(broken), frozenset(drafts)), config, refs, old_refs, cache
    )
    problems = problems + found
    by_slug = cache.articles

    # What changed since the previous build, and so which site-wide pieces to make again.
    reset = (
        old is None
        or old.config != config
        or len(before) != len(by_slug)
        or any(s not in before or s not in by_slug for s in changed)
    )
    regrouped = reset or any(before[s].date != by_slug[s].date for s in changed)
    order = tuple(sorted(by_slug, key=lambda s: (by_slug[s].date, s))) if regrouped else cache.order
    resolved = list(map(by_slug.__getitem__, order))
    retagged = regrouped or refs is not old_refs or any(before[s].tags != by_slug[s].tags for s in changed)
    links_moved = _moved(changed, by_slug, cache.links, Article.link)
    refs_moved = _moved(changed, by_slug, cache.refs, Article.ref)
    if reset:
        for made in (cache.linked, cache.links, cache.refs):
            for slug in made.keys() - by_slug.keys():
                del made[slug]
        for slug in cache.contributions.keys() - slugs.keys():
            del cache.contributions[slug]
    all_related, reranked = _relate(resolved, slugs, changed | touched, reset, config, cache)
    all_incoming, relinked = _backlink(resolved, slugs, touched, links_moved, reset, cache)

    for slug in order if reranked or relinked else changed & by_slug.keys():  # related and backlinks filled in
        _fill_in(by_slug, slug, all_related[slug], all_incoming.get(slug, ()), links_moved, cache)
    articles = tuple(cache.linked[s].view for s in order)

    link = partial(_link, cache=cache)
    day_views = _day_views(config, resolved, refs_moved, None if regrouped else old, cache)
    archive = months(config, resolved, link) if old is None or regrouped or links_moved else old.months
    tag_views = tags(config, refs, resolved, link) if old is None or retagged or links_moved else old.tags
    pages = old.home if old is not None and day_views is old.days else home(config, day_views)
    site = Site(config, articles, day_views, tag_views, archive, pages)
    cache.site, cache.order, cache.parsed, cache.slugs = site, order, list(parsed), slugs
    return site, problems
