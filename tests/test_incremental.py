"""Incremental rebuilds must give exactly what a clean build gives.

An edit script is replayed on a copy of the small fixture site; after every
step the incrementally updated folder is compared, byte for byte, with a clean
full build of the same content. The ``changed`` paths passed in are what the
watcher reports for such edits (files, and folders for moves and deletions).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import FIXTURES, tree
from gloss.pipeline import Options, run
from gloss.watch import BuildReport, Rebuilder, watch
from gloss.write import write_site

THEME = Path(__file__).resolve().parents[1] / "templates"
AUDIT = "2026/03/open-weights-audit"
BENCH = "2026/03/agent-benchmarks"
COSTS = "2026/03/推理成本"


def replace_in(path: Path, old: str, new: str) -> set[Path]:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return {path}


def edit_notes(c: Path, t: Path) -> set[Path]:
    return replace_in(c / AUDIT / "notes.yaml", "Audits lag downloads", "Audits trail downloads")


def edit_body(c: Path, t: Path) -> set[Path]:
    return replace_in(c / BENCH / "index.md", "We reran three suites.", "We reran four suites.")


def add_article(c: Path, t: Path) -> set[Path]:
    bundle = c / "2026/03/new-piece"
    bundle.mkdir()
    (bundle / "index.md").write_text("# A new piece\n\n## Method\n\nIt builds on [the audit](open-weights-audit#why).\n")
    (bundle / "notes.yaml").write_text("date: 2026-03-04\ntags: [agents, safety]\nsummary: New.\n")
    return {bundle, bundle / "index.md", bundle / "notes.yaml"}


def rename_bundle(c: Path, t: Path) -> set[Path]:
    old, new = c / "2026/03/new-piece", c / "2026/03/renamed-piece"
    old.rename(new)
    return {old, new}


def delete_bundle(c: Path, t: Path) -> set[Path]:
    gone = c / "2026/03/renamed-piece"
    shutil.rmtree(gone)
    return {gone}


def change_tag(c: Path, t: Path) -> set[Path]:
    return replace_in(c / BENCH / "notes.yaml", "tags: [agents]", "tags: [agents, open-models]")


def change_template(c: Path, t: Path) -> set[Path]:
    return replace_in(t / "macros.html", '<article class="article-card"', '<article class="article-card card"')


def change_asset(c: Path, t: Path) -> set[Path]:
    return replace_in(t / "assets" / "style.css", ":root", "/* edited */\n:root")


def change_site_yaml(c: Path, t: Path) -> set[Path]:
    return replace_in(c / "site.yaml", "title: Small Digest", "title: Smaller Digest")


def break_it(c: Path, t: Path) -> set[Path]:
    return replace_in(c / COSTS / "notes.yaml", 'anchor: "#影响"', 'anchor: "#影響"')


def fix_it(c: Path, t: Path) -> set[Path]:
    return replace_in(c / COSTS / "notes.yaml", 'anchor: "#影響"', 'anchor: "#影响"')


def edit_original(c: Path, t: Path) -> set[Path]:
    return replace_in(c / COSTS / "original.md", "## Impact", "## Consequences")


STEPS: list[Callable[[Path, Path], set[Path]]] = [
    edit_notes, edit_body, add_article, rename_bundle, delete_bundle, change_tag, change_template,
    change_asset, change_site_yaml, break_it, fix_it, edit_original,
]


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    theme = tmp_path / "templates"
    shutil.copytree(THEME, theme)
    return content, theme


def clean_build(content: Path, theme: Path, out: Path) -> dict[str, bytes]:
    result = run(Options(content, theme, search=False))
    assert result.ok, [d.format() for d in result.diagnostics]
    shutil.rmtree(out, ignore_errors=True)
    write_site(result.outputs, out)
    return tree(out)


def test_every_step_of_the_edit_script_matches_a_clean_build(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    content, theme = workspace
    live = tmp_path / "live"
    rebuilder = Rebuilder(Options(content, theme, search=False), live)
    assert rebuilder.build().ok
    assert tree(live) == clean_build(content, theme, tmp_path / "clean")
    for step in STEPS:
        before = tree(live)
        report = rebuilder.build(frozenset(step(content, theme)))
        if step is break_it:
            assert not report.ok and any("#影響" in d.message for d in report.diagnostics)
            assert tree(live) == before, "a failed build changed the served site"
            continue
        assert report.ok, (step.__name__, [d.format() for d in report.diagnostics])
        expected = clean_build(content, theme, tmp_path / "clean")
        got = tree(live)
        assert sorted(got) == sorted(expected), (step.__name__, set(got) ^ set(expected))
        differing = [p for p in expected if got[p] != expected[p]]
        assert not differing, (step.__name__, differing)
        assert set(report.changed) == {p for p in set(got) | set(before) if got.get(p) != before.get(p)}, step.__name__


def test_a_notes_edit_renders_only_the_pages_that_show_it(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    content, theme = workspace
    rebuilder = Rebuilder(Options(content, theme, search=False), tmp_path / "live")
    assert rebuilder.build().ok
    total = set(rebuilder.memo.render.rendered)
    report = rebuilder.build(frozenset(edit_notes(content, theme)))
    assert report.ok
    rendered = set(rebuilder.memo.render.rendered)
    assert "open-weights-audit/index.html" in rendered and rendered < total
    # pages that show nothing of the edited article are not rendered again
    assert not rendered & {"digest/2026-03-03/index.html", "404.html", "search/index.html", "tags/成本/index.html",
                           "archive/index.html", "agent-benchmarks/index.html"}
    assert "agent-benchmarks/index.html" not in report.changed  # shows no summary of the audit
    assert {"open-weights-audit/index.html", "index.html", "digest/2026-03-02/index.html",
            "tags/safety/feed.xml", "feed.xml"} <= set(report.changed)
    assert "tags/safety/index.html" not in rendered  # lists titles only


def test_the_watcher_coalesces_a_burst_into_one_rebuild(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    content, theme = workspace
    rebuilder = Rebuilder(Options(content, theme, search=False), tmp_path / "live")
    assert rebuilder.build().ok
    reports: list[BuildReport] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(rebuilder, [content, theme], reports.append, stop), daemon=True)
    thread.start()
    time.sleep(0.5)  # the observer is running
    notes = content / AUDIT / "notes.yaml"
    for i in range(30):  # an editor saving over and over: write a temporary file, rename it over the notes
        scratch = notes.with_name(f".notes.yaml.{i}.tmp")
        scratch.write_text(notes.read_text().replace("Audits lag downloads", f"Audits lag downloads ({i})"))
        scratch.replace(notes)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any("(29)" in (tmp_path / "live/open-weights-audit/index.html")
                                                  .read_text() for _ in [0]):
        time.sleep(0.05)
    time.sleep(0.3)
    stop.set()
    thread.join(timeout=5)
    assert "(29)" in (tmp_path / "live/open-weights-audit/index.html").read_text()
    assert 1 <= len(reports) <= 3, len(reports)  # one burst, not thirty rebuilds
    assert all(r.ok for r in reports)
