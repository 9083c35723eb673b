"""``## Heading {#id}``: pin a heading's id (core rule, runs before anchors)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_TRAILING_ID = re.compile(r"\s*\{#([^\s{}#]+)\}\s*$")


def heading_ids_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "heading_ids", _heading_ids)


def _heading_ids(state: StateCore) -> None:
    tokens = state.tokens
    for idx, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[idx + 1]
        children = inline.children or []
        if not children or children[-1].type != "text":
            continue
        match = _TRAILING_ID.search(children[-1].content)
        if not match:
            continue
        token.attrSet("id", match.group(1))
        children[-1].content = children[-1].content[: match.start()]
        inline.content = _TRAILING_ID.sub("", inline.content)
        if not children[-1].content:
            children.pop()
