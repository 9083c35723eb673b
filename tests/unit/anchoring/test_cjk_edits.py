"""A CJK word edited around one character it keeps (仍然能够 → 仍能: 然 and 够 dropped on
either side of 能) is one edit, as the same edit of a Latin word is: by the words alone, a
quote so edited is found (drifted), where it was an orphan taken for a twin changed in two
places (found by a Chinese editor copy-editing pasted text before its first commit). Two
changes further apart are still two places: a twin (a claim restated) may differ so."""

from __future__ import annotations

import pytest

from gloss.anchoring.alike import edit_places
from gloss.anchoring.quotes import Selector, Text, find

EDITED = {  # (text, quote, (words, as edited))
    "zh": (
        "虽然供应并非完全短缺，中国公司仍然能够拿到英伟达的 H100、B200 和 B300 显卡，但数量有限。\n另一段落。\n",
        "虽然供应并非完全短缺，中国公司仍然能够拿到英伟达的 H100、B200 和 B300 显卡",
        ("仍然能够", "仍能"),
    ),
    "ja": (
        "卒業してから十年、二人が再び会うことはなかったと報告書に書かれている。\n別の段落。\n",
        "卒業してから十年、二人が再び会うことはなかったと報告書に書かれている",
        ("再び会う", "再会する"),
    ),
}


@pytest.mark.parametrize("lang", sorted(EDITED))
def test_a_cjk_word_edited_around_a_kept_character_is_one_place(lang: str) -> None:
    text, quote, (old, new) = EDITED[lang]
    edited = text.replace(old, new)
    doc = Text(edited)
    found = find(doc, Selector(quote))
    assert found.status == "drifted"
    assert edited[found.start : found.end] == quote.replace(old, new)


def test_two_changes_further_apart_are_two_places() -> None:
    quote = "推理成本的下降速度快于能力的提升"
    twin = "推理价格的下降速度快于能力的增长"  # (two words replaced, far apart: a claim restated)
    doc = Text(f"前文。{twin}。后文。")
    start = doc.folded.index(twin)
    assert edit_places(quote, doc.folded, doc.bounds, start, start + len(twin)) == 2
    assert find(doc, Selector(quote)).status == "orphan"
