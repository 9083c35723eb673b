"""Stage 3, resolve: the parsed articles -> one consistent ``Site``.

Checks every reference (notes' anchors, links between articles, ``related``)
against the real slugs and ids, places takeaways, builds the tables of
contents, groups articles into digest days. Returns view data for the
templates and the diagnostics; nothing here renders or writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from .config import SiteConfig
from .diagnostics import Diagnostic, error, suggest, warning
from .markdown import LinkRef
from .parse import ORIGINAL_PREFIX, ParsedArticle, ParsedDoc
from .yamlsafe import Path


@dataclass(frozen=True)
class TocNode:
    label: str
    href: str
    children: tuple["TocNode", ...] = ()


@dataclass(frozen=True)
class BodyBlock:
    html: str
    takeaways: tuple[str, ...] = ()  # HTML of the takeaways placed after this block


@dataclass(frozen=True)
class KeyPoint:
    title: str
    text_html: str
    href: str | None  # "#id" on the article page; None for a quote not yet anchored
    quote: str | None


@dataclass(frozen=True)
class Faq:
    q: str
    a_html: str


@dataclass(frozen=True)
class Highlight:
    quote: str
    note_html: str
    doc: str


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
class ArticleRef:
    slug: str
    url: str
    title: str
    date: str
    lang: str
    summary_html: str
    key_points: tuple[KeyPoint, ...] = ()


@dataclass(frozen=True)
class Article:
    slug: str
    url: str
    title: str
    title_id: str | None
    date: str
    digest_url: str
    lang: str
    tags: tuple[str, ...]
    source: Source
    summary_html: str
    key_points: tuple[KeyPoint, ...]
    analysis_html: str
    editorial_html: str
    index: DocView
    takeaways_unplaced: tuple[str, ...]
    faq: tuple[Faq, ...]
    highlights: tuple[Highlight, ...]
    original: DocView | None
    related: tuple[ArticleRef, ...]
    bundle: str
    assets: tuple[str, ...]


@dataclass(frozen=True)
class Day:
    date: str
    url: str
    articles: tuple[ArticleRef, ...]


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    articles: tuple[Article, ...]
    days: tuple[Day, ...]  # newest first


class _Refs:
    """Reference checking for one article; collects diagnostics."""

    def __init__(self, parsed: ParsedArticle, slugs: dict[str, ParsedArticle], broken: frozenset[str],
                 problems: list[Diagnostic]) -> None:
        self.parsed = parsed
        self.slugs = slugs
        self.broken = broken
        self.problems = problems
        self.notes = parsed.source.notes
        self.notes_path = parsed.source.notes_path

    def at(self, path: Path) -> tuple[str, int, int]:
        return (self.notes_path, *self.notes.where(path))

    def anchor(self, ref: str, path: Path) -> tuple[ParsedDoc, str] | None:
        """Resolve ``#id`` / ``original#id``; report at ``path`` when it does not."""
        name, _, fragment = ref.partition("#")
        doc = self.parsed.original if name == "original" else self.parsed.index
        if name not in ("", "original"):
            self.problems.append(error(*self.at(path), f'"{ref}": an anchor is "#id" or "original#id"'))
            return None
        if doc is None:
            self.problems.append(error(*self.at(path), f'"{ref}" points into original.md, but this bundle has none'))
            return None
        if fragment not in doc.ids:
            self.problems.append(error(*self.at(path), f'anchor "{ref}" does not resolve in {_file(doc)}'
                                       + _nearby(fragment, doc, "#" if name == "" else "original#")))
            return None
        return doc, fragment

    def link(self, link: LinkRef, doc: ParsedDoc | None, where: tuple[str, int, int]) -> None:
        if link.kind == "fragment" and doc is not None:
            if link.fragment not in doc.ids and not link.fragment.startswith("fn"):
                self.problems.append(error(*where, f'link "#{link.fragment}" does not resolve in {_file(doc)}'
                                           + _nearby(link.fragment, doc, "#")))
            return
        if link.kind == "fragment":
            self.problems.append(error(*where, f'"#{link.fragment}": notes link to another article '
                                       "by its slug (slug#id); use key point anchors for this article"))
            return
        target = self.slugs.get(link.slug)
        if link.slug in self.broken:
            return  # that bundle's own errors are reported; its ids are unknown
        if target is None:
            self.problems.append(error(*where, f'link to unknown article "{link.slug}"' + suggest(link.slug, self.slugs)))
        elif link.fragment and link.fragment not in target.index.ids:
            self.problems.append(error(*where, f'link "{link.slug}#{link.fragment}": no such id in '
                                       f"{target.index.path}" + _nearby(link.fragment, target.index, "#")))


