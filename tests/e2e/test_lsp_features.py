"""``gloss lsp``'s features end to end, over VS Code's and Neovim's capabilities, on
the English and the Japanese bundle: completion, hover, go to definition, find
references, rename and code actions. Edits the server proposes are applied to
the files and ``gloss check`` must then pass."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import pytest_asyncio
from lsp_client import EN, JA, PROFILES, Editor, break_site, chars, check_said, make_site, start, stop
from lsprotocol import types

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture(params=PROFILES)
async def editor(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Editor]:
    content = make_site(tmp_path)
    if "broken" in request.node.name:
        break_site(content)
    started = await start(tmp_path, request.param)
    yield started
    await stop(started)


def doc(path: Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=path.as_uri())


def apply(editor: Editor, change: types.WorkspaceEdit) -> None:
    """Write a workspace edit into the files (each file's edits from the last)."""
    assert change.changes is not None
    for uri, edits in change.changes.items():
        path = Path(unquote(urlsplit(uri).path))
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")

        def offset(position: types.Position, lines: list[str] = lines) -> int:
            before = sum(len(x) + 1 for x in lines[: position.line])
            return before + chars(lines[position.line], position.character, editor.encoding)

        for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
        path.write_text(text, encoding="utf-8")


async def complete(editor: Editor, path: Path, position: types.Position) -> dict[str, types.CompletionItem]:
    result = await editor.client.text_document_completion_async(
        types.CompletionParams(text_document=doc(path), position=position)
    )
    assert isinstance(result, types.CompletionList)
    return {item.label: item for item in result.items}


# completion


async def test_completion_of_anchors_in_notes_mid_edit(editor: Editor) -> None:
    notes = editor.content / EN / "notes.yaml"
    editor.open(notes)
    editor.change(notes, editor.text(notes).replace('anchor: "#why"', 'anchor: "#wh', 1))  # (no longer YAML)
    items = await complete(editor, notes, editor.position(notes, 'anchor: "#wh', len('anchor: "#wh')))
    assert list(items) == ["#auditing-open-weights", "#why", "#table-1", "#what-changes", "#code"]
    why = items["#why"]
    assert why.detail == "Why audits lag"
    assert isinstance(why.documentation, types.MarkupContent) and "Audits cost time." in why.documentation.value
    assert isinstance(why.text_edit, types.TextEdit) and why.text_edit.new_text == "#why"
    assert why.text_edit.range.start == editor.position(notes, 'anchor: "#wh', len('anchor: "'))


async def test_completion_quotes_an_unquoted_anchor_and_offers_the_original(editor: Editor) -> None:
    notes = editor.content / JA / "notes.yaml"
    editor.open(notes)
    editor.change(notes, editor.text(notes).replace('anchor: "original#why-the-release-was-withheld"', "anchor: "))
    items = await complete(editor, notes, editor.position(notes, "anchor: \n", len("anchor: ")))
    assert "#見送り" in items and items["#見送り"].detail == "公開見送りの理由"
    original = items["original#why-the-release-was-withheld"]
    assert original.detail == "Why the release was withheld"
    assert isinstance(original.text_edit, types.TextEdit)
    assert original.text_edit.new_text == '"original#why-the-release-was-withheld"'
    assert list(items)[-3:] == [
        "original#safety-report-highlights",
        "original#why-the-release-was-withheld",
        "original#plans",
    ]


async def test_completion_of_tags_slugs_keys_and_values(editor: Editor) -> None:
    notes = editor.content / JA / "notes.yaml"
    editor.open(notes)
    text = editor.text(notes).replace("tags: [safety, 安全性]", "tags: [safety, 安全性, ]")
    text = text.replace("related: [open-weights-audit]", "related: [open-weights-audit, ]")
    await editor.published(notes, editor.change(notes, text))
    tags = await complete(editor, notes, editor.position(notes, "安全性, ]", len("安全性, ")))
    assert set(tags) == {"open-models", "safety", "agents", "安全性", "成本"}
    assert tags["safety"].detail == "2 articles"
    slugs = await complete(editor, notes, editor.position(notes, "open-weights-audit, ]", len("open-weights-audit, ")))
    assert set(slugs) == {"open-weights-audit", "agent-benchmarks", "推理成本"}  # (not itself)
    assert slugs["推理成本"].detail == "推理成本下降 (2026-03-03)"
    text = text.replace("  - title: 原文\n", "  - title: 原文\n    qu\n").replace("doc: original,", "doc: ,")
    editor.change(notes, text)  # (no longer YAML: keys and values complete from the lines alone)
    keys = await complete(editor, notes, editor.position(notes, "    qu\n", len("    qu")))
    assert {"quote", "quote_end", "prefix", "anchor", "within"} <= set(keys) and "tags" not in keys
    values = await complete(editor, notes, editor.position(notes, "doc: ,", len("doc: ")))
    assert list(values) == ["index", "original"]


async def test_completion_in_markdown_links(editor: Editor) -> None:
    index = editor.content / JA / "index.md"
    editor.open(index)
    editor.change(index, editor.text(index) + "\n[自](#\n[他](open-weights-audit#\n[記事](\n")
    own = await complete(editor, index, editor.position(index, "[自](#", len("[自](#")))
    assert list(own) == ["#安全性報告の要点", "#見送り", "#table-1", "#今後の計画"]
    other = await complete(editor, index, editor.position(index, "audit#\n", len("audit#")))
    assert set(other) == {
        f"open-weights-audit#{i}" for i in ("auditing-open-weights", "why", "table-1", "what-changes", "code")
    }
    slugs = await complete(editor, index, editor.position(index, "[記事](", len("[記事](")))
    assert {"open-weights-audit", "agent-benchmarks", "推理成本"} <= set(slugs)


# hover


async def hover(editor: Editor, path: Path, position: types.Position) -> str:
    result = await editor.client.text_document_hover_async(
        types.HoverParams(text_document=doc(path), position=position)
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_hover_on_anchors_and_headings(editor: Editor) -> None:
    notes, index = editor.content / EN / "notes.yaml", editor.content / EN / "index.md"
    editor.open(notes)
    text = await hover(editor, notes, editor.position(notes, '"#why"', 3))
    assert text.startswith("**Why audits lag** (index.md, line 11)") and "Audits cost time." in text
    editor.open(index)
    text = await hover(editor, index, editor.position(index, "{#why}", 2))
    assert text.startswith("`#why`: 3 references")  # (two anchors in its notes, a link of the Japanese article)


async def test_hover_on_quotes_says_where_they_land_or_why_not(editor: Editor) -> None:
    notes = editor.content / JA / "notes.yaml"
    editor.open(notes)
    text = await hover(editor, notes, editor.position(notes, "モデルが未知"))
    assert text.startswith("**Anchored** in index.md, line 10:") and "モデルが未知の脆弱性を見つけられる" in text
    version = editor.change(
        notes, editor.text(notes).replace("quote: モデルが未知の脆弱性を見つけられる", "quote: 公開は当面ない")
    )
    await editor.published(notes, version)
    text = await hover(editor, notes, editor.position(notes, "公開は当面ない"))
    assert text.startswith("**Ambiguous**: occurs 2 times in index.md")
    assert '- line 10: prefix: "た。"' in text and '- line 19: prefix: "る。"' in text
    version = editor.change(
        notes, editor.text(notes).replace("quote: 公開は当面ない", "quote: 全く別の言葉が並んでいる")
    )
    await editor.published(notes, version)
    text = await hover(editor, notes, editor.position(notes, "全く別"))
    assert text.startswith("**Not found** in index.md")


async def test_hover_on_a_drifted_quote_broken(editor: Editor) -> None:
    notes = editor.content / EN / "notes.yaml"
    editor.open(notes)
    text = await hover(editor, notes, editor.position(notes, "audited much"))
    assert text.startswith("**Drifted** (89% alike): in index.md, line 9, the passage now reads:")
    assert "> audited less often" in text


# definition and references


async def definition(editor: Editor, path: Path, position: types.Position) -> list[tuple[Path, int, int]]:
    found = await editor.client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(path), position=position)
    )
    assert isinstance(found, list)
    return [
        (Path(unquote(urlsplit(loc.uri).path)), *editor.place(Path(unquote(urlsplit(loc.uri).path)), loc.range.start))
        for loc in found
        if isinstance(loc, types.Location)
    ]


