"""Rename a heading's id, from the heading or from any reference to it: one
``WorkspaceEdit`` that pins the new id on the heading (``{#id}``, replaced or
added) and rewrites every reference ``navigate.referring`` finds — the notes
of its bundle, links within its document, links of other articles."""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from gloss.lsp.aim import Aim, aim
from gloss.lsp.context import Ctx
from gloss.lsp.navigate import referring
from gloss.lsp.positions import Place, Span

_ID = re.compile(r"^[^\s{}#]+$")  # what "{#id}" may pin (``markdown.heading_ids``)


def _renamable(ctx: Ctx) -> Aim | None:
    pointed = aim(ctx)
    if pointed is None or not pointed.ident or pointed.target is None or pointed.target.kind == "table":
        return None  # (tables are numbered, not named)
    return pointed


def prepare(ctx: Ctx) -> types.PrepareRenamePlaceholder | None:
    pointed = _renamable(ctx)
    if pointed is None or pointed.written is None:
        return None
    return types.PrepareRenamePlaceholder(range=ctx.lines.range(pointed.written), placeholder=pointed.ident)


def _heading_edit(ctx: Ctx, pointed: Aim, new: str) -> tuple[str, types.TextEdit]:
    target = pointed.target
    assert target is not None and pointed.outline is not None
    path = pointed.outline.path
    lines = ctx.lines_of(path)
    if target.pinned is not None:
        return path, types.TextEdit(range=lines.range(target.pinned), new_text=new)
    end = target.words.end if target.words is not None else Place(target.first, len(lines.line(target.first).rstrip()))
    return path, types.TextEdit(range=lines.range(Span(end, end)), new_text=f" {{#{new}}}")


def rename(ctx: Ctx, new: str) -> types.WorkspaceEdit | None:
    pointed = _renamable(ctx)
    if pointed is None or pointed.outline is None:
        return None
    if not _ID.match(new):
        raise JsonRpcInvalidParams(f'"{new}" cannot be an id: no spaces, "#", "{{" or "}}"')
    if new != pointed.ident and pointed.outline.target(new) is not None:
        raise JsonRpcInvalidParams(f'{pointed.doc}.md has an id "{new}" already')
    changes: dict[str, list[types.TextEdit]] = {}
    path, edit = _heading_edit(ctx, pointed, new)
    changes.setdefault(ctx.uri(path), []).append(edit)
    for ref in referring(ctx, pointed):
        edit = types.TextEdit(range=ctx.lines_of(ref.path).range(ref.span), new_text=new)
        changes.setdefault(ctx.uri(ref.path), []).append(edit)
    return types.WorkspaceEdit(changes=changes)
