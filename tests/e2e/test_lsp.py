"""``gloss lsp`` end to end: the server in a subprocess over stdio, driven by a
real client (pytest-lsp) announcing VS Code's and Neovim's capabilities (UTF-16
and UTF-8 positions), on an English bundle and a Japanese one (with its
original) of the small fixture site. Every wait is for a message from the
server; nothing is timed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from conftest import edit
from lsp_client import EN, JA, PROFILES, Editor, break_site, check_said, make_site, start, stop
from lsprotocol import types

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture(params=PROFILES)
async def editor(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Editor]:
    make_site(tmp_path)
    started = await start(tmp_path, request.param)
    yield started
    await stop(started)


@pytest_asyncio.fixture(params=PROFILES)
async def broken(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Editor]:
    break_site(make_site(tmp_path))
    started = await start(tmp_path, request.param)
    yield started
    await stop(started)


async def test_diagnostics_are_what_check_reports(broken: Editor) -> None:
    expected = check_said(broken.content)
    assert len(expected) == 7  # (the problems break_site made, each reported once; the colliding tags at both places)
    found = []
    for bundle in (EN, JA):
        files = [broken.content / bundle / name for name in ("notes.yaml", "index.md", "original.md")]
        broken.open(files[0])
        for path in files:
            if path.exists():
                found += await broken.said(path, 1 if path == files[0] else None)
    assert sorted(found) == expected


async def test_diagnostics_follow_unsaved_edits(editor: Editor) -> None:
    notes = editor.content / EN / "notes.yaml"
    editor.open(notes)
    assert await editor.said(notes, 1) == []
    version = editor.change(notes, editor.text(notes).replace('"#what-changes"', '"#what-changed"'))
    said = await editor.said(notes, version)
    assert [(line, col, severity) for _, line, col, severity, _ in said] == [(15, 5, "error")]
    assert said[0][4].startswith('anchor "#what-changed" does not resolve in index.md (did you mean "#what-changes"?)')
    version = editor.change(notes, editor.text(notes).replace('"#what-changed"', '"#what-changes"'))
    assert await editor.said(notes, version) == []


async def test_a_heading_renamed_in_an_unsaved_document_breaks_its_references(editor: Editor) -> None:
    """Within the bundle (the notes' anchors) and across articles (the Japanese article's link)."""
    index, notes, other = (
        editor.content / EN / "index.md",
        editor.content / EN / "notes.yaml",
        editor.content / JA / "index.md",
    )
    editor.open(other)
    assert await editor.said(other, 1) == []
    editor.open(notes)
    editor.open(index)
    editor.change(index, editor.text(index).replace("{#why}", "{#reasons}"))
    notes_said = await editor.until(lambda: editor.as_said(notes, editor.latest(notes) or []) or None)
    assert [(line, col) for _, line, col, _, _ in notes_said] == [(7, 13), (14, 14)]
    assert all('anchor "#why" does not resolve' in message for *_, message in notes_said)
    other_said = await editor.until(lambda: editor.latest(other) or None)
    assert [d.message for d in other_said] == [
        f'link "open-weights-audit#why": no such id in {index}; '
        "ids there: auditing-open-weights, code, reasons, table-1, what-changes"
    ]


async def test_a_malformed_notes_file_is_reported_where_check_would(editor: Editor) -> None:
    notes = editor.content / JA / "notes.yaml"
    editor.open(notes)
    version = editor.change(notes, editor.text(notes).replace("  - title: 脆弱性", "  - title: 脆弱性\n   bad"))
    said = await editor.said(notes, version)
    (notes.parent / "notes.yaml").write_text(editor.texts[notes], encoding="utf-8")
    assert said == [d for d in check_said(editor.content) if d[0] == str(notes)]
    assert said and said[0][3] == "error"


async def test_a_full_width_colon_is_named_where_check_names_it(editor: Editor) -> None:
    """Typed with a Japanese input method: the same words and place as ``check``, in
    both position encodings (the colon is a wide character)."""
    notes = editor.content / JA / "notes.yaml"
    editor.open(notes)
    version = editor.change(notes, editor.text(notes).replace("summary: ", "summary： ", 1))
    said = await editor.said(notes, version)
    (notes.parent / "notes.yaml").write_text(editor.texts[notes], encoding="utf-8")
    assert said == [d for d in check_said(editor.content) if d[0] == str(notes)]
    assert len(said) == 1 and said[0][4].startswith('YAML syntax error: "：" is a full-width colon'), said


async def test_changes_on_disk_reach_open_documents(editor: Editor) -> None:
    """A heading renamed in another article's file, and a bundle created, told by file events."""
    other, notes = editor.content / JA / "index.md", editor.content / EN / "notes.yaml"
    editor.open(other)
    editor.open(notes)
    assert await editor.said(other, 1) == []
    edit(editor.content / EN / "index.md", "{#why}", "{#reasons}")
    changed = types.FileEvent(uri=(editor.content / EN / "index.md").as_uri(), type=types.FileChangeType.Changed)
    editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[changed]))
    said = await editor.until(lambda: editor.latest(other) or None)
    assert [d.message.split(":")[0] for d in said] == ['link "open-weights-audit#why"']
    edit(editor.content / EN / "index.md", "{#reasons}", "{#why}")
    editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[changed]))
    assert await editor.until(lambda: [] if editor.latest(other) == [] else None) == []
    edit(notes, "related: [agent-benchmarks]", "related: [agent-benchmarks, fresh]")
    version = editor.change(notes, notes.read_text(encoding="utf-8"))
    assert [d.message for d in await editor.published(notes, version)] == [
        'related: unknown article "fresh"; valid: agent-benchmarks, open-weights-audit, 安全性報告, 推理成本'
    ]
    fresh = editor.content / "2026/03/fresh"
    fresh.mkdir()
    (fresh / "index.md").write_text("# Fresh\n\nNew.\n", encoding="utf-8")
    (fresh / "notes.yaml").write_text("date: 2026-03-05\n", encoding="utf-8")
    created = types.FileEvent(uri=(fresh / "index.md").as_uri(), type=types.FileChangeType.Created)
    editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[created]))
    assert await editor.until(lambda: [] if editor.latest(notes) == [] else None) == []


