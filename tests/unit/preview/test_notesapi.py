"""The preview's write endpoint (``/__gloss/notes``) against a real ``PreviewServer``
on 127.0.0.1: every forged request is refused and leaves every file as it was (the
content folder and a folder beside it, byte for byte); a good request writes only
its edit, keeps the file's mode, and is refused when the file changed since the
page was built or when ``check`` would reject the result."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, tree

from gloss.preview.notesapi import MAX_BODY, NotesApi
from gloss.preview.serve import LiveState, PreviewServer
from gloss.preview.watch import Rebuilder
from gloss.site.pipeline import Options

THEME = ROOT / "gloss" / "templates"
BUNDLE = "2026/03/open-weights-audit"
PAGE = "/small/open-weights-audit/"
OTHER = "2026/03/agent-benchmarks"
QUOTE = "Open-weight models"  # the start of a sentence of that bundle's index.md


@dataclass
class Preview:
    port: int
    root: Path  # holds content/, site/ and outside/
    rebuilder: Rebuilder
    api: NotesApi

    @property
    def content(self) -> Path:
        return self.root / "content"

    def files(self) -> dict[str, bytes]:
        """Every file of the content folder and of the folder beside it."""
        files = {p.relative_to(self.root).as_posix(): p for p in sorted(self.root.rglob("*")) if "site" not in p.parts}
        return {
            name: os.readlink(p).encode() if p.is_symlink() else p.read_bytes()
            for name, p in files.items()
            if p.is_file() or p.is_symlink()
        }

    def page_data(self, path: str = PAGE) -> dict[str, Any]:
        status, body = request(self.port, "GET", path, {})
        assert status == 200
        found = re.search(rb'<script type="application/json" id="gloss-notes-data">(.*?)</script>', body)
        assert found, "the page has no notes data"
        return dict(json.loads(found.group(1)))

    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def request(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
    """One raw HTTP/1.1 request, headers exactly as given (plus Host unless given)."""
    lines = [f"{method} {path} HTTP/1.1"]
    if not any(k.lower() == "host" for k in headers):
        lines.append(f"Host: 127.0.0.1:{port}")
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines.append("Connection: close")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), rest


def post(preview: Preview, body: dict[str, Any], **headers: str) -> tuple[int, dict[str, Any]]:
    raw = json.dumps(body).encode()
    sent = {"Origin": preview.origin(), "Content-Type": "application/json", "Content-Length": str(len(raw))}
    sent.update({k.replace("_", "-"): v for k, v in headers.items()})
    status, answer = request(preview.port, "POST", "/__gloss/notes", {k: v for k, v in sent.items() if v}, raw)
    return status, json.loads(answer) if answer.startswith(b"{") else {}


def add_body(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {
        "token": data["token"],
        "file": data["file"],
        "hash": data["hash"],
        "action": "add",
        "kind": "highlight",
        "entry": {"quote": QUOTE, "note": "Who audits?"},
    }
    return {**body, **changes}


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    rebuilder = Rebuilder(Options(content, THEME, search=False), tmp_path / "site")
    assert rebuilder.build().ok
    # Links out of content/ made after the build (a build refuses them): a bundle beside the
    # content folder linked in, and a bundle's notes.yaml replaced by a link to a file outside.
    outside = tmp_path / "outside" / "bundle"
    shutil.copytree(content / BUNDLE, outside)
    (content / "2026" / "03" / "linked").symlink_to(outside, target_is_directory=True)
    (tmp_path / "outside" / "notes.yaml").write_bytes((content / OTHER / "notes.yaml").read_bytes())
    (content / OTHER / "notes.yaml").unlink()
    (content / OTHER / "notes.yaml").symlink_to(tmp_path / "outside" / "notes.yaml")
    api = NotesApi(rebuilder)
    server = PreviewServer(("127.0.0.1", 0), tmp_path / "site", LiveState("/small/"), api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Preview(server.server_address[1], tmp_path, rebuilder, api)
    server.shutdown()
    server.server_close()


FORGED: dict[str, tuple[int, dict[str, Any], dict[str, str]]] = {
    # name: (status, changes to the body, headers)
    "no token": (403, {"token": None}, {}),
    "a wrong token": (403, {"token": "x" * 43}, {}),
    "a foreign Origin": (403, {}, {"Origin": "http://attacker.example"}),
    "another port's Origin": (403, {}, {"Origin": "http://127.0.0.1:1"}),
    "no Origin": (403, {}, {"Origin": ""}),
    "a cross-site fetch": (403, {}, {"Sec_Fetch_Site": "cross-site"}),
    "a form's Content-Type": (415, {}, {"Content_Type": "text/plain"}),
    "no Content-Type": (415, {}, {"Content_Type": ""}),
    "a path outside content/": (403, {"file": "../outside/notes.yaml"}, {}),
    "an absolute path": (403, {"file": "/etc/notes.yaml"}, {}),
    "a path through a symlink": (403, {"file": "2026/03/linked/notes.yaml"}, {}),
    "a notes.yaml that is a symlink": (403, {"file": f"{OTHER}/notes.yaml"}, {}),
    "another file of the bundle": (403, {"file": f"{BUNDLE}/index.md"}, {}),
    "a dotted path": (403, {"file": f"2026/03/../03/{BUNDLE.rsplit('/', 1)[1]}/notes.yaml"}, {}),
    "a folder that is no bundle": (404, {"file": "2026/notes.yaml"}, {}),
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_a_forged_request_is_refused_and_changes_nothing(preview: Preview, name: str) -> None:
    status, changes, headers = FORGED[name]
    data = preview.page_data()
    before = preview.files()
    body = {k: v for k, v in add_body(data, **changes).items() if v is not None}
    answer = post(preview, body, **headers)
    assert answer[0] == status, answer
    assert answer[1].get("ok") is not True
    assert preview.files() == before


def test_the_same_request_with_everything_right_is_written(preview: Preview) -> None:
    """(So that the refusals above are refusals of the one thing each changes.)"""
    data = preview.page_data()
    before = (preview.content / BUNDLE / "notes.yaml").read_bytes()
    assert post(preview, add_body(data)) == (200, {"ok": True})
    after = (preview.content / BUNDLE / "notes.yaml").read_bytes()
    last = b'  - {quote: "Audits cost time.", note: "The crux."}\n'  # its siblings' style, after them
    assert after == before.replace(last, last + f'  - {{quote: "{QUOTE}", note: "Who audits?"}}\n'.encode())


@pytest.mark.parametrize("host", ["attacker.example", "localhost.", "127.0.0.1.nip.io", "192.0.2.1"])
def test_a_foreign_host_is_refused_and_changes_nothing(preview: Preview, host: str) -> None:
    data = preview.page_data()
    before = preview.files()
    host = f"{host}:{preview.port}"
    raw = json.dumps(add_body(data)).encode()
    headers = {"Host": host, "Origin": f"http://{host}", "Content-Type": "application/json"}
    status, _ = request(preview.port, "POST", "/__gloss/notes", {**headers, "Content-Length": str(len(raw))}, raw)
    assert status == 421
    assert preview.files() == before


def test_a_huge_body_is_refused_unread_and_changes_nothing(preview: Preview) -> None:
    data = preview.page_data()
    before = preview.files()
    entry = {"quote": QUOTE, "note": "x" * (MAX_BODY + 1)}
    raw = json.dumps(add_body(data, entry=entry)).encode()
    headers = {"Origin": preview.origin(), "Content-Type": "application/json", "Content-Length": str(len(raw))}
    status, _ = request(preview.port, "POST", "/__gloss/notes", headers, raw)
    assert status == 413
    # a declared length far beyond what is sent: answered at once, the body never waited for
    headers["Content-Length"] = str(1 << 30)
    assert request(preview.port, "POST", "/__gloss/notes", headers, raw[:100])[0] == 413
    assert preview.files() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Transfer-Encoding": "chunked"},
        {"Origin": "http://attacker.example"},  # a second Origin after the right one
        {},  # no Content-Length at all
    ],
)
def test_unclear_lengths_and_doubled_headers_are_refused(preview: Preview, headers: dict[str, str]) -> None:
    data = preview.page_data()
    before = preview.files()
    raw = json.dumps(add_body(data)).encode()
    sent = [f"Origin: {preview.origin()}", "Content-Type: application/json"]
    if headers:
        sent.append(f"Content-Length: {len(raw)}")
    sent += [f"{k}: {v}" for k, v in headers.items()]
    lines = ["POST /__gloss/notes HTTP/1.1", f"Host: 127.0.0.1:{preview.port}", *sent, "Connection: close"]
    with socket.create_connection(("127.0.0.1", preview.port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + raw)
        answer = sock.recv(65536)
    assert int(answer.split()[1]) in (400, 411)
    assert preview.files() == before


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_other_methods_are_refused(preview: Preview, method: str) -> None:
    before = preview.files()
    data = preview.page_data()
    raw = json.dumps(add_body(data)).encode()
    headers = {"Origin": preview.origin(), "Content-Type": "application/json", "Content-Length": str(len(raw))}
    status, _ = request(preview.port, method, "/__gloss/notes?" + "&".join(f"{k}=1" for k in data), headers, raw)
    assert status in (405, 501)
    assert preview.files() == before


def test_posting_anywhere_else_is_refused(preview: Preview) -> None:
    data = preview.page_data()
    before = preview.files()
    raw = json.dumps(add_body(data)).encode()
    headers = {"Origin": preview.origin(), "Content-Type": "application/json", "Content-Length": str(len(raw))}
    for path in (PAGE, "/__gloss/notes/", "/__gloss/live.js"):
        assert request(preview.port, "POST", path, headers, raw)[0] == 405
    assert preview.files() == before


def test_a_server_without_the_endpoint_writes_nothing(tmp_path: Path, preview: Preview) -> None:
    """Only ``serve`` passes a ``NotesApi``: without it, nothing is injected or written."""
    server = PreviewServer(("127.0.0.1", 0), preview.root / "site", LiveState("/small/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        status, page = request(port, "GET", PAGE, {})
        assert status == 200 and b"gloss-notes-data" not in page and b"notes.js" not in page
        data = preview.page_data()
        before = preview.files()
        raw = json.dumps(add_body(data)).encode()
        headers = {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"}
        assert request(port, "POST", "/__gloss/notes", {**headers, "Content-Length": str(len(raw))}, raw)[0] == 404
        assert preview.files() == before
    finally:
        server.shutdown()
        server.server_close()


def test_the_token_is_in_served_article_pages_only(preview: Preview) -> None:
    data = preview.page_data()
    token = data["token"].encode()
    assert len(data["token"]) >= 40
    assert all(token not in body for body in tree(preview.root / "site").values())  # never on disk
    status, home = request(preview.port, "GET", "/small/", {})
    assert status == 200 and token not in home
    assert preview.page_data("/small/%E6%8E%A8%E7%90%86%E6%88%90%E6%9C%AC/")["token"] == data["token"]


def test_a_file_changed_since_the_page_was_built_is_not_written(preview: Preview) -> None:
    data = preview.page_data()
    notes = preview.content / BUNDLE / "notes.yaml"
    notes.write_bytes(notes.read_bytes() + b"# an edit in the editor\n")
    before = preview.files()
    status, answer = post(preview, add_body(data))
    assert (status, answer["code"]) == (409, "changed") and "reload" in answer["message"]
    assert preview.files() == before


def test_what_check_would_reject_is_not_written(preview: Preview) -> None:
    data = preview.page_data()
    before = preview.files()
    for entry, said in (
        ({"quote": "words that are nowhere in the text", "note": "x"}, "is not in index.md"),
        ({"quote": QUOTE, "note": "[see](no-such-article)"}, 'unknown article "no-such-article"'),
        ({"quote": QUOTE, "doc": "original"}, "original"),
    ):
        status, answer = post(preview, add_body(data, entry=entry))
        assert (status, answer["code"]) == (422, "refused"), answer
        assert said in "\n".join(answer["problems"])
    assert preview.files() == before


def test_a_write_keeps_the_mode_and_leaves_no_temporary_file(preview: Preview) -> None:
    notes = preview.content / BUNDLE / "notes.yaml"
    os.chmod(notes, 0o640)
    preview.rebuilder.build()  # (the page is built from the file as it is now)
    data = preview.page_data()
    assert post(preview, add_body(data))[0] == 200
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640
    assert sorted(p.name for p in notes.parent.iterdir()) == ["index.md", "notes.yaml"]


def test_a_change_during_a_build_makes_the_page_refuse_writes(
    preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hash is taken before the build reads the file: a file edited while the build
    runs (before or after the build read it) is not the one the page's hash names."""
    notes = preview.content / BUNDLE / "notes.yaml"
    original = notes.read_bytes()
    session = preview.rebuilder.session
    real_run = session.build
    for when in ("before the read", "after the read"):

        def run(*args: Any, when: str = when) -> Any:
            if when == "before the read":
                notes.write_bytes(notes.read_bytes().replace(b"audit trails", b"audit logs"))
            result = real_run(*args)
            if when == "after the read":
                notes.write_bytes(notes.read_bytes() + b"# later\n")
            return result

        monkeypatch.setattr(session, "build", run)
        assert preview.rebuilder.build(frozenset({notes})).ok
        monkeypatch.setattr(session, "build", real_run)
        data = preview.page_data()
        before = preview.files()
        assert post(preview, add_body(data))[0] == 409, when
        assert preview.files() == before
        assert preview.rebuilder.build(frozenset({notes})).ok  # the next build names the file as it is
        assert post(preview, add_body(preview.page_data()))[0] == 200, when
        notes.write_bytes(original)
        assert preview.rebuilder.build(frozenset({notes})).ok


def test_preview_renders_a_note_as_the_build_does(preview: Preview) -> None:
    data = preview.page_data()
    body = {"token": data["token"], "action": "preview", "markdown": "a *note* with [a link](agent-benchmarks)"}
    status, answer = post(preview, body)
    assert status == 200
    assert answer["html"] == 'a <em>note</em> with <a href="/small/agent-benchmarks/">a link</a>'
    before = preview.files()
    assert post(preview, {**body, "markdown": "<script>alert(1)</script>"})[1]["html"].startswith("&lt;script")
    assert preview.files() == before


def test_a_hash_never_waits_on_a_fifo_nor_follows_a_link(tmp_path: Path) -> None:
    from gloss.preview.ledger import ABSENT, UNREADABLE, file_hash

    (tmp_path / "file").write_bytes(b"date: 2026-01-01\n")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "file")
    assert len(file_hash(str(tmp_path / "file"))) == 64
    assert file_hash(str(tmp_path / "missing")) == ABSENT
    for name in ("fifo", "folder", "link"):
        assert file_hash(str(tmp_path / name)) == UNREADABLE, name
