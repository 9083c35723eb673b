"""Languages (issue 16, item 5): BCP 47 tags checked with "did you mean";
``lang:`` on key points and FAQ entries and ``title_lang:`` emitted; the
site's chrome in the site's language, the article's labels in the
article's; a takeaway's label named by what it follows; the source line
built from the facts present. The fixture site ``fixtures/languages`` is a
Japanese site with a Japanese translation of an English source (an English
title, an English key point, a Chinese FAQ entry) and an English article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, edit, gloss

from gloss.text.languages import suggestion, tag_problem

CONTENT = FIXTURES / "languages" / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages") / "site"
    result = gloss("build", "--content", CONTENT, "--out", out)
    assert result.code == 0, result.err
    return out


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    ("tag", "meant"),
    [
        ("jp", "ja"),
        ("cn", "zh"),
        ("ja_JP", "ja-JP"),
        ("japanese", "ja"),
        ("日本語", "ja"),
        ("ja-JA", "ja"),
        ("JP", "ja"),
        ("xx", None),
    ],
)
def test_bad_tags_are_refused_with_a_suggestion(tag: str, meant: str | None) -> None:
    problem = tag_problem(tag)
    assert problem is not None and f'"{tag}" is not a BCP 47 language tag' in problem
    assert suggestion(tag) == meant
    assert (f'did you mean "{meant}"' in problem) == (meant is not None)


@pytest.mark.parametrize("tag", ["ja", "zh-Hans", "zh-Hant-TW", "en-US", "en", "ko", "und", "ja-JP"])
def test_good_tags_pass(tag: str) -> None:
    assert tag_problem(tag) is None


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("lang: ja\n", "lang: jp\n", "notes.yaml:4:7"),
        ("lang: zh-Hans}", "lang: cn}", "notes.yaml:19:"),
        ("lang: en\n", "lang: japanese\n", "notes.yaml:2:7"),
    ],
)
def test_check_names_the_bad_tag_where_it_is_written(tmp_path: Path, old: str, new: str, where: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    bundle = "mythos-ja" if "japanese" not in new else "scaling-en"
    edit(content / "2026" / "04" / bundle / "notes.yaml", old, new)
    result = gloss("check", "--content", content)
    assert result.code == 1 and "Traceback" not in result.err
    assert where in result.err and "did you mean" in result.err, result.err
    assert result.err.count("is not a BCP 47") == 1  # the schema's pattern message is not said twice


def test_site_language_is_checked_too(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    edit(content / "site.yaml", "language: ja", "language: jp")
    result = gloss("check", "--content", content)
    assert (
        result.code == 1
        and 'site.yaml:3:11: language: "jp" is not a BCP 47 language tag (did you mean "ja"?)' in result.err
    ), result.err


def test_entries_carry_their_own_language(built: Path) -> None:
    soup = page(built, "mythos-ja")
    assert soup.select_one("article.digest-article")["lang"] == "ja"
    assert soup.select_one("article h1")["lang"] == "en"
    points = soup.select("section.key-points li.key-point")
    assert not points[0].has_attr("lang") and points[1]["lang"] == "en"
    dts = soup.select("section.faq dt")
    assert not dts[0].has_attr("lang") and dts[1]["lang"] == "zh-Hans"
    assert soup.select("section.faq dd")[1]["lang"] == "zh-Hans"


def test_chrome_is_in_the_sites_language_labels_in_the_articles(built: Path) -> None:
    english = page(built, "scaling-en")
    assert english.select_one("html")["lang"] == "en"
    header = english.select_one("header.site-header")
    assert header["lang"] == "ja" and "アーカイブ" in header.get_text()
    assert english.select_one("footer.site-footer")["lang"] == "ja"
    assert "Linked from" not in english.get_text()  # no backlinks: nothing else to see here
    assert english.select_one("[data-pagefind-filter='言語']").get_text() == "英語"
    japanese = page(built, "mythos-ja")
    assert not japanese.select_one("header.site-header").has_attr("lang")  # the page's own language
    assert japanese.select_one("section.key-points h2").get_text() == "要点"
    assert [t.get_text() for t in japanese.select("[data-pagefind-filter='言語']")] == ["日本語"]


def test_takeaway_label_names_what_it_follows(built: Path) -> None:
    soup = page(built, "mythos-ja")
    labels = [s.get_text() for s in soup.select("aside.takeaway .takeaway-label")]
    assert labels == ["データの要点", "ポイント"]  # after the table; after a paragraph
    assert soup.select_one("aside.takeaway").find_previous_sibling().name == "table"


def test_source_line_of_a_translation_says_so(built: Path) -> None:
    line = page(built, "mythos-ja").select_one("p.source")
    assert line.get_text().strip() == "原文: 英語 — Claude Mythos System Card、Anthropic、2026年4月7日"
    assert line.a["href"] == "https://example.org/mythos" and line.a["hreflang"] == "en"
    assert line.cite["lang"] == "en"


def test_source_line_has_no_separator_for_missing_parts(built: Path) -> None:
    line = page(built, "scaling-en").select_one("p.source")
    assert line.get_text(" ", strip=True) == "Source: Zvi Mowshowitz"
    assert "·" not in line.get_text() and "—" not in line.get_text()


def test_cjk_soft_breaks_leave_no_space_in_body_and_notes(built: Path) -> None:
    soup = page(built, "mythos-ja")
    assert "一般公開を見送った。理由は安全性である。" in soup.select_one(".body").get_text()
    assert (
        soup.select_one("p.summary").get_text() == "Anthropic は Claude Mythos の公開を見送り、限定提供に切り替えた。"
    )
    assert "安全性の評価が終わっていない。" in soup.select_one("section.key-points").get_text()


def test_dates_in_the_readers_language_machine_dates_kept(built: Path) -> None:
    japanese = page(built, "mythos-ja").select_one(".article-meta time")
    assert (japanese["datetime"], japanese.get_text()) == ("2026-04-08", "2026年4月8日(水)")
    english = page(built, "scaling-en").select_one(".article-meta time")
    assert (english["datetime"], english.get_text()) == ("2026-04-08", "Apr 8, 2026")
    archive = page(built, "archive")
    assert archive.select_one("h2 time").get_text() == "2026年4月"
    assert archive.select_one("li time").get_text() == "2026年4月9日(木)"
    day = page(built, "digest/2026-04-08")
    assert day.select_one("h1").get_text() == "2026年4月8日(水)の記事一覧"


def test_chinese_dates() -> None:
    import yaml

    from gloss.core.strings import strings

    folder = ROOT / "gloss" / "templates" / "i18n"
    tables = {lang: yaml.safe_load((folder / f"{lang}.yaml").read_text(encoding="utf-8")) for lang in ("en", "zh")}
    t = strings(tables, "en", "zh-Hans")
    assert (t.date("2026-04-08"), t.date("2026-04-08", False), t.date("2026-04")) == (
        "2026年4月8日 星期三",
        "2026年4月8日",
        "2026年4月",
    )
    assert t.date("not a date") == "not a date"


def test_the_annotations_export_is_out_of_the_readers_way(built: Path) -> None:
    soup = page(built, "mythos-ja")
    assert not soup.select(".annotations-link")  # the export is a <link rel=alternate>, out of the reader's way
    assert soup.select_one('link[rel=alternate][type="application/ld+json"]')


def test_reading_time_and_language_in_lists(built: Path) -> None:
    from gloss.text.reading import reading_minutes

    assert reading_minutes("日本語" * 400) == 3 and reading_minutes("word " * 460) == 2 and reading_minutes("") == 1
    assert page(built, "mythos-ja").select_one(".reading-time").get_text() == "1分で読めます"
    assert page(built, "scaling-en").select_one(".reading-time").get_text() == "1 min read"
    archive = page(built, "archive")
    chips = {li.a.get_text(): li.select_one(".lang-chip").get_text() for li in archive.select("li[lang]")}
    assert chips["Scaling notes"] == "英語" and chips["Claude Mythos: System Card"] == "日本語"
