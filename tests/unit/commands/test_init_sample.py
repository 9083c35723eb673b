"""``init``'s sample article is in the site's language (found by a Chinese/Japanese-first
editor: ``--language zh`` wrote an English article, ``lang: en``, inside a Chinese site),
uses every main notes key, and its references all resolve on its own text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from memory import Bundle, linked

from gloss.commands.init import description
from gloss.commands.samples import SAMPLE_SLUG, sample_files, variant
from gloss.text.eastasian import wide_letters
from gloss.text.validate import notes_schema, validate
from gloss.text.yamlsafe import load

MAIN_KEYS = ("title", "summary", "tags", "source", "key_points", "impact", "takeaways", "faq", "highlights")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "ja"), ("ja-JP", "ja"), ("zh", "zh"), ("zh-CN", "zh"), ("zh-Hans-TW", "zh"), ("zh-TW", "zh-Hant")]
    + [("zh-Hant", "zh-Hant"), ("zh-HK", "zh-Hant"), ("en", "en"), ("de", "en"), ("ko", "en")],
)
def test_the_sample_is_written_in_the_language_the_description_is(language: str, expected: str) -> None:
    assert variant(language) == expected
    files = sample_files(dt.date(2026, 12, 5), language, ".vscode/notes.schema.json")
    index = files[f"content/2026/12/{SAMPLE_SLUG}/index.md"]
    notes = load(files[f"content/2026/12/{SAMPLE_SLUG}/notes.yaml"]).data
    assert notes["lang"] == ("en" if expected == "en" else language)
    if expected == "en":
        assert wide_letters(index) == 0 and description("T", language).startswith("Annotated")
    else:  # Japanese or Chinese: the text, the summary, the notes, the headings' ids
        assert wide_letters(index) > 100 and wide_letters(notes["summary"]) > 20
        assert wide_letters(notes["key_points"][0]["anchor"]) > 0
        assert bool(re.search("[\u3040-\u30ff]", index)) == (expected == "ja")  # kana: Japanese
    assert ("為什麼" in index) == (expected == "zh-Hant") and ("为什么" in index) == (expected == "zh")


@pytest.mark.parametrize("language", ["en", "ja", "zh", "zh-Hant"])
def test_the_sample_uses_every_main_key_and_each_reference_resolves(language: str) -> None:
    files = sample_files(dt.date(2026, 12, 5), language, ".vscode/notes.schema.json")
    index, notes = (files[f"content/2026/12/{SAMPLE_SLUG}/{name}"] for name in ("index.md", "notes.yaml"))
    doc = load(notes)
    assert validate(doc.data, notes_schema(), doc, "notes.yaml") == []
    for key in MAIN_KEYS:
        assert doc.data[key], key
    assert any("quote" in point for point in doc.data["key_points"])
    site, diagnostics = linked({SAMPLE_SLUG: Bundle(notes, index)})
    assert diagnostics == []  # no warning either: check --strict passes
    (article,) = [a for a in site.articles if a.slug == SAMPLE_SLUG]
    assert article.lang == ("en" if language == "en" else language)
