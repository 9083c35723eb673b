"""The folder a build writes its new site into, file by file, swapped in whole.

A build starts from the site the build before it replaced. The swap sets that
site aside beside the output folder (``.site.prev``) instead of deleting it, and
most of its files are hard links to the current site's: keeping an unchanged page
then costs two ``lstat``s, not a folder made and a link, and no old site is
deleted file by file at the end. Nothing about the folder it starts from is
trusted: each file of the new site is either written by this build or the very
file (same inode) of the current site, and whatever else is there is deleted
before the swap. Taken, the folder is renamed to a scratch folder's name first,
so a build killed while writing leaves a scratch folder, which the next build
deletes. Without one (the first builds, another build using it, ``check``) the
new site starts from an empty folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from gloss.publish.swap import scratch_prefix, set_aside, staging, swap_in
from gloss.publish.write import claim, remove_file, remove_stale, same_bytes


def previous_site(out: Path) -> Path:
    """Where the site a build replaced is set aside, for the next build to start from."""
    return out.with_name(f".{out.name}.prev")


class Scratch:
    """A new ``out`` folder written file by file, then swapped in whole (``commit``);
    ``abort`` (or an exception inside ``with``) leaves ``out`` as it was. Built for a
    streamed build: pages are put as they are rendered and dropped, pages that did not
    change are kept from the old site as hard links. Forked workers may ``put`` into
    it too (it holds nothing but paths)."""

    def __init__(self, out: Path, reuse: bool = True, at: Path | None = None, restart: bool = True) -> None:
        """``at``: a folder to write into that is only looked at (``check``), never
        swapped in; ``restart``: start from the previous site where there is one."""
        self.out = Path(os.path.realpath(out))  # a symlinked site/ is replaced where it points
        self.under = str(self.out) + os.sep  # (paths made as strings: 20,000 kept files at 10k articles)
        self.reuse = reuse
        self.linking = at is None  # elsewhere (``check``): kept files stay where they are, never linked
        self.restarted = False  # started from the previous site: its files may be in the way
        self.lock: int | None = None
        place = at
        if at is None:  # beside ``out`` (inside it, a mount point), to be swapped in
            self.out.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(self.out)
            place = staging(self.out)
            if restart and place != self.out:
                self._take_previous()
        if not self.restarted:
            self.fresh = Path(tempfile.mkdtemp(prefix=scratch_prefix(self.out), dir=place))
            self.lock = claim(self.fresh)
        self.done = False

    def _take_previous(self) -> None:
        """Take the previous site as this build's scratch folder: locked, then renamed."""
        previous = previous_site(self.out)
        try:
            info = os.lstat(previous)
        except OSError:
            return
        if not stat.S_ISDIR(info.st_mode) or info.st_dev != os.stat(self.out.parent).st_dev:
            return
        lock = claim(previous)  # (before the rename: another build's ``remove_stale`` skips it)
        if lock is None:
            return
        fresh = self.out.with_name(f".{self.out.name}.new-{secrets.token_hex(8)}")
        try:
            os.rename(previous, fresh)
        except OSError:
            os.close(lock)
            return
        self.fresh, self.lock, self.restarted = fresh, lock, True

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.done:
            self.abort()

    def put(self, path: str, data: bytes) -> bool:
        """Write ``data`` at ``path``; an unchanged file is linked from the old site.
        Returns whether the file changed."""
        if self.reuse:
            found = same_bytes(self.out / path, data)
            if found is not None:
                self._link(path, found)
                return False
        self._write(path, data)
        return True

    def copy(self, path: str, source: str) -> bool:
        return self.put(path, Path(source).read_bytes())

    def keep(self, path: str, size: int, mtime: int) -> bool:
        """Link the old site's ``path`` into the new one when it is still the file a
        previous build wrote (its size and modification second); False when not."""
        found = self._unchanged(path, size, mtime)
        if found is None:
            return False
        if self.linking:
            self._link(path, found)
        return True

    def unchanged(self, path: str, size: int, mtime: int) -> bool:
        """Whether the old site's ``path`` may be kept: still the file a previous build
        wrote (``keep`` without linking it)."""
        return self._unchanged(path, size, mtime) is not None

    def present(self, folder: str) -> Iterator[tuple[str, int, int]]:
        """The current site's regular files under ``folder`` (a path ending in "/"), as
        (path, size, modification second), whatever made them; symbolic links are neither
        listed nor followed. Nothing when the build may not keep files (``--clean``)."""
        top = self.under + folder
        try:
            if not self.reuse or not stat.S_ISDIR(os.lstat(top.rstrip("/")).st_mode):
                return
        except OSError:
            return
        for root, dirs, names in os.walk(top):
            dirs.sort()
            under = folder + "".join(part + "/" for part in os.path.relpath(root, top).split(os.sep) if part != ".")
            for name in sorted(names):
                try:
                    found = os.lstat(os.path.join(root, name))
                except OSError:
                    continue
                if stat.S_ISREG(found.st_mode):
                    yield under + name, found.st_size, int(found.st_mtime)

    def _unchanged(self, path: str, size: int, mtime: int) -> os.stat_result | None:
        if not self.reuse:
            return None
        try:
            found = os.lstat(self.under + path)
        except OSError:
            return None
        if stat.S_ISREG(found.st_mode) and found.st_size == size and int(found.st_mtime) == mtime:
            return found
        return None

    def _link(self, path: str, old: os.stat_result) -> None:
        """Make ``path`` the old site's file ``old`` (already so, in a restarted folder
        where the build before kept it too)."""
        dest = f"{self.fresh}{os.sep}{path}"
        if self.restarted:
            try:
                there = os.lstat(dest)
            except OSError:
                pass
            else:
                if there.st_ino == old.st_ino and there.st_dev == old.st_dev:
                    return
                _clear(Path(dest))
        try:
            os.link(self.under + path, dest)
        except FileNotFoundError:
            _make_folders(self.fresh, path)
            os.link(self.under + path, dest)

    def _write(self, path: str, data: bytes) -> None:
        dest = self.fresh / path
        if self.restarted:
            _clear(dest)  # (never written through: it may be a link to the current site's file)
        try:
            dest.write_bytes(data)
        except (FileNotFoundError, NotADirectoryError):
            _make_folders(self.fresh, path)
            dest.write_bytes(data)

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

    def commit(self, files: Collection[str]) -> None:
        """Swap the new folder in as ``out``; ``files``: every file of the new site (what
        else a restarted folder holds is deleted first)."""
        try:
            if self.restarted:
                _prune(str(self.fresh), "", files if isinstance(files, (set, frozenset, dict)) else set(files))
            os.chmod(self.fresh, 0o755)
            swap_in(self.fresh, self.out, previous_site(self.out))
            self.done = True
        finally:
            self._unlock()

    def abort(self) -> None:
        """Leave ``out`` as it was; a restarted folder goes back to where it was taken
        from (whatever this build wrote into it, it is a place to start from)."""
        if not self.restarted or not set_aside(self.fresh, previous_site(self.out)):
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
        super().__init__(out, restart=False)
        self.previous = frozenset(previous)
        self.linking = False  # kept files stay where they are

    def put(self, path: str, data: bytes) -> bool:
        if same_bytes(self.out / path, data) is not None:
            return False
        self._write(path, data)
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
                remove_file(self.out, path)
        finally:
            self.abort()
        return sorted(written), deleted

    def commit(self, files: Collection[str] = ()) -> None:  # pragma: no cover - see ``commit_files``
        raise TypeError("InPlace.commit_files updates the folder")


def _clear(dest: Path) -> None:
    """Delete what a restarted folder holds at ``dest``: a file, or a folder where the
    new site has a file."""
    try:
        os.unlink(dest)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except IsADirectoryError:
        shutil.rmtree(dest)
    except PermissionError:
        if not os.path.isdir(dest) or os.path.islink(dest):
            raise
        shutil.rmtree(dest)


def _make_folders(root: Path, path: str) -> None:
    """The folders ``path`` needs under ``root``; a file in their way (in a restarted
    folder, where the new site has a folder) is deleted."""
    folder = root
    for part in path.split("/")[:-1]:
        folder = folder / part
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                os.unlink(folder)
                os.mkdir(folder)


def _prune(folder: str, under: str, keep: Collection[str]) -> bool:
    """Delete every file under ``folder`` whose path (``under`` + its name) is not in
    ``keep``, and the folders that leaves empty; whether ``folder`` is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            path = under + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, path + "/", keep):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif path in keep:
                empty = False
            else:
                os.unlink(entry.path)
    return empty
