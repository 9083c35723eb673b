"""The bookkeeping of incremental builds, in one place beside the pure stages.

A build in a fresh process (a CI deploy with ``.gloss-cache/`` restored) costs
what changed because of two records kept in the persistent cache:

- each bundle's ``records.BundleEntry`` and full ``Article`` view, under a
  key made of the bundle's own bytes (``bundle_key``): an unchanged bundle is
  neither read as YAML, parsed nor resolved again;
- the ``Manifest`` of the last build into an output folder: for every file,
  a digest of everything it was made from (``digest`` of the data its
  template renders, the theme, the configuration) and the size and
  modification second the build left it with. A file whose inputs digest the
  same and which is still as that build left it is linked into the new site
  untouched (same inode); every other one is made again.

The stages know nothing of this: they are called for what is not found here.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gloss.core import cache as disk
from gloss.publish.scratch import Scratch

SOURCES = ("index.md", "original.md", "notes.yaml")  # a bundle's files that are read, not only copied
UNKNOWN = ""  # the key of a file kept with no record of what made it: no build's key, so never kept by key


def digest(*values: Any) -> str:
    """A hash of ``values`` that is the same in every process for equal values: the
    pickle without its memo (so shared and equal-but-separate objects pickle alike).
    Values hold no sets (their order changes between processes)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: the bytes depend on the values, not on object identity
    pickler.dump(values)
    return hashlib.blake2b(buffer.getvalue(), digest_size=20).hexdigest()


def bundle_key(bundle: Path, salt: bytes) -> str:
    """A hash of everything loading, parsing and resolving the bundle reads: the
    bytes of its Markdown and notes, the names of its other files (assets are
    copied, never read), symbolic links as their targets; and ``salt``."""
    h = hashlib.blake2b(salt, digest_size=20)
    h.update(b"\0bundle\0" + os.fsencode(str(bundle)))
    disk.hash_tree(h, str(bundle), lambda path: path in SOURCES)  # (its own, not in a sub-folder)
    return h.hexdigest()


@dataclass(frozen=True)
class Made:
    """One file of a built site: what it was made from, and how it was left."""

    key: str
    size: int
    mtime: int  # modification time, in whole seconds (what an archive of the site keeps)


@dataclass(frozen=True)
class Tally:
    """What an ``Outputs`` made or kept so far: handed from the process that rendered
    the pages to the one that goes on (``stream``)."""

    now: dict[str, Made]
    rendered: list[str]
    made: int
    kept: int


@dataclass(frozen=True)
class Manifest:
    """Every file of the last build into one output folder."""

    files: dict[str, Made] = field(default_factory=dict)


class Outputs:
    """One build's files, as it makes or keeps them: asks the last ``Manifest``
    whether a file may be kept, and writes the next one."""

    def __init__(self, scratch: Scratch, store: disk.Store, name: str, before: dict[str, Made] | None = None) -> None:
        """``name``: the output folder's (``output_name``); ``before``: the last build's
        files, as a process that made it holds them (None: as the cache recorded them)."""
        self.scratch = scratch
        self.store = store
        self.name = name
        if before is None:
            found = store.get(self.name)
            before = found.files if isinstance(found, Manifest) and isinstance(found.files, dict) else {}
        self.before = before
        self.now: dict[str, Made] = {}
        self.rendered: list[str] = []  # the files made (rendered or written), not kept
        self._sorted: list[str] | None = None  # the last build's paths, in order (``_under``)
        self.kept = 0
        self.made = 0

    def keep(self, path: str, key: str) -> bool:
        """Whether ``path`` is the last build's file, made from the same ``key``, and
        still as it left it; if so it is linked into the new site."""
        made = self.before.get(path)
        if made is None or made.key != key or not self.scratch.keep(path, made.size, made.mtime):
            return False
        self.now[path] = made
        self.kept += 1
        return True

    def keep_all(self, prefix: str, key: str, count: int = 0) -> bool:
        """Keep every file of the last build whose path starts with ``prefix`` — when
        there are some (``count`` of them, if given), each made from ``key`` and still as
        the last build left it; else keep none of them."""
        paths = self._under(prefix)
        if not paths or (count and len(paths) != count):
            return False
        for path in paths:
            made = self.before[path]
            if made.key != key or not self.scratch.unchanged(path, made.size, made.mtime):
                return False
        return all(self.keep(path, key) for path in paths)

    def keep_as_they_are(self, prefix: str) -> None:
        """Keep every file of the current site whose path starts with ``prefix``, whatever
        it was made from: a build without the search index keeps the last one (stale, but
        the search page still works and ``site/`` still has it); where there is none,
        none is made. Each is recorded as it is: with the key of the last build's record
        when it is still as that build left it, else with none (``UNKNOWN``: the record
        is gone or is not of this file, as after a deleted cache or ``--no-cache``), so
        the next build with the index makes again each shard whose pages changed or whose
        files no record vouches for."""
        recorded, whole = self._under(prefix), True
        for path in recorded:
            made = self.before[path]
            if path in self.now:
                continue
            if self.scratch.keep(path, made.size, made.mtime):
                self.now[path] = made
                self.kept += 1
            else:
                whole = False
        if whole and recorded:
            return  # (the record knows every file: the folder is not walked on every rebuild)
        for path, size, mtime in self.scratch.present(prefix):
            if path not in self.now and self.scratch.keep(path, size, mtime):
                self.now[path] = Made(UNKNOWN, size, mtime)
                self.kept += 1

    def _under(self, prefix: str) -> list[str]:
        """The last build's paths that start with ``prefix``, in order."""
        if self._sorted is None:
            self._sorted = sorted(self.before)
        found = []
        for path in self._sorted[bisect.bisect_left(self._sorted, prefix) :]:
            if not path.startswith(prefix):
                break
            found.append(path)
        return found

    def wrote(self, path: str, key: str) -> None:
        """``path`` was written (by this process or a worker) from ``key``."""
        size, mtime, fresh = self.scratch.stamp(path)
        self.now[path] = Made(key, size, mtime)
        self.rendered.append(path)
        if fresh:
            self.made += 1
        else:  # made again, but the same bytes: linked from the last build
            self.kept += 1

    def tally(self) -> Tally:
        return Tally(self.now, self.rendered, self.made, self.kept)

    def resume(self, tally: Tally) -> None:
        """Go on from what another process made or kept with a copy of this ``Outputs``."""
        self.now, self.rendered, self.made, self.kept = tally.now, tally.rendered, tally.made, tally.kept

    def put(self, path: str, key: str, data: bytes) -> None:
        self.scratch.put(path, data)
        self.wrote(path, key)

    def save(self) -> None:
        """Record this build (after its folder was swapped in)."""
        self.store.put(self.name, Manifest(dict(sorted(self.now.items()))))

    @staticmethod
    def record(store: disk.Store, name: str, files: dict[str, Made]) -> None:
        """Record ``files`` as the last build into the output folder ``name``."""
        store.put(name, Manifest(dict(sorted(files.items()))))


def output_name(out: Path, content: Path) -> str:
    """The name the cache knows the output folder ``out`` by: its path from the folder
    holding ``content`` (and the cache), when it is under it — so a project restored
    into another place (a CI runner's fresh checkout path, a renamed folder) still
    finds its last build — else its absolute path."""
    project = os.path.dirname(os.path.abspath(content))
    place = os.path.abspath(out)
    relative = os.path.relpath(place, project)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return disk.key(b"absolute\0" + os.fsencode(place))
    return disk.key(b"project\0" + os.fsencode(relative))
