"""A build that cannot write its site (disk full, a read-only folder, no
permission) says so in one line naming the folder, exits 1 without a
traceback, leaves the previous site exactly as it was and no scratch folder
behind, and the cache stays good: the next build, with room again, succeeds
and gives the same site as a build without any cache.

The disk is a real small tmpfs, the read-only folder a tmpfs remounted
read-only, the permissions a folder without write permission (as root, run
without the capability that lets root ignore them): the
tests run as root in CI and are skipped, with the reason, where mounting or
dropping capabilities is not allowed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, fill, gloss, tree

ONE_LINE = "the site there was left as it was"


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs, unmounted afterwards."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (the CI runs the tests as root)")
    mounted = _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt))
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here: {mounted.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _site(tmp_path: Path, out: Path) -> tuple[Path, dict[str, bytes]]:
    """The small fixture site's content, built once into ``out``; the content and what ``out`` holds."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    first = gloss("build", "--content", content, "--out", out, "--no-search", cwd=tmp_path)
    assert first.code == 0, first.err
    return content, tree(out)


def _assert_refused(run_err: str, code: int, out: Path, before: dict[str, bytes], reason: str) -> None:
    lines = run_err.strip().splitlines()
    assert code == 1, run_err
    assert len(lines) == 1 and "Traceback" not in run_err, run_err
    assert lines[0].startswith(f"gloss build: cannot write {out}/: {reason}") and ONE_LINE in lines[0], lines[0]
    assert tree(out) == before, "the previous site changed"
    assert not list(out.parent.glob(f".{out.name}.new-*")), "a scratch folder was left behind"


def _assert_cache_good(tmp_path: Path, content: Path, out: Path) -> None:
    """With room again, the cached build succeeds and equals a build without a cache."""
    again = gloss("build", "--content", content, "--out", out, "--no-search", cwd=tmp_path)
    assert again.code == 0, again.err
    fresh = tmp_path / "fresh"
    clean = gloss("build", "--content", content, "--out", fresh, "--no-search", "--no-cache", cwd=tmp_path)
    assert clean.code == 0, clean.err
    assert tree(out) == tree(fresh)


def test_disk_full(tmp_path: Path, disk: Path) -> None:
    out = disk / "site"
    content, before = _site(tmp_path, out)
    with (content / "2026" / "03" / "open-weights-audit" / "notes.yaml").open("a", encoding="utf-8") as notes:
        notes.write("# edited since the last build\n")
    fill(disk / "filler")  # the disk full to the last byte
    full = gloss("build", "--content", content, "--out", out, "--no-search", "--clean", cwd=tmp_path)
    _assert_refused(full.err, full.code, out, before, "No space left on device")
    (disk / "filler").unlink()
    _assert_cache_good(tmp_path, content, out)


def test_read_only_folder(tmp_path: Path, disk: Path) -> None:
    out = disk / "site"
    content, before = _site(tmp_path, out)
    remounted = _mount("-o", "remount,ro", str(disk))
    if remounted.returncode != 0:
        pytest.skip(f"remounting read-only is not allowed here: {remounted.stderr.strip()}")
    refused = gloss("build", "--content", content, "--out", out, "--no-search", "--clean", cwd=tmp_path)
    _assert_refused(refused.err, refused.code, out, before, "Read-only file system")
    assert _mount("-o", "remount,rw", str(disk)).returncode == 0
    _assert_cache_good(tmp_path, content, out)


def test_no_permission(tmp_path: Path) -> None:
    """The site's parent folder is made read-only with chmod; as root the build runs
    without the capability that lets root ignore permissions."""
    top = Path(tempfile.mkdtemp(prefix="gloss-perm-"))  # (pytest's tmp_path is private to root)
    try:
        os.chmod(top, 0o755)
        out = top / "public" / "site"
        content, before = _site(top, out)
        for path in (content, *content.rglob("*")):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        command = [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
            "--no-search",
            "--clean",
        ]
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("dropping root's power over permissions needs setpriv")
            # root without CAP_DAC_OVERRIDE obeys the mode bits, and still reads the
            # interpreter's packages (user nobody cannot, where they live under /root)
            command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
        os.chmod(out.parent, 0o555)
        proc = subprocess.run(command, capture_output=True, text=True, cwd=top, timeout=120)
        os.chmod(out.parent, 0o755)
        if "Operation not permitted" in proc.stderr and "setpriv" in proc.stderr:
            pytest.skip(f"changing user is not allowed here: {proc.stderr.strip()}")
        _assert_refused(proc.stderr, proc.returncode, out, before, "Permission denied")
        _assert_cache_good(top, content, out)
    finally:
        shutil.rmtree(top, ignore_errors=True)
