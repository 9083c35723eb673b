"""Where a passage is in the Markdown source (``TextMap.line_at``): the line of the words
themselves, not of the paragraph they are in (a new user's hard-wrapped documents gave
"occurs 2 times (lines 3, 3)" for words on lines 4 and 6), also in CJK paragraphs, whose
line breaks between two wide characters are dropped from the text."""

from __future__ import annotations

import pytest

from gloss.markdown import make_parser
from gloss.markdown.passages import TextMap, text_map


def _map(source: str) -> TextMap:
    tokens = make_parser(allow_html=False, base_path="/", ids=True, id_prefix="").parse(source, {})
    groups: list[list] = []  # top-level blocks, as the parse stage groups them
    depth = 0
    for token in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(token)
        depth += token.nesting
    return text_map(groups)


def _lines(source: str, words: str) -> list[int]:
    tmap = _map(source)
    found, at = [], tmap.text.find(words)
    while at >= 0:
        found.append(tmap.line_at(at) + 1)
        at = tmap.text.find(words, at + 1)
    return found


@pytest.mark.parametrize(
    ("source", "words", "lines"),
    [
        (
            "# Title\n\nFirst line of a paragraph,\nsecond line with the widget,\nthird line,\n"
            "fourth with the widget again.\n",
            "the widget",
            [4, 6],
        ),
        ("A line ending in two spaces  \nthen the widget.\n", "the widget", [2]),
        ("- an item\n  wrapped onto the widget\n- and the widget\n", "the widget", [2, 3]),
        ("> quoted text\n> and the widget\n", "the widget", [2]),
        ("# 題名\n\n日本語の段落は一行目で、\n二行目に部品がある。\n三行目にも部品がある。\n", "部品", [4, 5]),
        ("中文段落的第一行，\n第二行有组件，\n第三行也有组件。\n", "组件", [2, 3]),
    ],
)
def test_a_passage_is_on_the_line_of_its_words(source: str, words: str, lines: list[int]) -> None:
    assert _lines(source, words) == lines
