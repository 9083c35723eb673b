"""Links between articles and within a document, and every other URL (core rule).

``[x](other-slug#id)`` becomes a link to that article's page under the site's
base path; ``[x](#id)`` stays in the document (with the document's id prefix,
for the original). Each such link is recorded as a ``LinkRef`` in
``env["links"]`` so that the resolve stage can check it against the real
slugs and ids and list backlinks. Every other link and image is recorded as a
``UrlRef`` in ``env["urls"]`` (its URL as the page carries it), for the check
of what it points to (``gloss.build.urlcheck``). Both are placed where they
are written (``places``: the line and column of the destination; in the
notes' Markdown, ``env["position"]``, the YAML value's).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from gloss.markdown.places import OFFSET, SourceLines
from gloss.text.sentences import sentence_at, sentence_ends

_SLUG_TARGET = re.compile(r"^[^\s/\\:?#.]+$")


@dataclass(frozen=True)
class LinkRef:
    kind: str  # "article" (to another slug) or "fragment" (within the document)
    slug: str  # target slug ("" for a fragment)
    fragment: str  # id without "#", "" for none
    line: int
    col: int
    context: str  # the sentence the link stands in, as plain text


@dataclass(frozen=True)
class UrlRef:
    """A link or image to anything but another article or an id of the document:
    its URL as the page carries it (markdown-it's normalised destination) and where
    it is written."""

    url: str
    image: bool
    line: int
    col: int


def links_plugin(md: MarkdownIt, base_path: str = "/", id_prefix: str = "") -> None:
    def rule(state: StateCore) -> None:
        _links(state, base_path, id_prefix)

    md.core.ruler.push("gloss_links", rule)


def _position(env: MutableMapping[str, Any], block: Token, token: Token, lines: SourceLines) -> tuple[int, int]:
    """1-based (line, column) in the file of ``token`` (in ``block``); notes' Markdown
    reports its YAML value."""
    if "position" in env:
        line, col = env["position"]
        return (int(line), int(col))
    at = lines.place(block, int(token.meta.get(OFFSET, 0)))
    return (at[0] + 1 + env.get("line_offset", 0), at[1] + 1)


def _plain(children: list[Token]) -> tuple[str, dict[int, int], list[tuple[int, int]]]:
    """The inline text, where each child starts in it, and the spans of its code."""
    text = ""
    starts: dict[int, int] = {}
    code: list[tuple[int, int]] = []
    for i, child in enumerate(children):
        starts[i] = len(text)
        if child.type in ("text", "code_inline"):
            text += child.content
            if child.type == "code_inline":
                code.append((starts[i], len(text)))
        elif child.type in ("softbreak", "hardbreak"):
            text += " "
    return text, starts, code


def sentence_around(text: str, start: int, ends: Sequence[int]) -> str:
    """The sentence of ``text`` that holds position ``start``, trimmed (``ends``: the text's
    ``sentences.sentence_ends``: never inside a code span, at a colon or an abbreviation's dot)."""
    begin, end = sentence_at(text, start, ends)
    sentence = text[begin:end].strip()
    return sentence if len(sentence) <= 280 else sentence[:279] + "…"


def _links(state: StateCore, base_path: str, id_prefix: str) -> None:
    found: list[LinkRef] = state.env.setdefault("links", [])
    urls: list[UrlRef] = state.env.setdefault("urls", [])
    lines = SourceLines(state.env.get("source_lines", []))
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        text, starts, code = _plain(block.children)
        ends: list[int] | None = None  # (found at the paragraph's first link, once for all of them)
        for index, token in enumerate(block.children):
            if token.type == "image":
                urls.append(UrlRef(str(token.attrGet("src") or ""), True, *_position(state.env, block, token, lines)))
            if token.type != "link_open":
                continue
            where = _position(state.env, block, token, lines)
            ends = list(sentence_ends(text, code)) if ends is None else ends
            context = sentence_around(text, starts[index], ends)
            href = str(token.attrGet("href") or "")
            if href.startswith("#") and len(href) > 1:
                fragment = unquote(href[1:])
                token.attrSet("href", "#" + id_prefix + fragment)
                found.append(LinkRef("fragment", "", fragment, *where, context))
                continue
            path, _, fragment = unquote(href).partition("#")
            if not _SLUG_TARGET.match(path):
                urls.append(UrlRef(href, False, *where))
                continue
            new_href = f"{base_path}{quote(path)}/" + (f"#{fragment}" if fragment else "")
            token.attrSet("href", new_href)
            found.append(LinkRef("article", path, fragment, *where, context))
