"""A site's templates/ overrides the default theme file by file: one template,
one block through ``default:``, one partial, one i18n key, one asset; the rest
comes from the default theme, and an edit to an override renders again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, gloss, tree

from gloss.content.theme import default_theme, load_theme
from gloss.preview.watch import Rebuilder
from gloss.site.pipeline import Options

ARTICLE = "open-weights-audit/index.html"


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The small site with the default theme alone."""
    out = tmp_path_factory.mktemp("plain") / "site"
    result = gloss("build", "--content", FIXTURES / "small" / "content", "--out", out, "--no-search", "--no-cache")
    assert result.code == 0, result.err
    return tree(out)


def _build(tmp_path: Path, files: dict[str, str | bytes], *, flag: bool = True) -> dict[str, bytes]:
    """Build the small site with a theme folder holding ``files``: passed as --templates
    (``flag``), or found as templates/ beside content/ in the working folder."""
    theme = tmp_path / "templates"
    for rel, data in files.items():
        (theme / rel).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            (theme / rel).write_bytes(data)
        else:
            (theme / rel).write_text(data, encoding="utf-8")
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    args = ["--templates", theme] if flag else []
    result = gloss("build", "--out", tmp_path / "site", "--no-search", "--no-cache", *args, cwd=tmp_path)
    assert result.code == 0, result.err
    return tree(tmp_path / "site")


def _differs(built: dict[str, bytes], plain: dict[str, bytes]) -> set[str]:
    assert set(built) >= set(plain)
    return {path for path in plain if built[path] != plain[path]}


def test_one_template_overrides_only_its_pages(tmp_path: Path, plain: dict[str, bytes]) -> None:
    built = _build(
        tmp_path, {"404.html": "<!doctype html><title>gone</title><p>Nothing at this address.</p>\n"}, flag=False
    )
    assert built["404.html"] == b"<!doctype html><title>gone</title><p>Nothing at this address.</p>\n"
    assert _differs(built, plain) == {"404.html"}


def test_a_block_overridden_through_extends_default(tmp_path: Path, plain: dict[str, bytes]) -> None:
    built = _build(
        tmp_path,
        {
            "article.html": '{% extends "default:article.html" %}\n'
            "{% block title %}READ: {{ article.title }}{% endblock %}\n"
        },
    )
    page = built[ARTICLE].decode()
    assert "<title>READ: " in page
    assert 'class="key-points"' in page and 'class="body"' in page  # the rest of the default article page
    assert _differs(built, plain) == {
        path
        for path in plain
        if path.endswith("/index.html")
        and path.count("/") == 1
        and path.split("/")[0] in {p.split("/")[0] for p in plain if p.endswith("annotations.jsonld")}
    }


def test_a_partial_overridden_is_used_by_the_default_templates(tmp_path: Path, plain: dict[str, bytes]) -> None:
    base = (default_theme() / "base.html").read_text(encoding="utf-8")
    assert "</footer>" in base
    built = _build(tmp_path, {"base.html": base.replace("</footer>", '<p class="colophon">Made here</p></footer>')})
    pages = [path for path in plain if path.endswith(".html")]
    assert all(b'class="colophon"' in built[path] for path in pages)
    assert _differs(built, plain) == set(pages)


def test_one_i18n_key_overrides_only_that_key(tmp_path: Path, plain: dict[str, bytes]) -> None:
    built = _build(tmp_path, {"i18n/en.yaml": "key_points: The gist\n"})
    page, before = built[ARTICLE].decode(), plain[ARTICLE].decode()
    assert ">Key points<" in before and ">The gist<" in page and ">Key points<" not in page
    assert page.replace(">The gist<", ">Key points<") == before  # every other word as the default theme has it


def test_one_asset_overrides_and_a_new_one_is_added(tmp_path: Path, plain: dict[str, bytes]) -> None:
    built = _build(tmp_path, {"assets/style.css": "body { color: teal }\n", "assets/extra/print.css": b"@page {}\n"})
    assert built["assets/style.css"] == b"body { color: teal }\n"
    assert built["assets/extra/print.css"] == b"@page {}\n"
    assert built["assets/favicon.svg"] == plain["assets/favicon.svg"]
    assert _differs(built, plain) == {"assets/style.css"}


