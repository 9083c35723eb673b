"""Property-based fuzzing: generated sites, valid and broken, either build or
fail with ``path:line:col: message`` errors; never an exception, never a hang.

Most examples run in-process through ``gloss.site.pipeline.run`` (a few ms each:
the compiled theme is shared, nothing else is); a few go through the real
command line. The CI profile is bounded and derandomised; ``GLOSS_FUZZ=long``
selects the long profile (about 20 times the examples, a fresh seed each run).
The counts are printed in pytest's summary.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FUZZ_STATS, ROOT
from fuzzgen import MARKER, SLUGS, Bundle, bundles, markdown, write_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from gloss.build.render import RenderCache
from gloss.site.pipeline import Memo, Options, Result, run

LONG = os.environ.get("GLOSS_FUZZ") == "long"
SCALE = 20 if LONG else 1
EXAMPLE_SECONDS = 20  # a generated site is tiny: no example may take longer (a hang)
settings.register_profile(
    "gloss-ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("gloss-long", parent=settings.get_profile("gloss-ci"), derandomize=False)
PROFILE = settings.get_profile("gloss-long" if LONG else "gloss-ci")
THEME = ROOT / "gloss" / "templates"
ERROR_LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?:warning: )?\S[^\n]*$")
UNSAFE_URL = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data):""", re.IGNORECASE)

pytestmark = pytest.mark.fuzz


def _load_pygments_plugins() -> None:
    """Look up an unknown code language once, outside the examples: Pygments then loads
    the lexer plugins other installed packages register, and one of those (IPython's,
    through jedi) raises the recursion limit, which Hypothesis warns about mid-test."""
    try:
        get_lexer_by_name("gloss-no-such-language")
    except ClassNotFound:
        pass


_load_pygments_plugins()


class Hang(BaseException):
    """An example ran past ``EXAMPLE_SECONDS`` (a BaseException: gloss's handlers must not catch it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Sandbox:
    """One scratch folder per test, emptied for each example, and the theme compiled once."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="gloss-fuzz-"))
        self.content = self.root / "content"
        self.memo_parts: tuple | None = None

    def site(self, articles: dict[str, Bundle]) -> Path:
        shutil.rmtree(self.content, ignore_errors=True)
        write_site(self.content, articles)
        return self.content

    def build(self, articles: dict[str, Bundle]) -> Result:
        content = self.site(articles)
        options = Options(content, THEME, search=False)
        if self.memo_parts is None:  # the first build compiles the theme; later ones reuse only that
            memo = Memo()
            with time_limit(EXAMPLE_SECONDS * 3):
                result = run(options, memo)
            self.memo_parts = (memo.config, memo.theme, memo.render.env)
        else:
            config, theme, env = self.memo_parts
            memo = Memo(config=config, theme=theme, render=RenderCache(env=env))
            with time_limit(EXAMPLE_SECONDS):
                result = run(options, memo)
        return result


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox()
    yield box
    shutil.rmtree(box.root, ignore_errors=True)


def check_result(result: Result, content: Path, kind: str) -> None:
    """The property: a build, or errors a user can act on, and a safe site."""
    FUZZ_STATS[f"{kind}: in-process examples"] += 1
    errors = [d for d in result.diagnostics if d.severity == "error"]
    for d in result.diagnostics:
        line = d.format()
        assert ERROR_LINE.match(line), f"not path:line:col: message: {line!r}"
        assert d.path.startswith(str(content)), f"an error outside the content folder: {line!r}"
    if not result.ok:
        assert errors, "the build failed without saying why"
        FUZZ_STATS[f"{kind}: refused with errors"] += 1
        return
    FUZZ_STATS[f"{kind}: built"] += 1
    for output in result.outputs:
        if output.data is None:
            continue
        if output.path.endswith(".html"):
            page = output.data.decode("utf-8")
            assert MARKER not in page and "<img src=x onerror" not in page, f"raw HTML got through into {output.path}"
            assert not UNSAFE_URL.search(page), f"a dangerous URL in {output.path}"
        elif output.path.endswith(".xml"):
            ET.fromstring(output.data)  # feeds and the sitemap stay well-formed XML


def articles_from(first: Bundle, second: Bundle | None) -> dict[str, Bundle]:
    return {SLUGS[0]: first} | ({SLUGS[1]: second} if second is not None else {})


@settings(PROFILE, max_examples=400 * SCALE)
@given(first=bundles(), second=st.one_of(st.none(), bundles()))
def test_fuzz_sites_in_process(sandbox: Sandbox, first: Bundle, second: Bundle | None) -> None:
    articles = articles_from(first, second)
    check_result(sandbox.build(articles), sandbox.content, "sites")


@settings(PROFILE, max_examples=1000 * SCALE)
@given(first=bundles(raw_notes=True))
def test_fuzz_raw_notes_in_process(sandbox: Sandbox, first: Bundle) -> None:
    check_result(sandbox.build({SLUGS[0]: first}), sandbox.content, "raw notes")


@settings(PROFILE, max_examples=600 * SCALE)
@given(index=markdown(), original=st.one_of(st.none(), markdown()))
def test_fuzz_markdown_in_process(sandbox: Sandbox, index: str, original: str | None) -> None:
    bundle = Bundle(index, "date: 2026-01-01\n", original)
    check_result(sandbox.build({SLUGS[0]: bundle}), sandbox.content, "markdown")


@settings(PROFILE, max_examples=10 * SCALE)
@given(first=bundles(), second=st.one_of(st.none(), bundles()), raw=st.one_of(st.none(), bundles(raw_notes=True)))
def test_fuzz_through_the_command_line(first: Bundle, second: Bundle | None, raw: Bundle | None) -> None:
    root = Path(tempfile.mkdtemp(prefix="gloss-fuzz-cli-"))
    try:
        articles = articles_from(first, second) | ({"c": raw} if raw is not None else {})
        write_site(root / "content", articles)
        proc = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "build",
                "--no-search",
                "--content",
                str(root / "content"),
                "--out",
                str(root / "site"),
            ],
            capture_output=True,
            text=True,
            timeout=EXAMPLE_SECONDS * 3,
            cwd=root,
        )
        FUZZ_STATS["command line: examples"] += 1
        FUZZ_STATS[f"command line: exit {proc.returncode}"] += 1
        assert proc.returncode in (0, 1), proc.stderr
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.splitlines()
        if proc.returncode == 1:
            assert lines and re.fullmatch(r"\d+ errors?(, \d+ warnings?)?", lines[-1]), proc.stderr
            assert all(ERROR_LINE.match(line) for line in lines[:-1]), proc.stderr
            assert not (root / "site").exists()
        else:
            assert all(ERROR_LINE.match(line) for line in lines[:-1]) and lines[-1].startswith("built "), proc.stderr
            assert (root / "site" / "index.html").is_file()
    finally:
        shutil.rmtree(root, ignore_errors=True)
