"""How long an editor waits: from saving a file to the live-reload event.

Generates (or reuses) a corpus with benchmarks/corpus.py, runs the same
watcher and incremental builder as ``gloss serve`` in this process, saves one
notes.yaml (and then one template) over and over, and measures the time from
the save to the moment the build's event would go out to the browser (its
files written). Prints the median and spread per site size.

    python benchmarks/serve_latency.py --sizes 1000 4000 --edits 15
    python benchmarks/serve_latency.py --sizes 4000 --keep /tmp/bench --profile   # where the time goes

Run by hand; the machine is shared, so compare figures from one run only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402
from measure import tree_pss as measure_tree_pss  # noqa: E402

from gloss.preview.watch import BuildReport, Rebuilder, watch  # noqa: E402
from gloss.site.pipeline import Options  # noqa: E402

EDITS = (  # (the row, the file, the text an edit writes after)
    ("notes.yaml edit", "notes", 'summary: "'),  # shown in lists: its day, tags, archive, related, neighbours
    ("notes.yaml edit, impact", "notes", '  analysis: "'),  # shown on its own page only
    ("template edit", "template", "<ol>"),
)


class PeakPss:
    """The largest PSS of this process and its workers, sampled every 0.2 s while it runs."""

    def __init__(self) -> None:
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, measure_tree_pss(os.getpid()))

    def done(self) -> int:
        self.stop.set()
        self.thread.join()
        return self.peak


def measure(
    content: Path,
    theme: Path,
    out: Path,
    edits: int,
    profile: bool = False,
    template_edits: int | None = None,
    verbose: bool = False,
) -> dict[str, list[float]]:
    # A cache beside the output folder, as ``serve`` keeps .gloss-cache/ beside the content
    # (empty at the start: the first build is cold; it outlives the watcher for --profile).
    cache = out.parent / f"{out.name}-cache"
    rebuilder = Rebuilder(Options(content, theme, search=False, jobs=2, cache=cache), out)
    done = threading.Event()
    reports: list[tuple[float, BuildReport]] = []

    def on_build(report: BuildReport) -> None:
        reports.append((time.perf_counter(), report))  # serve publishes the event here
        done.set()

    stop = threading.Event()
    # As ``serve`` does: the folders watched first (at 10k, 11,000 inotify watches take
    # seconds), then the first build; an edit is made only once both are done.
    started = time.perf_counter()
    thread = threading.Thread(target=watch, args=(rebuilder, [content, theme], on_build, stop, True), daemon=True)
    thread.start()
    assert done.wait(3600), "no first build"
    at, first = reports[-1]
    assert first.ok, [d.format() for d in first.diagnostics[:5]]
    cold = at - started
    time.sleep(0.5)
    notes = sorted(content.rglob("notes.yaml"))
    target = notes[len(notes) // 2]
    results: dict[str, list[float]] = {kind: [] for kind, _, _ in EDITS} | {"cold build": [cold]}
    files = {"notes": target, "template": theme / "macros.html"}
    for kind, file, old in EDITS:
        path = files[file]
        for i in range(edits if file == "notes" or template_edits is None else template_edits):
            text = path.read_text(encoding="utf-8")
            new = text.replace(old, old + f"{i} " if file == "notes" else old + f"<!-- {i} -->", 1)
            assert new != text, kind
            done.clear()
            saved = time.perf_counter()
            path.write_text(new, encoding="utf-8")
            assert done.wait(120), "no rebuild"
            at, report = reports[-1]
            assert report.ok, [d.format() for d in report.diagnostics[:5]]
            results[kind].append(at - saved)
            if verbose:
                print(f"  {kind}: {(at - saved) * 1000:.0f} ms, way {report.way}", flush=True)
            time.sleep(0.3)
    stop.set()
    thread.join(timeout=10)
    if profile:
        _profile(rebuilder, target, edits)
    return results


def _profile(rebuilder: Rebuilder, target: Path, edits: int) -> None:
    """The notes.yaml edit again, built in this thread under pyinstrument (``--profile``)."""
    from pyinstrument import Profiler  # pip install pyinstrument

    profiler = Profiler(interval=0.0005)
    for i in range(edits):
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace('summary: "', f'summary: "p{i} ', 1), encoding="utf-8")
        profiler.start()
        report = rebuilder.build(frozenset({target}))
        profiler.stop()
        assert report.ok, [d.format() for d in report.diagnostics[:5]]
    print(profiler.output_text(unicode=False, color=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--edits", type=int, default=15)
    parser.add_argument(
        "--template-edits",
        type=int,
        default=None,
        help="template edits (default: as many as --edits; each renders every page)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="reuse corpora under this folder")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="then profile the notes.yaml edit with pyinstrument (built in the main thread)",
    )
    parser.add_argument("--verbose", action="store_true", help="print each edit's time and the way it was built")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="gloss-serve-bench-") as scratch:
        base = args.keep or Path(scratch)
        for size in args.sizes:
            content = base / f"corpus{size}"
            if not (content / "site.yaml").exists():
                generate(content, size)
            theme = Path(scratch) / f"theme{size}"
            import shutil

            shutil.copytree(ROOT / "gloss" / "templates", theme)
            peak = PeakPss()
            results = measure(
                content,
                theme,
                Path(scratch) / f"site{size}",
                args.edits,
                args.profile,
                args.template_edits,
                args.verbose,
            )
            print(f"{size} articles: peak PSS {peak.done() / 2**20:,.0f} MiB (this process and its workers)")
            for kind, times in results.items():
                ms = sorted(t * 1000 for t in times)
                if ms:
                    rows.append((size, kind, len(ms), statistics.median(ms), ms[0], ms[-1]))
    print(f"{'articles':>8}  {'change':<24} {'runs':>4}  {'median ms':>9}  {'min ms':>7}  {'max ms':>7}")
    for size, kind, runs, median, low, high in rows:
        print(f"{size:>8}  {kind:<24} {runs:>4}  {median:>9.0f}  {low:>7.0f}  {high:>7.0f}")


if __name__ == "__main__":
    main()
