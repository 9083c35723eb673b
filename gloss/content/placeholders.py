"""The placeholder text ``new`` writes, in the article's language (en, ja, zh;
English for others), and ``check``'s warning for any still untouched in a
notes file: a scaffolded article is a draft until its editor has written it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gloss.core.diagnostics import Diagnostic, warning
from gloss.text.chars import position
from gloss.text.validate import dotted
from gloss.text.yamlsafe import Path, YamlDoc

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "body": "Write or paste the text here.",
        "section": "First section",
        "argument": "The argument starts here.",
        "summary": "One or two sentences: what this is and why it matters.",
        "point": "The main point",
        "point_text": "One sentence, with the passage it is argued in.",
    },
    "ja": {
        "body": "ここに本文を書くか貼り付けます。",
        "section": "最初の節",
        "argument": "議論はここから始まります。",
        "summary": "これが何で、なぜ重要かを一、二文で。",
        "point": "要点",
        "point_text": "一文で。論じられている箇所へのアンカー付き。",
    },
    "zh": {
        "body": "在此撰写或粘贴正文。",
        "section": "第一节",
        "argument": "论述从这里开始。",
        "summary": "用一两句话说明这是什么、为什么重要。",
        "point": "要点",
        "point_text": "一句话，并指向论述它的段落。",
    },
}
_KNOWN = frozenset(text for table in TEXTS.values() for key, text in table.items() if key != "section")
_BODY = tuple(table[key] for table in TEXTS.values() for key in ("body", "argument"))


def texts(lang: str) -> dict[str, str]:
    """The placeholders for an article in ``lang`` (ja-JP → ja)."""
    return TEXTS.get(lang.split("-")[0].lower(), TEXTS["en"])


def _strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _strings(item, path + (i,))


def untouched(data: Any, doc: YamlDoc, file: str) -> list[Diagnostic]:
    """A warning for every notes value still holding the text ``new`` wrote."""
    return [
        warning(
            file,
            *doc.where(path),
            f"{dotted(path)}: still the placeholder `new` wrote; write your own (or delete the key)",
        )
        for path, value in _strings(data)
        if value.strip() in _KNOWN
    ]


def untouched_text(text: str, file: str, line_offset: int) -> list[Diagnostic]:
    """A warning for every placeholder sentence ``new`` wrote still in a document."""
    found = []
    for sentence in _BODY:
        if (at := text.find(sentence)) >= 0:
            line, col = position(text, at)
            found.append(
                warning(
                    file,
                    line + line_offset,
                    col,
                    f"still the placeholder `new` wrote ({sentence}); write or paste the text",
                )
            )
    return found