def _file(doc: ParsedDoc) -> str:
    return doc.path.replace("\\", "/").rsplit("/", 1)[-1]


def _nearby(fragment: str, doc: ParsedDoc, mark: str) -> str:
    return suggest(fragment, doc.ids).replace("; valid: ", "; ids there: ")


def href(doc: ParsedDoc, fragment: str) -> str:
    return "#" + doc.id_prefix + fragment


def _toc(entries: list[tuple[int, str, str]]) -> tuple[TocNode, ...]:
    """Nest (level, label, href) entries by level."""
    root: list[tuple[TocNode, list[Any]]] = []
    stack: list[tuple[int, list[Any]]] = [(0, root)]
    for level, label, link in entries:
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        children: list[Any] = []
        stack[-1][1].append((TocNode(label, link), children))
        stack.append((level, children))

    def build(items: list[Any]) -> tuple[TocNode, ...]:
        return tuple(TocNode(node.label, node.href, build(kids)) for node, kids in items)

    return build(root)


def _auto_toc(doc: ParsedDoc) -> list[tuple[int, str, str]]:
    return [(h.level, h.text, href(doc, h.id)) for h in doc.headings if h.level in (2, 3)]


def _body(doc: ParsedDoc, after: dict[str, list[str]]) -> tuple[BodyBlock, ...]:
    placed = []
    for block in doc.blocks:
        notes = [html for i in block.ids for html in after.get(i, [])]
        placed.append(BodyBlock(block.html, tuple(notes)))
    return tuple(placed)


def _check_ids(doc: ParsedDoc, problems: list[Diagnostic]) -> None:
    for ident, count in Counter(doc.ids).items():
        if count > 1:
            line = next((h.line for h in doc.headings if h.id == ident), 1)
            problems.append(error(doc.path, line, 1, f'the id "{ident}" is used {count} times in this document; '
                                  "ids must be unique"))


