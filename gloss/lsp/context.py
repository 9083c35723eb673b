"""What a feature request is about: the document, the place in it, its
bundle's analysis, and how to name other files' places back to the client."""

from __future__ import annotations

import os
from dataclasses import dataclass

from lsprotocol import types

from gloss.lsp.positions import Lines, Place, Span, path_uri, uri_path
from gloss.lsp.session import Analysis, Session, read_file
from gloss.lsp.site import DOCUMENTS, Site


@dataclass(frozen=True)
class Ctx:
    session: Session
    site: Site
    analysis: Analysis
    path: str
    text: str
    lines: Lines
    place: Place

    @property
    def name(self) -> str:
        """ "notes.yaml", "index.md" or "original.md"."""
        return os.path.basename(self.path)

    @property
    def doc(self) -> str:
        """The Markdown document this file is ("index", "original"); "" for the notes."""
        return {"index.md": "index", "original.md": "original"}.get(self.name, "")

    def text_of(self, path: str) -> str:
        """Another file's text: the editor's buffer, else the file."""
        if os.path.abspath(path) == self.path:
            return self.text
        with self.session.lock:
            buffer = self.session.buffers.get(os.path.abspath(path))
        return buffer if buffer is not None else (read_file(path) or "")

    def lines_of(self, path: str) -> Lines:
        return self.lines if os.path.abspath(path) == self.path else Lines(self.text_of(path), self.lines.encoding)

    def uri(self, path: str) -> str:
        with self.session.lock:
            return self.session.uris.get(os.path.abspath(path)) or path_uri(path)

    def location(self, path: str, span: Span) -> types.Location:
        return types.Location(uri=self.uri(path), range=self.lines_of(path).range(span))


def context(session: Session, uri: str, position: types.Position | None, encoding: str) -> Ctx | None:
    """The context of a request on a bundle's document (None: not one, or not readable)."""
    path = uri_path(uri)
    if path is None or os.path.basename(path) not in DOCUMENTS:
        return None
    found = session.bundle_folder(path)
    if found is None:
        return None
    site, folder = found
    analysis = session.analysis(site, folder)
    if analysis is None:
        return None
    with session.lock:
        text = session.buffers.get(path)
    text = text if text is not None else (read_file(path) or "")
    lines = Lines(text, encoding)
    place = lines.place(position) if position is not None else Place(0, 0)
    return Ctx(session, site, analysis, path, text, lines, place)
