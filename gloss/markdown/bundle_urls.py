"""The notes' URLs relative to their bundle, rooted at the article's page (core rule).

A file beside a bundle's ``notes.yaml`` (``![x](fig.svg)``, ``[data](table.csv)``)
is copied next to the article's page, so a URL relative to the bundle is one
relative to that page. But the notes' Markdown is shown away from it too: the
summary on the home and day pages, the key points wherever a theme lists them,
where such a URL would resolve against another folder (``/fig.svg``,
``/digest/<day>/fig.svg``). With ``env["page_path"]`` set (the article page's
root-relative URL, ``/<base>/<slug>/``, percent-encoded), every relative
``href`` and ``src`` is resolved against it into a root-relative URL, which
reads the same on every page of the site and resolves against the article's
absolute URL in feeds (``absolute_urls``). Links between articles are already
rooted (``links``); a fragment alone (``#id``) and absolute URLs are left as
written. A document's own Markdown is shown on its page only and gets no
``page_path``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from gloss.core.urls import resolve

_ATTRS = {"link_open": "href", "image": "src"}


def bundle_urls_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("gloss_bundle_urls", _root)


def is_relative(url: str) -> bool:
    """Whether ``url`` is relative to the page it stands on (no scheme, host, root or
    fragment alone: ``fig.svg``, ``./data/x.csv``, ``../other/fig.png``)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # (a host urllib cannot read, "//[x": not relative either way)
        return False
    return not (parts.scheme or parts.netloc or url.startswith(("/", "#")))


def _root(state: StateCore) -> None:
    page = state.env.get("page_path")
    if not page:
        return
    for block in state.tokens:
        for token in block.children or () if block.type == "inline" else ():
            attr = _ATTRS.get(token.type)
            value = token.attrGet(attr) if attr else None
            if attr and isinstance(value, str) and is_relative(value):
                token.attrSet(attr, resolve(page, value))
