"""The habits CI keeps: the package type-checks under mypy --strict (configured in
pyproject.toml), with each ``type: ignore`` carrying its reason."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_the_package_type_checks_strictly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_says_why() -> None:
    unexplained = []
    for path in sorted((ROOT / "gloss").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"#\s*type:\s*ignore(\[[^\]]*\])?\s*$", line):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not unexplained, "\n".join(unexplained)


def test_functions_and_modules_stay_small() -> None:
    """No function past 60 lines, no module past 400 (docstrings included)."""
    import ast

    long = []
    for path in sorted((ROOT / "gloss").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            long.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                if node.end_lineno - node.lineno + 1 > 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name}")
    assert long == []


def test_ruff_lints_and_formats_cleanly() -> None:
    """ruff (configured in pyproject.toml: pycodestyle, pyflakes, isort, bugbear,
    pyupgrade) finds nothing, and ``ruff format`` would change nothing."""
    for command in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
