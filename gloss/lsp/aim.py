"""What the cursor points at: an id of some document (a heading, a table, the
title) or an article, whether it is written as a reference (a notes anchor, a
Markdown link, a ``related:`` slug) or is the heading itself.

Hover, definition, references, rename and code actions all start here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from gloss.lsp.context import Ctx
from gloss.lsp.outline import Outline, Target, outline
from gloss.lsp.positions import Place, Span, line_span
from gloss.lsp.yamlspans import Scalar, at

_REF = re.compile(r"(original)?#([^\s\"',}\]\[)]+)")
_NOTES_LINK = re.compile(r"\]\(<?([^()\s<>#]+)(?:#([^()\s<>]*))?")


@dataclass(frozen=True)
class Aim:
    folder: str  # the bundle whose document holds the target
    slug: str
    doc: str  # "index" or "original"
    ident: str  # "" for the article itself
    outline: Outline | None  # the target document's
    written: Span | None  # where the id (or slug) is written under the cursor
    scalar: Scalar | None = None  # the notes value it is written in
    heading: bool = False  # the cursor is on the heading itself

    @property
    def target(self) -> Target | None:
        return self.outline.target(self.ident) if self.outline and self.ident else None

    @property
    def ref(self) -> str:
        """The reference as notes write it: "#id" or "original#id"."""
        return ("original#" if self.doc == "original" else "#") + self.ident


def article_outline(ctx: Ctx, slug: str) -> tuple[str, Outline | None]:
    """The folder and index.md outline of the article ``slug`` ("" and None: no such article)."""
    folder = ctx.site.facts.folders.get(slug, "") if ctx.site.facts else ""
    if not folder:
        return "", None
    path = os.path.join(folder, "index.md")
    allow_html = ctx.site.config.allow_html if ctx.site.config else False
    return folder, outline(path, ctx.text_of(path), "index", allow_html)


def _own(ctx: Ctx, doc: str, ident: str, written: Span | None, scalar: Scalar | None = None) -> Aim:
    return Aim(ctx.analysis.folder, ctx.analysis.slug, doc, ident, ctx.analysis.outline(doc), written, scalar)


def _ref_at(line: str, col: int) -> re.Match[str] | None:
    return next((m for m in _REF.finditer(line) if m.start() <= col <= m.end()), None)


def _notes_aim(ctx: Ctx) -> Aim | None:
    place = ctx.place
    scalar = at(ctx.text, place)
    if scalar is not None and scalar.role == "anchor":
        name, _, ident = scalar.value.partition("#")
        inner = scalar.inner
        start = Place(inner.start.line, inner.start.col + len(name) + 1)
        return _own(ctx, "original" if name == "original" else "index", ident, Span(start, inner.end), scalar)
    if scalar is not None and scalar.role == "related":
        folder, found = article_outline(ctx, scalar.value)
        return Aim(folder, scalar.value, "index", "", found, scalar.inner, scalar)
    line = ctx.lines.line(place.line)
    link = next((m for m in _NOTES_LINK.finditer(line) if m.start() <= place.col <= m.end()), None)
    if link is not None:
        folder, found = article_outline(ctx, link.group(1))
        first = link.start(2) if link.group(2) is not None else link.start(1)
        last = link.end(2) if link.group(2) is not None else link.end(1)
        return Aim(folder, link.group(1), "index", link.group(2) or "", found, line_span(place.line, first, last))
    if scalar is None and (ref := _ref_at(line, place.col)) is not None:  # (a file that does not parse)
        doc = "original" if ref.group(1) else "index"
        return _own(ctx, doc, ref.group(2), line_span(place.line, ref.start(2), ref.end(2)))
    return None


def _markdown_aim(ctx: Ctx) -> Aim | None:
    own = ctx.analysis.outline(ctx.doc)
    if own is None:
        return None
    for link in own.links:
        if link.span.holds(ctx.place):
            start, end = link.span.start, link.span.end
            written = (
                link.span if not link.ref.fragment else Span(Place(start.line, start.col + len(link.ref.slug) + 1), end)
            )
            if link.ref.kind == "fragment":
                return _own(ctx, ctx.doc, link.ref.fragment, written)
            folder, found = article_outline(ctx, link.ref.slug)
            return Aim(folder, link.ref.slug, "index", link.ref.fragment, found, written)
    heading = own.at(ctx.place)
    if heading is not None:
        return Aim(ctx.analysis.folder, ctx.analysis.slug, ctx.doc, heading.ident, own, heading.span, heading=True)
    return None


def aim(ctx: Ctx) -> Aim | None:
    """What the cursor points at (None: nothing gloss knows)."""
    return _markdown_aim(ctx) if ctx.doc else _notes_aim(ctx)
