"""Watching and rebuilding: file events in, one incremental build per burst out.

``Rebuilder`` owns the long-running build (``session.Session``: the streamed
build with what it keeps between builds) and the output folder: the first build
swaps in a whole site, later ones update changed files in place. ``watch``
feeds it watchdog events; a burst of events (an editor's write-temp-and-rename,
a ``git checkout`` of hundreds of files) is coalesced into one rebuild, and
events that arrive during a build are folded into the next one, so rebuilds
never queue up. A watched folder that is deleted and created again is watched
again (and everything rebuilt); a build that raises is reported as an error,
and the preview goes on."""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from gloss.core.diagnostics import Diagnostic, error
from gloss.preview.ledger import Ledger
from gloss.site.pipeline import Options
from gloss.site.session import Session

# What a rebuild needs to hear of. Without a filter, watchdog asks inotify for every
# open and every close of a file read, too: a build reading a large site then floods
# the kernel's queue (16,384 events) with its own reads, the queue overflows, and
# watchdog walks every folder again after each overflow, forever.
WATCHED = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]

QUIET = 0.03  # seconds without events that end a burst (an editor's save takes a few ms)
SETTLED = 0.005  # ... once every file written in it was closed, moved in place or deleted
LONGEST_WAIT = 0.5  # a steady stream of events still rebuilds this often


@dataclass
class BuildReport:
    """What one build did: the URL paths that changed, or the errors."""

    ok: bool
    changed: list[str] = field(default_factory=list)  # output paths written or deleted
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    way: str = "all"  # what was asked again (``SessionResult.way``): "own", "shown" or "all"
    swapped: tuple[int, int] | None = None  # a whole folder swapped in (``changed``: all): (files made, kept)

    def files(self) -> str:
        """What the build did to the files, in words. A whole folder swapped in (the first
        build of a process) lists every file as changed, so that every open page reloads
        (one a previous run served holds that run's token for writes to notes), yet it
        keeps the files that did not change (same inode): it says how many."""
        if self.swapped is None:
            return f"{len(self.changed)} files changed"
        made, kept = self.swapped
        return f"{made + kept} files ({made} made, {kept} kept as they were)"


class Rebuilder:
    def __init__(self, options: Options, out: Path) -> None:
        self.options = options
        self.out = out
        self.session = Session(options, out)  # the streamed build, with what it keeps between builds
        self.rendered: list[str] = []  # the files the last good build rendered or wrote (not kept)
        self.ledger = Ledger(options.content)  # what each article page was built from (for writes to notes)
        self.lock = threading.RLock()  # held by a build, and by a write to notes.yaml (``notesapi``)

    def build(self, changed: frozenset[Path] | None = None) -> BuildReport:
        """Build; on errors leave ``out`` as it is. ``changed``: files touched since
        the last build (None: look at everything)."""
        with self.lock:
            return self._build(changed)

    def _build(self, changed: frozenset[Path] | None) -> BuildReport:
        started = time.perf_counter()
        changed = self._in_content(changed)
        self.ledger.before(changed)
        result = self.session.build(changed)
        if not result.written:  # out/ stays as it is; what the session keeps is keyed by its inputs
            return BuildReport(False, [], result.diagnostics, time.perf_counter() - started)
        self.rendered = result.rendered
        self.ledger.after(self.session.built, result.slugs)
        swapped = (result.made, result.kept) if result.swapped else None
        return BuildReport(True, result.touched, result.diagnostics, time.perf_counter() - started, result.way, swapped)

    def safe_build(self, changed: frozenset[Path] | None = None) -> BuildReport:
        """``build``, but an exception (the file system failing under it, or a bug) is
        reported as an error and the next build starts afresh: a preview keeps going."""
        try:
            return self.build(changed)
        except Exception as exc:
            self.session.forget()
            self.ledger.full = True  # (the next build looks at everything: so do its hashes)
            where = str(self.options.content)
            return BuildReport(
                False,
                [],
                [
                    error(
                        where,
                        1,
                        1,
                        f"the build failed ({type(exc).__name__}: {exc}); it is tried again on the next save",
                    )
                ],
            )

    def tidy(self) -> None:
        """After a build's event went out: what is kept between builds is many long-lived
        objects, and without this every rebuild pays for the cyclic collector walking them
        (frozen, they are left out of its walks)."""
        with self.lock:
            gc.collect()
            gc.freeze()

    def close(self) -> None:
        """The end of the process: what the next ``build`` may start from is recorded."""
        with self.lock:
            self.session.close()

    def _in_content(self, changed: frozenset[Path] | None) -> frozenset[Path] | None:
        """The changed files inside the content folder, spelled like the bundle paths."""
        if changed is None:
            return None
        content = Path(os.path.abspath(self.options.content))
        inside = {Path(os.path.abspath(p)) for p in changed}
        inside = {p for p in inside if content in p.parents}
        if self.options.content.is_absolute():
            return frozenset(inside)
        return frozenset(Path(os.path.relpath(p)) for p in inside)


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


