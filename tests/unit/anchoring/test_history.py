"""Quotes followed through the content's git history: ``gloss.anchoring.history`` against real
repositories, and the command line on a site whose source was edited after the
notes were written."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import edit, gloss

from gloss.anchoring.history import earlier_versions, state

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

AUDIT = "2026/03/open-weights-audit"
ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(folder: Path, *args: str, day: int = 1) -> str:
    date = f"2026-11-{day:02d}T12:00:00+00:00"
    env = {**os.environ, **ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(folder), *args], env=env, check=True, capture_output=True, text=True).stdout


def commit(folder: Path, message: str, day: int) -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, day=day)
    return git(folder, "rev-parse", "--short", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    return folder


def test_earlier_versions_are_the_committed_texts_newest_first(repo: Path) -> None:
    doc = repo / "a" / "index.md"
    doc.parent.mkdir()
    doc.write_text("---\ntitle: T\n---\nfirst\n", encoding="utf-8")
    one = commit(repo, "one", 1)
    doc.write_text("---\ntitle: T\n---\nsecond\n", encoding="utf-8")
    commit(repo, "two", 2)
    (repo / "other.md").write_text("unrelated\n", encoding="utf-8")
    commit(repo, "other file", 3)
    doc.write_text("---\ntitle: T changed\n---\nsecond\n", encoding="utf-8")  # the same body as two…
    four = commit(repo, "front matter only", 4)
    doc.write_text("third, not committed\n", encoding="utf-8")
    versions = earlier_versions(str(doc), "third, not committed\n")
    assert [(v.commit, v.text, v.line_offset) for v in versions] == [
        (f"{four} (2026-11-04)", "second\n", 3),
        (f"{one} (2026-11-01)", "first\n", 3),
    ]  # …seen once, newest
    # the current text is never an earlier version
    assert [v.text for v in earlier_versions(str(doc), "second\n")] == ["first\n"]


def test_no_git_history_gives_no_versions(tmp_path: Path, repo: Path) -> None:
    outside = tmp_path / "plain" / "index.md"
    outside.parent.mkdir()
    outside.write_text("text\n", encoding="utf-8")
    assert earlier_versions(str(outside), "text\n") == ()
    assert state(str(outside)) == ""
    never = repo / "new.md"
    never.write_text("never committed\n", encoding="utf-8")
    assert earlier_versions(str(never), "never committed\n") == ()


def test_a_version_that_is_not_editors_text_is_skipped(repo: Path) -> None:
    doc = repo / "index.md"
    doc.write_text("good\n", encoding="utf-8")
    good = commit(repo, "good", 1)
    doc.write_bytes(b"caf\xe9 latin-1\n")
    commit(repo, "bad bytes", 2)
    doc.write_text("---\nunclosed front matter\n", encoding="utf-8")
    commit(repo, "bad front matter", 3)
    doc.write_text("now\n", encoding="utf-8")
    assert [v.commit for v in earlier_versions(str(doc), "now\n")] == [f"{good} (2026-11-01)"]


@pytest.fixture
def site(small: Path) -> Path:
    """The small site's content, committed, its highlight "Audits cost time." then edited."""
    repo = small.parent
    git(repo, "init", "-q")
    commit(repo, "notes written", 5)
    edit(small / AUDIT / "index.md", "Audits cost time.", "Audits take time.")
    return small


def test_a_quote_the_words_alone_orphan_is_followed_from_the_commit_it_was_written_against(
    site: Path, tmp_path: Path
) -> None:
    quoted = git(site.parent, "rev-parse", "--short", "HEAD").strip()
    out = tmp_path / "site"
    result = gloss("build", "--content", site, "--out", out, "--no-search")
    assert result.code == 0, result.err
    assert (
        f"{site}/{AUDIT}/notes.yaml:19:13: warning: highlights[0]: the quoted passage has changed since commit "
        f"{quoted} (2026-11-05); followed through the edits to index.md:13 (80% alike), it now reads: "
        f'quote: "Audits take time."'
    ) in result.err
    page = (out / "open-weights-audit" / "index.html").read_text(encoding="utf-8")
    assert '<mark class="highlight" id="gloss-hl-1" aria-describedby="gloss-hl-1-note">Audits take time.</mark>' in page
    # committing the edit does not lose the passage: the older version is still the one quoted
    commit(site.parent, "source edited", 6)
    again = gloss("check", "--content", site)
    assert again.code == 0 and f"changed since commit {quoted} (2026-11-05)" in again.err


def test_without_the_history_the_same_quote_is_an_orphan(site: Path, tmp_path: Path) -> None:
    shutil.rmtree(site.parent / ".git")
    result = gloss("build", "--content", site, "--out", tmp_path / "site", "--no-search")
    assert result.code == 1
    assert 'highlights[0]: "Audits cost time." is not in index.md; the closest passage (80% alike' in result.err


