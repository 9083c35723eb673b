"""The editor's loop in a real browser (Playwright driving Debian's chromium):
an edit reloads the page that changed and only that page, a stylesheet edit is
swapped in without a reload, and a broken build shows its errors over the page
until the next good build clears them."""

from __future__ import annotations

from pathlib import Path

from browser import launch, wait_for_build
from conftest import edit

from gloss.preview.watch import BuildReport


def test_reload_overlay_and_stylesheet_swap(live: tuple[str, Path, Path, list[BuildReport]]) -> None:
    from playwright.sync_api import sync_playwright

    base, content, theme, reports = live
    notes = content / "2026/03/open-weights-audit/notes.yaml"
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        other = browser.new_page()
        page.goto(base + "open-weights-audit/")
        other.goto(base + "推理成本/")
        for tab in (page, other):
            wait_for_build(tab, 1)  # connected: the current state arrived
            tab.evaluate("window.__mark = 'still here'")

        # 1. an edit reloads the page that shows it, not the others
        # (the impact analysis: the summary's first sentence also shows on related pages)
        edit(notes, "asked for *audit trails*", "asked for *audit records*")
        page.wait_for_function("document.querySelector('.impact').textContent.includes('records')", timeout=15000)
        assert page.evaluate("window.__mark") is None  # it was reloaded
        wait_for_build(other, 2)
        assert other.evaluate("window.__mark") == "still here"
        assert "audit records" not in other.content()

        # 2. a broken build: the overlay appears on every open page, the last good page stays
        page.evaluate("window.__mark = 'still here'")
        edit(notes, 'anchor: "#why"', 'anchor: "#whyy"')
        for tab in (page, other):
            tab.wait_for_selector("#gloss-error-overlay", timeout=15000)
            assert "notes.yaml:" in tab.inner_text("#gloss-error-overlay section")
            assert '"#whyy"' in tab.inner_text("#gloss-error-overlay section")
        assert "records" in page.text_content(".impact")

        # 3. the fix clears it
        edit(notes, 'anchor: "#whyy"', 'anchor: "#why"')
        other.wait_for_selector("#gloss-error-overlay", state="detached", timeout=15000)
        page.wait_for_load_state()
        page.wait_for_function("window.glossLive && !document.querySelector('#gloss-error-overlay')", timeout=15000)

        # 4. a stylesheet edit swaps the stylesheet in place, without a reload
        other.evaluate("window.__mark = 'still here'")
        builds = other.evaluate("window.glossLive.builds")
        edit(theme / "assets" / "style.css", ":root", "/* edited */\n:root")
        wait_for_build(other, builds + 1)
        other.wait_for_function(
            "[...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href.includes('style.css?gloss='))",
            timeout=15000,
        )
        assert other.evaluate("window.__mark") == "still here"
        browser.close()
    assert any(not r.ok for r in reports) and reports[-1].ok
