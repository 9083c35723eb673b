"""Blocks that may scroll sideways take keyboard focus (``tabindex="0"``), so
a keyboard user can scroll them as a mouse user can (WCAG 2.1.1; axe-core's
``scrollable-region-focusable``): indented code blocks, and tables, which
become their own scrollers on phones. Fenced code gets it from ``highlight``,
which writes its whole ``<pre>``."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

SCROLLERS = ("code_block", "table_open")


def scrollers_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("focusable_scrollers", _focusable)


def _focusable(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in SCROLLERS:
            token.attrSet("tabindex", "0")
