"""The site-wide views, from the resolved articles: tag refs (with their slugs),
related articles, backlinks, digest days with their neighbours, the archive by
month, tag pages and the paginated home page.

Pure functions, deterministic (every list is sorted by a total order). Each
takes the small per-article views it lists (``ArticleLink``, ``ArticleRef``)
from a function the caller passes, so that ``crosslink`` can hand out the same
object for an unchanged article; ``crosslink`` also decides which of these to
call again after a change, and some take the previous result to patch.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from mdit_py_plugins.anchors.index import slugify

from gloss.build.parse import ParsedArticle
from gloss.build.ranking import MAX_TAGS, Catalogue, day_number, members, ranked
from gloss.content.config import SiteConfig
from gloss.content.views import (
    ArchiveDay,
    Article,
    ArticleLink,
    ArticleNav,
    ArticleRef,
    Backlink,
    Day,
    DayLink,
    HomePage,
    Month,
    Tag,
    TagRef,
)
from gloss.core.diagnostics import Diagnostic, error
from gloss.core.urls import day_url, home_url, tag_feed, tag_url, url


class Listed(Protocol):
    """What the site-wide views read of an article: an ``Article``, or the small
    ``records.ArticleRecord`` a streamed build keeps instead."""

    @property
    def slug(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def tags(self) -> tuple[TagRef, ...]: ...


A = TypeVar("A", bound=Listed)
Links = Callable[[Any], ArticleLink]
Contributions = list[tuple[str, str]]  # (target slug, linking sentence) of one article's links to others
Where = tuple[str, int, int]


# ``+`` and ``#`` ending a word, spelled out (C++, C#, F#, Notepad++, Google+): GitHub's slugs
# drop them, and C, C++ and C# made one page; elsewhere (#hashtag, "AI + law") they are dropped.
_SIGNS = re.compile(r"(?<=[^\W_]|[+#＋＃])[+#＋＃]")
_SPELLED = {"+": "plus", "#": "sharp", "＋": "plus", "＃": "sharp"}
# full-width Latin letters, digits and signs (an IME's ＡＩ, Ｃ＋＋) and the ideographic space, as ASCII
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@lru_cache(maxsize=4096)
def tag_slug(name: str) -> str:
    """A tag's URL segment: GitHub-style, CJK letters kept; ``+`` and ``#`` ending a word
    spelled out (``C++`` → ``c-plus-plus``, ``C#`` → ``c-sharp``); full-width Latin as
    ASCII (``ＡＩ`` is the page of ``AI``: two spellings of one page are reported)."""
    spelled = _SIGNS.sub(lambda m: f" {_SPELLED[m[0]]} ", name.translate(_HALF_WIDTH))
    return slugify(" ".join(spelled.split())).strip("-")


def tag_refs(parsed: list[ParsedArticle], config: SiteConfig, problems: list[Diagnostic]) -> dict[str, TagRef]:
    """Every tag name's ``TagRef``; two spellings with one slug are an error."""
    places = (
        (item.value, (article.source.notes_path, *item.at)) for article in parsed for item in article.source.notes.tags
    )
    return tag_refs_of(places, config, problems)


def tag_refs_of(
    places: Iterable[tuple[str, Where]], config: SiteConfig, problems: list[Diagnostic]
) -> dict[str, TagRef]:
    """Every tag name's ``TagRef`` from the tags as written (name, where); two spellings
    with one slug are an error at the first place of each (the first one's ref is kept)."""
    refs: dict[str, TagRef] = {}
    spellings: dict[str, dict[str, Where]] = {}  # slug -> each spelling's first place
    for name, where in places:
        if name in refs:
            continue  # seen already: the common case, kept cheap
        slug = tag_slug(name)
        if not slug:
            problems.append(error(*where, f'the tag "{name}" has no letters or digits to make a page name from'))
            continue
        seen = spellings.setdefault(slug, {})
        if name not in seen:
            seen[name] = where
        if len(seen) == 1:
            refs[name] = tag_ref(name, config)
    for slug, seen in spellings.items():
        for name, where in seen.items() if len(seen) > 1 else ():
            others = ", ".join(f'"{other}" ({at[0]}:{at[1]})' for other, at in seen.items() if other != name)
            problems.append(
                error(*where, f'the tags "{name}" and {others} both make the page /tags/{slug}/; use one spelling')
            )
    return refs


def tag_ref(name: str, config: SiteConfig) -> TagRef:
    slug = tag_slug(name)
    return TagRef(name, slug, tag_url(config.base_path, slug))


def _weights(articles: Sequence[Listed]) -> dict[str, float]:
    """Rarer tags say more: a smoothed inverse document frequency."""
    counts = Counter(tag.name for a in articles for tag in a.tags)
    total = len(articles)
    return {name: math.log(1 + total / count) for name, count in counts.items()}


def related_slugs(
    article: Listed,
    wanted: list[str],
    by_tag: dict[str, list[str]],
    articles: dict[str, Listed],
    weights: dict[str, float],
    limit: int,
) -> tuple[str, ...]:
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
    day = day_number(article.date)
    for score in sorted(by_score, reverse=True):  # only the best groups need sorting by date
        ranked += sorted(by_score[score], key=lambda s: (abs(day_number(articles[s].date) - day), s))
        if len(ranked) >= need:
            break
    return tuple(chosen + ranked[:need])


def catalogue(resolved: Sequence[Listed]) -> Catalogue:
    """The articles in date order with each tag's bitset and weight (``ranking``)."""
    ordered = sorted(resolved, key=lambda a: (a.date, a.slug))
    maps: dict[str, bytearray] = {}  # each tag's bitmap, made byte by byte (an int per article would be copied)
    size = len(ordered) // 8 + 1
    for i, article in enumerate(ordered):
        for tag in article.tags:
            bitmap = maps.get(tag.name)
            if bitmap is None:
                bitmap = maps[tag.name] = bytearray(size)
            bitmap[i >> 3] |= 1 << (i & 7)
    bits = {name: int.from_bytes(bitmap, "little") for name, bitmap in maps.items()}
    return Catalogue(
        tuple(a.slug for a in ordered),
        tuple(day_number(a.date) for a in ordered),
        {a.slug: i for i, a in enumerate(ordered)},
        bits,
        _weights(ordered),
    )


def related(
    resolved: Sequence[Listed],
    wanted: Callable[[str], Sequence[str]],
    limit: int,
    previous: dict[str, tuple[str, ...]] | None = None,
    moved: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> dict[str, tuple[str, ...]]:
    """Each article's related slugs (``wanted``: a slug's ``related:`` list). With the
    ``previous`` result, only the ``moved`` articles and those carrying any of ``tags``
    are ranked again (the set of articles being the same)."""
    by_slug = {a.slug: a for a in resolved}
    found = catalogue(resolved)
    todo: Iterable[str] = by_slug
    result: dict[str, tuple[str, ...]] = {}
    if previous is not None:
        todo = set(moved)
        for tag in tags:
            todo.update(members(found, found.bits.get(tag, 0)))
        result = dict(previous)
    by_tag: dict[str, list[str]] | None = None  # for articles with too many tags, made once
    for slug in todo:
        article = by_slug[slug]
        chosen = [s for s in wanted(slug) if s in by_slug]
        need = limit - len(chosen)
        if need <= 0:
            result[slug] = tuple(chosen)
        elif len(article.tags) > MAX_TAGS:  # too many tags for subsets: counted, as ``related_slugs`` does
            by_tag = by_tag or {name: members(found, mask) for name, mask in found.bits.items()}
            result[slug] = related_slugs(article, chosen, by_tag, by_slug, found.weights, limit)
        else:
            names = [t.name for t in article.tags]
            result[slug] = tuple(chosen + ranked(found, slug, names, article.date, chosen, need))
    return result


def contributions(source: ParsedArticle) -> Contributions:
    """(target slug, context) for every link from this article to another."""
    slug = source.source.slug
    found = [
        (link.slug, link.context)
        for doc in (source.index, source.original)
        if doc
        for link in doc.links
        if link.kind == "article" and link.slug != slug
    ]
    for note in source.notes_links:
        if note.link.kind != "article" or note.link.slug == slug:
            continue
        context = note.link.context
        if note.path[0] == "key_points":
            context = f"{source.source.notes.key_points[int(note.path[1])].title}: {context}"
        found.append((note.link.slug, context))
    return found


def _newest_first(found: Iterable[Backlink]) -> tuple[Backlink, ...]:
    return tuple(sorted(found, key=lambda b: (b.article.date, b.article.slug), reverse=True))


def backlinks(sources: Iterable[tuple[Listed, Contributions]], link: Links) -> dict[str, tuple[Backlink, ...]]:
    """For each slug, the articles linking to it, each once, with the (first) linking
    sentence. ``sources``: every article with its contributions."""
    sources = list(sources)
    articles = {article.slug for article, _ in sources}
    found: dict[str, dict[str, Backlink]] = {}
    for article, links in sources:
        for target, context in links:
            if target in articles and article.slug not in found.get(target, {}):
                found.setdefault(target, {})[article.slug] = Backlink(link(article), context)
    return {target: _newest_first(by_source.values()) for target, by_source in found.items()}


def backlinks_patched(
    previous: dict[str, tuple[Backlink, ...]],
    moved: dict[str, tuple[Contributions, Contributions]],
    articles: dict[str, Article],
    link: Links,
) -> dict[str, tuple[Backlink, ...]]:
    """``backlinks`` again after some articles changed their links or their own title:
    ``moved`` maps each to its contributions (before, now); the set of articles is the same."""
    result = dict(previous)
    for target in {t for before, now in moved.values() for t, _ in before + now if t in articles}:
        found = [b for b in previous.get(target, ()) if b.article.slug not in moved]
        for slug, (_, now) in moved.items():
            context = next((c for t, c in now if t == target), None)
            if context is not None:
                found.append(Backlink(link(articles[slug]), context))
        if found:
            result[target] = _newest_first(found)
        else:
            result.pop(target, None)
    return result


def days(config: SiteConfig, articles: Sequence[A], ref: Callable[[A], ArticleRef]) -> tuple[Day, ...]:
    """The digest days, newest first (``articles`` sorted by date, then slug)."""
    grouped: dict[str, list[ArticleRef]] = {}
    for article in articles:
        grouped.setdefault(article.date, []).append(ref(article))
    dates = sorted(grouped, reverse=True)
    links = [DayLink(d, day_url(config.base_path, d)) for d in dates]
    return tuple(
        Day(
            d,
            links[i].url,
            tuple(grouped[d]),
            newer=links[i - 1] if i > 0 else None,
            older=links[i + 1] if i + 1 < len(links) else None,
        )
        for i, d in enumerate(dates)
    )


def months(config: SiteConfig, articles: Sequence[Listed], link: Links) -> tuple[Month, ...]:
    """The archive: months and their days, newest first."""
    by_day: dict[str, list[ArticleLink]] = {}
    for article in articles:
        by_day.setdefault(article.date, []).append(link(article))
    grouped: dict[str, list[ArchiveDay]] = {}
    for date in sorted(by_day, reverse=True):
        grouped.setdefault(date[:7], []).append(ArchiveDay(date, day_url(config.base_path, date), tuple(by_day[date])))
    return tuple(Month(m, tuple(grouped[m])) for m in sorted(grouped, reverse=True))


def home(config: SiteConfig, days: tuple[Day, ...]) -> tuple[HomePage, ...]:
    """The home page's pages, ``days_per_page`` days each."""
    size = config.days_per_page
    chunks = [days[i : i + size] for i in range(0, len(days), size)] or [()]

    def at(number: int) -> str:
        return home_url(config.base_path, number)

    return tuple(
        HomePage(n, at(n), chunk, at(n - 1) if n > 1 else None, at(n + 1) if n < len(chunks) else None, len(chunks))
        for n, chunk in enumerate(chunks, start=1)
    )


def tags(config: SiteConfig, refs: dict[str, TagRef], articles: Sequence[Listed], link: Links) -> tuple[Tag, ...]:
    """The tag pages, by slug, each listing its articles newest first (``articles``
    sorted by date, then slug)."""
    found: dict[str, list[ArticleLink]] = {}
    for article in reversed(articles):
        for tag in article.tags:
            found.setdefault(tag.name, []).append(link(article))
    return tuple(
        Tag(ref.name, ref.slug, ref.url, url(config.base_path, tag_feed(ref.slug)), tuple(found[ref.name]))
        for ref in sorted(refs.values(), key=lambda r: r.slug)
        if ref.name in found
    )


def related_facts(article: Article, parsed: ParsedArticle) -> tuple[Any, ...]:
    """All that ranks an article's related articles, and its place in others' rankings."""
    return article.date, tuple(t.name for t in article.tags), parsed.source.notes.related_slugs


def article_navs(links: Sequence[ArticleLink]) -> tuple[ArticleNav, ...]:
    """For each of ``links`` (the site's articles by date, then slug) the one before
    it, the one after it and the others of its day. An article's page depends on no
    more of the site than this, so a new article changes only its neighbours' and
    its day's pages."""
    by_day: dict[str, list[ArticleLink]] = {}
    for link in links:
        by_day.setdefault(link.date, []).append(link)
    last = len(links) - 1
    return tuple(
        ArticleNav(
            links[i - 1] if i > 0 else None,
            links[i + 1] if i < last else None,
            tuple(other for other in by_day[link.date] if other.slug != link.slug),
        )
        for i, link in enumerate(links)
    )
