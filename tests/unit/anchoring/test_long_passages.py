"""The quote matcher on long passages quoted by their first and last words (``quote`` and
``quote_end``), their last words edited, where the same last words, or nearly, end a later
paragraph (found on real prose: the bylines under quotes in a Go survey post, "— Professional
Go developer w/ 5 -- 9 years of experience"). The end is the nearest place alike the last
words, or the passage is an orphan: never the later paragraph's end."""

from __future__ import annotations

import pytest

from gloss.anchoring.quotes import Selector, Text, find

BYLINES = {  # (text, selector, edits of the passage's end: each leaves the later byline more alike)
    "en": (
        "Having a system that catches bugs early would be great. Go developer with 5 to 9 years of experience.\n"
        "This survey is one data point.\n"
        "I want to integrate the ETL part using Go. Go developer with 3 to 4 years of experience.\n",
        Selector("Having a system that", end="5 to 9 years of experience"),
        (("experience.\nThis", "expertise.\nThis"), ("experience.\nThis", "practice.\nThis")),
    ),
    "ja": (
        "バグを早く見つける仕組みがあれば最高だ。経験五年から九年のGo開発者より。\n"
        "この調査は一つのデータにすぎない。\n"
        "ETLの部分をGoで統合したい。経験五年から六年のGo開発者より。\n",
        Selector("バグを早く見つける", end="年から九年のGo開発者より"),
        (("開発者より。\nこの", "技術者より。\nこの"), ("のGo開発者より。\nこの", "のGo技術者の声。\nこの")),
    ),
    "zh": (
        "如果有一个能及早发现错误的系统就太好了。来自五到九年经验的Go开发者。\n"
        "这项调查只是一个数据点。\n"
        "我想用Go整合ETL部分。来自五到六年经验的Go开发者。\n",
        Selector("如果有一个能及早", end="到九年经验的Go开发者"),
        (("开发者。\n这项", "工程师。\n这项"), ("Go开发者。\n这项", "Go程序员。\n这项")),
    ),
}


BYLINES["en-html"] = (  # the real shape: raw HTML shown as text
    'Having a system that catches bugs is killer. <span class="by">Go developer w/ 5 -- 9 years of experience</span>\n'
    "This survey is one data point.\n"
    'I want to integrate the ETL part using Go. <span class="by">Go developer w/ 3 -- 4 years of experience</span>\n',
    Selector("Having a system that", end="9 years of experience</span>"),
    (("experience</span>\nThis", "experience</Windows>\nThis"),),
)


@pytest.mark.parametrize("lang", sorted(BYLINES))
def test_an_edited_end_is_not_found_in_a_later_paragraph(lang: str) -> None:
    text, selector, edits = BYLINES[lang]
    found = find(Text(text), selector)
    assert found.status == "exact" and found.end < text.index("\n") + 1
    for old, new in edits:
        edited = text.replace(old, new)
        found = find(Text(edited), selector)
        if found.status in ("exact", "drifted"):
            assert found.end <= edited.index("\n"), edited[found.start : found.end]
        else:
            assert found.status == "orphan"