async def test_the_server_watches_the_files_itself_for_a_client_that_cannot(tmp_path: Path) -> None:
    """Neovim on Linux cannot register file watchers: a heading renamed on disk by another
    program, and a bundle created, reach the open documents with no event from the client."""
    make_site(tmp_path)
    editor = await start(tmp_path, "neovim")
    try:
        assert not editor.client.capabilities.workspace.did_change_watched_files.dynamic_registration
        other, notes = editor.content / JA / "index.md", editor.content / EN / "notes.yaml"
        editor.open(other)
        editor.open(notes)
        assert await editor.said(other, 1) == []
        edit(editor.content / EN / "index.md", "{#why}", "{#reasons}")
        said = await editor.until(lambda: editor.latest(other) or None)
        assert [d.message.split(":")[0] for d in said] == ['link "open-weights-audit#why"']
        edit(editor.content / EN / "index.md", "{#reasons}", "{#why}")
        assert await editor.until(lambda: [] if editor.latest(other) == [] else None) == []
        edit(notes, "related: [agent-benchmarks]", "related: [agent-benchmarks, 新しい記事]")
        version = editor.change(notes, notes.read_text(encoding="utf-8"))
        assert [d.message.split(";")[0] for d in await editor.published(notes, version)] == [
            'related: unknown article "新しい記事"'
        ]
        fresh = editor.content / "2026/03/新しい記事"
        fresh.mkdir()
        (fresh / "notes.yaml").write_text("date: 2026-03-05\n", encoding="utf-8")
        (fresh / "index.md").write_text("# 新しい記事\n\n本文。\n", encoding="utf-8")
        assert await editor.until(lambda: [] if editor.latest(notes) == [] else None) == []
    finally:
        await stop(editor)


async def test_file_watchers_are_registered_where_the_client_allows(editor: Editor) -> None:
    notes = editor.content / EN / "notes.yaml"
    editor.open(notes)
    await editor.published(notes, 1)  # (after initialized)
    patterns = [w["globPattern"] for r in editor.client.registrations for w in r.register_options["watchers"]]
    dynamic = editor.client.capabilities.workspace.did_change_watched_files.dynamic_registration
    assert patterns == (["**/index.md", "**/original.md", "**/notes.yaml", "**/site.yaml"] if dynamic else [])
