"""The data the templates see: plain, frozen, picklable view objects.

``resolve`` builds one ``Article`` per article; ``crosslink`` builds the
site-wide views (days, tags, archive, home pages) and fills in related
articles and backlinks. Rendered Markdown travels as ``Fragment``s: the HTML
for the site and the same HTML with absolute URLs, for feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gloss.content.config import SiteConfig


@dataclass(frozen=True)
class Fragment:
    html: str  # for pages on the site
    feed: str  # the same, every URL absolute (for feeds)

    def __bool__(self) -> bool:
        return bool(self.html)


EMPTY = Fragment("", "")


@dataclass(frozen=True)
class TocNode:
    label: str
    href: str
    children: tuple[TocNode, ...] = ()


@dataclass(frozen=True)
class MarginNote:
    """A highlight's note, shown beside (wide screens) or below (narrow) its block."""

    ident: str  # the note's id
    passage: str  # the id of the highlighted passage it belongs to
    html: Fragment
    number: int = 0  # in the document's text order, also shown after the highlighted passage


@dataclass(frozen=True)
class BodyBlock:
    html: Fragment
    takeaways: tuple[Fragment, ...] = ()  # placed right after this block
    pair_href: str | None = None  # the matching section of the other document
    pair_lang: str = ""
    notes: tuple[MarginNote, ...] = ()  # margin notes of highlights starting in this block

    @property
    def kind(self) -> str:
        """What the block is, to name a takeaway after it: "table", "figure",
        "code", "list", "quote" or "text"."""
        start = self.html.html.lstrip()[:12]
        for prefix, kind in (
            ("<table", "table"),
            ("<figure", "figure"),
            ("<pre", "code"),
            ("<ul", "list"),
            ("<ol", "list"),
            ("<blockquote", "quote"),
        ):
            if start.startswith(prefix):
                return kind
        return "text"


@dataclass(frozen=True)
class TextQuote:
    """A passage as W3C Web Annotation's TextQuoteSelector describes it, as the text reads now."""

    exact: str
    prefix: str
    suffix: str
    doc: str  # "index" or "original"


@dataclass(frozen=True)
class KeyPoint:
    title: str
    text: Fragment
    href: str | None  # "#id" on the article page (its anchor, or its quoted passage)
    quote: str | None
    ident: str = ""  # the key point's own id on the article page (quoted passages link back to it)
    selector: TextQuote | None = None  # the quoted passage
    lang: str = ""  # its own language when not the article's (notes' ``lang:``), else ""


@dataclass(frozen=True)
class Faq:
    q: str
    a: Fragment
    lang: str = ""  # its own language when not the article's (notes' ``lang:``), else ""


@dataclass(frozen=True)
class Highlight:
    quote: str  # the passage as it reads now
    note: Fragment
    doc: str
    href: str = ""  # "#id" of the marked passage
    selector: TextQuote | None = None


@dataclass(frozen=True)
class Takeaway:
    """A takeaway as the annotation export lists it (the page shows it in ``BodyBlock``)."""

    text: Fragment
    href: str  # "#id" of what it follows, or of its quoted passage; "" when not placed
    selector: TextQuote | None = None


@dataclass(frozen=True)
class Source:
    """The source document's facts (notes' ``source:`` over front matter)."""

    url: str = ""
    author: str = ""
    publisher: str = ""
    published: str = ""
    lang: str = ""
    title: str = ""

    def __bool__(self) -> bool:
        return any((self.url, self.author, self.publisher, self.published))


@dataclass(frozen=True)
class DocView:
    lang: str
    title: str | None  # the document's own "# H1", shown for the original
    title_id: str | None  # its id on the page
    toc: tuple[TocNode, ...]
    body: tuple[BodyBlock, ...]


@dataclass(frozen=True)
class TagRef:
    name: str
    slug: str
    url: str


@dataclass(frozen=True)
class ArticleRef:
    """An article as other pages show it."""

    slug: str
    url: str
    title: str
    date: str
    lang: str
    summary: Fragment
    key_points: tuple[KeyPoint, ...] = ()
    tags: tuple[TagRef, ...] = ()


@dataclass(frozen=True)
class ArticleLink:
    """An article as lists show it: a title to click and the summary's first sentence.
    Pages that show no more than this are not rendered again when the rest of an
    article's summary or its key points change."""

    slug: str
    url: str
    title: str
    date: str
    lang: str
    line: str = ""  # the summary's first sentence, plain text (``parse.first_sentence``)


@dataclass(frozen=True)
class ArticleNav:
    """Where an article stands among the others, for its page: the articles just
    before and after it (by date, then slug) and the other articles of its day."""

    previous: ArticleLink | None = None
    next: ArticleLink | None = None
    same_day: tuple[ArticleLink, ...] = ()


@dataclass(frozen=True)
class Backlink:
    article: ArticleLink
    context: str  # the linking sentence or key point, plain text


@dataclass(frozen=True)
class Article:
    slug: str
    url: str
    title: str
    title_id: str | None
    date: str
    digest_url: str
    lang: str
    tags: tuple[TagRef, ...]
    source: Source
    summary: Fragment
    key_points: tuple[KeyPoint, ...]
    analysis: Fragment
    editorial: Fragment
    index: DocView
    takeaways_unplaced: tuple[Fragment, ...]
    takeaways: tuple[Takeaway, ...]
    faq: tuple[Faq, ...]
    highlights: tuple[Highlight, ...]
    original: DocView | None
    bundle: str
    assets: tuple[str, ...]
    text: str  # plain text of the body, for descriptions
    related: tuple[ArticleLink, ...] = ()
    backlinks: tuple[Backlink, ...] = ()
    title_lang: str = ""  # the title's own language when not the article's (notes' ``title_lang:``), else ""
    summary_line: str = ""  # the summary's first sentence, plain text, for lists

    def ref(self) -> ArticleRef:
        return ref_of(self)

    def link(self) -> ArticleLink:
        return link_of(self)


def ref_of(article: Any) -> ArticleRef:
    """How other pages show an article (an ``Article`` or a ``records.ArticleRecord``)."""
    return ArticleRef(
        article.slug,
        article.url,
        article.title,
        article.date,
        article.lang,
        article.summary,
        article.key_points,
        article.tags,
    )


def link_of(article: Any) -> ArticleLink:
    """How lists show an article (an ``Article`` or a ``records.ArticleRecord``)."""
    return ArticleLink(article.slug, article.url, article.title, article.date, article.lang, article.summary_line)


@dataclass(frozen=True)
class Day:
    date: str
    url: str
    articles: tuple[ArticleRef, ...]
    newer: DayLink | None = None
    older: DayLink | None = None


@dataclass(frozen=True)
class DayLink:
    date: str
    url: str


@dataclass(frozen=True)
class ArchiveDay:
    date: str
    url: str
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    days: tuple[ArchiveDay, ...]  # newest first


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    url: str
    feed_url: str
    articles: tuple[ArticleLink, ...]  # newest first


@dataclass(frozen=True)
class HomePage:
    number: int
    url: str
    days: tuple[Day, ...]
    newer_url: str | None
    older_url: str | None
    count: int  # pages in all


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    articles: tuple[Article, ...]  # by date, then slug
    days: tuple[Day, ...]  # newest first
    tags: tuple[Tag, ...]  # by slug
    months: tuple[Month, ...]  # newest first
    home: tuple[HomePage, ...]
