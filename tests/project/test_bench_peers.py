"""The side-by-side benchmark's plumbing on a 3-article corpus: the conversion writes
inputs each peer builds (peers not installed are skipped: CI does not install them),
and the process-tree measurement sees a child's time and memory. Nothing here is timed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT

BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

import measure  # noqa: E402
from convert import CONVERTERS, read_corpus  # noqa: E402
from corpus import generate  # noqa: E402
from peers import available  # noqa: E402


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list:
    content = tmp_path_factory.mktemp("corpus")
    generate(content, 3, seed=1)
    return read_corpus(content)


def test_read_corpus_takes_facts_from_notes(articles: list) -> None:
    assert len(articles) == 3
    for article in articles:
        assert article.title and article.tags and len(article.date) == 10
        assert not article.body.lstrip().startswith("# "), "the title is printed by the layouts"
    assert [a.date for a in articles] == sorted(a.date for a in articles)


@pytest.mark.parametrize("name", list(CONVERTERS))
def test_conversion_writes_every_article(articles: list, name: str, tmp_path: Path) -> None:
    project = CONVERTERS[name](articles, tmp_path / name)
    texts = "\n".join(p.read_text(encoding="utf-8") for p in project.rglob("*.md"))
    for article in articles:
        assert article.slug in texts or any(article.slug in str(p) for p in project.rglob("*.md"))
        first_heading = next(line for line in article.body.splitlines() if line.startswith("## "))
        assert first_heading in texts, "the article's Markdown goes over as it is"
        assert article.date in texts and all(tag in texts for tag in article.tags)


@pytest.mark.parametrize("name", list(CONVERTERS))
def test_installed_peer_builds_the_conversion(articles: list, name: str, tmp_path: Path) -> None:
    peer = next((p for p in available()[0] if p.name == name), None)
    if peer is None:
        pytest.skip(f"{name} is not installed (python benchmarks/peers.py install)")
    project = CONVERTERS[name](articles, tmp_path / name)
    out = tmp_path / "out"
    run = measure.run(peer.build_cmd(project, out), cwd=project, timeout=120)
    assert run.ok, run.output
    pages = {p.parent.name for p in out.rglob("*.html")} | {p.stem for p in out.rglob("*.html")}
    assert {a.slug for a in articles} <= pages


def test_measure_counts_the_child_tree(tmp_path: Path) -> None:
    child = 'x = bytearray(64 << 20); x[::4096] = b"1" * (len(x) // 4096); sum(range(10**6))'
    script = f"import subprocess, sys; subprocess.run([sys.executable, '-c', '{child}'])"
    run = measure.run([sys.executable, "-c", script])
    assert run.ok
    assert run.cpu > 0
    assert run.wall >= run.cpu / 4
    (tmp_path / "a.html").write_text("x")
    assert measure.count_html(tmp_path) == 1
