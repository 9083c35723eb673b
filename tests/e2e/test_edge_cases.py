"""Odd but real input found in review: each gives a clear error or a correct
page, never a traceback."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import gloss
from memory import Bundle, write_site


def site(
    tmp_path: Path,
    body: str = "# T\n\n## One\n\ntext\n",
    notes: str = "date: 2026-01-01\n",
    slug: str = "a",
    original: str | None = None,
) -> Path:
    return write_site(tmp_path, {slug: Bundle(notes, body, original)})


def check(content: Path) -> tuple[int, str]:
    result = gloss("check", "--content", content)
    assert "Traceback" not in result.err
    return result.code, result.err


@pytest.mark.parametrize(
    ("notes", "where", "words"),
    [
        ('date: 2026-01-01\nsource: {url: "javascript:alert(8)"}\n', "notes.yaml:2:", "starts with http"),
        ('date: 2026-01-01\ntakeaways: [{after: "#t", text: x}]\n', "notes.yaml:2:", "is the title"),
        (
            'date: 2026-01-01\nhighlights: [{quote: text, within: "#nope"}]\n',
            "notes.yaml:2:",
            '"#nope" does not resolve',
        ),
        ("date: 2026-01-01\nhighlights: [{quote: text, doc: original}]\n", "notes.yaml:2:", "has no original.md"),
        ('date: 2026-01-01\npairs: [{index: "#one", original: "original#one"}]\n', "notes.yaml:2:", "no original.md"),
        (
            'date: 2026-01-01\npairs: [{index: "original#one", original: "#one"}]\n',
            "notes.yaml:2:",
            "a heading of index.md",
        ),
        ("date: 2026-01-01\nsource: {published: 2026-13-45}\n", "notes.yaml:2:", "not a real date"),
    ],
)
def test_bad_notes(tmp_path: Path, notes: str, where: str, words: str) -> None:
    content = site(tmp_path, notes=notes)
    code, err = check(content)
    assert code == 1
    line = next((line for line in err.splitlines() if where in line), "")
    assert words in line, err


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("# T\n\ntext\x0cmore\n", "control character U+000C"),
        ("---\ntitle: x\n\n# T\n", "no closing ---"),
    ],
)
def test_bad_sources(tmp_path: Path, body: str, words: str) -> None:
    code, err = check(site(tmp_path, body=body))
    assert code == 1 and "a/index.md:" in err and words in err, err


def test_a_heading_without_letters_gets_an_id(tmp_path: Path) -> None:
    content = site(tmp_path, body="# T\n\n## ???\n\n> | a |\n> |---|\n> | 1 |\n>\n> ## 🎉\n\n## !!!\n")
    out = tmp_path / "site"
    result = gloss("build", "--no-search", "--content", content, "--out", out)
    assert result.code == 0, result.err
    soup = BeautifulSoup((out / "a/index.html").read_text(), "html.parser")
    assert [h["id"] for h in soup.select(".body h2")] == ["section", "section-1", "section-2"]
    assert soup.select_one(".body table")["id"] == "table-1"


def test_chrome_ids_never_clash_with_heading_ids(tmp_path: Path) -> None:
    body = "# T\n\n## Main\n\n## FAQ title\n\ntext\n"
    notes = 'date: 2026-01-01\nkey_points: [{title: k, anchor: "#main"}]\nfaq: [{q: q, a: a}]\n'
    out = tmp_path / "site"
    assert gloss("build", "--no-search", "--content", site(tmp_path, body=body, notes=notes), "--out", out).code == 0
    soup = BeautifulSoup((out / "a/index.html").read_text(), "html.parser")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    assert soup.select_one(".key-points a")["href"] == "#main"
    assert soup.find(id="main").name == "h2"


def test_links_and_related_to_a_draft_say_so(tmp_path: Path) -> None:
    content = site(tmp_path, body="# T\n\nsee [the draft](dr)\n", notes="date: 2026-01-01\nrelated: [dr]\n")
    (content / "dr").mkdir()
    (content / "dr" / "index.md").write_text("# D\n")
    (content / "dr" / "notes.yaml").write_text("date: 2026-01-01\ndraft: true\n")
    code, err = check(content)
    assert code == 1 and err.count('"dr" is a draft (build with --drafts to include it)') == 2, err
    assert gloss("check", "--drafts", "--content", content).code == 0


def test_nfd_folder_names_are_nfc_slugs(tmp_path: Path) -> None:
    slug = unicodedata.normalize("NFD", "データ")
    content = site(tmp_path, slug=slug)
    other = content / "b"
    other.mkdir()
    (other / "index.md").write_text("# B\n\nsee [data](データ)\n")
    (other / "notes.yaml").write_text("date: 2026-01-01\n")
    out = tmp_path / "site"
    result = gloss("build", "--no-search", "--content", content, "--out", out)
    assert result.code == 0, result.err
    assert (out / unicodedata.normalize("NFC", "データ") / "index.html").is_file()


def test_broken_files_in_a_bundle_are_errors_not_crashes(tmp_path: Path) -> None:
    content = site(tmp_path)
    (content / "a" / "gone.png").symlink_to(content / "a" / "missing.png")  # dangling, inside content/
    (content / "a" / "docs").mkdir()
    (content / "a" / "docs" / "readme.md").write_text("an asset, not a stray page")
    code, err = check(content)
    assert code == 0 and "warning" not in err, err
    out = tmp_path / "site"
    assert gloss("build", "--no-search", "--content", content, "--out", out).code == 0
    assert (out / "a/docs/readme.md").is_file()
    (content / "a" / "notes.yaml").unlink()
    (content / "a" / "notes.yaml").mkdir()
    code, err = check(content)
    assert code == 1 and "a/notes.yaml:1:1: cannot read" in err


def test_a_bundle_inside_a_bundle_is_an_error(tmp_path: Path) -> None:
    content = site(tmp_path)
    (content / "a" / "inner").mkdir()
    (content / "a" / "inner" / "index.md").write_text("# I\n")
    code, err = check(content)
    assert code == 1 and "a/inner/index.md:1:1: a bundle inside the bundle a" in err


def test_toc_entry_for_the_title_is_labelled_with_the_title(tmp_path: Path) -> None:
    content = site(tmp_path, notes='date: 2026-01-01\ntoc: ["#t", "#one"]\n')
    out = tmp_path / "site"
    assert gloss("build", "--no-search", "--content", content, "--out", out).code == 0
    soup = BeautifulSoup((out / "a/index.html").read_text(), "html.parser")
    assert [a.get_text() for a in soup.select("nav.toc a")] == ["T", "One"]
