"""Shared helpers: run the real command line, copy fixture sites."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
FUZZ_STATS: Counter[str] = Counter()  # figures the robustness tests report in the summary


@dataclass
class Run:
    code: int
    out: str
    err: str


def gloss(*args: str | Path, cwd: Path = ROOT, timeout: float = 60) -> Run:
    """Run ``python build.py ARGS`` as a user would."""
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a fixture file, failing loudly if the fixture changed."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site's content folder."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", target)
    return target


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ_STATS:
        terminalreporter.section("gloss robustness figures")
        for key in sorted(FUZZ_STATS):
            terminalreporter.write_line(f"{key}: {FUZZ_STATS[key]:,}")
