"""Where a link or an image is written in the Markdown source (inline rules wrapped).

markdown-it gives block tokens the lines they span (``map``) but inline tokens
nothing. The inline rules that make links and images (``link``, ``image``,
``autolink``) are wrapped here: each ``link_open`` or ``image`` token they
push records, in ``token.meta[OFFSET]``, where its destination starts in its
block's inline source (the ``inline`` token's ``content``), or where the link
starts when its destination is not written there (``[x][ref]``). ``SourceLines.place``
turns that offset into the 0-based line and column of the Markdown text: the
block's first line plus the line breaks before it, and the column in that
line (characters, as every gloss position; CJK counts one). The inline source
of a line is the end of the source line (a list's or quote's marker and the
indentation taken off), or, for a table's cells, a piece of it found in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.autolink import autolink
from markdown_it.rules_inline.image import image
from markdown_it.rules_inline.link import link
from markdown_it.token import Token

OFFSET = "gloss_offset"  # token.meta key: the destination's offset in the block's inline source

_Rule = Callable[[StateInline, bool], bool]


def places_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("link", _stamped(link, 0))
    md.inline.ruler.at("image", _stamped(image, 1))
    md.inline.ruler.at("autolink", _stamped(autolink, -1))


def _stamped(rule: _Rule, label: int) -> _Rule:
    """``rule``, recording the destination's offset on the token it makes; ``label``:
    how far after the start the label's ``[`` is (-1: no label, ``<url>``)."""

    def stamped(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            made = next((t for t in state.tokens[count:] if t.type in ("link_open", "image")), None)
            if made is not None:
                made.meta = {**made.meta, OFFSET: start + 1 if label < 0 else _destination(state, start, label)}
        return True

    return stamped


def _destination(state: StateInline, start: int, label: int) -> int:
    """Where the destination of the link starting at ``start`` begins (after ``](`` and
    any spaces), or ``start`` for a reference link."""
    end = state.pos
    label_end = int(state.md.helpers.parseLinkLabel(state, start + label, False))
    state.pos = end
    src = state.src
    pos = label_end + 1
    if label_end < 0 or pos >= len(src) or src[pos] != "(":
        return start
    pos += 1
    while pos < end and src[pos] in " \t\n":
        pos += 1
    return int(pos)


class SourceLines:
    """The Markdown text's lines, where links in its blocks are placed (``place``)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self._taken: dict[int, int] = {}  # how far each line was matched (a table row's cells, in order)
        self._starts: dict[tuple[int, int], int] = {}  # (block, line of it) -> where that line starts

    def place(self, block: Token, offset: int) -> tuple[int, int]:
        """The 0-based (line, column) of ``offset`` in the inline source of ``block``."""
        content = block.content
        before = content[:offset]
        row = before.count("\n")
        col = offset - (before.rfind("\n") + 1)
        number = (block.map[0] if block.map else 0) + row
        if number >= len(self.lines):
            return number, col
        key = (id(block), row)
        if key not in self._starts:
            self._starts[key] = self._start(number, content.split("\n")[row])
        return number, self._starts[key] + col

    def _start(self, number: int, piece: str) -> int:
        """Where ``piece`` (a line of a block's inline source) starts in source line ``number``."""
        line = self.lines[number]
        if piece and line.endswith(piece):
            return len(line) - len(piece)
        body, bare = line.rstrip(), piece.rstrip()
        if bare and body.endswith(bare):
            return len(body) - len(bare)
        at = line.find(piece.strip(), self._taken.get(number, 0))
        if at < 0:
            return 0
        self._taken[number] = at + len(piece.strip())
        return at - (len(piece) - len(piece.lstrip()))
