"""Go to definition (from an anchor, a link or a slug to the heading, table or
article; from a quote to the passage it anchors) and find references (from a
heading, or any reference to it, to every note and link that points at it:
the notes of its bundle, links within its document and links of other
articles, which the site index lists)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from lsprotocol import types

from gloss.build.records import OutLink
from gloss.lsp.aim import Aim, aim
from gloss.lsp.context import Ctx
from gloss.lsp.outline import outline
from gloss.lsp.positions import Lines, Place, Span, gloss_place, line_span
from gloss.lsp.yamlspans import at, scalars


@dataclass(frozen=True)
class Ref:
    """A place that names a target, and where in it the id is written."""

    path: str
    span: Span  # the id (after "#")


def _passage(ctx: Ctx) -> types.Location | None:
    scalar = at(ctx.text, ctx.place)
    if scalar is None or scalar.role != "quote":
        return None
    found = ctx.analysis.anchored((scalar.path[0], scalar.path[1]))
    if found is None or found[0].status not in ("exact", "drifted"):
        return None
    anchored, doc = found
    path = ctx.analysis.path(f"{doc}.md")
    lines = ctx.lines_of(path)
    line = anchored.line - 1
    words = anchored.text[:12]
    col = lines.line(line).find(words) if words else -1
    span = line_span(line, col, col + len(anchored.text)) if col >= 0 else line_span(line, 0, len(lines.line(line)))
    end = min(span.end.col, len(lines.line(line)))
    return ctx.location(path, Span(span.start, Place(line, end)))


def definition(ctx: Ctx) -> list[types.Location] | None:
    if not ctx.doc and (found := _passage(ctx)) is not None:
        return [found]
    pointed = aim(ctx)
    if pointed is None or pointed.heading or not pointed.folder:
        return None
    path = os.path.join(pointed.folder, f"{pointed.doc}.md")
    if not pointed.ident:
        return [ctx.location(path, line_span(0, 0, 0))]
    target = pointed.target
    return [ctx.location(path, target.span)] if target is not None else None


def _notes_refs(ctx: Ctx, pointed: Aim) -> list[Ref]:
    path = os.path.join(pointed.folder, "notes.yaml")
    found = []
    for scalar in scalars(ctx.text_of(path)) or ():
        if scalar.role == "anchor" and scalar.value == pointed.ref and scalar.span.start.line == scalar.span.end.line:
            inner = scalar.inner
            found.append(Ref(path, Span(Place(inner.start.line, inner.end.col - len(pointed.ident)), inner.end)))
    return found


def _own_links(ctx: Ctx, pointed: Aim) -> list[Ref]:
    own = pointed.outline
    if own is None:
        return []
    return [
        Ref(own.path, Span(Place(link.span.start.line, link.span.start.col + 1), link.span.end))
        for link in own.links
        if link.ref.kind == "fragment" and link.ref.fragment == pointed.ident
    ]


def _written(ctx: Ctx, folder: str, link: OutLink) -> Ref | None:
    """Where the fragment of another article's link to the target is written."""
    path, line, col = link.where
    text = ctx.text_of(path)
    if path.endswith(".md"):
        allow_html = ctx.site.config.allow_html if ctx.site.config else False
        doc = "original" if os.path.basename(path) == "original.md" else "index"
        start = gloss_place(line, col)
        for own in outline(path, text, doc, allow_html).links:
            if own.span.start == start and own.ref.slug == link.slug:
                return Ref(path, Span(Place(start.line, start.col + len(link.slug) + 1), own.span.end))
        return None
    lines = Lines(text)
    offset = text.find(f"{link.slug}#{link.fragment}", lines.offset(gloss_place(line, col)))
    if offset < 0:
        return None
    start = lines.at_offset(offset + len(link.slug) + 1)
    return Ref(path, Span(start, Place(start.line, start.col + len(link.fragment))))


def _other_links(ctx: Ctx, pointed: Aim) -> list[Ref]:
    if pointed.doc != "index":
        return []
    found = []
    for folder, link in ctx.site.linking_to(pointed.slug):
        if link.fragment == pointed.ident and (ref := _written(ctx, folder, link)) is not None:
            found.append(ref)
    return found


def referring(ctx: Ctx, pointed: Aim) -> list[Ref]:
    """Every place that names the target ``pointed`` (its bundle's notes, its document's
    links, other articles' links), each once."""
    found = _notes_refs(ctx, pointed) + _own_links(ctx, pointed) + _other_links(ctx, pointed)
    unique = {(r.path, r.span): r for r in found}
    return sorted(unique.values(), key=lambda r: (r.path, r.span.start))


def references(ctx: Ctx, include_declaration: bool = True) -> list[types.Location] | None:
    pointed = aim(ctx)
    if pointed is None or not pointed.ident or pointed.target is None:
        return None
    found = [ctx.location(ref.path, ref.span) for ref in referring(ctx, pointed)]
    if include_declaration and pointed.outline is not None:
        found.insert(0, ctx.location(pointed.outline.path, pointed.target.span))
    return found
