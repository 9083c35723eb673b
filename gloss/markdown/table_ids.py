"""Tables get ids ``table-1``, ``table-2``… in document order (core rule)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore


def table_ids_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("table_ids", _table_ids)


def _table_ids(state: StateCore) -> None:
    count = 0
    for token in state.tokens:
        if token.type == "table_open":
            count += 1
            if not token.attrGet("id"):
                token.attrSet("id", f"table-{count}")
