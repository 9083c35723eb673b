"""gloss beside its peers, in one run: cold builds, rebuilds, preview latency.

    python benchmarks/peers.py install                       # once: Hugo, Eleventy, Pelican, MkDocs
    python benchmarks/compare.py --sizes 1000 4000 --runs 3  # prints one Markdown table + the targets
    python benchmarks/compare.py --sizes 10000 --runs 1      # the memory target (slow)

For each size: generates the corpus (benchmarks/corpus.py, seed 1) under
``--keep`` if it is not there, converts it for every installed peer
(benchmarks/convert.py), then ``--runs`` times, alternating: gloss cold with
and without the search index, each peer cold, gloss warm (nothing changed),
gloss after one edited notes.yaml, gloss after one edited template, the I/O
floor. Every build is a fresh process, measured by benchmarks/measure.py.
Then the preview latency of a notes.yaml edit (gloss) and of a Markdown edit
(``hugo server``). Run by hand on a quiet machine; figures from one run only
are comparable with each other.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
from convert import CONVERTERS, read_corpus  # noqa: E402
from corpus import generate  # noqa: E402
from peers import Peer, available, hugo_server_cmd  # noqa: E402
from report import GLOSS_HTTP_PREVIEW, GLOSS_PREVIEW, HUGO_PREVIEW, Row, render  # noqa: E402

# Where gloss keeps its persistent build cache, relative to the --content folder; every one of these
# is deleted before a cold build. Change here if the cache moves.
GLOSS_CACHES = ("../.gloss-cache", ".gloss-cache")

Results = dict[str, list[measure.Run]]
Pages = dict[str, int]  # .html files written, by the same keys


class Size:
    """The folders of one corpus size under ``--keep``."""

    def __init__(self, keep: Path, articles: int) -> None:
        self.articles = articles
        self.base = keep / f"n{articles}"
        self.content = self.base / "content"
        self.theme = self.base / "theme"
        self.peers = self.base / "peers"
        self.out = self.base / "out"

    def prepare(self, peers: list[Peer]) -> None:
        if not (self.content / "site.yaml").exists():
            print(f"generating {self.articles} articles in {self.content}", file=sys.stderr)
            generate(self.content, self.articles, seed=1)
        if self.theme.exists():
            shutil.rmtree(self.theme)
        shutil.copytree(ROOT / "gloss" / "templates", self.theme)
        articles = read_corpus(self.content)
        for peer in peers:
            CONVERTERS[peer.name](articles, self.peers / peer.name)

    def fresh_out(self, name: str) -> Path:
        out = self.out / name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        return out


# --------------------------------------------------------------------------- gloss


def clear_gloss_cache(content: Path) -> None:
    for relative in GLOSS_CACHES:
        cache = (content / relative).resolve()
        if cache.is_dir():
            shutil.rmtree(cache)


def gloss_cmd(size: Size, out: Path, search: bool) -> list[str]:
    cmd = [
        sys.executable,
        "build.py",
        "build",
        "--content",
        str(size.content),
        "--templates",
        str(size.theme),
        "--out",
        str(out),
    ]
    return cmd if search else [*cmd, "--no-search"]


def gloss_build(size: Size, out: Path, search: bool, timeout: float) -> measure.Run:
    run = measure.run(gloss_cmd(size, out, search), cwd=ROOT, timeout=timeout)
    if not run.ok:
        print(f"gloss failed ({run.returncode}):\n{run.output}", file=sys.stderr)
    return run


def gloss_cold(size: Size, search: bool, timeout: float) -> measure.Run:
    clear_gloss_cache(size.content)
    return gloss_build(size, size.fresh_out("gloss"), search, timeout)


def _edit_once(path: Path, old: str, new: str) -> bytes:
    """Replace the first ``old`` in ``path`` by ``new``; return the bytes to restore."""
    before = path.read_bytes()
    text = before.decode("utf-8")
    if old not in text:
        raise RuntimeError(f"{path}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return before


def gloss_rebuilds(size: Size, results: Results, timeout: float) -> None:
    """Warm (nothing changed), one notes.yaml edited, one template edited: each a fresh process
    building over the previous no-search build of the same content, cache kept."""
    out = size.out / "gloss"
    results["gloss warm"].append(gloss_build(size, out, False, timeout))
    notes = sorted(size.content.rglob("notes.yaml"))[size.articles // 2]
    restore = _edit_once(notes, 'summary: "', 'summary: "Edited for the benchmark. ')
    try:
        results["gloss notes edit"].append(gloss_build(size, out, False, timeout))
    finally:
        notes.write_bytes(restore)
    template = size.theme / "macros.html"
    restore = _edit_once(template, "<ol>", "<ol><!-- edited for the benchmark -->")
    try:
        results["gloss template edit"].append(gloss_build(size, out, False, timeout))
    finally:
        template.write_bytes(restore)


def io_floor(size: Size, timeout: float) -> measure.Run:
    out = size.fresh_out("iofloor")
    return measure.run([sys.executable, str(HERE / "iofloor.py"), str(size.content), str(out)], timeout=timeout)


# --------------------------------------------------------------------------- peers


def peer_build(size: Size, peer: Peer, timeout: float) -> measure.Run:
    project = size.peers / peer.name
    out = size.fresh_out(peer.name)
    cache = size.base / "hugo-cache"
    if cache.exists():
        shutil.rmtree(cache)
    env = {**os.environ, "HUGO_CACHEDIR": str(cache), "HUGO_ENVIRONMENT": "production"}
    run = measure.run(peer.build_cmd(project, out), cwd=project, env=env, timeout=timeout)
    if not run.ok:
        print(f"{peer.name} failed ({run.returncode}):\n{run.output}", file=sys.stderr)
    return run


# --------------------------------------------------------------------------- one size


def run_size(size: Size, peers: list[Peer], runs: int, timeout: float) -> tuple[Results, Pages]:
    results: Results = defaultdict(list)
    pages: Pages = {}
    for number in range(1, runs + 1):
        print(f"[{size.articles}] run {number}/{runs}", file=sys.stderr)
        results["gloss cold search"].append(gloss_cold(size, True, timeout))
        results["gloss cold"].append(gloss_cold(size, False, timeout))
        pages["gloss cold"] = measure.count_html(size.out / "gloss")
        for peer in peers:
            results[peer.name].append(peer_build(size, peer, timeout))
            pages[peer.name] = measure.count_html(size.out / peer.name)
        gloss_cold(size, False, timeout)  # the state the rebuilds start from (peers' runs came between)
        gloss_rebuilds(size, results, timeout)
        results["io floor"].append(io_floor(size, timeout))
    return results, pages


def latencies(size: Size, edits: int) -> dict[str, list[float]]:
    from latency import free_port, gloss_notes_latency, gloss_serve_latency, hugo_server_latency

    found: dict[str, list[float]] = {}
    print(f"[{size.articles}] preview latency", file=sys.stderr)
    try:
        found["gloss preview"] = gloss_notes_latency(size.content, size.theme, size.base / "latency", edits)
    except Exception as error:  # noqa: BLE001 - reported, the table goes on
        print(f"gloss preview latency failed: {error}", file=sys.stderr)
    try:
        found["gloss serve http"] = gloss_serve_latency(ROOT, size.base / "latency", edits)
    except Exception as error:  # noqa: BLE001
        print(f"gloss serve latency over HTTP failed: {error}", file=sys.stderr)
    project = size.peers / "hugo"
    port = free_port()
    cmd = hugo_server_cmd(project, port)
    if cmd and project.exists():
        slug = read_corpus_slug(project)
        try:
            found["hugo server"] = hugo_server_latency(cmd, project, port, slug, edits)
        except Exception as error:  # noqa: BLE001
            print(f"hugo server latency failed: {error}", file=sys.stderr)
    return found


def read_corpus_slug(project: Path) -> str:
    posts = sorted(p.name for p in (project / "content" / "posts").iterdir())
    return posts[len(posts) // 2]


# --------------------------------------------------------------------------- rows


def _med(runs: list[measure.Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def rows_for(
    size: Size,
    results: Results,
    pages: Pages,
    peers: list[Peer],
    missing: dict[str, str],
    lat: dict[str, list[float]],
    gloss_version: str,
) -> list[Row]:
    def row(label: str, key: str, version: str) -> Row:
        runs = [r for r in results.get(key, []) if r.ok]
        if not runs:
            return Row(size.articles, label, version, note="failed (see stderr)")
        return Row(
            size.articles,
            label,
            version,
            _med(runs, "wall"),
            _med(runs, "cpu"),
            _med(runs, "peak_rss") / measure.MiB,
            pages.get(key),
            len(runs),
        )

    rows = [row("gloss cold, no search", "gloss cold", gloss_version)]
    with_search = row("", "gloss cold search", gloss_version)
    if with_search.wall is not None and rows[0].wall is not None:
        rows.append(
            Row(
                size.articles,
                "gloss search index (with − without)",
                gloss_version,
                with_search.wall - rows[0].wall,
                (with_search.cpu or 0) - (rows[0].cpu or 0),
                with_search.peak_mib,
                None,
                with_search.runs,
                note="peak: whole build with search",
            )
        )
    for peer in peers:
        rows.append(row(peer.name, peer.name, peer.version))
    rows += [Row(size.articles, name, note=note) for name, note in missing.items()]
    rows += [
        row("gloss warm, nothing changed", "gloss warm", gloss_version),
        row("gloss, one notes.yaml edited", "gloss notes edit", gloss_version),
        row("gloss, one template edited", "gloss template edit", gloss_version),
        row("I/O floor (read + write every corpus file)", "io floor", "python"),
    ]
    hugo_version = next((p.version for p in peers if p.name == "hugo"), "")
    for key, label, version in (
        ("gloss preview", GLOSS_PREVIEW, gloss_version),
        ("gloss serve http", GLOSS_HTTP_PREVIEW, gloss_version),
        ("hugo server", HUGO_PREVIEW, hugo_version),
    ):
        if key in lat and lat[key]:
            rows.append(
                Row(size.articles, label, version, statistics.median(lat[key]), runs=len(lat[key]), latency=True)
            )
    return rows


def gloss_version() -> str:
    from gloss import __version__

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return f"{__version__} ({head.stdout.strip()})" if head.returncode == 0 else __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 4000],
        help="corpus sizes in articles (1000, 4000; 10000 for the memory target)",
    )
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per size (median reported)")
    parser.add_argument(
        "--keep",
        type=Path,
        default=Path("/tmp/gloss-bench"),
        help="folder for corpora, converted projects and outputs (reused)",
    )
    parser.add_argument("--peers", nargs="*", default=None, help="only these peers (default: every installed one)")
    parser.add_argument("--edits", type=int, default=7, help="saves per preview-latency measurement")
    parser.add_argument("--no-latency", action="store_true", help="skip the preview-latency rows")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a build is killed")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    peers, missing = available()
    if args.peers is not None:
        peers = [p for p in peers if p.name in args.peers]
        missing = {k: v for k, v in missing.items() if k in args.peers}
    version = gloss_version()
    started, rows = time.strftime("%Y-%m-%d %H:%M"), []
    for articles in args.sizes:
        size = Size(args.keep, articles)
        size.prepare(peers)
        results, pages = run_size(size, peers, args.runs, args.timeout)
        lat = {} if args.no_latency else latencies(size, args.edits)
        rows += rows_for(size, results, pages, peers, missing, lat, version)
    command = "python benchmarks/compare.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(render(rows, started, command, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
