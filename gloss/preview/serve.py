"""The preview server: the standard library's HTTP server over ``site/``.

It serves the site under its base path, with the site's 404 page, and never a
file outside ``site/`` (percent-decoding, ``..``, absolute paths and symlinks
are resolved first and checked against the real site folder). Each connection
has a thread, at most ``MAX_CONNECTIONS`` at once (more get a 503 straight
away), and is closed after ``IDLE_SECONDS`` without a byte; oversized request
lines and headers get the standard library's 414 and 431. HTML responses
get the live-reload and annotation scripts injected; the files on disk never
do. Builds are announced over Server-Sent Events after their files are
written: pages that changed reload, changed stylesheets are swapped in place,
and a failed build shows its errors over every open page until a good one.
With a ``NotesApi`` (``serve`` passes one), article pages also get their notes'
data, the run's token and the annotation UI, and ``POST /__gloss/notes`` writes
notes.yaml (``notesapi``); any other ``POST`` gets 405.
"""

from __future__ import annotations

import json
import mimetypes
import os
import posixpath
import queue
import socket
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from gloss.core.diagnostics import Diagnostic
from gloss.preview.notesapi import ENDPOINT, NotesApi
from gloss.preview.watch import BuildReport

LIVE = "/__gloss/"
INJECT = (
    b'<link rel="stylesheet" href="/__gloss/annotate.css">'
    b'<script src="/__gloss/live.js" defer></script><script src="/__gloss/annotate.js" defer></script>'
)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".wasm": "application/wasm",
    ".pagefind": "application/wasm",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".md": "text/markdown; charset=utf-8",
}
LIVE_ASSETS = ("live.js", "annotate.js", "annotate.css", "notes.js", "notes.css")
MAX_CLIENTS = 64  # live-reload connections; more are refused, not queued
MAX_CONNECTIONS = 512  # connections served at once; more get a 503 at once (each holds a thread)
IDLE_SECONDS = 15  # a connection that sends nothing for this long is closed
QUIET_ERRORS = (ConnectionError, TimeoutError)  # a client went away: not worth a word
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")  # Host names always answered (with the server's port)


@dataclass
class LiveState:
    """The last build's outcome and the event queues of the open pages."""

    base_path: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    clients: list[queue.Queue[str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)  # errors of a failed build, else warnings

    def event(self, changed: list[str]) -> str:
        return json.dumps({"changed": changed, "errors": self.errors, "problems": self.problems}, ensure_ascii=False)

    def publish(self, report: BuildReport) -> None:
        """Announce a finished build (its files are already written)."""
        urls: list[str] = []
        for path in report.changed:
            urls.append(self.base_path + path)
            if path.endswith("index.html"):
                urls.append(self.base_path + path.removesuffix("index.html"))
        with self.lock:
            self.errors = [d.format() for d in report.diagnostics if d.severity == "error"] if not report.ok else []
            shown = "error" if not report.ok else "warning"
            self.problems = [editor_link(d) for d in report.diagnostics if d.severity == shown]
            message = self.event(urls)
            for client in self.clients:
                client.put(message)

    def join(self) -> queue.Queue[str] | None:
        with self.lock:
            if len(self.clients) >= MAX_CLIENTS:
                return None
            client: queue.Queue[str] = queue.Queue(maxsize=16)
            client.put(self.event([]))  # a page opened during a broken build shows the errors at once
            self.clients.append(client)
            return client

    def leave(self, client: queue.Queue[str]) -> None:
        with self.lock:
            if client in self.clients:
                self.clients.remove(client)


def editor_link(diagnostic: Diagnostic) -> dict[str, str]:
    """A diagnostic as the preview shows it: its text, and its place as a
    ``vscode://file/<absolute path>:line:col`` link that opens the file there."""
    path = os.path.abspath(diagnostic.path)
    where = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.col}"
    return {
        "text": diagnostic.format(),
        "severity": diagnostic.severity,
        "where": where,
        "href": f"vscode://file{quote(path)}:{diagnostic.line}:{diagnostic.col}",
    }


def host_allowed(header: str | None, names: frozenset[str], port: int) -> bool:
    """Whether a request's ``Host`` header names this server: one of ``names``
    (lower-case; IPv6 in brackets), with this server's port or none. Anything else
    is refused, so a page that rebinds its own domain to 127.0.0.1 (DNS
    rebinding) cannot read the preview."""
    if not header:
        return False
    host = header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        name, bracket, tail = host.partition("]")
        name += bracket
    else:
        name, colon, tail = host.partition(":")
        tail = colon + tail
    return (not tail or tail == f":{port}") and name in names


