"""Heading ids, as mdit-py-plugins' anchors plugin gives them (core rule).

The same ids as ``anchors_plugin`` (its ``slugify``, the ids pinned with
``{#id}`` reserved first, ``-1``, ``-2``… on repeats), made in linear time:
the plugin tries every suffix from ``-1`` again for each repeated heading,
so a document of many equal headings (``## Notes`` ten thousand times)
took minutes. The taken ids only ever grow, so each slug's search resumes
where the last one for that slug stopped.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore


class UniqueIds:
    """Hands out ids not taken yet: ``slug``, else ``slug-1``, ``slug-2``…"""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next_suffix: dict[str, int] = {}

    def claim(self, slug: str) -> str:
        if slug not in self.taken:
            self.taken.add(slug)
            return slug
        suffix = self.next_suffix.get(slug, 1)
        while f"{slug}-{suffix}" in self.taken:
            suffix += 1
        self.next_suffix[slug] = suffix + 1
        self.taken.add(f"{slug}-{suffix}")
        return f"{slug}-{suffix}"


def heading_anchors_plugin(md: MarkdownIt, slug_func: Callable[[str], str]) -> None:
    def rule(state: StateCore) -> None:
        _anchors(state, slug_func)

    md.core.ruler.push("anchor", rule)


def _anchors(state: StateCore, slug_func: Callable[[str], str]) -> None:
    tokens = state.tokens
    ids = UniqueIds({str(t.attrGet("id")) for t in tokens if t.type == "heading_open" and t.attrGet("id")})
    for idx, token in enumerate(tokens):
        if token.type != "heading_open" or token.attrGet("id"):
            continue
        children = tokens[idx + 1].children or []
        title = "".join(child.content for child in children if child.type in ("text", "code_inline"))
        token.attrSet("id", ids.claim(slug_func(title)))
