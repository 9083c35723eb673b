"""``init``'s files: the site's description in the site's language (found by a new
user: ``--language ja`` wrote an English description)."""

from __future__ import annotations

import pytest

from gloss.commands.init import description, site_yaml
from gloss.text.yamlsafe import load


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Annotated reading, Room"),
        ("en-GB", "Annotated reading, Room"),
        ("ja", "Room：注釈付きの読書ダイジェスト"),
        ("ja-JP", "Room：注釈付きの読書ダイジェスト"),
        ("zh", "Room：附注释的阅读摘要"),
        ("zh-Hans-CN", "Room：附注释的阅读摘要"),
        ("zh-CN", "Room：附注释的阅读摘要"),
        ("zh-Hant", "Room：附註釋的閱讀摘要"),
        ("zh-TW", "Room：附註釋的閱讀摘要"),
        ("ZH-hk", "Room：附註釋的閱讀摘要"),
        ("fr", "Annotated reading, Room"),  # a language without one: English
    ],
)
def test_the_description_is_in_the_site_language(language: str, expected: str) -> None:
    assert description("Room", language) == expected


def test_site_yaml_holds_the_description_in_the_site_language() -> None:
    data = load(site_yaml('読書室 "1"', "https://example.org/", "ja")).data
    assert data["language"] == "ja"
    assert data["description"] == '読書室 "1"：注釈付きの読書ダイジェスト'
