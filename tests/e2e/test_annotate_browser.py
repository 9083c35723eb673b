"""Annotating in the preview, in real Chromium against a real ``serve`` stack
(Rebuilder, watcher, PreviewServer with its notes endpoint): a Japanese sentence
selected in the translation and an English one in the original become highlights
with notes through the page's own controls (the second by keyboard only);
notes.yaml gains exactly those entries and nothing else changes; the page reloads
with the marks and margin notes; a note is edited, both are deleted, and the file
is back byte for byte. The dialog passes axe-core, in Japanese."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import AXE, launch, wait_for_build
from conftest import FIXTURES, ROOT

from gloss.preview.notesapi import NotesApi
from gloss.preview.serve import LiveState, PreviewServer
from gloss.preview.watch import BuildReport, Rebuilder, watch
from gloss.site.pipeline import Options

SLUG = "annotated-ja"
NOTES = """\
# notes for the annotation test
date: 2026-03-04
lang: ja
summary: 注釈を書くテスト。
tags: [open-models]   # shared with the other articles
source: {url: "https://example.org/source/annotate", lang: en}
key_points:
  - title: 評価
    text: 慎重に。   # a comment
    anchor: "#results"
highlights:
  - {quote: "結果は良好だった", note: "既存の注。"}
# the end
"""
INDEX = """\
---
lang: ja
---
# 注釈のテスト

最初の段落です。モデルの評価は慎重に行うべきだ。ここで文は終わる。

## 結果 {#results}

結果は良好だった。
"""
ORIGINAL = """\
---
lang: en
---
# Annotation test

This is the first paragraph. Models should be evaluated with care. The sentence ends here.

## Results {#results}

The results were good.
"""
JA = "モデルの評価は慎重に行うべきだ。"
EN = "Models should be evaluated with care."

SELECT = """([root, phrase]) => {
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(phrase);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + phrase.length);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""


@dataclass
class Annotating:
    url: str
    notes: Path
    reports: list[BuildReport]


