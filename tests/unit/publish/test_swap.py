"""The swap of a new site for the old one where the output folder is a mount point
(a Docker volume mounted at site/): the scratch folder made inside it, its entries
swapped in one by one, and on a failure swapped back. Real folders, the mount pretended
(``swap.mounted``); tests/e2e/test_mount_point.py mounts for real."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gloss.publish import swap
from gloss.publish.scratch import Scratch, previous_site
from gloss.publish.swap import mount_points, swap_entries


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)


OLD = {"index.html": "首页 1".encode(), "记事/index.html": b"a", "old/index.html": b"gone", "feed.xml": b"f"}
NEW = {"index.html": "首页 2".encode(), "记事/index.html": b"a", "新/index.html": "新しい".encode(), "tags/x": b"t"}


@pytest.fixture
def mount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built site in a folder taken for a mount point."""
    out = tmp_path / "site"
    out.mkdir()
    _write(out, OLD)
    (out / "lost+found").mkdir()
    real = swap.mounted
    monkeypatch.setattr(swap, "mounted", lambda folder: folder == out or real(folder))
    return out


def test_a_build_into_a_mount_point_writes_inside_it_and_swaps_the_entries(mount: Path) -> None:
    before = os.stat(mount)
    with Scratch(mount) as scratch:
        assert scratch.fresh.parent == mount  # (on the mount's file system)
        for path, data in NEW.items():
            scratch.put(path, data)
        scratch.commit(set(NEW))
    assert _files(mount) == NEW
    assert sorted(os.listdir(mount)) == sorted(["index.html", "记事", "新", "tags", "lost+found"])
    after = os.stat(mount)
    assert (after.st_ino, after.st_dev) == (before.st_ino, before.st_dev)  # the same folder, never replaced
    assert not os.path.lexists(previous_site(mount))  # (beside a mount: another file system)


def test_a_kept_file_stays_the_same_file(mount: Path) -> None:
    inode = os.stat(mount / "记事/index.html").st_ino
    with Scratch(mount) as scratch:
        assert not scratch.put("记事/index.html", b"a")
        scratch.put("index.html", b"x")
        scratch.commit({"记事/index.html", "index.html"})
    assert os.stat(mount / "记事/index.html").st_ino == inode and _files(mount)["index.html"] == b"x"


def test_an_aborted_build_leaves_the_mount_as_it_was(mount: Path) -> None:
    with Scratch(mount) as scratch:
        scratch.put("index.html", b"half")
        scratch.abort()
    assert _files(mount) == OLD and sorted(os.listdir(mount)) == sorted(
        ["index.html", "记事", "old", "feed.xml", "lost+found"]
    )


@pytest.mark.parametrize("fail_at", [0, 1, 3, 5])
def test_a_failure_while_swapping_swaps_back_what_was_swapped(
    mount: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    fresh = mount / ".site.new-test"
    fresh.mkdir()
    _write(fresh, NEW)
    calls = {"n": 0}
    rename, exchange = os.rename, swap.exchange

    def counted(step: object, *args: object) -> object:
        calls["n"] += 1
        if calls["n"] == fail_at + 1:
            raise OSError(5, "Input/output error")
        return step(*args)  # type: ignore[operator]

    monkeypatch.setattr(swap.os, "rename", lambda a, b: counted(rename, a, b))
    monkeypatch.setattr(swap, "exchange", lambda a, b: counted(exchange, a, b))
    with pytest.raises(OSError, match="Input/output error"):
        swap_entries(fresh, mount)
    monkeypatch.undo()
    assert _files(mount / ".site.new-test") == NEW
    assert {k: v for k, v in _files(mount).items() if not k.startswith(".site.new-")} == OLD


def test_mount_points_are_read_with_their_escapes() -> None:
    info = (
        "36 35 98:0 / /srv/digest\\040site rw,noatime master:1 - ext3 /dev/root rw\n"
        "37 35 98:0 /site /srv/ダイジェスト/site rw - ext4 /dev/sda1 rw\n"
        "38 35 98:0 /x /srv/back\\134slash rw - ext4 /dev/sda1 rw\n"
    ).encode()
    assert mount_points(info) == {"/srv/digest site", "/srv/ダイジェスト/site", "/srv/back\\slash"}
