"""What is being typed at the cursor of a notes.yaml, read from the lines alone.

Mid-edit a notes file often does not parse (an unclosed quote, a key without
its value yet), so completion does not ask the YAML parser: the text before
the cursor on its line says what is typed (a value after ``anchor:``, an item
of a list, a key), and the lines above it, by their indentation, say which
keys it is under (``key_points`` for a key of a key point's item). The
schema (``notes.schema.json``) then says which keys and values fit there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from gloss.text.validate import notes_schema

What = Literal["anchor", "tag", "related", "key", "value", "link", ""]
_KEY_LINE = re.compile(r"^(-\s+)?([\w-]+)\s*:")
_SCALAR_KEY = re.compile(r"(?:^|[\s{,])([\w-]+)\s*:\s*([\"']?)([^\"'\s,{}\[\]]*)$")
_FLOW_ITEM = re.compile(r"(?:^|[\s{,])([\w-]+)\s*:\s*\[(?:[^\]]*,)?\s*([\"']?)([^\"',\[\]]*)$")
_BLOCK_ITEM = re.compile(r"^\s*-\s+([\"']?)([^\"']*)$")
_KEY = re.compile(r"^(\s*)(-\s+)?([\w-]*)$")
_LINK = re.compile(r"\]\(<?([^()\s<>]*)$")
ANCHOR_KEYS = ("anchor", "after", "within", "index", "original")
LISTS: dict[str, What] = {"toc": "anchor", "tags": "tag", "related": "related"}


@dataclass(frozen=True)
class Typed:
    """What the cursor is in: its kind, the keys above it, the key it is the value of,
    the quote it was opened with, and what was typed of it so far."""

    what: What
    parents: tuple[str, ...]
    key: str = ""
    quote: str = ""
    typed: str = ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def parents(lines: list[str], number: int) -> tuple[str, ...]:
    """The keys above line ``number``, outermost first (list items' indices left out)."""
    line = lines[number] if number < len(lines) else ""
    target = _indent(line) if line.strip() else len(line)
    dash = line.lstrip().startswith("-")
    found: list[str] = []
    for above in range(number - 1, -1, -1):
        text = lines[above]
        stripped = text.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        indent = _indent(text)
        match = _KEY_LINE.match(stripped)
        if indent < target or (
            dash and indent == target and match and not match.group(1) and not stripped.startswith("-")
        ):
            if match and not match.group(1):
                found.insert(0, match.group(2))
            target, dash = indent, stripped.startswith("-")
            if indent == 0 and not dash:
                break
    return tuple(found)


def typed_at(lines: list[str], number: int, col: int) -> Typed:
    """What is typed at column ``col`` of line ``number`` (see the module's docstring)."""
    before = (lines[number] if number < len(lines) else "")[:col]
    if link := _LINK.search(before):
        return Typed("link", (), typed=link.group(1))
    above = parents(lines, number)
    if flow := _FLOW_ITEM.search(before):
        kind = LISTS.get(flow.group(1), "")
        return Typed(kind, above + (flow.group(1),), flow.group(1), flow.group(2), flow.group(3))
    if item := _BLOCK_ITEM.match(before):
        if above and above[-1] in LISTS and ":" not in item.group(2):
            return Typed(LISTS[above[-1]], above, above[-1], item.group(1), item.group(2))
    if scalar := _SCALAR_KEY.search(before):
        key = scalar.group(1)
        return Typed("anchor" if key in ANCHOR_KEYS else "value", above, key, scalar.group(2), scalar.group(3))
    if key := _KEY.match(before):
        return Typed("key", above, typed=key.group(3))
    return Typed("", above)


def schema_at(keys: tuple[str, ...]) -> dict[str, Any]:
    """The schema of the mapping under ``keys`` (lists stepped into; of alternatives, the mapping)."""
    schema: dict[str, Any] = notes_schema()
    for key in keys:
        schema = schema.get("properties", {}).get(key, {})
        if schema.get("type") == "array":
            schema = schema.get("items", {})
        for choice in schema.get("oneOf", []) + schema.get("anyOf", []):
            if choice.get("type") == "object":
                schema = choice
    return schema


def keys_at(keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """The keys the schema allows under ``keys``, each with its description."""
    properties = schema_at(keys).get("properties", {})
    return [(name, str(spec.get("description", ""))) for name, spec in properties.items()]


def values_of(keys: tuple[str, ...], key: str) -> list[str]:
    """The values the schema enumerates for ``key`` under ``keys`` (booleans: true, false)."""
    spec = schema_at(keys).get("properties", {}).get(key, {})
    if "enum" in spec:
        return [str(value) for value in spec["enum"]]
    return ["true", "false"] if spec.get("type") == "boolean" else []
