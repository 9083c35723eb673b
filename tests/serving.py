"""A real ``python build.py serve`` process that a test drives: what it printed to stderr,
line by line (``wait_for``), and its pages fetched over a socket (``get``), as a browser
asks for them (the Host header the preview checks)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT


class Serving:
    """``python build.py serve --port 0 *args`` running in ``cwd``; ``base``: the site's base path."""

    def __init__(self, cwd: Path, *args: str, base: str = "/small/") -> None:
        self.base = base
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", *args],
            cwd=cwd,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        found = self.wait_for(lambda line: "serving " in line)
        self.port = int(re.search(r":(\d+)/", found).group(1))  # type: ignore[union-attr]

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()

    def mark(self) -> int:
        """Where the lines printed from now on begin (``since``)."""
        with self.changed:
            return len(self.lines)

    def wait_for(self, test: Callable[[str], bool], since: int = 0, timeout: float = 120) -> str:
        """The first line from ``since`` on that passes ``test``, waiting for it."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for line in self.lines[since:]:
                    if test(line):
                        return line
                assert self.proc.poll() is None, "serve exited:\n" + "\n".join(self.lines)
                left = deadline - time.monotonic()
                assert left > 0, "serve never printed it; it printed:\n" + "\n".join(self.lines[since:])
                self.changed.wait(left)

    def rebuilt(self, since: int, timeout: float = 120) -> str:
        return self.wait_for(lambda line: line.startswith("rebuilt in "), since, timeout)

    def get(self, path: str) -> tuple[int, bytes]:
        """The status and body of the page at ``path`` under the base path."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(f"GET {self.base}{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), body

    def stop(self, interrupt: bool = True) -> None:
        """Ctrl-C, as a user stops it (the process records its last build for the next
        ``build``), or (``interrupt`` False) a plain terminate."""
        if self.proc.poll() is None:
            if interrupt:
                self.proc.send_signal(signal.SIGINT)
            else:
                self.proc.terminate()
            self.proc.wait(timeout=60)
        self.reader.join(timeout=10)
        assert self.proc.stderr is not None
        self.proc.stderr.close()
