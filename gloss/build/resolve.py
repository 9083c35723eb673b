"""Stage 3a, resolve: each parsed article -> an ``Article`` view.

Checks every reference of the article (notes' anchors, links to other
articles, ``related``) against the real slugs and ids, places takeaways,
builds the tables of contents and pairs the sections of the translation with
those of the original. Site-wide views (days, tags, related, backlinks) are
``crosslink``'s job; nothing here renders or writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from gloss.anchoring.anchors import Anchored, key_point_id, note_id
from gloss.build.parse import ORIGINAL_PREFIX, ParsedArticle, ParsedDoc
from gloss.build.references import Catalog, Refs, check_links, check_related, href, selector
from gloss.build.urlcheck import check_urls
from gloss.content.config import SiteConfig
from gloss.content.notes import Impact
from gloss.content.views import (
    EMPTY,
    Article,
    BodyBlock,
    DocView,
    Faq,
    Fragment,
    Highlight,
    KeyPoint,
    MarginNote,
    TagRef,
    Takeaway,
    TocNode,
)
from gloss.core.diagnostics import Diagnostic, error, warning
from gloss.core.urls import article_url, day_url
from gloss.text.yamlsafe import Path


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
        blocks.append(
            BodyBlock(block.html, tuple(takeaways), pair, other_lang if pair else "", tuple(placed.notes.get(b, ())))
        )
    return tuple(blocks)


def _pairs(parsed: ParsedArticle, refs: Refs) -> tuple[dict[str, str], dict[str, str]]:
    """Section links: translation heading id -> original href, and back.

    Headings (h2 and below) are paired in order; ``pairs:`` in notes, when
    given, replaces that with the editor's list."""
    original = parsed.original
    wanted = refs.notes.pairs
    if original is None:
        if wanted is not None:
            refs.problems.append(
                error(*refs.at(refs.notes.where("pairs")), "pairs: this bundle has no original.md to pair with")
            )
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
        refs.problems.append(
            warning(
                parsed.index.path,
                ours[0].line,
                1,
                f"index.md has {len(ours)} section headings and original.md {len(their)}; "
                "they are paired in order as far as they go (list them in `pairs:` to choose)",
            )
        )
    for heading, counterpart in zip(ours, their, strict=False):  # paired as far as they go
        forward[heading.id] = href(original, counterpart.id)
        back[counterpart.id] = href(parsed.index, heading.id)
    return forward, back


Passages = dict[Path, Anchored]  # each quoting item's placed passage, by (list, index)


def _key_points(refs: Refs, passages: Passages, html: Callable[[Path], Fragment]) -> tuple[KeyPoint, ...]:
    key_points = []
    for i, point in enumerate(refs.notes.key_points):
        link = None
        passage = passages.get(("key_points", i))
        if point.anchor is not None and (target := refs.anchor(point.anchor, point.where("anchor"))):
            link = href(*target)
        elif passage:
            link = "#" + passage.ident
        key_points.append(
            KeyPoint(
                point.title,
                html(("key_points", i, "text")),
                link,
                passage.text if passage else None,
                key_point_id(i + 1),
                selector(passage, point),
                point.lang or "",
            )
        )
    return tuple(key_points)


def _toc_entries(refs: Refs) -> dict[str, list[tuple[int, str, str]]]:
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


def _takeaways(
    refs: Refs, passages: Passages, html: Callable[[Path], Fragment], placed: dict[str, _Placed]
) -> tuple[tuple[Takeaway, ...], tuple[Fragment, ...]]:
    """The takeaways (placed in ``placed``), and those shown after the body."""
    unplaced: list[Fragment] = []
    takeaways: list[Takeaway] = []
    for i, takeaway in enumerate(refs.notes.takeaways):
        text = html(("takeaways", i, "text"))
        if passage := passages.get(("takeaways", i)):
            placed[takeaway.document].after_block.setdefault(passage.end_block, []).append(text)
            takeaways.append(Takeaway(text, "#" + passage.ident, selector(passage, takeaway)))
        elif takeaway.after is None:
            if takeaway.quote is None:
                refs.problems.append(
                    warning(
                        *refs.at(takeaway.at),
                        'a takeaway needs after: "#id" or a quote: to be placed; shown after the body',
                    )
                )
            unplaced.append(text)
        elif found := refs.anchor(takeaway.after, takeaway.where("after")):
            doc, ident = found
            if ident == doc.title_id:
                refs.problems.append(
                    error(
                        *refs.at(takeaway.where("after")),
                        f'"{takeaway.after}" is the title, '
                        "which is not part of the text; place the takeaway after a heading or table",
                    )
                )
                continue
            placed["original" if doc is refs.parsed.original else "index"].after.setdefault(ident, []).append(text)
            takeaways.append(Takeaway(text, href(doc, ident)))
    return tuple(takeaways), tuple(unplaced)


