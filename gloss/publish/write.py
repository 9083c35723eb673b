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

import ctypes
import ctypes.util
import fcntl
import glob
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterable
from itertools import compress
from operator import is_not
from pathlib import Path

from gloss.core.output import Output

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


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
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "index.html").exists())):
        raise WriteRefused(f"{out} exists and does not look like a built site (no index.html); refusing to replace it")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return (
            path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
        )
    except OSError:
        return False


def _claim(folder: Path) -> int | None:
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
    next to ``out``; a running build holds a lock on its own, which is kept."""
    out = Path(os.path.realpath(out))
    removed = []
    for folder in sorted(out.parent.glob(f".{glob.escape(out.name)}.new-*")):
        fd = _claim(folder) if folder.is_dir() and not folder.is_symlink() else None
        if fd is None:
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed


class Scratch:
    """A new ``out`` folder written file by file, then swapped in whole (``commit``);
    ``abort`` (or an exception inside ``with``) removes it and leaves ``out`` as it
    was. Built for a streamed build: pages are put as they are rendered and dropped,
    pages that did not change are kept from the old site as hard links. Forked
    workers may ``put`` into it too (it holds nothing but paths)."""

    def __init__(self, out: Path, reuse: bool = True, at: Path | None = None) -> None:
        self.out = Path(os.path.realpath(out))  # a symlinked site/ is replaced where it points
        self.reuse = reuse
        self.linking = at is None  # elsewhere (``check``): kept files stay where they are, never linked
        if at is None:  # beside ``out``, to be swapped in
            self.out.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(self.out)
        self.fresh = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=at or self.out.parent))
        self.lock = _claim(self.fresh)
        self.done = False
        self.folders: set[str] = set()  # folders of the new site this process made (or found) already

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.done:
            self.abort()

    def _dest(self, path: str) -> Path:
        dest = self.fresh / path
        folder = path.rpartition("/")[0]
        if folder not in self.folders:  # (one mkdir per folder, not per file: 22,000 files at 10k articles)
            dest.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        return dest

    def put(self, path: str, data: bytes) -> bool:
        """Write ``data`` at ``path``; an unchanged file is linked from the old site.
        Returns whether the file changed."""
        dest, old = self._dest(path), self.out / path
        if self.reuse and _same_bytes(old, data):
            os.link(old, dest)
            return False
        dest.write_bytes(data)
        return True

    def copy(self, path: str, source: str) -> bool:
        return self.put(path, Path(source).read_bytes())

    def keep(self, path: str, size: int, mtime: int) -> bool:
        """Link the old site's ``path`` into the new one when it is still the file a
        previous build wrote (its size and modification second); False when not."""
        if not self.unchanged(path, size, mtime):
            return False
        if self.linking:
            os.link(self.out / path, self._dest(path))
        return True

    def unchanged(self, path: str, size: int, mtime: int) -> bool:
        """Whether the old site's ``path`` may be kept: still the file a previous build
        wrote (``keep`` without linking it)."""
        if not self.reuse:
            return False
        try:
            st = os.lstat(self.out / path)
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and st.st_size == size and int(st.st_mtime) == mtime

    def read(self, path: str) -> bytes:
        """A file of the new site, as written so far (a kept one read where it is, when
        this scratch folder is only looked at)."""
        try:
            return (self.fresh / path).read_bytes()
        except FileNotFoundError:
            if self.linking:
                raise
            return (self.out / path).read_bytes()

    def stamp(self, path: str) -> tuple[int, int, bool]:
        """(size, modification second) of a file of the new site, for ``keep`` next time,
        and whether it was written anew (not linked from the old site)."""
        st = os.lstat(self.fresh / path)
        return st.st_size, int(st.st_mtime), st.st_nlink == 1

    def commit(self) -> None:
        """Swap the new folder in as ``out``."""
        try:
            os.chmod(self.fresh, 0o755)
            _swap_in(self.fresh, self.out)
            self.done = True
        finally:
            self._unlock()

    def abort(self) -> None:
        shutil.rmtree(self.fresh, ignore_errors=True)
        self.done = True
        self._unlock()

    def _unlock(self) -> None:
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


class InPlace(Scratch):
    """An existing ``out`` folder brought up to date file by file, for a long-running
    process (``serve``, ``build --watch``): the files that changed are staged in a
    scratch folder beside it and moved in at ``commit`` (each atomically), and the
    files of ``previous`` no longer made are deleted; ``abort`` leaves ``out`` as it
    was. Kept files are neither linked nor touched."""

    def __init__(self, out: Path, previous: Iterable[str]) -> None:
        super().__init__(out)
        self.previous = frozenset(previous)
        self.linking = False  # kept files stay where they are

    def put(self, path: str, data: bytes) -> bool:
        if _same_bytes(self.out / path, data):
            return False
        self._dest(path).write_bytes(data)
        return True

    def stamp(self, path: str) -> tuple[int, int, bool]:
        try:
            st, fresh = os.lstat(self.fresh / path), True
        except FileNotFoundError:
            st, fresh = os.lstat(self.out / path), False
        return st.st_size, int(st.st_mtime), fresh

    def commit_files(self, now: Collection[str]) -> tuple[list[str], list[str]]:
        """Move the staged files in and delete those of ``previous`` not in ``now``;
        (written, deleted) paths."""
        written = []
        try:
            for root, _dirs, names in os.walk(self.fresh):
                for name in names:
                    staged = Path(root) / name
                    path = staged.relative_to(self.fresh).as_posix()
                    dest = self.out / path
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staged, dest)
                    written.append(path)
            deleted = sorted(self.previous.difference(now))
            for path in deleted:
                _remove(self.out, path)
        finally:
            self.abort()
        return sorted(written), deleted

    def commit(self) -> None:  # pragma: no cover - the folder is updated by ``commit_files``
        raise TypeError("InPlace.commit_files updates the folder")


def _remove(out: Path, path: str) -> None:
    """Delete ``out/path`` and the folders its removal empties."""
    target = out / path
    if target.is_file() or target.is_symlink():
        target.unlink()
    for parent in target.parents:
        if parent == out or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()


def _swap_in(fresh: Path, out: Path) -> None:
    if not out.exists():
        os.rename(fresh, out)
    elif _exchange(fresh, out):
        shutil.rmtree(fresh, ignore_errors=True)  # now holds the previous site
    else:  # pragma: no cover - non-Linux fallback, not atomic
        stale = out.with_name(f".{out.name}.old")
        shutil.rmtree(stale, ignore_errors=True)
        os.rename(out, stale)
        os.rename(fresh, out)
        shutil.rmtree(stale)


def write_site(outputs: list[Output], out: Path, reuse: bool = True) -> int:
    """Write ``outputs`` as the new ``out`` folder; return how many files changed.

    ``reuse=False`` writes every file anew (``build --clean``). The scratch folder is
    locked while this runs, so that the next build can tell it from one a killed
    build left (which it deletes)."""
    out = Path(os.path.realpath(out))  # a symlinked site/ is replaced where it points
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    lock = _claim(fresh)
    changed = 0
    try:
        for item in outputs:
            dest = fresh / item.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            data = item.data if item.data is not None else Path(str(item.source)).read_bytes()
            old = out / item.path
            if reuse and _same_bytes(old, data):
                os.link(old, dest)
            else:
                dest.write_bytes(data)
                changed += 1
        os.chmod(fresh, 0o755)
        _swap_in(fresh, out)
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
        _remove(out, path)
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
    return f"cannot write {out}/: {reason}; the site there was left as it was"
