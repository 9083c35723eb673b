"""``check``'s last step in ``gloss lsp``: the links of a bundle's rendered page,
checked when it is opened or saved (``check`` reads the files, not the editor's
buffers), with the site's own theme from templates/ beside content/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsp_client import EN, PROFILES, Editor, check_said, make_site, start, stop
from lsprotocol import types

pytestmark = pytest.mark.asyncio

THEME = """{% extends "default:article.html" %}
{% block head %}{{ super() }}<link rel="help" href="/small/guide/">{% endblock %}
"""


@pytest_asyncio.fixture(params=PROFILES)
async def editor(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Editor]:
    content = make_site(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.html").write_text(THEME, encoding="utf-8")
    index = content / EN / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![図 1](図%201.png)\n", encoding="utf-8")
    started = await start(tmp_path, request.param)
    yield started
    await stop(started)


async def test_the_page_links_are_reported_as_check_reports_them(editor: Editor) -> None:
    index = editor.content / EN / "index.md"
    templates = editor.content.parent / "templates"
    every = check_said(editor.content, "--templates", templates)
    # the missing image is an error of the bundle, where it is written (check renders no page then)
    assert [(d[0], d[1], d[4]) for d in every] == [
        (str(index), 32, 'image "図 1.png": the bundle has no file "図 1.png"')
    ]
    editor.open(index)
    said = await editor.until(lambda: editor.as_said(index, editor.latest(index) or []) or None)
    assert said == every
    (index.parent / "図 1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    every = check_said(editor.content, "--templates", templates)
    expected = [d for d in every if d[0] == str(index)]
    assert len(every) > len(expected)  # (the theme's link, on every article's page)
    assert [(d[0], d[4].split(" on ")[0]) for d in expected] == [(str(index), 'broken link "/small/guide/"')]
    editor.client.text_document_did_save(  # (editors tell of their documents only: a save reads the bundle again)
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=index.as_uri()))
    )
    said = await editor.until(
        lambda: now if (now := editor.as_said(index, editor.latest(index) or [])) == expected else None
    )
    assert said == expected
