"""Markdown fixture files drive these tests (markdown-it-py's format:
title, ``.``, input, ``.``, expected HTML, ``.``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from markdown_it.utils import read_fixture_file

from gloss.build.parse import parse_doc
from gloss.content.load import SourceDoc
from gloss.markdown import make_parser

MARKDOWN = FIXTURES / "markdown"
CASES = [
    pytest.param(path, title, source, expected, id=f"{path.stem}:{line}")
    for path in sorted(MARKDOWN.glob("*.md"))
    for line, title, source, expected in read_fixture_file(path)
]


@pytest.mark.parametrize(("path", "title", "source", "expected"), CASES)
def test_fixture(path: Path, title: str, source: str, expected: str) -> None:
    md = make_parser(allow_html=False, base_path="/digest/")
    assert md.render(source, {}) == expected, title


def test_allow_html_lets_raw_html_through() -> None:
    md = make_parser(allow_html=True, base_path="/")
    assert md.render("<b>x</b>", {}) == "<p><b>x</b></p>\n"


def test_links_are_recorded_with_their_position() -> None:
    doc = SourceDoc("index.md", "# T\n\nintro\n\nSee [x](other#table-1) and [y](#t).\n", 3)
    parsed = parse_doc(doc, allow_html=False, page_url="https://example.org/s/", take_title=True)
    kinds = [(link.kind, link.slug, link.fragment, link.line, link.col) for link in parsed.links]
    # line 5 of the body is line 8 of the file (3 lines of front matter)
    assert kinds == [("article", "other", "table-1", 8, 9), ("fragment", "", "t", 8, 32)]


def test_leading_h1_becomes_the_title_and_leaves_the_body() -> None:
    doc = SourceDoc("index.md", "# The Title\n\n## Part\n\ntext\n", 0)
    parsed = parse_doc(doc, allow_html=False, page_url="https://example.org/s/", take_title=True)
    assert parsed.title == "The Title"
    assert parsed.title_id == "the-title"
    assert "<h1" not in "".join(b.html.html for b in parsed.blocks)
    assert [h.id for h in parsed.headings] == ["part"]
    assert parsed.ids == ("the-title", "part")


def test_original_ids_are_prefixed_on_the_page_but_not_in_references() -> None:
    doc = SourceDoc("original.md", "## Intro\n\n| a |\n|---|\n| 1 |\n\nSee [i](#intro).[^1]\n\n[^1]: n\n", 0)
    parsed = parse_doc(doc, allow_html=False, page_url="https://example.org/s/", prefix="original-")
    html = "".join(b.html.html for b in parsed.blocks)
    assert parsed.ids == ("intro", "table-1")
    assert 'id="original-intro"' in html and 'id="original-table-1"' in html
    assert 'href="#original-intro"' in html
    assert 'id="fn-original-1"' in html  # footnotes do not clash with the translation's


def test_blocks_carry_their_ids_for_takeaway_placement() -> None:
    doc = SourceDoc("index.md", "para\n\n| a |\n|---|\n| 1 |\n\n- list\n", 0)
    parsed = parse_doc(doc, allow_html=False, page_url="https://example.org/s/")
    assert [b.ids for b in parsed.blocks] == [(), ("table-1",), ()]
    assert parsed.blocks[1].html.html.startswith('<table id="table-1" tabindex="0">')


def test_feed_html_has_absolute_urls() -> None:
    doc = SourceDoc("index.md", "[a](#x) [b](other#y) ![i](fig.png) [c](https://e.org/)\n", 0)
    block = parse_doc(doc, allow_html=False, page_url="https://example.org/d/slug/").blocks[0]
    assert 'href="#x"' in block.html.html and 'href="/d/other/#y"' in block.html.html
    assert 'src="fig.png"' in block.html.html
    assert 'href="https://example.org/d/slug/#x"' in block.html.feed
    assert 'href="https://example.org/d/other/#y"' in block.html.feed
    assert 'src="https://example.org/d/slug/fig.png"' in block.html.feed
    assert 'href="https://e.org/"' in block.html.feed
