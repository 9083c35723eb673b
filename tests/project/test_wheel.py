"""gloss as a user installs it: a wheel built from this repository, installed
(not editable) into a fresh virtual environment, run from a folder far from
the checkout: ``init``, ``new``, ``check``, ``build`` and a short ``serve``.

Offline: the wheel is built with ``--no-build-isolation`` (the setuptools
already here) and installed with ``--no-deps``; the fresh environment reaches
gloss's dependencies in this environment's site-packages through a ``.pth``
file, after its own site-packages, so ``import gloss`` finds the wheel's copy."""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT


def _run(*args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args}: {proc.stdout}{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh virtual environment holding gloss from a wheel; its bin folder and environment."""
    top = tmp_path_factory.mktemp("wheel")
    source = top / "source"  # a copy, so building leaves no build/ or egg-info in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "gloss", source / "gloss", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run(*pip, "wheel", source, "--no-deps", "--no-build-isolation", "--no-index", "-w", top / "dist", cwd=top, env=env)
    (wheel,) = (top / "dist").glob("gloss_digest-*.whl")
    venv = top / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=top, env=env)
    python = venv / "bin" / "python"
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=top, env=env)
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=top, env=env)
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib.stdout.strip(), "dependencies.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    yield venv / "bin", env


def test_the_wheel_holds_the_theme_and_imports_from_the_environment(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, env = installed
    where = _run(
        bin_dir / "python",
        "-c",
        "import gloss, gloss.content.theme as t; print(gloss.__file__); print(t.default_theme())",
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(bin_dir.parent), f"gloss imported from {where[0]}, not the wheel"
    theme = Path(where[1])
    assert theme.is_relative_to(bin_dir.parent) and (theme / "article.html").is_file()
    shipped = {p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()}
    source = ROOT / "gloss" / "templates"
    assert shipped == {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()}


def _serve_once(bin_dir: Path, site: Path, env: dict[str, str], url_path: str) -> bytes:
    """Start ``gloss serve`` on a free port, fetch one page over HTTP, stop it."""
    proc = subprocess.Popen(
        [str(bin_dir / "gloss"), "serve", "--drafts", "--port", "0"],
        cwd=site,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        found = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
        assert found, line
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(found.group(1) + url_path, timeout=10) as response:
                    return bytes(response.read())
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stderr is not None:
            proc.stderr.close()


def test_init_new_check_build_serve_from_any_folder(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = installed
    gloss = bin_dir / "gloss"
    init = _run(gloss, "init", "digest", "--title", "Installed", cwd=tmp_path, env=env)
    # installed from a local wheel (its direct_url.json): the workflow's source, CI cannot reach it
    assert re.search(r"this gloss was installed from /\S+/gloss_digest-\S+\.whl, which CI cannot reach", init.stderr)
    site = tmp_path / "digest"
    made = _run(gloss, "new", "Hello from a wheel", "--date", "2026-05-04", cwd=site, env=env)
    assert Path(site, made.stdout.strip(), "notes.yaml").is_file()
    _run(gloss, "check", cwd=site, env=env)  # (--strict would fail: `new` writes a draft with placeholders)
    built = _run(gloss, "build", "--drafts", cwd=site, env=env)
    assert "built" in built.stderr
    assert (site / "site" / "hello-from-a-wheel" / "index.html").is_file()
    assert (site / "site" / "assets" / "style.css").read_bytes() == (
        ROOT / "gloss" / "templates" / "assets" / "style.css"
    ).read_bytes()
    page = _serve_once(bin_dir, site, env, "/hello-from-a-wheel/")
    assert b"Hello from a wheel" in page and b"/__gloss/live.js" in page


def _send(proc: subprocess.Popen[bytes], payload: dict[str, object]) -> None:
    body = json.dumps(payload).encode()
    assert proc.stdin is not None
    proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    proc.stdin.flush()


def _receive(proc: subprocess.Popen[bytes]) -> dict[str, object]:
    assert proc.stdout is not None
    length = 0
    while (line := proc.stdout.readline().strip()) != b"":
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    message: dict[str, object] = json.loads(proc.stdout.read(length))
    return message


def test_the_language_server_starts_from_the_wheel(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """``gloss lsp`` answers ``initialize`` and indexes the workspace's site (gloss.lsp is in the wheel)."""
    bin_dir, env = installed
    _run(bin_dir / "gloss", "init", "digest", "--title", "Installed", cwd=tmp_path, env=env)
    with subprocess.Popen(
        [str(bin_dir / "gloss"), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    ) as proc:
        root = (tmp_path / "digest").as_uri()
        _send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": root, "capabilities": {}}})  # fmt: skip
        answer = _receive(proc)
        result = answer["result"]
        assert answer["id"] == 1 and isinstance(result, dict) and "completionProvider" in result["capabilities"]
        _send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        logged = _receive(proc)  # (the site indexed: the server's first message after initialized)
        assert logged["method"] == "window/logMessage" and "1 bundles of" in str(logged["params"])
        _send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        assert _receive(proc)["id"] == 2
        _send(proc, {"jsonrpc": "2.0", "method": "exit"})
        assert proc.wait(timeout=60) == 0
