"""Language tags: BCP 47 validity (``langcodes``, which carries the IANA
subtag registry) and "did you mean" for the usual slips — a country code
where a language is meant (``jp``, ``cn``, ``kr``), a language's name
(``japanese``, ``日本語``) or an underscore (``ja_JP``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import langcodes

from gloss.core.diagnostics import Diagnostic, error
from gloss.text.yamlsafe import Path, YamlDoc

LANG_KEYS = frozenset({"lang", "language"})
_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Country codes and names that editors write for a language, and the tag meant.
_SLIPS = {
    "jp": "ja",
    "jpn": "ja",
    "japanese": "ja",
    "日本語": "ja",
    "cn": "zh",
    "chinese": "zh",
    "中文": "zh",
    "tw": "zh-Hant",
    "hk": "zh-Hant",
    "kr": "ko",
    "korean": "ko",
    "한국어": "ko",
    "english": "en",
    "gb": "en-GB",
    "uk": "uk",
    "us": "en-US",
    "gr": "el",
    "dk": "da",
    "se": "sv",
    "cz": "cs",
    "ua": "uk",
    "vn": "vi",
    "ir": "fa",
    "il": "he",
    "at": "de-AT",
    "ch": "de-CH",
    "br": "pt-BR",
    "mx": "es-MX",
    "french": "fr",
    "german": "de",
    "spanish": "es",
}


def tag_problem(tag: str) -> str | None:
    """Why ``tag`` is not a BCP 47 language tag, with a suggestion; None when it is one."""
    if _SHAPE.match(tag) and langcodes.tag_is_valid(tag):
        return None
    hint = suggestion(tag)
    meant = f' (did you mean "{hint}"?)' if hint else ""
    return f'"{tag}" is not a BCP 47 language tag{meant}; write e.g. ja, zh-Hans, zh-Hant, en'


def suggestion(tag: str) -> str | None:
    """The tag an editor most likely meant by ``tag``."""
    folded = tag.strip().lower().replace("_", "-")
    if folded in _SLIPS:
        return _SLIPS[folded]
    primary, _, rest = folded.partition("-")
    if primary in _SLIPS and "-" not in _SLIPS[primary]:
        primary = _SLIPS[primary]
    candidate = primary + ("-" + rest.upper() if len(rest) == 2 else ("-" + rest if rest else ""))
    if _SHAPE.match(candidate) and langcodes.tag_is_valid(candidate) and candidate != tag:
        return candidate
    if _SHAPE.match(primary) and langcodes.tag_is_valid(primary) and primary != tag:
        return primary
    return None


def _lang_values(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in LANG_KEYS and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _lang_values(value, path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _lang_values(item, path + (i,))


def check_tags(data: Any, doc: YamlDoc, file: str) -> list[Diagnostic]:
    """An error for every ``lang:``/``language:`` value that is no language
    tag (the schemas' pattern says less: ``validate`` leaves it to this)."""
    found = []
    for path, value in _lang_values(data):
        if problem := tag_problem(value):
            found.append(error(file, *doc.where(path), f"{path[-1]}: {problem}"))
    return found
