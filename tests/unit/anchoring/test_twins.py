"""``twins``: one word from the quote, or two places or more (en, ja, zh)."""

from __future__ import annotations

import pytest

from gloss.anchoring.fold import _words
from gloss.anchoring.quotes import Text
from gloss.anchoring.twins import a_twin, one_word_edit


def _judge(quote: str, passage: str) -> tuple[bool, bool]:
    doc = Text(passage)
    return (
        one_word_edit(_words(quote), doc.folded, doc.bounds, 0, len(doc.folded)),
        a_twin(doc.folded, doc.bounds, _words(quote), 0, len(doc.folded)),
    )


@pytest.mark.parametrize(
    ("quote", "passage", "one_word", "twin"),
    [
        ("inadequate to prevent misaligned actions", "inadequate to prevent misaligned actions", True, False),
        ("inadequate to prevent misaligned actions", "inadequate to stop misaligned actions", True, False),
        ("inadequate to prevent misaligned actions", "inadequate to really prevent misaligned actions", True, False),
        ("the reasoning model costs about half", "the open-weight release costs about half", False, False),
        ("the reasoning model costs roughly half", "the reasoning system costs about half", False, True),
        ("監査の結果は数字よりも低い", "監査の結果は数値よりも低い", True, False),
        ("監査の結果は数字よりも低い", "つまり監査の結果は数字よりも高い", False, True),
        ("推理成本比公布的数字高", "推理成本比公布的数据高", True, False),
        ("推理成本比公布的数字高", "推理费用比公布的数据高", False, True),
    ],
)
def test_one_word_or_a_twin(quote: str, passage: str, one_word: bool, twin: bool) -> None:
    assert _judge(quote, passage) == (one_word, twin)
