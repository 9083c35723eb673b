"""Issue 17, "decide against the best alternative passage, not the best score": a quote
whose passage had one word changed, while a twin of it (a claim restated, a question's
answer) stands elsewhere, anchors on the passage. The passage differs from the quote in one
place, the twin in two or more: the words single the passage out, however close the twin
comes in similarity. Deleted, the passage leaves the twin, which is never taken for it."""

from __future__ import annotations

import pytest

from gloss.anchoring.quotes import Selector, Text, find

CASES = {  # (quote, its passage with one word changed, its twin elsewhere)
    "en": (
        "Such oversight is clearly inadequate to prevent catastrophic misaligned actions today.",
        "Such oversight is clearly inadequate to stop catastrophic misaligned actions today.",
        "Such monitoring could easily be inadequate to prevent catastrophic misaligned action in deployment.",
    ),
    "en-question": (
        "Am I taking the vendor's word for all of the figures in this report?",
        "Am I taking the vendor's word for all of the numbers in this report?",
        "Yes, I am taking the vendor's word for all of the figures in this report.",
    ),
    "ja": (
        "監査の結果は、同社が示した数字よりもかなり低いと報告書は結論づけている。",
        "監査の結果は、同社が示した数値よりもかなり低いと報告書は結論づけている。",
        "つまり、監査の結果は同社の数字よりも低いと報告書は結論づけている。",
    ),
    "zh": (
        "审计结果显示，实际的推理成本比公司公布的数字高出将近一倍。",
        "审计结果显示，实际的推理成本比公司公布的数据高出将近一倍。",
        "换句话说，审计结果显示推理成本比公司公布的数字高出一倍。",
    ),
}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_a_passage_edited_in_one_place_is_found_beside_its_twin(lang: str) -> None:
    quote, edited, twin = CASES[lang]
    text = f"{twin}\n\nSomething else entirely, a paragraph between.\n\n{edited}\n"
    found = find(Text(text), Selector(quote))
    assert found.status == "drifted", found
    assert text[found.start : found.end] == edited


@pytest.mark.parametrize("lang", sorted(CASES))
def test_the_twin_of_the_deleted_passage_is_still_not_taken(lang: str) -> None:
    quote, _, twin = CASES[lang]
    text = f"{twin}\n\nSomething else entirely, a paragraph between.\n"
    assert find(Text(text), Selector(quote)).status == "orphan"