async def test_definition(editor: Editor) -> None:
    en, ja = editor.content / EN, editor.content / JA
    editor.open(ja / "notes.yaml")
    editor.open(ja / "index.md")
    assert await definition(editor, ja / "notes.yaml", editor.position(ja / "notes.yaml", '"#見送り"', 3)) == [
        (ja / "index.md", 8, 15)
    ]  # (the id pinned in {#見送り})
    assert await definition(editor, ja / "notes.yaml", editor.position(ja / "notes.yaml", "original#why", 10)) == [
        (ja / "original.md", 6, 4)
    ]
    assert await definition(editor, ja / "notes.yaml", editor.position(ja / "notes.yaml", "モデルが未知")) == [
        (ja / "index.md", 10, 6)
    ]  # (the passage the quote anchors)
    assert await definition(editor, ja / "notes.yaml", editor.position(ja / "notes.yaml", "[open-weights", 3)) == [
        (en / "index.md", 1, 1)
    ]
    assert await definition(editor, ja / "index.md", editor.position(ja / "index.md", "audit#why", 7)) == [
        (en / "index.md", 11, 21)
    ]


async def test_references_of_a_heading(editor: Editor) -> None:
    en, ja = editor.content / EN, editor.content / JA
    editor.open(en / "index.md")
    found = await editor.client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(en / "index.md"),
            position=editor.position(en / "index.md", "Why audits"),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert found is not None
    places = [(Path(unquote(urlsplit(loc.uri).path)).name, loc.range.start.line) for loc in found]
    assert places == [("index.md", 10), ("notes.yaml", 6), ("notes.yaml", 13), ("index.md", 10)]
    assert found[-1].uri == (ja / "index.md").as_uri()


