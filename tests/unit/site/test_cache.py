"""The persistent cache (.gloss-cache/): a cached build equals a cold one byte for
byte; damaged, foreign or half-written entries are ignored and rebuilt."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, edit, gloss, tree

from gloss.build.records import BundleEntry
from gloss.core import cache as disk

NO_CHANGE = "nothing changed since"


def _build(content: Path, out: Path, *extra: str) -> str:
    """A build without the search index: Pagefind's own files differ from run to run."""
    run = gloss("build", "--content", content, "--out", out, "--jobs", "1", "--no-search", *extra)
    assert run.code == 0, run.err
    return run.err


def _entries(content: Path, kind: str) -> list[Path]:
    root = disk.folder_for(content) / kind
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_cache_lives_beside_the_content_and_holds_every_article(small: Path, tmp_path: Path) -> None:
    _build(small, tmp_path / "site")
    assert disk.folder_for(small) == tmp_path / ".gloss-cache"
    articles = [p for p in small.rglob("index.md")]
    assert len(_entries(small, "entries")) == len(articles)
    assert len(_entries(small, "builds")) == 1


def test_a_build_with_nothing_changed_checks_and_returns(small: Path, tmp_path: Path) -> None:
    first = _build(small, tmp_path / "site")
    before = tree(tmp_path / "site")
    second = _build(small, tmp_path / "site")
    assert NO_CHANGE in second and NO_CHANGE not in first
    assert tree(tmp_path / "site") == before


def test_warnings_are_shown_again_when_nothing_changed(small: Path, tmp_path: Path) -> None:
    (small / "stray.md").write_text("# Not in a bundle\n", encoding="utf-8")
    first = _build(small, tmp_path / "site")
    second = _build(small, tmp_path / "site")
    assert NO_CHANGE in second
    warnings = [line for line in first.splitlines() if "stray.md" in line]
    assert warnings and all(line in second for line in warnings)


def test_a_touched_output_folder_is_built_again(small: Path, tmp_path: Path) -> None:
    _build(small, tmp_path / "site")
    before = tree(tmp_path / "site")
    (tmp_path / "site" / "index.html").write_text("vandalised", encoding="utf-8")
    assert NO_CHANGE not in _build(small, tmp_path / "site")
    assert tree(tmp_path / "site") == before


def test_a_project_restored_into_another_folder_keeps_its_last_build(small: Path, tmp_path: Path) -> None:
    """A CI runner restores content, cache and site under another path: the last
    build's files are still found (the output folder is known by its path in the
    project) and kept without being rendered again. Seen through a page altered
    behind gloss's back with its size and time kept: kept, it stays as it is."""
    _build(small, tmp_path / "site")
    moved = tmp_path / "elsewhere" / "project"
    for name in ("content", "site", disk.FOLDER):
        shutil.copytree(tmp_path / name, moved / name, symlinks=True)  # (copy2: times kept, as a cache restore)
    page = moved / "site" / "archive" / "index.html"
    stat = page.stat()
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _build(moved / "content", moved / "site")
    assert b"<HTML" in page.read_bytes(), "the archive page was rendered again"


def test_a_cached_build_equals_a_cold_build_after_edits(small: Path, tmp_path: Path) -> None:
    """Warm builds reuse each unchanged article's parse; after an edit, the site is
    the one a build without any cache makes."""
    _build(small, tmp_path / "warm")
    notes = sorted(small.rglob("notes.yaml"))[0]
    edit(notes, "summary:", "summary: Edited before.")  # plain scalars keep being valid YAML
    index = sorted(small.rglob("index.md"))[-1]
    index.write_text(index.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    log = _build(small, tmp_path / "warm")
    assert NO_CHANGE not in log
    _build(small, tmp_path / "cold", "--no-cache")
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")


def test_unchanged_articles_are_not_parsed_again(small: Path, tmp_path: Path) -> None:
    """The parse entries of unchanged articles survive an edit untouched (same file,
    same inode); only the edited article gets a new entry."""
    _build(small, tmp_path / "site")
    before = {p.name: p.stat().st_ino for p in _entries(small, "entries")}
    notes = sorted(small.rglob("notes.yaml"))[0]
    edit(notes, "summary:", "summary: Edited before.")
    _build(small, tmp_path / "site")
    after = {p.name: p.stat().st_ino for p in _entries(small, "entries")}
    kept = set(before) & set(after)
    assert len(kept) == len(before) - 1 and len(after) == len(before)
    assert all(before[name] == after[name] for name in kept)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "foreign-format", "empty"])