def _highlights(
    refs: Refs, passages: Passages, html: Callable[[Path], Fragment], placed: dict[str, _Placed]
) -> tuple[Highlight, ...]:
    highlights = []
    for i, item in enumerate(refs.notes.highlights):
        note = html(("highlights", i, "note"))
        passage = passages.get(("highlights", i))
        if passage and note:
            placed[item.document].notes.setdefault(passage.block, []).append(
                MarginNote(note_id(i + 1), passage.ident, note, passage.number)
            )
        highlights.append(
            Highlight(
                passage.text if passage else item.quote,
                note,
                item.document,
                "#" + passage.ident if passage else "",
                selector(passage, item),
            )
        )
    for block_notes in (n for doc_placed in placed.values() for n in doc_placed.notes.values()):
        block_notes.sort(key=lambda margin_note: margin_note.number)  # text order, as numbered
    return tuple(highlights)


def _original_view(
    parsed: ParsedArticle, toc: list[tuple[int, str, str]], placed: _Placed, back: dict[str, str]
) -> DocView | None:
    """The original's part of the page: its contents (as given, or its headings) and its
    body with its takeaways and highlights placed and links back to the translation."""
    if parsed.original is None:
        return None
    doc, src = parsed.original, parsed.source
    title_id = ORIGINAL_PREFIX + doc.title_id if doc.title_id else None
    return DocView(
        src.original_lang, doc.title, title_id, _toc(toc or _auto_toc(doc)), _body(doc, placed, back, src.lang)
    )


def _title(parsed: ParsedArticle, problems: list[Diagnostic]) -> str:
    """The notes' title, else index.md's first heading; an error when neither is given."""
    title = parsed.source.title or parsed.index.title
    if not title:
        problems.append(
            error(
                parsed.source.index.path,
                1,
                1,
                "no title: add `title:` to notes.yaml or start index.md with a `# Heading`",
            )
        )
    return title or ""


def _index_view(
    parsed: ParsedArticle, toc: list[tuple[int, str, str]], placed: _Placed, forward: dict[str, str]
) -> DocView:
    """The translation's part of the page: its contents and its body, placed and paired."""
    doc, src = parsed.index, parsed.source
    return DocView(src.lang, None, None, _toc(toc or _auto_toc(doc)), _body(doc, placed, forward, src.original_lang))


def _fragment(rendered: Mapping[Path, Fragment], path: Path) -> Fragment:
    """The rendered Markdown of the notes field at ``path`` (empty when not given)."""
    return rendered.get(path, EMPTY)


def resolve_article(
    parsed: ParsedArticle,
    catalog: Catalog | None,
    config: SiteConfig,
    problems: list[Diagnostic],
    tags: Mapping[str, TagRef] | None = None,
) -> Article | None:
    """The article's view, or None when it has errors (added to ``problems``).

    ``tags``: each tag name's ``TagRef`` (from ``crosslink``). ``catalog`` None: the
    links to other articles (also to their files: ``urlcheck``) and ``related:`` slugs are
    left for a site-wide check (``records.check_references``), since this article's own
    references do not depend on them."""
    src, notes, count = parsed.source, parsed.source.notes, len(problems)
    refs = Refs(parsed, catalog, problems)

    html = partial(_fragment, parsed.notes_html)
    check_links(refs)
    check_urls(parsed, config.base_url, catalog, problems)
    passages = {path: found for path, item in notes.quoted() if (found := refs.quote(item, path))}
    key_points = _key_points(refs, passages, html)
    toc_entries = _toc_entries(refs)
    placed = {"index": _Placed(), "original": _Placed()}
    takeaways, unplaced = _takeaways(refs, passages, html, placed)
    highlights = _highlights(refs, passages, html, placed)
    check_related(refs, catalog)
    forward, back = _pairs(parsed, refs)
    title = _title(parsed, problems)
    if not title or any(p.severity == "error" for p in problems[count:]):
        return None

    original = _original_view(parsed, toc_entries["original"], placed["original"], back)
    impact = notes.impact or Impact()
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
        analysis=EMPTY if impact.analysis is None else html(("impact", "analysis")),
        editorial=EMPTY if impact.editorial is None else html(("impact", "editorial")),
        index=_index_view(parsed, toc_entries["index"], placed["index"], forward),
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
