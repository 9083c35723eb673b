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