def test_a_damaged_cache_is_ignored_and_rebuilt(small: Path, tmp_path: Path, damage: str) -> None:
    _build(small, tmp_path / "cold", "--no-cache")
    _build(small, tmp_path / "site")
    for path in (
        _entries(small, "entries")
        + _entries(small, "articles")
        + _entries(small, "outputs")
        + _entries(small, "builds")
    ):
        blob = path.read_bytes()
        if damage == "truncate":
            blob = blob[: len(blob) // 2]
        elif damage == "flip":
            blob = blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:]
        elif damage == "garbage":
            blob = os.urandom(len(blob))
        elif damage == "foreign-format":
            blob = blob.replace(disk.MAGIC, b"gloss-cache/0\n", 1)
        else:
            blob = b""
        path.write_bytes(blob)
    log = _build(small, tmp_path / "site")
    assert NO_CHANGE not in log and "Traceback" not in log
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    assert all(isinstance(disk.Store(p.parent.parent).get(p.name), BundleEntry) for p in _entries(small, "entries"))


def test_an_intact_entry_holding_the_wrong_thing_is_not_trusted(small: Path, tmp_path: Path) -> None:
    """An entry that checks out but holds something else (a foreign version's classes)
    is parsed again, not used."""
    _build(small, tmp_path / "cold", "--no-cache")
    _build(small, tmp_path / "site")
    for path in _entries(small, "entries"):
        path.write_bytes(disk.pack({"not": "a bundle entry"}))
    for path in _entries(small, "builds"):
        path.unlink()
    _build(small, tmp_path / "site")
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")


def test_another_gloss_version_misses_every_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = disk.salt()
    monkeypatch.setattr(disk, "__version__", "0.0.0-other")
    assert disk.salt() != ours and disk.key(disk.salt(), b"x") != disk.key(ours, b"x")


def test_half_written_entries_are_never_read_and_are_pruned(tmp_path: Path) -> None:
    """Entries are renamed into place whole; a killed writer's temporary file is
    not an entry and the next prune removes it."""
    store = disk.Store(tmp_path / "parse")
    store.put("ab" + "0" * 62, [1, 2, 3])
    leftover = tmp_path / "parse" / "ab" / ".tmp-killed"
    leftover.write_bytes(disk.pack([1, 2, 3])[:20])
    assert store.get("ab" + "0" * 62) == [1, 2, 3]
    assert store.get(".tmp-killed") is None
    assert store.prune(["ab" + "0" * 62]) == 1
    assert not leftover.exists() and store.get("ab" + "0" * 62) == [1, 2, 3]


def test_unpack_refuses_anything_but_an_intact_entry() -> None:
    blob = disk.pack({"a": 1})
    assert disk.unpack(blob) == {"a": 1}
    for bad in (b"", blob[:-1], blob + b"x", pickle.dumps({"a": 1}), disk.MAGIC + b"\0" * 40):
        with pytest.raises(ValueError):
            disk.unpack(bad)


def test_the_search_index_is_reused_while_the_pages_are_the_same(small: Path, tmp_path: Path) -> None:
    def build() -> dict[str, bytes]:
        assert gloss("build", "--content", small, "--out", tmp_path / "site", "--jobs", "1").code == 0
        return {k: v for k, v in tree(tmp_path / "site").items() if k.startswith("pagefind/")}

    first = build()
    (small / "stray.md").write_text("# Not in a bundle\n", encoding="utf-8")  # a change, same pages
    assert build() == first and len(_entries(small, "search")) == 3  # a shard per language (en, zh), the layout
    edit(sorted(small.rglob("index.md"))[0], "\n\n", "\n\nA new paragraph.\n\n")
    assert build() != first and len(_entries(small, "search")) in (3, 4)  # and the overlay, unless laid anew


