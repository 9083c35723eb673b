"""Stage 2, parse: Markdown -> HTML fragments and the facts about them.

``parse_article`` is a pure function of one ``ArticleSource`` and the few
settings that change the HTML (raw HTML allowed, the site's base path), so
its result can be computed in a worker process and cached by content hash.
It returns data — blocks of HTML with the ids they carry, headings, links —
and never looks at other articles: checking references is ``resolve``'s job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from gloss.anchoring.anchors import Anchored, QuoteRef, Version, anchor_quotes, quote_refs
from gloss.content.load import ArticleSource, Earlier, SourceDoc
from gloss.content.views import Fragment
from gloss.core.urls import article_url
from gloss.markdown import LinkRef, UrlRef, make_parser
from gloss.markdown.passages import text_map
from gloss.text.sentences import sentence_end
from gloss.text.yamlsafe import Path

ORIGINAL_PREFIX = "original-"


@dataclass(frozen=True)
class Heading:
    level: int
    id: str  # without the document's prefix
    text: str
    line: int


@dataclass(frozen=True)
class Block:
    """One top-level block of a document (a paragraph, a heading, a table…)."""

    html: Fragment
    ids: tuple[str, ...]  # ids inside it, without prefix


@dataclass(frozen=True)
class ParsedDoc:
    path: str
    id_prefix: str
    blocks: tuple[Block, ...]
    headings: tuple[Heading, ...]
    ids: tuple[str, ...]  # every id a reference may name, in order, without prefix
    tables: int
    links: tuple[LinkRef, ...]
    title: str | None  # the leading "# H1", taken out of the blocks
    title_id: str | None
    text: str  # plain text, for search
    anchored: tuple[Anchored, ...] = ()  # the notes' quote references into this document
    urls: tuple[UrlRef, ...] = ()  # its other links and images, where written (``urlcheck``)


@dataclass(frozen=True)
class NoteLink:
    path: Path  # where in notes.yaml
    link: LinkRef


@dataclass(frozen=True)
class ParsedArticle:
    source: ArticleSource
    index: ParsedDoc
    original: ParsedDoc | None
    notes_html: dict[Path, Fragment]
    notes_links: tuple[NoteLink, ...]
    summary_line: str = ""  # the summary's first sentence, plain text (``first_sentence``)
    notes_urls: tuple[UrlRef, ...] = ()  # the notes' other links and images, at their values in notes.yaml


@lru_cache(maxsize=16)
def _parser(allow_html: bool, base_path: str, ids: bool, prefix: str) -> MarkdownIt:
    return make_parser(allow_html=allow_html, base_path=base_path, ids=ids, id_prefix=prefix)


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def _groups(tokens: list[Token]) -> Iterator[list[Token]]:
    """Split a token stream into its top-level blocks."""
    group: list[Token] = []
    depth = 0
    for token in tokens:
        group.append(token)
        depth += token.nesting
        if depth == 0:
            yield group
            group = []
    if group:
        yield group


def _base_path(page_url: str) -> str:
    """The site's base path, from an article's absolute URL (``…/<slug>/``)."""
    path = urlsplit(page_url).path
    return path[: path.rstrip("/").rfind("/") + 1] or "/"


_URL_TOKENS = frozenset({"link_open", "image", "footnote_ref", "footnote_anchor"})  # rendered per base


def _has_urls(tokens: list[Token]) -> bool:
    return any(t.type in _URL_TOKENS or (t.children and any(c.type in _URL_TOKENS for c in t.children)) for t in tokens)


def _render(md: MarkdownIt, tokens: list[Token], env: dict[str, Any], page_url: str) -> Fragment:
    """The site's HTML and the feeds' (absolute URLs); rendered once where no URL differs."""
    site = md.renderer.render(tokens, md.options, env)
    if not _has_urls(tokens):
        return Fragment(site, site)
    feed = md.renderer.render(tokens, md.options, {**env, "absolute_base": page_url})
    return Fragment(site, feed)


class Outline(NamedTuple):
    """A document's parts, from its top-level token groups."""

    groups: list[list[Token]]  # the blocks (the leading "# H1" taken out when it is the title)
    title: str | None
    title_id: str | None
    headings: list[Heading]
    ids: list[str]
    block_ids: list[tuple[str, ...]]  # each block's ids
    levels: list[int]  # each block's heading level (0: not a heading)
    text: list[str]  # plain text, for descriptions and reading time


