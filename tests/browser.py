"""Real headless Chromium (Debian's package) driven by Playwright, shared by
the browser tests: how to launch it, and the small page probes they use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots; git-ignored
AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def launch(playwright: Any) -> Any:
    """Chromium as the tests run it: the machine's browser, no downloads, no network chatter."""
    assert CHROMIUM.exists(), "the browser tests need Debian's chromium: apt-get install chromium"
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def in_viewport_top(page: Any, selector_js: str) -> bool:
    """Whether the element ``selector_js`` evaluates to starts inside the upper part of the viewport
    (where scrolling to an anchor puts it)."""
    return bool(
        page.evaluate(f"""() => {{
        const el = {selector_js};
        if (!el) return false;
        const top = el.getBoundingClientRect().top;
        return top >= -2 && top < innerHeight * 0.5;
    }}""")
    )


def wait_for_build(page: Any, count: int) -> None:
    """Until the preview's live script has seen ``count`` builds (1: connected)."""
    page.wait_for_function(f"window.glossLive && window.glossLive.builds >= {count}", timeout=15000)
