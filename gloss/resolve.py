"""Stage 3a, resolve: each parsed article -> an ``Article`` view.

Checks every reference of the article (notes' anchors, links to other
articles, ``related``) against the real slugs and ids, places takeaways,
builds the tables of contents and pairs the sections of the translation with
those of the original. Site-wide views (days, tags, related, backlinks) are
``crosslink``'s job; nothing here renders or writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol, Sequence

from .anchors import Anchored, key_point_id, note_id, problem
from .config import SiteConfig
from .diagnostics import Diagnostic, error, suggest, warning
from .markdown import LinkRef
from .notes import At, Quoted
from .parse import ORIGINAL_PREFIX, ParsedArticle, ParsedDoc
from .urls import article_url, day_url
from .views import (EMPTY, Article, BodyBlock, DocView, Faq, Fragment, Highlight, KeyPoint, MarginNote, Takeaway,
                    TagRef, TextQuote, TocNode)
from .yamlsafe import Path


class LinkTarget(Protocol):
    """What a link to another article is checked against: its index document's ids."""

    @property
    def ids(self) -> Sequence[str]: ...

    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class Catalog:
    """What links may point to: each article of this build (its index document), and
    the slugs that exist but are not in it (bundles that failed to load, drafts left out)."""

    articles: Mapping[str, LinkTarget]
    broken: frozenset[str] = frozenset()
    drafts: frozenset[str] = frozenset()

    def missing(self, slug: str) -> str | None:
        """Why ``slug`` cannot be linked to, or None when it can; "" means: say nothing
        (the bundle's own errors are reported)."""
        if slug in self.articles:
            return None
        if slug in self.broken:
            return ""
        if slug in self.drafts:
            return f'"{slug}" is a draft (build with --drafts to include it)'
        return f'unknown article "{slug}"' + suggest(slug, self.articles)

    def link_problem(self, slug: str, fragment: str) -> str | None:
        """What is wrong with a link to ``slug#fragment`` (None: nothing; "": say nothing)."""
        why = self.missing(slug)
        if why is not None:
            return why and f"link to {why}"
        target = self.articles[slug]
        if fragment and fragment not in target.ids:
            return (f'link "{slug}#{fragment}": no such id in {target.path}'
                    + suggest(fragment, target.ids).replace("; valid: ", "; ids there: "))
        return None

    def related_problem(self, slug: str) -> str | None:
        why = self.missing(slug)
        return f"related: {why}" if why else None


class _Refs:
    """Reference checking for one article; collects diagnostics."""

    def __init__(self, parsed: ParsedArticle, catalog: Catalog | None, problems: list[Diagnostic]) -> None:
        self.parsed = parsed
        self.catalog = catalog
        self.problems = problems
        self.notes = parsed.source.notes
        self.notes_path = parsed.source.notes_path

    def at(self, at: At) -> tuple[str, int, int]:
        return (self.notes_path, *at)

    def anchor(self, ref: str, path: At) -> tuple[ParsedDoc, str] | None:
        """Resolve ``#id`` / ``original#id``; report at ``path`` (where it was written) when it does not."""
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

    def quote(self, item: Quoted, path: Path) -> Anchored | None:
        """A quote reference (``path``: its list and index): its document and ``within``
        section must exist, and its passage must be found (drifts are warnings). The
        passage, when it was placed."""
        if item.quote is None:
            return None
        original = item.doc == "original"
        doc = self.parsed.original if original else self.parsed.index
        if doc is None:
            self.problems.append(error(*self.at(item.where("doc")), "doc: original, but this bundle has no original.md"))
            return None
        if item.within is not None:
            within = item.within
            wanted = "original" if original else ""
            if within.partition("#")[0] != wanted:
                self.problems.append(error(*self.at(item.where("within")), f'within: "{within}" is not in the quoted '
                                           f'document (write "{wanted}#id")'))
                return None
            if not self.anchor(within, item.where("within")):
                return None
        found = next((a for a in doc.anchored if a.path == path), None)
        if found is None:
            return None
        told = problem(found, item.quote, _file(doc))
        if told:
            severity, message = told
            report = error if severity == "error" else warning
            self.problems.append(report(*self.at(item.where("quote")), f"{path[0]}[{path[1]}]: {message}"))
        return found if found.status in ("exact", "drifted") else None

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
        if self.catalog is not None and (why := self.catalog.link_problem(link.slug, link.fragment)):
            self.problems.append(error(*where, why))