def _outline(groups: list[list[Token]], prefix: str, take_title: bool, line_offset: int) -> Outline:
    """A document's blocks (the leading "# H1" taken out when ``take_title``), title, title id,
    headings, ids, each block's ids and heading level (0: not a heading), and plain text."""
    title = title_id = None
    first = groups[0][0] if groups else None
    if take_title and first is not None and first.type == "heading_open" and first.tag == "h1":
        title = _inline_text(groups[0][1])
        title_id = str(first.attrGet("id") or "")[len(prefix) :]
        groups = groups[1:]
    headings: list[Heading] = []
    ids: list[str] = [title_id] if title_id else []
    block_ids: list[tuple[str, ...]] = []
    levels: list[int] = []
    text: list[str] = []
    for group in groups:
        found: list[str] = []
        for idx, token in enumerate(group):
            if token.attrGet("id"):
                found.append(str(token.attrGet("id"))[len(prefix) :])
            if token.type == "heading_open":
                line = (token.map[0] if token.map else 0) + 1 + line_offset
                ident = str(token.attrGet("id") or "")[len(prefix) :]
                headings.append(Heading(int(token.tag[1]), ident, _inline_text(group[idx + 1]), line))
            if token.type == "inline":
                text.append(_inline_text(token))
            elif token.type in ("fence", "code_block"):
                text.append(token.content)
        ids.extend(found)
        block_ids.append(tuple(found))
        levels.append(int(group[0].tag[1]) if group[0].type == "heading_open" else 0)
    return Outline(groups, title, title_id, headings, ids, block_ids, levels, text)


def _env(doc: SourceDoc | Earlier, prefix: str) -> dict[str, Any]:
    env: dict[str, Any] = {"source_lines": doc.text.split("\n"), "line_offset": doc.line_offset}
    if prefix:
        env["docId"] = prefix.rstrip("-")
    return env


def _version(md: MarkdownIt, earlier: Earlier, prefix: str, take_title: bool) -> Version:
    """An earlier version's text and sections, to follow quotes from (``anchors``)."""
    outline = _outline(
        list(_groups(md.parse(earlier.text, _env(earlier, prefix)))), prefix, take_title, earlier.line_offset
    )
    return Version(earlier.commit, text_map(outline.groups), outline.block_ids, outline.levels, outline.title_id)


def parse_doc(
    doc: SourceDoc,
    *,
    allow_html: bool,
    page_url: str,
    prefix: str = "",
    take_title: bool = False,
    quotes: list[QuoteRef] | None = None,
) -> ParsedDoc:
    """``page_url``: the absolute URL of the article's page, for feed HTML; ``quotes``: the
    notes' quote references into this document, anchored and marked in its text (followed
    from the document's earlier versions, if it has any, where the text alone does not find them exactly)."""
    md = _parser(allow_html, _base_path(page_url), True, prefix)
    env = _env(doc, prefix)
    tokens = md.parse(doc.text, env)
    groups, title, title_id, headings, ids, block_ids, levels, text = _outline(
        list(_groups(tokens)), prefix, take_title, doc.line_offset
    )
    anchored: tuple[Anchored, ...] = ()
    if quotes:
        earlier = [partial(_version, md, e, prefix, take_title) for e in doc.earlier]
        anchored = anchor_quotes(text_map(groups), quotes, block_ids, levels, title_id, doc.line_offset, earlier)
    blocks = tuple(
        Block(_render(md, group, env, page_url), found) for group, found in zip(groups, block_ids, strict=True)
    )
    tables = sum(1 for t in tokens if t.type == "table_open")
    return ParsedDoc(
        doc.path,
        prefix,
        blocks,
        tuple(headings),
        tuple(ids),
        tables,
        tuple(env.get("links", [])),
        title,
        title_id,
        "\n".join(text),
        anchored,
        tuple(env.get("urls", [])),
    )


