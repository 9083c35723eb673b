"""Lists that look finished (issue 16, item 8): the archive, tag pages and related
lists show each article's date, language and the first sentence of its summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, gloss

from gloss.build.parse import LINE_LENGTH, _parser, first_sentence


@pytest.mark.parametrize(
    ("summary", "line"),
    [
        (
            "Audits lag downloads by **orders of magnitude**. The rest waits.",
            "Audits lag downloads by orders of magnitude.",
        ),
        ("推理价格一年内减半。其他厂商随后跟进。", "推理价格一年内减半。"),
        ("公開を\n見送った。理由は後述。", "公開を見送った。"),  # a CJK line break is no space
        ("Wrapped over\ntwo lines. Then more.", "Wrapped over two lines."),
        ("Version 1.5 ships `pagefind` and [a guide](x). Next.", "Version 1.5 ships pagefind and a guide."),
        ("No full stop at all", "No full stop at all"),
        ("", ""),
        (  # no sentence ends inside code (issue: cut at "if err !")
            "Rob Pike 说明 Go 的错误是**值**，可以编程处理，而不必到处写 `if err != nil`。第二句。",
            "Rob Pike 说明 Go 的错误是值，可以编程处理，而不必到处写 if err != nil。",
        ),
        ("`Result` を返すか `panic!` するか。既定は Result。", "Result を返すか panic! するか。"),
        ("Prefer `x?` over `unwrap()`. Next.", "Prefer x? over unwrap()."),
        (  # a colon is no sentence end
            "Rustでは第3の選択肢を取っています: メモリは所有権システムを通じて管理される。",
            "Rustでは第3の選択肢を取っています: メモリは所有権システムを通じて管理される。",
        ),
        ("A sample article: every key, e.g. the FAQ. More.", "A sample article: every key, e.g. the FAQ."),
        ("彼は「行こう。」と言った。次。", "彼は「行こう。」と言った。"),
    ],
)
def test_the_first_sentence_as_plain_text(summary: str, line: str) -> None:
    assert first_sentence(_parser(False, "/", False, ""), summary) == line


def test_tag_and_archive_pages_show_the_sentence_whole(tmp_path: Path) -> None:
    """Through the real command: the lists' one-line summary is not cut inside code
    or at a colon (zh, ja and en summaries)."""
    from memory import write_site

    summaries = {
        "zh": "Rob Pike 说明 Go 的错误是**值**，而不必到处写 `if err != nil`。第二句。",
        "ja": "`Result` を返すか `panic!` するか。既定は Result。",
        "ja2": "Rustでは第3の選択肢を取っています: メモリは所有権によって管理される。次。",
        "en": "Errors are values: handle them, e.g. with `errors.Is(err, io.EOF)`. More.",
    }
    notes = "date: 2026-12-01\ntags: [t]\nsummary: '{}'\n"
    content = write_site(tmp_path, {slug: notes.format(text) for slug, text in summaries.items()})
    out = tmp_path / "site"
    assert gloss("build", "--content", content, "--out", out, "--no-search", "--no-cache").code == 0
    for page in ("tags/t/index.html", "archive/index.html"):
        soup = BeautifulSoup((out / page).read_text("utf-8"), "html.parser")
        assert sorted(p.get_text() for p in soup.select(".article-line")) == sorted(
            [
                "Rob Pike 说明 Go 的错误是值，而不必到处写 if err != nil。",
                "Result を返すか panic! するか。",
                "Rustでは第3の選択肢を取っています: メモリは所有権によって管理される。",
                "Errors are values: handle them, e.g. with errors.Is(err, io.EOF).",
            ]
        )


def test_a_long_sentence_is_cut_with_an_ellipsis() -> None:
    line = first_sentence(_parser(False, "/", False, ""), "長" * 300 + "。")
    assert len(line) == LINE_LENGTH and line.endswith("…")


def test_archive_and_tag_pages_show_the_first_sentence(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert (
        gloss("build", "--content", FIXTURES / "small" / "content", "--out", out, "--no-search", "--no-cache").code == 0
    )
    archive = BeautifulSoup((out / "archive" / "index.html").read_text("utf-8"), "html.parser")
    lines = {li.a.get_text(): li.select_one(".article-line").get_text() for li in archive.select(".month li li")}
    assert lines == {
        "推理成本下降": "推理价格一年内减半。",
        "Agent benchmarks drift": "Agent scores fall when suites are refreshed.",
        "Auditing open weights": "Audits lag downloads by orders of magnitude.",
    }
    tag = BeautifulSoup((out / "tags" / "open-models" / "index.html").read_text("utf-8"), "html.parser")
    for item in tag.select(".article-list li"):
        assert item.time is not None and item.time["datetime"] and item.select_one(".lang-chip")
        assert item.select_one(".article-line").get_text() in lines.values()


def test_each_article_knows_its_neighbours_and_its_day() -> None:
    from gloss.build.sitewide import article_navs
    from gloss.content.views import ArticleLink

    links = [
        ArticleLink(s, f"/{s}/", s.upper(), d, "ja")
        for s, d in (("a", "2026-04-01"), ("b", "2026-04-02"), ("c", "2026-04-02"), ("d", "2026-04-03"))
    ]
    navs = article_navs(links)
    assert [(n.previous and n.previous.slug, n.next and n.next.slug) for n in navs] == [
        (None, "b"),
        ("a", "c"),
        ("b", "d"),
        ("c", None),
    ]
    assert [tuple(o.slug for o in n.same_day) for n in navs] == [(), ("c",), ("b",), ()]


def test_the_article_page_links_its_neighbours_and_a_new_article_remakes_only_theirs(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    out = tmp_path / "site"
    assert gloss("build", "--content", content, "--out", out, "--no-search").code == 0
    page = BeautifulSoup((out / "open-weights-audit" / "index.html").read_text("utf-8"), "html.parser")
    pager = {a["rel"][0]: a["href"] for a in page.select("nav.article-pager a")}
    assert pager == {"prev": "/small/agent-benchmarks/", "next": "/small/%E6%8E%A8%E7%90%86%E6%88%90%E6%9C%AC/"}
    assert [a.get_text() for a in page.select("nav.same-day li > a")] == ["Agent benchmarks drift"]
    newest = BeautifulSoup((out / "推理成本" / "index.html").read_text("utf-8"), "html.parser")
    assert newest.select_one("nav.article-pager .pager-label").get_text() == "上一篇"  # in the article's language
    assert newest.select_one("nav.article-pager a[rel=next]") is None
    inodes = {p: p.stat().st_ino for p in out.rglob("*.html")}
    bundle = content / "2026" / "03" / "次の記事"
    bundle.mkdir()
    (bundle / "index.md").write_text("# 次の記事\n\n新しい記事です。\n", encoding="utf-8")
    (bundle / "notes.yaml").write_text("date: 2026-03-04\nlang: ja\nsummary: 新しい記事。\n", encoding="utf-8")
    assert gloss("build", "--content", content, "--out", out, "--no-search").code == 0
    remade = {p.relative_to(out).as_posix() for p in out.rglob("*.html") if inodes.get(p) != p.stat().st_ino}
    articles = {
        p.split("/")[0] for p in remade if p.count("/") == 1 and not p.startswith(("digest", "tags", "archive"))
    }
    assert articles == {"推理成本", "次の記事"}, sorted(remade)  # the old newest gains a "next"; no other article


def test_a_long_latin_sentence_is_cut_between_words() -> None:
    line = first_sentence(_parser(False, "/", False, ""), "word " * 60 + "end.")
    assert line.endswith("word…") and len(line) <= LINE_LENGTH
