"""Hostile and broken input, through the command line run in-process: each case
builds a safe site or fails with ``path:line:col: message`` (exit 1), never a
traceback, never a hang, never a file outside the content folder read."""

from __future__ import annotations

import io
import os
import re
import shutil
import time
import xml.dom.minidom
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Run, edit

from gloss.commands.cli import main
from gloss.text.textfile import MAX_TEXT_BYTES

AUDIT = "2026/03/open-weights-audit"
BENCH = "2026/03/agent-benchmarks"
ERROR_LINE = re.compile(r"^.+:\d+:\d+: ")
SECRET = "TOP-SECRET-OUTSIDE-CONTENT"


def cli(*args: str | Path) -> Run:
    """``gloss ARGS`` in this process; an exception fails the test as a traceback would."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def build(content: Path, out: Path, *extra: str | Path) -> Run:
    result = cli("build", "--no-search", "--content", content, "--out", out, *extra)
    assert "Traceback" not in result.err
    if result.code == 1:
        assert all(ERROR_LINE.match(line) for line in result.err.splitlines()[:-1]), result.err
    return result


def failed_at(result: Run, where: Path, message: str) -> None:
    """The run failed with an error at ``where`` (a path, or path:line:col) saying ``message``."""
    assert result.code == 1, result.err
    hits = [line for line in result.err.splitlines() if line.startswith(f"{where}:")]
    assert any(message in line for line in hits), f"no {message!r} at {where}:\n{result.err}"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.md"
    path.parent.mkdir()
    path.write_text(f"# {SECRET}\n\n{SECRET}\n")
    return path


# -- YAML -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notes", "at", "message"),
    [
        ("date: 2026-03-02\nx: &a [*a]\n", "2:4", "YAML anchors (&a) are not allowed"),
        ("date: 2026-03-02\nbase: &b {x: 1}\nmore: {<<: *b}\n", "2:7", "YAML anchors (&b) are not allowed"),
        ("date: 2026-03-02\nx: " + "[" * 5000 + "]" * 5000 + "\n", "2:", "nested more than 64 deep"),
        ("date: 2026-03-02\nx: " + "[" * 100000 + "\n", "2:", "nested more than 64 deep"),
        ("date: 2026-03-02\n" + "".join("  " * i + f"k{i}:\n" for i in range(200)), "", "nested more than 64 deep"),
        ("- a\n- b\n", "1:1", "must be a mapping of keys"),
        ("just text\n", "1:1", "must be a mapping of keys"),
        ("", "1:1", "missing date"),
        ('date: 2026-03-02\nsummary: "\\ud800 lone"\n', "2:", "invalid Unicode character escape"),
        ('date: 2026-03-02\nsummary: "bell \\a"\n', "2:10", "makes control character U+0007"),
        ('date: 2026-03-02\ntags: ["\\x01"]\n', "2:8", "makes control character U+0001"),
        ('date: 2026-03-02\ntitle: "\\uFFFE"\n', "2:8", "the non-character U+FFFE"),
        ('date: 2026-03-02\n"\\0key": x\n', "2:1", "control character U+0000"),
        ("date: 2026-03-02\ntitle: a\u009bb\n", "2:9", "control character U+009B"),
        ("date: 2026-03-02\ntitle: !!python/object:os.system x\n", "2:8", "YAML tags"),
    ],
    ids=[
        "recursive-alias",
        "merge-key",
        "deep-flow",
        "unclosed-flow",
        "deep-block",
        "a-list",
        "a-string",
        "empty",
        "lone-surrogate",
        "bell-escape",
        "x01-escape",
        "ufffe-escape",
        "nul-key",
        "raw-c1",
        "python-tag",
    ],
)
def test_hostile_notes(small: Path, tmp_path: Path, notes: str, at: str, message: str) -> None:
    (small / BENCH / "notes.yaml").write_text(notes, encoding="utf-8")
    started = time.perf_counter()
    result = build(small, tmp_path / "site")
    assert time.perf_counter() - started < 10
    failed_at(result, Path(f"{small / BENCH / 'notes.yaml'}:{at}".rstrip(":")), message)


def test_bidi_and_zero_width_text_builds_and_feeds_stay_xml(small: Path, tmp_path: Path) -> None:
    edit(
        small / BENCH / "notes.yaml",
        "summary: Agent",
        'title: "a\u202eb\u200bc\u2066d\u2069\ufeff"\nsummary: \u200fAgent',
    )
    edit(small / BENCH / "index.md", "Scores fell.", "Scores\u202e fell\u200d.\u2028Line\u0085next")
    out = tmp_path / "site"
    assert build(small, out).code == 0
    for feed in out.rglob("*.xml"):
        xml.dom.minidom.parse(str(feed))  # raises on a character XML refuses


# -- sources ----------------------------------------------------------------------------


def test_a_huge_source_is_refused_before_it_is_read(small: Path, tmp_path: Path) -> None:
    index = small / BENCH / "index.md"
    with index.open("r+b") as handle:  # a 50 MB file (sparse: costs no disk)
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    result = build(small, tmp_path / "site")
    assert time.perf_counter() - started < 5
    failed_at(result, Path(f"{index}:1:1"), "the file is 52.4 MB; gloss reads text files of up to 4 MiB")


def test_a_long_source_under_the_limit_builds_in_bounded_time(small: Path, tmp_path: Path) -> None:
    body = "# Agent benchmarks drift\n\n## Method\n\n" + "## Notes\n\nWe reran three suites.\n\n" * 20_000
    assert len(body.encode()) < MAX_TEXT_BYTES
    (small / BENCH / "index.md").write_text(body)
    started = time.perf_counter()
    assert build(small, tmp_path / "site").code == 0
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"{elapsed:.1f}s for 20,000 equal headings (the id rule must stay linear)"
    assert 'id="notes-19999"' in (tmp_path / "site/agent-benchmarks/index.html").read_text()


@pytest.mark.parametrize(
    ("data", "at", "message"),
    [
        (bytes(range(256)) * 4, "1:1", "binary file"),
        (b"# T\n\nok\n\xff\xfe rest", "4:1", "not UTF-8 text (byte 0xff)"),
        (b"", "1:1", "no title"),
        (b"# T\n\nsoft\x08hyphen", "3:5", "control character U+0008"),
        ("# T\n\nsmart \u0093quotes\u0094\n".encode(), "3:7", "control character U+0093"),
        ("# T\n\n\uffff\n".encode(), "3:1", "the non-character U+FFFF"),
        (b"---\ntitle: [unclosed\n---\n# T\n", "2:8", 'front matter: YAML syntax error: this "[" is never closed'),
    ],
    ids=["binary", "latin-1", "empty", "backspace", "c1-quotes", "uffff", "front-matter"],
)
def test_broken_sources(small: Path, tmp_path: Path, data: bytes, at: str, message: str) -> None:
    edit(small / AUDIT / "index.md", "(agent-benchmarks#method)", "(agent-benchmarks)")
    (small / BENCH / "index.md").write_bytes(data)
    failed_at(build(small, tmp_path / "site"), Path(f"{small / BENCH / 'index.md'}:{at}".rstrip(":")), message)


@pytest.mark.parametrize("name", ["notes.yaml", "index.md"])
def test_a_fifo_named_like_a_source_does_not_hang(small: Path, tmp_path: Path, name: str) -> None:
    (small / BENCH / name).unlink()
    os.mkfifo(small / BENCH / name)
    started = time.perf_counter()
    result = build(small, tmp_path / "site")
    assert time.perf_counter() - started < 10
    failed_at(result, small / BENCH / name, "cannot read: this is a pipe")


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "ok"),
    [
        ("agent benchmarks", False),
        ("-agent", False),
        ("--help", False),
        ("a..b", False),
        ("エージェント評価", True),
        ("智能体-评测", True),
    ],
)
def test_odd_folder_names(small: Path, tmp_path: Path, folder: str, ok: bool) -> None:
    (small / BENCH).rename(small / "2026/03" / folder)
    edit(small / AUDIT / "index.md", "(agent-benchmarks#method)", "(open-weights-audit)")
    edit(small / AUDIT / "notes.yaml", "(agent-benchmarks)", "(open-weights-audit)")
    edit(small / AUDIT / "notes.yaml", "related: [agent-benchmarks]", "related: []")
    out = tmp_path / "site"
    result = build(small, out)
    if ok:
        assert result.code == 0, result.err
        assert (out / folder / "index.html").is_file()
    else:
        failed_at(result, small / "2026/03" / folder / "index.md", "is not a valid slug")
    made = sorted(p.name for p in tmp_path.iterdir() if p.name != ".gloss-cache")  # (the cache lives beside content/)
    assert made == (["content", "site"] if ok else ["content"])


def test_odd_asset_names_stay_inside_the_site(small: Path, tmp_path: Path) -> None:
    names = ["a b.png", "-x.png", "評価 図.png", "%2e%2e.png", "a#b?.png", "..png", "--.png"]
    for name in names:
        (small / BENCH / name).write_bytes(b"\x89PNG" + name.encode())
    out = tmp_path / "site"
    assert build(small, out).code == 0
    for name in names:
        copied = out / "agent-benchmarks" / name
        assert copied.is_file() != name.startswith("."), name  # hidden files are not assets
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".gloss-cache") == ["content", "site"]


@pytest.mark.parametrize(
    "where",
    [
        "2026/03/leak",
        f"{BENCH}/leak",
        f"{BENCH}/index.md",
        f"{BENCH}/notes.yaml",
        f"{BENCH}/original.md",
        f"{BENCH}/figures/secret.md",
    ],
)
def test_symlinks_out_of_content_are_refused_and_not_read(
    small: Path, tmp_path: Path, secret: Path, where: str
) -> None:
    link = small / where
    link.parent.mkdir(exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret.parent if where.endswith("leak") else secret)
    out = tmp_path / "site"
    result = build(small, out)
    failed_at(result, link, "symbolic link leaves the content folder; refused")
    assert SECRET not in result.err and not out.exists()
    assert SECRET not in cli("check", "--content", small).err


def test_symlinks_inside_content_are_followed(small: Path, tmp_path: Path) -> None:
    (small / BENCH / "shared.md").symlink_to(small / AUDIT / "index.md")
    out = tmp_path / "site"
    assert build(small, out).code == 0
    assert (out / "agent-benchmarks/shared.md").read_bytes() == (small / AUDIT / "index.md").read_bytes()


# -- links and raw HTML ---------------------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<b>x</b>",
    "data:image/png;base64,iVBORw0KGgo=",
    "&#106;avascript:alert(1)",
    "file:///etc/passwd",
]


def _markdown_with_bad_urls() -> str:
    lines = []
    for i, url in enumerate(BAD_URLS):
        lines.append(f"[link {i}]({url}) ![image {i}]({url}) [ref {i}][r{i}] <{url}>\n\n[r{i}]: {url}\n")
    return "\n".join(lines)


def test_dangerous_urls_are_dropped_everywhere(small: Path, tmp_path: Path) -> None:
    bad = _markdown_with_bad_urls()
    (small / BENCH / "index.md").write_text(f"# Agent benchmarks drift\n\n## Method\n\n{bad}\n")
    (small / BENCH / "original.md").write_text(f"# Original\n\n{bad}\n")
    inline = " ".join(f"[l{i}]({u}) ![i{i}]({u})" for i, u in enumerate(BAD_URLS)).replace('"', "'")
    (small / BENCH / "notes.yaml").write_text(
        f'date: 2026-03-02\nsummary: "{inline}"\nimpact: {{analysis: "{inline}", editorial: "{inline}"}}\n'
        f'key_points: [{{title: T, text: "{inline}", anchor: "#method"}}]\n'
        f'faq: [{{q: Q, a: "{inline}"}}]\n',
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert build(small, out).code == 0
    checked = 0
    for page in out.rglob("*.html"):
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(True):
            for attr in ("href", "src", "action", "formaction", "poster"):
                value = str(tag.get(attr) or "").strip().lower()
                checked += bool(value)
                assert not value.startswith(("javascript:", "vbscript:", "data:", "file:")), (page, tag)
    assert checked > 100
    page = (out / "agent-benchmarks/index.html").read_text(encoding="utf-8")
    assert "[link 0](javascript:alert(1))" in page  # left as the text it was


def test_raw_html_in_every_field_is_escaped(small: Path, tmp_path: Path) -> None:
    def s(field: str) -> str:
        return f'<script>pwn("{field}")</script><img src=x onerror=pwn("{field}")>'

    fields = [
        "title",
        "summary",
        "tag",
        "author",
        "publisher",
        "kp-title",
        "kp-text",
        "analysis",
        "editorial",
        "faq-q",
        "faq-a",
        "takeaway",
        "highlight-note",
        "toc-label",
        "front-title",
        "front-author",
        "heading",
        "body",
    ]
    q = {f: s(f).replace('"', '\\"') for f in fields}
    (small / BENCH / "index.md").write_text(
        f'---\ntitle: "{q["front-title"]}"\nauthor: "{q["front-author"]}"\n---\n'
        f"# Agent\n\n## Method\n\n## More {s('heading')}\n\n{s('body')}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    (small / BENCH / "notes.yaml").write_text(
        f'date: 2026-03-02\ntitle: "{q["title"]}"\nsummary: "{q["summary"]}"\ntags: [agents, "{q["tag"]}"]\n'
        f'source: {{author: "{q["author"]}", publisher: "{q["publisher"]}", url: "https://example.org/?q=<script>"}}\n'
        f'key_points: [{{title: "{q["kp-title"]}", text: "{q["kp-text"]}", anchor: "#method"}}]\n'
        f'impact: {{analysis: "{q["analysis"]}", editorial: "{q["editorial"]}"}}\n'
        f'toc: [{{anchor: "#method", label: "{q["toc-label"]}"}}]\n'
        f'takeaways: [{{after: "#table-1", text: "{q["takeaway"]}"}}]\n'
        f'faq: [{{q: "{q["faq-q"]}", a: "{q["faq-a"]}"}}]\n'
        f'highlights: [{{quote: "Method", note: "{q["highlight-note"]}"}}]\n',
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = build(small, out)
    assert result.code == 0, result.err
    seen = set()
    for page in [*out.rglob("*.html"), *out.rglob("*.xml"), *out.rglob("*.jsonld")]:
        text = page.read_text(encoding="utf-8")
        seen.update(
            f
            for f in fields
            if f"pwn(&#34;{f}&#34;)" in text
            or f"pwn(&quot;{f}&quot;)" in text
            or f'pwn(\\"{f}\\")' in text
            or f"pwn(&amp;quot;{f}" in text
            or f"pwn(&amp;#34;{f}" in text
        )
        if page.suffix == ".html":
            soup = BeautifulSoup(text, "html.parser")
            assert not [t for t in soup.find_all("script") if "pwn(" in t.get_text() and "ld+json" not in str(t)]
            assert not soup.find_all(attrs={"onerror": True}), page
        elif page.suffix == ".xml":
            xml.dom.minidom.parse(str(page))
    assert seen >= set(fields) - {"front-title", "front-author"}, set(fields) - seen  # notes win over front matter


def test_raw_html_in_front_matter_is_escaped(small: Path, tmp_path: Path) -> None:
    (small / BENCH / "index.md").write_text(
        '---\ntitle: "<script>pwn(1)</script>"\nauthor: "</title><script>pwn(2)</script>"\n'
        'publisher: "<b>bold</b>"\nurl: "https://example.org/\\"><script>pwn(3)</script>"\n---\n\n## Method\n\nx\n'
    )
    out = tmp_path / "site"
    assert build(small, out).code == 0
    page = (out / "agent-benchmarks/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;pwn(1)&lt;/script&gt;" in page
    assert not [
        t
        for t in BeautifulSoup(page, "html.parser").find_all("script")
        if "pwn(" in t.get_text() and t.get("type") != "application/ld+json"
    ]
    assert "<script>pwn" not in page and "<b>bold" not in page


# -- themes -----------------------------------------------------------------------------------

THEME = ROOT / "gloss" / "templates"


@pytest.mark.parametrize(
    ("template", "old", "new", "message"),
    [
        ("article.html", "{% endblock %}", "{% endblok %}", "template syntax error: Encountered unknown tag 'endblok'"),
        ("base.html", "</body>", "{{ no_such_variable }}</body>", "UndefinedError: 'no_such_variable' is undefined"),
        ("article.html", "</article>", "{{ a.no_such_field }}</article>", "has no attribute 'no_such_field'"),
        (
            "tag.html",
            "{% endblock %}",
            "{% include 'missing.html' %}{% endblock %}",
            "template not found: missing.html",
        ),
    ],
)
def test_theme_errors_name_template_line_and_page(
    small: Path, tmp_path: Path, template: str, old: str, new: str, message: str
) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    source = (theme / template).read_text(encoding="utf-8")
    assert old in source
    at = source.index(old)
    line = source.count("\n", 0, at) + 1
    (theme / template).write_text(source[:at] + new + source[at + len(old) :], encoding="utf-8")
    out = tmp_path / "site"
    assert build(small, out).code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = build(small, out, "--templates", theme)
    failed_at(result, Path(f"{theme / template}:{line}"), message)
    errors = result.err.splitlines()[:-1]
    assert len(errors) == 1, result.err  # one error per mistake, not one per page
    assert re.search(r"while rendering /[^ ]*/ \(and \d+ other pages?\)", errors[0]), errors[0]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
