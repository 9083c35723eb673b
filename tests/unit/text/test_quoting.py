"""quoting: the Python half of writing a quote for notes.yaml. The cases are
tests/fixtures/quoting.json, which tests/e2e/test_annotate_js.py runs through the
preview's JavaScript and compares with these functions."""

from __future__ import annotations

import json
import unicodedata

import pytest
import yaml
from conftest import FIXTURES

from gloss.text.quoting import CONTEXT_MAX, CONTEXT_STEP, OTHER_SIDE, quote_context, yaml_string

CASES = json.loads((FIXTURES / "quoting.json").read_text(encoding="utf-8"))


def nth(text: str, quote: str, n: int) -> int:
    at = -1
    for _ in range(n + 1):
        at = text.lower().find(quote.lower(), at + 1)
    assert at >= 0
    return at


@pytest.mark.parametrize("text", CASES["yaml"])
def test_a_yaml_string_reads_back_as_the_text_and_shows_every_invisible_character(text: str) -> None:
    written = yaml_string(text)
    assert yaml.safe_load("q: " + written)["q"] == text
    inside = written[1:-1]
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") for c in inside), written


def test_escapes_take_the_shortest_form_yaml_reads() -> None:
    assert yaml_string('a"b\\c') == '"a\\"b\\\\c"'
    assert yaml_string("\t\x85\u200b\U000e0041") == '"\\x09\\x85\\u200b\\U000e0041"'
    assert yaml_string("日本語　😀") == '"日本語　😀"'  # CJK, the ideographic space and emoji stay as they are


def squeezed(text: str) -> str:
    return text.lower().replace(" ", "")


def occurs_once_alone(text: str, side: str) -> bool:
    return len(side.replace(" ", "")) >= OTHER_SIDE and squeezed(text).count(squeezed(side)) == 1


@pytest.mark.parametrize(("text", "quote", "n"), CASES["context"])
def test_the_context_places_words_that_occur_once_and_singles_out_words_that_recur(
    text: str, quote: str, n: int
) -> None:
    """Words that occur once: both sides, each the shortest that occurs once itself (or all
    the text there is, or the most allowed). Words that recur: the prefix as long as allowed,
    the suffix the shortest that occurs once itself and singles them out."""
    start = nth(text, quote, n)
    end = start + len(quote)
    prefix, suffix = quote_context(text, start, end)
    assert len(prefix) <= CONTEXT_MAX and len(suffix) <= CONTEXT_MAX
    assert text[start - len(prefix) : start] == prefix and text[end:].startswith(suffix)
    lowered = text.lower()
    if lowered.count(quote.lower()) == 1:
        for side, rest in ((prefix, text[:start]), (suffix, text[end:])):
            assert occurs_once_alone(text, side) or side == rest or len(side) == CONTEXT_MAX
        shorter = (prefix[CONTEXT_STEP:], suffix[:-CONTEXT_STEP])
        assert not any(s and occurs_once_alone(text, s) for s in shorter)  # (the shortest)
        return
    # words that recur: the prefix as long as allowed; the suffix the shortest that occurs once
    # and singles them out (or as long as allowed, where the text's start cuts the prefix short,
    # and none where its end cuts that short too)
    after = text[end : end + CONTEXT_MAX]
    if not prefix and start == 0:
        assert suffix == after  # (the text's start: no prefix to write)
        return
    assert prefix == text[max(0, start - CONTEXT_MAX) : start]
    if len(prefix) < CONTEXT_MAX:  # the suffix as long as allowed; in a short text, none (one side)
        assert suffix == (after if len(after) == CONTEXT_MAX else "")
        return
    pinned = (quote + suffix).lower()
    singles = occurs_once_alone(text, suffix) and lowered.count(pinned) == 1
    assert singles or suffix == text[end : end + CONTEXT_MAX]
    assert not (
        len(suffix) > CONTEXT_STEP
        and occurs_once_alone(text, suffix[:-CONTEXT_STEP])
        and lowered.count((quote + suffix[:-CONTEXT_STEP]).lower()) == 1
    )  # (the shortest)


@pytest.mark.parametrize(("text", "quote", "n", "prefix", "suffix"), CASES["lookalike"])
def test_a_passage_with_a_lookalike_gets_the_context_that_tells_them_apart(
    text: str, quote: str, n: int, prefix: str, suffix: str
) -> None:
    """A passage that occurs once, whose first or last third occurs elsewhere too (a twin: a
    question and its answer, a claim restated): on the side of a repeated third, the shortest
    with which that third occurs once (or longer: each side occurs once itself, or is all
    the text there is)."""
    start = nth(text, quote, n)
    assert quote_context(text, start, start + len(quote)) == (prefix, suffix)
    if squeezed(text).count(squeezed(quote)) > 1:
        return  # (words that recur: the test above)
    part = max(len(quote) // 3, 3)
    head, tail = squeezed(quote[:part]), squeezed(quote[-part:])
    for side, rest, third, pinned in (
        (prefix, text[:start], head, squeezed(prefix) + head),
        (suffix, text[start + len(quote) :], tail, tail + squeezed(suffix)),
    ):  # (the side of a repeated third makes it occur once, or is all the text there is)
        assert squeezed(text).count(pinned) == 1 or side == rest or squeezed(text).count(third) <= 1
        assert occurs_once_alone(text, side) or side == rest or len(side) == CONTEXT_MAX
