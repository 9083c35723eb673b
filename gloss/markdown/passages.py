"""The text a reader sees in a document, and passages marked in it.

``text_map`` walks the top-level blocks of a parsed document and returns its
visible text (text, inline code, line breaks as spaces; code blocks, images
and footnote markers left out) with where each run of it came from. A passage
found in that text (``gloss.anchoring.quotes``) is then marked in the tokens by
``mark``: every text run it covers is wrapped in the passage's element, also
across emphasis, links and inline code, so the HTML stays well-formed and
nothing is edited after rendering.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise

from markdown_it.token import Token

from gloss.markdown.cjk_breaks import LINE_BREAK

BLOCK_BREAK = "\n"  # between paragraphs, cells, list items: whitespace, so quotes may cross it


@dataclass(frozen=True)
class Run:
    start: int  # [start, end) in the document's text
    end: int
    block: int  # top-level block index
    token: Token  # the inline token
    child: int  # index in token.children


@dataclass
class TextMap:
    text: str
    runs: list[Run]
    block_starts: list[int]  # where each block's text starts; one more entry: the end
    block_lines: list[int]  # each block's first source line (0-based, in the Markdown text)
    run_ends: list[int] = field(default_factory=list)  # each run's end, for looking runs up by position

    def block_at(self, pos: int) -> int:
        """The block holding text position ``pos`` (the last block starting at or before it)."""
        return max(0, min(bisect.bisect_right(self.block_starts, pos) - 1, len(self.block_starts) - 2))

    def line_at(self, pos: int) -> int:
        """The 0-based source line of text position ``pos`` (of the next run, between runs)."""
        at = bisect.bisect_right(self.run_ends, pos)
        if at == len(self.runs):
            return self.block_lines[-1] if self.block_lines else 0
        run = self.runs[at]
        first = (run.token.map or [self.block_lines[run.block]])[0]
        return first + sum(map(_is_break, (run.token.children or [])[: run.child]))  # (a wrapped paragraph)


def _is_break(child: Token) -> bool:
    """Whether an inline child ends a source line: a line break, or one dropped between CJK."""
    return child.type in ("softbreak", "hardbreak") or bool(child.meta.get(LINE_BREAK))


def text_map(groups: list[list[Token]]) -> TextMap:
    parts: list[str] = []
    runs: list[Run] = []
    starts: list[int] = []
    lines: list[int] = []
    size = 0
    for block, group in enumerate(groups):
        starts.append(size)
        lines.append(next((t.map[0] for t in group if t.map), lines[-1] if lines else 0))
        for token in group:
            if token.type != "inline":
                continue
            if size and parts and parts[-1] != BLOCK_BREAK:
                parts.append(BLOCK_BREAK)
                size += 1
            for index, child in enumerate(token.children or []):
                if child.type in ("text", "code_inline") and child.content:
                    runs.append(Run(size, size + len(child.content), block, token, index))
                    parts.append(child.content)
                    size += len(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                    size += 1
    starts.append(size)
    return TextMap("".join(parts), runs, starts, lines, [run.end for run in runs])


@dataclass(frozen=True)
class Mark:
    """A passage to mark: an element around its text, with an id on its first piece."""

    start: int
    end: int
    tag: str  # "mark" or "span"
    cls: str
    ident: str
    attrs: tuple[tuple[str, str], ...] = ()  # more attributes, on every piece
    back_href: str = ""  # a link placed right after the passage (outside any link)
    back_label: str = ""
    back_text: str = "\u21a9"  # the link's text: ↩ back to a key point, a highlight's note number
    back_cls: str = "passage-ref"


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _open(mark: Mark, first: bool) -> Token:
    attrs = [("class", mark.cls)] + ([("id", mark.ident)] if first and mark.ident else []) + list(mark.attrs)
    return _html(f"<{mark.tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs) + ">")


def _back_link(mark: Mark) -> list[Token]:
    link = Token("link_open", "a", 1)
    link.attrs = {"class": mark.back_cls, "href": mark.back_href}
    if mark.back_label:
        link.attrs["aria-label"] = mark.back_label
    link.attrs["data-pagefind-ignore"] = ""
    return [link, _text(mark.back_text), Token("link_close", "a", -1)]


def _pieces(
    run: Run, child: Token, marks: list[tuple[int, Mark]], opened: set[int], in_link: bool
) -> tuple[list[Token], list[Mark]]:
    """A text run split at the marks' edges, each piece inside the marks covering it, a
    back link right after each passage that ends here (unless inside a link); and the
    back links still to place (after the link)."""
    cuts = sorted({run.start, run.end} | {p for _, m in marks for p in (m.start, m.end) if run.start < p < run.end})
    code = child.type == "code_inline"
    out: list[Token] = [_html("<code>")] if code else []
    waiting: list[Mark] = []
    for a, b in pairwise(cuts):
        covering = [(i, m) for i, m in marks if m.start <= a and b <= m.end]
        for i, mark in covering:
            out.append(_open(mark, i not in opened))
            opened.add(i)
        out.append(_text(child.content[a - run.start : b - run.start]))
        out.extend(_html(f"</{mark.tag}>") for _, mark in reversed(covering))
        ending = [m for _, m in covering if m.end == b and m.back_href]
        if in_link or code:  # placed after the link or the code
            waiting.extend(ending)
        else:
            for m in ending:
                out.extend(_back_link(m))
    if code:
        out.append(_html("</code>"))
    return out, waiting


def mark(tmap: TextMap, marks: list[Mark]) -> None:
    """Wrap each mark's text in its element, in the tokens of ``tmap`` (changed in place)."""
    if not marks:
        return
    ordered = sorted(enumerate(marks), key=lambda im: (im[1].start, -im[1].end, im[0]))
    opened: set[int] = set()  # marks whose first piece is out (it carries the id)
    by_token: dict[int, list[Run]] = {}
    for run in tmap.runs:
        if any(m.start < run.end and run.start < m.end for _, m in ordered):
            by_token.setdefault(id(run.token), []).append(run)
    for runs in by_token.values():
        token = runs[0].token
        at = {run.child: run for run in runs}
        children: list[Token] = []
        depth = 0
        waiting: list[Mark] = []
        for index, child in enumerate(token.children or []):
            depth += child.type == "link_open"
            depth -= child.type == "link_close"
            found = at.get(index)
            if found is None:
                children.append(child)
            else:
                covering = [(i, m) for i, m in ordered if m.start < found.end and found.start < m.end]
                pieces, later = _pieces(found, child, covering, opened, depth > 0)
                children.extend(pieces)
                waiting.extend(later)
            if depth == 0 and waiting:
                for m in waiting:
                    children.extend(_back_link(m))
                waiting = []
        for m in waiting:  # a link left open by the inline token
            children.extend(_back_link(m))
        token.children = children
