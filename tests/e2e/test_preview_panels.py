"""The preview's panels (issue 16, items 3 and 9), in real Chromium: the error
overlay and the warnings banner live in a shadow root under a reset host, so a
theme's styles never reach them — readable (axe: no serious violation, colour
contrast included) in light and dark, even under a theme that paints every
``pre``, ``li`` and ``a`` pink on pale pink; warnings show as a banner that can
be dismissed, each with a ``vscode://file/…:line:col`` link."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from browser import AXE, launch, wait_for_build
from conftest import edit

from gloss.core.diagnostics import warning
from gloss.preview.serve import editor_link

NOTES = "2026/03/open-weights-audit/notes.yaml"
HOSTILE = (
    "\npre, li, ul, h2, a, section, div { background: #fdf0ef !important; color: #ffd9d6 !important; "
    "font-family: serif !important; }\n"
)


def _axe(page: Any, selector: str) -> list[tuple[str, Any]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("(sel) => axe.run({include: [[sel]]}, {resultTypes: ['violations']})", selector)
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _panel_style(page: Any, host: str) -> dict[str, str]:
    return page.evaluate(
        """(host) => {
        const li = document.querySelector(host).shadowRoot.querySelector('li');
        const s = getComputedStyle(li);
        return {color: s.color, font: s.fontFamily, bg: getComputedStyle(li.closest('section')).backgroundColor};
    }""",
        host,
    )


def test_editor_link_opens_the_file_at_its_place() -> None:
    link = editor_link(warning("content/2026/a b/notes.yaml", 3, 7, "a drifted quote"))
    assert link["href"].startswith("vscode://file/") and link["href"].endswith("/content/2026/a%20b/notes.yaml:3:7")
    assert link["where"] == "content/2026/a b/notes.yaml:3:7" and link["severity"] == "warning"
    assert link["text"] == "content/2026/a b/notes.yaml:3:7: warning: a drifted quote"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_overlay_and_banner_are_isolated_readable_and_dismissible(
    live: tuple[str, Path, Path, list[Any]], scheme: str
) -> None:
    from playwright.sync_api import sync_playwright

    base, content, theme, _ = live
    notes = content / NOTES
    edit(theme / "assets" / "style.css", ":root", HOSTILE + ":root")  # a theme that would make them unreadable
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context(color_scheme=scheme, viewport={"width": 1400, "height": 900}).new_page()
        page.goto(base + "open-weights-audit/")
        wait_for_build(page, 1)

        # errors: the overlay, isolated from the theme
        edit(notes, 'anchor: "#why"', 'anchor: "#whyy"')
        page.wait_for_selector("#gloss-error-overlay li", timeout=15000)
        assert '"#whyy"' in page.inner_text("#gloss-error-overlay li")
        style = _panel_style(page, "#gloss-error-overlay")
        assert style["color"] != "rgb(255, 217, 214)" or scheme == "dark", style  # not the theme's pink on pale
        assert "serif" != style["font"] and "monospace" in style["font"], style
        assert not _axe(page, "#gloss-error-overlay")
        href = page.get_attribute("#gloss-error-overlay a", "href")
        assert href.startswith("vscode://file/") and href.endswith("notes.yaml:7:13"), href

        # warnings after a good build: a dismissible banner with links
        edit(notes, 'anchor: "#whyy"', 'anchor: "#why"')
        edit(notes, "takeaways:\n", "takeaways:\n  - {text: Placed nowhere.}\n")
        page.wait_for_selector("#gloss-warning-banner li", timeout=15000)
        assert not page.query_selector("#gloss-error-overlay")
        assert "a takeaway needs after:" in page.inner_text("#gloss-warning-banner li")
        assert page.get_attribute("#gloss-warning-banner a", "href").startswith("vscode://file/")
        assert not _axe(page, "#gloss-warning-banner")
        page.click("#gloss-warning-banner button")
        assert not page.query_selector("#gloss-warning-banner")
        page.reload()  # dismissed stays dismissed for the same warnings
        wait_for_build(page, 1)
        assert not page.query_selector("#gloss-warning-banner")
        browser.close()


WORDS = {  # the panels' heading, label and button, in each page's language
    "zh": ("gloss：构建失败（1 个错误），显示的是上次成功构建的网站", "gloss：构建错误", "gloss：1 个警告", "关闭"),
    "ja": (
        "gloss: ビルドに失敗しました(エラー 1 件)。最後に成功したサイトを表示しています",
        "gloss: ビルドエラー",
        "gloss: 警告 1 件",
        "閉じる",
    ),
    "en": (
        "gloss: the build failed (1 error); showing the last good site",
        "gloss: build errors",
        "gloss: 1 warning",
        "Dismiss",
    ),
}


def test_the_panels_speak_the_page_s_language(live: tuple[str, Path, Path, list[Any]]) -> None:
    """Found by a Chinese/Japanese-first editor: the overlay was in English on a zh page,
    though the annotation dialog follows the page's language."""
    from playwright.sync_api import sync_playwright

    base, content, _, reports = live
    built = len(reports)
    edit(content / "2026/03/agent-benchmarks/notes.yaml", "lang: en", "lang: ja")  # a Japanese page
    deadline = time.monotonic() + 30
    while not (len(reports) > built and reports[-1].ok) and time.monotonic() < deadline:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = launch(p)
        pages = {}
        for lang, slug in (("zh", "推理成本"), ("ja", "agent-benchmarks"), ("en", "open-weights-audit")):
            pages[lang] = browser.new_page()
            pages[lang].goto(base + slug + "/")
            assert pages[lang].evaluate("document.documentElement.lang") == lang
            wait_for_build(pages[lang], 1)

        edit(content / NOTES, 'anchor: "#why"', 'anchor: "#whyy"')
        for lang, page in pages.items():
            page.wait_for_selector("#gloss-error-overlay li", timeout=15000)
            heading, label, _, _ = WORDS[lang]
            assert page.inner_text("#gloss-error-overlay h2") == heading
            assert page.get_attribute("#gloss-error-overlay section", "aria-label") == label

        edit(content / NOTES, 'anchor: "#whyy"', 'anchor: "#why"')
        edit(content / NOTES, "takeaways:\n", "takeaways:\n  - {text: Placed nowhere.}\n")
        for lang, page in pages.items():
            page.wait_for_selector("#gloss-warning-banner li", timeout=15000)
            _, _, warned, dismiss = WORDS[lang]
            assert page.inner_text("#gloss-warning-banner h2") == warned
            assert page.inner_text("#gloss-warning-banner button") == dismiss
        browser.close()
