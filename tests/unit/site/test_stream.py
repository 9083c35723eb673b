"""The streamed build across processes: after every edit, a ``build`` in a fresh
process with the cache kept gives byte for byte what a clean build gives (and
what the in-memory pipeline that ``serve`` runs gives), while it makes only the
files whose inputs changed and leaves the others untouched (same inode)."""

from __future__ import annotations

import gc
import os
import re
import shutil
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, edit, gloss, tree
from edits import STEPS, RandomEdits, break_it, corpus_generator, edit_notes

from gloss.build.records import SiteIndex
from gloss.core import cache as disk
from gloss.core import workers
from gloss.core.diagnostics import Diagnostic
from gloss.publish.write import write_site
from gloss.site import collect, stream
from gloss.site.pipeline import Options, run

THEME = ROOT / "gloss" / "templates"
COUNTS = re.compile(r"\((\d+) made, (\d+) kept as they were\)")


def _build(content: Path, theme: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = gloss(
        "build", "--content", content, "--templates", theme, "--out", out, "--no-search", *extra, timeout=300
    )
    return result.code, result.err


def _clean(content: Path, theme: Path, out: Path) -> tuple[int, str, dict[str, bytes]]:
    shutil.rmtree(out, ignore_errors=True)
    code, err = _build(content, theme, out, "--no-cache", "--clean")
    return code, err, tree(out) if code == 0 else {}


def _diagnostics(err: str) -> list[str]:
    return [line for line in err.splitlines() if re.match(r"^\S.*:\d+:\d+: ", line)]


def _in_memory(content: Path, theme: Path, out: Path) -> dict[str, bytes]:
    """What the in-memory pipeline (``serve``'s) writes for the same content."""
    result = run(Options(content, theme, search=False))
    assert result.ok, [d.format() for d in result.diagnostics]
    shutil.rmtree(out, ignore_errors=True)
    write_site(result.outputs, out)
    return tree(out)


def _workspace(tmp_path: Path) -> tuple[Path, Path]:
    content, theme = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "small" / "content", content)
    shutil.copytree(THEME, theme)
    return content, theme


def test_every_step_of_the_edit_script_in_a_fresh_process_matches_a_clean_build(tmp_path: Path) -> None:
    content, theme = _workspace(tmp_path)
    live = tmp_path / "live"
    assert _build(content, theme, live)[0] == 0
    assert tree(live) == _in_memory(content, theme, tmp_path / "memory")
    for step in STEPS:
        before = tree(live)
        step(content, theme)
        code, err = _build(content, theme, live)
        clean_code, clean_err, expected = _clean(content, theme, tmp_path / "clean")
        assert code == clean_code and _diagnostics(err) == _diagnostics(clean_err), (step.__name__, err, clean_err)
        if step is break_it:
            assert code == 1 and "#影響" in err and tree(live) == before, "a failed build changed the site"
            continue
        got = tree(live)
        assert sorted(got) == sorted(expected), (step.__name__, set(got) ^ set(expected))
        assert [p for p in expected if got[p] != expected[p]] == [], step.__name__
        assert got == _in_memory(content, theme, tmp_path / "memory"), step.__name__


def test_random_edits_in_fresh_processes_match_a_clean_build(tmp_path: Path) -> None:
    """Random edits on a generated site, some breaking it for a step or two: after each,
    the fresh-process build with the cache kept equals a clean build, diagnostics too."""
    content, theme = tmp_path / "content", tmp_path / "templates"
    corpus_generator()(content, articles=24, seed=3)
    shutil.copytree(THEME, theme)
    live = tmp_path / "live"
    assert _build(content, theme, live)[0] == 0
    edits = RandomEdits(content, seed=int(os.environ.get("GLOSS_EDIT_SEED", "11")))
    undo = None
    outcomes = []
    for number in range(20):
        edits.count = number
        if undo is not None and edits.rng.random() < 0.7:
            undo()
            undo = None
        elif undo is None and edits.rng.random() < 0.4:
            _, undo = edits.risky()
        else:
            edits.safe()
        before = tree(live)
        code, err = _build(content, theme, live)
        clean_code, clean_err, expected = _clean(content, theme, tmp_path / "clean")
        assert (code, _diagnostics(err)) == (clean_code, _diagnostics(clean_err)), (number, err, clean_err)
        assert tree(live) == (expected if code == 0 else before), number
        outcomes.append(code)
    assert 0 in outcomes and 1 in outcomes, outcomes  # both kinds of step were taken


