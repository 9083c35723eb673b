"""The search index through a preview, as a new user met it: ``build``, then
``serve`` (without ``--search``) deleted ``site/pagefind/``, so the preview's
search page was dead and ``deploy`` offered the site without its index. Through
the real command line: a build without the index keeps the one the last build
wrote, file for file (same inodes), served by the preview; the next ``build``
indexes the edited article again; and where the cache's record of the last
build is gone, the index on disk is kept all the same, and made again by the
next build."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, edit, gloss
from serving import Serving

BASE = "/small/"  # the small fixture's base_url path
ARTICLE = "2026/03/agent-benchmarks/index.md"
WORD = "zeppelinite"  # in no fixture: the edit's new word
STEM = b"zeppelinit"  # as Pagefind's word index holds it (English words are stemmed)
SHARDS = re.compile(r"search index: (\d+) of (\d+) shards indexed again")


def index_files(site: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the site's search index: its bytes and inode."""
    folder = site / "pagefind"
    return {
        p.relative_to(site).as_posix(): (p.read_bytes(), os.lstat(p).st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def unpacked(data: bytes) -> bytes:
    """A Pagefind data file's payload (gzip'd, after the signature)."""
    return gzip.decompress(data).removeprefix(b"pagefind_dcd")


def shards_holding(site: Path, word: str) -> dict[str, str]:
    """The shards whose fragments hold ``word`` (shard folder -> the page's URL), each
    also holding it (``STEM``) in its word index: what a search for it finds."""
    found = {}
    for fragment in sorted((site / "pagefind" / "shards").glob("*/fragment/*.pf_fragment")):
        data = json.loads(unpacked(fragment.read_bytes()))
        if word in data.get("content", ""):
            shard = fragment.parent.parent
            assert any(STEM in unpacked(p.read_bytes()) for p in shard.glob("index/*.pf_index")), shard
            found[shard.relative_to(site).as_posix()] = data["url"]
    return found


class Serve(Serving):
    """``python build.py serve`` (no ``--search``) running, and what it printed."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, base=BASE)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A site folder as ``init`` lays it out (content/ beside the cache and site/), built
    with its search index by ``gloss build``."""
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    built = gloss("build", cwd=tmp_path, timeout=300)
    assert built.code == 0, built.err
    assert (tmp_path / "site" / "pagefind" / "shards.json").is_file()
    return tmp_path


@pytest.fixture
def serve(root: Path) -> Iterator[Serve]:
    running = Serve(root)
    yield running
    running.stop()
    assert "Traceback" not in "\n".join(running.lines), "\n".join(running.lines)


def served_whole(serve: Serve, site: Path) -> None:
    """The preview serves the index: the list of shards, and each shard's entry and code."""
    code, listing = serve.get("pagefind/shards.json")
    assert code == 200 and listing == (site / "pagefind" / "shards.json").read_bytes()
    bundles = [shard["bundle"] for shard in json.loads(listing)]
    assert bundles
    for path in [
        "pagefind/pagefind-ui.js",
        *(f"pagefind/{b}{f}" for b in bundles for f in ("pagefind-entry.json", "pagefind.js")),
    ]:
        assert serve.get(path)[0] == 200, path


def test_serve_keeps_the_index_and_the_next_build_indexes_the_edit(root: Path, serve: Serve) -> None:
    site = root / "site"
    built = index_files(site)
    first = serve.rebuilt(0)
    assert index_files(site) == built  # every file of the index, the very same (bytes and inode)
    served_whole(serve, site)
    assert serve.get("search/")[0] == 200
    # a whole folder swapped in: nothing rewritten, and it says so (it said "N files changed")
    assert re.search(r": (\d+) files \(0 made, \1 kept as they were\)$", first), first

    since = len(serve.lines)
    edit(root / "content" / ARTICLE, "Scores fell.", f"Scores fell below the {WORD} baseline.")
    serve.rebuilt(since)
    assert WORD in (site / "agent-benchmarks" / "index.html").read_text(encoding="utf-8")
    assert index_files(site) == built  # not indexed again on a save: stale, but whole
    served_whole(serve, site)
    assert not shards_holding(site, WORD)
    serve.stop()
    assert index_files(site) == built

    again = gloss("build", cwd=root, timeout=300)  # the next build brings the index up to date
    assert again.code == 0, again.err
    counts = SHARDS.search(again.err)
    assert counts is not None and int(counts.group(1)) >= 1, again.err
    holding = shards_holding(site, WORD)
    assert list(holding.values()) == ["/agent-benchmarks/"], holding
    now = index_files(site)
    listed = {f"pagefind/{s['bundle']}".rstrip("/") for s in json.loads(now["pagefind/shards.json"][0])}
    assert set(holding) <= listed
    for path, (_, inode) in now.items():  # the shard holding the edit was written anew
        if path.startswith(tuple(f"{shard}/" for shard in holding)):
            assert inode not in {ino for _, ino in built.values()}, path
    untouched = [p for p, (_, ino) in built.items() if "/shards/zh-" in p]  # the Chinese article's shard
    assert untouched and all(now[p][1] == built[p][1] for p in untouched)


@pytest.mark.parametrize("lost", ["cache deleted", "--no-cache"])
def test_a_build_without_the_index_keeps_it_when_the_record_of_it_is_gone(root: Path, lost: str) -> None:
    """The cache's record of the last build (what each file was made from) gone, a build
    without the index keeps the index on disk as it is; the next build cannot vouch for
    its files, so it makes them again (here from Pagefind: the cache is gone)."""
    site = root / "site"
    built = index_files(site)
    args = ["build", "--no-search"]
    if lost == "cache deleted":
        shutil.rmtree(root / ".gloss-cache")
    else:
        args.append("--no-cache")
    quick = gloss(*args, cwd=root, timeout=300)
    assert quick.code == 0, quick.err
    assert index_files(site) == built
    edit(root / "content" / ARTICLE, "Scores fell.", f"Scores fell below the {WORD} baseline.")
    assert gloss("build", "--no-search", cwd=root, timeout=300).code == 0
    assert index_files(site) == built
    again = gloss("build", cwd=root, timeout=300)
    assert again.code == 0, again.err
    assert list(shards_holding(site, WORD).values()) == ["/agent-benchmarks/"]


def test_nothing_is_invented_where_there_was_no_index(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    assert gloss("build", "--no-search", cwd=tmp_path, timeout=300).code == 0
    assert (tmp_path / "site" / "search" / "index.html").is_file()
    assert not (tmp_path / "site" / "pagefind").exists()