class ParsedNotes(NamedTuple):
    html: dict[Path, Fragment]
    links: tuple[NoteLink, ...]
    urls: tuple[UrlRef, ...]


def parse_notes(article: ArticleSource, *, allow_html: bool, page_url: str) -> ParsedNotes:
    """The notes' Markdown fields (``notes.Notes.markdown``) rendered, by path in notes.yaml.
    Other pages show them too (the summary on the home and day pages), so a URL relative
    to the bundle is rooted at the article's page (``markdown.bundle_urls``)."""
    md = _parser(allow_html, _base_path(page_url), False, "")
    html: dict[Path, Fragment] = {}
    links: list[NoteLink] = []
    urls: list[UrlRef] = []
    page_path = urlsplit(page_url).path
    for path, value, inline, at in article.notes.markdown():
        env: dict[str, Any] = {"position": tuple(at), "page_path": page_path}
        tokens = md.parseInline(value, env) if inline else md.parse(value, env)
        html[path] = _render(md, tokens, env, page_url)
        links.extend(NoteLink(path, link) for link in env.get("links", []))
        urls.extend(env.get("urls", []))
    return ParsedNotes(html, tuple(links), tuple(urls))


def parse_article(article: ArticleSource, *, allow_html: bool, base_url: str) -> ParsedArticle:
    """``base_url``: the site's absolute base URL (ending in "/")."""
    page_url = article_url(base_url, article.slug)
    notes = article.notes
    index = parse_doc(
        article.index, allow_html=allow_html, page_url=page_url, take_title=True, quotes=quote_refs(notes, "index")
    )
    original = None
    if article.original is not None:
        original = parse_doc(
            article.original,
            allow_html=allow_html,
            page_url=page_url,
            prefix=ORIGINAL_PREFIX,
            take_title=True,
            quotes=quote_refs(notes, "original"),
        )
    html, links, urls = parse_notes(article, allow_html=allow_html, page_url=page_url)
    line = first_sentence(_parser(allow_html, "/", False, ""), notes.summary or "")
    return ParsedArticle(article, index, original, html, links, line, urls)


LINE_LENGTH = 140  # most characters of a list's one-line summary (a CJK character counts one)


def first_sentence(md: MarkdownIt, summary: str) -> str:
    """The summary's first sentence as plain text (Markdown taken out, line breaks as
    spaces; CJK line breaks joined), cut at ``LINE_LENGTH`` with an ellipsis. It ends
    where ``sentences.sentence_end`` says, never inside a code span."""
    text, code = _plain_summary(md, summary)
    end = sentence_end(text, code)
    line = text[:end] if end is not None else text
    if len(line) <= LINE_LENGTH:
        return line
    cut = line[: LINE_LENGTH - 1]
    space = cut.rfind(" ")
    if space > LINE_LENGTH // 2 and line[LINE_LENGTH - 1].isalnum():  # (Latin words: not in the middle of one)
        cut = cut[:space]
    return cut.rstrip() + "…"


def _plain_summary(md: MarkdownIt, summary: str) -> tuple[str, list[tuple[int, int]]]:
    """The summary's text, its runs of white space as one space and none at its ends,
    and where its code spans are in it."""
    text, code = "", []
    for token in md.parse(summary, {}):
        for child in token.children or [] if token.type == "inline" else []:
            if child.type in ("text", "code_inline"):
                words = " ".join(child.content.split())
                if child.content[:1].isspace() and text and not text.endswith(" "):
                    text += " "
                start = len(text)
                text += words
                if child.type == "code_inline":
                    code.append((start, len(text)))
                if child.content[-1:].isspace() and words:
                    text += " "
            elif child.type in ("softbreak", "hardbreak") and text and not text.endswith(" "):
                text += " "
        if text and not text.endswith(" "):
            text += " "
    return text.rstrip(), code
