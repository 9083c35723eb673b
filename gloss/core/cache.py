"""The persistent cache: ``.gloss-cache/`` beside the content folder.

It keeps what a fresh process would otherwise compute again:

- each article's parse (``parse``), keyed by a hash of everything parsing
  reads: the article as loaded, the two parse settings, and the versions of
  gloss and of the libraries that shape its output;
- the search index (``search``), keyed by a hash of the pages it indexes;
- the last build (``builds``): a fingerprint of every input file and the
  output folder as that build left it, so that a build with nothing changed
  only checks and returns.

Entries are files written to a temporary name and renamed into place, each
``MAGIC + blake2b(payload) + payload``; an entry that is truncated, altered,
from another format or fails to unpickle is deleted and treated as missing,
never trusted. Entries of another gloss version never match, since the
version is part of every key.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from gloss import __version__

FOLDER = ".gloss-cache"
MAGIC = b"gloss-cache/1\n"
_DIGEST = 32
_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "Pygments", "Jinja2", "PyYAML", "pagefind", "rapidfuzz")


def folder_for(content: Path) -> Path:
    """Where the cache of ``content`` lives: beside it."""
    return Path(os.path.abspath(content)).parent / FOLDER


@lru_cache(maxsize=1)
def _own_code() -> str:
    """A hash of gloss's own code, so that a change between releases (a checkout of
    another commit) misses too."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _library_versions() -> tuple[str, ...]:
    """The installed versions of the libraries gloss's output depends on (looked up
    once per process: each lookup scans the installed distributions)."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return tuple(versions)


def salt() -> bytes:
    """What every key includes: gloss's version and code, and the versions of the
    libraries its output depends on (a change of any misses every entry)."""
    return "\n".join((f"gloss {__version__} {_own_code()}", *_library_versions())).encode()


def key(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=_DIGEST)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def pack(value: Any) -> bytes:
    payload = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload


def unpack(blob: bytes) -> Any:
    """The value in ``blob``; raises ``ValueError`` for anything but an intact entry."""
    head = len(MAGIC) + _DIGEST
    if len(blob) < head or not blob.startswith(MAGIC):
        raise ValueError("not a gloss cache entry of this format")
    payload = blob[head:]
    if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != blob[len(MAGIC) : head]:
        raise ValueError("damaged cache entry")
    try:
        return pickle.loads(zlib.decompress(payload))
    except Exception as exc:  # an intact entry that no longer unpickles (code moved): a miss
        raise ValueError(f"unreadable cache entry: {exc}") from exc


@dataclass(frozen=True)
class Store:
    """One kind of entry (a sub-folder of the cache), by key; ``check`` reads it only."""

    root: Path
    writable: bool = True
    under: Path | None = None  # a store read where this one has nothing, never written (``check``)

    def _path(self, name: str, root: Path | None = None) -> Path:
        return (root or self.root) / name[:2] / name

    def get(self, name: str) -> Any:
        """The value stored under ``name``, or None (missing, damaged or foreign)."""
        path = self._path(name)
        try:
            blob = path.read_bytes()
        except OSError:
            return self._get_under(name)
        try:
            return unpack(blob)
        except ValueError:
            if self.writable:
                path.unlink(missing_ok=True)
            return None

    def _get_under(self, name: str) -> Any:
        if self.under is None:
            return None
        try:
            return unpack(self._path(name, self.under).read_bytes())
        except (OSError, ValueError):
            return None

    def layer(self, name: str) -> Store:
        """The sub-store ``name`` of this one (with its read-only layer's, if any)."""
        return Store(self.root / name, self.writable, self.under / name if self.under else None)

    def put_packed(self, name: str, blob: bytes) -> None:
        """Store an entry made by ``pack``; a cache that cannot be written is no error."""
        path = self._path(name)
        if not self.writable:
            return
        try:
            try:
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            except FileNotFoundError:  # (the first entry of its folder: asking every time costs a call)
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except OSError:
            return

    def put(self, name: str, value: Any) -> None:
        self.put_packed(name, pack(value))

    def count(self) -> int:
        """How many entries there are."""
        return sum(len(_listdir(self.root / sub)) for sub in _listdir(self.root))

    def prune(self, keep: Iterable[str]) -> int:
        """Delete every entry not in ``keep`` (and temporary files a killed build left); return how many."""
        wanted = set(keep)
        removed = 0
        if not self.writable:
            return 0
        for sub in _listdir(self.root):
            for name in _listdir(self.root / sub):
                if name not in wanted:
                    try:
                        (self.root / sub / name).unlink()
                        removed += 1
                    except OSError:
                        pass
        return removed


def _listdir(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def fingerprint(folders: Iterable[Path], extra: bytes) -> str:
    """A hash of every file under ``folders`` as the file system describes it — its
    name, size, inode, modification and change times (symbolic links as their targets'
    names) — and ``extra``. Any write changes a file's change time, which no tool can
    set back, so the bytes need not be read. A file written so recently that a second
    write could leave its times as they are makes a fingerprint no later one equals."""
    h = hashlib.blake2b(extra, digest_size=_DIGEST)
    now = time.time_ns()
    racy = False
    for folder in folders:
        h.update(b"\0folder\0" + os.fsencode(os.path.abspath(folder)))
        for path, info in _files(str(folder)):
            h.update(
                b"\0file\0%s\0%o:%d:%d:%d:%d"
                % (path, info.st_mode, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
            )
            if stat.S_ISLNK(info.st_mode):
                h.update(b"link:" + os.fsencode(os.readlink(os.path.join(folder, os.fsdecode(path)))))
            racy = racy or _recent(info, now)
    if racy:
        h.update(os.urandom(16))
    return h.hexdigest()


def _recent(info: os.stat_result, now: int) -> bool:
    """Whether a file's times are too close to ``now`` to tell a later write: within a
    clock tick where the file system keeps nanoseconds (0.1 s, with room), within two
    seconds where it keeps whole seconds."""
    latest = max(info.st_mtime_ns, info.st_ctime_ns)
    coarse = latest % 1_000_000_000 == 0
    return latest > now - (2_000_000_000 if coarse else 100_000_000)


def _files(folder: str) -> Iterable[tuple[bytes, os.stat_result]]:
    """Every file under ``folder`` (``_walk``): its path relative to the folder and its
    status (a symbolic link's own)."""
    for path, entry in _walk(folder):
        try:
            yield os.fsencode(path), entry.stat(follow_symlinks=False)
        except OSError:
            continue


def _walk(folder: str, under: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file under ``folder`` — a symbolic link is a file, one to a folder too,
    never followed — with its path relative to ``folder``: a folder's files before its
    sub-folders, each in name order. The kinds come with the folder's listing
    (``os.scandir``): no call per file."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        try:
            inside = entry.is_dir(follow_symlinks=False)
        except OSError:
            inside = False
        if inside:
            folders.append(entry)
        else:
            yield under + entry.name, entry
    for entry in folders:
        yield from _walk(entry.path, under + entry.name + os.sep)


def hash_tree(h: Any, folder: str, read: Callable[[str], bool] = lambda path: True) -> None:
    """Feed ``h`` every file under ``folder`` (``_walk``): its path relative to the
    folder and, where ``read(path)`` says so, its bytes (else its kind); a symbolic link
    as its target's name. Regular files only are read (a FIFO would block for good)."""
    for path, entry in _walk(folder):
        h.update(b"\0file\0" + os.fsencode(path) + b"\0")
        try:
            if entry.is_symlink():
                h.update(b"link:" + os.fsencode(os.readlink(entry.path)))
            elif not entry.is_file(follow_symlinks=False) or not read(path):
                h.update(b"kind:%o" % stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode))
            else:
                with open(entry.path, "rb") as f:
                    h.update(f.read())
        except OSError:
            h.update(b"unreadable")


def tree_state(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Every file under ``folder`` with its size, modification time and inode:
    enough to tell that nobody touched a folder gloss wrote."""
    return tuple((os.fsdecode(path), st.st_size, st.st_mtime_ns, st.st_ino) for path, st in _files(str(folder)))


@dataclass(frozen=True)
class LastBuild:
    """A finished build: its inputs' fingerprint, the output folder as it left it,
    and what it reported (shown again when nothing changed)."""

    fingerprint: str
    tree: tuple[tuple[str, int, int, int], ...]
    diagnostics: tuple[Any, ...]
    summary: str
    history: tuple[tuple[str, str], ...] = ()  # documents whose git history the build read, and its state then
