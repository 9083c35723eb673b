"""Annotating in the preview: the endpoint ``serve`` answers at ``/__gloss/notes``
and what it injects into the article pages it serves.

Only ``serve`` has it (``PreviewServer(notes=NotesApi(...))``); ``build`` writes
nothing of it into site/. A request is answered only when it comes to a loopback
``Host`` (checked by ``serve`` for every request), is a ``POST`` with
``Content-Type: application/json`` and an ``Origin`` of this very server (and no
``Sec-Fetch-Site`` but ``same-origin``), declares a body of at most ``MAX_BODY``
bytes (a larger one is not read), and carries the token made for this run, which
only the pages served in this run hold. Then:

- ``{"action": "preview", "markdown": …}``: the note rendered as the build renders
  inline Markdown in notes (for the editor's live preview); writes nothing;
- ``{"action": "add", "kind": "highlight" | "key-point" | "takeaway", "entry": {…}}``,
  ``{"action": "edit", "kind": …, "index": n, "values": {…}}`` and
  ``{"action": "delete", "kind": …, "index": n}``, each with the page's ``file``
  and ``hash``: the edit made by ``notesedit`` in the text of that notes.yaml,
  checked and written by ``notewrite`` while no build runs (``Rebuilder.lock``);
  the watcher then rebuilds, and the page reloads."""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gloss.content.notesedit import EditError, add_entry, delete_entry, edit_entry
from gloss.markdown import make_parser
from gloss.preview import notewrite
from gloss.preview.ledger import page_data
from gloss.preview.notewrite import Refusal
from gloss.preview.watch import Rebuilder

ENDPOINT = "/__gloss/notes"
MAX_BODY = 64 * 1024  # bytes of a request; a note is a few hundred
KINDS = {"highlight": "highlights", "key-point": "key_points", "takeaway": "takeaways"}
GUARDED = frozenset({"host", "origin", "sec-fetch-site", "content-type", "content-length", "transfer-encoding"})
ASSETS = b'<link rel="stylesheet" href="/__gloss/notes.css"><script src="/__gloss/notes.js" defer></script>'


@dataclass
class Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    close: bool = False  # close the connection (a body left unread)


def _refused(refusal: Refusal) -> Answer:
    body: dict[str, Any] = {"ok": False, "code": refusal.code, "message": refusal.message}
    if refusal.problems:
        body["problems"] = list(refusal.problems)
    return Answer(refusal.status, body)


def _headers(items: list[tuple[str, str]]) -> dict[str, str]:
    """The request's headers by lower-case name; one that matters here given twice is refused."""
    headers: dict[str, str] = {}
    for name, value in items:
        name = name.lower()
        if name in headers and name in GUARDED:
            raise Refusal(400, "forbidden", f"{name} is given twice")
        headers[name] = value
    return headers


def _loopback(host: str) -> bool:
    """Whether a ``Host`` header names this machine's loopback interface (``serve --host``
    may listen on another address: the pages are served there, but write nothing)."""
    name = host.rpartition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def _guard(method: str, items: list[tuple[str, str]]) -> int:
    """The declared body length of an acceptable request, or a ``Refusal``. (``serve``
    has checked the ``Host``: a loopback name or the address it listens on.)"""
    if method != "POST":
        raise Refusal(405, "forbidden", "only POST")
    headers = _headers(items)
    if not _loopback(headers.get("host", "")):
        raise Refusal(403, "forbidden", "notes are written only through a loopback address")
    if headers.get("origin", "").lower() != f"http://{headers.get('host', '')}".lower():
        raise Refusal(403, "forbidden", "the request does not come from a page of this preview")
    if headers.get("sec-fetch-site", "same-origin") != "same-origin":
        raise Refusal(403, "forbidden", "the request does not come from a page of this preview")
    kind, _, params = headers.get("content-type", "").partition(";")
    charset = params.strip().lower()
    if kind.strip().lower() != "application/json" or charset not in ("", "charset=utf-8"):
        raise Refusal(415, "forbidden", "the body must be application/json")
    length = headers.get("content-length", "")
    if "transfer-encoding" in headers or not length.isdigit():
        raise Refusal(411, "forbidden", "the body's length must be given")
    if int(length) > MAX_BODY:
        raise Refusal(413, "forbidden", f"a request body is at most {MAX_BODY} bytes")
    return int(length)


