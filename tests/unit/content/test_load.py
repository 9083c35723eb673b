"""load: a content folder -> ``SiteSource``: bundles found and named, front matter
and notes merged (notes win), dates checked, drafts left out; every problem at
its file, line and column."""

from __future__ import annotations

from pathlib import Path

from memory import Bundle, write_site

from gloss.content.config import SiteConfig
from gloss.content.load import load_site

CONFIG = SiteConfig(title="T", base_url="https://example.org/", language="en")


def load(content: Path, drafts: bool = False):  # type: ignore[no-untyped-def]
    return load_site(content, CONFIG, drafts=drafts)


def test_notes_win_over_front_matter_and_the_site_language_fills_in(tmp_path: Path) -> None:
    front = "---\ntitle: From front matter\nlang: ja\nauthor: 山田\npublished: 2026-01-01\n---\n# 見出し\n\n本文。\n"
    content = write_site(
        tmp_path,
        {
            "a": Bundle("date: 2026-02-01\ntitle: From notes\nsource: {author: Yamada}\n", front),
            "b": "date: 2026-02-02\n",
        },
    )
    site, problems = load(content)
    assert problems == []
    a, b = sorted(site.articles, key=lambda s: s.slug)
    assert (a.title, a.lang, a.date) == ("From notes", "ja", "2026-02-01")
    assert (a.source.author, a.source.published) == ("Yamada", "2026-01-01")
    assert a.index.text.startswith("# 見出し") and a.index.line_offset == 6
    assert (b.title, b.lang) == (None, "en")


def test_drafts_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"a": "date: 2026-02-01\ndraft: true\n", "b": "date: 2026-02-02\n"})
    site, _ = load(content)
    assert [s.slug for s in site.articles] == ["b"] and site.drafts == ("a",)
    site, _ = load(content, drafts=True)
    assert sorted(s.slug for s in site.articles) == ["a", "b"]


def test_date_problems_are_errors_at_their_place(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"a": "title: x\n", "b": "title: y\ndate: 2026-02-30\n"})
    site, problems = load(content)
    assert site.articles == () and sorted(site.broken) == ["a", "b"]
    where = sorted((Path(p.path).parent.name, p.line, p.message.split(":")[0]) for p in problems)
    assert where == [("a", 1, "missing date"), ("b", 2, '"2026-02-30" is not a real date')]


def test_slugs_must_be_valid_unreserved_and_unique_ignoring_case(tmp_path: Path) -> None:
    content = write_site(
        tmp_path,
        {
            "2026/Audit": "date: 2026-01-01\n",
            "2027/audit": "date: 2027-01-01\n",
            "tags": "date: 2026-01-01\n",
            "bad slug": "date: 2026-01-01\n",
            "日本語": "date: 2026-01-01\n",
        },
    )
    site, problems = load(content)
    assert sorted(s.slug for s in site.articles) == ["Audit", "日本語"]
    messages = sorted(p.message for p in problems)
    assert any("unique, also ignoring case" in m for m in messages)
    assert any('"tags" is reserved' in m for m in messages)
    assert any('"bad slug" is not a valid slug' in m for m in messages)


def test_a_bundle_inside_a_bundle_and_stray_notes_are_reported(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"a": "date: 2026-01-01\n", "a/inner": "date: 2026-01-01\n"})
    (content / "loose").mkdir()
    (content / "loose" / "notes.yaml").write_text("date: 2026-01-01\n")
    site, problems = load(content)
    assert [s.slug for s in site.articles] == ["a"]
    found = sorted((p.severity, p.message.split(";")[0]) for p in problems)
    assert found == [
        ("error", "a bundle inside the bundle a"),
        ("warning", "not part of any bundle (a bundle is a folder holding index.md)"),
    ]


def test_front_matter_keys_gloss_does_not_read_are_warnings_and_the_rest_is_read(tmp_path: Path) -> None:
    """Found by a new user: a Hugo front matter's keys (tags, description, weight, draft…) made
    the article an error. They are ignored, each with a warning naming it; the facts gloss reads
    are read as before."""
    front = (
        "---\ntitle: 人工知能の安全性\nlang: ja\ntags: [AI]\ndescription: 概要\ntitel: 誤字\n"
        "draft: false\nweight: 3\n---\n# 見出し\n\n本文。\n"
    )
    content = write_site(tmp_path, {"a": Bundle("date: 2026-02-01\n", front)})
    site, problems = load(content)
    [a] = site.articles
    assert (a.title, a.lang) == ("人工知能の安全性", "ja")
    said = [(p.line, p.col, p.severity, p.message) for p in problems]
    assert [s[:3] for s in said] == [(4, 1, "warning"), (5, 1, "warning"), (6, 1, "warning"), (7, 1, "warning")] + [
        (8, 1, "warning")
    ]
    assert said[0][3] == 'front matter: "tags" is read from notes.yaml, not here; ignored (move it to notes.yaml)'
    assert said[1][3].startswith('front matter: "description" is not read, so it is ignored; gloss reads only author')
    assert '"titel" is not read, so it is ignored (did you mean "title"?)' in said[2][3]


def test_a_front_matter_draft_true_is_an_error_not_a_published_article(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"a": Bundle("date: 2026-02-01\n", "---\ntitle: 草稿\ndraft: true\n---\n# 草稿\n")})
    _, problems = load(content)
    [problem] = problems
    assert (problem.line, problem.col, problem.severity) == (3, 1, "error")
    assert problem.message.startswith("front matter: draft: true is read from notes.yaml only")


def test_toml_front_matter_is_an_error_at_its_first_line(tmp_path: Path) -> None:
    """Hugo's TOML front matter (between +++ lines) rendered as text."""
    toml = '+++\ntitle = "人工智能"\ndate = 2026-02-01\n+++\n# 标题\n\n正文。\n'
    content = write_site(tmp_path, {"a": Bundle("date: 2026-02-01\n", toml)})
    site, problems = load(content)
    [problem] = problems
    assert (Path(problem.path).name, problem.line, problem.col, problem.severity) == ("index.md", 1, 1, "error")
    assert problem.message == "front matter between +++ lines is TOML; gloss reads YAML front matter between --- lines"
    assert site.articles == ()
