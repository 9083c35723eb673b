"""The search index: the rendered pages -> Pagefind's files, as ``Output``s.

Pagefind (the ``pagefind[extended]`` package from PyPI, which segments
Japanese and Chinese) reads the article pages from memory; it only indexes
what the theme marks with ``data-pagefind-body``, so page chrome stays out.
Its files are written to a scratch folder and read back, so that ``write``
remains the only stage that touches ``site/``. Pagefind keeps one index per
page language; the search page merges them (see ``gloss/templates/search.html``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as disk
from .diagnostics import Diagnostic, error
from .render import Output
from .urls import PAGEFIND

if TYPE_CHECKING:
    from .incremental import Outputs

BUNDLE = PAGEFIND


def available() -> bool:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return False
    return get_executable() is not None


MARKER = b"data-pagefind-body"


async def _index(pages: str, scratch: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=scratch)
    async with PagefindIndex(config=config) as index:
        await index.add_directory(path=pages)


def _stage(pages: list[Output], folder: Path) -> None:
    """Put the pages Pagefind indexes where it reads them in one pass (one request
    per page through its service costs ten times as long as reading a folder)."""
    for page in pages:
        assert page.data is not None
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.data)


def search_index(outputs: list[Output], store: disk.Store | None = None) -> tuple[list[Output], list[Diagnostic]]:
    """Pagefind's bundle for the HTML pages among ``outputs``; with a ``store``, the
    one made last time from the very same pages, if it holds it."""
    if not available():
        return [], [error("pagefind", 1, 1, "the search index needs Pagefind: pip install 'pagefind[extended]'")]
    # Pagefind indexes only pages marked with data-pagefind-body once any page is
    pages = [o for o in outputs if o.path.endswith(".html") and o.data is not None and MARKER in o.data]
    if store is None:
        return _index_pages(pages)
    name = disk.key(disk.salt(), *(part for o in pages for part in (o.path.encode(), o.data or b"")))
    found = store.get(name)
    if isinstance(found, list) and all(isinstance(o, Output) for o in found):
        return found, []
    index, problems = _index_pages(pages)
    if not problems:
        store.prune(())
        store.put(name, index)
    return index, problems


def _index_pages(pages: list[Output]) -> tuple[list[Output], list[Diagnostic]]:
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="gloss-pagefind-") as work:
        source, scratch = Path(work) / "pages", os.path.join(work, "index")
        _stage(pages, source)
        try:
            asyncio.run(_index(str(source), scratch))
        except Exception as exc:  # the Pagefind service failed: report, do not crash
            return [], [error("pagefind", 1, 1, f"building the search index failed: {exc}")]
        found = []
        for root, dirs, files in os.walk(scratch):
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                rel = path.relative_to(scratch).as_posix()
                found.append(Output(f"{BUNDLE}/{rel}", path.read_bytes()))
    return found, []


def search_pages(outputs: "Outputs", store: disk.Store | None) -> list[Diagnostic]:
    """The search index of the pages a streamed build wrote, written beside them."""
    pages = []
    for path in sorted(outputs.now):
        if path.endswith(".html"):
            data = outputs.scratch.read(path)
            if MARKER in data:
                pages.append(Output(path, data))
    index, problems = search_index(pages, store)
    for item in index:
        assert item.data is not None
        outputs.put(item.path, "search", item.data)
    return problems
