"""``cache.hash_tree``: a folder's files as a bundle's key and the theme's key see
them — names and the bytes asked for, links as their targets, never followed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from gloss.core.cache import hash_tree


def _key(folder: Path, read: Callable[[str], bool] = lambda path: True) -> str:
    h = hashlib.blake2b(digest_size=20)
    hash_tree(h, str(folder), read)
    return h.hexdigest()


def test_what_the_key_sees_and_what_it_does_not(tmp_path: Path) -> None:
    bundle = tmp_path / "推理成本"
    (bundle / "img" / "deep").mkdir(parents=True)
    (bundle / "index.md").write_text("# 推理成本\n", "utf-8")
    (bundle / "img" / "chart.png").write_bytes(b"\x89PNG one")
    (bundle / "img" / "deep" / "a.txt").write_text("a", "utf-8")

    def sources(path: str) -> bool:
        return path == "index.md"

    first = _key(bundle, sources)
    assert _key(bundle, sources) == first
    (bundle / "img" / "chart.png").write_bytes(b"\x89PNG two")  # an asset's bytes: not read
    assert _key(bundle, sources) == first
    assert _key(bundle) != _key(bundle, sources)  # (read when asked)
    (bundle / "index.md").write_text("# 推理成本が半分に\n", "utf-8")
    edited = _key(bundle, sources)
    assert edited != first
    (bundle / "img" / "deep" / "a.txt").rename(bundle / "img" / "deep" / "b.txt")
    renamed = _key(bundle, sources)
    assert renamed != edited


def test_links_are_their_targets_names_and_never_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "big.bin").write_bytes(b"x")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    os.symlink(elsewhere, bundle / "data")
    os.mkfifo(bundle / "pipe")  # (never opened: reading it would block)
    first = _key(bundle)
    (elsewhere / "big.bin").write_bytes(b"changed")
    assert _key(bundle) == first
    (bundle / "data").unlink()
    os.symlink(tmp_path, bundle / "data")
    assert _key(bundle) != first


def test_a_folders_files_come_before_its_sub_folders_in_name_order(tmp_path: Path) -> None:
    seen: list[str] = []

    class Recorder:
        def update(self, data: bytes) -> None:
            if data.startswith(b"\0file\0"):
                seen.append(data[6:-1].decode())

    for path in ("b/x", "a/y", "z", "c"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(path, "utf-8")
    hash_tree(Recorder(), str(tmp_path))
    assert seen == ["c", "z", os.path.join("a", "y"), os.path.join("b", "x")]
