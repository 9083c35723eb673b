"""Which link and image targets Markdown may produce.

markdown-it checks every destination (inline links and images, reference
definitions, autolinks) with ``validateLink`` and leaves a refused one as
plain text. Its default refuses ``javascript:``, ``vbscript:`` and ``file:``
but lets ``data:image/…`` through; gloss refuses every ``data:`` URL too, so
nothing an editor pastes can make a page run or embed content the site does
not hold. Raw HTML is a separate switch (``allow_html``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

REFUSED_SCHEMES = re.compile(r"^\s*(?:javascript|vbscript|data|file):", re.IGNORECASE)


def is_safe_link(url: str) -> bool:
    """Whether ``url`` (normalised by markdown-it) may become an ``href`` or ``src``."""
    return REFUSED_SCHEMES.match(url) is None


class SafeMarkdownIt(MarkdownIt):
    """markdown-it with gloss's link check."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        return is_safe_link(url)
