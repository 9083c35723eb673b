"""The sentence material of the generated documents, from material_en.json and
material_ja.json: templates with slots (big slots are drawn without replacement
within a document, as real articles rarely repeat a whole clause; small ones,
names and documents, recur), headings, titles, words to insert, synonyms, and
for Japanese the characters a typo confuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _load(lang: str) -> dict[str, Any]:
    return json.loads((HERE / f"material_{lang}.json").read_text(encoding="utf-8"))


_EN, _JA = _load("en"), _load("ja")
EN_POOLS: dict[str, list[str]] = _EN["pools"]
EN_TEMPLATES: list[str] = _EN["templates"]
EN_HEADINGS: list[str] = _EN["headings"]
EN_TITLES: list[str] = _EN["titles"]
EN_INSERT: list[str] = _EN["insert"]
EN_INSIDE: list[str] = _EN["inside"]
EN_SYNONYMS: dict[str, str] = _EN["synonyms"]
JA_POOLS: dict[str, list[str]] = _JA["pools"]
JA_TEMPLATES: list[str] = _JA["templates"]
JA_HEADINGS: list[str] = _JA["headings"]
JA_TITLES: list[str] = _JA["titles"]
JA_INSERT: list[str] = _JA["insert"]
JA_INSIDE: list[str] = _JA["inside"]
JA_SYNONYMS: dict[str, str] = _JA["synonyms"]
JA_CONFUSIONS: dict[str, str] = _JA["confusions"]
