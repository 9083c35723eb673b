"""Preview latency: from saving a file to the preview having the change.

- gloss: ``serve_latency.measure`` (the watcher and incremental builder of
  ``gloss serve``, in this process): save a ``notes.yaml``, time until the
  rebuilt files are written and the live-reload event would go out.
- Hugo: a real ``hugo server`` process (fast render mode, Hugo's default,
  rendering to memory); the article's page is requested once so that Hugo
  counts it as visited, then its ``index.md`` is saved and the page is polled
  over HTTP every ``POLL_S`` until the served HTML holds the new words.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL_S = 0.002
START_TIMEOUT_S = 900.0


def gloss_notes_latency(content: Path, theme: Path, scratch: Path, edits: int) -> list[float]:
    """Seconds from saving one notes.yaml to the rebuilt files, ``edits`` times, on copies of
    ``content`` and ``theme`` (the measurement edits them)."""
    from serve_latency import measure

    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(content, scratch / "content")
    shutil.copytree(theme, scratch / "theme")
    results = measure(scratch / "content", scratch / "theme", scratch / "site", edits)
    return results["notes.yaml edit"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_until(url: str, needle: str | None, timeout: float) -> float | None:
    """Poll ``url`` until it answers (with ``needle`` in the body, if given); the time it did, or None."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        body = _get(url)
        if body is not None and (needle is None or needle in body):
            return time.perf_counter()
        time.sleep(POLL_S)
    return None


def _edited(text: str, marker: str) -> str:
    """``text`` with ``marker`` as the first words of the body's first paragraph."""
    head, sep, body = text.partition("\n---\n\n")
    return head + sep + marker + " " + body


def hugo_server_latency(cmd: list[str], project: Path, port: int, slug: str, edits: int) -> list[float]:
    """Seconds from saving ``content/posts/<slug>/index.md`` to ``hugo server`` serving the change."""
    page = f"http://127.0.0.1:{port}/posts/{slug}/"
    source = project / "content" / "posts" / slug / "index.md"
    original = source.read_bytes()
    proc = subprocess.Popen(cmd, cwd=project, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    times: list[float] = []
    try:
        if _wait_until(page, None, START_TIMEOUT_S) is None:
            raise RuntimeError("hugo server did not start")
        for i in range(edits):
            marker = f"benchedit{i}x{os.getpid()}"
            text = original.decode("utf-8")
            saved = time.perf_counter()
            source.write_text(_edited(text, marker), encoding="utf-8")
            seen = _wait_until(page, marker, 60.0)
            if seen is None:
                raise RuntimeError("hugo server did not show the edit within 60 s")
            times.append(seen - saved)
            time.sleep(0.3)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        source.write_bytes(original)
    return times

