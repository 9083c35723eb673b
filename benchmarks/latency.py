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

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

POLL_S = 0.002
START_TIMEOUT_S = 900.0
SETTLE_S = 2.0


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
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
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


def server_latency(
    cmd: list[str], cwd: Path, page: str, source: Path, edit: Callable[[str, str], str], edits: int
) -> list[float]:
    """Start the server ``cmd``; ``edits`` times, save ``source`` changed by ``edit(text, marker)`` and
    time until ``page`` is served with the marker. The server is stopped and the file restored."""
    original = source.read_bytes()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    times: list[float] = []
    try:
        if _wait_until(page, None, START_TIMEOUT_S) is None:
            raise RuntimeError(f"{cmd[0]}: the server did not start")
        time.sleep(SETTLE_S)  # the watcher may start after the first page is served
        for i in range(edits):
            marker = f"benchedit{i}x{os.getpid()}"
            changed = edit(original.decode("utf-8"), marker)
            saved = time.perf_counter()
            source.write_text(changed, encoding="utf-8")
            seen = _wait_until(page, marker, 60.0)
            if seen is None:
                raise RuntimeError(f"{page} did not show the edit within 60 s")
            times.append(seen - saved)
            time.sleep(0.3)
    finally:
        _stop(proc)
        source.write_bytes(original)
    return times


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def hugo_server_latency(cmd: list[str], project: Path, port: int, slug: str, edits: int) -> list[float]:
    """Seconds from saving ``content/posts/<slug>/index.md`` to ``hugo server`` serving the change."""
    source = project / "content" / "posts" / slug / "index.md"
    return server_latency(cmd, project, f"http://127.0.0.1:{port}/posts/{slug}/", source, _edited, edits)


def gloss_serve_latency(root: Path, scratch: Path, edits: int) -> list[float]:
    """Seconds from saving one notes.yaml to a real ``python build.py serve`` serving the changed
    summary over HTTP (on the copies ``gloss_notes_latency`` left in ``scratch``)."""
    import sys

    content, port = scratch / "content", free_port()
    notes = sorted(content.rglob("notes.yaml"))
    source = notes[len(notes) // 2]
    out = scratch / "served"
    if out.exists():
        shutil.rmtree(out)
    cmd = [
        sys.executable,
        "build.py",
        "serve",
        "--content",
        str(content),
        "--templates",
        str(scratch / "theme"),
        "--out",
        str(out),
        "--port",
        str(port),
    ]
    page = f"http://127.0.0.1:{port}{_base_path(content)}{source.parent.name}/"
    return server_latency(
        cmd, root, page, source, lambda text, marker: text.replace('summary: "', f'summary: "{marker} ', 1), edits
    )


def _base_path(content: Path) -> str:
    """The path of site.yaml's base_url (gloss serves the site under it)."""
    text = (content / "site.yaml").read_text(encoding="utf-8")
    match = re.search(r"^base_url:\s*\S+?://[^/\s]+(/\S*)?\s*$", text, re.M)
    path = (match.group(1) if match else None) or "/"
    return path if path.endswith("/") else path + "/"
