"""Prefix every id of a document (the original shares its page with the translation)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore


def id_prefix_plugin(md: MarkdownIt, prefix: str = "") -> None:
    def rule(state: StateCore) -> None:
        for token in state.tokens:
            if token.attrGet("id"):
                token.attrSet("id", prefix + str(token.attrGet("id")))

    md.core.ruler.push("id_prefix", rule)
