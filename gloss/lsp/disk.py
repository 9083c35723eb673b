"""The server's own watch of a content folder, for editors that do not watch files
for it.

A client that can register file watchers (VS Code) is asked to report changes to
index.md, original.md, notes.yaml and site.yaml; one that cannot (Neovim on Linux,
Helix) would leave the site index stale after a ``git pull``, a save from
another program or a bundle made with ``gloss new``. For those, the server
watches each content folder it knows itself (watchdog, only the events that
change files: reads are events too, and a large site's own reads would flood the
kernel's queue) and hands the changes, a burst at a time, to the same code that
answers the client's file events.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from lsprotocol import types
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from gloss.lsp.site import DOCUMENTS
from gloss.preview.watch import WATCHED as EVENTS  # (the events that change files; reads are left out)

NAMES = (*DOCUMENTS, "site.yaml")
BURST = 0.05  # seconds: the events of one save (write a temporary file, rename it) told at once

Change = tuple[str, int]  # (path, 1 created / 2 changed / 3 deleted), as the protocol numbers them
CREATED, CHANGED, DELETED = (
    int(types.FileChangeType.Created),
    int(types.FileChangeType.Changed),
    int(types.FileChangeType.Deleted),
)


def changes_of(event: FileSystemEvent) -> list[Change]:
    """What a file event tells the server: changes to a bundle's documents or site.yaml;
    a folder made, deleted or moved as its path ending in a separator (bundles to find
    again)."""
    source, dest = _text(event.src_path), _text(getattr(event, "dest_path", ""))
    if event.is_directory:
        if os.path.basename(source).startswith("."):
            return []  # (a tool's folder: .git, a cache)
        if event.event_type == "moved":
            return [(os.path.join(source, ""), DELETED), (os.path.join(dest, ""), CREATED)]
        kind = {"created": CREATED, "deleted": DELETED}.get(event.event_type)
        return [(os.path.join(source, ""), kind)] if kind is not None else []
    if event.event_type == "moved":
        return [(p, k) for p, k in ((source, DELETED), (dest, CREATED)) if os.path.basename(p) in NAMES]
    kind = {"created": CREATED, "modified": CHANGED, "closed": CHANGED, "deleted": DELETED}.get(event.event_type)
    return [(source, kind)] if kind is not None and os.path.basename(source) in NAMES else []


def _text(path: str | bytes) -> str:
    return os.fsdecode(path) if path else ""


class Burst(FileSystemEventHandler):
    """Gathers changes and tells ``tell`` once none came for ``BURST`` seconds (from the
    observer's thread: ``tell`` must be safe to call from any thread)."""

    def __init__(self, tell: Callable[[list[Change]], None], quiet: float = BURST) -> None:
        self.tell, self.quiet = tell, quiet
        self.lock = threading.Lock()
        self.pending: dict[str, int] = {}  # by path: created or deleted, else changed
        self.timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        found = changes_of(event)
        if not found:
            return
        with self.lock:
            for path, kind in found:  # (a file created, then written: still created)
                if kind != CHANGED or path not in self.pending:
                    self.pending[path] = kind
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.quiet, self.flush)
            self.timer.daemon = True
            self.timer.start()

    def flush(self) -> None:
        with self.lock:
            taken, self.pending, self.timer = sorted(self.pending.items()), {}, None
        if taken:
            self.tell(taken)


class Watcher:
    """The content folders the server watches itself, one observer for all."""

    def __init__(self, tell: Callable[[list[Change]], None]) -> None:
        self.burst = Burst(tell)
        self.observer: BaseObserver | None = None
        self.folders: set[str] = set()
        self.lock = threading.Lock()

    def watch(self, folder: str) -> None:
        """Watch ``folder`` (a content folder) from now on; once is enough. From any thread."""
        with self.lock:
            if folder in self.folders:
                return
            self.folders.add(folder)
            if self.observer is None:
                self.observer = Observer()
                self.observer.daemon = True
                self.observer.start()
            try:
                self.observer.schedule(self.burst, folder, recursive=True, event_filter=EVENTS)
            except OSError:
                self.folders.discard(folder)
                raise

    def stop(self) -> None:
        with self.lock:
            observer, self.observer = self.observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
