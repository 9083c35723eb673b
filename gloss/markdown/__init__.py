"""Markdown for gloss: CommonMark + GFM tables, strikethrough, footnotes,
``{#id}`` headings, GitHub-compatible heading ids, ``table-N`` ids, figures,
Pygments highlighting, links between articles, keyboard-scrollable
blocks and no spaces for line breaks between CJK characters. One rule per module."""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin

from gloss.markdown.absolute_urls import absolute_urls_plugin
from gloss.markdown.bundle_urls import bundle_urls_plugin
from gloss.markdown.cjk_breaks import cjk_breaks_plugin
from gloss.markdown.figures import figures_plugin
from gloss.markdown.footnote_links import footnote_links_plugin
from gloss.markdown.heading_anchors import heading_anchors_plugin
from gloss.markdown.heading_ids import heading_ids_plugin
from gloss.markdown.highlight import highlight
from gloss.markdown.id_prefix import id_prefix_plugin
from gloss.markdown.latin_emphasis import latin_emphasis_plugin
from gloss.markdown.links import LinkRef, UrlRef, links_plugin
from gloss.markdown.places import places_plugin
from gloss.markdown.safe_links import SafeMarkdownIt
from gloss.markdown.scrollers import scrollers_plugin
from gloss.markdown.table_ids import table_ids_plugin

__all__ = ["LinkRef", "UrlRef", "make_parser"]


def heading_slug(title: str) -> str:
    """GitHub's heading id; "section" for a heading with no letters or digits
    (``## ???``), which GitHub would leave without a usable id."""
    return slugify(title) or "section"


def make_parser(*, allow_html: bool, base_path: str, ids: bool = True, id_prefix: str = "") -> MarkdownIt:
    """A parser for documents (``ids=True``: headings and tables get ids) or
    for the Markdown in notes (``ids=False``; with ``env["page_path"]``, their
    bundle-relative URLs rooted at the article's page: ``bundle_urls``)."""
    md = SafeMarkdownIt("commonmark", {"html": allow_html, "highlight": highlight, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(places_plugin)  # (before the plugins adding inline rules: it replaces link, image, autolink)
    md.use(footnote_plugin, inline=False)
    md.use(cjk_breaks_plugin)
    md.use(latin_emphasis_plugin)
    md.use(footnote_links_plugin)
    md.use(figures_plugin)
    md.use(links_plugin, base_path=base_path, id_prefix=id_prefix)
    md.use(bundle_urls_plugin)  # after links: a notes' URL relative to its bundle, rooted at its page
    md.use(absolute_urls_plugin)
    if ids:
        md.use(heading_ids_plugin)
        md.use(heading_anchors_plugin, slug_func=heading_slug)
        md.use(table_ids_plugin)
        if id_prefix:
            md.use(id_prefix_plugin, prefix=id_prefix)
    md.use(scrollers_plugin)
    return md
