"""Incremental rebuilds must give exactly what a clean build gives.

An edit script is replayed on a copy of the small fixture site; after every
step the incrementally updated folder is compared, byte for byte, with a clean
full build of the same content. The ``changed`` paths passed in are what the
watcher reports for such edits (files, and folders for moves and deletions).
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import FIXTURES, ROOT, tree
from gloss.pipeline import Options, run
from gloss.watch import BuildReport, Rebuilder, watch
from gloss.write import write_site

THEME = Path(__file__).resolve().parents[1] / "gloss" / "templates"
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


def add_figure(c: Path, t: Path) -> set[Path]:
    figure = c / BENCH / "figure.svg"
    figure.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="2"/>\n')
    return {figure}


def edit_figure(c: Path, t: Path) -> set[Path]:  # the bundle keeps its files: only the bytes change
    return replace_in(c / BENCH / "figure.svg", 'width="2"', 'width="3"')


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
    edit_notes, edit_body, add_figure, edit_figure, add_article, rename_bundle, delete_bundle, change_tag,
    change_template, change_asset, change_site_yaml, break_it, fix_it, edit_original,
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


def _corpus_generator() -> Callable[..., list[Path]]:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.setdefault("bench_corpus", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    return module.generate  # type: ignore[no-any-return]


class RandomEdits:
    """Edits an editor makes, picked at random on a generated site. Safe ones keep the
    site building; risky ones (may break it) return their undo."""

    TAGS = ["evaluation", "hardware", "安全性", "speech", "fresh-tag", "standards"]

    def __init__(self, content: Path, seed: int) -> None:
        self.content = content
        self.rng = random.Random(seed)
        self.aside = content.parent / "aside"
        self.aside.mkdir()
        self.count = 0

    def bundles(self) -> list[Path]:
        return sorted(p.parent for p in self.content.rglob("index.md"))

    def rewrite(self, path: Path, new: str) -> tuple[set[Path], Callable[[], set[Path]]]:
        old = path.read_text(encoding="utf-8")
        path.write_text(new, encoding="utf-8")

        def undo() -> set[Path]:
            path.write_text(old, encoding="utf-8")
            return {path}
        return {path}, undo

    def notes(self, key: str, value: str, bundle: Path | None = None) -> tuple[set[Path], Callable[[], set[Path]]]:
        notes = (bundle or self.rng.choice(self.bundles())) / "notes.yaml"
        text = notes.read_text(encoding="utf-8")
        line = next((x for x in text.splitlines() if x.startswith(f"{key}:")), None)
        return self.rewrite(notes, text.replace(line, f"{key}: {value}", 1) if line else text + f"{key}: {value}\n")

    def move(self, old: Path, new: Path) -> tuple[set[Path], Callable[[], set[Path]]]:
        old.rename(new)

        def undo() -> set[Path]:
            new.rename(old)
            return {old, new}
        return {old, new}, undo

    def safe(self) -> set[Path]:
        n, rng = self.count, self.rng
        bundle = rng.choice(self.bundles())
        others = [b.name for b in self.bundles() if b != bundle]
        kind = rng.choice(["summary", "summary", "title", "date", "tags", "related", "link"])
        if kind == "summary":
            return self.notes("summary", f'"Edited {n}: a new lede."')[0]
        if kind == "title":
            return self.notes("title", f'"Retitled {n}"')[0]
        if kind == "date":
            return self.notes("date", f'"2026-{rng.choice(["05-01", "06-27", "06-29", "06-30", "07-02"])}"')[0]
        if kind == "tags":
            return self.notes("tags", json.dumps(rng.sample(self.TAGS, rng.randint(0, 3)), ensure_ascii=False))[0]
        if kind == "related":
            return self.notes("related", json.dumps(rng.sample(others, rng.randint(0, 2))), bundle)[0]
        text = (bundle / "index.md").read_text(encoding="utf-8")
        link = f"\nSee also [this]({rng.choice(others)}) on the matter ({n}).\n"
        return self.rewrite(bundle / "index.md", text + link)[0]

    def risky(self) -> tuple[set[Path], Callable[[], set[Path]]]:
        n, rng = self.count, self.rng
        bundle = rng.choice(self.bundles())
        kind = rng.choice(["draft", "heading", "delete", "rename", "related", "tag"])
        if kind == "draft":
            return self.notes("draft", "true")
        if kind == "related":
            return self.notes("related", '["no-such-article"]')
        if kind == "tag":
            return self.notes("tags", '["Evaluation", "hardware"]')  # "evaluation" elsewhere: a collision
        if kind == "heading":
            text = (bundle / "index.md").read_text(encoding="utf-8")
            return self.rewrite(bundle / "index.md", re.sub(r"^(## .+)$", rf"\1 {n}", text, count=1, flags=re.M))
        if kind == "delete":
            return self.move(bundle, self.aside / bundle.name)
        return self.move(bundle, bundle.with_name(f"{bundle.name}-{n}"))


def test_random_edits_match_a_clean_build(tmp_path: Path) -> None:
    """Forty edits at random on a generated site with tags, related lists, links and
    several days, some breaking it for a step or two: after each, the incrementally
    updated site and its diagnostics are those of a clean build. (GLOSS_EDIT_SEED=N
    replays another sequence.)"""
    content, theme = tmp_path / "content", tmp_path / "templates"
    _corpus_generator()(content, articles=24, seed=3)
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
