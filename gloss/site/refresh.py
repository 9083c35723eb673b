"""The site-wide views after an edit that changes only how some articles are shown.

When an article's record changes in its title, language, summary or key points
but not in where it stands — its date, tags, links, ``related:`` slugs, ids
and assets are the same — every list keeps its members and order, and the
related articles keep their ranking. ``refresh`` then puts the new records'
refs and links into the last build's views instead of computing them again
(the ranking of related articles is most of that cost), and ``reach`` names
the files that can show them: what a ``Session`` asks again; every other file
stays as it is. ``refresh`` gives what ``records.sitewide_index`` gives for
the same records (a test compares them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from gloss.build.records import ArticleRecord, SiteIndex
from gloss.content.views import ArticleLink, ArticleRef, Backlink

Item = TypeVar("Item", ArticleRef, ArticleLink)
SHOWN = ("key", "title", "lang", "summary", "key_points", "summary_line")  # what other pages show


def shown_only(old: ArticleRecord, new: ArticleRecord) -> bool:
    """Whether ``new`` differs from ``old`` only in what other pages show of it."""
    return replace(old, **{name: getattr(new, name) for name in SHOWN}) == new


def refresh(index: SiteIndex, changed: Mapping[str, ArticleRecord], shown: bool = True) -> SiteIndex:
    """``index`` with the records of ``changed`` (by slug; each ``shown_only`` of its old
    one). Without ``shown`` (only their keys changed) no view changes but the records;
    with it, only the views that hold them are made again: their days and the home
    pages showing those, their months, their tags, the backlinks of their links' targets."""
    swapped = list(index.records)  # (an edit of this kind moves no record)
    for slug, record in changed.items():
        if slug in index.where:  # (not a draft, nor an article that failed to build)
            swapped[index.where[slug]] = record
    records = tuple(swapped)
    if not shown:
        return replace(index, records=records)
    refs = {slug: record.ref() for slug, record in changed.items()}
    links = {slug: record.link() for slug, record in changed.items()}
    dates = {record.date for record in changed.values()}
    days = tuple(replace(day, articles=_swap(day.articles, refs)) if day.date in dates else day for day in index.days)
    by_date = {day.date: day for day in days if day.date in dates}
    names = {tag.name for record in changed.values() for tag in record.tags}
    backlinks = dict(index.backlinks)
    for target in {target for record in changed.values() for target, _ in record.contributions}:
        if target in backlinks:
            backlinks[target] = _backlinks(backlinks[target], links)
    return replace(
        index,
        records=records,
        days=days,
        home=tuple(
            replace(page, days=tuple(by_date.get(d.date, d) for d in page.days))
            if any(d.date in dates for d in page.days)
            else page
            for page in index.home
        ),
        months=tuple(
            replace(month, days=tuple(replace(d, articles=_swap(d.articles, links)) for d in month.days))
            if any(date.startswith(month.month) for date in dates)
            else month
            for month in index.months
        ),
        tags=tuple(
            replace(tag, articles=_swap(tag.articles, links)) if tag.name in names else tag for tag in index.tags
        ),
        backlinks=backlinks,
    )


def _swap(items: tuple[Item, ...], new: Mapping[str, Item]) -> tuple[Item, ...]:
    return tuple(new.get(item.slug, item) for item in items)


def _backlinks(found: tuple[Backlink, ...], links: Mapping[str, ArticleLink]) -> tuple[Backlink, ...]:
    if not any(b.article.slug in links for b in found):
        return found
    return tuple(replace(b, article=links.get(b.article.slug, b.article)) for b in found)


@dataclass(frozen=True)
class Reach:
    """The files an edit of some articles can change (see ``reach``)."""

    changed: frozenset[str]  # the slugs edited
    articles: frozenset[str]  # the article pages to ask again
    days: frozenset[str]  # the day pages (dates)
    homes: frozenset[int]  # the home pages (numbers)
    tags: frozenset[str]  # the tag pages (slugs)
    lists: bool  # the archive and the tags' index


def reach(index: SiteIndex, changed: frozenset[str], shown: bool) -> Reach:
    """What an edit of ``changed`` can change: only their own pages when their records
    changed in their keys alone; with ``shown``, also every page that shows them —
    their days and home pages, their tags, the archive, the articles that list them
    as related or backlinks, and their neighbours by date."""
    if not shown:
        return Reach(changed, changed, frozenset(), frozenset(), frozenset(), False)
    records, where = index.records, index.where
    places = sorted(where[slug] for slug in changed if slug in where)
    edited = [records[i] for i in places]
    articles = set(changed)
    for i in places:
        day = index.day_span(i)
        articles.update(r.slug for r in records[max(0, min(day.start, i - 1)) : max(day.stop, i + 2)])
    articles.update(slug for edit in changed for slug in index.listed_by.get(edit, ()))
    articles.update(t for record in edited for t, _ in record.contributions)
    dates = {record.date for record in edited}
    return Reach(
        changed,
        frozenset(articles),
        frozenset(dates),
        frozenset(page.number for page in index.home if any(d.date in dates for d in page.days)),
        frozenset(tag.slug for r in edited for tag in r.tags),
        True,
    )