# rename


async def rename(editor: Editor, path: Path, position: types.Position, new: str) -> types.WorkspaceEdit:
    prepared = await editor.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(path), position=position)
    )
    assert prepared is not None
    change = await editor.client.text_document_rename_async(
        types.RenameParams(text_document=doc(path), position=position, new_name=new)
    )
    assert change is not None and change.changes is not None
    return change


async def test_rename_a_pinned_heading_id_across_articles(editor: Editor) -> None:
    index = editor.content / EN / "index.md"
    editor.open(index)
    change = await rename(editor, index, editor.position(index, "{#why}", 3), "lag")
    assert change.changes is not None
    assert sorted(
        (Path(unquote(urlsplit(uri).path)).parent.name, len(edits)) for uri, edits in change.changes.items()
    ) == [("open-weights-audit", 1), ("open-weights-audit", 2), ("安全性報告", 1)]
    apply(editor, change)
    assert "## Why audits lag {#lag}" in index.read_text(encoding="utf-8")
    assert "(open-weights-audit#lag)" in (editor.content / JA / "index.md").read_text(encoding="utf-8")
    assert check_said(editor.content) == []


async def test_rename_from_a_reference_and_of_an_unpinned_heading(editor: Editor) -> None:
    ja, en = editor.content / JA, editor.content / EN
    editor.open(ja / "notes.yaml")
    apply(editor, await rename(editor, ja / "notes.yaml", editor.position(ja / "notes.yaml", "#見送り", 1), "理由"))
    assert "## 公開見送りの理由 {#理由}" in (ja / "index.md").read_text(encoding="utf-8")
    editor.open(en / "notes.yaml")
    apply(
        editor,
        await rename(editor, en / "notes.yaml", editor.position(en / "notes.yaml", "#what-changes", 2), "changes"),
    )
    assert "### What changes {#changes}\n" in (en / "index.md").read_text(encoding="utf-8")
    assert '  - "#changes"\n' in (en / "notes.yaml").read_text(encoding="utf-8")
    assert check_said(editor.content) == []


