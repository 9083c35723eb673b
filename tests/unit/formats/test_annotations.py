"""annotations: an article's notes as a W3C Web Annotation collection (JSON-LD),
from an article resolved in memory; read back with a real JSON-LD processor."""

from __future__ import annotations

import json
from typing import Any

from conftest import FIXTURES
from memory import CONFIG, Bundle, linked
from pyld import jsonld

from gloss.formats.annotations import CONTEXT, collection

BODY = "# 題名\n\n## 背景 {#why}\n\n監査は遅れている。理由は費用だ。\n"
NOTES = """date: 2026-01-01
lang: ja
key_points:
  - {title: 遅れ, text: 監査が追いつかない, anchor: '#why'}
  - {title: 費用, quote: 理由は費用だ}
highlights:
  - {quote: 監査は遅れている, note: 要点}
impact:
  analysis: 影響は大きい。
  editorial: 編集部の意見。
"""


def annotations() -> dict:
    site, problems = linked({"a": Bundle(NOTES, BODY)})
    assert problems == []
    return json.loads(collection(site.articles[0], CONFIG))


def test_each_note_is_an_annotation_with_its_motivation_and_target() -> None:
    data = annotations()
    items = data["first"]["items"]
    assert data["type"] == "AnnotationCollection" and data["total"] == len(items) == 5
    motivations = [(i["id"].rsplit("#", 1)[1], i["motivation"]) for i in items]
    assert motivations == [
        ("key-point-1", "describing"),
        ("key-point-2", "describing"),
        ("highlight-1", "highlighting"),
        ("impact", "assessing"),
        ("editorial", "commenting"),
    ]
    page = "https://example.org/d/a/"
    assert items[0]["target"]["selector"] == {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc3236",
        "value": "why",
    }
    quote = items[1]["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "理由は費用だ"
    assert items[2]["target"]["source"] == page and items[2]["target"]["selector"]["exact"] == "監査は遅れている"
    assert items[3]["target"] == page and items[2]["body"]["language"] == "ja"


def _offline(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The W3C context from the fixtures: no network in tests."""
    if url != CONTEXT:
        raise jsonld.JsonLdError(f"offline: {url}", "loading document failed")
    document = json.loads((FIXTURES / "jsonld" / "anno.jsonld").read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def test_a_json_ld_processor_reads_every_term_against_the_w3c_context() -> None:
    data = annotations()
    options = {"documentLoader": _offline}
    expanded = jsonld.expand(data, options)
    assert jsonld.compact(expanded, CONTEXT, options) == data  # no term outside the context
    oa = "http://www.w3.org/ns/oa#"
    items = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]["http://www.w3.org/ns/activitystreams#items"]
    assert [a[oa + "motivatedBy"][0]["@id"] for a in items[0]["@list"]][-2:] == [oa + "assessing", oa + "commenting"]