def test_a_shard_of_the_last_build_is_kept_as_it_is_and_a_damaged_one_written_again(
    small: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"

    def build(indexed: str) -> dict[str, int]:
        result = gloss("build", "--content", small, "--out", site, "--jobs", "1")
        assert result.code == 0 and f"search index: {indexed} shards indexed again" in result.err, result.err
        return {p.relative_to(site).as_posix(): p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}

    first = build("2 of 2")
    listed = json.loads((site / "pagefind" / "shards.json").read_bytes())
    en, zh = (f"pagefind/{s['bundle']}" for s in listed)
    assert "en" in listed[0]["languages"] and "zh" in listed[1]["languages"]
    edit(small / "2026" / "03" / "agent-benchmarks" / "index.md", "\n\n", "\n\nA new paragraph.\n\n")
    for entry in _entries(small, "search"):  # not from the cache: the zh shard is kept from the site
        entry.unlink()
    second = build("1 of 2")
    kept = {p: i for p, i in first.items() if p.startswith(zh) or "pagefind-ui." in p}
    assert kept and all(second[p] == i for p, i in kept.items())  # linked, not written
    assert any(second.get(p) != i for p, i in first.items() if p.startswith(en))
    entry = site / zh / "pagefind-entry.json"
    before = entry.read_bytes()
    entry.unlink()  # the shard is no longer as the last build left it: indexed again, whole
    third = build("1 of 2")
    assert entry.read_bytes() == before and {p for p in third if p.startswith(zh)} == {
        p for p in second if p.startswith(zh)
    }


def test_check_reads_the_cache_and_writes_nothing(small: Path, tmp_path: Path) -> None:
    assert gloss("check", "--content", small).code == 0
    assert not disk.folder_for(small).exists()
    _build(small, tmp_path / "site")
    before = {p: p.read_bytes() for p in _entries(small, "entries")}
    edit(sorted(small.rglob("notes.yaml"))[0], "summary:", "summary: Edited before.")
    assert gloss("check", "--content", small).code == 0
    assert {p: p.read_bytes() for p in _entries(small, "entries")} == before


def test_no_cache_leaves_no_cache_behind(small: Path, tmp_path: Path) -> None:
    _build(small, tmp_path / "site", "--no-cache")
    assert not disk.folder_for(small).exists()


_PARALLEL_CHECK = """
import json, sys
from pathlib import Path
from gloss.site.pipeline import Options, run
content, theme = Path(sys.argv[1]), Path(sys.argv[2])
seen = []
serial = run(Options(content, theme, search=False, jobs=1))
parallel = run(Options(content, theme, search=False, jobs=2, progress=lambda *a: seen.append(a)))
same = [(o.path, o.data, o.source) for o in parallel.outputs] == [(o.path, o.data, o.source) for o in serial.outputs]
print(json.dumps({"ok": serial.ok and parallel.ok, "same": same, "articles": len(serial.site.articles), "seen": seen}))
"""


def test_parallel_build_equals_serial_build_and_reports_progress(tmp_path: Path) -> None:
    """Parsing and rendering in worker processes (enough articles for both) gives the
    very outputs of one process; the progress callback sees every stage reach its total.
    In a fresh process: render workers are forked only where no other thread runs."""
    import json
    import subprocess
    import sys

    from edits import corpus_generator

    from gloss.build.render import PARALLEL_PAGES
    from gloss.site.pipeline import PARALLEL_THRESHOLD

    content = tmp_path / "content"
    corpus_generator()(content, articles=max(PARALLEL_THRESHOLD, PARALLEL_PAGES) + 6, seed=5)
    root = ROOT
    proc = subprocess.run(
        [sys.executable, "-c", _PARALLEL_CHECK, str(content), str(root / "gloss" / "templates")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] and report["same"]
    for stage in ("parsing", "rendering"):
        counts = [done for name, done, total in report["seen"] if name == stage]
        assert counts and counts == sorted(counts) and counts[-1] == report["articles"], (stage, counts)


def test_build_draws_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    """On a terminal, build redraws one progress line per stage; piped, it prints none."""
    import pty
    import subprocess
    import sys

    from edits import corpus_generator

    content = tmp_path / "content"
    corpus_generator()(content, articles=70, seed=5)
    root = ROOT
    command = [sys.executable, str(root / "build.py"), "build", "--content", str(content), "--no-search", "--jobs", "2"]
    main, child = pty.openpty()
    proc = subprocess.run(
        command + ["--out", str(tmp_path / "a")], stderr=child, stdout=subprocess.DEVNULL, timeout=300, cwd=root
    )
    os.close(child)
    shown = b""
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        shown += data
    os.close(main)
    assert proc.returncode == 0, shown
    assert b"\rreading" in shown and b"70/70" in shown and b"\rrendering" in shown, shown
    piped = gloss("build", "--content", content, "--no-search", "--no-cache", "--out", tmp_path / "b")
    assert piped.code == 0 and "parsing" not in piped.err and "\r" not in piped.err
