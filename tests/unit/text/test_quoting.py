"""quoting: the Python half of writing a quote for notes.yaml. The cases are
tests/fixtures/quoting.json, which tests/e2e/test_annotate_js.py runs through the
preview's JavaScript and compares with these functions."""

from __future__ import annotations

import json
import unicodedata

import pytest
import yaml
from conftest import FIXTURES

from gloss.text.quoting import CONTEXT_MAX, OTHER_SIDE, quote_context, yaml_string

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


@pytest.mark.parametrize(("text", "quote", "n"), CASES["context"])
def test_the_context_singles_out_the_occurrence_as_briefly_as_it_can(text: str, quote: str, n: int) -> None:
    start = nth(text, quote, n)
    prefix, suffix = quote_context(text, start, start + len(quote))
    assert len(prefix) <= CONTEXT_MAX and len(suffix) <= CONTEXT_MAX
    assert text[start - len(prefix) : start] == prefix and text[start + len(quote) :].startswith(suffix)
    lowered, pinned = text.lower(), (prefix + quote + suffix).lower()
    occurrences = [i for i in range(len(lowered)) if lowered.startswith(pinned, i)]
    if lowered.count(quote.lower()) == 1:
        assert (prefix, suffix) == ("", "")  # (these cases have no lookalike: see below)
    elif len(occurrences) == 1:
        assert occurrences == [start - len(prefix)]
    else:  # not unique within CONTEXT_MAX: the most context allowed
        assert len(prefix) == min(CONTEXT_MAX, start)


@pytest.mark.parametrize(("text", "quote", "n", "prefix", "suffix"), CASES["lookalike"])
def test_a_passage_with_a_lookalike_gets_the_context_that_tells_them_apart(
    text: str, quote: str, n: int, prefix: str, suffix: str
) -> None:
    """A passage whose first or last third occurs more often than the passage itself (a
    twin: a question and its answer, a claim restated), whether it occurs once or several
    times: context on both sides (but at the very start or end of the text), OTHER_SIDE
    characters each at least, spaces not counted; the side of a repeated third the shortest
    with which that third occurs once (or longer, where a passage occurring several times
    needs more to be unique); none without a lookalike."""
    start = nth(text, quote, n)
    assert quote_context(text, start, start + len(quote)) == (prefix, suffix)
    squeezed = text.lower().replace(" ", "")
    copies = squeezed.count(quote.lower().replace(" ", ""))
    part = max(len(quote) // 3, 3)
    head, tail = quote[:part].lower().replace(" ", ""), quote[-part:].lower().replace(" ", "")
    for side, rest, third, pinned in (
        (prefix, text[:start], head, prefix.lower().replace(" ", "") + head),
        (suffix, text[start + len(quote) :], tail, tail + suffix.lower().replace(" ", "")),
    ):  # (the side of a repeated third makes it occur once, or is all the text there is)
        assert squeezed.count(pinned) == 1 or side in ("", rest) or squeezed.count(third) <= copies
    if copies > 1:
        pinned = (prefix + quote + suffix).lower().replace(" ", "")
        assert squeezed.count(pinned) == 1
    if squeezed.count(head) > copies or squeezed.count(tail) > copies:
        assert bool(prefix) == bool(text[:start].strip()) and bool(suffix) == bool(text[start + len(quote) :].strip())
        for side, rest in ((prefix, text[:start]), (suffix, text[start + len(quote) :])):
            assert len(side.replace(" ", "")) >= OTHER_SIDE or side == rest  # (or all the text there is)
    else:
        assert (prefix, suffix) == ("", "")
