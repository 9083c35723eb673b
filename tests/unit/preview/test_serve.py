"""The preview server: what it serves, what it refuses, and the live-reload
events, through real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from gloss.preview.serve import LiveState, PreviewServer, resolve_path
from gloss.preview.watch import Rebuilder
from gloss.site.pipeline import Options

THEME = ROOT / "gloss" / "templates"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int, Path, Rebuilder, LiveState]]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    out = tmp_path / "site"
    rebuilder = Rebuilder(Options(content, THEME, search=True), out)
    assert rebuilder.build().ok
    (tmp_path / "secret.txt").write_text("outside the site")
    (out / "leak").symlink_to(tmp_path / "secret.txt")
    (out / "leakdir").symlink_to(tmp_path)
    state = LiveState("/small/")
    server = PreviewServer(("127.0.0.1", 0), out, state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", server.server_address[1], content, rebuilder, state
    server.stopping.set()
    server.shutdown()
    server.server_close()


def get(port: int, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """A raw request: the path is sent exactly as given (no client-side normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(method, path, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.mark.parametrize(
    "path",
    [
        "/small/../../secret.txt",
        "/small/%2e%2e/%2e%2e/secret.txt",
        "/small/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/small/..%2f..%2fsecret.txt",
        "/small//etc/passwd",
        "/small/%2fetc%2fpasswd",
        "/etc/passwd",
        "/small/leak",
        "/small/leakdir/secret.txt",
        "/small/..\\..\\secret.txt",
        "/small/%00index.html",
        "/small/....//....//secret.txt",
    ],
)
def test_nothing_outside_the_site_is_served(served: tuple, path: str) -> None:
    _, port, *_ = served
    status, _, body = get(port, path)
    assert status in (301, 302, 404), (path, status)
    assert b"outside the site" not in body and b"root:" not in body


def test_resolve_path_rejects_escapes(tmp_path: Path) -> None:
    root = os.path.realpath(tmp_path)
    (tmp_path / "index.html").write_text("x")
    assert resolve_path(root, "/", "/") == root  # a folder with an index.html
    assert resolve_path(root, "/", "/index.html") == os.path.join(root, "index.html")
    for bad in ("/../x", "/%2e%2e/x", "/a/../../x", "//etc/passwd", "/\x00"):
        assert resolve_path(root, "/", bad) is None, bad


def test_pages_types_404_and_base_path(served: tuple) -> None:
    _, port, *_ = served
    status, headers, body = get(port, "/small/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b'src="/__gloss/live.js"' in body  # injected into what is served…
    assert get(port, "/")[0] == 302 and get(port, "/")[1]["location"] == "/small/"
    status, headers, _ = get(port, "/small/open-weights-audit")
    assert status == 301 and headers["location"] == "/small/open-weights-audit/"
    status, _, body = get(port, "/small/no/such/page/")
    assert status == 404 and b"archive/" in body  # the site's own 404 page
    expected = {
        "/small/assets/style.css": "text/css",
        "/small/feed.xml": "application/atom+xml",
        "/small/pagefind/pagefind-ui.js": "text/javascript",
        "/small/pagefind/shards.json": "application/json",
        "/small/sitemap.xml": "application/xml",
        "/small/robots.txt": "text/plain",
    }
    for path, kind in expected.items():
        status, headers, _ = get(port, path)
        assert status == 200 and headers["content-type"].startswith(kind), (path, headers["content-type"])
    shard = "pagefind/" + json.loads((served[3].out / "pagefind" / "shards.json").read_bytes())[0]["bundle"]
    wasm = next(p for p in os.listdir(served[3].out / shard) if p.startswith("wasm."))
    assert get(port, f"/small/{shard}{wasm}")[1]["content-type"] == "application/wasm"
    index = next((served[3].out / shard / "index").iterdir()).name
    assert get(port, f"/small/{shard}index/{index}")[1]["content-type"] == "application/octet-stream"
    assert get(port, "/small/", "HEAD")[2] == b""


def test_the_site_on_disk_never_gets_the_live_script(served: tuple) -> None:
    out = served[3].out
    assert not any(b"__gloss" in p.read_bytes() for p in out.rglob("*.html"))


def read_event(sock: socket.socket, buffer: bytearray, end: bytes = b"\n\n") -> str:
    """The next block up to ``end`` (an event; the response head with end=CRLF CRLF), pings skipped."""
    while True:
        while end not in buffer:
            chunk = sock.recv(65536)
            assert chunk, "the event stream closed"
            buffer.extend(chunk)
        at = buffer.index(end)
        block = bytes(buffer[:at]).decode()
        del buffer[: at + len(end)]
        if not block.startswith(":"):
            return block


def test_events_come_after_the_write_and_name_the_changed_pages(served: tuple) -> None:
    _, port, content, rebuilder, state = served
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /__gloss/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    buffer = bytearray()
    headers = read_event(sock, buffer, b"\r\n\r\n")
    assert "text/event-stream" in headers
    assert '"changed": []' in read_event(sock, buffer)  # the current state, on connecting
    notes = content / "2026/03/open-weights-audit/notes.yaml"
    notes.write_text(notes.read_text().replace("asked for *audit trails*", "asked for *audit records*"))
    report = rebuilder.build(frozenset({notes}))
    page = (rebuilder.out / "open-weights-audit/index.html").read_text()
    state.publish(report)  # what serve does once the build has written its files
    event = read_event(sock, buffer)
    assert "audit records" in page  # the impact analysis: shown on its own page only
    assert '"/small/open-weights-audit/"' in event and '"/small/agent-benchmarks/"' not in event
    # a broken build: the errors go out, and a new page sees them at once
    notes.write_text(notes.read_text().replace('anchor: "#why"', 'anchor: "#nope"'))
    state.publish(rebuilder.build(frozenset({notes})))
    assert "#nope" in read_event(sock, buffer)
    late = socket.create_connection(("127.0.0.1", port), timeout=10)
    late.sendall(b"GET /__gloss/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    late_buffer = bytearray()
    read_event(late, late_buffer, b"\r\n\r\n")
    assert "#nope" in read_event(late, late_buffer)
    late.close()
    sock.close()


def _with_host(port: int, path: str, host: str | None) -> tuple[int, bytes]:
    """A request whose Host header is ``host`` (None: no Host header at all)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        header = b"" if host is None else b"Host: " + host.encode() + b"\r\n"
        sock.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\n" + header + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
            if data.startswith(b"HTTP/1.1 200") and b"text/event-stream" in data:
                break  # an event stream never ends
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize(
    "path", ["/small/", "/small/open-weights-audit/", "/__gloss/events", "/__gloss/live.js", "/small/no-such-page/"]
)
def test_a_foreign_host_gets_421_and_nothing(served: tuple[str, int, Path, Rebuilder, LiveState], path: str) -> None:
    """DNS rebinding: a page on attacker.example resolved to 127.0.0.1 sends its own
    name as Host; the preview answers it (and every other name) with 421, no content."""
    _, port, _, _, _ = served
    for host in (
        "attacker.example",
        f"attacker.example:{port}",
        f"127.0.0.1.nip.io:{port}",
        "localhost.:80",
        f"127.0.0.2:{port}",
        f"localhost:{port + 1}",
        "",
        None,
    ):
        status, body = _with_host(port, path, host)
        assert (status, body) == (421, b""), (host, status, body[:80])


def test_loopback_names_with_the_port_are_answered(served: tuple[str, int, Path, Rebuilder, LiveState]) -> None:
    _, port, _, _, _ = served
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}", "127.0.0.1"):
        status, body = _with_host(port, "/small/", host)
        assert status == 200 and b"<html" in body, host
        assert _with_host(port, "/__gloss/events", host)[0] == 200, host


def test_the_host_given_is_answered_too(tmp_path: Path) -> None:
    """``serve --host 0.0.0.0``: that name is answered as well, other addresses are not."""
    (tmp_path / "index.html").write_text("<html><body>hi</body></html>", encoding="utf-8")
    server = PreviewServer(("0.0.0.0", 0), tmp_path, LiveState("/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        assert server.host_names == frozenset({"127.0.0.1", "localhost", "[::1]", "0.0.0.0"})
        assert _with_host(port, "/", f"0.0.0.0:{port}")[0] == 200
        assert _with_host(port, "/", f"192.0.2.7:{port}")[0] == 421
    finally:
        server.shutdown()
        server.server_close()
