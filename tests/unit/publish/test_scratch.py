"""The scratch folder a build writes into: started from the site the build before
replaced (set aside, not deleted), whatever that folder holds; the current site is
never written through a hard link, and only a commit changes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gloss.publish.scratch import Scratch, previous_site


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _site(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` as the site in ``out`` through a scratch folder, as a build does."""
    with Scratch(out) as scratch:
        for path, data in files.items():
            scratch.put(path, data)
        scratch.commit(set(files))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A site built twice: the second build set the first one aside."""
    site = tmp_path / "site"
    _site(site, {"index.html": b"home 1", "a/index.html": b"a", "b/index.html": b"b 1"})
    _site(site, {"index.html": b"home 2", "a/index.html": b"a", "b/index.html": b"b 1"})
    return site


def test_the_replaced_site_is_set_aside_for_the_next_build(out: Path) -> None:
    previous = previous_site(out)
    assert _files(previous) == {"index.html": b"home 1", "a/index.html": b"a", "b/index.html": b"b 1"}
    assert (previous / "a/index.html").stat().st_ino == (out / "a/index.html").stat().st_ino
    assert not list(out.parent.glob(".site.new-*"))


def test_a_build_starts_from_it_and_keeps_files_where_they_are(out: Path) -> None:
    kept = (out / "a/index.html").stat()
    with Scratch(out) as scratch:
        assert scratch.restarted and not previous_site(out).exists()
        info = os.lstat(out / "a/index.html")
        assert scratch.keep("a/index.html", info.st_size, int(info.st_mtime))
        scratch.put("index.html", b"home 3")
        scratch.put("b/index.html", b"b 1")
        scratch.commit({"index.html", "a/index.html", "b/index.html"})
    assert _files(out) == {"index.html": b"home 3", "a/index.html": b"a", "b/index.html": b"b 1"}
    assert (out / "a/index.html").stat().st_ino == kept.st_ino
    assert _files(previous_site(out))["index.html"] == b"home 2"


def test_the_current_site_is_never_written_through_a_link(out: Path) -> None:
    """The set-aside site shares most files with the current one (hard links): a
    changed file is written as a new file, and the current site stays as it was
    until the commit."""
    with Scratch(out) as scratch:
        assert scratch.restarted
        scratch.put("a/index.html", b"a changed")
        assert (out / "a/index.html").read_bytes() == b"a"
        scratch.put("index.html", b"home 3")
        scratch.put("b/index.html", b"b 1")
        scratch.commit({"index.html", "a/index.html", "b/index.html"})
    assert (out / "a/index.html").read_bytes() == b"a changed"
    assert (previous_site(out) / "a/index.html").read_bytes() == b"a"


def test_whatever_the_folder_holds_the_new_site_is_exact(out: Path) -> None:
    previous = previous_site(out)
    (previous / "stale.html").write_bytes(b"a page no longer made")
    (previous / "c").write_bytes(b"a file where the new site has a folder")
    (previous / "feed.xml").mkdir()  # a folder where the new site has a file
    (previous / "feed.xml" / "x").write_bytes(b"x")
    (previous / "deep/er").mkdir(parents=True)
    os.unlink(previous / "b/index.html")
    (previous / "b/index.html").write_bytes(b"b 1")  # the same bytes in another file
    new = {"index.html": b"home 2", "a/index.html": b"a", "b/index.html": b"b 1", "c/index.html": b"c"}
    new["feed.xml"] = b"f"
    _site(out, new)
    assert _files(out) == new
    assert sorted(p.name for p in out.rglob("*") if p.is_dir()) == ["a", "b", "c"]
    assert (out / "b/index.html").stat().st_nlink == 2  # the current site's file, linked


def test_an_aborted_build_leaves_the_site_and_puts_the_folder_back(out: Path) -> None:
    before = _files(out)
    with pytest.raises(RuntimeError), Scratch(out) as scratch:
        scratch.put("index.html", b"half a build")
        raise RuntimeError("a template error")
    assert _files(out) == before
    assert previous_site(out).is_dir() and not list(out.parent.glob(".site.new-*"))
    _site(out, {"index.html": b"home 3"})  # the next build starts from it
    assert _files(out) == {"index.html": b"home 3"}


def test_a_build_that_does_not_start_from_it_leaves_it(out: Path) -> None:
    with Scratch(out, restart=False) as scratch:
        assert not scratch.restarted
        scratch.put("index.html", b"home 3")
        scratch.commit({"index.html"})
    assert _files(out) == {"index.html": b"home 3"}
    assert _files(previous_site(out))["index.html"] == b"home 1"  # (its place was taken: the old site is deleted)


def test_the_current_sites_files_under_a_folder_are_listed_not_through_links(out: Path, tmp_path: Path) -> None:
    """``present``: what a build without the search index keeps of ``pagefind/`` when no
    record says what is there; regular files only, no symbolic link followed."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret").write_bytes(b"not the site's")
    (out / "pagefind" / "shards" / "en").mkdir(parents=True)
    (out / "pagefind" / "shards.json").write_bytes(b"[]")
    (out / "pagefind" / "shards" / "en" / "pagefind.js").write_bytes(b"js")
    (out / "pagefind" / "shards" / "link").symlink_to(tmp_path / "elsewhere")
    (out / "pagefind" / "leak").symlink_to(tmp_path / "elsewhere" / "secret")
    with Scratch(out) as scratch:
        found = list(scratch.present("pagefind/"))
        assert [path for path, _, _ in found] == ["pagefind/shards.json", "pagefind/shards/en/pagefind.js"]
        assert found[0][1:] == (2, int((out / "pagefind" / "shards.json").stat().st_mtime))
        assert list(scratch.present("a/")) == [("a/index.html", 1, int((out / "a/index.html").stat().st_mtime))]
        assert not list(scratch.present("none/"))
    (out / "linked").symlink_to(out / "pagefind")
    with Scratch(out) as scratch:
        assert not list(scratch.present("linked/"))
    with Scratch(out, reuse=False) as scratch:  # --clean keeps nothing
        assert not list(scratch.present("pagefind/"))
