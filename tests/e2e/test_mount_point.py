"""An output folder that is a mount point (a Docker volume mounted at site/; found by a
new user: every build failed with "Invalid cross-device link"). It cannot be renamed nor
replaced by another folder, so the build writes its scratch folder inside it and swaps
the entries in one by one, and says so; the mount stays, the previous site stays as it
was on a failure, no scratch folder is left. Real mounts (a tmpfs, as a volume is, and a
bind mount of the folder on itself, on the same file system); the tests run as root in
CI and are skipped, with the reason, where mounting is not allowed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, edit, fill, gloss, tree

from gloss.preview.watch import Rebuilder
from gloss.site.pipeline import Options

AUDIT = "2026/03/open-weights-audit"
CJK = "2026/03/推理成本"


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture(params=["tmpfs", "bind"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """An output folder that is a mount point: a tmpfs (another file system, as a volume),
    or the folder bound on itself (the same file system), unmounted afterwards."""
    out = tmp_path / "public" / "site"
    out.mkdir(parents=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting needs root (the CI runs the tests as root)")
    args = (
        ["-t", "tmpfs", "-o", "size=16m", "tmpfs", str(out)]
        if request.param == "tmpfs"
        else ["--bind", str(out), str(out)]
    )
    mounted = _mount(*args)
    if mounted.returncode != 0:
        pytest.skip(f"mounting is not allowed here: {mounted.stderr.strip()}")
    try:
        yield out
    finally:
        subprocess.run(["umount", "-l", str(out)], capture_output=True)


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    return content


def _no_scratch(out: Path) -> None:
    assert not [p.name for p in [*out.iterdir(), *out.parent.iterdir()] if ".new-" in p.name or ".prev" in p.name]


def test_builds_into_a_mount_point_swap_the_entries_in(tmp_path: Path, site: Path) -> None:
    content = _content(tmp_path)
    device = os.stat(site).st_dev
    first = gloss("build", "--content", content, "--out", site, "--no-search", cwd=tmp_path)
    assert first.code == 0, first.err
    assert "(a mount point: swapped in entry by entry, not at once)" in first.err
    edit(content / CJK / "index.md", "推理", "推理(改)")
    edit(content / AUDIT / "index.md", "Nothing, yet.", "Little, yet.")
    second = gloss("build", "--content", content, "--out", site, "--no-search", cwd=tmp_path)
    assert second.code == 0, second.err
    assert os.path.ismount(site) or os.stat(site).st_dev == device  # still the mount
    assert "推理(改)" in (site / "推理成本" / "index.html").read_text(encoding="utf-8")
    assert "Little, yet." in (site / "open-weights-audit" / "index.html").read_text(encoding="utf-8")
    _no_scratch(site)
    clean = tmp_path / "clean"
    assert gloss("build", "--content", content, "--out", clean, "--no-search", "--no-cache", cwd=tmp_path).code == 0
    assert tree(site) == tree(clean)


def test_a_failed_build_leaves_the_mounted_site_as_it_was(tmp_path: Path, site: Path) -> None:
    content = _content(tmp_path)
    assert gloss("build", "--content", content, "--out", site, "--no-search", cwd=tmp_path).code == 0
    before = tree(site)
    edit(content / AUDIT / "notes.yaml", 'anchor: "#why"', 'anchor: "#whyy"')
    failed = gloss("build", "--content", content, "--out", site, "--no-search", "--clean", cwd=tmp_path)
    assert failed.code == 1 and "Traceback" not in failed.err
    assert tree(site) == before
    _no_scratch(site)
    if os.stat(site).st_dev == os.stat(site.parent).st_dev:
        return  # (the bind mount: the disk below is not to be filled)
    edit(content / AUDIT / "notes.yaml", 'anchor: "#whyy"', 'anchor: "#why"')
    fill(site / "filler")  # the volume full to the last byte
    full = gloss("build", "--content", content, "--out", site, "--no-search", "--clean", cwd=tmp_path)
    lines = full.err.strip().splitlines()
    assert full.code == 1 and len(lines) == 1 and "Traceback" not in full.err, full.err
    assert lines[0].startswith(f"gloss build: cannot write {site}/: No space left on device"), lines[0]
    assert lines[0].endswith("the site there was left as it was")
    (site / "filler").unlink()
    assert tree(site) == before
    _no_scratch(site)


def test_the_preview_updates_a_mounted_site(tmp_path: Path, site: Path) -> None:
    content = _content(tmp_path)
    rebuilder = Rebuilder(Options(content, tmp_path / "templates", search=False), site)
    assert rebuilder.build().ok
    edit(content / CJK / "index.md", "推理", "推理(改)")
    report = rebuilder.build(frozenset({content / CJK / "index.md"}))
    assert report.ok, report.diagnostics
    assert "推理(改)" in (site / "推理成本" / "index.html").read_text(encoding="utf-8")
    _no_scratch(site)
