"""An unclosed quote, ``[`` or ``{`` is reported where it opens, also when later
lines hold quote marks that pair with it (PyYAML's own error is then about a
later line); values written over several lines on purpose are left alone."""

from __future__ import annotations

import time

import pytest

from gloss.text.yamlsafe import YamlError, load

NEVER_CLOSED = "this quote is never closed"


def error(text: str, line_offset: int = 0) -> YamlError:
    with pytest.raises(YamlError) as caught:
        load(text, line_offset)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "col", "taken"),
    [
        (  # the notes: a quote later on line 4 closes the title
            'title: "Unclosed title\ndate: 2026-12-01\nsummary: s\nsource: {url: "https://example.org/x"}\n',
            1,
            8,
            '"date: 2026-12-01" (line 2)',
        ),
        (  # single quotes, closed by an apostrophe in a later plain value
            "title: 'Unclosed\ndate: 2026-12-01\nsummary: It's the editor's\n",
            1,
            8,
            '"date: 2026-12-01" (line 2)',
        ),
        (  # Japanese, after values quoted properly
            'title: "題名"\ndate: 2026-12-01\nsummary: "未完の要約。\ntags: [安全]\nsource: {url: "https://example.org/x"}\n',
            3,
            10,
            '"tags: [安全]" (line 4)',
        ),
        (  # inside a key point, closed by the next item's quote
            'key_points:\n  - title: "要点\n    text: 本文。\n  - title: "次の要点"\n',
            2,
            12,
            '"text: 本文。" (line 3)',
        ),
        (  # inside a one-line mapping of a list
            'key_points:\n  - {title: "First, text: one}\n  - {title: Second, text: "two"}\n',
            2,
            13,
            '"- {title: Second, text: "two"}" (line 3)',
        ),
        (  # closed by the next value's opening quote on the same line, in a one-line mapping
            'date: 2026-12-01\nsource: {url: "https://example.org/x, title: "The Title", lang: en}\n',
            2,
            15,
            '"title:"',
        ),
        (
            "takeaways:\n  - {after: '#table-1, text: '北米が半分以上を占める。'}\n",
            2,
            13,
            '"text:"',
        ),
        (  # a value over several lines on purpose, apostrophes and quotes inside, comes first
            "summary: \"The editor's note\n  spans 'lines' and “quotes”\n  here\"\n"
            "title: 'Unclosed\ndate: 2026-01-01\nsource: {url: 'https://example.org/x'}\n",
            4,
            8,
            '"date: 2026-01-01" (line 5)',
        ),
        (  # single-quoted over several lines, with a '' and a " inside, then the unclosed one
            'summary: \'It\'\'s "long"\n  and more\'\nfaq:\n  - q: "なぜ?\n    a: 答え。\n  - q: "次"\n',
            4,
            8,
            '"a: 答え。" (line 5)',
        ),
    ],
)
def test_an_unclosed_quote_is_reported_where_it_opens(text: str, line: int, col: int, taken: str) -> None:
    found = error(text)
    assert (found.line, found.col) == (line, col), found.message
    assert NEVER_CLOSED in found.message and taken in found.message
    assert "indented" not in found.message and "scalar" not in found.message


def test_in_front_matter_the_line_counts_from_the_files_first() -> None:
    found = error('title: "Unclosed\ndate: 2026-12-01\nsource: {url: "https://example.org/x"}\n', line_offset=1)
    assert (found.line, found.col) == (2, 8) and NEVER_CLOSED in found.message


@pytest.mark.parametrize(
    "text",
    [
        'summary: "A long summary\n  that goes on: over lines"\ntitle: "It\'s fine"\n',
        "summary: 'Quoted \"words\"\n  over lines'\ntags: [a]\n",
        'key_points:\n  - title: "長い見出し\n      続き"\n    text: "本文"\n',
        'source: {url: "https://example.org/x",\n  publisher: "Example"}\n',
        'tags: [\n  a,\n  "b",\n]\n',
    ],
)
def test_values_over_several_lines_on_purpose_load(text: str) -> None:
    load(text)


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        (
            'summary: "A long summary\n  that goes on: over lines"\nkey_points:\n  - title: a\n   - title: b\n',
            5,
            4,
            "indented unlike the list above it",
        ),
        ("summary: 'It''s\n  long'\ntitle: \"a\"\n  - b\n", 4, 3, ""),
    ],
)
def test_a_later_mistake_is_not_blamed_on_a_value_over_several_lines(
    text: str, line: int, col: int, words: str
) -> None:
    found = error(text)
    assert (found.line, found.col) == (line, col), found.message
    assert words in found.message and NEVER_CLOSED not in found.message


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("tags: [a, b\n", 1, 7, 'this "[" is never closed: the list that starts here runs to the end of the file'),
        ("tags: [a,\n", 1, 7, 'this "[" is never closed'),
        ("date: 2026-12-01\ntags: [安全,\n  コスト,\n", 2, 7, 'this "[" is never closed'),
        ("tags: [a, b\nsummary: s\ndate: 2026-12-01\n", 1, 7, 'takes in "summary: s" (line 2)'),
        ("tags: [a, [b, c]\nsummary: 要約\n", 1, 7, 'this "[" is never closed'),
        ("tags: [a, b\nimpact:\n  analysis: |\n    Text.\n", 1, 7, 'takes in "impact:" (line 2)'),
        ("source: {url: https://example.org/x,\n", 1, 9, 'this "{" is never closed: the mapping'),
        ("key_points:\n  - {title: 要点, text: 本文\n  - {title: 次}\n", 2, 5, 'takes in "- {title: 次}" (line 3)'),
    ],
)
def test_an_unclosed_bracket_is_reported_where_it_opens(text: str, line: int, col: int, words: str) -> None:
    found = error(text)
    assert (found.line, found.col) == (line, col), found.message
    assert words in found.message
    assert "node content" not in found.message and "flow" not in found.message and "expected" not in found.message


@pytest.mark.parametrize(
    ("text", "line", "col", "closer"),
    [
        ("highlights:\n  - {quote: [second one, note: plain}\n", 2, 13, '"}" (line 2)'),
        ("tags: [安全, コスト}\nsummary: s\n", 1, 7, '"}" (line 1)'),
        ("source: {url: x,\n  lang: en]\n", 1, 9, '"]" (line 2)'),
    ],
)
def test_a_bracket_closed_with_the_wrong_mark_is_reported_where_it_opens(
    text: str, line: int, col: int, closer: str
) -> None:
    found = error(text)
    assert (found.line, found.col) == (line, col), found.message
    assert "is never closed" in found.message and f"is closed with {closer}" in found.message


def test_a_long_file_is_explained_quickly() -> None:
    """The explanation reads the file once more (libyaml's scanner) and looks at each
    line a bounded number of times: no quadratic walk over many quoted values."""
    values = "".join(f'k{i}: "値 {i}\n  and more"\nt{i}: "{i}"\n' for i in range(20000))
    started = time.perf_counter()
    found = error(values + "tags: [a, b\nsummary: s\n")
    assert time.perf_counter() - started < 5
    assert (found.line, found.col) == (60001, 7) and 'this "["' in found.message


def test_a_bracket_closed_later_on_its_line_is_not_called_unclosed() -> None:
    found = error('source: {url: "x" "y"}\n')
    assert "never closed" not in found.message
