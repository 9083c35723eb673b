"""Stage 3b, crosslink: the resolved articles -> the whole ``Site``.

Everything that needs all articles at once: tag pages (with their slugs),
related articles, backlinks, digest days with their neighbours, the archive
by month and the paginated home page. Deterministic: every list is sorted by
a total order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import replace
from urllib.parse import quote

from mdit_py_plugins.anchors.index import slugify

from .config import SiteConfig
from .diagnostics import Diagnostic, error
from .parse import ParsedArticle
from .resolve import Catalog, resolve_article
from .views import Article, ArticleRef, Backlink, Day, DayLink, HomePage, Month, Site, Tag, TagRef, day_url


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
            where = (article.source.notes_path, *notes.where(("tags", i)))
            slug = tag_slug(name)
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


def related(article: Article, wanted: list[str], articles: dict[str, Article], weights: dict[str, float],
            limit: int) -> tuple[ArticleRef, ...]:
    """Explicit ``related:`` first (all of them), then the best by shared tags, up to ``limit``."""
    chosen = [articles[s] for s in wanted if s in articles]
    skip = {article.slug, *(a.slug for a in chosen)}
    mine = {t.name for t in article.tags}
    scored = []
    for other in articles.values():
        if other.slug in skip:
            continue
        score = sum(weights[t.name] for t in other.tags if t.name in mine)
        if score > 0:
            scored.append((-score, _days_apart(article.date, other.date), other.slug, other))
    scored.sort(key=lambda item: item[:3])
    chosen += [item[3] for item in scored[: max(0, limit - len(chosen))]]
    return tuple(a.ref() for a in chosen)


def backlinks(parsed: list[ParsedArticle], articles: dict[str, Article]) -> dict[str, tuple[Backlink, ...]]:
    """For each slug, the articles linking to it, each once, with the linking sentence."""
    found: dict[str, dict[str, Backlink]] = {}
    for source in parsed:
        slug = source.source.slug
        if slug not in articles:
            continue
        links = [link for doc in (source.index, source.original) if doc for link in doc.links]
        for note in source.notes_links:
            context = note.link.context
            if note.path[0] == "key_points":
                title = source.source.notes.data["key_points"][note.path[1]]["title"]
                context = f"{title}: {context}"
            links.append(replace(note.link, context=context))
        for link in links:
            if link.kind == "article" and link.slug != slug and link.slug in articles:
                found.setdefault(link.slug, {}).setdefault(slug, Backlink(articles[slug].ref(), link.context))
    return {target: tuple(sorted(by_source.values(), key=lambda b: (b.article.date, b.article.slug), reverse=True))
            for target, by_source in found.items()}


def _days(config: SiteConfig, articles: list[Article]) -> tuple[Day, ...]:
    grouped: dict[str, list[ArticleRef]] = {}
    for article in articles:
        grouped.setdefault(article.date, []).append(article.ref())
    dates = sorted(grouped, reverse=True)
    links = [DayLink(d, day_url(config.base_path, d)) for d in dates]
    return tuple(
        Day(d, links[i].url, tuple(grouped[d]),
            newer=links[i - 1] if i > 0 else None,
            older=links[i + 1] if i + 1 < len(links) else None)
        for i, d in enumerate(dates)
    )


def _months(days: tuple[Day, ...]) -> tuple[Month, ...]:
    grouped: dict[str, list[Day]] = {}
    for day in days:
        grouped.setdefault(day.date[:7], []).append(day)
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


def _tags(config: SiteConfig, refs: dict[str, TagRef], articles: list[Article]) -> tuple[Tag, ...]:
    members: dict[str, list[ArticleRef]] = {}
    for article in sorted(articles, key=lambda a: (a.date, a.slug), reverse=True):
        for tag in article.tags:
            members.setdefault(tag.name, []).append(article.ref())
    return tuple(
        Tag(ref.name, ref.slug, ref.url, f"{ref.url}feed.xml", tuple(members[ref.name]))
        for ref in sorted(refs.values(), key=lambda r: r.slug)
        if ref.name in members
    )


def link_site(config: SiteConfig, parsed: list[ParsedArticle], broken: tuple[str, ...] = (),
              drafts: tuple[str, ...] = ()) -> tuple[Site, list[Diagnostic]]:
    """Resolve every article, then link them into a site.

    ``broken``: slugs of bundles that failed to load (links to them are not reported again);
    ``drafts``: slugs of drafts left out (links to them say so)."""
    problems: list[Diagnostic] = []
    slugs = {p.source.slug: p for p in parsed}
    refs = tag_refs(parsed, config, problems)
    catalog = Catalog(slugs, frozenset(broken), frozenset(drafts))
    resolved = [a for p in parsed if (a := resolve_article(p, catalog, config, problems, refs)) is not None]
    resolved.sort(key=lambda a: (a.date, a.slug))
    by_slug = {a.slug: a for a in resolved}
    weights = _weights(resolved)
    incoming = backlinks(parsed, by_slug)
    articles = tuple(
        replace(a, related=related(a, slugs[a.slug].source.notes.data.get("related", []), by_slug, weights,
                                   config.related_count),
                backlinks=incoming.get(a.slug, ()))
        for a in resolved
    )
    days = _days(config, list(articles))
    site = Site(config, articles, days, _tags(config, refs, list(articles)), _months(days), _home(config, days))
    return site, problems
