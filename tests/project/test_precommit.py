"""``.pre-commit-hooks.yaml`` offers ``gloss-check`` to editors' repositories:
the real ``pre-commit`` tool installs gloss from a local clone of this
repository into its own virtual environment (``language: python``: pip
installs the clone and its dependencies from the package index pip is
configured with, a local one on the CI machine) and runs the hook on a site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def _clone(tmp_path: Path) -> tuple[Path, str]:
    """A local repository holding this checkout's package files as they are now."""
    repo = tmp_path / "gloss-clone"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "gloss", repo / "gloss", ignore=shutil.ignore_patterns("__pycache__"))
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "gloss")
    return repo, _git(repo, "rev-parse", "HEAD")


def test_the_hooks_file_offers_gloss_check() -> None:
    from gloss.text.yamlsafe import load

    hooks = load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")).data
    (hook,) = hooks
    assert hook["id"] == "gloss-check" and hook["entry"] == "gloss check" and hook["pass_filenames"] is False


def test_pre_commit_runs_gloss_check_on_a_site(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    repo, rev = _clone(tmp_path)
    site = tmp_path / "site-repo"
    shutil.copytree(FIXTURES / "small" / "content", site / "content")
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: gloss-check\n", encoding="utf-8"
    )
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("PYTHONPATH", None)
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    ok = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=900)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "gloss check" in ok.stdout and "Passed" in ok.stdout
    notes = site / "content" / "2026" / "03" / "open-weights-audit" / "notes.yaml"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("date:", "date: not-a-date\nold_date:", 1), encoding="utf-8"
    )
    _git(site, "add", "-A")
    broken = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=300)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout and "notes.yaml:" in broken.stdout
