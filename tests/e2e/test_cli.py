"""The command line as a user meets it: new, schema, check, build options."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, gloss, tree

from gloss.text.yamlsafe import load


def test_new_scaffolds_a_draft_that_check_accepts_and_warns_about(small: Path) -> None:
    result = gloss("new", "量子計算の新しい論文", "--date", "2026-03-05", "--lang", "ja", "--content", small)
    assert result.code == 0, result.err
    bundle = Path(result.out.strip())
    assert bundle == small / "2026" / "03" / "量子計算の新しい論文"
    notes = (bundle / "notes.yaml").read_text(encoding="utf-8")
    first = notes.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    # the site's own copy of the schema, written beside content/: stays put when gloss moves or is upgraded
    schema_path = (bundle / first.split("=", 1)[1]).resolve()
    assert schema_path == (small.parent / ".vscode" / "notes.schema.json").resolve()
    assert json.loads(schema_path.read_text(encoding="utf-8")) == json.loads(
        (ROOT / "gloss" / "notes.schema.json").read_text(encoding="utf-8")
    )
    data = load(notes).data
    assert data["date"] == "2026-03-05" and data["draft"] is True
    assert data["summary"] == "これが何で、なぜ重要かを一、二文で。"  # placeholders in the article's language
    assert "## 最初の節" in (bundle / "index.md").read_text(encoding="utf-8")
    assert "for an ASCII URL pass --slug" in result.err  # a CJK title makes a percent-encoded URL
    check = gloss("check", "--content", small)
    assert check.code == 0, check.err
    assert "notes.yaml:6:10: warning: summary: still the placeholder" in check.err, check.err
    assert "index.md:3:1: warning: still the placeholder `new` wrote (ここに本文を書くか貼り付けます。)" in check.err
    assert gloss("check", "--strict", "--content", small).code == 1
    edited = (
        notes.replace("これが何で、なぜ重要かを一、二文で。", "量子計算の論文。")
        .replace('"要点"', '"新しい手法"')
        .replace('"一文で。論じられている箇所へのアンカー付き。"', '"誤り訂正が進んだ。"')
    )
    (bundle / "notes.yaml").write_text(edited, encoding="utf-8")
    (bundle / "index.md").write_text("# 量子計算の新しい論文\n\n本文。\n\n## 最初の節\n\n議論。\n", encoding="utf-8")
    check = gloss("check", "--strict", "--content", small)
    assert check.code == 0, check.err
    again = gloss("new", "量子計算の新しい論文", "--date", "2026-03-05", "--content", small)
    assert again.code == 1 and "exists already" in again.err


@pytest.mark.parametrize(
    ("title", "lang", "slug", "hint", "summary"),
    [
        ("推理成本下降", "zh", None, "--slug short-english-name", "用一两句话说明这是什么、为什么重要。"),
        ("Claude Mythos:システムカード", "ja", None, "--slug claude-mythos", "これが何で、なぜ重要かを一、二文で。"),
        ("Plain English", "en", None, None, "One or two sentences: what this is and why it matters."),
        ("推理成本下降", "zh", "inference-costs", None, "用一两句话说明这是什么、为什么重要。"),
    ],
)
def test_new_suggests_an_ascii_slug_for_cjk_titles(
    small: Path, title: str, lang: str, slug: str | None, hint: str | None, summary: str
) -> None:
    args = ["new", title, "--date", "2026-03-06", "--lang", lang, "--content", small] + (
        ["--slug", slug] if slug else []
    )
    result = gloss(*args)
    assert result.code == 0, result.err
    assert (hint in result.err) if hint else ("--slug" not in result.err)
    assert load((Path(result.out.strip()) / "notes.yaml").read_text(encoding="utf-8")).data["summary"] == summary


def test_schema_prints_the_shipped_json_schema() -> None:
    result = gloss("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == json.loads((ROOT / "gloss" / "notes.schema.json").read_text(encoding="utf-8"))
    assert "key_points" in schema["properties"] and schema["additionalProperties"] is False


def test_sample_notes_validate_against_the_schema_as_editors_tools_would() -> None:
    schema = json.loads((ROOT / "gloss" / "notes.schema.json").read_text(encoding="utf-8"))
    files = sorted((ROOT / "content").rglob("notes.yaml"))
    assert len(files) >= 6
    for path in files:
        jsonschema.validate(load(path.read_text(encoding="utf-8")).data, schema)


def test_usage_errors_exit_2(small: Path) -> None:
    assert gloss("build", "--no-such-flag").code == 2
    assert gloss("frobnicate").code == 2
    assert gloss("new", "x", "--lang", "not a tag!").code == 2
    assert gloss("build", "--content", "/no/such/folder").code == 2
    assert gloss("build", "--content", small, "--base-url", "example.org").code == 2
    assert gloss("new", "x", "--slug", "../../escaped", "--content", small).code == 2
    result = gloss("new", "Tags", "--content", small)  # reserved: check would refuse it
    assert result.code == 2 and "reserved" in result.err
    assert not (small.parent / "escaped").exists()


def test_check_writes_nothing(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = gloss("check", "--content", small, "--out", out)
    assert result.code == 0 and "ok: 3 articles" in result.err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_drafts_build_only_with_drafts(small: Path, tmp_path: Path) -> None:
    notes = small / "2026/03/agent-benchmarks/notes.yaml"
    notes.write_text(notes.read_text() + "draft: true\n")
    edit_out = tmp_path / "a"
    # the draft is gone, so links to it are errors: drafts must not be linked from published articles
    assert gloss("build", "--content", small, "--out", edit_out).code == 1
    assert gloss("build", "--drafts", "--content", small, "--out", edit_out).code == 0
    assert (edit_out / "agent-benchmarks/index.html").is_file()


def test_base_url_override_and_sub_path(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert gloss("build", "--base-url", "http://127.0.0.1:9000/preview", "--content", small, "--out", out).code == 0
    html = (out / "open-weights-audit/index.html").read_text()
    assert 'href="/preview/assets/style.css"' in html
    assert 'href="/preview/digest/2026-03-02/"' in html
    assert 'href="/preview/agent-benchmarks/#method"' in html


def test_assets_are_copied_next_to_the_page(small: Path, tmp_path: Path) -> None:
    bundle = small / "2026/03/open-weights-audit"
    (bundle / "img").mkdir()
    (bundle / "img" / "chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    out = tmp_path / "site"
    assert gloss("build", "--content", small, "--out", out).code == 0
    assert (out / "open-weights-audit/img/chart.svg").read_text().startswith("<svg")


def test_unchanged_files_are_left_untouched_and_stale_ones_removed(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert gloss("build", "--content", small, "--out", out).code == 0
    kept = (out / "agent-benchmarks/index.html").stat()
    (small / "2026/03/open-weights-audit/index.md").write_text(
        (small / "2026/03/open-weights-audit/index.md").read_text().replace("Nothing, yet.", "Something.")
    )
    edited = (out / "open-weights-audit/index.html").stat()
    result = gloss("build", "--content", small, "--out", out)
    assert result.code == 0, result.err
    now = (out / "agent-benchmarks/index.html").stat()
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert (out / "open-weights-audit/index.html").stat().st_ino != edited.st_ino
    assert "Something." in (out / "open-weights-audit/index.html").read_text()
    # a removed article's page disappears
    import shutil

    shutil.rmtree(small / "2026/03/推理成本")
    notes = small / "2026/03/open-weights-audit/notes.yaml"
    assert gloss("build", "--content", small, "--out", out).code == 0
    assert not (out / "推理成本").exists()
    assert notes.exists()


def test_build_refuses_an_out_folder_that_is_not_a_site(small: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = gloss("build", "--content", small, "--out", precious)
    assert result.code == 2 and "does not look like a built site" in result.err
    assert (precious / "thesis.txt").read_text() == "years of work"
    result = gloss("build", "--content", small, "--out", tmp_path)  # contains the content folder
    assert result.code == 2 and "contains" in result.err
    result = gloss("build", "--content", small, "--out", small / "2026" / "site")  # inside the sources
    assert result.code == 2 and "inside" in result.err and not (small / "2026" / "site").exists()


def test_a_symlinked_out_folder_is_replaced_where_it_points(small: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-site"
    assert gloss("build", "--no-search", "--content", small, "--out", real).code == 0
    link = tmp_path / "site"
    link.symlink_to(real)
    result = gloss("build", "--no-search", "--content", small, "--out", link)
    assert result.code == 0, result.err
    assert link.is_symlink() and (link / "index.html").is_file()
    assert not list(tmp_path.glob(".*new-*"))


def test_text_is_nfc_normalised_and_front_matter_merged(small: Path, tmp_path: Path) -> None:
    index = small / "2026/03/agent-benchmarks/index.md"
    decomposed = unicodedata.normalize("NFD", "Café ガギグ")
    index.write_text(index.read_text().replace("Scores fell.", decomposed))
    out = tmp_path / "site"
    assert gloss("build", "--content", small, "--out", out).code == 0
    html = (out / "agent-benchmarks/index.html").read_text()
    assert unicodedata.normalize("NFC", "Café ガギグ") in html and decomposed not in html
    audit = (out / "open-weights-audit/index.html").read_text()
    assert "A. Writer" in audit  # author from front matter
    assert '<h1 id="auditing-open-weights" data-pagefind-meta="title">Auditing open weights</h1>' in audit


def test_an_asset_that_would_overwrite_a_page_is_an_error(small: Path) -> None:
    (small / "2026/03/agent-benchmarks/index.html").write_text("<p>stray</p>")
    result = gloss("check", "--content", small)
    assert result.code == 1
    assert f"{small}/2026/03/agent-benchmarks/index.html:1:1: two files would be written" in result.err


def test_new_takes_the_site_language_by_default(small: Path) -> None:
    (small / "site.yaml").write_text((small / "site.yaml").read_text().replace("language: en", "language: zh"))
    result = gloss("new", "Plain title", "--content", small)
    assert result.code == 0
    assert "lang: zh\n" in (Path(result.out.strip()) / "notes.yaml").read_text()


def test_same_input_gives_byte_identical_output(small: Path, tmp_path: Path) -> None:
    assert gloss("build", "--content", small, "--out", tmp_path / "a").code == 0
    assert gloss("build", "--content", small, "--out", tmp_path / "b", "--jobs", "2").code == 0
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert any(k.startswith("pagefind/") for k in a)
    # Pagefind's filter and metadata files are not byte-stable across runs (upstream issue #638)
    assert {k: v for k, v in a.items() if not k.startswith("pagefind/")} == {
        k: v for k, v in b.items() if not k.startswith("pagefind/")
    }


def test_build_timings_name_every_stage(small: Path, tmp_path: Path) -> None:
    result = gloss("build", "--content", small, "--out", tmp_path / "site", "--timings", "--no-cache")
    assert result.code == 0, result.err
    stages = [line.split()[0] for line in result.err.splitlines() if line.startswith("  ") and "wall" in line]
    assert stages == ["read", "site-wide", "render", "search", "write"], result.err


@pytest.mark.parametrize("strict", [True, False])
def test_check_strict_with_only_warnings_says_how_many_failed_it(small: Path, strict: bool) -> None:
    """Found by a Chinese/Japanese-first editor: ``check --strict`` with warnings only
    listed them and exited 1 with no summary line (a run with errors ends "N errors")."""
    assert gloss("new", "要約のテスト", "--date", "2026-03-05", "--lang", "ja", "--content", small).code == 0
    result = gloss("check", *(["--strict"] if strict else []), "--content", small)
    lines = result.err.splitlines()
    warnings = [line for line in lines if ": warning: " in line]
    assert len(warnings) >= 2 and lines[:-1] == warnings, result.err  # the placeholders `new` wrote
    if strict:
        assert result.code == 1 and lines[-1] == f"{len(warnings)} warnings (--strict: warnings fail)"
    else:
        assert result.code == 0 and lines[-1].startswith("ok: ") and "(--strict" not in result.err
