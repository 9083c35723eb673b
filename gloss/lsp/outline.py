"""What a Markdown document (index.md, original.md) offers references: every id
with where it is written, and every link with where its target is written.

Made with gloss's own parser (``markdown.make_parser``, the same plugins and
settings as the parse stage), so the ids are exactly those ``check`` knows:
heading slugs, pinned ``{#id}``, the title's id and ``table-N``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from gloss.build.parse import ORIGINAL_PREFIX
from gloss.lsp.positions import Place, Span, gloss_place, line_span
from gloss.markdown import LinkRef, make_parser
from gloss.text.textfile import split_front_matter
from gloss.text.yamlsafe import YamlError

Kind = Literal["title", "heading", "table"]
_PINNED = re.compile(r"\{#([^\s{}#]+)\}\s*$")
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+")
EXCERPT_LINES = 6


@dataclass(frozen=True)
class Target:
    """Something a reference may name: a heading (the title too) or a table."""

    ident: str  # without the document's prefix
    kind: Kind
    text: str  # the heading's text, or "table N"
    level: int  # a heading's level; 0 for a table
    first: int  # 0-based lines [first, last) of the heading or table in the file
    last: int
    pinned: Span | None = None  # the id inside "{#id}", when the heading pins one
    words: Span | None = None  # the heading's words on its line

    @property
    def span(self) -> Span:
        """Where an editor sees the target: the id it pins, else its words, else its first line."""
        return self.pinned or self.words or line_span(self.first, 0, 0)


@dataclass(frozen=True)
class Link:
    """A link of the document to an id (``#id``) or to an article (``slug#id``)."""

    ref: LinkRef
    span: Span  # the target as written, between "](" and ")"


@dataclass(frozen=True)
class Outline:
    path: str
    doc: str  # "index" or "original"
    lines: tuple[str, ...]  # the file's lines (front matter included)
    targets: tuple[Target, ...]  # in document order, each id once
    links: tuple[Link, ...]
    title: str | None

    def target(self, ident: str) -> Target | None:
        return next((t for t in self.targets if t.ident == ident), None)

    def at(self, place: Place) -> Target | None:
        """The heading written on ``place``'s line."""
        return next((t for t in self.targets if t.kind != "table" and t.first == place.line), None)

    def section(self, target: Target) -> list[str]:
        """The first lines of what the target holds: its section (a heading's), its rows (a table's)."""
        if target.kind == "table":
            return [line for line in self.lines[target.first : target.last]][:EXCERPT_LINES]
        end = len(self.lines)
        for other in self.targets:
            if other.kind != "table" and other.first > target.first and other.level <= target.level:
                end = other.first
                break
        body = [line for line in self.lines[target.last : end] if line.strip()]
        return body[:EXCERPT_LINES]


def _heading(tokens: list[Token], index: int, lines: tuple[str, ...], offset: int, prefix: str) -> Target:
    token = tokens[index]
    first = (token.map[0] if token.map else 0) + offset
    last = (token.map[1] if token.map else 1) + offset
    ident = str(token.attrGet("id") or "").removeprefix(prefix)
    text = "".join(c.content for c in tokens[index + 1].children or [] if c.type in ("text", "code_inline"))
    line = lines[first] if first < len(lines) else ""
    pinned = None
    if match := _PINNED.search(line):
        pinned = line_span(first, match.start(1), match.end(1))
    words = None
    if start := _ATX.match(line):
        stop = len(line[: match.start()].rstrip()) if match else len(line.rstrip().rstrip("#").rstrip())
        words = line_span(first, start.end(), max(stop, start.end()))
    return Target(ident, "heading", text, int(token.tag[1]), first, last, pinned, words)


def _target_span(lines: tuple[str, ...], link: LinkRef) -> Span:
    start = gloss_place(link.line, link.col)
    text = lines[start.line] if start.line < len(lines) else ""
    end = start.col
    while end < len(text) and text[end] not in ") >\t":
        end += 1
    return line_span(start.line, start.col, end)


def _targets(tokens: list[Token], lines: tuple[str, ...], offset: int, prefix: str) -> list[Target]:
    found: list[Target] = []
    seen: set[str] = set()
    tables = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            target = _heading(tokens, index, lines, offset, prefix)
        elif token.type == "table_open":
            tables += 1
            ident = str(token.attrGet("id") or "").removeprefix(prefix)
            first = (token.map[0] if token.map else 0) + offset
            target = Target(ident, "table", f"table {tables}", 0, first, (token.map[1] if token.map else 1) + offset)
        else:
            continue
        if target.ident and target.ident not in seen:
            seen.add(target.ident)
            found.append(target)
    return found


@lru_cache(maxsize=64)
def outline(path: str, text: str, doc: str, allow_html: bool = False) -> Outline:
    """The outline of a Markdown file's text (``doc``: "index" or "original")."""
    prefix = ORIGINAL_PREFIX if doc == "original" else ""
    try:
        _, body, offset = split_front_matter(text)
    except YamlError:
        body, offset = text, 0
    lines = tuple(text.split("\n"))
    env: dict[str, Any] = {"source_lines": body.split("\n"), "line_offset": offset}
    if prefix:
        env["docId"] = prefix.rstrip("-")
    tokens = _parser(allow_html, prefix).parse(body, env)
    targets = _targets(tokens, lines, offset, prefix)
    title = None
    if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1" and targets:
        head = targets[0]
        title = head.text
        targets[0] = Target(head.ident, "title", head.text, 1, head.first, head.last, head.pinned, head.words)
    links = tuple(Link(ref, _target_span(lines, ref)) for ref in env.get("links", []))
    return Outline(path, doc, lines, tuple(targets), links, title)


@lru_cache(maxsize=4)
def _parser(allow_html: bool, prefix: str) -> MarkdownIt:
    return make_parser(allow_html=allow_html, base_path="/", ids=True, id_prefix=prefix)
