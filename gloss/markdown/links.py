"""Links between articles and within a document (core rule).

``[x](other-slug#id)`` becomes a link to that article's page under the site's
base path; ``[x](#id)`` stays in the document (with the document's id prefix,
for the original). Each such link is recorded as a ``LinkRef`` in
``env["links"]`` so that the resolve stage can check it against the real
slugs and ids and list backlinks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_SLUG_TARGET = re.compile(r"^[^\s/\\:?#.]+$")


@dataclass(frozen=True)
class LinkRef:
    kind: str  # "article" (to another slug) or "fragment" (within the document)
    slug: str  # target slug ("" for a fragment)
    fragment: str  # id without "#", "" for none
    line: int
    col: int
    context: str  # the paragraph or item the link stands in


def links_plugin(md: MarkdownIt, base_path: str = "/", id_prefix: str = "") -> None:
    def rule(state: StateCore) -> None:
        _links(state, base_path, id_prefix)

    md.core.ruler.push("gloss_links", rule)


def _locate(env: dict[str, Any], first_line: int, target: str) -> tuple[int, int]:
    """1-based line and column of ``target`` in the source, at or after ``first_line``."""
    lines: list[str] = env.get("source_lines", [])
    offset: int = env.get("line_offset", 0)
    if not lines:
        return env.get("position", (1 + offset, 1))
    for number in range(first_line, len(lines)):
        col = lines[number].find(target)
        if col >= 0:
            return (number + 1 + offset, col + 1)
    return (first_line + 1 + offset, 1)


def _links(state: StateCore, base_path: str, id_prefix: str) -> None:
    found: list[LinkRef] = state.env.setdefault("links", [])
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        first_line = block.map[0] if block.map else 0
        for token in block.children:
            if token.type != "link_open":
                continue
            href = str(token.attrGet("href") or "")
            if href.startswith("#") and len(href) > 1:
                fragment = unquote(href[1:])
                token.attrSet("href", "#" + id_prefix + fragment)
                line, col = _locate(state.env, first_line, "#" + fragment)
                found.append(LinkRef("fragment", "", fragment, line, col, block.content))
                continue
            path, _, fragment = unquote(href).partition("#")
            if not _SLUG_TARGET.match(path):
                continue
            new_href = f"{base_path}{quote(path)}/" + (f"#{fragment}" if fragment else "")
            token.attrSet("href", new_href)
            line, col = _locate(state.env, first_line, unquote(href))
            found.append(LinkRef("article", path, fragment, line, col, block.content))
