"""The same-library floor: what markdown-it-py, Pygments and Jinja2 alone cost
for the articles of a corpus, in N processes — gloss cannot beat it.

    python benchmarks/libfloor.py CONTENT DEST [--jobs 2]

Every ``index.md`` and ``original.md`` is rendered with markdown-it-py
(CommonMark + tables + strikethrough), its fenced code highlighted with
Pygments, put through one small Jinja2 template and written to DEST.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

PAGE = jinja2.Template(
    "<!doctype html><html><head><title>{{ title }}</title></head><body><article>{{ body }}</article></body></html>",
    autoescape=True,
)


def _code(code: str, lang: str, attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang) if lang else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, _formatter())


@lru_cache(maxsize=1)
def _formatter() -> HtmlFormatter:  # type: ignore[type-arg]  # Pygments' formatter is generic in stubs only
    return HtmlFormatter()


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"highlight": _code}).enable(["table", "strikethrough"])


def render(job: tuple[str, str]) -> int:
    source, dest = Path(job[0]), Path(job[1])
    text = source.read_text(encoding="utf-8")
    html = PAGE.render(title=source.parent.name, body=jinja2.utils.markupsafe.Markup(_parser().render(text)))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html, encoding="utf-8")
    return len(html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    jobs = [
        (str(p), str(args.dest / p.relative_to(args.content).with_suffix(".html")))
        for name in ("index.md", "original.md")
        for p in sorted(args.content.rglob(name))
    ]
    with ProcessPoolExecutor(args.jobs) as pool:
        total = sum(pool.map(render, jobs, chunksize=32))
    print(f"{len(jobs)} documents, {total} bytes of HTML", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
