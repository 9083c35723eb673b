"""config: site.yaml -> ``SiteConfig``; every mistake named by its key, at its
line and column, all of them at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from gloss.content.config import load_config


def config_of(tmp_path: Path, text: str, base_url: str | None = None):  # type: ignore[no-untyped-def]
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, base_url)


def test_the_keys_given_and_the_defaults_of_the_rest(tmp_path: Path) -> None:
    config, problems = config_of(
        tmp_path, "title: 日刊ダイジェスト\nbase_url: https://example.org/digest\nlanguage: ja\n"
    )
    assert problems == [] and config is not None
    assert config.title == "日刊ダイジェスト" and config.language == "ja"
    assert config.base_url == "https://example.org/digest/" and config.base_path == "/digest/"
    assert (config.days_per_page, config.related_count, config.feed_entries, config.allow_html) == (7, 5, 20, False)


def test_base_url_on_the_command_line_wins(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, "title: T\nbase_url: https://example.org/\n", "http://127.0.0.1:8000/x")
    assert problems == [] and config is not None and config.base_path == "/x/"
    config, problems = config_of(tmp_path, "title: T\n", "example.org/x")
    assert config is None and [(p.path, p.message) for p in problems] == [
        ("--base-url", "'example.org/x' is not an absolute URL")
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: T\nbase_url: example.org\n", 2, "base_url is an absolute http(s) URL"),
        ("title: T\nlanguage: Japanese!\n", 2, 'language: "Japanese!" is not a BCP 47 language tag'),
        ("title: T\ndays_per_page: many\n", 2, "days_per_page"),
        ("title: T\ntheme: dark\n", 2, 'unknown key "theme"'),
        ("base_url: https://example.org/\n", 1, "title"),
        ("title: [unclosed\n", 1, 'this "[" is never closed'),  # where it opens
    ],
)
def test_a_bad_value_is_reported_at_its_place_with_its_key(tmp_path: Path, text: str, line: int, words: str) -> None:
    config, problems = config_of(tmp_path, text)
    assert config is None and problems
    assert problems[0].path.endswith("site.yaml") and problems[0].line == line
    assert words in problems[0].message


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    _, problems = config_of(tmp_path, "title: T\nlanguage: 1x\nrelated_count: -1\nfoo: 1\n")
    assert sorted(p.line for p in problems) == [2, 3, 4]


def test_a_missing_site_yaml_says_what_it_needs(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path)
    assert config is None and "site.yaml is missing" in problems[0].message