def resolve_path(root: str, base_path: str, url_path: str) -> str | None:
    """The real file (or folder holding an index.html) under ``root`` that a request
    path names, or None when it names nothing there (outside the base path, outside
    ``root``, through a symlink that leaves it)."""
    path = unquote(url_path)
    if "\x00" in path or not path.startswith(base_path):
        return None
    rel = posixpath.normpath("/" + path[len(base_path) :]).lstrip("/")  # "/../x" cannot climb above "/"
    candidate = os.path.join(root, rel) if rel else root
    real = os.path.realpath(candidate)
    if real != root and not real.startswith(root + os.sep):
        return None
    if os.path.isdir(real):
        return real if os.path.isfile(os.path.join(real, "index.html")) else None
    return real if os.path.isfile(real) else None


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS  # idle keep-alive and half-sent requests do not hold a thread forever

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for build results

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        self.respond(head=False)

    def do_POST(self) -> None:
        self.respond(head=False, method="POST")

    def notes(self, method: str) -> None:
        """The annotation endpoint (``notesapi``): JSON in, JSON out."""
        api = self.server.notes
        if api is None:
            self.close_connection = True  # (a body is left unread)
            return self.send_body(b"not found", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND, method == "HEAD")
        answer = api.answer(method, self.headers.items(), self.rfile.read)
        if answer.close:
            self.close_connection = True
        body = json.dumps(answer.body, ensure_ascii=False).encode()
        self.send_body(body, "application/json; charset=utf-8", HTTPStatus(answer.status), method == "HEAD")

    def respond(self, head: bool, method: str = "") -> None:
        if not host_allowed(self.headers.get("Host"), self.server.host_names, self.server.server_address[1]):
            self.close_connection = True  # (the live-reload events included: nothing for another name)
            return self.send_body(b"", "text/plain; charset=utf-8", HTTPStatus.MISDIRECTED_REQUEST, head)
        url_path = urlsplit(self.path).path
        if url_path == ENDPOINT:
            return self.notes(method or ("HEAD" if head else "GET"))
        if method == "POST":
            return self.no_post()
        if url_path == LIVE + "events":
            return self.events()
        if url_path.startswith(LIVE):
            return self.live_asset(url_path[len(LIVE) :], head)
        base = self.server.state.base_path
        if url_path in ("/", "") and base != "/":
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", base)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file = resolve_path(self.server.root, base, url_path)
        if file is None:
            return self.not_found(head)
        if os.path.isdir(file):
            if not url_path.endswith("/"):  # pretty URLs end in "/", so relative links resolve
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)  # (one leading "/": "//host" leaves the site)
                self.send_header("Location", "/" + quote(unquote(url_path)).lstrip("/") + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = os.path.join(file, "index.html")
        self.send_file(file, HTTPStatus.OK, head)

    def no_post(self) -> None:
        self.close_connection = True  # (a body is left unread)
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def not_found(self, head: bool) -> None:
        page = os.path.join(self.server.root, "404.html")
        if os.path.isfile(page):
            return self.send_file(page, HTTPStatus.NOT_FOUND, head)
        self.send_body(b"not found", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND, head)

    def send_file(self, file: str, status: HTTPStatus, head: bool) -> None:
        try:
            with open(file, "rb") as handle:
                body = handle.read()
        except OSError:  # gone since it was found: a rebuild swapped the site
            if status == HTTPStatus.NOT_FOUND:
                return self.send_body(b"not found", "text/plain; charset=utf-8", status, head)
            return self.not_found(head)
        suffix = os.path.splitext(file)[1].lower()
        kind = TYPES.get(suffix) or mimetypes.guess_type(file)[0] or "application/octet-stream"
        if file.endswith("feed.xml"):
            kind = "application/atom+xml; charset=utf-8"
        if suffix == ".html":
            inject = INJECT
            if self.server.notes is not None:  # an article page: its notes' data, the token and the annotation UI
                inject += self.server.notes.inject(os.path.relpath(file, self.server.root).replace(os.sep, "/"))
            at = body.rfind(b"</body>")
            body = body[:at] + inject + body[at:] if at >= 0 else body + inject
        self.send_body(body, kind, status, head)

    def send_body(self, body: bytes, kind: str, status: HTTPStatus, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def live_asset(self, name: str, head: bool) -> None:
        if name not in LIVE_ASSETS:
            return self.not_found(head)
        body = resources.files("gloss.preview").joinpath("live", name).read_bytes()
        self.send_body(body, TYPES[os.path.splitext(name)[1]], HTTPStatus.OK, head)

    def events(self) -> None:
        client = self.server.state.join()
        if client is None:
            self.send_body(b"too many live-reload connections", "text/plain", HTTPStatus.SERVICE_UNAVAILABLE, False)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            while not self.server.stopping.is_set():
                try:
                    message = client.get(timeout=10)
                    self.wfile.write(f"event: build\ndata: {message}\n\n".encode())
                except queue.Empty:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            self.server.state.leave(client)


class PreviewServer(ThreadingHTTPServer):
    """One thread per connection, at most ``MAX_CONNECTIONS`` at once."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], root: Path, state: LiveState, notes: NotesApi | None = None) -> None:
        self.root = os.path.realpath(root)
        self.state = state
        self.notes = notes  # the annotation endpoint (None: pages cannot write notes)
        given = address[0].lower()
        self.host_names = frozenset((*LOOPBACK_NAMES, f"[{given}]" if ":" in given else given))
        self.stopping = threading.Event()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self.refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def refuse(self, request: socket.socket) -> None:
        """Too many connections: say so and close, without a thread."""
        try:
            request.settimeout(1)
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A failed request: a client that went away is normal; anything else is one
        line on the terminal (the build output stays readable), never a traceback."""
        problem = sys.exc_info()[1]
        if not isinstance(problem, QUIET_ERRORS):
            print(
                f"gloss serve: a request from {client_address[0]} failed: {type(problem).__name__}: {problem}",
                file=sys.stderr,
            )
