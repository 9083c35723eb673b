"""Broken links and images through the real ``gloss check`` and ``gloss build`` (found
by a new user: every one was reported at ``index.md:1:1`` quoting a line of the rendered
page, an image of original.md was blamed on index.md, a summary's on the theme's
home.html, only once every other error was fixed, and never by ``build``)."""

from __future__ import annotations

from pathlib import Path

from conftest import gloss

SITE = "title: T\nbase_url: https://me.github.io/my-digest/\nlanguage: ja\n"


def _site(root: Path, bundles: dict[str, dict[str, str]]) -> Path:
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    for slug, files in bundles.items():
        (content / slug).mkdir()
        for name, text in files.items():
            (content / slug / name).write_text(text, encoding="utf-8")
    return content


BROKEN = {
    "a1": {  # an unknown notes key
        "index.md": "# A\n\nText.\n",
        "notes.yaml": "date: 2026-12-01\nsumary: typo\n",
    },
    "a2": {  # the broken links and images
        "index.md": "# B\n\n日本語の文章。![図](missing.png) と [表](data.csv)。\n",
        "original.md": "# B\n\nText.\n\n![](orig.png)\n",
        "notes.yaml": 'date: 2026-12-01\nsummary: "See [x](gone.csv) and ![y](fig.svg)"\n',
        "fig.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    },
    "a3": {  # an unknown related slug
        "index.md": "# C\n\nText.\n",
        "notes.yaml": "date: 2026-12-01\nrelated: [a9]\n",
    },
}


def _errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("content/")]


def test_every_error_at_once_each_where_it_is_written_by_check_and_build(tmp_path: Path) -> None:
    _site(tmp_path, BROKEN)
    expected = [
        "content/a1/notes.yaml:2:1:",
        'content/a2/index.md:3:13: image "missing.png": the bundle has no file "missing.png"',
        'content/a2/index.md:3:32: link "data.csv": the bundle has no file "data.csv"',
        'content/a2/notes.yaml:2:10: link "gone.csv": the bundle has no file "gone.csv"',
        'content/a2/original.md:5:5: image "orig.png": the bundle has no file "orig.png"',
        "content/a3/notes.yaml:2:11: related:",
    ]
    for command in ("check", "build"):
        run = gloss(command, "--content", "content", "--out", "site", cwd=tmp_path)
        assert run.code == 1, run.err
        found = _errors(run.err + run.out)
        assert len(found) == len(expected), found
        for line, start in zip(found, expected, strict=True):
            assert line.startswith(start), (line, start)
        assert "line " not in run.err + run.out  # (no line of a rendered page)
    assert not (tmp_path / "site").exists()


def test_a_root_relative_link_out_of_the_base_path_is_a_warning_and_strict_fails(tmp_path: Path) -> None:
    _site(
        tmp_path,
        {
            "a1": {
                "index.md": "# A\n\n中文文字[x](/other/page/) and [ok](/my-digest/a2/) and [slug](a2)\n",
                "notes.yaml": "date: 2026-12-01\n",
            },
            "a2": {"index.md": "# B\n\nText.\n", "notes.yaml": "date: 2026-12-01\n"},
        },
    )
    run = gloss("check", "--content", "content", "--out", "site", cwd=tmp_path)
    assert run.code == 0, run.err
    (warned,) = [line for line in (run.err + run.out).splitlines() if "content/" in line]
    assert warned.startswith('content/a1/index.md:3:9: warning: link "/other/page/" points outside the site')
    assert '"/my-digest/other/page/"' in warned
    assert gloss("check", "--strict", "--content", "content", "--out", "site", cwd=tmp_path).code == 1
    built = gloss("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert built.code == 0 and "content/a1/index.md:3:9: warning:" in built.err + built.out


def test_a_summary_link_shown_on_other_pages_is_reported_once_at_notes_yaml(tmp_path: Path) -> None:
    _site(
        tmp_path,
        {
            "a1": {
                "index.md": "# A\n\nText.\n",
                "notes.yaml": "date: 2026-12-01\n"
                'summary: "A figure ![x](fig.svg), [missing](/my-digest/assets/no.png)"\n',
                "fig.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            }
        },
    )
    run = gloss("check", "--content", "content", "--out", "site", cwd=tmp_path)
    assert run.code == 1
    found = [line for line in (run.err + run.out).splitlines() if ": " in line and "error" not in line[:6]]
    assert [line for line in found if "broken" in line] == [
        'content/a1/notes.yaml:2:10: broken link "/my-digest/assets/no.png": no page /assets/no.png'
    ]
