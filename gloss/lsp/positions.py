"""Places in editors' files, between gloss and the protocol.

gloss names a place as a 1-based line and a 1-based column counted in
characters (code points) of the file's text; the protocol as a 0-based line
and a 0-based column counted in the code units the client and server agreed
on (UTF-16 unless the client offers another). Lines are split at ``\\n``
only, as gloss counts them (a ``\\r`` before it stays at the end of its
line, past every column that matters).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lsprotocol import types

UTF16 = "utf-16"


@dataclass(frozen=True, order=True)
class Place:
    """0-based line and 0-based column in characters (code points)."""

    line: int
    col: int


@dataclass(frozen=True)
class Span:
    """From ``start`` up to ``end`` (exclusive), both in characters."""

    start: Place
    end: Place

    def holds(self, place: Place) -> bool:
        """Whether ``place`` is inside, its end included (a cursor right after a word is on it)."""
        return self.start <= place <= self.end


def line_span(line: int, start: int, end: int) -> Span:
    return Span(Place(line, start), Place(line, end))


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", errors="surrogatepass"))
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


class Lines:
    """A text's lines, to convert places both ways."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.encoding = encoding

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def position(self, place: Place) -> types.Position:
        """The protocol's position of a place (its column clamped to its line)."""
        if place.line >= len(self.lines):
            return types.Position(line=len(self.lines) - 1, character=_units(self.lines[-1], self.encoding))
        text = self.lines[max(place.line, 0)]
        return types.Position(line=max(place.line, 0), character=_units(text[: max(place.col, 0)], self.encoding))

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def place(self, position: types.Position) -> Place:
        """The place of a protocol position (a column past the line's end: the end)."""
        text = self.line(position.line)
        if self.encoding == "utf-32":
            return Place(position.line, min(position.character, len(text)))
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return Place(position.line, index)
            units += _units(char, self.encoding)
        return Place(position.line, len(text))

    def offset(self, place: Place) -> int:
        """The place as an offset into the text."""
        line = min(max(place.line, 0), len(self.lines) - 1)
        return sum(len(text) + 1 for text in self.lines[:line]) + min(place.col, len(self.lines[line]))

    def at_offset(self, offset: int) -> Place:
        before = self.text[:offset]
        line = before.count("\n")
        return Place(line, offset - (before.rfind("\n") + 1))


def gloss_place(line: int, col: int) -> Place:
    """The place of gloss's 1-based (line, column)."""
    return Place(max(line - 1, 0), max(col - 1, 0))


def uri_path(uri: str) -> str | None:
    """The absolute file path of a ``file:`` URI, or None for any other scheme."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return None
    path = unquote(parts.path)
    if os.name == "nt" and path.startswith("/") and path[2:3] == ":":  # pragma: no cover - Windows
        path = path[1:]
    return os.path.abspath(path)


def path_uri(path: str) -> str:
    return Path(os.path.abspath(path)).as_uri()
