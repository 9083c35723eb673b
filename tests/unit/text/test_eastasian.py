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


def test_text_before_the_first_wide_character_is_passed_over_whole() -> None:
    """The quick test that skips the class (``_may_hold_wide``) never skips a wide
    character: no code point below its start is wide, and the first wide one is caught
    at the end of long text whose other characters sit just below it."""
    first = min(chr(c) for c in range(0x3000) if is_wide(chr(c)))
    below = chr(ord(first) - 1)
    assert not any(is_wide(chr(c)) for c in range(ord(first)))
    assert not has_wide("English — “quoted” ’s " * 500 + below)
    assert has_wide("English — “quoted” " * 500 + first)
    assert wide_letters("word " * 500 + "語") == 1
    assert eastasian.count_wide(["plain", "—", "語を"]) == 1
    assert eastasian.count_wide(["plain", "—"]) == 0
