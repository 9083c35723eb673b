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


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("![x](fig.svg)", 'src="/d/a%20b/fig.svg"'),
        ("[x](./data/t.csv?v=2#row)", 'href="/d/a%20b/data/t.csv?v=2#row"'),
        ("[x](../other/fig.png)", 'href="/d/other/fig.png"'),
        ("![図](図.svg)", 'src="/d/a%20b/%E5%9B%B3.svg"'),
        ("[x](other-slug#t)", 'href="/d/other-slug/#t"'),  # a link between articles, rooted already
        ("[x](/d/elsewhere/)", 'href="/d/elsewhere/"'),
        ("[x](https://e.org/fig.svg)", 'href="https://e.org/fig.svg"'),
        ("[x](//e.org/fig.svg)", 'href="//e.org/fig.svg"'),
        ("[x](mailto:a@e.org)", 'href="mailto:a@e.org"'),
        ("[x](#t)", 'href="#t"'),
        ("[![x](fig.svg)](big.svg)", 'href="/d/a%20b/big.svg"><img src="/d/a%20b/fig.svg"'),
    ],
)
def test_notes_urls_relative_to_the_bundle_are_rooted_at_the_article_page(source: str, expected: str) -> None:
    md = make_parser(allow_html=False, base_path="/d/", ids=False)
    env = {"page_path": "/d/a%20b/"}
    assert expected in md.renderer.render(md.parseInline(source, env), md.options, env)
    assert expected in md.render(f"Some text.\n\n- {source}\n\n| a |\n|---|\n| {source} |\n", dict(env))


def test_document_urls_stay_as_written_without_a_page_path() -> None:
    md = make_parser(allow_html=False, base_path="/d/", ids=False)
    assert 'src="fig.svg"' in md.render("![x](fig.svg)", {})


@pytest.mark.parametrize(
    ("source", "context"),
    [
        (  # a code span's "!" and "." end no sentence
            "Before. Go lets you write `if err != nil { return err }.` and see [the post](other) for more. After.",
            "Go lets you write if err != nil { return err }. and see the post for more.",
        ),
        (
            "As the U.S. Treasury said, see [the note](other) e.g. here. Next.",
            "As the U.S. Treasury said, see the note e.g. here.",
        ),
        ("前の文。`panic!` するか、[記事](other)を読む。次の文。", "panic! するか、記事を読む。"),
        ("上一句。他说：「先看[这篇](other)。」然后离开。下一句。", "他说：「先看这篇。」"),
    ],
)
def test_a_link_s_sentence_for_backlinks_is_whole(source: str, context: str) -> None:
    env: dict[str, object] = {}
    make_parser(allow_html=False, base_path="/").parse(source, env)
    assert [link.context for link in env["links"]] == [context]  # type: ignore[attr-defined]
