"""The quote matcher compares folded text (no whitespace), but the words it finds must be
the quote's words: never begun or ended inside a Latin word, their Latin words parted by
a space where the quote's are and nowhere else. Found by a new user on real text: the
Apache licence's "AS IS" was counted four times, twice inside "BASIS"; "to get her" was
marked on "together" with no warning. CJK, written without spaces, is not affected."""

from __future__ import annotations

import pytest

from gloss.anchoring.anchors import Anchored, problem
from gloss.anchoring.quotes import Found, Selector, Text, find


def _find(text: str, quote: str, prefix: str = "", suffix: str = "", end: str = "") -> Found:
    return find(Text(text), Selector(quote, prefix, suffix, end))


def _at(text: str, found: Found) -> str:
    return text[found.start : found.end]


APACHE = (
    'Licensor provides the Work on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS.\n\n'
    'You may not use this file except in compliance. Distributed on an "AS IS" BASIS.'
)


def test_words_inside_another_word_are_not_an_occurrence() -> None:
    found = _find(APACHE, "AS IS")
    assert found.status == "ambiguous"
    assert [APACHE[o.start : o.end] for o in found.occurrences] == ["AS IS", "AS IS"]


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("This is the plan.", "is", "is"),  # not the "is" of "This"
        ("He said this is it.", "is it", "is it"),
        ("The operator's manual.", "rator", None),  # a part of a word: not these words
        ("Together we stand; to get her back.", "to get her", "to get her"),
    ],
)
def test_an_occurrence_begins_and_ends_at_word_edges(text: str, quote: str, expected: str | None) -> None:
    found = _find(text, quote)
    if expected is None:
        assert found.status != "exact"
    else:
        assert (found.status, _at(text, found)) == ("exact", expected)


@pytest.mark.parametrize(
    ("text", "quote", "reads"),
    [
        ("We worked together on this.", "to get her", "together"),
        ("No one was there.", "Noone", "No one"),
        ("Sign in to continue.", "Signin", "Sign in"),
    ],
)
def test_words_parted_otherwise_are_not_the_quote(text: str, quote: str, reads: str) -> None:
    found = _find(text, quote)
    assert found.status == "orphan"
    assert _at(text, found) == reads
    assert found.similarity < 1.0  # named as the closest passage, not as the words themselves
    message = problem(Anchored(("highlights", 0), "orphan", text=reads, similarity=found.similarity), quote, "index.md")
    assert message is not None and "is not in index.md" in message[1]


def test_a_long_quote_with_a_space_lost_is_the_passage_edited() -> None:
    text = "First paragraph.\n\nThe committee approved the budget for the coming fiscal year after a long debate.\n"
    found = _find(text, "The committee approved the budget for the coming fiscalyear after a long debate.")
    assert found.status == "drifted"
    assert _at(text, found).startswith("The committee") and _at(text, found).endswith("debate.")
    assert found.similarity < 1.0


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("the\nwidget is here", "the widget"),  # a line break parts words as a space does
        ("the   widget is here", "the widget"),
        ("the **widget** is here", "the widget"),
        ("a well-known fact", "well-known"),
        ("GPT-4を使う。", "GPT-4 を使う"),  # between Latin and CJK a space is nothing
        ("GPT-4 を使う。", "GPT-4を使う"),
        ("東京都 に住む", "東京都に住む"),
        ("北京的 天气", "北京的天气"),
    ],
)
def test_spaces_between_the_same_words_do_not_matter(text: str, quote: str) -> None:
    assert _find(text, quote).status == "exact"


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("東京都に住む人と京都に住む人。", "京都に住む", "ambiguous"),  # CJK has no word edges to keep
        ("北京和东北京", "北京", "ambiguous"),
    ],
)
def test_cjk_words_are_found_inside_longer_words_as_before(text: str, quote: str, expected: str) -> None:
    assert _find(text, quote).status == expected


def test_the_last_words_of_a_long_passage_are_whole_words() -> None:
    text = "The rule applies in general. It covers the basis of the claim. Then the basis ends here."
    found = _find(text, "The rule applies", end="the basis")
    assert found.status == "exact"
    assert _at(text, found) == "The rule applies in general. It covers the basis"
    # "as is" only occurs inside "basis": no place ends the passage with those words
    assert _find(text, "The rule applies", end="as is").status != "exact"
