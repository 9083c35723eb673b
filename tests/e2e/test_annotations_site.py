"""Quote-anchored annotations end to end: marks on the page, drift and orphan
reports through the real command line, and the Web Annotation export read by
a real JSON-LD processor (pyld) against the W3C context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, edit, gloss
from pyld import jsonld

AUDIT = "2026/03/open-weights-audit"
OA = "http://www.w3.org/ns/oa#"
CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"


def page(out: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((out / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def annotated(small: Path) -> Path:
    """The small site with quotes crossing inline formatting, in the original, with quote_end and within."""
    edit(
        small / AUDIT / "index.md",
        "Nothing, yet.[^1]",
        "Nothing *changes* until `audit` budgets [grow](#why), yet.[^1]",
    )
    (small / AUDIT / "original.md").write_text(
        "# Auditing open weights (original)\n\n## Why audits lag\n\n"
        "Audits cost money and weeks of expert time.\n\n## Later\n\nAudits cost money, again.\n",
        encoding="utf-8",
    )
    edit(
        small / AUDIT / "notes.yaml",
        "takeaways:\n",
        'takeaways:\n  - {quote: "audited less often", text: "Downloads outrun audits."}\n',
    )
    edit(
        small / AUDIT / "notes.yaml",
        "related:",
        """  - quote: "changes until audit budgets grow"
    note: "Across *em*, code and a link."
  - quote: "Audits cost money"
    doc: original
    within: "original#why-audits-lag"
    quote_end: "expert time."
    note: "In the original."
