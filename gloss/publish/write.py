"""Stage 5, write: the only stage that touches the output folder.

The new site is written into a fresh sibling folder and then swapped in
(an atomic ``renameat2(RENAME_EXCHANGE)`` on Linux), so readers and a
failed build only ever see a complete site. A file whose bytes did not change
is carried over as a hard link to the old one, keeping its mtime, so rsync
and object-storage deploys move only what changed. A build killed mid-write
(SIGKILL, a power cut) leaves at most its scratch folder behind, never a
mixed site/; the next build deletes such folders.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import shutil
import stat
import tempfile
from itertools import compress
from operator import is_not
from pathlib import Path

from gloss.core.output import Output
from gloss.publish.swap import LEFT_ALONE, mount_note, mounted, scratch_prefix, set_aside, staging, swap_in

__all__ = ["WriteRefused", "check_target", "claim", "mount_note", "remove_file", "remove_stale", "same_bytes"]
__all__ += ["set_aside", "swap_in", "update_site", "write_failure", "write_site"]


class WriteRefused(Exception):
    """The output folder is not one gloss may replace."""


def check_target(out: Path, protected: list[Path], sources: list[Path]) -> None:
    """Refuse to replace a folder that holds ``protected`` paths or is not a site,
    and to write inside ``sources`` (the next build would read the site back)."""
    out = out.resolve()
    for path in protected:
        if path.resolve().is_relative_to(out):
            raise WriteRefused(f"{out} contains {path}; choose another --out folder")
    for path in sources:
        if out.is_relative_to(path.resolve()):
            raise WriteRefused(f"{out} is inside {path}; choose an --out folder outside the sources")
    if out.exists() and (not out.is_dir() or (any(_held(out)) and not (out / "index.html").exists())):
        raise WriteRefused(f"{out} exists and does not look like a built site (no index.html); refusing to replace it")


def _held(out: Path) -> list[str]:
    """What ``out`` holds but a file system's ``lost+found`` and builds' scratch folders
    (inside a mount point)."""
    scratch = scratch_prefix(out)
    return [name for name in os.listdir(out) if name not in LEFT_ALONE and not name.startswith(scratch)]


def same_bytes(path: Path, data: bytes) -> os.stat_result | None:
    """``path``'s status when it is a regular file (not a symbolic link) holding
    ``data``, else None."""
    try:
        found = os.lstat(path)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data) or path.read_bytes() != data:
            return None
    except OSError:
        return None
    return found


def claim(folder: Path) -> int | None:
    """An exclusive lock on ``folder`` (held until its descriptor is closed, or the
    process dies), or None when another process holds it."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_stale(out: Path) -> list[Path]:
    """Delete the scratch folders (``.site.new-*``) that builds killed mid-write left
    next to ``out`` (or inside it, a mount point); a running build holds a lock on its
    own, which is kept."""
    out = Path(os.path.realpath(out))
    removed = []
    pattern = glob.escape(scratch_prefix(out)) + "*"
    inside = sorted(out.glob(pattern)) if out.is_dir() else []
    for folder in sorted(out.parent.glob(pattern)) + inside:
        fd = claim(folder) if folder.is_dir() and not folder.is_symlink() else None
        if fd is None:
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed


def remove_file(out: Path, path: str) -> None:
    """Delete ``out/path`` and the folders its removal empties."""
    target = out / path
    if target.is_file() or target.is_symlink():
        target.unlink()
    for parent in target.parents:
        if parent == out or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()


def write_site(outputs: list[Output], out: Path, reuse: bool = True) -> int:
    """Write ``outputs`` as the new ``out`` folder; return how many files changed.

    ``reuse=False`` writes every file anew (``build --clean``). The scratch folder is
    locked while this runs, so that the next build can tell it from one a killed
    build left (which it deletes)."""
    out = Path(os.path.realpath(out))  # a symlinked site/ is replaced where it points
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    fresh = Path(tempfile.mkdtemp(prefix=scratch_prefix(out), dir=staging(out)))
    lock = claim(fresh)
    changed = 0
    try:
        for item in outputs:
            dest = fresh / item.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            data = item.data if item.data is not None else Path(str(item.source)).read_bytes()
            old = out / item.path
            if reuse and same_bytes(old, data) is not None:
                os.link(old, dest)
            else:
                dest.write_bytes(data)
                changed += 1
        os.chmod(fresh, 0o755)
        swap_in(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)
    return changed


def _same_output(old: Output, new: Output) -> bool:
    if old is new:
        return True
    if new.data is not None:
        return old.data == new.data
    if old.source != new.source or new.source is None:
        return False
    return old.stamp == new.stamp


def _replace(out: Path, item: Output) -> None:
    dest = out / item.path
    dest.parent.mkdir(parents=True, exist_ok=True)
    data = item.data if item.data is not None else Path(str(item.source)).read_bytes()
    scratch = dest.with_name(f".{dest.name}.gloss-tmp")
    scratch.write_bytes(data)
    os.replace(scratch, dest)


def update_site(outputs: list[Output], out: Path, previous: list[Output]) -> tuple[list[str], list[str]]:
    """Bring an existing ``out`` (written from ``previous``) up to ``outputs`` in place:
    each changed file is replaced atomically, files no longer built are deleted.
    Returns (written, deleted) paths. For long-running processes; ``build`` swaps
    in a whole new folder instead."""
    out = Path(os.path.realpath(out))
    if len(outputs) == len(previous):  # the usual case: the same paths, a few outputs new
        differ = list(compress(range(len(outputs)), map(is_not, outputs, previous)))
        if all(outputs[i].path == previous[i].path for i in differ):
            changed = [outputs[i] for i in differ if not _same_output(previous[i], outputs[i])]
            for item in changed:
                _replace(out, item)
            return [item.path for item in changed], []
    before = {o.path: o for o in previous}
    written = []
    for item in outputs:
        old = before.get(item.path)
        if old is None or not _same_output(old, item):
            _replace(out, item)
            written.append(item.path)
    current = {o.path for o in outputs}
    deleted = sorted(p for p in before if p not in current)
    for path in deleted:
        remove_file(out, path)
    return written, deleted


def write_failure(out: Path, exc: OSError) -> str:
    """One line for a build that could not write ``out`` (disk full, a read-only
    folder, no permission); by then ``write_site`` has removed its scratch folder and
    the previous site is as it was."""
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    place = Path(os.path.realpath(out)).parent
    failed = Path(os.path.realpath(exc.filename)) if isinstance(exc.filename, str) else None
    if failed is not None and failed != place and place not in failed.parents:  # a source file, not the output
        return f"cannot read {exc.filename}: {reason}; the site in {out}/ was left as it was"
    if exc.errno in (errno.EXDEV, errno.EBUSY) and mounted(Path(os.path.realpath(out))):
        return (
            f"cannot write {out}/: {reason}: {out}/ is a mount point, which cannot be replaced by another "
            f"folder; mount its parent folder instead, or pass --out to a folder inside the mount; the site "
            "there was left as it was"
        )
    return f"cannot write {out}/: {reason}; the site there was left as it was"