def _selector(passage: Anchored | None, item: Quoted) -> TextQuote | None:
    if passage is None:
        return None
    return TextQuote(passage.text, passage.prefix, passage.suffix, item.document)


def _file(doc: ParsedDoc) -> str:
    return doc.path.replace("\\", "/").rsplit("/", 1)[-1]


def _nearby(fragment: str, doc: ParsedDoc, mark: str) -> str:
    """" (did you mean "#why"?); ids there: #a, #b…", written as the value needs them ("#" or "original#")."""
    return suggest(mark + fragment, [mark + i for i in doc.ids]).replace("; valid: ", "; ids there: ")


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


@dataclass
class _Placed:
    """What goes after the blocks of one document: takeaways by target id or by block
    (quoted ones), margin notes by block."""

    after: dict[str, list[Fragment]] = field(default_factory=dict)
    after_block: dict[int, list[Fragment]] = field(default_factory=dict)
    notes: dict[int, list[MarginNote]] = field(default_factory=dict)


def _body(doc: ParsedDoc, placed: _Placed, pairs: dict[str, str], other_lang: str) -> tuple[BodyBlock, ...]:
    blocks = []
    for b, block in enumerate(doc.blocks):
        takeaways = [html for i in block.ids for html in placed.after.get(i, [])] + placed.after_block.get(b, [])
        pair = next((pairs[i] for i in block.ids if i in pairs), None)
        blocks.append(BodyBlock(block.html, tuple(takeaways), pair, other_lang if pair else "",
                                tuple(placed.notes.get(b, ()))))
    return tuple(blocks)


def _pairs(parsed: ParsedArticle, refs: "_Refs") -> tuple[dict[str, str], dict[str, str]]:
    """Section links: translation heading id -> original href, and back.

    Headings (h2 and below) are paired in order; ``pairs:`` in notes, when
    given, replaces that with the editor's list."""
    original = parsed.original
    wanted = refs.notes.pairs
    if original is None:
        if wanted is not None:
            refs.problems.append(error(*refs.at(refs.notes.where("pairs")),
                                       "pairs: this bundle has no original.md to pair with"))
        return {}, {}
    forward: dict[str, str] = {}
    back: dict[str, str] = {}
    if wanted is not None:
        for pair in wanted:
            mine = refs.anchor(pair.index, pair.where("index"))
            theirs = refs.anchor(pair.original, pair.where("original"))
            if mine and theirs:
                forward[mine[1]] = href(*theirs)
                back[theirs[1]] = href(*mine)
        return forward, back
    ours = [h for h in parsed.index.headings if h.level >= 2]
    their = [h for h in original.headings if h.level >= 2]
    if len(ours) != len(their) and ours and their:
        refs.problems.append(warning(parsed.index.path, ours[0].line, 1,
                                     f"index.md has {len(ours)} section headings and original.md {len(their)}; "
                                     "they are paired in order as far as they go (list them in `pairs:` to choose)"))
    for heading, counterpart in zip(ours, their):
        forward[heading.id] = href(original, counterpart.id)
        back[counterpart.id] = href(parsed.index, heading.id)
    return forward, back


def _check_ids(doc: ParsedDoc, problems: list[Diagnostic]) -> None:
    for ident, count in Counter(doc.ids).items():
        if count > 1:
            line = next((h.line for h in doc.headings if h.id == ident), 1)
            problems.append(error(doc.path, line, 1, f'the id "{ident}" is used {count} times in this document; '
                                  "ids must be unique"))


Passages = dict[Path, Anchored]  # each quoting item's placed passage, by (list, index)


