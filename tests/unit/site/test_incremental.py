"""Incremental rebuilds must give exactly what a clean build gives.

An edit script is replayed on a copy of the small fixture site; after every
step the incrementally updated folder is compared, byte for byte, with a clean
full build of the same content. The ``changed`` paths passed in are what the
watcher reports for such edits (files, and folders for moves and deletions).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, tree
from edits import STEPS, RandomEdits, break_it, corpus_generator, edit_notes

from gloss.preview.watch import BuildReport, Rebuilder, watch
from gloss.publish.write import write_site
from gloss.site.pipeline import Options, run

THEME = ROOT / "gloss" / "templates"
AUDIT = "2026/03/open-weights-audit"
BENCH = "2026/03/agent-benchmarks"
COSTS = "2026/03/推理成本"


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
    total = set(rebuilder.rendered)
    report = rebuilder.build(frozenset(edit_notes(content, theme)))
    assert report.ok
    rendered = set(rebuilder.rendered)
    assert "open-weights-audit/index.html" in rendered and rendered < total
    # pages that show nothing of the edited article are not rendered again
    assert not rendered & {"digest/2026-03-03/index.html", "404.html", "search/index.html", "tags/成本/index.html"}
    # the summary's first sentence is what lists show of it: the archive, its tags' pages, related lists
    assert {
        "open-weights-audit/index.html",
        "index.html",
        "digest/2026-03-02/index.html",
        "archive/index.html",
        "tags/safety/index.html",
        "tags/safety/feed.xml",
        "feed.xml",
    } <= set(report.changed)
    assert "tags/index.html" not in report.changed  # shows tag names and counts only


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
    while time.monotonic() < deadline and not any(
        "(29)" in (tmp_path / "live/open-weights-audit/index.html").read_text() for _ in [0]
    ):
        time.sleep(0.05)
    time.sleep(0.3)
    stop.set()
    thread.join(timeout=5)
    assert "(29)" in (tmp_path / "live/open-weights-audit/index.html").read_text()
    assert 1 <= len(reports) <= 3, len(reports)  # one burst, not thirty rebuilds
    assert all(r.ok for r in reports)


def test_random_edits_match_a_clean_build(tmp_path: Path) -> None:
    """Forty edits at random on a generated site with tags, related lists, links and
    several days, some breaking it for a step or two: after each, the incrementally
    updated site and its diagnostics are those of a clean build. (GLOSS_EDIT_SEED=N
    replays another sequence.)"""
    content, theme = tmp_path / "content", tmp_path / "templates"
    corpus_generator()(content, articles=24, seed=3)
    shutil.copytree(THEME, theme)
    live = tmp_path / "live"
    rebuilder = Rebuilder(Options(content, theme, search=False), live)
    assert rebuilder.build().ok
    edits = RandomEdits(content, seed=int(os.environ.get("GLOSS_EDIT_SEED", "7")))
    undo: Callable[[], set[Path]] | None = None
    outcomes = []
    for number in range(40):
        edits.count = number
        if undo is not None and edits.rng.random() < 0.7:
            changed, undo = undo(), None
        elif undo is None and edits.rng.random() < 0.4:
            changed, undo = edits.risky()
        else:
            changed = edits.safe()
        before = tree(live)
        report = rebuilder.build(frozenset(changed))
        clean = run(Options(content, theme, search=False))
        what = (number, sorted(str(p.relative_to(tmp_path)) for p in changed))
        assert [d.format() for d in report.diagnostics] == [d.format() for d in clean.diagnostics], what
        assert report.ok == clean.ok, what
        outcomes.append(clean.ok)
        if not clean.ok:
            assert tree(live) == before, what
            continue
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        write_site(clean.outputs, tmp_path / "clean")
        expected, got = tree(tmp_path / "clean"), tree(live)
        assert sorted(got) == sorted(expected), (what, set(got) ^ set(expected))
        assert [p for p in expected if got[p] != expected[p]] == [], what
    assert 3 <= outcomes.count(False) <= 30, outcomes  # both paths walked
