"""``Output``: one file of the site as the in-memory pipeline hands it to ``write``
(and to the search index and the link check, which read pages from it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """One file of the site: ``data`` to write, or ``source`` to copy."""

    path: str  # relative to the site root, with "/"
    data: bytes | None = None
    source: str | None = None
    origin: str = ""  # the file that produced it, for link-check messages
    stamp: tuple[int, int] = (0, 0)  # a copied file's (mtime, size) when listed, to notice edits