def _key_points(refs: _Refs, passages: Passages, html: Callable[[Path], Fragment]) -> tuple[KeyPoint, ...]:
    key_points = []
    for i, point in enumerate(refs.notes.key_points):
        link = None
        passage = passages.get(("key_points", i))
        if point.anchor is not None and (target := refs.anchor(point.anchor, point.where("anchor"))):
            link = href(*target)
        elif passage:
            link = "#" + passage.ident
        key_points.append(KeyPoint(point.title, html(("key_points", i, "text")), link,
                                   passage.text if passage else None, key_point_id(i + 1),
                                   _selector(passage, point), point.lang or ""))
    return tuple(key_points)


def _toc_entries(refs: _Refs) -> dict[str, list[tuple[int, str, str]]]:
    """The curated table of contents' entries of each document (level, label, href)."""
    parsed = refs.parsed
    toc_entries: dict[str, list[tuple[int, str, str]]] = {"index": [], "original": []}
    for entry in refs.notes.toc:
        if found := refs.anchor(entry.anchor, entry.where("anchor")):
            doc, ident = found
            heading = next((h for h in doc.headings if h.id == ident), None)
            which = "original" if doc is parsed.original else "index"
            text = heading.text if heading else (doc.title if ident == doc.title_id else None) or ident
            toc_entries[which].append((heading.level if heading else 2, entry.label or text, href(doc, ident)))
    return toc_entries


def _takeaways(refs: _Refs, passages: Passages, html: Callable[[Path], Fragment],
               placed: dict[str, _Placed]) -> tuple[tuple[Takeaway, ...], tuple[Fragment, ...]]:
    """The takeaways (placed in ``placed``), and those shown after the body."""
    unplaced: list[Fragment] = []
    takeaways: list[Takeaway] = []
    for i, takeaway in enumerate(refs.notes.takeaways):
        text = html(("takeaways", i, "text"))
        if passage := passages.get(("takeaways", i)):
            placed[takeaway.document].after_block.setdefault(passage.end_block, []).append(text)
            takeaways.append(Takeaway(text, "#" + passage.ident, _selector(passage, takeaway)))
        elif takeaway.after is None:
            if takeaway.quote is None:
                refs.problems.append(warning(*refs.at(takeaway.at), 'a takeaway needs after: "#id" or a quote: '
                                             "to be placed; shown after the body"))
            unplaced.append(text)
        elif found := refs.anchor(takeaway.after, takeaway.where("after")):
            doc, ident = found
            if ident == doc.title_id:
                refs.problems.append(error(*refs.at(takeaway.where("after")), f'"{takeaway.after}" is the title, '
                                           "which is not part of the text; place the takeaway after a heading or table"))
                continue
            placed["original" if doc is refs.parsed.original else "index"].after.setdefault(ident, []).append(text)
            takeaways.append(Takeaway(text, href(doc, ident)))
    return tuple(takeaways), tuple(unplaced)


def _highlights(refs: _Refs, passages: Passages, html: Callable[[Path], Fragment],
                placed: dict[str, _Placed]) -> tuple[Highlight, ...]:
    highlights = []
    for i, item in enumerate(refs.notes.highlights):
        note = html(("highlights", i, "note"))
        passage = passages.get(("highlights", i))
        if passage and note:
            placed[item.document].notes.setdefault(passage.block, []).append(
                MarginNote(note_id(i + 1), passage.ident, note, passage.number))
        highlights.append(Highlight(passage.text if passage else item.quote, note, item.document,
                                    "#" + passage.ident if passage else "", _selector(passage, item)))
    for block_notes in (n for doc_placed in placed.values() for n in doc_placed.notes.values()):
        block_notes.sort(key=lambda margin_note: margin_note.number)  # text order, as numbered
    return tuple(highlights)


def _check_links(refs: _Refs) -> None:
    """The links of both documents and of the notes' Markdown, and clashing ids."""
    parsed, problems = refs.parsed, refs.problems
    for doc in (parsed.index, parsed.original):
        if doc is not None:
            _check_ids(doc, problems)
            for link in doc.links:
                refs.link(link, doc, (doc.path, link.line, link.col))
    for note in parsed.notes_links:
        refs.link(note.link, None, (refs.notes_path, note.link.line, note.link.col))
    if parsed.original is not None:
        clash = set(parsed.index.ids) & {ORIGINAL_PREFIX + i for i in parsed.original.ids}
        for ident in sorted(clash):
            problems.append(error(parsed.index.path, 1, 1, f'the id "{ident}" clashes with an id of original.md '
                                  "on the page; pin another with {#id}"))