class _Watches:
    """The observer's watch of each folder, made anew when a folder is deleted and
    created again (inotify keeps watching the deleted folder, from which no event
    will ever come) or replaced by another (a ``git checkout`` of a whole tree)."""

    def __init__(self, observer: BaseObserver, handler: FileSystemEventHandler, folders: list[Path]) -> None:
        self.observer, self.handler = observer, handler
        self.seen: dict[Path, tuple[int, int] | None] = {folder: None for folder in folders}
        self.watches: dict[Path, ObservedWatch] = {}
        self.refresh()

    def refresh(self, deleted: set[str] | None = None) -> bool:
        """Follow the folders; True when one of them went or came back since the last look.
        ``deleted``: folders whose deletion was reported (a folder made again at once may
        get the same inode number, so the identity alone can miss it)."""
        moved = False
        for folder, seen in self.seen.items():
            now = _identity(folder)
            if now == seen and os.path.abspath(folder) not in (deleted or ()):
                continue
            moved = True
            if (old := self.watches.pop(folder, None)) is not None:
                with contextlib.suppress(KeyError, OSError):
                    self.observer.unschedule(old)
            self.seen[folder] = now
            if now is not None:
                try:
                    self.watches[folder] = self.observer.schedule(
                        self.handler, str(folder), recursive=True, event_filter=WATCHED
                    )
                except OSError:  # gone again already: look next time
                    self.seen[folder] = None
        return moved


def _is_noise(path: str) -> bool:
    name = Path(path).name
    return name.startswith(".#") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"


class _Collector(FileSystemEventHandler):
    """Gathers the paths of file events; wakes the rebuild loop."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.event = threading.Condition(self.lock)  # notified of every event
        self.pending: set[Path] = set()
        self.writing: set[Path] = set()  # files created or written to and not closed since
        self.folders = False  # a folder came, went or moved in this burst
        self.last = 0.0
        self.wake = threading.Event()
        self.deleted_folders: set[str] = set()  # absolute paths of folders reported deleted

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        with self.lock:
            if event.is_directory:
                self.folders = True
                if event.event_type in ("deleted", "moved"):
                    self.deleted_folders.add(os.path.abspath(_text(event.src_path)))
            for raw in (event.src_path, getattr(event, "dest_path", "")):
                path = _text(raw)
                if path and (event.is_directory or not _is_noise(path)):
                    self.pending.add(Path(path))
                    if not event.is_directory:
                        _follow(self.writing, Path(path), event.event_type)
            self.last = time.monotonic()
            self.event.notify_all()
        self.wake.set()

    def take(self) -> frozenset[Path]:
        """Wait out the burst, then hand over everything gathered so far: ``SETTLED``
        seconds after the last event once every file written in it is whole again
        (closed, moved in place or deleted), else ``QUIET`` seconds."""
        first = time.monotonic()
        with self.lock:
            while True:
                now = time.monotonic()
                quiet = now - self.last
                wait = QUIET if self.writing or self.folders else SETTLED
                if quiet >= wait or now - first >= LONGEST_WAIT:
                    break
                self.event.wait(min(wait - quiet, LONGEST_WAIT - (now - first)))  # (or the next event)
            taken = frozenset(self.pending)
            self.pending.clear()
            self.writing.clear()
            self.folders = False
            self.wake.clear()
        return taken


def _text(raw: str | bytes) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def _follow(writing: set[Path], path: Path, kind: str) -> None:
    """Note whether ``path`` is being written after an event of ``kind`` on it."""
    if kind in ("created", "modified"):
        writing.add(path)
    else:  # closed after writing, deleted, or moved (away, or here whole)
        writing.discard(path)


def watch(
    rebuilder: Rebuilder,
    folders: list[Path],
    on_build: Callable[[BuildReport], None],
    stop: threading.Event,
    build_first: bool = False,
) -> None:
    """Rebuild after every burst of changes in ``folders`` until ``stop`` is set;
    ``build_first``: build once the folders are watched (a change made during that
    build is seen, and so is a folder deleted before it)."""
    collector = _Collector()
    observer = Observer()
    observer.start()
    watches = _Watches(observer, collector, folders)
    try:
        if build_first:
            on_build(rebuilder.safe_build(None))
            rebuilder.tidy()
        while not stop.is_set():
            woke = collector.wake.wait(timeout=0.2)
            with collector.lock:
                deleted, collector.deleted_folders = collector.deleted_folders, set()
            if watches.refresh(deleted):  # a watched folder went or came back: look at everything
                collector.take()
                on_build(rebuilder.safe_build(None))
                rebuilder.tidy()
                continue
            if not woke:
                continue
            changed = collector.take()
            if not changed:
                continue
            on_build(rebuilder.safe_build(changed))
            rebuilder.tidy()
    finally:
        observer.stop()
        observer.join(timeout=5)
        rebuilder.close()
