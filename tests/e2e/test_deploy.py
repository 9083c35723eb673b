"""`deploy` through the real command line against a local bare repository:
the branch's tree is exactly the site plus .nojekyll (and a kept CNAME), each
deploy's parent is the previous tip, the source checkout is never touched,
--dry-run changes nothing, and failures are one line and exit 1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import gloss

IDENTITY = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
}


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env={**os.environ, **IDENTITY}
    )
    return proc.stdout.strip()


@dataclass
class Repos:
    source: Path  # the editor's checkout, with content/ and a built site/
    remote: Path  # a bare repository standing in for GitHub

    def branch_files(self, ref: str = "gh-pages") -> dict[str, str]:
        names = git(self.remote, "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", ref).splitlines()
        return {name: git(self.remote, "show", f"{ref}:{name}") for name in names}

    def snapshot(self) -> tuple[str, str, bytes]:
        """What deploy must leave alone: HEAD, the status of the working tree, the index file."""
        return (
            git(self.source, "rev-parse", "HEAD"),
            git(self.source, "status", "--porcelain", "--ignored"),
            (self.source / ".git" / "index").read_bytes(),
        )


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repos:
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)
    remote, source = tmp_path / "remote.git", tmp_path / "source"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(tmp_path, "init", "--quiet", "-b", "main", str(source))
    (source / "content").mkdir()
    (source / "content" / "site.yaml").write_text("title: T\n", encoding="utf-8")
    (source / ".gitignore").write_text("/site/\n", encoding="utf-8")
    (source / "notes.txt").write_text("work in progress\n", encoding="utf-8")
    git(source, "add", "content", ".gitignore")
    git(source, "commit", "--quiet", "-m", "content")
    git(source, "remote", "add", "origin", str(remote))
    write_site(
        source / "site",
        {
            "index.html": "<p>home",
            "tags/サイバー/index.html": "<p>タグ",
            "assets/style.css": "p{}",
            "_hidden/x.js": "1",
        },
    )
    return Repos(source, remote)


def write_site(site: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")


def test_deploy_commits_exactly_the_site_and_leaves_the_checkout_alone(repos: Repos) -> None:
    before = repos.snapshot()
    run = gloss("deploy", cwd=repos.source)
    assert run.code == 0, run.err
    assert "pushed to origin" in run.out
    assert repos.branch_files() == {
        ".nojekyll": "",
        "index.html": "<p>home",
        "tags/サイバー/index.html": "<p>タグ",
        "assets/style.css": "p{}",
        "_hidden/x.js": "1",
    }
    assert repos.snapshot() == before
    first = git(repos.remote, "rev-parse", "gh-pages")
    assert git(repos.remote, "rev-list", "--parents", "-n1", "gh-pages") == first  # no parent: a new branch
    assert git(repos.source, "rev-parse", "gh-pages") == first  # the local branch follows
    source_head = git(repos.source, "rev-parse", "--short", "HEAD")
    assert git(repos.remote, "log", "-1", "--format=%s", "gh-pages").startswith(f"Deploy {source_head} with gloss")

    # the next deploy goes on top, drops what the site no longer has, keeps the branch's CNAME
    (repos.source / "content" / "CNAME").write_text("digest.example.org\n", encoding="utf-8")
    assert gloss("deploy", "--message", "with a domain", cwd=repos.source).code == 0
    (repos.source / "content" / "CNAME").unlink()
    (repos.source / "site" / "assets" / "style.css").unlink()
    write_site(repos.source / "site", {"index.html": "<p>home, again"})
    run = gloss("deploy", "--message", "second", cwd=repos.source)
    assert run.code == 0, run.err
    files = repos.branch_files()
    assert files["CNAME"] == "digest.example.org" and files["index.html"] == "<p>home, again"
    assert "assets/style.css" not in files
    log = git(repos.remote, "log", "--format=%s", "gh-pages").splitlines()
    assert log == ["second", "with a domain", log[2]] and log[2].startswith("Deploy ")
    assert git(repos.remote, "rev-list", "--count", "gh-pages") == "3"

    # nothing changed: nothing to commit
    run = gloss("deploy", cwd=repos.source)
    assert run.code == 0 and "nothing to deploy" in run.out
    assert git(repos.remote, "rev-list", "--count", "gh-pages") == "3"


def test_the_parent_is_the_remote_tip_even_without_a_local_branch(repos: Repos, tmp_path: Path) -> None:
    assert gloss("deploy", cwd=repos.source).code == 0
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(repos.remote), str(clone))
    write_site(clone / "site", {"index.html": "<p>from a fresh clone"})
    run = gloss("deploy", "--out", clone / "site", cwd=clone)
    assert run.code == 0, run.err
    assert git(repos.remote, "rev-list", "--count", "gh-pages") == "2"


def test_dry_run_says_what_it_would_do_and_changes_nothing(repos: Repos) -> None:
    before = repos.snapshot()
    run = gloss("deploy", "--dry-run", "--branch", "pages", cwd=repos.source)
    assert run.code == 0, run.err
    assert "would commit 4 files" in run.out and "'pages'" in run.out and "new branch" in run.out
    assert str(repos.remote) in run.out
    assert git(repos.remote, "branch", "--list") == "" and git(repos.source, "branch", "--list", "pages") == ""
    assert repos.snapshot() == before


@pytest.mark.parametrize(
    "case", ["not a repository", "no site", "no remote", "push rejected", "checked out", "no search index"]
)
def test_failures_are_one_clear_line_and_exit_1(repos: Repos, tmp_path: Path, case: str) -> None:
    cwd, args = repos.source, ["deploy"]
    if case == "not a repository":
        cwd = tmp_path / "elsewhere"
        cwd.mkdir()
        (cwd / "site").mkdir()
        (cwd / "site" / "index.html").write_text("x", encoding="utf-8")
        expected = "not inside a git repository"
    elif case == "no site":
        args += ["--out", "public"]
        expected = "no built site in public/"
    elif case == "no remote":
        args += ["--remote", "upstream"]
        expected = "no git remote named 'upstream'"
    elif case == "push rejected":
        hook = repos.remote / "hooks" / "pre-receive"
        hook.write_text("#!/bin/sh\necho 'pages are frozen' >&2\nexit 1\n", encoding="utf-8")
        hook.chmod(0o755)
        expected = "push to origin was rejected (remote: pages are frozen"
    elif case == "checked out":
        git(repos.source, "checkout", "--quiet", "-b", "gh-pages")
        expected = "'gh-pages' is the branch checked out here"
    else:
        write_site(repos.source / "site", {"search/index.html": '<script src="../pagefind/pagefind-ui.js"></script>'})
        expected = "site/ has no search index for its search page (no pagefind/shards.json): run `gloss build` first"
    run = gloss(*args, cwd=cwd)
    assert run.code == 1
    assert run.err.startswith("gloss deploy: ") and expected in run.err, run.err
    assert len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err
    if case == "push rejected":  # the local branch did not move either
        assert (
            subprocess.run(
                ["git", "rev-parse", "--verify", "--quiet", "gh-pages"], cwd=repos.source, capture_output=True
            ).returncode
            != 0
        )


def test_a_site_whose_search_page_has_no_index_is_not_published(repos: Repos) -> None:
    """Found by a new user: ``serve`` after ``build`` deleted ``site/pagefind/``, and
    ``deploy`` offered the site without it. A site built without its index (here
    ``build --no-search`` on a site that had none) is refused, even in a dry run, until
    a build makes the index, or ``--no-search`` says it is published so on purpose."""
    shutil.rmtree(repos.source / "site")
    assert gloss("build", "--no-search", cwd=repos.source).code == 0
    site = repos.source / "site"
    assert (site / "search" / "index.html").is_file() and not (site / "pagefind").exists()
    for args in (["--dry-run"], []):
        run = gloss("deploy", *args, cwd=repos.source)
        assert run.code == 1 and "has no search index" in run.err and "`gloss build` first" in run.err, run.err
        assert len(run.err.strip().splitlines()) == 1
    assert git(repos.remote, "branch", "--list") == ""
    on_purpose = gloss("deploy", "--dry-run", "--no-search", cwd=repos.source)
    assert on_purpose.code == 0 and "would commit" in on_purpose.out, on_purpose.err

    assert gloss("build", cwd=repos.source, timeout=300).code == 0  # with the index: published
    run = gloss("deploy", cwd=repos.source)
    assert run.code == 0, run.err
    assert "pagefind/shards.json" in repos.branch_files()

    listed = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    listed.append({"bundle": "shards/en-2026-01-01-000000/", "languages": {"en": 1}})  # a shard gone
    (site / "pagefind" / "shards.json").write_text(json.dumps(listed), encoding="utf-8")
    run = gloss("deploy", "--dry-run", cwd=repos.source)
    assert (
        run.code == 1
        and "(pagefind/shards.json lists missing shards: pagefind/shards/en-2026-01-01-000000/)" in run.err
    )

    shutil.rmtree(site / "pagefind")  # a theme's own search page that does not load Pagefind needs none
    write_site(site, {"search/index.html": "<p>Search with your favourite engine."})
    assert gloss("deploy", "--dry-run", cwd=repos.source).code == 0


def test_uncommitted_changes_in_the_sources_are_said_and_named_in_the_commit(repos: Repos) -> None:
    """Found by a new user: a deploy from a working tree with edits named HEAD as the source
    commit, though the site was built from the edits. A file outside the content folder and
    the theme (notes.txt), or ignored, is no part of the site and says nothing."""
    (repos.source / ".gitignore").write_text("/site/\n*.tmp\n", encoding="utf-8")
    git(repos.source, "commit", "--quiet", "-am", "ignore scratch files")
    (repos.source / "content" / "draft.tmp").write_text("x", encoding="utf-8")
    head = git(repos.source, "rev-parse", "--short", "HEAD")
    clean = gloss("deploy", "--dry-run", cwd=repos.source)
    assert clean.code == 0 and clean.err == "", clean.err
    assert f"'Deploy {head} with gloss" in clean.out

    (repos.source / "content" / "site.yaml").write_text("title: T2\n", encoding="utf-8")
    (repos.source / "content" / "2026" / "記事").mkdir(parents=True)
    (repos.source / "content" / "2026" / "記事" / "notes.yaml").write_text("date: 2026-01-01\n", encoding="utf-8")
    (repos.source / "templates").mkdir()
    (repos.source / "templates" / "base.html").write_text("{{ x }}", encoding="utf-8")
    git(repos.source, "add", "templates/base.html")  # (staged, not committed: as uncommitted)
    before = repos.snapshot()
    run = gloss("deploy", cwd=repos.source)
    assert run.code == 0, run.err
    [warning] = run.err.splitlines()
    assert warning.startswith("gloss deploy: warning: the working tree has uncommitted changes in the content or ")
    assert "content/2026/記事/notes.yaml, content/site.yaml, templates/base.html" in warning, warning[60:260]
    assert f"does not match the source commit {head} (HEAD)" in warning and "notes.txt" not in warning
    message = git(repos.remote, "log", "-1", "--format=%s", "gh-pages")
    assert message.startswith(f"Deploy {head} and uncommitted changes with gloss")
    assert repos.snapshot() == before
