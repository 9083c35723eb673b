"""A built site served over real HTTP under a sub-path, as a static host
serves it: files under the base path only, the site's 404 page for the rest.
Shared by the crawl, the browser and the accessibility tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``base_path`` only, with the site's 404 page."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(self.base_path):
            return "/nonexistent"
        return super().translate_path("/" + url_path[len(self.base_path) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_site(folder: Path, base_path: str) -> Iterator[str]:
    """Serve ``folder`` at ``base_path`` on a free loopback port; yields the origin."""
    handler = type("Handler", (SubPathHandler,), {"base_path": base_path})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
