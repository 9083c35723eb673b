"""Render with absolute URLs when ``env["absolute_base"]`` is set (for feeds).

The same tokens render twice: once for the site (URLs as written, links
between articles already rooted at the base path) and once for feeds, where
every ``href`` and ``src`` is resolved against the article's absolute URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

from markdown_it import MarkdownIt
from markdown_it.token import Token

_ATTRS = {"link_open": "href", "image": "src"}


def absolute_urls_plugin(md: MarkdownIt) -> None:
    for kind, attr in _ATTRS.items():
        default = md.renderer.rules.get(kind)  # type: ignore[attr-defined]  # RendererHTML has rules; its protocol does not say so
        md.add_render_rule(kind, _rule(attr, default))


def _rule(attr: str, default: Any) -> Any:
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        base = env.get("absolute_base")
        value = token.attrGet(attr)
        if not base or value is None:
            return str(default(tokens, idx, options, env)) if default else self.renderToken(tokens, idx, options, env)
        token.attrSet(attr, urljoin(base, str(value)))
        try:
            return str(default(tokens, idx, options, env)) if default else self.renderToken(tokens, idx, options, env)
        finally:
            token.attrSet(attr, str(value))

    return render