@pytest.fixture
def annotating(tmp_path: Path) -> Iterator[Annotating]:
    """The small site plus a Japanese article with its English original, served as
    ``serve`` serves it (with the notes endpoint) and rebuilt on every change."""
    content, theme = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "small" / "content", content)
    shutil.copytree(ROOT / "gloss" / "templates", theme)
    bundle = content / "2026" / "03" / SLUG
    bundle.mkdir()
    for name, text in (("index.md", INDEX), ("original.md", ORIGINAL), ("notes.yaml", NOTES)):
        (bundle / name).write_text(text, encoding="utf-8")
    rebuilder = Rebuilder(Options(content, theme, search=False), tmp_path / "site")
    state = LiveState("/small/")
    server = PreviewServer(("127.0.0.1", 0), tmp_path / "site", state, NotesApi(rebuilder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    reports: list[BuildReport] = []

    def on_build(report: BuildReport) -> None:
        reports.append(report)
        state.publish(report)

    stop = threading.Event()
    watcher = threading.Thread(
        target=watch, args=(rebuilder, [content, theme], on_build, stop), kwargs={"build_first": True}, daemon=True
    )
    watcher.start()
    try:
        yield Annotating(f"http://127.0.0.1:{server.server_address[1]}/small/{SLUG}/", bundle / "notes.yaml", reports)
    finally:
        stop.set()
        watcher.join(timeout=5)
        server.stopping.set()
        server.shutdown()
        server.server_close()


def reloaded(page: Any, ready: str) -> None:
    """Until the page has reloaded (the mark set before is gone) and ``ready`` holds."""
    page.wait_for_function(f"!window.__before && window.glossNotes && ({ready})", timeout=20000)
    wait_for_build(page, 1)


def save_and_reload(page: Any, ready: str) -> None:
    page.evaluate("window.__before = true")
    page.click(".gloss-notes-dialog [data-gloss-action=save]")
    reloaded(page, ready)


def test_annotate_edit_and_delete_in_the_page(annotating: Annotating) -> None:
    from playwright.sync_api import sync_playwright

    before = annotating.notes.read_bytes()
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(annotating.url)
        page.wait_for_function("!!window.glossNotes")
        wait_for_build(page, 1)
        assert page.get_attribute("html", "lang") == "ja"

        # 1. a Japanese sentence of the translation, by mouse: a highlight with a Markdown note
        assert page.evaluate(SELECT, ["article.digest-article .body", JA])
        page.click(".gloss-annotate-bar [data-gloss-action=highlight]")
        dialog = page.locator(".gloss-notes-dialog")
        assert dialog.is_visible()
        assert dialog.locator(".gloss-notes-quote").inner_text() == JA
        assert dialog.locator("[data-gloss-action=save]").inner_text() == "保存"  # in the page's language
        page.fill("#gloss-notes-note", "**慎重さ**が鍵。")
        page.wait_for_function(
            "document.querySelector('.gloss-notes-preview strong')?.textContent === '慎重さ'", timeout=10000
        )
        save_and_reload(page, "!!document.querySelector('#gloss-hl-2-note')")
        added = (
            f'  - {{quote: "{JA}", prefix: "最初の段落です。", suffix: "ここで文は終わる", note: "**慎重さ**が鍵。"}}\n'
        )
        assert annotating.notes.read_text(encoding="utf-8") == NOTES.replace("# the end\n", added + "# the end\n")
        assert page.inner_text("mark.highlight#gloss-hl-2") == JA
        assert page.inner_html("#gloss-hl-2-note strong") == "慎重さ"

        # 2. an English sentence of the original, by keyboard: Alt+Shift+A, Enter, type, Ctrl+Enter
        page.evaluate("document.querySelector('details.original').open = true")
        assert page.evaluate(SELECT, [".original-body", EN])
        page.locator(".gloss-annotate-bar [data-gloss-action=highlight]").wait_for(state="visible")
        page.keyboard.press("Alt+Shift+KeyA")
        assert page.evaluate("document.activeElement.dataset.glossAction") == "highlight"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "gloss-notes-note"
        page.keyboard.type("The author's claim.")
        page.evaluate("window.__before = true")
        page.keyboard.press("Control+Enter")
        reloaded(page, "!!document.querySelector('#gloss-hl-3-note')")
        second = (
            f'  - {{quote: "{EN}", prefix: " paragraph. ", suffix: " The sentenc", doc: original, '
            'note: "The author\'s claim."}\n'
        )
        expected = NOTES.replace("# the end\n", added + second + "# the end\n")
        assert annotating.notes.read_text(encoding="utf-8") == expected
        assert page.text_content(".original-body mark.highlight#gloss-hl-3") == EN  # (in the closed fold-out)
        assert "The author's claim." in (page.text_content("#gloss-hl-3-note") or "")

        # 3. the Japanese note edited from its margin note
        page.click("#gloss-hl-2-note [data-gloss-action=edit-note]")
        assert page.input_value("#gloss-notes-note") == "**慎重さ**が鍵。"
        page.fill("#gloss-notes-note", "編集した注。")
        save_and_reload(page, "document.querySelector('#gloss-hl-2-note')?.textContent.includes('編集した注。')")
        assert annotating.notes.read_text(encoding="utf-8") == expected.replace('"**慎重さ**が鍵。"', '"編集した注。"')

        # 4. both deleted: the file is back, byte for byte
        page.evaluate("document.querySelector('details.original').open = true")
        for number in (3, 2):
            page.click(f"#gloss-hl-{number}-note [data-gloss-action=delete-note]")
            assert page.evaluate("document.activeElement.dataset.glossAction") == "save"
            save_and_reload(page, f"!document.querySelector('#gloss-hl-{number}-note')")
        assert annotating.notes.read_bytes() == before
        assert "既存の注。" in page.inner_text("#gloss-hl-1-note")
        browser.close()
    assert all(report.ok for report in annotating.reports)


def test_cancel_escape_and_a_stale_page(annotating: Annotating) -> None:
    """Cancel and Escape write nothing; a page older than the file is refused and says to reload;
    the dialog, in Japanese, passes axe-core."""
    from playwright.sync_api import sync_playwright

    before = annotating.notes.read_bytes()
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(annotating.url)
        page.wait_for_function("!!window.glossNotes")
        wait_for_build(page, 1)
        page.click("li.key-point [data-gloss-action=edit-note]")
        assert page.input_value("#gloss-notes-title") == "評価"
        assert page.input_value("#gloss-notes-text") == "慎重に。"
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "axe.run(document.querySelector('.gloss-notes-dialog'), {resultTypes: ['violations']})"
            ".then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' ')))"
        )
        assert violations == []
        page.click(".gloss-notes-dialog [data-gloss-action=cancel]")
        assert not page.is_visible(".gloss-notes-dialog")
        page.click("li.key-point [data-gloss-action=edit-note]")
        page.keyboard.press("Escape")
        assert not page.is_visible(".gloss-notes-dialog")
        assert annotating.notes.read_bytes() == before

        # the file edited in an editor, the page not yet rebuilt: the write is refused
        page.evaluate("window.glossLive.source.close()")  # (this page does not reload by itself)
        annotating.notes.write_bytes(before.replace(b"# the end", b"# edited elsewhere"))
        edited = annotating.notes.read_bytes()
        page.click("li.key-point [data-gloss-action=edit-note]")
        page.fill("#gloss-notes-text", "もっと慎重に。")
        page.click(".gloss-notes-dialog [data-gloss-action=save]")
        page.wait_for_function("document.querySelector('.gloss-notes-message').textContent.includes('再読み込み')")
        assert page.input_value("#gloss-notes-text") == "もっと慎重に。"  # the text is kept
        assert annotating.notes.read_bytes() == edited
        browser.close()


def test_a_key_point_and_a_takeaway_added_edited_and_deleted(annotating: Annotating) -> None:
    from playwright.sync_api import sync_playwright

    before = annotating.notes.read_bytes()
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(annotating.url)
        page.wait_for_function("!!window.glossNotes")
        wait_for_build(page, 1)

        # a key point quoting the original: title and text
        page.evaluate("document.querySelector('details.original').open = true")
        assert page.evaluate(SELECT, [".original-body", EN])
        page.click(".gloss-annotate-bar [data-gloss-action=key-point]")
        page.click(".gloss-notes-dialog [data-gloss-action=save]")  # no title yet: refused in the page
        assert page.evaluate("document.activeElement.id") == "gloss-notes-title"
        page.fill("#gloss-notes-title", "慎重な評価")
        page.fill("#gloss-notes-text", "原文の*主張*。")
        save_and_reload(page, "!!document.querySelector('#gloss-key-point-2')")
        point = (
            f'  - title: "慎重な評価"\n    quote: "{EN}"\n    prefix: " paragraph. "\n    suffix: " The sentenc"\n'
            '    doc: original\n    text: "原文の*主張*。"\n'
        )
        with_point = NOTES.replace("highlights:\n", point + "highlights:\n")
        assert annotating.notes.read_text(encoding="utf-8") == with_point
        assert "慎重な評価" in page.inner_text("#gloss-key-point-2")

        # a takeaway after a sentence of the translation
        assert page.evaluate(SELECT, ["article.digest-article .body", "ここで文は終わる。"])
        page.click(".gloss-annotate-bar [data-gloss-action=takeaway]")
        page.fill("#gloss-notes-text", "要するに慎重さ。")
        save_and_reload(page, "!!document.querySelector('aside.takeaway [data-gloss-action=edit-note]')")
        takeaway = (
            'takeaways:\n  - quote: "ここで文は終わる。"\n    prefix: "重に行うべきだ。"\n'
            '    suffix: " 結果 結果は良好だった"\n    text: "要するに慎重さ。"\n'
        )
        assert annotating.notes.read_text(encoding="utf-8") == with_point + takeaway

        # both edited, then deleted: the file is back
        page.click("aside.takeaway [data-gloss-action=edit-note]")
        assert page.input_value("#gloss-notes-text") == "要するに慎重さ。"
        page.fill("#gloss-notes-text", "慎重さに尽きる。")
        save_and_reload(page, "document.querySelector('aside.takeaway')?.textContent.includes('尽きる')")
        page.click("#gloss-key-point-2 [data-gloss-action=edit-note]")
        page.fill("#gloss-notes-text", "")  # an optional field emptied: taken out
        save_and_reload(page, "!document.querySelector('#gloss-key-point-2')?.textContent.includes('主張')")
        edited = with_point.replace('    text: "原文の*主張*。"\n', "") + takeaway.replace(
            "要するに慎重さ。", "慎重さに尽きる。"
        )
        assert annotating.notes.read_text(encoding="utf-8") == edited
        page.click("aside.takeaway [data-gloss-action=delete-note]")
        save_and_reload(page, "!document.querySelector('aside.takeaway')")
        page.click("#gloss-key-point-2 [data-gloss-action=delete-note]")
        save_and_reload(page, "!document.querySelector('#gloss-key-point-2')")
        assert annotating.notes.read_bytes() == before
        browser.close()
