"""Where a link or an image is written (``markdown.places``): the line and column of its
destination in the file, found by the inline rules that make it (the link check quoted a
line of the rendered page at 1:1 before), also after CJK text, in lists, quotes, tables,
wrapped paragraphs and front matter."""

from __future__ import annotations

import pytest

from gloss.build.parse import parse_doc
from gloss.content.load import SourceDoc

SOURCE = """# T

日本語の文章です。[リンク](/other/page/)と![図](orig.png)。

| a | b |
|---|---|
| [x](x.png) [y](x.png) | ![z](z.png) |

> quote
> more [q](r.csv)

- item
  [l](m.pdf) and [ref][1]

A wrapped
line with 中文文字![图](图.png)

[1]: <ref target.pdf>
"""


def _placed(source: str, offset: int = 0) -> list[tuple[str, int, int, str]]:
    doc = parse_doc(SourceDoc("index.md", source, offset), allow_html=False, page_url="https://example.org/d/a/")
    lines = source.split("\n")
    return [(u.url, u.line, u.col, lines[u.line - 1 - offset][u.col - 1 :]) for u in doc.urls]


def test_each_link_and_image_is_placed_at_its_destination() -> None:
    found = _placed(SOURCE)
    assert [(url, line, col) for url, line, col, _ in found] == [
        ("/other/page/", 3, 16),  # after 9 CJK characters and "[リンク](": characters, not bytes
        ("orig.png", 3, 35),
        ("x.png", 7, 7),
        ("x.png", 7, 18),  # the same URL twice on a line: each at its own place
        ("z.png", 7, 32),
        ("r.csv", 10, 12),  # in a quote
        ("m.pdf", 13, 7),  # in a list item's second line
        ("ref%20target.pdf", 13, 18),  # a reference link: where it is used
        ("%E5%9B%BE.png", 16, 20),  # the second line of a wrapped paragraph
    ]
    for url, _, _, rest in found[:7]:
        assert rest.startswith(url)


def test_front_matter_lines_are_counted() -> None:
    assert [(line, col) for _, line, col, _ in _placed("# T\n\n![x](a.png)\n", 4)] == [(7, 6)]


@pytest.mark.parametrize("source", ["- ![x](a.png)\n", "> ![x](a.png)\n", "1. > ![x](a.png)\n", "  ![x](a.png)\n"])
def test_a_marker_or_indentation_before_the_block(source: str) -> None:
    (_, line, col, rest) = _placed(source)[0]
    assert line == 1 and rest.startswith("a.png)")


def test_links_between_articles_are_placed_also_when_written_by_reference() -> None:
    source = "# T\n\n日本語 [x][r] と [y](#t)。\n\n[r]: other#table-1\n"
    parsed = parse_doc(
        SourceDoc("index.md", source, 0), allow_html=False, page_url="https://example.org/s/", take_title=True
    )
    line = source.split("\n")[2]
    assert [(link.slug, link.line, link.col) for link in parsed.links] == [
        ("other", 3, line.index("[x]") + 1),  # (where it is used: its destination is written elsewhere)
        ("", 3, line.index("#t") + 1),
    ]
