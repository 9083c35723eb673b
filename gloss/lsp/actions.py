"""Code actions (quick fixes) for what ``check`` reports in a notes file or a
Markdown document:

- a drifted quote: replace it with the passage as it now reads (and, when only
  its prefix/suffix moved, update them);
- an ambiguous quote: add (or set) the shortest prefix or suffix that picks
  each occurrence;
- an anchor or link naming no id: each of the nearest ids that exist (a link
  to an unknown article: the nearest slugs).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from lsprotocol import types

from gloss.anchoring.anchors import Anchored
from gloss.lsp.context import Ctx
from gloss.lsp.outline import Link
from gloss.lsp.positions import Place, Span
from gloss.lsp.yamlspans import Scalar, by_path, scalars
from gloss.text.quoting import yaml_string

NEAREST = 3
ALIKE = 0.3  # (difflib's ratio) below this a choice is offered only when none is nearer


def nearest(word: str, choices: Sequence[str]) -> list[str]:
    """Up to ``NEAREST`` choices alike ``word``, most alike first (at least the nearest one)."""
    scored = sorted((-difflib.SequenceMatcher(None, word, c).ratio(), c) for c in choices)
    return [c for n, (score, c) in enumerate(scored[:NEAREST]) if n == 0 or -score >= ALIKE]


def _overlaps(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


def _fix(
    ctx: Ctx,
    title: str,
    edits: list[tuple[Span, str]],
    span: Span,
    told: Sequence[types.Diagnostic],
    preferred: bool = False,
) -> types.CodeAction:
    about = [d for d in told if _overlaps(Span(ctx.lines.place(d.range.start), ctx.lines.place(d.range.end)), span)]
    changes = {ctx.uri(ctx.path): [types.TextEdit(range=ctx.lines.range(s), new_text=t) for s, t in edits]}
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=about or None,
        is_preferred=preferred or None,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _set_key(ctx: Ctx, quote: Scalar, key: str, value: str) -> tuple[Span, str]:
    """The edit that gives the quote's item ``key: value`` (replaced, or added after the quote)."""
    existing = by_path(ctx.text, quote.path[:-1] + (key,))
    if existing is not None:
        return existing.span, value
    end = quote.span.end
    if quote.flow:
        return Span(end, end), f", {key}: {value}"
    indent = " " * (quote.key.start.col if quote.key else quote.span.start.col)
    if end.col == 0:  # (a block scalar ends where the next line starts)
        return Span(end, end), f"{indent}{key}: {value}\n"
    line_end = Place(end.line, len(ctx.lines.line(end.line).rstrip("\r")))
    return Span(line_end, line_end), f"\n{indent}{key}: {value}"


def _now_reads(ctx: Ctx, quote: Scalar, anchored: Anchored) -> list[tuple[Span, str]]:
    """The edits that make a drifted quote's item read as the passage now does: its quote,
    and the prefix and suffix that single it out now (one written but not needed now: empty)."""
    edits = [(quote.span, yaml_string(anchored.text))]
    for key, value in zip(("prefix", "suffix"), anchored.context_now, strict=True):
        if value or by_path(ctx.text, quote.path[:-1] + (key,)) is not None:
            span, text = _set_key(ctx, quote, key, yaml_string(value))
            if span.start == quote.span.end:  # (added right after the quote: one edit with it)
                edits[0] = (quote.span, edits[0][1] + text)
            else:
                edits.append((span, text))
    return edits


def _quote_fixes(ctx: Ctx, quote: Scalar, told: Sequence[types.Diagnostic]) -> list[types.CodeAction]:
    found = ctx.analysis.anchored((quote.path[0], quote.path[1]))
    if found is None:
        return []
    anchored, _ = found
    fixes = []
    if anchored.status == "drifted" and anchored.context_changed:
        for key, text in (("prefix", anchored.prefix[-16:]), ("suffix", anchored.suffix[:16])):
            if by_path(ctx.text, quote.path[:-1] + (key,)) is not None and text:
                edit = _set_key(ctx, quote, key, yaml_string(text))
                fixes.append(_fix(ctx, f"Update {key}: {yaml_string(text)}", [edit], quote.span, told))
    elif anchored.status == "drifted":
        title = "Replace the quote with the passage as it now reads"
        fixes.append(_fix(ctx, title, _now_reads(ctx, quote, anchored), quote.span, told, preferred=True))
    for line, hint in anchored.occurrences if anchored.status == "ambiguous" else ():
        key, _, value = hint.partition(": ")
        if key in ("prefix", "suffix") and value:
            fixes.append(
                _fix(
                    ctx,
                    f"Pick the occurrence at line {line}: add {hint}",
                    [_set_key(ctx, quote, key, value)],
                    quote.span,
                    told,
                )
            )
    return fixes


def _anchor_fixes(ctx: Ctx, anchor: Scalar, told: Sequence[types.Diagnostic]) -> list[types.CodeAction]:
    name, hash_, ident = anchor.value.partition("#")
    if not hash_ or name not in ("", "original") or anchor.span.start.line != anchor.span.end.line:
        return []
    outline = ctx.analysis.outline("original" if name else "index")
    if outline is None or outline.target(ident) is not None:
        return []
    ids = [t.ident for t in outline.targets]
    fixes = []
    for n, better in enumerate(nearest(ident, ids)):
        ref = f"{name}#{better}"
        new = ref if anchor.style in ('"', "'") else yaml_string(ref)
        span = anchor.inner if anchor.style in ('"', "'") else anchor.span
        fixes.append(_fix(ctx, f'Change to "{ref}"', [(span, new)], anchor.span, told, preferred=n == 0))
    return fixes


def _link_fixes(ctx: Ctx, link: Link, told: Sequence[types.Diagnostic]) -> list[types.CodeAction]:
    ref, span = link.ref, link.span
    facts = ctx.site.facts
    if ref.kind == "fragment":
        own = ctx.analysis.outline(ctx.doc)
        ids = [t.ident for t in own.targets] if own else []
        choices, wrong, prefix = ids, ref.fragment, "#"
    elif facts is not None and ref.slug not in facts.records:
        choices, wrong, prefix = list(facts.records), ref.slug, ""
    elif facts is not None and ref.fragment:
        choices, wrong, prefix = list(facts.records[ref.slug].ids), ref.fragment, f"{ref.slug}#"
    else:
        return []
    if wrong in choices:
        return []
    suffix = f"#{ref.fragment}" if ref.kind == "article" and not prefix and ref.fragment else ""
    return [
        _fix(
            ctx,
            f'Change to "{prefix}{better}{suffix}"',
            [(span, f"{prefix}{better}{suffix}")],
            span,
            told,
            preferred=n == 0,
        )
        for n, better in enumerate(nearest(wrong, choices))
    ]


def actions(ctx: Ctx, wanted: types.Range, told: Sequence[types.Diagnostic]) -> list[types.CodeAction]:
    """The quick fixes for what lies in ``wanted``."""
    span = Span(ctx.lines.place(wanted.start), ctx.lines.place(wanted.end))
    fixes: list[types.CodeAction] = []
    if ctx.doc:
        own = ctx.analysis.outline(ctx.doc)
        for link in own.links if own else ():
            if _overlaps(link.span, span):
                fixes += _link_fixes(ctx, link, told)
        return fixes
    for scalar in scalars(ctx.text) or ():
        if _overlaps(scalar.span, span) and scalar.role == "quote" and len(scalar.path) == 3:
            fixes += _quote_fixes(ctx, scalar, told)
        elif _overlaps(scalar.span, span) and scalar.role == "anchor":
            fixes += _anchor_fixes(ctx, scalar, told)
    return fixes
