"""Golden pages: the small fixture site's rendered pages, compared as a tree.

Regenerate after an intended change with one command:

    GLOSS_UPDATE_GOLDEN=1 pytest tests/e2e/test_golden.py

and review the diff in ``tests/golden/small/`` before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import FIXTURES, TESTS, gloss, tree

GOLDEN = TESTS / "golden" / "small"


def pages(folder: Path) -> dict[str, bytes]:
    """The rendered pages, feeds and sitemap. Theme assets are not pinned (they
    change with the design), nor is Pagefind's index (not byte-stable upstream)."""
    return {path: data for path, data in tree(folder).items() if not path.startswith(("assets/", "pagefind/"))}


def test_golden_covers_every_kind_of_page() -> None:
    pinned = pages(GOLDEN)
    for path in (
        "index.html",
        "open-weights-audit/index.html",
        "digest/2026-03-02/index.html",
        "tags/open-models/index.html",
        "tags/index.html",
        "archive/index.html",
        "feed.xml",
        "tags/open-models/feed.xml",
        "sitemap.xml",
        "404.html",
        "search/index.html",
    ):
        assert path in pinned, path


def test_small_site_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = gloss("build", "--content", FIXTURES / "small" / "content", "--out", out)
    assert result.code == 0, result.err
    built = pages(out)
    if os.environ.get("GLOSS_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in built.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    expected = pages(GOLDEN)
    assert sorted(built) == sorted(expected), "pages added or missing"
    for path in expected:
        assert built[path].decode() == expected[path].decode(), f"{path} differs from tests/golden/small/{path}"
