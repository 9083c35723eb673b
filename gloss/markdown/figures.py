"""An image with a title, alone in its paragraph, becomes a figure with a caption."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def figures_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("figures", _figures)


def _figures(state: StateCore) -> None:
    tokens = state.tokens
    for idx in range(len(tokens) - 2):
        opening, inline, closing = tokens[idx : idx + 3]
        if opening.type != "paragraph_open" or closing.type != "paragraph_close":
            continue
        children = inline.children or []
        if len(children) != 1 or children[0].type != "image" or not children[0].attrGet("title"):
            continue
        opening.tag = closing.tag = "figure"
        caption = Token("html_inline", "", 0)
        caption.content = f"<figcaption>{escapeHtml(str(children[0].attrGet('title')))}</figcaption>"
        children.append(caption)
