"""Wide (CJK) characters found by one regular expression built from the Unicode
tables, the same as the character-by-character rule."""

from __future__ import annotations

import unicodedata

import pytest

from gloss.text import eastasian, widechars
from gloss.text.eastasian import has_wide, is_wide, wide_letters


def test_the_stored_table_is_this_pythons() -> None:
    """``widechars`` is what ``python -m gloss.text.eastasian`` writes from these Unicode tables."""
    if widechars.UNIDATA_VERSION != unicodedata.unidata_version:  # pragma: no cover - another Python
        pytest.skip("the table is made at run time for this Python's Unicode version")
    assert widechars.WIDE_CLASS == eastasian.wide_class()


@pytest.mark.parametrize(
    ("text", "wide", "letters"),
    [
        ("日本語の文、です。", True, 7),
        ("中文：规则。", True, 4),
        ("한국어 텍스트", False, 0),
        ("plain ｆｕｌｌ text", True, 4),
        ("ｶﾀｶﾅ", True, 4),
        ("English only.", False, 0),
        ("", False, 0),
    ],
)
def test_wide_text_found_in_one_search(text: str, wide: bool, letters: int) -> None:
    assert has_wide(text) is wide and any(is_wide(c) for c in text) is wide
    assert wide_letters(text) == letters
