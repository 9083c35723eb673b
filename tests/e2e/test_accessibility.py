"""Accessibility as auditors check it: axe-core (from npm, tests/js/) run in
real Chromium on the home page, a digest day, a tag page, a Japanese and an
English article and the search page, in light and dark mode, with every
fold-out open: no serious or critical violation (colour contrast included);
and keyboard focus is visible on every stop of the first tab presses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import AXE, DESKTOP, PHONE
from conftest import SAMPLE_BASE

PAGES = [
    "",
    "digest/2026-04-08/",
    "tags/safety/",
    "frontier-release-withheld/",
    "open-weight-leaderboard-q1/",
    "search/",
]
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run `npm ci --prefix tests/js` (.ci/run does)"
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(params=["light", "dark"])
def page(request: pytest.FixtureRequest, chromium: Any, sample_origin: str) -> Iterator[Any]:
    context = chromium.new_context(
        viewport=DESKTOP, color_scheme=request.param, reduced_motion="reduce", base_url=sample_origin + SAMPLE_BASE
    )
    yield context.new_page()
    context.close()


def audit(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands, one entry per rule."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "why": v["nodes"][0]["failureSummary"] if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


def _open_everything(page: Any) -> None:
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(page: Any, axe_source: str, path: str) -> None:
    page.goto(path)
    if path == "search/":
        page.fill(".pagefind-ui__search-input", "モデル")
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    _open_everything(page)
    violations = audit(page, axe_source)
    assert not [v for v in violations if v["impact"] in BLOCKING], violations


def test_no_serious_or_critical_axe_violation_on_a_phone(chromium: Any, sample_origin: str, axe_source: str) -> None:
    """Where tables become their own scrollers; checked in both schemes on the English article."""
    for scheme in ("light", "dark"):
        context = chromium.new_context(viewport=PHONE, color_scheme=scheme, is_mobile=True)
        page = context.new_page()
        page.goto(sample_origin + SAMPLE_BASE + "open-weight-leaderboard-q1/")
        _open_everything(page)
        violations = audit(page, axe_source)
        assert not [v for v in violations if v["impact"] in BLOCKING], (scheme, violations)
        context.close()


FOCUS_RING = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 30), ring: outline || shadow,
            onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""


@pytest.mark.parametrize("path", ["", "frontier-release-withheld/"])
def test_keyboard_focus_is_visible_at_every_stop(page: Any, path: str) -> None:
    page.goto(path)
    stops = []
    for _ in range(25):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS_RING))
    assert stops[0]["text"] and stops[0]["onScreen"], "the first stop is the skip link, shown when focused"
    hidden = [s for s in stops if not (s["ring"] and s["onScreen"])]
    assert not hidden, hidden
    assert sum(s["tag"] == "A" for s in stops) >= 15
    if path:  # the fold-outs' summaries are stops too
        assert any(s["tag"] == "SUMMARY" for s in stops), stops