def resolve_article(parsed: ParsedArticle, slugs: dict[str, ParsedArticle], config: SiteConfig,
                    problems: list[Diagnostic], broken: frozenset[str] = frozenset()) -> Article | None:
    src = parsed.source
    data = src.notes.data
    refs = _Refs(parsed, slugs, broken, problems)
    count = len(problems)
    html = parsed.notes_html
    base = config.base_path
    for doc in (parsed.index, parsed.original):
        if doc is not None:
            _check_ids(doc, problems)
            for link in doc.links:
                refs.link(link, doc, (doc.path, link.line, link.col))
    for note in parsed.notes_links:
        refs.link(note.link, None, (src.notes_path, note.link.line, note.link.col))
    if parsed.original is not None:
        clash = set(parsed.index.ids) & {ORIGINAL_PREFIX + i for i in parsed.original.ids}
        for ident in sorted(clash):
            problems.append(error(parsed.index.path, 1, 1, f'the id "{ident}" clashes with an id of original.md '
                                  "on the page; pin another with {#id}"))

    key_points = []
    for i, point in enumerate(data.get("key_points", [])):
        link = None
        if "anchor" in point and (found := refs.anchor(point["anchor"], ("key_points", i, "anchor"))):
            link = href(*found)
        key_points.append(KeyPoint(point["title"], html.get(("key_points", i, "text"), ""), link, point.get("quote")))

    toc_entries: dict[str, list[tuple[int, str, str]]] = {"index": [], "original": []}
    for i, entry in enumerate(data.get("toc", [])):
        anchor, label = (entry, None) if isinstance(entry, str) else (entry["anchor"], entry.get("label"))
        path: Path = ("toc", i) if isinstance(entry, str) else ("toc", i, "anchor")
        if found := refs.anchor(anchor, path):
            doc, ident = found
            heading = next((h for h in doc.headings if h.id == ident), None)
            which = "original" if doc is parsed.original else "index"
            toc_entries[which].append((heading.level if heading else 2, label or (heading.text if heading else ident),
                                       href(doc, ident)))

    after: dict[str, dict[str, list[str]]] = {"index": {}, "original": {}}
    unplaced: list[str] = []
    for i, takeaway in enumerate(data.get("takeaways", [])):
        text = html.get(("takeaways", i, "text"), "")
        if "after" not in takeaway:
            problems.append(warning(*refs.at(("takeaways", i)), "quote-anchored takeaways are not placed yet; "
                                    "shown after the body (use after: \"#table-N\")"))
            unplaced.append(text)
        elif found := refs.anchor(takeaway["after"], ("takeaways", i, "after")):
            doc, ident = found
            after["original" if doc is parsed.original else "index"].setdefault(ident, []).append(text)

    for i, slug in enumerate(data.get("related", [])):
        if slug in broken:
            continue
        if slug not in slugs:
            problems.append(error(*refs.at(("related", i)), f'related: unknown article "{slug}"' + suggest(slug, slugs)))
        elif slug == src.slug:
            problems.append(error(*refs.at(("related", i)), "an article cannot be related to itself"))

    title = src.title or parsed.index.title
    if not title:
        problems.append(error(src.index.path, 1, 1, "no title: add `title:` to notes.yaml or start index.md "
                              "with a `# Heading`"))
    if not title or any(p.severity == "error" for p in problems[count:]):
        return None

    original = None
    if parsed.original is not None:
        title_id = ORIGINAL_PREFIX + parsed.original.title_id if parsed.original.title_id else None
        original = DocView(src.original_lang, parsed.original.title, title_id,
                           _toc(toc_entries["original"] or _auto_toc(parsed.original)),
                           _body(parsed.original, after["original"]))
    impact = data.get("impact", {})
    return Article(
        slug=src.slug,
        url=f"{base}{quote(src.slug)}/",
        title=title,
        title_id=parsed.index.title_id,
        date=src.date,
        digest_url=f"{base}digest/{src.date}/",
        lang=src.lang,
        tags=tuple(data.get("tags", [])),
        source=Source(**src.source),
        summary_html=html.get(("summary",), ""),
        key_points=tuple(key_points),
        analysis_html=html.get(("impact", "analysis"), "") if "analysis" in impact else "",
        editorial_html=html.get(("impact", "editorial"), "") if "editorial" in impact else "",
        index=DocView(src.lang, None, None, _toc(toc_entries["index"] or _auto_toc(parsed.index)),
                      _body(parsed.index, after["index"])),
        takeaways_unplaced=tuple(unplaced),
        faq=tuple(Faq(f["q"], html.get(("faq", i, "a"), "")) for i, f in enumerate(data.get("faq", []))),
        highlights=tuple(Highlight(h["quote"], html.get(("highlights", i, "note"), ""), h.get("doc", "index"))
                         for i, h in enumerate(data.get("highlights", []))),
        original=original,
        related=(),
        bundle=src.bundle,
        assets=src.assets,
    )


def _ref(article: Article) -> ArticleRef:
    return ArticleRef(article.slug, article.url, article.title, article.date, article.lang,
                      article.summary_html, article.key_points)


def resolve_site(config: SiteConfig, parsed: list[ParsedArticle],
                 broken: tuple[str, ...] = ()) -> tuple[Site, list[Diagnostic]]:
    """``broken``: slugs of bundles that failed to load, so links to them are not reported again."""
    problems: list[Diagnostic] = []
    slugs = {p.source.slug: p for p in parsed}
    failed = frozenset(broken)
    articles = [a for p in parsed if (a := resolve_article(p, slugs, config, problems, failed)) is not None]
    by_slug = {a.slug: a for a in articles}
    linked = []
    for article in articles:
        wanted = slugs[article.slug].source.notes.data.get("related", [])
        related = tuple(_ref(by_slug[s]) for s in wanted if s in by_slug)
        linked.append(replace(article, related=related))
    days: dict[str, list[ArticleRef]] = {}
    for article in sorted(linked, key=lambda a: (a.date, a.slug)):
        days.setdefault(article.date, []).append(_ref(article))
    day_list = tuple(Day(d, f"{config.base_path}digest/{d}/", tuple(refs)) for d, refs in sorted(days.items(), reverse=True))
    return Site(config, tuple(linked), day_list), problems