related:""",
    )
    return small


def test_marks_cross_inline_formatting_and_notes_sit_by_their_block(annotated: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = gloss("build", "--content", annotated, "--out", out, "--no-search")
    assert result.code == 0, result.err
    soup = page(out, "open-weights-audit")
    marks = soup.select("mark.highlight[id=gloss-hl-2], mark.highlight[aria-describedby=gloss-hl-2-note]")
    assert "".join(m.get_text() for m in marks) == "changes until audit budgets grow"
    assert {m.parent.name for m in marks} >= {"em", "code", "a", "p"}
    assert len(soup.select("#gloss-hl-2")) == 1  # the id on the first piece only
    note = soup.select_one("aside.margin-note#gloss-hl-2-note")
    assert note is not None and note.parent.get("class") == ["margin-notes"]
    assert note.parent.parent.get("class") == ["annotated"]
    assert note.parent.find_previous_sibling("p").select_one("#gloss-hl-2") is not None
    # in the original, inside its fold-out, within one section, from start words to end words
    original = soup.select_one("details.original")
    mark = original.select_one("mark#gloss-hl-3")
    assert mark.get_text() == "Audits cost money and weeks of expert time."
    note3 = original.select_one("aside#gloss-hl-3-note")
    assert note3.get_text() == "1 In the original." and note3.select_one("a.note-number")["href"] == "#gloss-hl-3"
    # a key point quoting a passage links to it, and the passage links back
    point = soup.select_one("li.key-point#gloss-key-point-2")
    assert point.select_one("a.key-point-title")["href"] == "#gloss-kp-2"
    passage = soup.select_one("span.passage#gloss-kp-2")
    assert passage.get_text() == "audited less often"
    assert passage.find_next_sibling("a", class_="passage-ref")["href"] == "#gloss-key-point-2"
    # a quoted takeaway follows the block holding its passage
    takeaway = soup.select_one("span#gloss-ta-1").find_parent("p").find_next_sibling()
    assert takeaway.name == "aside" and "Downloads outrun audits." in takeaway.get_text()


def test_a_drifted_quote_warns_with_the_text_as_it_now_reads(small: Path, tmp_path: Path) -> None:
    edit(
        small / AUDIT / "notes.yaml",
        "quote: audited less often",
        "quote: Open-weight models are audited less often than they are downloaded",
    )
    edit(
        small / AUDIT / "index.md",
        "are audited less often than they are downloaded",
        "are audited far less often than they are downloaded",
    )
    out = tmp_path / "site"
    result = gloss("build", "--content", small, "--out", out, "--no-search")
    assert result.code == 0, result.err
    warning = next(line for line in result.err.splitlines() if "warning:" in line)
    assert warning.startswith(
        f"{small}/{AUDIT}/notes.yaml:9:12: warning: key_points[1]: the quoted passage has changed ("
    )
    assert warning.endswith(
        'it now reads: quote: "Open-weight models are audited far less often than they are downloaded", '
        'suffix: ". Why audits"'  # (the text's start before it: no prefix)
    )
    assert page(out, "open-weights-audit").select_one("#gloss-kp-2").get_text().startswith("Open-weight")
    strict = gloss("check", "--strict", "--content", small)
    assert strict.code == 1 and "the quoted passage has changed" in strict.err


def test_check_lists_every_orphan_and_drift_at_once(small: Path) -> None:
    edit(small / AUDIT / "notes.yaml", "quote: audited less often", "quote: nowhere in this text")
    edit(
        small / AUDIT / "notes.yaml",
        '{quote: "Audits cost time.", note: "The crux."}',
        '{quote: "Audits cost time.", note: "The crux."}\n  - {quote: "Audit cost times", prefix: "lag"}',
    )
    result = gloss("check", "--content", small)
    assert result.code == 1
    assert '"nowhere in this text" is not in index.md; the closest passage' in result.err
    assert "highlights[1]: the quoted passage has changed" in result.err
    assert result.err.splitlines()[-1] == "1 error, 1 warning"


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url != CONTEXT_URL:
        raise jsonld.JsonLdError(f"offline: {url}", "loading document failed")
    document = json.loads((FIXTURES / "jsonld" / "anno.jsonld").read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def test_the_export_is_valid_json_ld_with_the_web_annotation_context(annotated: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert gloss("build", "--content", annotated, "--out", out, "--no-search").code == 0
    soup = page(out, "open-weights-audit")
    link = soup.select_one('link[rel=alternate][type="application/ld+json"]')["href"]
    assert link == "/small/open-weights-audit/annotations.jsonld"
    data = json.loads((out / "open-weights-audit/annotations.jsonld").read_text(encoding="utf-8"))
    options = {"documentLoader": _loader}
    expanded = jsonld.expand(data, options)
    # every term is defined by the context: compacting the expansion gives the document back
    assert jsonld.compact(expanded, CONTEXT_URL, options) == data
    collection = expanded[0]
    assert collection["@type"] == ["http://www.w3.org/ns/activitystreams#OrderedCollection"]
    items = collection["http://www.w3.org/ns/activitystreams#first"][0]["http://www.w3.org/ns/activitystreams#items"]
    annotations = items[0]["@list"]
    motivations = [a[OA + "motivatedBy"][0]["@id"] for a in annotations]
    assert motivations == [OA + "describing"] * 4 + [OA + "highlighting"] * 3 + [OA + "assessing", OA + "commenting"]
    assert all(a["@type"] == [OA + "Annotation"] for a in annotations)
    quoted = [
        a
        for a in annotations
        if OA + "hasSelector" in a[OA + "hasTarget"][0]
        and a[OA + "hasTarget"][0][OA + "hasSelector"][0]["@type"] == [OA + "TextQuoteSelector"]
    ]
    exact = [q[OA + "hasTarget"][0][OA + "hasSelector"][0][OA + "exact"][0]["@value"] for q in quoted]
    assert "changes until audit budgets grow" in exact
    assert "Audits cost money and weeks of expert time." in exact
    # the ids are stable and point into the file
    assert (
        data["first"]["items"][0]["id"] == "https://example.org/small/open-weights-audit/annotations.jsonld#key-point-1"
    )
    assert data["total"] == len(annotations)


def test_the_sample_site_uses_quotes_in_english_and_japanese(tmp_path: Path) -> None:
    out = tmp_path / "site"
    root = ROOT
    result = gloss("build", "--content", root / "content", "--out", out, "--no-search")
    assert result.code == 0 and "warning" not in result.err, result.err
    for slug in ("building-agent-eval-harness", "frontier-release-withheld"):
        soup = page(out, slug)
        assert soup.select("mark.highlight") and soup.select("aside.margin-note")
        assert soup.select("span.key-point-passage") and soup.select("span.takeaway-passage")
