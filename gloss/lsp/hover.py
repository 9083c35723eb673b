"""Hover: on an anchor, its heading and the first lines of its section; on a
quote, the passage it anchors now, or why it does not (the closest passage
and how alike; each occurrence with what would pick it); on an article's
slug, its title and day; on a heading, its id and how many places point at it."""

from __future__ import annotations

from lsprotocol import types

from gloss.anchoring.anchors import CONTEXT_GONE, Anchored
from gloss.anchoring.ends import told as end_told
from gloss.core.diagnostics import suggest
from gloss.lsp.aim import Aim, aim
from gloss.lsp.complete import describe
from gloss.lsp.context import Ctx
from gloss.lsp.navigate import references
from gloss.lsp.yamlspans import at


def _markdown(ctx: Ctx, text: str, span: types.Range | None = None) -> types.Hover:
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=span)


def _quoted(text: str) -> str:
    return "\n".join("> " + line for line in text.split("\n"))


def passage(found: Anchored, doc: str) -> str:
    """Where a quote landed, or why it did not, in words."""
    file = f"{doc}.md"
    if found.status == "exact":
        return f"**Anchored** in {file}, line {found.line}:\n\n{_quoted(found.text)}"
    if found.status == "drifted":
        since = f", followed from commit {found.since}" if found.since else ""
        moved = "; its prefix/suffix no longer match" if found.context_changed else ""
        return (
            f"**Drifted** ({found.similarity:.0%} alike{since}{moved}): in {file}, line {found.line}, "
            f"the passage now reads:\n\n{_quoted(found.text)}"
        )
    if found.status == "ambiguous":
        picks = "\n".join(
            f"- line {line}: {hint or '(nothing short tells it apart)'}" for line, hint in found.occurrences
        )
        told = CONTEXT_GONE if found.context_changed else ""
        return f"**Ambiguous**: occurs {len(found.occurrences)} times in {file}{told}; what picks each:\n\n{picks}"
    if found.status == "orphan" and found.lost_end is not None:
        closest = (found.line, found.similarity, found.text) if found.text else None
        return f"**Its end is not found**: {end_told(found.lost_end, '', file, closest)}"
    if found.status == "orphan" and found.rival is not None:
        other = found.rival
        return (
            f"**Not found** in {file}, and two passages are alike it: its words cannot tell which one "
            f"is the passage edited. Line {found.line} ({found.similarity:.0%} alike):\n\n{_quoted(found.text)}"
            f"\n\nLine {other.line} ({other.similarity:.0%} alike):\n\n{_quoted(other.text)}"
        )
    if found.status == "orphan" and found.text:
        return (
            f"**Not found** in {file}. The closest passage ({found.similarity:.0%} alike, line {found.line}) "
            f"reads:\n\n{_quoted(found.text)}"
        )
    if found.status == "orphan":
        return f"**Not found** in {file}: nothing there is alike."
    return f"Not searched: its `within:` names no section of {file}."


def _target_text(ctx: Ctx, found: Aim) -> str:
    if not found.ident:
        record = ctx.site.facts.records.get(found.slug) if ctx.site.facts else None
        if record is None:
            return f"No article `{found.slug}` on this site."
        line = f"\n\n{record.summary_line}" if record.summary_line else ""
        return f"**{record.title}** ({record.date}, `{found.slug}`){line}"
    target, outline = found.target, found.outline
    if target is None or outline is None:
        ids = [t.ident for t in outline.targets] if outline else []
        return f"No id `{found.ident}` in {found.doc}.md{suggest(found.ident, ids)}"
    text = describe(outline, target)
    if found.heading:
        count = len(references(ctx, include_declaration=False) or [])
        text = f"`{found.ref}`: {count} reference{'s' * (count != 1)}\n\n" + text
    return text


def hover(ctx: Ctx) -> types.Hover | None:
    if not ctx.doc:
        scalar = at(ctx.text, ctx.place)
        if scalar is not None and scalar.role == "quote" and len(scalar.path) == 3:
            found = ctx.analysis.anchored((scalar.path[0], scalar.path[1]))
            if found is None:
                return None
            return _markdown(ctx, passage(*found), ctx.lines.range(scalar.span))
    found_aim = aim(ctx)
    if found_aim is None:
        return None
    span = ctx.lines.range(found_aim.written) if found_aim.written else None
    return _markdown(ctx, _target_text(ctx, found_aim), span)