def test_an_edit_makes_only_the_files_that_show_it_and_keeps_the_rest(tmp_path: Path) -> None:
    content, theme = _workspace(tmp_path)
    live = tmp_path / "live"
    code, err = _build(content, theme, live)
    made, kept = map(int, COUNTS.search(err).groups())  # type: ignore[union-attr]  # the summary line is there
    assert code == 0 and kept == 0 and made == len(tree(live))
    inodes = {p: (live / p).stat().st_ino for p in tree(live)}
    edit_notes(content, theme)
    code, err = _build(content, theme, live)
    made, kept = map(int, COUNTS.search(err).groups())  # type: ignore[union-attr]
    changed = {p for p in tree(live) if (live / p).stat().st_ino != inodes.get(p)}
    assert code == 0 and made == len(changed) and 0 < made < 14, (made, sorted(changed))
    # the summary's first sentence is shown in lists (the archive, tag pages), the tag index shows none of it
    assert "open-weights-audit/index.html" in changed and "archive/index.html" in changed
    assert "tags/index.html" not in changed and "search/index.html" not in changed
    assert "agent-benchmarks/index.html" in changed  # lists the audit among its day's other articles
    assert not any(p.startswith("agent-benchmarks/") and p.endswith(".jsonld") for p in changed)


def test_a_lost_or_damaged_cache_entry_is_made_again(tmp_path: Path) -> None:
    content, theme = _workspace(tmp_path)
    live = tmp_path / "live"
    assert _build(content, theme, live)[0] == 0
    cache = disk.folder_for(content)
    for path in sorted((cache / "articles").rglob("*"))[:3]:
        if path.is_file():
            path.write_bytes(b"not an entry")
    edit_notes(content, theme)
    for made in sorted((cache / "outputs").rglob("*")):
        if made.is_file():
            made.unlink()  # the record of what each file was made from is gone: everything is made again
    assert _build(content, theme, live)[0] == 0
    assert tree(live) == _clean(content, theme, tmp_path / "clean")[2]


def test_a_site_folder_edited_by_hand_is_not_trusted(tmp_path: Path) -> None:
    content, theme = _workspace(tmp_path)
    live = tmp_path / "live"
    assert _build(content, theme, live)[0] == 0
    page = live / "open-weights-audit/index.html"
    page.write_text("<p>edited by hand</p>")
    edit_notes(content, theme)  # (the build runs: something changed)
    assert _build(content, theme, live)[0] == 0
    assert tree(live) == _clean(content, theme, tmp_path / "clean")[2]


def test_parallel_streamed_build_equals_the_serial_one(tmp_path: Path) -> None:
    from gloss.site.collect import PARALLEL_BUNDLES
    from gloss.site.pages import PARALLEL_PAGES

    content = tmp_path / "content"
    corpus_generator()(content, articles=max(PARALLEL_BUNDLES, PARALLEL_PAGES) + 6, seed=5)
    assert _build(content, THEME, tmp_path / "serial", "--jobs", "1", "--no-cache")[0] == 0
    assert _build(content, THEME, tmp_path / "parallel", "--jobs", "2")[0] == 0
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_two_slugs_that_differ_only_in_case_are_an_error(tmp_path: Path) -> None:
    content, theme = _workspace(tmp_path)
    shutil.copytree(content / "2026/03/open-weights-audit", content / "2026/03/Open-Weights-Audit")
    code, err = _build(content, theme, tmp_path / "live")
    assert code == 1 and 'two bundles have the slug "open-weights-audit"' in err and "ignoring case" in err, err


