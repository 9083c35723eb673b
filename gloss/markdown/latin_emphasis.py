"""Emphasis holding no CJK character, in a paragraph (or heading, cell…) that
holds some, gets ``class="latin"`` (core rule), so a theme can keep emphasis
dots (傍点, 着重号) for CJK text and italics for Latin words inside it:
``*audit trails*`` in a Japanese paragraph. Text without CJK is left alone."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from gloss.text.eastasian import has_wide


def latin_emphasis_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("latin_emphasis", _latin_emphasis)


def _latin_emphasis(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children and has_wide(token.content):
            _mark_latin(token.children)


def _mark_latin(children: list[Token]) -> None:
    opened: list[tuple[Token, list[str]]] = []
    for child in children:
        if child.type == "em_open":
            opened.append((child, []))
        elif child.type == "em_close" and opened:
            em, texts = opened.pop()
            text = "".join(texts)
            if text.strip() and not has_wide(text):
                em.attrSet("class", "latin")
        elif child.type in ("text", "code_inline") and opened:
            for _, texts in opened:
                texts.append(child.content)
