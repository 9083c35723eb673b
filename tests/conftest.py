"""Shared helpers: run the real command line, copy fixture sites, the sample
site built once per session and served under its sub-path."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitehost import serve_site

from gloss.anchoring.quotes import Selector
from gloss.preview.serve import LiveState, PreviewServer
from gloss.preview.watch import BuildReport, Rebuilder, watch
from gloss.site.pipeline import Options
from gloss.text.quoting import quote_context

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).parent  # the helpers, fixtures and golden trees; tests in unit/, e2e/ and project/
FIXTURES = TESTS / "fixtures"
FUZZ_STATS: Counter[str] = Counter()  # figures the robustness tests report in the summary
SAMPLE_BASE = "/digest/"  # content/site.yaml: base_url https://example.org/digest/


@dataclass
class Run:
    code: int
    out: str
    err: str


def quoted(text: str, quote: str, start: int = -1) -> Selector:
    """The quote at ``start`` in ``text`` (its first occurrence by default) with the context the
    preview's "Copy as note" writes for it."""
    start = text.index(quote) if start < 0 else start
    return Selector(quote, *quote_context(text, start, start + len(quote)))


def gloss(*args: str | Path, cwd: Path = ROOT, timeout: float = 60) -> Run:
    """Run ``python build.py ARGS`` as a user would."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a fixture file, failing loudly if the fixture changed."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fill(path: Path) -> None:
    """Write zeros to the file at ``path`` until its file system is full to the last byte."""
    with open(path, "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site's content folder."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", target)
    return target


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (content/), built once by the real command line; tests only read it."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = gloss("build", "--content", ROOT / "content", "--out", out)
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def sample_origin(sample: Path) -> Iterator[str]:
    """The sample site over HTTP at SAMPLE_BASE; the origin (``http://127.0.0.1:PORT``)."""
    with serve_site(sample, SAMPLE_BASE) as origin:
        yield origin


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One headless Chromium per test module (see browser.py)."""
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ_STATS:
        terminalreporter.section("gloss robustness figures")
        for key in sorted(FUZZ_STATS):
            terminalreporter.write_line(f"{key}: {FUZZ_STATS[key]:,}")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, Path, Path, list[BuildReport]]]:
    """The small site served by a real preview server with its watcher: (page URL,
    content folder, theme folder, the build reports so far)."""
    content, theme = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "small" / "content", content)
    shutil.copytree(ROOT / "gloss" / "templates", theme)
    out = tmp_path / "site"
    rebuilder = Rebuilder(Options(content, theme, search=False), out)
    assert rebuilder.build().ok
    state = LiveState("/small/")
    server = PreviewServer(("127.0.0.1", 0), out, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    reports: list[BuildReport] = []

    def on_build(report: BuildReport) -> None:
        reports.append(report)
        state.publish(report)

    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(rebuilder, [content, theme], on_build, stop), daemon=True)
    watcher.start()
    time.sleep(0.5)
    yield f"http://127.0.0.1:{server.server_address[1]}/small/", content, theme, reports
    stop.set()
    watcher.join(timeout=5)
    server.stopping.set()
    server.shutdown()
    server.server_close()
