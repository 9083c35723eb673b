"""A diagnostic is one line whatever the content holds: control characters in a
key or a file name are written as escapes (found by tests/e2e/test_fuzz.py)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import gloss

from gloss.core.diagnostics import error

LINE = re.compile(r"^[^\n]+?:[1-9]\d*:[1-9]\d*: (?:warning: )?\S[^\n]*$")


def test_control_characters_are_escaped() -> None:
    said = error("content/a\nb/notes.yaml", 3, 3, 'unknown key "\r" in key_points[0]\u2028').format()
    assert said == 'content/a\\nb/notes.yaml:3:3: unknown key "\\r" in key_points[0]\\u2028'


def test_a_key_with_a_line_break_gives_one_line(tmp_path: Path) -> None:
    bundle = tmp_path / "content" / "2026" / "鍵"
    bundle.mkdir(parents=True)
    (tmp_path / "content" / "site.yaml").write_text("title: 鍵\nbase_url: https://example.org/\n", encoding="utf-8")
    (bundle / "index.md").write_text("# 鍵\n\n本文。\n", encoding="utf-8")
    (bundle / "notes.yaml").write_text('date: 2026-01-01\nkey_points:\n- "\\r": null\n  "a\\nb": 1\n', encoding="utf-8")
    result = gloss("check", "--content", tmp_path / "content", timeout=120)
    problems = [line for line in result.err.splitlines() if "notes.yaml" in line]
    assert result.code == 1 and len(problems) >= 2, result.err
    assert all(LINE.match(line) for line in problems), problems
    assert any(re.search(r'unknown key "\\[rn]"', line) for line in problems), (
        problems
    )  # (YAML reads "\r" as a line break)
    assert any('unknown key "a\\nb"' in line for line in problems), problems
