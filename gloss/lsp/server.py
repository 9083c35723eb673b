"""``gloss lsp``: the language server (pygls, over stdio).

Documents are kept in step with the editor (incremental changes); each change
re-checks the document's bundle after a short quiet spell (``debounce``), an
open or a save at once. Reading and checking run in worker threads, so the
server keeps answering while a bundle is read; the site-wide index is made
once, when the first file of a site is opened (or at start-up, when the
content folder is known), and kept current from the editor's file events.
"""

from __future__ import annotations

import asyncio
import os
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from gloss import __version__
from gloss.lsp.context import Ctx, context
from gloss.lsp.disk import Change, Watcher
from gloss.lsp.positions import Lines, path_uri, uri_path
from gloss.lsp.publish import by_file, convert
from gloss.lsp.session import Session, read_file
from gloss.lsp.site import DOCUMENTS

T = TypeVar("T")
DEBOUNCE = 0.15  # seconds of quiet after a change before its bundle is checked again
PAGE_QUIET = 1.0  # seconds without changes before the page checks waiting run
WATCHED = ("**/index.md", "**/original.md", "**/notes.yaml", "**/site.yaml")
Publication = tuple[str, int | None, list[types.Diagnostic]]


class GlossServer(LanguageServer):
    def __init__(self, session: Session, debounce: float = DEBOUNCE) -> None:
        super().__init__("gloss", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.session = session
        self.debounce = debounce
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.published: dict[str, list[types.Diagnostic]] = {}  # by path: what the client was last told
        self.checking = asyncio.Lock()  # one check at a time, told in the order it was made
        self.linking = asyncio.Lock()  # one page check at a time (beside the quick checks)
        self.queued: dict[str, str] = {}  # bundle folders whose page check waits, with a document of each
        self.page_timer: asyncio.TimerHandle | None = None
        self.page_quiet = PAGE_QUIET
        self.watcher: Watcher | None = None  # the server's own watch, for clients that cannot watch files

    @property
    def encoding(self) -> str:
        chosen = self.server_capabilities.position_encoding if self.protocol.server_capabilities else None
        return str(chosen or "utf-16")

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    async def run(self, work: Callable[..., T], *args: Any) -> T | None:
        """``work`` in a worker thread; a failure is logged (with its traceback) and answers None."""
        try:
            return await asyncio.get_running_loop().run_in_executor(None, work, *args)
        except JsonRpcException:  # an answer for the client (a name that cannot be an id…)
            raise
        except Exception:  # a bug must not end the session: the editor gets no answer and a log line
            self.log(f"gloss lsp: {traceback.format_exc()}", types.MessageType.Error)
            return None

    async def with_context(self, uri: str, position: types.Position | None, feature: Callable[[Ctx], T]) -> T | None:
        """A feature's answer at ``position`` of the document ``uri`` (None outside bundles)."""

        def work() -> T | None:
            ctx = context(self.session, uri, position, self.encoding)
            return feature(ctx) if ctx is not None else None

        return await self.run(work)

    async def files_changed(self, changes: list[Change]) -> None:
        """Files changed on disk (told by the client or by the server's own watch): the
        site index read again where they belong, the open bundles checked again."""
        for path in await self.run(self.session.on_disk, changes) or []:
            self.schedule(path, 0)
            self.check_page_soon(path)

    def check_page_soon(self, path: str) -> None:
        """Check the links of the page of ``path``'s bundle (``session.check_page``) in the
        background once the editor has been quiet for ``PAGE_QUIET`` seconds (at 10,000
        articles a page check takes over a second of this process's time, which would
        slow the diagnostics of the keystrokes it overlaps); tell the client again if
        what it found changed."""
        self.queued.setdefault(os.path.dirname(path), path)  # (a waiting check reads the files as they are then)
        self.quiet()

    def quiet(self) -> None:
        """(Re)start the wait before the queued page checks: on every change to a document."""
        if self.page_timer is not None:
            self.page_timer.cancel()
            self.page_timer = None
        if self.queued:
            loop = asyncio.get_running_loop()
            self.page_timer = loop.call_later(self.page_quiet, lambda: loop.create_task(self._check_pages()))

    async def _check_pages(self) -> None:
        self.page_timer = None
        todo, self.queued = self.queued, {}  # (those queued meanwhile wait for their own pause)
        async with self.linking:
            for folder, path in sorted(todo.items()):
                started = time.perf_counter()
                changed = await self.run(self.session.check_page, path)
                took = (time.perf_counter() - started) * 1000
                self.log(f"gloss lsp: the page of {folder} checked in {took:.0f} ms")
                if changed:
                    self.schedule(path, 0)

    def watch_disk(self) -> None:
        """Watch the content folders from now on (the client will not tell of changes)."""
        loop = asyncio.get_running_loop()

        def tell(changes: list[Change]) -> None:  # (from the watching thread)
            loop.call_soon_threadsafe(lambda: loop.create_task(self.files_changed(changes)))

        self.watcher = Watcher(tell)

    def watch_folder(self, content: str) -> None:
        """Watch ``content`` (in a worker thread: a large site's folders take a while)."""
        if self.watcher is None or content in self.watcher.folders:
            return
        watcher, loop = self.watcher, asyncio.get_running_loop()

        def work() -> None:
            try:
                watcher.watch(content)
            except OSError as problem:  # (out of inotify watches: the index goes stale, the server goes on)
                message = f"gloss lsp: cannot watch {content}: {problem}"
                loop.call_soon_threadsafe(self.log, message, types.MessageType.Warning)

        loop.run_in_executor(None, work)

    def watch_folder_of(self, path: str) -> None:
        if self.watcher is not None and (content := self.session.content_of(path)) is not None:
            self.watch_folder(content)

    def schedule(self, path: str, delay: float) -> None:
        """Check the bundle of ``path`` once no change came for ``delay`` seconds."""
        key = os.path.dirname(path)
        if (timer := self.timers.pop(key, None)) is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self.timers[key] = loop.call_later(delay, lambda: loop.create_task(self.check(path)))

    async def check(self, path: str) -> None:
        """Check the bundle of ``path`` and tell the client. Checks run one at a time: two
        at once could each record what they found and be sent in the other order, leaving
        the client with the older diagnostics of a file (a link broken on disk shown as fine)."""
        self.timers.pop(os.path.dirname(path), None)
        async with self.checking:
            for uri, version, diagnostics in await self.run(self.diagnose, path) or []:
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
                )

    def diagnose(self, path: str) -> list[Publication]:
        """What to tell the client after a change to ``path``: every file of its bundle, and
        the files of other open bundles whose diagnostics the change altered (links to it)."""
        site = self.session.site_of(path)
        if site is None:
            return []
        if site.config is None:
            return self._publications(site.problems, [os.path.join(site.content, "site.yaml")], {}, force=True)
        bundle = site.bundle_of(path)
        told: list[Publication] = []
        if bundle is not None:
            with self.session.reading:  # (the diagnostics of the very buffers analysed)
                analysis = self.session.analysis(site, bundle.folder)
                found = site.diagnostics(bundle.folder) + self.session.links.get(bundle.folder, [])
            if analysis is not None:
                files = [os.path.join(bundle.folder, name) for name in DOCUMENTS]
                told += self._publications(found, files, analysis.read, force=True)
        with self.session.lock:
            others = {os.path.dirname(p) for p in self.session.buffers}
        for folder in sorted(others - {bundle.folder if bundle else ""}):
            if folder in site.bundles:
                with self.session.reading:
                    last = self.session.analyses.get(folder)
                    found = site.diagnostics(folder) + self.session.links.get(folder, [])
                files = [os.path.join(folder, name) for name in DOCUMENTS]
                told += self._publications(found, files, last.read if last else {}, force=False)
        return told

    def _publications(
        self, diagnostics: list[Any], files: list[str], read: Mapping[str, tuple[str, int]], force: bool
    ) -> list[Publication]:
        """``read``: the text and version of each open document as checked."""
        told: list[Publication] = []
        for path, found in by_file(diagnostics, files).items():
            text, version = read.get(path, (None, None))
            with self.session.lock:
                uri = self.session.uris.get(path) or path_uri(path)
            if text is None and not os.path.isfile(path):
                continue
            lines = Lines(text if text is not None else _disk_text(path), self.encoding)
            converted = [convert(d, lines) for d in found]
            with self.session.lock:
                if not force and self.published.get(path, []) == converted:
                    continue
                self.published[path] = converted
            told.append((uri, version, converted))
        return told


def _disk_text(path: str) -> str:
    return read_file(path) or ""


def document_path(uri: str) -> str | None:
    path = uri_path(uri)
    return path if path is not None and os.path.basename(path) in DOCUMENTS + ("site.yaml",) else None