def test_check_finds_a_broken_link_in_a_page_kept_or_made(tmp_path: Path) -> None:
    """``check`` is the build without the swap: it reports the links of every page
    broken, whether made now or kept from the last build, and changes nothing."""
    content, theme = _workspace(tmp_path)
    live = tmp_path / "live"
    assert _build(content, theme, live)[0] == 0
    before = tree(live)
    (theme / "404.html").write_text(
        (theme / "404.html")
        .read_text()
        .replace("{% block main %}", '{% block main %}<a href="{{ base }}no-such-page/">x</a>', 1)
    )
    result = gloss("check", "--content", content, "--templates", theme, "--out", live)
    assert result.code == 1 and '/small/no-such-page/" on /404.html' in result.err, result.err
    assert "no page /no-such-page/" in result.err and tree(live) == before
    assert gloss("check", "--content", content, "--out", live).code == 0  # the default theme: every page kept


SHARDS = re.compile(r"search index: (\d+) of (\d+) shards indexed again")


def test_a_new_article_is_indexed_alone_though_old_pages_change(tmp_path: Path) -> None:
    """The new (English) article becomes related to a Chinese article, in another shard:
    that page is made again, but what the index holds of it (related articles are not
    indexed) is the same, so its shard is kept, and the new article is indexed alone, in
    the overlay; the site still equals a clean build's but for how the index is cut."""
    content, theme = _workspace(tmp_path)
    old = content / "2026" / "03" / "推理成本"
    notes = old / "notes.yaml"
    notes.write_text(notes.read_text("utf-8").replace("date: 2026-03-03", "date: 2025-03-03"), "utf-8")
    live = tmp_path / "live"
    first = gloss("build", "--content", content, "--templates", theme, "--out", live, timeout=300)
    assert first.code == 0 and SHARDS.search(first.err).groups() == ("2", "2"), first.err  # type: ignore[union-attr]
    before = (live / "推理成本" / "index.html").read_bytes()
    new = content / "2026" / "04" / "新模型定价"
    new.mkdir(parents=True)
    (new / "index.md").write_text("# New model pricing\n\nThe price of the new model halved again.\n", "utf-8")
    fresh = "date: 2026-04-01\nlang: en\nsummary: Prices halved again.\ntags: [成本]\n"
    (new / "notes.yaml").write_text(fresh, "utf-8")
    second = gloss("build", "--content", content, "--templates", theme, "--out", live, timeout=300)
    assert second.code == 0 and SHARDS.search(second.err).groups() == ("1", "3"), second.err  # type: ignore[union-attr]
    assert "shards/overlay/" in (live / "pagefind" / "shards.json").read_text("utf-8")
    assert (live / "推理成本" / "index.html").read_bytes() != before  # its related articles now list the new one
    clean = tmp_path / "clean"
    assert gloss("build", "--content", content, "--templates", theme, "--out", clean, "--no-cache").code == 0
    # Pagefind writes a language's filters in hash-map order, which differs from run to run
    # (so do the names of the files that hold them), and the clean build has no overlay;
    # what it indexed of each page, its fragments, is compared byte for byte.
    assert _comparable(tree(live)) == _comparable(tree(clean))


def _comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every file outside the shards, and the shards' fragments by name, whichever shard holds them."""
    found = {path: data for path, data in files.items() if not path.startswith("pagefind/sh")}
    for path, data in files.items():
        if path.startswith("pagefind/shards/") and "/fragment/" in path:
            found["fragment " + path.rsplit("/", 1)[1]] = data
    return found