async def test_rename_refuses_what_cannot_be_an_id(editor: Editor) -> None:
    index = editor.content / EN / "index.md"
    editor.open(index)
    with pytest.raises(Exception, match="cannot be an id"):
        await editor.client.text_document_rename_async(
            types.RenameParams(
                text_document=doc(index), position=editor.position(index, "{#why}", 3), new_name="two words"
            )
        )
    with pytest.raises(Exception, match='has an id "code" already'):
        await editor.client.text_document_rename_async(
            types.RenameParams(text_document=doc(index), position=editor.position(index, "{#why}", 3), new_name="code")
        )
    table = await editor.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            text_document=doc(editor.content / EN / "notes.yaml"),
            position=editor.position(editor.content / EN / "notes.yaml", "#table-1", 2),
        )
    )
    assert table is None  # (tables are numbered)


# code actions


async def fixes(editor: Editor, path: Path, position: types.Position) -> list[types.CodeAction]:
    diagnostics = await editor.published(path, 1)
    found = await editor.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(path),
            range=types.Range(start=position, end=position),
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    assert found is not None
    return [action for action in found if isinstance(action, types.CodeAction)]


async def test_code_actions_fix_what_check_reports_broken(editor: Editor) -> None:
    en, ja = editor.content / EN, editor.content / JA
    for path in (en / "notes.yaml", ja / "notes.yaml", ja / "index.md"):
        editor.open(path)
    chosen = []
    anchor = await fixes(editor, en / "notes.yaml", editor.position(en / "notes.yaml", "#whyy"))
    assert [a.title for a in anchor] == ['Change to "#why"']
    assert anchor[0].is_preferred and anchor[0].diagnostics and "does not resolve" in anchor[0].diagnostics[0].message
    chosen.append(anchor[0])
    drifted = await fixes(editor, en / "notes.yaml", editor.position(en / "notes.yaml", "audited much"))
    assert [a.title for a in drifted] == ["Replace the quote with the passage as it now reads"]
    chosen.append(drifted[0])
    ambiguous = await fixes(editor, ja / "notes.yaml", editor.position(ja / "notes.yaml", "公開は当面ない"))
    assert [a.title for a in ambiguous] == [
        'Pick the occurrence at line 10: add prefix: "た。"',
        'Pick the occurrence at line 19: add prefix: "る。"',
    ]
    chosen.append(ambiguous[0])
    link = await fixes(editor, ja / "index.md", editor.position(ja / "index.md", "#nope", 1))
    assert [a.title for a in link][0] == 'Change to "agent-benchmarks#method"'
    chosen.append(link[0])
    for action in chosen:
        assert action.edit is not None
        apply(editor, action.edit)
    left = check_said(editor.content)
    tags = "both make the page /tags/safety/; use one spelling"  # (an error at each of the colliding tags)
    assert [message for *_, message in left] == [
        f'the tags "safety" and "Safety" ({ja / "notes.yaml"}:4) {tags}',
        'related: unknown article "no-such-article"; valid: agent-benchmarks, open-weights-audit, 安全性報告, 推理成本',
        f'the tags "Safety" and "safety" ({en / "notes.yaml"}:3) {tags}',
    ]
    assert '    prefix: "た。"\n' in (ja / "notes.yaml").read_text(encoding="utf-8")
