"""Each kind of bad input, through the real command line: exit 1, an error
``path:line:col: message``, no traceback, and the previous site untouched."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import edit, gloss, tree

AUDIT = "2026/03/open-weights-audit"
BENCH = "2026/03/agent-benchmarks"


def yaml_syntax(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", "tags: [open-models, safety]", "tags: [open-models, safety")


def unknown_key(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", "summary:", "sumary:")


def wrong_type(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", "  - title: Audits lag", "  - title: [Audits, lag]")


def missing_date(c: Path) -> None:
    edit(c / BENCH / "notes.yaml", "date: 2026-03-02\n", "")


def bad_anchor(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", 'anchor: "#why"', 'anchor: "#whyy"')


def bad_takeaway(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", 'after: "#table-1"', 'after: "#table-3"')


def unknown_slug_in_body(c: Path) -> None:
    edit(c / AUDIT / "index.md", "(agent-benchmarks#method)", "(agent-benchmark#method)")


def unknown_anchor_in_body(c: Path) -> None:
    edit(c / AUDIT / "index.md", "(agent-benchmarks#method)", "(agent-benchmarks#methods)")


def unknown_slug_in_notes(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", "[benchmarks](agent-benchmarks)", "[benchmarks](agent-benchmarkz)")


def duplicate_slug(c: Path) -> None:
    shutil.copytree(c / BENCH, c / "2026" / "04" / "agent-benchmarks")


def billion_laughs(c: Path) -> None:
    lines = ["date: 2026-03-02", 'lol0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 40)]
    (c / BENCH / "notes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def not_utf8(c: Path) -> None:
    (c / BENCH / "index.md").write_bytes("# Agent\n\nCaf\u00e9 ".encode("utf-8") + "na\u00efve".encode("latin-1"))


def orphan_quote(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", "quote: audited less often", "quote: reviewed by nobody at all")


def twin_quote(c: Path) -> None:
    """The quoted sentence reworded at its end; a sentence elsewhere has a word more: either could be it."""
    edit(c / AUDIT / "notes.yaml", "quote: audited less often", "quote: audited less often than they are downloaded")
    edit(c / AUDIT / "index.md", "than they are downloaded.", "than they are fetched.")
    edit(
        c / AUDIT / "index.md",
        "Nothing, yet.",
        "Nothing, yet. Closed models are audited far less often than they are downloaded.",
    )


def copy_left_quote(c: Path) -> None:
    """Long words quoted with the suffix that picked their copy, which is gone: the one left is not taken."""
    edit(
        c / AUDIT / "notes.yaml",
        '{quote: "Audits cost time.",',
        '{quote: "Open-weight models are audited less often than they are downloaded.", suffix: " Really.",',
    )


def ambiguous_quote(c: Path) -> None:
    edit(c / AUDIT / "index.md", "Nothing, yet.", "Audits cost time. Nothing, yet.")


def ambiguous_quote_context_gone(c: Path) -> None:
    """The words occur twice, and the prefix they were quoted with is beside neither: the item quoted
    was perhaps deleted, so the error says so before offering to pick one."""
    ambiguous_quote(c)
    edit(c / AUDIT / "notes.yaml", '{quote: "Audits cost time.",', '{quote: "Audits cost time.", prefix: "Gone. ",')


def quote_within_wrong_section(c: Path) -> None:
    edit(c / AUDIT / "notes.yaml", "quote: audited less often", 'quote: audited less often\n    within: "#why"')


def quote_end_before_quote(c: Path) -> None:
    """Found by a new user: the end's words only before the quote's were told as the quote "not in index.md"."""
    edit(
        c / AUDIT / "notes.yaml",
        "quote: audited less often",
        "quote: Audits cost time.\n    quote_end: audited less often",
    )


def toml_front_matter(c: Path) -> None:
    """Found by a new user: Hugo's TOML front matter rendered as text."""
    edit(c / AUDIT / "index.md", "---\ntitle: Auditing open weights\n", '+++\ntitle = "Auditing open weights"\n')
    edit(c / AUDIT / "index.md", "published: 2026-03-01\n---\n", "published = 2026-03-01\n+++\n")


def toc_entry_with_only_unknown_keys(c: Path) -> None:
    """Found by the fuzzer: an unknown key hid the missing one, and resolving raised KeyError."""
    edit(c / AUDIT / "notes.yaml", '{anchor: "#why", label: The lag}', '{ancor: "#why", label: The lag}')


ZH = "2026/03/推理成本"


def full_width_colon(c: Path) -> None:
    """Typed with a Chinese or Japanese input method: PyYAML blamed the next line."""
    edit(c / ZH / "notes.yaml", "summary: 推理", "summary： 推理")


