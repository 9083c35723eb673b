"""Completion: anchors wherever one is written, article slugs, the site's tags,
and the schema's keys and enumerated values.

Anchors are every id of index.md (``#id``) and of original.md
(``original#id``), each with its heading's words and the first lines of its
section; in Markdown links (``[x](#…)``, ``[x](slug#…)``) the ids of the
document itself or of the article linked to. Each item replaces what was
typed of the value (the whole value, up to the next quote or separator), and
brings its quotes when none was typed (``anchor: #x`` is a YAML comment).
"""

from __future__ import annotations

import re

from lsprotocol import types

from gloss.lsp.context import Ctx
from gloss.lsp.outline import Outline, Target
from gloss.lsp.positions import Place, Span
from gloss.lsp.yamlcontext import Typed, keys_at, typed_at, values_of
from gloss.text.quoting import yaml_string

LIMIT = 200  # slugs or tags offered at once (the list is marked incomplete beyond)
_PLAIN = re.compile(r"^[^\W\d][\w.-]*$")
_STOP = "\"', }])>\t"


def _replace(ctx: Ctx, typed: str) -> Span:
    """What an item replaces: what was typed of the value, and the rest of it after the cursor."""
    line = ctx.lines.line(ctx.place.line)
    end = ctx.place.col
    while end < len(line) and line[end] not in _STOP:
        end += 1
    return Span(Place(ctx.place.line, ctx.place.col - len(typed)), Place(ctx.place.line, end))


def _item(
    ctx: Ctx,
    label: str,
    new: str,
    span: Span,
    kind: types.CompletionItemKind,
    detail: str = "",
    doc: str = "",
    order: int = 0,
) -> types.CompletionItem:
    documentation = types.MarkupContent(kind=types.MarkupKind.Markdown, value=doc) if doc else None
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail or None,
        documentation=documentation,
        sort_text=f"{order:06d}",
        filter_text=new.strip("\"'"),
        text_edit=types.TextEdit(range=ctx.lines.range(span), new_text=new),
    )


def describe(outline: Outline, target: Target) -> str:
    """A target's heading and the first lines of its section, as Markdown."""
    file = "original.md" if outline.doc == "original" else "index.md"
    head = f"**{target.text}** ({file}, line {target.first + 1})"
    body = "\n".join(outline.section(target))
    return head + (f"\n\n```\n{body}\n```" if body else "")


def _anchor_items(
    ctx: Ctx, typed: Typed, docs: tuple[str, ...], wrap: bool, bare: bool = False
) -> list[types.CompletionItem]:
    """``bare``: "#id" also for original.md (a link inside it)."""
    span = _replace(ctx, typed.typed)
    items = []
    for doc in docs:
        outline = ctx.analysis.outline(doc)
        for order, target in enumerate(outline.targets if outline else ()):
            ref = ("original#" if doc == "original" and not bare else "#") + target.ident
            new = yaml_string(ref) if wrap and not typed.quote else ref
            assert outline is not None
            items.append(
                _item(
                    ctx,
                    ref,
                    new,
                    span,
                    types.CompletionItemKind.Reference,
                    target.text,
                    describe(outline, target),
                    order + (10000 if doc == "original" else 0),
                )
            )
    return items


def _anchor_docs(key: str) -> tuple[str, ...]:
    return {"index": ("index",), "original": ("original",)}.get(key, ("index", "original"))


def _scalar(text: str, quote: str) -> str:
    return text if quote or _PLAIN.match(text) else yaml_string(text)


def _slug_items(ctx: Ctx, typed: str, quote: str, prefix: str = "") -> types.CompletionList:
    facts = ctx.site.facts
    records = sorted(facts.records.values(), key=lambda r: (r.date, r.slug), reverse=True) if facts else []
    wanted = typed.casefold()
    chosen = [r for r in records if wanted in r.slug.casefold() and r.slug != ctx.analysis.slug]
    span = _replace(ctx, typed)
    items = [
        _item(
            ctx,
            r.slug,
            prefix + _scalar(r.slug, quote),
            span,
            types.CompletionItemKind.File,
            f"{r.title} ({r.date})",
            order=n,
        )
        for n, r in enumerate(chosen[:LIMIT])
    ]
    return types.CompletionList(is_incomplete=len(chosen) > LIMIT, items=items)


def _tag_items(ctx: Ctx, typed: Typed) -> types.CompletionList:
    tags = ctx.site.facts.tags if ctx.site.facts else None
    wanted = typed.typed.casefold()
    chosen = [(tag, count) for tag, count in (tags.most_common() if tags else []) if wanted in tag.casefold()]
    span = _replace(ctx, typed.typed)
    items = [
        _item(
            ctx,
            tag,
            _scalar(tag, typed.quote),
            span,
            types.CompletionItemKind.EnumMember,
            f"{count} article{'s' * (count != 1)}",
            order=n,
        )
        for n, (tag, count) in enumerate(chosen[:LIMIT])
    ]
    return types.CompletionList(is_incomplete=len(chosen) > LIMIT, items=items)


def _link_items(ctx: Ctx, typed: str) -> types.CompletionList:
    """In a Markdown link's target: this document's ids, other articles, their ids."""
    slug, hash_, fragment = typed.partition("#")
    span = _replace(ctx, typed)
    if hash_ and slug:
        record = ctx.site.facts.records.get(slug) if ctx.site.facts else None
        if record is None:
            return types.CompletionList(is_incomplete=False, items=[])
        items = [
            _item(
                ctx,
                f"{slug}#{ident}",
                f"{slug}#{ident}",
                span,
                types.CompletionItemKind.Reference,
                record.title,
                order=n,
            )
            for n, ident in enumerate(record.ids)
        ]
        return types.CompletionList(is_incomplete=False, items=items)
    own: list[types.CompletionItem] = []
    if ctx.doc:  # (the notes link to other articles only)
        own = _anchor_items(ctx, Typed("anchor", (), typed=typed), (ctx.doc,), False, bare=True)
    if hash_:
        return types.CompletionList(is_incomplete=False, items=own)
    slugs = _slug_items(ctx, typed, "")
    return types.CompletionList(is_incomplete=slugs.is_incomplete, items=own + list(slugs.items))


def _notes_items(ctx: Ctx, typed: Typed) -> types.CompletionList | None:
    if typed.what == "anchor":
        return types.CompletionList(is_incomplete=False, items=_anchor_items(ctx, typed, _anchor_docs(typed.key), True))
    if typed.what == "related":
        return _slug_items(ctx, typed.typed, typed.quote)
    if typed.what == "tag":
        return _tag_items(ctx, typed)
    span = _replace(ctx, typed.typed)
    if typed.what == "value":
        values = values_of(typed.parents, typed.key)
        items = [_item(ctx, v, v, span, types.CompletionItemKind.EnumMember, order=n) for n, v in enumerate(values)]
        return types.CompletionList(is_incomplete=False, items=items)
    if typed.what == "key":
        keys = keys_at(typed.parents)
        items = [
            _item(ctx, k, f"{k}: ", span, types.CompletionItemKind.Property, detail, order=n)
            for n, (k, detail) in enumerate(keys)
        ]
        return types.CompletionList(is_incomplete=False, items=items)
    return None


def complete(ctx: Ctx) -> types.CompletionList | None:
    """The completion list at the cursor (None: nothing to offer there)."""
    typed = typed_at(ctx.lines.lines, ctx.place.line, ctx.place.col)
    if typed.what == "link":
        return _link_items(ctx, typed.typed)
    if ctx.doc:  # Markdown: only links complete
        return None
    return _notes_items(ctx, typed)
