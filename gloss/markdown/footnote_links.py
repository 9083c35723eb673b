"""Footnote links that follow ``env["absolute_base"]`` like other links.

mdit-py-plugins renders footnote references and back-references itself, as
``href="#fnN"``; in feeds every URL must be absolute, so these two rules
render the same markup with the article's URL in front when asked to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token


def footnote_links_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("footnote_ref", _footnote_ref)
    md.add_render_rule("footnote_anchor", _footnote_anchor)


def _ident(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    return str(self.rules["footnote_anchor_name"](tokens, idx, options, env))


def _footnote_ref(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    ident = _ident(self, tokens, idx, options, env)
    caption = self.rules["footnote_caption"](tokens, idx, options, env)
    sub = tokens[idx].meta.get("subId", -1)
    refid = f"{ident}:{sub}" if sub > 0 else ident
    base = env.get("absolute_base", "")
    return f'<sup class="footnote-ref"><a href="{base}#fn{ident}" id="fnref{refid}">{caption}</a></sup>'


def _footnote_anchor(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    ident = _ident(self, tokens, idx, options, env)
    sub = tokens[idx].meta.get("subId", -1)
    if sub > 0:
        ident += f":{sub}"
    base = env.get("absolute_base", "")
    return f' <a href="{base}#fnref{ident}" class="footnote-backref">\u21a9\ufe0e</a>'