def full_width_space(c: Path) -> None:
    edit(c / ZH / "notes.yaml", "    a: 硬件", "  \u3000a: 硬件")


def full_width_comma(c: Path) -> None:
    edit(c / ZH / "notes.yaml", "publisher: Example Weekly, lang: en}", "publisher: Example Weekly，lang: en}")


CASES: list[tuple[Callable[[Path], None], str, str]] = [
    (yaml_syntax, AUDIT + "/notes.yaml:3:7:", 'YAML syntax error: this "[" is never closed'),
    (unknown_key, AUDIT + "/notes.yaml:2:1:", 'unknown key "sumary" (did you mean "summary"?)'),
    (wrong_type, AUDIT + "/notes.yaml:5:12:", "key_points[0].title: expected text, got a list"),
    (missing_date, BENCH + "/notes.yaml:1:1:", "missing date"),
    (bad_anchor, AUDIT + "/notes.yaml:7:13:", 'anchor "#whyy" does not resolve in index.md (did you mean "#why"?)'),
    (bad_takeaway, AUDIT + "/notes.yaml:17:13:", 'anchor "#table-3" does not resolve in index.md'),
    (
        unknown_slug_in_body,
        AUDIT + "/index.md:13:44:",
        'link to unknown article "agent-benchmark" (did you mean "agent-benchmarks"?)',
    ),
    (unknown_anchor_in_body, AUDIT + "/index.md:13:44:", 'link "agent-benchmarks#methods": no such id'),
    (unknown_slug_in_notes, AUDIT + "/notes.yaml:12:14:", 'link to unknown article "agent-benchmarkz"'),
    (duplicate_slug, "2026/04/agent-benchmarks/index.md:1:1:", 'two bundles have the slug "agent-benchmarks"'),
    (billion_laughs, BENCH + "/notes.yaml:2:7:", "YAML anchors (&l0) are not allowed"),
    (not_utf8, BENCH + "/index.md:3:8:", "not UTF-8 text"),
    (
        orphan_quote,
        AUDIT + "/notes.yaml:9:12:",
        'key_points[1]: "reviewed by nobody at all" is not in index.md; the closest passage',
    ),
    (
        twin_quote,
        AUDIT + "/notes.yaml:9:12:",
        'key_points[1]: "audited less often than they are downloaded" is not in index.md, and two passages '
        "are alike it: its words cannot tell which one is the passage edited. Line 22 (",
    ),
    (
        copy_left_quote,
        AUDIT + "/notes.yaml:19:13:",
        'highlights[0]: "Open-weight models are audited less often than they are dow…" occurs once in '
        "index.md (line 9), but not beside its prefix/suffix: they are written where the words are not unique",
    ),
    (
        ambiguous_quote,
        AUDIT + "/notes.yaml:19:13:",
        'highlights[0]: "Audits cost time." occurs 2 times in index.md '
        '(lines 13, 22); say which with prefix: "lag" (line 13); prefix: "changes" (line 22)',
    ),
    (
        ambiguous_quote_context_gone,
        AUDIT + "/notes.yaml:19:13:",
        'highlights[0]: "Audits cost time." occurs 2 times in index.md (lines 13, 22), none of them beside '
        "its prefix/suffix (the passage quoted may be deleted or edited); say which with",
    ),
    (quote_within_wrong_section, AUDIT + "/notes.yaml:9:12:", '"audited less often" is not in index.md'),
    (
        quote_end_before_quote,
        AUDIT + "/notes.yaml:10:16:",
        'key_points[1]: quote_end "audited less often" occurs in index.md only at line 9, before the words of '
        "`quote` (line 13): a passage runs from `quote` to the first place after it",
    ),
    (
        toml_front_matter,
        AUDIT + "/index.md:1:1:",
        "front matter between +++ lines is TOML; gloss reads YAML front matter between --- lines",
    ),
    (toc_entry_with_only_unknown_keys, AUDIT + "/notes.yaml:14:5:", 'toc[0]: missing required key "anchor"'),
    (full_width_colon, ZH + "/notes.yaml:3:8:", 'YAML syntax error: "：" is a full-width colon'),
    (full_width_space, ZH + "/notes.yaml:14:3:", "YAML syntax error: a full-width space (U+3000"),
    (full_width_comma, ZH + "/notes.yaml:5:76:", 'YAML syntax error: "，" is a full-width comma'),
]


