"""sitewide: the views made of many articles (tag slugs and pages, digest days,
archive months, home pages, article navigation), from small views in memory."""

from __future__ import annotations

from dataclasses import replace

from memory import CONFIG

from gloss.build.sitewide import article_navs, days, home, months, tag_refs_of, tag_slug, tags
from gloss.content.views import ArticleLink, ArticleRef, Fragment, TagRef
from gloss.core.diagnostics import Diagnostic

EMPTY = Fragment("", "")


def link(slug: str, date: str, lang: str = "en") -> ArticleLink:
    return ArticleLink(slug, f"/d/{slug}/", slug.upper(), date, lang)


def ref(article: ArticleLink) -> ArticleRef:
    return ArticleRef(article.slug, article.url, article.title, article.date, article.lang, EMPTY)


def test_tag_slugs_keep_cjk_letters_and_fold_latin_case_and_spaces() -> None:
    assert tag_slug("Open Models") == "open-models"
    assert tag_slug("サイバーセキュリティ") == "サイバーセキュリティ"
    assert tag_slug("人工智能 安全") == "人工智能-安全"
    assert tag_slug("  AI  ") == "ai"


def test_c_cpp_and_csharp_make_three_tag_pages() -> None:
    """Found by a new user: C, C++ and C# all made /tags/c/ (GitHub's slugs drop "+" and "#")."""
    slugs = {name: tag_slug(name) for name in ("C", "C++", "C#", "F#", "Notepad++", "C++20", "Ｃ＋＋")}
    assert slugs == {
        "C": "c",
        "C++": "c-plus-plus",
        "C#": "c-sharp",
        "F#": "f-sharp",
        "Notepad++": "notepad-plus-plus",
        "C++20": "c-plus-plus-20",
        "Ｃ＋＋": "c-plus-plus",  # (full-width, as an IME types it: the same page)
    }
    assert tag_slug("#AI") == "ai" and tag_slug("AI + Law") == "ai--law"  # (not ending a word: dropped, as before)
    assert (
        tag_slug("機械学習") == "機械学習"
        and tag_slug("人工智能") == "人工智能"
        and tag_slug("C#言語") == "c-sharp-言語"
    )


def test_full_width_latin_tags_are_the_pages_of_their_ascii_spelling() -> None:
    """A Japanese or Chinese IME types ＡＩ and ｒｕｓｔ in full width: the same tags as AI and
    rust (their two spellings are then reported, as any two spellings of one page are)."""
    pairs = [
        ("ＡＩ", "AI"),
        ("ｒｕｓｔ", "rust"),
        ("Ｃ＃", "C#"),
        ("生成ＡＩ", "生成AI"),
        ("Ｒｕｓｔ　言語", "Rust 言語"),
    ]
    assert [tag_slug(wide) for wide, _ in pairs] == [tag_slug(narrow) for _, narrow in pairs]
    assert tag_slug("ＧＰＴ－４") == "gpt-4" and tag_slug("安全性") == "安全性"


def test_two_tags_that_still_make_one_page_are_an_error_at_both_places() -> None:
    places = [
        ("C++", ("a/notes.yaml", 2, 8)),
        ("C", ("a/notes.yaml", 2, 13)),
        ("c++", ("b/notes.yaml", 3, 8)),
        ("C++", ("c/notes.yaml", 2, 8)),
        ("人工智能", ("c/notes.yaml", 2, 13)),
    ]
    problems: list[Diagnostic] = []
    refs = tag_refs_of(places, CONFIG, problems)
    assert sorted(refs) == ["C", "C++", "人工智能"]  # (the first spelling's page: the build fails anyway)
    assert [(p.path, p.line, p.col, p.message) for p in problems] == [
        (
            "a/notes.yaml",
            2,
            8,
            'the tags "C++" and "c++" (b/notes.yaml:3) both make the page /tags/c-plus-plus/; use one spelling',
        ),
        (
            "b/notes.yaml",
            3,
            8,
            'the tags "c++" and "C++" (a/notes.yaml:2) both make the page /tags/c-plus-plus/; use one spelling',
        ),
    ]


def test_days_are_newest_first_and_link_their_neighbours() -> None:
    articles = [link("a", "2026-01-01"), link("b", "2026-01-03"), link("c", "2026-01-03"), link("d", "2026-02-10")]
    found = days(CONFIG, articles, ref)
    assert [d.date for d in found] == ["2026-02-10", "2026-01-03", "2026-01-01"]
    assert [r.slug for r in found[1].articles] == ["b", "c"]
    assert found[0].newer is None and found[0].older is not None and found[0].older.date == "2026-01-03"
    assert found[1].newer is not None and found[1].newer.url == "/d/digest/2026-02-10/"
    assert found[-1].older is None


def test_archive_months_hold_their_days_newest_first() -> None:
    articles = [link("a", "2026-01-01"), link("b", "2026-01-31"), link("c", "2026-02-01")]
    found = months(CONFIG, articles, lambda a: a)
    assert [m.month for m in found] == ["2026-02", "2026-01"]
    assert [d.date for d in found[1].days] == ["2026-01-31", "2026-01-01"]


def test_home_pages_hold_days_per_page_and_link_each_other() -> None:
    config = replace(CONFIG, days_per_page=2)
    found = days(config, [link(f"a{i}", f"2026-01-0{i}") for i in range(1, 6)], ref)
    pages = home(config, found)
    assert [len(p.days) for p in pages] == [2, 2, 1]
    assert [p.url for p in pages] == ["/d/", "/d/page/2/", "/d/page/3/"]
    assert pages[0].newer_url is None and pages[0].older_url == "/d/page/2/"
    assert pages[2].newer_url == "/d/page/2/" and pages[2].older_url is None
    assert home(config, ())[0].days == ()  # an empty site still has its home page


def test_tag_pages_are_by_slug_with_their_articles_newest_first() -> None:
    refs = {n: TagRef(n, tag_slug(n), f"/d/tags/{tag_slug(n)}/") for n in ("安全", "Agents", "unused")}

    class Listed:
        def __init__(self, slug: str, date: str, names: tuple[str, ...]) -> None:
            self.slug, self.date = slug, date
            self.tags = tuple(refs[n] for n in names)

    articles = [Listed("a", "2026-01-01", ("安全", "Agents")), Listed("b", "2026-01-02", ("Agents",))]
    found = tags(CONFIG, refs, articles, lambda a: link(a.slug, a.date))
    assert [t.slug for t in found] == ["agents", "安全"]  # a tag no article carries has no page
    assert [a.slug for a in found[0].articles] == ["b", "a"]
    assert found[1].feed_url == "/d/tags/%E5%AE%89%E5%85%A8/feed.xml"


def test_article_navigation_is_the_neighbours_and_the_rest_of_the_day() -> None:
    links = [link("a", "2026-01-01"), link("b", "2026-01-02"), link("c", "2026-01-02", "ja"), link("d", "2026-01-03")]
    navs = article_navs(links)
    assert navs[0].previous is None and navs[0].next == links[1] and navs[0].same_day == ()
    assert navs[1].previous == links[0] and navs[1].next == links[2] and navs[1].same_day == (links[2],)
    assert navs[2].same_day == (links[1],) and navs[3].next is None