def test_an_edited_override_renders_again(tmp_path: Path) -> None:
    """The theme's stamp covers the site's folder and the default theme's: a long-running
    preview notices an edit to an override, and to a file that newly overrides."""
    content, theme, out = tmp_path / "content", tmp_path / "templates", tmp_path / "site"
    shutil.copytree(FIXTURES / "small" / "content", content)
    (theme / "i18n").mkdir(parents=True)
    (theme / "i18n" / "en.yaml").write_text("faq: Questions\n", encoding="utf-8")
    first, _ = load_theme(theme)
    assert first is not None and str(default_theme() / "article.html") in {p for p, _, _ in first.stamp}
    rebuilder = Rebuilder(Options(content, theme, search=False), out)
    assert rebuilder.build().ok
    (theme / "i18n" / "en.yaml").write_text("faq: Your questions\n", encoding="utf-8")
    report = rebuilder.build(frozenset({theme / "i18n" / "en.yaml"}))
    with_faq = "agent-benchmarks/index.html"
    assert report.ok and with_faq in report.changed
    assert ">Your questions<" in (out / with_faq).read_text(encoding="utf-8")
    (theme / "404.html").write_text("<p>gone</p>\n", encoding="utf-8")
    report = rebuilder.build(frozenset({theme / "404.html"}))
    assert report.ok and "404.html" in report.changed and (out / "404.html").read_text() == "<p>gone</p>\n"


def test_the_strings_are_read_again_when_a_file_changes_at_the_same_size(tmp_path: Path) -> None:
    """``load_theme`` keeps what it read while the theme's files are as they were (a
    preview loads the theme for every build) and reads again after any change."""
    strings = tmp_path / "templates" / "i18n" / "en.yaml"
    strings.parent.mkdir(parents=True)
    strings.write_text("faq: Questions\n", encoding="utf-8")
    first, _ = load_theme(strings.parent.parent)
    again, _ = load_theme(strings.parent.parent)
    assert first is not None and again == first and first.strings["en"]["faq"] == "Questions"
    before = strings.stat().st_mtime_ns
    strings.write_text("faq: Fragen!!!\n", encoding="utf-8")  # (as long as before)
    os.utime(strings, ns=(before + 1_000_000, before + 1_000_000))
    edited, problems = load_theme(strings.parent.parent)
    assert edited is not None and edited.strings["en"]["faq"] == "Fragen!!!" and problems == []
    strings.write_text("faq: [\n", encoding="utf-8")
    broken, problems = load_theme(strings.parent.parent)
    assert [p.path for p in problems] == [str(strings)]
    assert load_theme(strings.parent.parent)[1] == problems  # (reported again, not only the first time)


def test_a_broken_override_is_an_error_naming_the_sites_file(tmp_path: Path) -> None:
    theme = tmp_path / "templates"
    theme.mkdir()
    (theme / "tag.html").write_text(
        '{% extends "default:tag.html" %}{% block main %}{{ nope }}{% endblock %}\n', encoding="utf-8"
    )
    result = gloss(
        "build",
        "--content",
        FIXTURES / "small" / "content",
        "--templates",
        theme,
        "--out",
        tmp_path / "site",
        "--no-search",
        "--no-cache",
    )
    assert result.code == 1 and "Traceback" not in result.err
    assert f"{theme / 'tag.html'}:1:" in result.err and "nope" in result.err


def test_a_missing_templates_folder_given_is_a_usage_error(tmp_path: Path) -> None:
    result = gloss(
        "build",
        "--content",
        FIXTURES / "small" / "content",
        "--templates",
        tmp_path / "nowhere",
        "--out",
        tmp_path / "site",
    )
    assert result.code == 2 and "--templates" in result.err and "no such folder" in result.err
