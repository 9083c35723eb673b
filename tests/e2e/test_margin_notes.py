"""Margin notes (issue 16, item 2), in real Chromium: three highlights in one
Japanese paragraph (written in notes.yaml out of text order) and one in a
Chinese paragraph. The notes are laid out in text order and never overlap
one another or the text, at a phone's, a tablet's and a desktop's width; each
note carries the number shown after its passage; a paragraph with notes is
as wide as one without. axe finds nothing serious in light or dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import AXE
from conftest import FIXTURES, gloss
from sitehost import serve_site

BASE = "/lang/"
ARTICLE = "margin-notes-ja/"
WIDTHS = [390, 820, 1400]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("margin") / "site"
    result = gloss("build", "--content", FIXTURES / "languages" / "content", "--out", out)
    assert result.code == 0, result.err
    with serve_site(Path(out), BASE) as served:
        yield served


def _boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].map((e) => {
        const r = e.getBoundingClientRect();
        return {x: r.left, y: r.top + scrollY, right: r.right, bottom: r.bottom + scrollY, text: e.textContent};
    })""",
        selector,
    )


def _intersect(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["right"] - 0.5
        and b["x"] < a["right"] - 0.5
        and a["y"] < b["bottom"] - 0.5
        and b["y"] < a["bottom"] - 0.5
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_notes_in_text_order_never_overlap(chromium: Any, origin: str, width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(origin + BASE + ARTICLE)
    notes = _boxes(page, ".body .margin-note")
    assert len(notes) == 4
    for i, a in enumerate(notes):
        for b in notes[i + 1 :]:
            assert not _intersect(a, b), (width, a["text"][:12], b["text"][:12])
    paragraph = _boxes(page, ".annotated > p")[0]
    for note in notes[:3]:
        assert not _intersect(note, paragraph), (width, note["text"][:12])
    # text order: each note below the one before (beside the text or after it)
    assert [n["y"] for n in notes] == sorted(n["y"] for n in notes)
    numbers = page.eval_on_selector_all(".body .margin-note", "(ns) => ns.map((n) => n.dataset.note)")
    assert numbers == ["1", "2", "3", "4"]
    assert [n["text"].split()[0] for n in notes] == ["1", "2", "3", "4"]
    # the same number after its passage, linking to the note; the note links back to the passage
    refs = page.eval_on_selector_all(
        ".body a.note-ref",
        """(rs) => rs.map((r) => [r.textContent,
        r.getAttribute('href'), r.previousElementSibling.textContent])""",
    )
    assert [r[0] for r in refs] == ["1", "2", "3", "4"]
    assert refs[0][2] == "最初の文はここにある" and refs[2][2] == "三つ目の文は結論を述べる"
    for number, href, _ in refs:
        assert page.evaluate("(h) => document.querySelector(h).dataset.note", href) == number
    if width >= 768:  # beside the text: as wide as a paragraph without notes
        plain = page.evaluate("document.querySelector('.body > p').getBoundingClientRect().width")
        assert abs(paragraph["right"] - paragraph["x"] - plain) < 1, (paragraph, plain)
        assert all(n["x"] >= paragraph["right"] for n in notes[:3])
    else:  # after the paragraph
        assert all(n["y"] >= paragraph["bottom"] - 1 for n in notes[:3])
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_numbered_notes_pass_axe(chromium: Any, origin: str, scheme: str) -> None:
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(origin + BASE + ARTICLE)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
    context.close()
