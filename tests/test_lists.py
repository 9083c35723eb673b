"""Lists that look finished (issue 16, item 8): the archive, tag pages and related
lists show each article's date, language and the first sentence of its summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, gloss

from gloss.parse import LINE_LENGTH, _parser, first_sentence


@pytest.mark.parametrize(("summary", "line"), [
    ("Audits lag downloads by **orders of magnitude**. The rest waits.", "Audits lag downloads by orders of magnitude."),
    ("推理价格一年内减半。其他厂商随后跟进。", "推理价格一年内减半。"),
    ("公開を\n見送った。理由は後述。", "公開を見送った。"),  # a CJK line break is no space
    ("Wrapped over\ntwo lines. Then more.", "Wrapped over two lines."),
    ("Version 1.5 ships `pagefind` and [a guide](x). Next.", "Version 1.5 ships pagefind and a guide."),
    ("No full stop at all", "No full stop at all"),
    ("", ""),
])
def test_the_first_sentence_as_plain_text(summary: str, line: str) -> None:
    assert first_sentence(_parser(False, "/", False, ""), summary) == line


def test_a_long_sentence_is_cut_with_an_ellipsis() -> None:
    line = first_sentence(_parser(False, "/", False, ""), "長" * 300 + "。")
    assert len(line) == LINE_LENGTH and line.endswith("…")


def test_archive_and_tag_pages_show_the_first_sentence(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert gloss("build", "--content", FIXTURES / "small" / "content", "--out", out, "--no-search",
                 "--no-cache").code == 0
    archive = BeautifulSoup((out / "archive" / "index.html").read_text("utf-8"), "html.parser")
    lines = {li.a.get_text(): li.select_one(".article-line").get_text() for li in archive.select(".month li li")}
    assert lines == {"推理成本下降": "推理价格一年内减半。", "Agent benchmarks drift": "Agent scores fall when suites are refreshed.",
                     "Auditing open weights": "Audits lag downloads by orders of magnitude."}
    tag = BeautifulSoup((out / "tags" / "open-models" / "index.html").read_text("utf-8"), "html.parser")
    for item in tag.select(".article-list li"):
        assert item.time is not None and item.time["datetime"] and item.select_one(".lang-chip")
        assert item.select_one(".article-line").get_text() in lines.values()
