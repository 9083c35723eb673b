"""``init``: a new site that builds at once, never overwriting a file, with the
editor's schema mapping and a GitHub Actions workflow that deploys to Pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, gloss, tree

from gloss import __version__
from gloss.text.yamlsafe import load

OFFICIAL = (
    "actions/checkout",
    "actions/setup-python",
    "actions/cache",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
)


def test_init_makes_a_site_that_checks_and_builds(tmp_path: Path) -> None:
    site = tmp_path / "digest"
    made = gloss(
        "init",
        site,
        "--title",
        "Reading Room",
        "--base-url",
        "https://example.net/room",
        "--language",
        "ja",
        cwd=tmp_path,
    )
    assert made.code == 0, made.err
    files = set(tree(site))
    for path in (
        "content/site.yaml",
        ".gitignore",
        ".vscode/settings.json",
        ".vscode/notes.schema.json",
        ".github/workflows/gloss.yml",
    ):
        assert path in files, path
    config = load((site / "content" / "site.yaml").read_text(encoding="utf-8")).data
    assert config["title"] == "Reading Room" and config["language"] == "ja"
    assert config["base_url"] == "https://example.net/room/"
    assert config["description"] == "Reading Room：注釈付きの読書ダイジェスト"  # in the site's language
    notes = [p for p in files if p.endswith("notes.yaml")]
    assert len(notes) == 1
    sample = load((site / notes[0]).read_text(encoding="utf-8")).data
    for key in ("summary", "tags", "key_points", "impact", "takeaways", "faq", "highlights", "source"):
        assert sample[key], key
    assert {"/site/", ".gloss-cache/"} <= set((site / ".gitignore").read_text(encoding="utf-8").split())
    check = gloss("check", "--strict", cwd=site)
    assert check.code == 0, check.err
    build = gloss("build", cwd=site)
    assert build.code == 0, build.err
    page = (site / "site" / "welcome-to-gloss" / "index.html").read_text(encoding="utf-8")
    for anatomy in ('class="key-points"', 'class="impact"', 'class="takeaway"', 'class="faq"', "margin-note"):
        assert anatomy in page, anatomy
    assert sample["lang"] == "ja" and '<article class="digest-article" lang="ja"' in page  # in the site's language
    assert ">gloss へようこそ</h1>" in page and 'id="なぜ注釈をつけるのか"' in page


@pytest.mark.parametrize(
    ("language", "title", "heading"),
    [
        ("zh", "欢迎使用 gloss", "为什么要注释"),
        ("zh-TW", "歡迎使用 gloss", "為什麼要註釋"),
        ("de", "Welcome to gloss", "why-annotate"),
    ],
)
def test_the_sample_article_is_in_the_site_language(tmp_path: Path, language: str, title: str, heading: str) -> None:
    """Found by a Chinese-first editor: ``--language zh`` wrote an English article
    (``lang: en``) into a Chinese site. English for a language gloss has no sample in."""
    site = tmp_path / "s"
    assert gloss("init", site, "--title", "每日精读", "--language", language, cwd=tmp_path).code == 0
    check = gloss("check", "--strict", cwd=site)
    assert check.code == 0, check.err
    assert gloss("build", "--no-search", cwd=site).code == 0
    page = BeautifulSoup((site / "site" / "welcome-to-gloss" / "index.html").read_text("utf-8"), "html.parser")
    article = page.select_one("article.digest-article")
    assert article is not None and article["lang"] == ("en" if language == "de" else language)
    assert article.h1 is not None and article.h1.get_text() == title
    assert page.find(id=heading) is not None and page.select("mark.highlight")


def test_init_never_overwrites_and_names_what_it_left(tmp_path: Path) -> None:
    site = tmp_path / "mine"
    (site / "content").mkdir(parents=True)
    (site / ".gitignore").write_text("my own\n", encoding="utf-8")
    (site / "content" / "site.yaml").write_text("title: Mine\n", encoding="utf-8")
    made = gloss("init", site, cwd=tmp_path)
    assert made.code == 0, made.err
    assert (site / ".gitignore").read_text(encoding="utf-8") == "my own\n"
    assert (site / "content" / "site.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    assert f"left alone (exists already): {site / '.gitignore'}" in made.err
    assert "content/site.yaml" in made.err
    assert not [p for p in tree(site) if p.endswith("notes.yaml")], "no sample article in an existing site"
    before = tree(site)
    again = gloss("init", site, cwd=tmp_path)
    assert again.code == 0 and tree(site) == before and "created" not in again.out


def test_init_refuses_bad_arguments(tmp_path: Path) -> None:
    assert gloss("init", tmp_path / "a", "--language", "not a tag", cwd=tmp_path).code == 2
    assert gloss("init", tmp_path / "b", "--base-url", "example.org", cwd=tmp_path).code == 2
    (tmp_path / "file").write_text("x", encoding="utf-8")
    refused = gloss("init", tmp_path / "file", cwd=tmp_path)
    assert refused.code == 2 and "Traceback" not in refused.err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_vscode_maps_notes_to_the_sites_schema_and_new_points_there(tmp_path: Path) -> None:
    assert gloss("init", tmp_path, cwd=tmp_path).code == 0
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    ((schema, globs),) = settings["yaml.schemas"].items()
    assert globs == ["content/**/notes.yaml"]
    assert json.loads((tmp_path / schema).read_text(encoding="utf-8")) == json.loads(gloss("schema").out)
    new = gloss("new", "Second one", "--date", "2026-05-01", cwd=tmp_path)
    assert new.code == 0, new.err
    first = (tmp_path / new.out.strip() / "notes.yaml").read_text(encoding="utf-8").splitlines()[0]
    reference = first.split("$schema=", 1)[1]
    assert (tmp_path / new.out.strip() / reference).resolve() == (tmp_path / schema).resolve()


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def test_the_workflow_checks_builds_and_deploys_on_push_and_daily(tmp_path: Path) -> None:
    assert gloss("init", tmp_path, cwd=tmp_path).code == 0
    text = (tmp_path / ".github" / "workflows" / "gloss.yml").read_text(encoding="utf-8")
    assert "secrets." not in text
    flow = load(text).data  # YAML 1.2, as GitHub reads it: "on" is a key, not true
    assert "push" in flow["on"] and flow["on"]["schedule"][0]["cron"].count(" ") == 4
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    steps = _steps(flow["jobs"]["build"]) + _steps(flow["jobs"]["deploy"])
    used = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert sorted(used) == sorted(OFFICIAL)
    runs = [step["run"] for step in steps if "run" in step]
    order = [
        next(i for i, r in enumerate(runs) if r.startswith(cmd)) for cmd in ("gloss check --strict", "gloss build")
    ]
    assert order == sorted(order)
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert (
        set(cache["with"]["path"].split()) == {".gloss-cache", "site", ".site.prev"} and cache["with"]["restore-keys"]
    )
    cache_at = steps.index(cache)
    assert cache_at < next(i for i, s in enumerate(steps) if s.get("run", "").startswith("gloss check"))
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert flow["jobs"]["deploy"]["needs"] == "build"
    assert flow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_init_says_when_ci_cannot_reach_the_gloss_that_wrote_the_workflow(tmp_path: Path) -> None:
    """The tests run gloss from this checkout (installed with ``pip install -e .``): a
    source CI cannot reach, so ``init`` says so, names the checkout and the step to edit;
    the workflow installs gloss-digest (never PyPI's "gloss", another project's)."""
    done = gloss("init", tmp_path / "site", cwd=tmp_path)
    assert done.code == 0, done.err
    text = (tmp_path / "site" / ".github" / "workflows" / "gloss.yml").read_text(encoding="utf-8")
    flow = load(text).data
    (step,) = [s for s in flow["jobs"]["build"]["steps"] if s.get("name") == "Install gloss"]
    assert step["run"] == f'python -m pip install "gloss-digest=={__version__}"'
    assert "came from a local folder or file, which CI cannot reach" in text and str(ROOT) not in text
    notes = [line for line in done.err.splitlines() if line.startswith("note:")]
    assert notes == [
        f"note: the workflow installs gloss-digest {__version__} from PyPI, but this gloss was installed from {ROOT}, "
        "which CI cannot reach;"
    ]
    assert 'edit the "Install gloss" step of .github/workflows/gloss.yml to a source CI can reach' in done.err
    assert 'pip install "gloss-digest @ git+https://github.com/OWNER/REPO@TAG"' in done.err


def test_no_note_when_the_workflow_is_left_alone(tmp_path: Path) -> None:
    """The note is about the workflow ``init`` writes: none when one was there already."""
    workflow = tmp_path / "site" / ".github" / "workflows" / "gloss.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: mine\n", encoding="utf-8")
    done = gloss("init", tmp_path / "site", cwd=tmp_path)
    assert done.code == 0, done.err
    assert workflow.read_text(encoding="utf-8") == "name: mine\n"
    assert "CI cannot reach" not in done.err
