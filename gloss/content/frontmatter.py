"""What the front matter of ``index.md`` and ``original.md`` may hold: facts about the
source (YAML between ``---`` lines, as DESIGN.md says), checked against ``FRONT_SCHEMA``.
Other keys are not read; as Hugo, Jekyll or Eleventy front matter carries many, each is
a warning naming it, not an error, except a ``draft: true`` that would publish what the
editor held back (drafts are said in notes.yaml).
"""

from __future__ import annotations

from typing import Any

from gloss.content.config import LANG_PATTERN
from gloss.core.diagnostics import Diagnostic, error, suggest, warning
from gloss.text.validate import notes_schema
from gloss.text.yamlsafe import YamlDoc

FRONT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": True,  # (other keys: ``unread_keys``)
    "properties": {
        "title": {"type": "string"},
        "lang": {
            "type": "string",
            "pattern": LANG_PATTERN,
            "patternErrorMessage": "a language is a BCP 47 tag such as ja, zh-Hans or en",
        },
        "author": {"type": "string"},
        "url": {
            "type": "string",
            "pattern": r"^https?://\S+$",
            "patternErrorMessage": "a source URL starts with http:// or https://",
        },
        "publisher": {"type": "string"},
        "published": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "patternErrorMessage": "a date is written YYYY-MM-DD",
        },
        "date": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "patternErrorMessage": "a date is written YYYY-MM-DD",
        },
    },
}

FRONT_KEYS = frozenset(FRONT_SCHEMA["properties"])


def unread_keys(doc: YamlDoc, file: str) -> list[Diagnostic]:
    """What is said of each key of the front matter ``doc`` that gloss does not read there."""
    data = doc.data if isinstance(doc.data, dict) else {}
    unread = [k for k in data if k not in FRONT_KEYS]
    notes = set(notes_schema().get("properties", {})) if unread else set()
    found = []
    for key in unread:
        line, col = doc.where((key,), key=True)
        if key == "draft" and data[key] is True:
            found.append(
                error(
                    file,
                    line,
                    col,
                    "front matter: draft: true is read from notes.yaml only; here "
                    "it would be ignored and the article published: move it to notes.yaml",
                )
            )
        elif key in notes:
            found.append(
                warning(
                    file,
                    line,
                    col,
                    f'front matter: "{key}" is read from notes.yaml, not here; ignored (move it to notes.yaml)',
                )
            )
        else:
            known = suggest(str(key), FRONT_KEYS).split(";")[0]  # (the "did you mean", if any)
            found.append(
                warning(
                    file,
                    line,
                    col,
                    f'front matter: "{key}" is not read, so it is ignored{known}; '
                    f"gloss reads only {', '.join(sorted(FRONT_KEYS))} from front matter",
                )
            )
    return found
