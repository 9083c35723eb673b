"""What each article page the preview serves was built from: its bundle, its
notes.yaml and that file's hash, and the notes the build read (``Ledger``).

The preview writes to a notes.yaml only when the file on disk is the one the page
was built from. A build reads files while they may change, so the hash is taken
*before* the build that reads them (``Ledger.before``, for the files the watcher
reported changed, or all of them): when the file changes during the build, the
recorded hash is the older one, and a write is refused (reload, then write) rather
than made on a page that shows other notes than the file holds. The hashes of a
failed build wait for the next good one (the pages stay those of the last good
build); a good build publishes its pages (``after``), each a ``Page``."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gloss.build.parse import ParsedArticle, parse_article
from gloss.content.config import SiteConfig
from gloss.content.load import load_article
from gloss.core.urls import article
from gloss.site.session import Built

NOTES = "notes.yaml"
ABSENT = "absent"  # the hash of a notes.yaml that does not exist (a bundle may have none)
UNREADABLE = "unreadable"  # of one that cannot be read (the build says why)
KEPT_PARSES = 16  # bundles parsed for the annotation UI, kept while their pages are viewed
MAX_NOTES_BYTES = 4 * 1024 * 1024  # as textfile.MAX_TEXT_BYTES: a larger file is not one the build read


def file_hash(path: str) -> str:
    """The SHA-256 of a notes file, or ``ABSENT``, or ``UNREADABLE`` (not a regular file, a
    symbolic link, no permission: never waits on a FIFO, never follows a link)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return ABSENT
    except OSError:
        return UNREADABLE
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # (a folder, a FIFO, a device)
            os.close(fd)
            return UNREADABLE
        with os.fdopen(fd, "rb") as handle:
            return hashlib.sha256(handle.read(MAX_NOTES_BYTES + 1)).hexdigest()
    except OSError:
        return UNREADABLE


@dataclass(frozen=True)
class Page:
    """An article page and what it was built from."""

    slug: str
    bundle: str  # the bundle's folder, absolute and resolved
    source: str  # the bundle's folder as the build names it (in messages)
    notes: str  # its notes.yaml relative to the content folder, "/"-separated
    path: str  # its notes.yaml, absolute and resolved
    hash: str  # the hash of notes.yaml when the build read it
    key: str  # the bundle's key in that build (a hash of its files)


def page_data(page: Page, parsed: ParsedArticle) -> dict[str, Any]:
    """What the page's annotation UI is told of its notes (raw Markdown to edit), from
    the bundle as parsed (``parsed.source.notes``, ``parsed.notes_html``)."""
    notes = parsed.source.notes
    html = parsed.notes_html
    return {
        "slug": page.slug,
        "file": page.notes,
        "hash": page.hash,
        "highlights": [{"note": h.note or ""} for h in notes.highlights],
        "key_points": [{"title": k.title, "text": k.text or ""} for k in notes.key_points],
        "takeaways": [
            {"text": t.text, "html": html[path].html if (path := ("takeaways", i, "text")) in html else ""}
            for i, t in enumerate(notes.takeaways)
        ],
    }


class Ledger:
    """The notes files' hashes and the pages of the last good build."""

    def __init__(self, content: Path) -> None:
        self.content = os.path.realpath(content)
        self.hashes: dict[str, str] = {}  # absolute resolved path -> hash, as of the last good build
        self.pending: dict[str, str] = {}  # taken before builds not yet published
        self.pages: dict[str, Page] = {}  # by output path ("<slug>/index.html")
        self.config: SiteConfig | None = None  # the last good build's
        self.parses: dict[str, ParsedArticle] = {}  # the last few pages' bundles as parsed, by key
        self.lock = threading.Lock()
        self.full = True  # the next build hashes every notes file (the first, or one after a failure)

    def _notes_files(self, folders: Iterable[str]) -> Iterable[str]:
        for folder in folders:
            for root, dirs, files in os.walk(folder):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                if NOTES in files:
                    yield os.path.join(root, NOTES)

    def before(self, changed: frozenset[Path] | None) -> None:
        """Hash the notes files a build is about to read: those under ``changed`` (None: all)."""
        if changed is None or self.full:
            self.pending = {path: file_hash(path) for path in self._notes_files([self.content])}
            self.pending[""] = ""  # (a mark: the table is replaced, not updated)
            self.full = False
            return
        for path in map(os.path.realpath, changed):
            if os.path.basename(path) == NOTES:
                self.pending[path] = file_hash(path)
            elif os.path.isdir(path):
                self.pending.update((p, file_hash(p)) for p in self._notes_files([path]))
            elif not os.path.lexists(path):  # a folder deleted or moved away
                self.pending.update((k, ABSENT) for k in self.hashes if k.startswith(path + os.sep))

    def after(self, built: Built | None, slugs: Collection[str] | None = None) -> None:
        """A good build: its hashes stand, and its pages are published (``slugs``: the
        only articles it changed, when known)."""
        if self.pending.pop("", None) is not None:
            self.hashes = {}
        self.hashes.update(self.pending)
        self.pending = {}
        records = built.index.records if built is not None else ()
        if slugs is not None:  # the other pages stay (the notes hashed again are those of ``slugs``)
            pages = dict(self.pages)
            where = built.index.where if built is not None else {}
            records = tuple(records[i] for i in sorted(where[s] for s in slugs if s in where))
        else:
            pages = {}
        for record in records:
            output = article(record.slug)
            old = self.pages.get(output)
            if old is not None and old.key == record.key and self.hashes.get(old.path, ABSENT) == old.hash:
                pages[output] = old  # (an unchanged article keeps its Page: no path resolved again)
                continue
            bundle = os.path.realpath(record.bundle)
            notes = os.path.join(bundle, NOTES)
            rel = os.path.relpath(notes, self.content).replace(os.sep, "/")
            pages[output] = Page(
                record.slug, bundle, record.bundle, rel, notes, self.hashes.get(notes, ABSENT), record.key
            )
        with self.lock:
            self.pages = pages
            self.config = built.config if built is not None else None

    def parsed(self, page: Page) -> ParsedArticle | None:
        """The page's bundle as parsed (its notes as read, rendered), made once per
        version of the bundle; None when it no longer loads."""
        with self.lock:
            config, found = self.config, self.parses.get(page.key)
        if found is not None or config is None:
            return found
        source, _ = load_article(Path(page.source), config, Path(self.content))
        if source is None:
            return None
        found = parse_article(source, allow_html=config.allow_html, base_url=config.base_url)
        with self.lock:
            while len(self.parses) >= KEPT_PARSES:
                self.parses.pop(next(iter(self.parses)))
            self.parses[page.key] = found
        return found

    def page(self, output: str) -> Page | None:
        """The article page at ``output`` (a path in the site: "<slug>/index.html")."""
        with self.lock:
            return self.pages.get(output)

    def bundle(self, folder: str) -> Page | None:
        """The page of the bundle in ``folder`` (absolute, resolved), if the last good build made one."""
        with self.lock:
            return next((p for p in self.pages.values() if p.bundle == folder), None)
