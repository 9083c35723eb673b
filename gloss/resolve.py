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
from typing import Any, Mapping, Protocol, Sequence

from .anchors import Anchored, key_point_id, note_id, problem
from .config import SiteConfig
from .diagnostics import Diagnostic, error, suggest, warning
from .markdown import LinkRef
from .parse import ORIGINAL_PREFIX, ParsedArticle, ParsedDoc, article_url
from .views import (EMPTY, Article, BodyBlock, DocView, Faq, Fragment, Highlight, KeyPoint, MarginNote, Source, Takeaway,
                    TagRef, TextQuote, TocNode, day_url)
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

    def quote(self, item: dict[str, Any], path: Path) -> Anchored | None:
        """A quote reference: its document and ``within`` section must exist, and its
        passage must be found (drifts are warnings). The passage, when it was placed."""
        if "quote" not in item:
            return None
        original = item.get("doc") == "original"
        doc = self.parsed.original if original else self.parsed.index
        if doc is None:
            self.problems.append(error(*self.at(path + ("doc",)), "doc: original, but this bundle has no original.md"))
            return None
        if "within" in item:
            within = item["within"]
            wanted = "original" if original else ""
            if within.partition("#")[0] != wanted:
                self.problems.append(error(*self.at(path + ("within",)), f'within: "{within}" is not in the quoted '
                                           f'document (write "{wanted}#id")'))
                return None
            if not self.anchor(within, path + ("within",)):
                return None
        found = next((a for a in doc.anchored if a.path == path), None)
        if found is None:
            return None
        told = problem(found, item["quote"], _file(doc))
        if told:
            severity, message = told
            report = error if severity == "error" else warning
            self.problems.append(report(*self.at(path + ("quote",)), f"{path[0]}[{path[1]}]: {message}"))
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


def _selector(passage: Anchored | None, item: dict[str, Any]) -> TextQuote | None:
    if passage is None:
        return None
    return TextQuote(passage.text, passage.prefix, passage.suffix, str(item.get("doc", "index")))


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
    if original is None:
        if "pairs" in refs.notes.data:
            refs.problems.append(error(*refs.at(("pairs",)), "pairs: this bundle has no original.md to pair with"))
        return {}, {}
    forward: dict[str, str] = {}
    back: dict[str, str] = {}
    wanted = refs.notes.data.get("pairs")
    if wanted is not None:
        for i, pair in enumerate(wanted):
            mine = refs.anchor(pair["index"], ("pairs", i, "index"))
            theirs = refs.anchor(pair["original"], ("pairs", i, "original"))
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
    for mine, theirs in zip(ours, their):
        forward[mine.id] = href(original, theirs.id)
        back[theirs.id] = href(parsed.index, mine.id)
    return forward, back


def _check_ids(doc: ParsedDoc, problems: list[Diagnostic]) -> None:
    for ident, count in Counter(doc.ids).items():
        if count > 1:
            line = next((h.line for h in doc.headings if h.id == ident), 1)
            problems.append(error(doc.path, line, 1, f'the id "{ident}" is used {count} times in this document; '
                                  "ids must be unique"))