def _strings(value: object, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise Refusal(400, "invalid", f"{what} must map names to strings")
    return value


def _index(request: Mapping[str, Any]) -> int:
    index = request.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise Refusal(400, "invalid", "index must be a whole number")
    return index


def _edit(text: str, request: Mapping[str, Any]) -> str:
    """The text of notes.yaml with the request's edit made."""
    name = request.get("kind")
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise Refusal(400, "invalid", f"kind must be one of {', '.join(KINDS)}")
    action = request.get("action")
    try:
        if action == "add":
            return add_entry(text, kind, _strings(request.get("entry"), "entry"))
        if action == "edit":
            return edit_entry(text, kind, _index(request), _strings(request.get("values"), "values"))
        return delete_entry(text, kind, _index(request))
    except EditError as exc:
        raise Refusal(422, "invalid", str(exc)) from None


class NotesApi:
    """The endpoint of one ``serve`` run, over its ``Rebuilder``."""

    def __init__(self, rebuilder: Rebuilder) -> None:
        self.rebuilder = rebuilder
        self.token = secrets.token_urlsafe(32)  # this run's; only the pages it serves hold it
        self.content = os.path.realpath(rebuilder.options.content)

    def inject(self, output: str) -> bytes:
        """What an article page (at ``output`` in the site) gets: its notes' data with the
        token, and the annotation UI; nothing for other pages."""
        ledger = self.rebuilder.ledger
        page = ledger.page(output)
        parsed = ledger.parsed(page) if page is not None else None
        if page is None or parsed is None:
            return b""
        data = {**page_data(page, parsed), "token": self.token, "endpoint": ENDPOINT}
        text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")  # (no "</script>" inside)
        return f'<script type="application/json" id="gloss-notes-data">{text}</script>'.encode() + ASSETS

    def answer(self, method: str, headers: list[tuple[str, str]], read: Callable[[int], bytes]) -> Answer:
        """Answer a request (``read(n)``: its body's bytes, read only once it is acceptable)."""
        try:
            length = _guard(method, headers)
        except Refusal as refusal:
            return Answer(**{**_refused(refusal).__dict__, "close": True})
        try:
            request = json.loads(read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _refused(Refusal(400, "invalid", "the body is not JSON"))
        if not isinstance(request, dict) or not hmac.compare_digest(
            str(request.get("token", "")).encode(), self.token.encode()
        ):
            return _refused(Refusal(403, "forbidden", "the request does not carry this preview's token"))
        try:
            if request.get("action") == "preview":
                return Answer(200, {"ok": True, "html": self.render(request)})
            if request.get("action") in ("add", "edit", "delete"):
                return self.write(request)
            raise Refusal(400, "invalid", "action must be preview, add, edit or delete")
        except Refusal as refusal:
            return _refused(refusal)

    def render(self, request: Mapping[str, Any]) -> str:
        """Inline Markdown rendered as the build renders a note."""
        markdown, config = request.get("markdown"), self.rebuilder.ledger.config
        if not isinstance(markdown, str) or config is None:
            raise Refusal(400, "invalid", "preview needs markdown")
        md = make_parser(allow_html=config.allow_html, base_path=config.base_path, ids=False)
        env: dict[str, Any] = {"position": (1, 1)}
        return str(md.renderer.render(md.parseInline(markdown, env), md.options, env))

    def write(self, request: Mapping[str, Any]) -> Answer:
        """Make an edit in a notes.yaml: located, unchanged since its page was built,
        edited in place, checked, written; or refused with nothing written."""
        with self.rebuilder.lock:  # (no build reads the file, nor another write)
            target = notewrite.locate(self.content, self.rebuilder.ledger, request.get("file"))
            expected = request.get("hash")
            data = notewrite.read_current(target, expected)
            try:
                text = (data or b"").decode("utf-8")
            except UnicodeDecodeError:
                raise Refusal(422, "invalid", "notes.yaml is not UTF-8 text") from None
            edited = _edit(text, request)
            if edited == text:
                return Answer(200, {"ok": True, "unchanged": True})
            new = edited.encode("utf-8")
            content = self.rebuilder.options.content
            found = notewrite.problems(self.rebuilder.session.built, content, target, new)
            errors = [d.format() for d in found if d.severity == "error"]
            if errors:
                raise Refusal(422, "refused", "check would refuse notes.yaml with this change", tuple(errors))
            try:
                notewrite.replace_file(target, new, str(expected))
            except OSError as exc:  # a read-only folder, a full disk: nothing was written
                raise Refusal(500, "refused", f"notes.yaml could not be written: {exc.strerror}") from None
        return Answer(200, {"ok": True})
