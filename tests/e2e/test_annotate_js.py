"""The preview's annotation helpers (gloss/preview/live/annotate.js and .css) in a real browser.

A page built by ``build.py`` gets the two files injected (as the preview server does), is served
from 127.0.0.1 and driven with Playwright and Debian's chromium. Missing tools fail, never skip.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT

from gloss.text.quoting import quote_context, yaml_string

LIVE = ROOT / "gloss" / "preview" / "live"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SLUG = "frontier-release-withheld"  # an article of content/ with a translation and its original
INJECT = '<link rel="stylesheet" href="/annotate.css"><script src="/annotate.js"></script>\n</body>'

# Select the nth occurrence of a phrase inside a text node under `root`; return snippet(range).
SELECT = """([root, phrase, nth]) => {
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let at = node.data.indexOf(phrase); at !== -1; at = node.data.indexOf(phrase, at + 1)) {
      if (seen++ !== nth) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + phrase.length);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return window.glossAnnotate.snippet(range);
    }
  }
  throw new Error(`occurrence ${nth} of ${phrase} not found in ${root}`);
}"""

# The document's plain text as DESIGN.md §2.3 quotes it: page chrome inside the document left out.
PLAIN_TEXT = """(root) => {
  const copy = document.querySelector(root).cloneNode(true);
  copy.querySelectorAll('.gloss-annotate-ui, .pair-link, aside.takeaway, .margin-note, .passage-ref, .note-ref').forEach((e) => e.remove());
  return copy.textContent;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site with annotate.js/.css injected into an article and the home page; its base URL."""
    for name in ("annotate.js", "annotate.css"):
        assert (LIVE / name).is_file(), f"{LIVE / name} is missing"
    served = tmp_path_factory.mktemp("served")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        out = tmp_path_factory.mktemp("built") / "site"
        proc = subprocess.run(
            [sys.executable, "build.py", "build", "--no-search", "--base-url", base, "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"build failed:\n{proc.stdout}\n{proc.stderr}"
        shutil.copytree(out, served, dirs_exist_ok=True)
        for name in ("annotate.js", "annotate.css"):
            shutil.copy(LIVE / name, served / name)
        for page in (served / SLUG / "index.html", served / "index.html"):
            html = page.read_text(encoding="utf-8")
            assert html.count("</body>") == 1
            page.write_text(html.replace("</body>", INJECT), encoding="utf-8")
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is required: pip install playwright", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is required: apt-get install chromium", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(site: str, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}{SLUG}/")
    page.wait_for_function("window.glossAnnotate !== undefined")
    yield page
    context.close()
    assert not errors, f"errors on the page: {errors}"


def plain(page: Any, root: str) -> str:
    return " ".join(page.evaluate(PLAIN_TEXT, root).split())


def occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def entry(snippet: str) -> dict[str, str]:
    """The one highlight a snippet holds: the article already has highlights, so the snippet is
    the entry alone (``  - quote: …``), to paste into the existing list."""
    assert snippet.startswith("  - "), snippet
    data = yaml.safe_load("highlights:\n" + snippet)
    assert list(data) == ["highlights"] and len(data["highlights"]) == 1, snippet
    item = data["highlights"][0]
    assert item["note"] == "" and list(item)[0] == "quote" and list(item)[-1] == "note", snippet
    return item


def assert_pins(text: str, item: dict[str, str], nth: int) -> None:
    """prefix/suffix single out exactly the nth occurrence of the quote, as briefly as allowed."""
    quote, prefix, suffix = item["quote"], item.get("prefix", ""), item.get("suffix", "")
    assert len(prefix) <= 32 and len(suffix) <= 32
    matches = occurrences(text, prefix + quote + suffix)
    assert len(matches) == 1, f"{item} matches {len(matches)} times"
    assert matches[0] + len(prefix) == occurrences(text, quote)[nth], f"{item} pins the wrong occurrence"


@pytest.mark.parametrize(
    "phrase, nth", [("Project Lantern", 0), ("Project Lantern", 1), ("Project Lantern", 2), ("Halcyon-3", 1)]
)
def test_repeated_phrase_in_translation_gets_a_unique_context(page: Any, phrase: str, nth: int) -> None:
    text = plain(page, "article.digest-article .body")
    assert len(occurrences(text, phrase)) >= 2, f"the test needs {phrase!r} more than once in the body"
    item = entry(page.evaluate(SELECT, ["article.digest-article .body", phrase, nth]))
    assert item["quote"] == phrase
    assert "doc" not in item
    assert "prefix" in item or "suffix" in item
    assert_pins(text, item, nth)


def placing(text: str, quote: str) -> str:
    """The prefix and suffix lines "Copy as note" writes for words that occur once in ``text``:
    both sides, each the shortest that occurs once (``gloss.text.quoting``)."""
    assert len(occurrences(text, quote)) == 1
    at = text.index(quote)
    prefix, suffix = quote_context(text, at, at + len(quote))
    assert prefix and suffix and text.count(prefix) == text.count(suffix) == 1
    return f"    prefix: {yaml_string(prefix)}\n    suffix: {yaml_string(suffix)}\n"


def test_a_unique_phrase_gets_context_on_both_sides_that_places_it(page: Any) -> None:
    text = plain(page, "article.digest-article .body")
    snippet = page.evaluate(SELECT, ["article.digest-article .body", "評価チーム", 0])
    assert snippet == '  - quote: "評価チーム"\n' + placing(text, "評価チーム") + '    note: ""\n'


def test_copy_as_key_point_or_takeaway_and_the_key_line_only_when_the_list_is_new(page: Any) -> None:
    """An article with highlights and key points but no takeaways: only the takeaway gets its key line."""
    page.evaluate("document.querySelectorAll('aside.takeaway').forEach((e) => e.remove())")
    assert page.evaluate("!!document.querySelector('section.key-points') && !!document.querySelector('mark.highlight')")
    page.evaluate(SELECT, ["article.digest-article .body", "評価チーム", 0])
    page.locator(".gloss-annotate-copy").first.wait_for(state="visible")
    labels = page.eval_on_selector_all(".gloss-annotate-bar button", "(bs) => bs.map((b) => b.textContent)")
    assert labels == ["Copy as note", "Key point", "Takeaway"]
    copied = {}
    for kind in ("key_point", "takeaway"):
        page.click(f".gloss-annotate-bar button[data-kind={kind}]")
        page.wait_for_function(f"document.querySelector('[data-kind={kind}]').textContent === 'Copied'")
        copied[kind] = page.evaluate("navigator.clipboard.readText()")
    sides = placing(plain(page, "article.digest-article .body"), "評価チーム")
    assert copied["key_point"] == '  - title: ""\n    quote: "評価チーム"\n' + sides + '    text: ""\n'
    assert copied["takeaway"] == 'takeaways:\n  - quote: "評価チーム"\n' + sides + '    text: ""\n'
    # pasted where they belong, the notes stay valid YAML with one list each
    notes = 'key_points:\n  - title: x\n    anchor: "#a"\n' + copied["key_point"] + copied["takeaway"]
    data = yaml.safe_load(notes)
    assert len(data["key_points"]) == 2 and [t["quote"] for t in data["takeaways"]] == ["評価チーム"]


def test_selection_in_original_is_doc_original(page: Any) -> None:
    page.evaluate("document.querySelector('details.original').open = true")
    text = plain(page, ".original-body")
    item = entry(page.evaluate(SELECT, [".original-body", "Project Lantern", 1]))
    assert item["doc"] == "original" and item["quote"] == "Project Lantern"
    assert_pins(text, item, 1)
    quote = "a determined user can split a task"
    unique = entry(page.evaluate(SELECT, [".original-body", quote, 0]))
    sides = yaml.safe_load(placing(text, quote).replace("    ", ""))
    assert unique == {"quote": quote, **sides, "doc": "original", "note": ""}


def test_quote_collapses_whitespace_and_escapes_yaml(page: Any) -> None:
    page.evaluate("""() => {
      const p = document.createElement('p');
      p.textContent = 'He said   "no\\\\way"\\n  twice.';
      document.querySelector('article.digest-article .body').append(p);
    }""")
    snippet = page.evaluate(SELECT, ["article.digest-article .body", 'said   "no\\way"\n  twice', 0])
    assert '  - quote: "said \\"no\\\\way\\" twice"\n' in snippet
    assert entry(snippet)["quote"] == 'said "no\\way" twice'


def test_selection_outside_the_documents_is_ignored(page: Any) -> None:
    assert page.evaluate(SELECT, [".summary", "Halcyon-3", 0]) == ""
    page.wait_for_timeout(100)
    assert not page.is_visible(".gloss-annotate-copy")


def test_button_copies_the_snippet(page: Any) -> None:
    snippet = page.evaluate(SELECT, ["article.digest-article .body", "Project Lantern", 1])
    button = page.locator(".gloss-annotate-copy")
    button.wait_for(state="visible")
    assert button.text_content() == "Copy as note"
    button.click()
    page.wait_for_function("document.querySelector('.gloss-annotate-copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == snippet
    page.wait_for_function(
        "document.querySelector('.gloss-annotate-copy').textContent === 'Copy as note'", timeout=5000
    )


def test_button_follows_a_mouse_selection(page: Any) -> None:
    page.evaluate("document.querySelector('details.original').open = true")
    box = page.evaluate("""() => {
      const p = [...document.querySelectorAll('.original-body p')].find((e) => e.textContent.includes('Finding a bug'));
      p.scrollIntoView({block: 'center', behavior: 'instant'});  // not smooth: measured right after
      const r = document.createRange(); r.setStart(p.firstChild, 0); r.setEnd(p.firstChild, 'Finding'.length);
      const b = r.getBoundingClientRect(); return {x: b.x + b.width / 2, y: b.y + b.height / 2};
    }""")
    page.mouse.dblclick(box["x"], box["y"])
    button = page.locator(".gloss-annotate-copy")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_function("document.querySelector('.gloss-annotate-copy').textContent === 'Copied'")
    # "finding" occurs again in the original, and the build ignores case: words that recur get
    # the prefix as long as allowed and the shortest suffix that occurs once and singles them out
    assert entry(page.evaluate("navigator.clipboard.readText()")) == {
        "quote": "Finding",
        "prefix": "kers alike. Exploit development ",
        "suffix": " a bug is no",
        "doc": "original",
        "note": "",
    }


def test_copy_falls_back_to_exec_command(site: str, browser: Any) -> None:
    context = browser.new_context()
    context.add_init_script("""
      Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true});
      window.copied = [];
      const exec = Document.prototype.execCommand;
      Document.prototype.execCommand = function (command, ...rest) {
        if (command === 'copy') { window.copied.push(document.activeElement.value); return true; }
        return exec.call(this, command, ...rest);
      };""")
    page = context.new_page()
    try:
        page.goto(f"{site}{SLUG}/")
        snippet = page.evaluate(SELECT, ["article.digest-article .body", "Halcyon-3", 2])
        page.locator(".gloss-annotate-copy").click()
        page.wait_for_function("document.querySelector('.gloss-annotate-copy').textContent === 'Copied'")
        assert page.evaluate("window.copied") == [snippet]
        assert page.evaluate("getSelection().toString()") == "Halcyon-3", "the reader's selection is restored"
        assert page.locator("textarea").count() == 0
    finally:
        context.close()


def test_heading_badges_show_and_copy_references(page: Any) -> None:
    page.evaluate("document.querySelector('details.original').open = true")
    cases = [
        ("#original-exploit-development", "original#exploit-development"),
        ("[id='エクスプロイト開発']", "#エクスプロイト開発"),
    ]
    for selector, ref in cases:
        heading = page.locator(selector)
        badge = heading.locator(".gloss-annotate-ref")
        page.mouse.move(0, 0)
        assert badge.evaluate("(e) => getComputedStyle(e).opacity") == "0"
        heading.hover()
        page.wait_for_function("(e) => getComputedStyle(e).opacity === '1'", arg=badge.element_handle())
        assert badge.locator("code").text_content() == ref
        badge.locator("button").click()
        page.wait_for_function("(e) => e.textContent === 'Copied'", arg=badge.locator("button").element_handle())
        assert page.evaluate("navigator.clipboard.readText()") == f'"{ref}"'
    # Keyboard: focusing the copy button shows the badge too.
    page.mouse.move(0, 0)
    page.locator("#original-what-comes-next .gloss-annotate-ref button").focus()
    page.wait_for_function(
        "(e) => getComputedStyle(e).opacity === '1'",
        arg=page.locator("#original-what-comes-next .gloss-annotate-ref").element_handle(),
    )
    # Every heading with an id in both documents has one badge; the badge is not part of the quotable text.
    counts = page.evaluate("""() => [...document.querySelectorAll(
        'article.digest-article .body :is(h1,h2,h3,h4,h5,h6)[id], .original-body :is(h1,h2,h3,h4,h5,h6)[id]')]
        .map((h) => h.querySelectorAll('.gloss-annotate-ref').length)""")
    assert counts and set(counts) == {1}
    # The badges (and pair links) are not part of the quotable text.
    for root in ("article.digest-article .body", ".original-body"):
        whole = page.evaluate(
            """(root) => {
          const range = document.createRange();
          range.selectNodeContents(document.querySelector(root));
          return window.glossAnnotate.snippet(range);
        }""",
            root,
        )
        assert entry(whole)["quote"] == plain(page, root)
        assert "original#" not in entry(whole)["quote"]


def test_not_in_print(page: Any) -> None:
    page.evaluate(SELECT, ["article.digest-article .body", "Project Lantern", 1])
    page.locator(".gloss-annotate-copy").wait_for(state="visible")
    page.emulate_media(media="print")
    assert page.evaluate("""() => [...document.querySelectorAll('.gloss-annotate-ui')]
        .every((e) => getComputedStyle(e).display === 'none')""")


def test_dark_mode(site: str, browser: Any) -> None:
    def background(scheme: str) -> str:
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(f"{site}{SLUG}/")
            return page.locator(".gloss-annotate-ref").first.evaluate("(e) => getComputedStyle(e).backgroundColor")
        finally:
            context.close()

    assert background("dark") != background("light")


def test_other_pages_are_left_alone(site: str, browser: Any) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(site)
        page.wait_for_function("window.glossAnnotate !== undefined")
        assert page.locator(".gloss-annotate-ui").count() == 0
        assert page.evaluate("window.glossAnnotate.snippet(document.createRange())") == ""
        assert page.evaluate("window.glossAnnotate.snippet(null)") == ""
        assert not errors
    finally:
        context.close()


# Each case's nth occurrence of the quote, found in the page's JavaScript (UTF-16 offsets).
RUN_CASES = """(cases) => ({
  yaml: cases.yaml.map((s) => window.glossAnnotate.yamlString(s)),
  context: cases.context.map(([text, quote, n]) => {
    let at = -1;
    for (let i = 0; i <= n; i++) at = text.toLowerCase().indexOf(quote.toLowerCase(), at + 1);
    const found = window.glossAnnotate.context(text, at, at + quote.length);
    return [found.prefix || "", found.suffix || ""];
  }),
  lookalike: cases.lookalike.map(([text, quote, n]) => {
    let at = -1;
    for (let i = 0; i <= n; i++) at = text.toLowerCase().indexOf(quote.toLowerCase(), at + 1);
    const found = window.glossAnnotate.context(text, at, at + quote.length);
    return [found.prefix || "", found.suffix || ""];
  }),
})"""


def test_the_javascript_writes_quotes_as_gloss_text_quoting_does(page: Any) -> None:
    """One implementation per language: annotate.js against the Python one, on the same
    cases (tests/fixtures/quoting.json: escapes, CJK, astral characters, case)."""
    cases = json.loads((FIXTURES / "quoting.json").read_text(encoding="utf-8"))
    got = page.evaluate(RUN_CASES, cases)
    assert got["yaml"] == [yaml_string(text) for text in cases["yaml"]]
    expected = []
    for text, quote, n in cases["context"]:
        at = -1
        for _ in range(n + 1):
            at = text.lower().find(quote.lower(), at + 1)
        expected.append(list(quote_context(text, at, at + len(quote))))
    assert got["context"] == expected
    assert got["lookalike"] == [[prefix, suffix] for *_, prefix, suffix in cases["lookalike"]]