def test_a_search_page_overridden_before_the_overlay_gets_no_overlay(tmp_path: Path) -> None:
    """A theme's own search.html that talks to Pagefind itself (not through
    assets/search/) would show the old copies an overlay supersedes: its builds cut
    the index anew instead."""
    content, theme = _workspace(tmp_path)
    page = theme / "search.html"
    page.write_text(page.read_text("utf-8").replace("assets/search/", "pagefind/"), "utf-8")
    live = tmp_path / "live"
    assert gloss("build", "--content", content, "--templates", theme, "--out", live, timeout=300).code == 0
    edit(sorted(content.rglob("index.md"))[0], "\n\n", "\n\nA new paragraph.\n\n")
    again = gloss("build", "--content", content, "--templates", theme, "--out", live, timeout=300)
    assert again.code == 0 and SHARDS.search(again.err).groups() == ("1", "2"), again.err  # type: ignore[union-attr]
    assert "overlay" not in (live / "pagefind" / "shards.json").read_text("utf-8")


@pytest.mark.parametrize("beside_a_thread", [False, True])
def test_the_site_wide_views_are_let_go_of_before_the_search_index_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, beside_a_thread: bool
) -> None:
    """Pagefind's memory comes on top of the build's: by the time the search index is
    made, nothing holds the records and views any more. Where the build may fork, they
    were made in a child process that rendered the pages and has ended (with whatever
    memory it held); beside another thread, in this process, and freed with the pages."""
    made: list[weakref.ref[SiteIndex]] = []
    alive: list[bool] = []
    made_in = tmp_path / "made-in"

    def index_site(*args: Any, **kwargs: Any) -> SiteIndex:
        index = collect.index_site(*args, **kwargs)
        made.append(weakref.ref(index))
        made_in.write_text(str(os.getpid()))
        return index

    def search_pages(*args: Any, **kwargs: Any) -> list[Diagnostic]:
        gc.collect()
        alive.append(any(ref() is not None for ref in made))
        return []

    monkeypatch.setattr(stream, "index_site", index_site)
    monkeypatch.setattr(stream, "search_pages", search_pages)
    content, theme = _workspace(tmp_path)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    if beside_a_thread:
        other.start()
    try:
        result = stream.build(Options(content, theme, search=True), tmp_path / "site")
    finally:
        stop.set()
    assert result.written and alive == [False]
    forked = not beside_a_thread and workers.may_fork()
    assert (int(made_in.read_text()) != os.getpid()) == forked
    assert bool(made) == (not forked)


def test_a_build_without_the_search_index_keeps_the_last_one(tmp_path: Path) -> None:
    """Found by a new user: ``serve`` (no index) after a ``build`` deleted ``site/pagefind/``,
    so the preview's search page was dead and ``deploy`` offered a site without it. A build
    without the index keeps the last one as it is; the next build with it makes again the
    shards whose pages changed."""
    from gloss.preview.watch import Rebuilder

    content, theme = _workspace(tmp_path)
    live = tmp_path / "live"
    first = gloss("build", "--content", content, "--templates", theme, "--out", live, timeout=300)
    assert first.code == 0, first.err
    index = {path: data for path, data in tree(live).items() if path.startswith("pagefind/")}
    assert "pagefind/shards.json" in index
    assert _build(content, theme, live)[0] == 0  # build --no-search, a fresh process
    assert {path: data for path, data in tree(live).items() if path.startswith("pagefind/")} == index
    options = Options(content, theme, search=False, cache=disk.folder_for(content))  # as ``serve`` has them
    preview = Rebuilder(options, live)  # serve's first build, then an edit
    assert preview.build().ok
    article = content / "2026" / "03" / "推理成本" / "index.md"
    edit(article, "推理成本在一年内下降了很多。", "推理成本在一年内下降了很多，显存价格也在下降。")
    assert preview.build(frozenset({article})).ok
    preview.session.close()
    assert {path: data for path, data in tree(live).items() if path.startswith("pagefind/")} == index
    again = gloss("build", "--content", content, "--templates", theme, "--out", live, timeout=300)
    assert again.code == 0 and SHARDS.search(again.err).groups()[0] != "0", again.err  # type: ignore[union-attr]
