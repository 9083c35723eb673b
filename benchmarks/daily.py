"""The daily deploy, side by side with its floors, in one run (by hand):

    python benchmarks/daily.py --articles 10000 [--work DIR] [--no-search-cold] [--hugo]
    python benchmarks/daily.py --articles 100000 --cold-only   # the cold build alone
    python benchmarks/daily.py --articles 100000 --cold-only --with-search   # the same, with search

At one corpus size (``corpus.py``, fresh processes, ``measure.py``: wall time,
CPU of the process tree and peak PSS summed over it):

- gloss cold without and with the search index (no cache, no site);
- gloss warm: nothing changed since (cache and site kept);
- the **daily deploy**: cache, site and ``.site.prev/`` (the site the deploy
  before replaced) kept, as ``init``'s workflow keeps them, 20 new articles and
  5 edited notes.yaml, with the search index — what a CI deploy runs every day;
- the same-library floor (``libfloor.py``: markdown-it-py + Pygments + Jinja2
  over the same documents in 2 processes) and the I/O floor (``iofloor.py``);
- Hugo with its defaults, when ``peers.py install`` put it there (``--hugo``).

Prints a Markdown table with the targets of issue 14.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402  (the benchmarks folder is not a package)
from corpus import generate  # noqa: E402

GLOSS = [sys.executable, str(HERE.parent / "build.py")]
MiB = 1024 * 1024


def _gloss(content: Path, out: Path, *extra: str) -> measure.Run:
    run = measure.run(
        [*GLOSS, "build", "--content", str(content), "--out", str(out), "--timings", *extra], timeout=7200
    )
    if not run.ok:
        raise SystemExit(f"gloss failed:\n{run.output}")
    return run


def _daily_edits(content: Path, day: int = 0) -> None:
    """20 new articles (copies of existing ones under new slugs, dated the ``day``-th day
    after the corpus) and 5 edited summaries (other articles each day)."""
    bundles = sorted(p.parent for p in content.rglob("index.md") if p.parent.parent.name != "daily")
    for bundle in bundles[day :: max(1, len(bundles) // 5)][:5]:
        notes = bundle / "notes.yaml"
        notes.write_text(
            re.sub(r"^summary: ", "summary: Edited today, ", notes.read_text("utf-8"), count=1, flags=re.M), "utf-8"
        )
    for i, bundle in enumerate(bundles[1 + day :: max(1, len(bundles) // 20)][:20]):
        new = content / "daily" / (f"{bundle.name}-new-{i}" if day == 0 else f"{bundle.name}-day{day}-{i}")
        shutil.copytree(bundle, new)
        notes = new / "notes.yaml"
        date = f"date: 2026-07-{day + 1:02d}"
        notes.write_text(re.sub(r"^date: .*$", date, notes.read_text("utf-8"), flags=re.M), "utf-8")


def _row(label: str, run: measure.Run, articles: int, note: str = "") -> str:
    per = run.wall * 1000 / articles
    return (
        f"| {label} | {run.wall:.1f} | {run.cpu:.1f} | {run.peak_pss / MiB:,.0f} | {run.peak_rss / MiB:,.0f} "
        f"| {per:.2f} | {note} |"
    )


def _hugo(content: Path, work: Path, articles: int) -> str:
    """Hugo with its defaults over the same corpus, converted (``convert.py``)."""
    import peers
    from convert import read_corpus, write_hugo

    hugo = next((peer for peer in peers.available()[0] if peer.name == "hugo"), None)
    if hugo is None:
        return "| Hugo | not installed (python benchmarks/peers.py install) | | | | | |"
    project = write_hugo(read_corpus(content), work / "hugo")
    run = measure.run(hugo.build_cmd(project, work / "hugo-out"), cwd=project, timeout=7200)
    if not run.ok:
        raise SystemExit(f"hugo failed:\n{run.output}")
    return _row(f"Hugo {hugo.version}, defaults", run, articles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/gloss-daily"))
    parser.add_argument("--no-search-cold", action="store_true", help="skip the cold build with search (slow)")
    parser.add_argument("--hugo", action="store_true", help="also build the corpus with Hugo (peers.py install)")
    parser.add_argument("--days", type=int, default=1, help="daily deploys in a row, each a day of edits (default 1)")
    parser.add_argument("--cold-only", action="store_true", help="only gloss cold without search (for 100,000)")
    parser.add_argument("--with-search", action="store_true", help="with --cold-only: the cold build with search")
    args = parser.parse_args(argv)
    n, work = args.articles, args.work
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    generate(content, articles=n, seed=1)
    rows = []
    if args.cold_only:
        search = () if args.with_search else ("--no-search",)
        run = _gloss(content, work / "cold", "--no-cache", *search)
        label = "gloss cold, with search" if args.with_search else "gloss cold, no search"
        print(_row(label, run, n) + "\n" + "\n".join(x for x in run.output.splitlines() if "wall" in x))
        print(run.peak_told())
        return 0
    rows.append(
        _row(
            "same-library floor (markdown-it-py + Pygments + Jinja2, 2 processes)",
            measure.run([sys.executable, str(HERE / "libfloor.py"), str(content), str(work / "floor")]),
            n,
        )
    )
    rows.append(
        _row(
            "I/O floor (read + write every file)",
            measure.run([sys.executable, str(HERE / "iofloor.py"), str(content), str(work / "io")]),
            n,
        )
    )
    rows.append(_row("gloss cold, no search", _gloss(content, work / "cold", "--no-cache", "--no-search"), n))
    if not args.no_search_cold:
        rows.append(_row("gloss cold, with search", _gloss(content, work / "cold-search", "--no-cache"), n))
    if args.hugo:
        rows.append(_hugo(content, work, n))
    site = work / "site"
    earlier = work / "cold-search" if (work / "cold-search").is_dir() else work / "cold"
    shutil.copytree(earlier, site, copy_function=os.link)  # (two deploys ago: the next build sets it aside)
    first = _gloss(content, site)  # (the deploy before: cache, site and .site.prev kept)
    rows.append(_row("gloss warm, nothing changed", _gloss(content, site), n))
    _daily_edits(content)
    daily = _gloss(content, site)
    made = re.search(r"\(\d+ made, \d+ kept as they were\)", daily.output)
    shards = re.search(r"search index: \d+ of \d+ shards indexed again", daily.output)
    rows.append(
        _row(
            "**gloss daily deploy**: fresh process, cache and site kept, 20 new + 5 edited, with search",
            daily,
            n,
            "; ".join(m.group(0) for m in (made, shards) if m),
        )
    )
    print(f"\n{n:,} articles (first build with cache: {first.wall:.1f} s)\n")
    print("| case | wall s | CPU s | peak PSS MiB | summed RSS MiB | ms/article | |")
    print("|---|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    print(
        "\ngloss --timings of the daily deploy:\n"
        + "\n".join(line for line in daily.output.splitlines() if "wall" in line)
    )
    _more_days(content, site, args.days)
    return 0


def _more_days(content: Path, site: Path, days: int) -> None:
    """The daily deploys of the days after the first, one line each: the search index
    is cut anew when its overlay outgrows its budget (``searchlayout``)."""
    if days < 2:
        return
    print("\n| day | wall s | peak PSS MiB | search shards indexed again |\n|---:|---:|---:|---|")
    for day in range(1, days):
        _daily_edits(content, day)
        run = _gloss(content, site)
        shards = re.search(r"(\d+ of \d+) shards indexed again", run.output)
        print(f"| {day + 1} | {run.wall:.1f} | {run.peak_pss / MiB:,.0f} | {shards.group(1) if shards else ''} |")


if __name__ == "__main__":
    sys.exit(main())
