"""Edits an editor makes, shared by the incremental-build tests: a scripted
sequence on the small fixture site (``STEPS``) and random ones on a generated
site (``RandomEdits``). Each returns the paths it touched, as the watcher
reports them."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT

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
    (bundle / "index.md").write_text(
        "# A new piece\n\n## Method\n\nIt builds on [the audit](open-weights-audit#why).\n"
    )
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
    edit_notes,
    edit_body,
    add_figure,
    edit_figure,
    add_article,
    rename_bundle,
    delete_bundle,
    change_tag,
    change_template,
    change_asset,
    change_site_yaml,
    break_it,
    fix_it,
    edit_original,
]


def corpus_generator() -> Callable[..., list[Path]]:
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
