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


FULL_WIDTH_COLON = '"：" is a full-width colon'
FULL_WIDTH_COMMA = '"，" is a full-width comma'
FULL_WIDTH_INDENT = "a full-width space (U+3000, typed with an input method) indents this line"
FULL_WIDTH_SPACE = "a full-width space (U+3000, typed with an input method) where YAML needs an ASCII space"


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        (  # the report: a key typed with a Japanese input method's colon (PyYAML: 4:1)
            "title: クロージャ\ndate: 2026-12-06\nsummary： 全角コロンの後の値。\n",
            3,
            8,
            FULL_WIDTH_COLON + ' (typed with an input method); YAML ends a key with an ASCII ":" and a space: '
            'write "summary: …"',
        ),
        ("title: 闭包\nsummary：　全角冒号和全角空格。\ndate: 2026-12-06\n", 2, 8, FULL_WIDTH_COLON),  # zh, with U+3000
        ("title: Closures\nkey_points:\n  - title: A\n    text：B\n", 4, 9, 'write "text: …"'),  # en, in a list item
        ("faq:\n  - {q: 什么？, a: 回答，很好}\n  - q：x\n    a: y\n", 3, 6, FULL_WIDTH_COLON),  # ，and ？ are text
        (  # the report: an ideographic space indenting a list item (PyYAML: line 5 of a 4-line file)
            "title: クロージャ\ndate: 2026-12-06\ntags:\n\u3000- rust\n",
            4,
            1,
            FULL_WIDTH_INDENT + "; YAML indents with ASCII spaces only",
        ),
        ("key_points:\n  - title: 要点\n  \u3000text: 本文\n", 3, 3, FULL_WIDTH_INDENT),  # after ASCII spaces
        ("summary:\u3000全角空格。\ntags: [a]\n", 1, 9, FULL_WIDTH_SPACE),  # between a key and its value
        (  # the report: a full-width comma between the items of a flow mapping
            "title: クロージャ\ndate: 2026-12-06\nkey_points:\n  - {title: a，text: b}\n",
            4,
            14,
            FULL_WIDTH_COMMA
            + ' (typed with an input method); YAML separates the items of {…} or […] with an ASCII ","',
        ),
        ("key_points:\n  - {title: 标题，text: 正文，anchor: '#x'}\n", 2, 15, FULL_WIDTH_COMMA),  # the first of two
    ],
)
def test_a_full_width_character_typed_for_yaml_s_own_is_named_where_it_is(
    text: str, line: int, col: int, words: str
) -> None:
    said = error(text)
    assert (said.line, said.col) == (line, col), said.message
    assert said.message.startswith("YAML syntax error: ") and words in said.message, said.message


@pytest.mark.parametrize(
    "text",
    [
        "title: a\nsummary: 注意：重要\ntags: [a\n",  # a full-width colon in a value; the mistake is the "["
        'summary: 注意：重要，见下。\ntitle: "x\n',  # an unclosed quote
        "key_points:\n  - title: 要点：一\n   bad\n",  # a mis-indented line
    ],
)
def test_a_full_width_character_that_is_text_is_not_blamed(text: str) -> None:
    said = error(text)
    assert "full-width" not in said.message, said.message


def test_full_width_characters_in_values_load_as_text() -> None:
    doc = load("title: 注意：重要\nsummary: 回答，很好。\u3000次\ntags: [a，b]\n")
    assert doc.data == {"title": "注意：重要", "summary": "回答，很好。\u3000次", "tags": ["a，b"]}


def test_a_key_a_full_width_space_ran_into_says_so() -> None:
    """At a line's start a full-width space is no indentation but part of the key:
    YAML reads the file, and the unknown key says why it is unknown."""
    from gloss.text.validate import notes_schema, validate

    doc = load("date: 2026-03-03\nlang: zh\n\u3000summary: 全角空格。\n")
    (said,) = validate(doc.data, notes_schema(), doc, "notes.yaml")
    assert (said.line, said.col) == (3, 1)
    assert said.message.startswith(
        'unknown key "\u3000summary": it holds a full-width space (U+3000, typed with an input method); '
        'YAML indents with ASCII spaces only (did you mean "summary"?)'
    ), said.message


def test_a_long_file_full_of_full_width_text_is_explained_quickly() -> None:
    """Each full-width character tried reads the file again: a bounded number of them
    (fewer in a long file), none inside a "quoted" value."""
    items = "".join(f'  - {{quote: "第{i}句，很好：是的", note: 注释，说明：{i}}}\n' for i in range(20000))
    started = time.perf_counter()
    found = error("date: 2026-01-01\nhighlights:\n" + items + " bad: x\n")
    assert time.perf_counter() - started < 5
    assert found.line == 20003 and "full-width" not in found.message
