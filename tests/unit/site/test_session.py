"""The streamed build in a long-running process (``site/session.py``): each edit
takes the shortest way its kind allows (its own pages; the pages that show the
article; the whole site), and every way gives what a clean build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, tree
from edits import AUDIT, BENCH, COSTS, replace_in

from gloss.core import cache as disk
from gloss.site import stream
from gloss.site.collect import Job, collect, index_site, site_records
from gloss.site.pipeline import Options
from gloss.site.refresh import refresh, shown_only
from gloss.site.session import Session

THEME = ROOT / "gloss" / "templates"


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    content, theme = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "small" / "content", content)
    shutil.copytree(THEME, theme)
    return content, theme


def _clean(content: Path, theme: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    result = stream.build(Options(content, theme, search=False), out, reuse=False)
    assert result.written, [d.format() for d in result.diagnostics]
    return tree(out)


EDITS = [  # (what changes, the way it takes, the bundle file, old, new)
    ("an impact analysis (its own page)", "own", f"{AUDIT}/notes.yaml", "*audit trails*", "*audit logs*"),
    ("a body paragraph", "own", f"{BENCH}/index.md", "We reran three suites.", "We reran four suites."),
    ("a summary (shown in lists)", "shown", f"{AUDIT}/notes.yaml", "Audits lag downloads", "Audits trail downloads"),
    ("a Chinese key point's title", "shown", f"{COSTS}/notes.yaml", "title: 价格减半", "title: 价格大幅下降"),
    ("a tag (lists change)", "all", f"{BENCH}/notes.yaml", "tags: [agents]", "tags: [agents, safety]"),
    ("a date (order changes)", "all", f"{COSTS}/notes.yaml", "date: 2026-03-03", "date: 2026-03-01"),
]


@pytest.mark.parametrize(("what", "way", "file", "old", "new"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_takes_its_way_and_gives_the_clean_build(
    workspace: tuple[Path, Path], tmp_path: Path, what: str, way: str, file: str, old: str, new: str
) -> None:
    content, theme = workspace
    live = tmp_path / "live"
    session = Session(Options(content, theme, search=False), live)
    assert session.build().written and session.build(frozenset()).way == "own"  # nothing changed: nothing asked
    before = tree(live)
    result = session.build(frozenset(replace_in(content / file, old, new)))
    assert result.written and result.way == way, (what, result.way)
    got = tree(live)
    assert got == _clean(content, theme, tmp_path / "clean"), what
    assert set(result.touched) == {p for p in set(got) | set(before) if got.get(p) != before.get(p)}, what
    assert set(result.rendered) < set(got) or way == "all", what
    assert result.pages == sum(1 for path in got if path.endswith(".html")), what
    session.close()


def test_a_failed_edit_leaves_the_folder_and_the_next_good_one_catches_up(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, theme = workspace
    live = tmp_path / "live"
    session = Session(Options(content, theme, search=False), live)
    assert session.build().written
    before = tree(live)
    notes = content / COSTS / "notes.yaml"
    replace_in(notes, 'anchor: "#影响"', 'anchor: "#影響"')
    failed = session.build(frozenset({notes}))
    assert not failed.written and any("#影響" in d.message for d in failed.diagnostics)
    assert tree(live) == before
    replace_in(notes, 'anchor: "#影響"', 'anchor: "#影响"')
    replace_in(content / AUDIT / "notes.yaml", "Audits lag downloads", "审计落后于下载")
    result = session.build(frozenset({notes, content / AUDIT / "notes.yaml"}))
    assert result.written
    assert tree(live) == _clean(content, theme, tmp_path / "clean")


def test_close_records_the_folder_for_the_next_build(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    """After a preview closes, ``build`` into the same folder keeps every file the
    preview left (nothing is made again)."""
    content, theme = workspace
    live = tmp_path / "live"
    options = Options(content, theme, search=False, cache=disk.folder_for(content))
    session = Session(options, live)
    assert session.build().written
    notes = content / AUDIT / "notes.yaml"
    assert session.build(frozenset(replace_in(notes, "Audits lag downloads", "監査はダウンロードに遅れる"))).written
    session.close()
    result = stream.build(options, live)
    assert result.written and result.made == 0 and result.kept == result.files


def test_refresh_gives_what_the_site_wide_stage_gives(workspace: tuple[Path, Path]) -> None:
    """An edit of what pages show of an article (a Japanese summary and key point, a
    Chinese summary):
    the last views refreshed equal the views made again from the new records."""
    content, theme = workspace
    options = Options(content, theme, search=False)
    session = Session(options, content.parent / "site")
    job = Job(session_config(content), content, session.cache())
    entries, _ = collect(job)
    before = index_site(job.config, entries, False, [])
    replace_in(content / AUDIT / "notes.yaml", "Audits lag downloads", "監査はダウンロードに遅れている")
    replace_in(content / AUDIT / "notes.yaml", "title: Audits lag", "title: 監査の遅れ")
    replace_in(content / COSTS / "notes.yaml", "推理价格一年内减半。", "推理价格一年内下降了一半。")
    entries, _ = collect(job)
    built, _ = site_records(entries, False, [])
    old = {r.slug: r for r in before.records}
    changed = {r.slug: r for r in built if r != old[r.slug]}
    assert set(changed) == {"open-weights-audit", "推理成本"}
    assert all(shown_only(old[slug], record) for slug, record in changed.items())
    assert refresh(before, changed) == index_site(job.config, entries, False, [])
    session.close()


def session_config(content: Path):  # type: ignore[no-untyped-def]  # (a helper of the test above)
    from gloss.content.config import load_config

    config, problems = load_config(content)
    assert config is not None, problems
    return config


def test_an_edit_of_a_draft_left_out_changes_no_page(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    """A draft is not in the site-wide views: an edit of what lists would show of it
    takes the short way and finds no place of it there (no error), as a clean build."""
    content, theme = workspace
    replace_in(content / COSTS / "notes.yaml", "date: 2026-03-03", "date: 2026-03-03\ndraft: true")
    live = tmp_path / "live"
    session = Session(Options(content, theme, search=False), live)
    assert session.build().written
    result = session.build(frozenset(replace_in(content / COSTS / "notes.yaml", "title: 价格减半", "title: 价格下降")))
    assert result.written and result.way == "shown" and result.touched == []
    assert tree(live) == _clean(content, theme, tmp_path / "clean")


def test_the_pages_counted_follow_articles_made_and_removed(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    """An in-place build counts its pages from the last build's count: an article and
    its new tag add pages, and they go again with the article."""
    content, theme = workspace
    live = tmp_path / "live"
    session = Session(Options(content, theme, search=False), live)
    first = session.build()
    copy = content / "2026" / "03" / "99-新しい記事"
    shutil.copytree(content / COSTS, copy)
    replace_in(copy / "notes.yaml", "title: 价格减半", "title: 新しい要点")
    replace_in(copy / "notes.yaml", "tags: [", "tags: [新しいタグ, ")
    added = session.build(None)
    assert added.written, [d.format() for d in added.diagnostics]
    assert added.pages == sum(1 for path in tree(live) if path.endswith(".html")) > first.pages
    shutil.rmtree(copy)
    removed = session.build(None)
    assert removed.pages == first.pages == sum(1 for path in tree(live) if path.endswith(".html"))