def _check_related(refs: _Refs, catalog: Catalog | None) -> None:
    for item in refs.notes.related:
        why = catalog.related_problem(item.value) if catalog is not None else None
        if why:
            refs.problems.append(error(*refs.at(item.at), why))
        elif item.value == refs.parsed.source.slug:
            refs.problems.append(error(*refs.at(item.at), "an article cannot be related to itself"))


def _original_view(parsed: ParsedArticle, toc: list[tuple[int, str, str]], placed: _Placed,
                   back: dict[str, str]) -> DocView | None:
    """The original's part of the page: its contents (as given, or its headings) and its
    body with its takeaways and highlights placed and links back to the translation."""
    if parsed.original is None:
        return None
    doc, src = parsed.original, parsed.source
    title_id = ORIGINAL_PREFIX + doc.title_id if doc.title_id else None
    return DocView(src.original_lang, doc.title, title_id, _toc(toc or _auto_toc(doc)),
                   _body(doc, placed, back, src.lang))


def resolve_article(parsed: ParsedArticle, catalog: Catalog | None, config: SiteConfig,
                    problems: list[Diagnostic], tags: Mapping[str, TagRef] | None = None) -> Article | None:
    """The article's view, or None when it has errors (added to ``problems``).

    ``tags``: each tag name's ``TagRef`` (from ``crosslink``). ``catalog`` None: the
    links to other articles and ``related:`` slugs are left for a site-wide check
    (``records.check_references``), since this article's own references do not
    depend on them."""
    src = parsed.source
    notes = src.notes
    refs = _Refs(parsed, catalog, problems)
    count = len(problems)

    def html(path: Path) -> Fragment:
        return parsed.notes_html.get(path, EMPTY)

    _check_links(refs)
    passages = {path: found for path, item in notes.quoted() if (found := refs.quote(item, path))}
    key_points = _key_points(refs, passages, html)
    toc_entries = _toc_entries(refs)
    placed = {"index": _Placed(), "original": _Placed()}
    takeaways, unplaced = _takeaways(refs, passages, html, placed)
    highlights = _highlights(refs, passages, html, placed)
    _check_related(refs, catalog)
    forward, back = _pairs(parsed, refs)
    title = src.title or parsed.index.title
    if not title:
        problems.append(error(src.index.path, 1, 1, "no title: add `title:` to notes.yaml or start index.md "
                              "with a `# Heading`"))
    if not title or any(p.severity == "error" for p in problems[count:]):
        return None

    original = _original_view(parsed, toc_entries["original"], placed["original"], back)
    impact = notes.impact
    tag_refs = tags or {}
    return Article(
        slug=src.slug,
        url=article_url(config.base_path, src.slug),
        title=title,
        title_id=parsed.index.title_id,
        date=src.date,
        digest_url=day_url(config.base_path, src.date),
        lang=src.lang,
        tags=tuple(tag_refs[t] for t in notes.tag_names if t in tag_refs),
        source=src.source,
        summary=html(("summary",)),
        key_points=key_points,
        analysis=html(("impact", "analysis")) if impact and impact.analysis is not None else EMPTY,
        editorial=html(("impact", "editorial")) if impact and impact.editorial is not None else EMPTY,
        index=DocView(src.lang, None, None, _toc(toc_entries["index"] or _auto_toc(parsed.index)),
                      _body(parsed.index, placed["index"], forward, src.original_lang)),
        takeaways_unplaced=unplaced,
        takeaways=takeaways,
        faq=tuple(Faq(f.q, html(("faq", i, "a")), f.lang or "") for i, f in enumerate(notes.faq)),
        highlights=highlights,
        original=original,
        bundle=src.bundle,
        assets=src.assets,
        text=parsed.index.text,
        title_lang=notes.title_lang or "",
        summary_line=parsed.summary_line,
    )
