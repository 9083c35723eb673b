"""A notes.yaml mid-edit never crashes ``gloss lsp``: hundreds of random edit sequences
(truncations, inserted ``:``, ``-``, quotes, tabs, brackets, YAML's reserved
characters, CJK text, deleted and doubled lines) sent as incremental changes, each
followed by a hover or completion request that must be answered and by the
diagnostics of the version it left. The edits are seeded (the same every run)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import FUZZ_STATS
from lsp_client import JA, PROFILES, Editor, make_site, start, stop, units
from lsprotocol import types

pytestmark = pytest.mark.asyncio

SEQUENCES = 300  # per capability profile
PIECES = [
    ":",
    ": ",
    "-",
    "- ",
    '"',
    "'",
    "\t",
    "  ",
    "\n",
    "\n  - ",
    "#",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n",
    ">-\n",
    "%",
    "@",
    "`",
    "安全性",
    "見送り、",
    "\u3000",
    "é",
    "😀",
    "\\",
    "---\n",
]


def _position(editor: Editor, path: Path, offset: int) -> types.Position:
    text = editor.texts[path]
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line=line, character=units(text[start:offset], editor.encoding))


def _mutate(editor: Editor, path: Path, rng: random.Random) -> None:
    text = editor.texts[path]
    kind = rng.choice(["insert", "insert", "insert", "delete", "truncate", "double"])
    at = rng.randrange(len(text) + 1)
    if kind == "insert":
        editor.edit(path, _position(editor, path, at), _position(editor, path, at), rng.choice(PIECES))
    elif kind == "delete":
        end = min(len(text), at + rng.randrange(1, 40))
        editor.edit(path, _position(editor, path, at), _position(editor, path, end), "")
    elif kind == "truncate":
        editor.edit(path, _position(editor, path, at), _position(editor, path, len(text)), "")
    else:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        editor.edit(path, _position(editor, path, end), _position(editor, path, end), "\n" + line)


async def _ask(editor: Editor, path: Path, rng: random.Random) -> None:
    position = _position(editor, path, rng.randrange(len(editor.texts[path]) + 1))
    where = types.TextDocumentIdentifier(uri=path.as_uri())
    if rng.random() < 0.5:
        await editor.client.text_document_hover_async(types.HoverParams(text_document=where, position=position))
    else:
        await editor.client.text_document_completion_async(
            types.CompletionParams(text_document=where, position=position)
        )


@pytest.mark.parametrize("profile", PROFILES)
async def test_random_edits_of_notes_never_crash_the_server(tmp_path: Path, profile: str) -> None:
    make_site(tmp_path)
    editor = await start(tmp_path, profile, debounce=0)
    try:
        notes = editor.content / JA / "notes.yaml"
        editor.open(notes)
        original = editor.texts[notes]
        assert await editor.published(notes, 1) == []
        rng = random.Random(f"gloss-lsp-{profile}")
        for sequence in range(SEQUENCES):
            if sequence % 20 == 0:
                editor.change(notes, original)
            for _ in range(rng.randrange(1, 6)):
                _mutate(editor, notes, rng)
            await _ask(editor, notes, rng)
            said = await editor.published(notes, editor.versions[notes])
            FUZZ_STATS["lsp: notes edit sequences"] += 1
            FUZZ_STATS["lsp: ... leaving a YAML error"] += any("YAML" in d.message for d in said)
        version = editor.change(notes, original)
        assert await editor.published(notes, version) == []  # (recovered: the file as it was checks clean)
        errors = [m.message for m in editor.client.log_messages if m.type == types.MessageType.Error]
        assert errors == []
    finally:
        await stop(editor)
