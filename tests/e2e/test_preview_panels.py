"""The preview's panels (issue 16, items 3 and 9), in real Chromium: the error
overlay and the warnings banner live in a shadow root under a reset host, so a
theme's styles never reach them — readable (axe: no serious violation, colour
contrast included) in light and dark, even under a theme that paints every
``pre``, ``li`` and ``a`` pink on pale pink; warnings show as a banner that can
be dismissed, each with a ``vscode://file/…:line:col`` link."""

from __future__ import annotations

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
