"""Soft line breaks between two CJK characters vanish (core rule), as
markdown-it's cjk-breaks plugin and goldmark's East Asian line breaks do:
``筋がよいが、⏎義務`` renders 「筋がよいが、義務」, not 「筋がよいが、 義務」.
The character on each side is the nearest text of the same inline run, so
emphasis or a link next to the break does not hide it."""

from __future__ import annotations

from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from gloss.text.eastasian import joins

LINE_BREAK = "gloss_line_break"  # in a dropped break's meta: it still ends a source line (``passages``)


def cjk_breaks_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("cjk_breaks", _cjk_breaks)


def _cjk_breaks(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            _drop_breaks(token.children)


def _drop_breaks(children: list[Token]) -> None:
    for i, child in enumerate(children):
        if child.type != "softbreak":
            continue
        before = _nearest_text(reversed(children[:i]))
        after = _nearest_text(children[i + 1 :])
        if joins(before, after):
            child.type = "text"
            child.tag = ""
            child.content = ""
            child.meta = {**child.meta, LINE_BREAK: True}  # (still a source line's end: passages.line_at)


def _nearest_text(tokens: Iterable[Token]) -> str:
    for token in tokens:
        if token.type in ("text", "code_inline"):
            if token.content:
                return token.content
        elif token.type in ("softbreak", "hardbreak", "image"):
            return ""
    return ""
