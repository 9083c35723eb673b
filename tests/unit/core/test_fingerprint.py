"""The cache's fingerprint of the inputs, which decides that nothing changed: taken
from what the file system says of each file, never from its bytes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from gloss.core.cache import fingerprint, tree_state

SETTLED = 0.25  # seconds after which a file's times can tell a later write


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "2026/a").mkdir(parents=True)
    (folder / "2026/a/index.md").write_text("# 記事\n\n本文。\n", encoding="utf-8")
    (folder / "site.yaml").write_text("title: t\n", encoding="utf-8")
    time.sleep(SETTLED)
    return folder


def test_a_settled_folder_gives_the_same_fingerprint(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert fingerprint([folder], b"x") == fingerprint([folder], b"x")
    assert fingerprint([folder], b"x") != fingerprint([folder], b"y")


def test_a_rewrite_with_the_same_bytes_size_and_modification_time_is_seen(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    page = folder / "2026/a/index.md"
    before, info = fingerprint([folder], b""), page.stat()
    page.write_text("# 記事\n\n本文！\n", encoding="utf-8")  # (a tool that keeps the times)
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    time.sleep(SETTLED)
    assert page.stat().st_size == info.st_size and page.stat().st_mtime_ns == info.st_mtime_ns
    assert fingerprint([folder], b"") != before  # (its change time moved)


def test_a_file_and_its_name_are_part_of_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = fingerprint([folder], b"")
    (folder / "2026/a/index.md").rename(folder / "2026/a/索引.md")
    time.sleep(SETTLED)
    assert fingerprint([folder], b"") != before


def test_a_link_to_a_folder_counts_by_its_target_and_is_not_followed(tmp_path: Path) -> None:
    """(as in a bundle's key: the folder walk is the same)"""
    folder = _folder(tmp_path)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    os.symlink(tmp_path / "one", folder / "2026/a/data")
    time.sleep(SETTLED)
    before = fingerprint([folder], b"")
    (tmp_path / "one" / "big.bin").write_bytes(b"x")  # (behind the link: not looked at)
    time.sleep(SETTLED)
    assert fingerprint([folder], b"") == before
    (folder / "2026/a/data").unlink()
    os.symlink(tmp_path / "two", folder / "2026/a/data")
    time.sleep(SETTLED)
    assert fingerprint([folder], b"") != before


def test_a_file_written_just_now_makes_a_fingerprint_nothing_equals(tmp_path: Path) -> None:
    """A second write within the same clock tick could leave every time as it is."""
    folder = _folder(tmp_path)
    (folder / "site.yaml").write_text("title: u\n", encoding="utf-8")
    assert fingerprint([folder], b"") != fingerprint([folder], b"")
    time.sleep(SETTLED)
    assert fingerprint([folder], b"") == fingerprint([folder], b"")


def test_the_output_folders_state_lists_every_file_by_its_path(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert [path for path, *_ in tree_state(folder)] == ["site.yaml", "2026/a/index.md"]
