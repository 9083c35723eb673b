from __future__ import annotations

import time

import pytest

from gloss.text.yamlsafe import YamlError, load


def test_yaml_12_scalars() -> None:
    doc = load("a: no\nb: yes\nc: true\nd: 2026-04-08\ne: 0777\nf: 1:20\ng: ~\nh: 0x1f\ni: 1.5\nj: 'true'\n")
    assert doc.data == {
        "a": "no",
        "b": "yes",
        "c": True,
        "d": "2026-04-08",
        "e": 777,
        "f": "1:20",
        "g": None,
        "h": 31,
        "i": 1.5,
        "j": "true",
    }


def test_positions_are_one_based_for_values_and_keys() -> None:
    doc = load("title: x\nkey_points:\n  - title: y\n    anchor: '#a'\n")
    assert doc.where(("key_points", 0, "anchor")) == (4, 13)
    assert doc.where(("key_points", 0, "anchor"), key=True) == (4, 5)
    assert doc.where(("key_points", 0, "missing")) == (3, 5)  # nearest enclosing value


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("a: &x 1\nb: *x\n", 1, 4, "anchors"),
        ("a: [1]\nb: *x\n", 2, 4, "aliases"),  # an alias, even of an unknown anchor
        ("a: !!python/object:os.system 1\n", 1, 4, "tags"),
        ("a: !custom 1\n", 1, 4, "tags"),
        ("a: 1\nb: 2\na: 3\n", 3, 1, 'duplicate key "a"'),
        ("a: [1, 2\n", 1, 4, 'syntax error: this "[" is never closed'),  # where it opens
        ("a: 1\n---\nb: 2\n", 2, 1, "one YAML document"),
        ("? [a, b]\n: 1\n", 1, 3, "plain text"),
    ],
)
def test_refused(text: str, line: int, col: int, words: str) -> None:
    with pytest.raises(YamlError) as info:
        load(text)
    assert (info.value.line, info.value.col) == (line, col)
    assert words in info.value.message


def test_billion_laughs_is_refused_at_once() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 30):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    with pytest.raises(YamlError, match="anchors"):
        load("\n".join(lines))
    assert time.perf_counter() - started < 1.0


def test_line_offset_for_front_matter() -> None:
    with pytest.raises(YamlError) as info:
        load("title: x\ntitle: y\n", line_offset=1)
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("s: >-\n  筋がよいが、\n  義務ではない。\n", "筋がよいが、義務ではない。"),  # folded, ja
        ("s: >\n  这是规则。\n  技术上可行。\n", "这是规则。技术上可行。\n"),  # folded, zh
        ("s: 公開は\n  見送られた\n", "公開は見送られた"),  # a plain scalar over two lines
        ('s: "规则。\n  技术上"\n', "规则。技术上"),  # a quoted one
        ("s: >-\n  Claude Mythos\n  は公開されない、\n  English text\n", "Claude Mythos は公開されない、 English text"),
        ("s: >-\n  한국어\n  문장\n", "한국어 문장"),  # Hangul keeps its space
        ("s: |\n  行一\n  行二\n", "行一\n行二\n"),  # literal blocks keep their breaks
        ("s: 日本 中国\n", "日本 中国"),  # a space the editor typed stays
        ("s: >-\n  日本 中国の\n  日本 中国\n", "日本 中国の日本 中国"),
    ],
)
def test_folded_line_breaks_between_cjk_characters_are_no_space(text: str, value: str) -> None:
    assert load(text).data == {"s": value}


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        (
            'title: "unclosed\nsummary: x\ntags: [a]\n',
            1,
            8,
            "this quote is never closed",
        ),  # where it opens, not at the end
        ("title: '日本\nb: 1\n", 1, 8, "this quote is never closed"),
        (
            "key_points:\n  - title: a\n   - title: b\n",
            3,
            4,
            'indented unlike the list above it (its items start with "- " at column 3',
        ),
        ("faq:\n  - q: x\n  a: y\n", 3, 3, "indented unlike the list above it"),
        ("key_points:\n  - title: a\n    text: b\n - title: c\n", 4, 2, "indented unlike the keys above it"),
        ("summary: Note: this\n", 1, 14, 'put the value in quotes if it holds ": "'),
        ("a:\n\t- b\n", 2, 1, "YAML indents with spaces only"),
    ],
)
def test_syntax_errors_in_words_where_the_mistake_is(text: str, line: int, col: int, words: str) -> None:
    with pytest.raises(YamlError) as caught:
        load(text)
    assert (caught.value.line, caught.value.col) == (line, col)
    assert words in caught.value.message and "scalar" not in caught.value.message