@pytest.mark.parametrize(("mutate", "where", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input(small: Path, tmp_path: Path, mutate: Callable[[Path], None], where: str, message: str) -> None:
    out = tmp_path / "site"
    assert gloss("build", "--content", small, "--out", out).code == 0
    before = tree(out)
    mutate(small)
    started = time.perf_counter()
    result = gloss("build", "--content", small, "--out", out)
    assert time.perf_counter() - started < 10
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    hits = [line for line in lines if line.startswith(str(small / where))]
    assert hits, f"no error at {where}:\n{result.err}"
    assert any(message in line for line in hits), f"{message!r} not in:\n{result.err}"
    assert all(re.match(r"^.+:\d+:\d+: ", line) for line in lines[:-1]), result.err
    assert tree(out) == before, "a failed build changed the previous site"
    assert not list(tmp_path.glob(".site.new-*")), "a failed build left its temporary folder"
    check = gloss("check", "--content", small)
    assert check.code == 1 and check.err.splitlines()[:-1] == lines[:-1]


def test_every_error_of_a_run_is_reported_at_once(small: Path, tmp_path: Path) -> None:
    unknown_key(small)
    not_utf8(small)
    bad_anchor(small)  # in the same file as the unknown key: both are reported
    edit(small / "2026/03/推理成本/notes.yaml", 'anchor: "#影响"', 'anchor: "#影響"')
    result = gloss("check", "--content", small)
    assert result.code == 1
    assert result.err.count(": ") >= 3
    for words in ("sumary", "not UTF-8", '"#whyy"', '"#影響"'):
        assert words in result.err
    assert result.err.rstrip().endswith("4 errors")


def test_front_matter_keys_gloss_does_not_read_are_warnings_and_the_build_succeeds(small: Path, tmp_path: Path) -> None:
    """Found by a new user: a Hugo front matter's other keys failed the build."""
    edit(small / AUDIT / "index.md", "author: A. Writer\n", "author: A. Writer\ntags: [audits]\nweight: 10\n")
    edit(small / "2026/03/推理成本/index.md", "# 推理成本下降", "---\ndescription: 成本\n---\n# 推理成本下降")
    out = tmp_path / "site"
    result = gloss("build", "--content", small, "--out", out, "--no-search")
    assert result.code == 0, result.err
    assert (
        f'{small / AUDIT}/index.md:4:1: warning: front matter: "tags" is read from notes.yaml, not here' in result.err
    )
    assert f'{small / AUDIT}/index.md:5:1: warning: front matter: "weight" is not read, so it is ignored' in result.err
    assert f'{small}/2026/03/推理成本/index.md:2:1: warning: front matter: "description" is not read' in result.err
    assert "A. Writer" in (out / "open-weights-audit" / "index.html").read_text(encoding="utf-8")
    strict = gloss("check", "--strict", "--content", small)
    assert strict.code == 1 and strict.err.count(": warning: front matter: ") == 3, strict.err


def test_billion_laughs_refused_within_a_second(small: Path) -> None:
    billion_laughs(small)
    started = time.perf_counter()
    result = gloss("check", "--content", small)
    assert result.code == 1
    assert time.perf_counter() - started < 3  # interpreter start-up included; the refusal itself is instant


def test_raw_html_is_escaped_and_the_build_succeeds(small: Path, tmp_path: Path) -> None:
    edit(small / AUDIT / "notes.yaml", "summary: Audits", 'summary: <script>alert("n")</script> Audits')
    edit(small / AUDIT / "notes.yaml", "    text: Few models", "    text: <img src=x onerror=alert(1)> Few models")
    out = tmp_path / "site"
    result = gloss("build", "--content", small, "--out", out)
    assert result.code == 0, result.err
    for page in (out / "open-weights-audit/index.html", out / "agent-benchmarks/index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt;" in (out / "open-weights-audit/index.html").read_text()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in (out / "agent-benchmarks/index.html").read_text()


def test_allow_html_lets_it_through(small: Path, tmp_path: Path) -> None:
    (small / "site.yaml").write_text((small / "site.yaml").read_text() + "allow_html: true\n")
    out = tmp_path / "site"
    assert gloss("build", "--content", small, "--out", out).code == 0
    assert "<script>alert(" in (out / "agent-benchmarks/index.html").read_text()


def test_a_full_width_colon_in_site_yaml_is_named_where_it_is(small: Path) -> None:
    (small / "site.yaml").write_text(
        "title： 每日精读\nbase_url: https://example.org/\nlanguage: zh\n", encoding="utf-8"
    )
    result = gloss("check", "--content", small)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.startswith(f'{small}/site.yaml:1:6: YAML syntax error: "：" is a full-width colon'), result.err


def test_a_bad_site_yaml_names_the_key(small: Path) -> None:
    (small / "site.yaml").write_text("title: T\nbase_url: example.org\nlanguages: ja\n")
    result = gloss("check", "--content", small)
    assert result.code == 1
    assert f"{small}/site.yaml:2:11: base_url:" in result.err
    assert f'{small}/site.yaml:3:1: unknown key "languages" (did you mean "language"?)' in result.err
