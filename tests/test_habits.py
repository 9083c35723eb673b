"""The habits CI keeps: the package type-checks under mypy --strict (configured in
pyproject.toml), with each ``type: ignore`` carrying its reason."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_the_package_type_checks_strictly() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_says_why() -> None:
    unexplained = []
    for path in sorted((ROOT / "gloss").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"#\s*type:\s*ignore(\[[^\]]*\])?\s*$", line):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not unexplained, "\n".join(unexplained)