def resolve_article(parsed: ParsedArticle, catalog: Catalog | None, config: SiteConfig,
                    problems: list[Diagnostic], tags: Mapping[str, TagRef] | None = None) -> Article | None:
    """The article's view, or None when it has errors (added to ``problems``).

    ``tags``: each tag name's ``TagRef`` (from ``crosslink``). ``catalog`` None: the
    links to other articles and ``related:`` slugs are left for a site-wide check
    (``records.check_references``), since this article's own references do not
    depend on them."""
    src = parsed.source
    data = src.notes.data
    refs = _Refs(parsed, catalog, problems)
    count = len(problems)
    notes = parsed.notes_html

    def html(path: Path) -> Fragment:
        return notes.get(path, EMPTY)

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

    passages = {(name, i): found for name in ("key_points", "takeaways", "highlights")
                for i, item in enumerate(data.get(name, [])) if (found := refs.quote(item, (name, i)))}

    key_points = []
    for i, point in enumerate(data.get("key_points", [])):
        link = None
        if "anchor" in point and (target := refs.anchor(point["anchor"], ("key_points", i, "anchor"))):
            link = href(*target)
        elif passage := passages.get(("key_points", i)):
            link = "#" + passage.ident
        passage = passages.get(("key_points", i))
        key_points.append(KeyPoint(point["title"], html(("key_points", i, "text")), link,
                                   passage.text if passage else None, key_point_id(i + 1),
                                   _selector(passage, point), point.get("lang", "")))

    toc_entries: dict[str, list[tuple[int, str, str]]] = {"index": [], "original": []}
    for i, entry in enumerate(data.get("toc", [])):
        anchor, label = (entry, None) if isinstance(entry, str) else (entry["anchor"], entry.get("label"))
        path: Path = ("toc", i) if isinstance(entry, str) else ("toc", i, "anchor")
        if found := refs.anchor(anchor, path):
            doc, ident = found
            heading = next((h for h in doc.headings if h.id == ident), None)
            which = "original" if doc is parsed.original else "index"
            text = heading.text if heading else (doc.title if ident == doc.title_id else None) or ident
            toc_entries[which].append((heading.level if heading else 2, label or text, href(doc, ident)))

    placed = {"index": _Placed(), "original": _Placed()}
    unplaced: list[Fragment] = []
    takeaways: list[Takeaway] = []
    for i, takeaway in enumerate(data.get("takeaways", [])):
        text = html(("takeaways", i, "text"))
        which = "original" if takeaway.get("doc") == "original" else "index"
        if passage := passages.get(("takeaways", i)):
            placed[which].after_block.setdefault(passage.end_block, []).append(text)
            takeaways.append(Takeaway(text, "#" + passage.ident, _selector(passage, takeaway)))
        elif "after" not in takeaway:
            if "quote" not in takeaway:
                problems.append(warning(*refs.at(("takeaways", i)), 'a takeaway needs after: "#id" or a quote: '
                                        "to be placed; shown after the body"))
            unplaced.append(text)
        elif found := refs.anchor(takeaway["after"], ("takeaways", i, "after")):
            doc, ident = found
            if ident == doc.title_id:
                problems.append(error(*refs.at(("takeaways", i, "after")), f'"{takeaway["after"]}" is the title, '
                                      "which is not part of the text; place the takeaway after a heading or table"))
                continue
            placed["original" if doc is parsed.original else "index"].after.setdefault(ident, []).append(text)
            takeaways.append(Takeaway(text, href(doc, ident)))
    highlights = []
    for i, item in enumerate(data.get("highlights", [])):
        note = html(("highlights", i, "note"))
        which = "original" if item.get("doc") == "original" else "index"
        passage = passages.get(("highlights", i))
        if passage and note:
            placed[which].notes.setdefault(passage.block, []).append(
                MarginNote(note_id(i + 1), passage.ident, note, passage.number))
        highlights.append(Highlight(passage.text if passage else item["quote"], note, which,
                                    "#" + passage.ident if passage else "", _selector(passage, item)))

    for block_notes in (n for doc_placed in placed.values() for n in doc_placed.notes.values()):
        block_notes.sort(key=lambda note: note.number)  # text order, as numbered

    for i, slug in enumerate(data.get("related", [])):
        why = catalog.related_problem(slug) if catalog is not None else None
        if why:
            problems.append(error(*refs.at(("related", i)), why))
        elif slug == src.slug:
            problems.append(error(*refs.at(("related", i)), "an article cannot be related to itself"))

    forward, back = _pairs(parsed, refs)
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
                           _body(parsed.original, placed["original"], back, src.lang))
    impact = data.get("impact", {})
    tag_refs = tags or {}
    return Article(
        slug=src.slug,
        url=article_url(config.base_path, src.slug),
        title=title,
        title_id=parsed.index.title_id,
        date=src.date,
        digest_url=day_url(config.base_path, src.date),
        lang=src.lang,
        tags=tuple(tag_refs[t] for t in data.get("tags", []) if t in tag_refs),
        source=Source(**src.source),
        summary=html(("summary",)),
        key_points=tuple(key_points),
        analysis=html(("impact", "analysis")) if "analysis" in impact else EMPTY,
        editorial=html(("impact", "editorial")) if "editorial" in impact else EMPTY,
        index=DocView(src.lang, None, None, _toc(toc_entries["index"] or _auto_toc(parsed.index)),
                      _body(parsed.index, placed["index"], forward, src.original_lang)),
        takeaways_unplaced=tuple(unplaced),
        takeaways=tuple(takeaways),
        faq=tuple(Faq(f["q"], html(("faq", i, "a")), f.get("lang", "")) for i, f in enumerate(data.get("faq", []))),
        highlights=tuple(highlights),
        original=original,
        bundle=src.bundle,
        assets=src.assets,
        text=parsed.index.text,
        title_lang=data.get("title_lang", ""),
    )