def test_a_passage_deleted_since_the_commit_stays_an_orphan(site: Path) -> None:
    edit(site / AUDIT / "index.md", "Audits take time. ", "")
    result = gloss("check", "--content", site)
    assert result.code == 1 and 'highlights[0]: "Audits cost time." is not in index.md' in result.err
    assert "deleted or rewritten since commit" in result.err  # the history decided


def test_nothing_changed_is_not_claimed_once_the_history_followed_changes(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert gloss("build", "--content", site, "--out", out, "--no-search").code == 0
    assert "nothing changed since" in gloss("build", "--content", site, "--out", out, "--no-search").err
    shutil.rmtree(site.parent / ".git")  # the content is the same; the history it was followed from is gone
    result = gloss("build", "--content", site, "--out", out, "--no-search")
    assert result.code == 1 and "nothing changed" not in result.err and "is not in index.md" in result.err


SPAN = (  # a passage quoted to its last words, which end a later paragraph too
    "The new build handles only what changed, and reuses the cache to save time.\n\n"
    "The search index is updated daily.\n\nThe preview rebuilds on every save to save time.\n"
)


def test_a_passage_whose_end_was_edited_is_not_run_on_to_a_later_paragraph_s_end(small: Path, tmp_path: Path) -> None:
    """Found exactly by its first words and the first place after them where its last words
    occur, the passage would take in two paragraphs more: the history, asked because the end
    is in doubt, ends it where its own last words, edited, now are."""
    repo, index = small.parent, small / AUDIT / "index.md"
    edit(index, "Nothing, yet.[^1]\n", f"Nothing, yet.[^1]\n\n{SPAN}")
    edit(
        small / AUDIT / "notes.yaml",
        '  - {quote: "Audits cost time.", note: "The crux."}\n',
        '  - {quote: "Audits cost time.", note: "The crux."}\n'
        '  - {quote: "The new build handles", quote_end: "to save time.", note: "Speed."}\n',
    )
    git(repo, "init", "-q")
    quoted = commit(repo, "notes written", 5)
    edit(index, "cache to save time.", "cache to cut time.")
    out = tmp_path / "site"
    result = gloss("build", "--content", small, "--out", out, "--no-search")
    assert result.code == 0, result.err
    assert f"highlights[1]: the quoted passage has changed since commit {quoted} (2026-11-05)" in result.err
    page = (out / "open-weights-audit" / "index.html").read_text(encoding="utf-8")
    assert ">The new build handles only what changed, and reuses the cache to cut time.</mark>" in page
    assert "The search index is updated daily.</p>" in page  # not marked


PASTE_CASES = {  # (the paragraph, its highlight's fields, the edit): the warning's fields pasted must check clean
    "zh": (
        "我们在每一家公司都听到一个共同的抱怨：算力不足。\n\n中国的算力不足，主要是出口管制造成的。\n",
        'quote: "算力不足", prefix: "共同的抱怨："',
        ("一个共同的抱怨：算力不足", "同一个抱怨：算力不够"),
    ),
    "en": (
        "The budget grew. Critics said the budget grew too fast.\n",
        'quote: "the budget grew", prefix: "Critics said "',
        ("budget grew", "budget swelled"),
    ),
    "ja": (
        "予算は大きく増えた。批評家は予算は大きく増えたと言った。\n",
        'quote: "予算は大きく増えた", prefix: "批評家は"',
        ("大きく増えた", "大きく殖えた"),
    ),
}


@pytest.mark.parametrize("lang", sorted(PASTE_CASES))
def test_the_fields_a_drift_warning_offers_are_ready_to_paste(lang: str, tmp_path: Path) -> None:
    """Reworded with its context, a quote's prefix (written where its words were not unique)
    no longer stands beside it: the warning gives the fields as they now read, the prefix
    or suffix that singles the passage out now, or none; pasted, they check clean."""
    text, fields, (old, new) = PASTE_CASES[lang]
    bundle = tmp_path / "content" / "a1"
    bundle.mkdir(parents=True)
    (tmp_path / "content" / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    (bundle / "index.md").write_text(f"# T\n\n{text}", encoding="utf-8")
    notes = bundle / "notes.yaml"
    notes.write_text(f"date: 2026-12-01\nhighlights:\n  - {{{fields}, note: n}}\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    commit(tmp_path, "written", 5)
    (bundle / "index.md").write_text(f"# T\n\n{text.replace(old, new)}", encoding="utf-8")  # (every copy)
    said = gloss("check", "--content", tmp_path / "content")
    assert said.code == 0 and "it now reads: quote: " in said.err, said.err
    offered = said.err.split("it now reads: ", 1)[1].splitlines()[0]
    offered = offered.removesuffix(" (for the prefix/suffix written)").removesuffix(
        " (without the prefix/suffix written)"
    )
    notes.write_text(f"date: 2026-12-01\nhighlights:\n  - {{{offered}, note: n}}\n", encoding="utf-8")
    again = gloss("check", "--content", tmp_path / "content")
    assert again.code == 0 and "warning" not in again.err, (offered, again.err)
