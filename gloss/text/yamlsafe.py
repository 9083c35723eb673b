"""A strict YAML reader for editors' files.

Reads YAML events (PyYAML's parser, the C one when present) and builds plain
Python data itself, so that:

* tags (``!!python/object``, ``!foo``), anchors and aliases are refused at the
  first one met (a "billion laughs" file fails at once, nothing is expanded);
* duplicate keys are errors;
* scalars follow the YAML 1.2 core schema: only ``true``/``false`` are
  booleans (``lang: no`` is the string "no"), dates stay strings;
* every value and key keeps its 1-based line and column, for error messages;
* nesting deeper than ``MAX_DEPTH`` is refused (no recursion error on
  ``[[[[…``), and so are escapes that make characters ``chars`` forbids
  (``"\\x01"``, ``"\\uFFFE"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from gloss.text.chars import FORBIDDEN, describe, position
from gloss.text.eastasian import unfold
from gloss.text.yamlerrors import YAML_LINES, explain

try:  # the C parser is much faster; the events are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the same interface, another class

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
MAX_DEPTH = 64  # lists and mappings inside each other; editors' files need a handful


@dataclass
class YamlDoc:
    """Plain data plus where each part of it was written."""

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path`` (of its key if ``key``), else of the
        nearest enclosing value that has one."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class YamlError(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def _pos(mark: Any, line_offset: int) -> tuple[int, int]:
    return (mark.line + 1 + line_offset, mark.column + 1)


def plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


class _Builder:
    def __init__(self, events: Any, line_offset: int, lines: list[str] | None = None) -> None:
        self.events = events
        self.offset = line_offset
        self.doc = YamlDoc(None)
        self.lines = lines or []

    def next(self) -> Any:
        return next(self.events)

    def refuse_extras(self, event: Any) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            line, col = _pos(event.start_mark, self.offset)
            raise YamlError(line, col, f"YAML anchors (&{anchor}) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None:
            line, col = _pos(event.start_mark, self.offset)
            raise YamlError(line, col, f"YAML tags ({tag}) are not allowed; quote the value if it is text")

    def text(self, event: Any) -> str:
        """A scalar's text (line breaks as \\n, as in files), refused when an escape
        made a forbidden character."""
        value = str(event.value)
        if "\r" in value:  # "\r\n" written as escapes, as JSON tools write Windows text
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if bad := FORBIDDEN.search(value):
            raise YamlError(
                *_pos(event.start_mark, self.offset),
                f"an escape in this value makes {describe(bad.group())}, which no page can show; remove it",
            )
        return value

    def node(self, event: Any, path: Path) -> Any:
        if isinstance(event, yaml.AliasEvent):
            line, col = _pos(event.start_mark, self.offset)
            raise YamlError(line, col, f"YAML aliases (*{event.anchor}) are not allowed; write the value out")
        self.refuse_extras(event)
        self.doc.values[path] = _pos(event.start_mark, self.offset)
        if isinstance(event, yaml.ScalarEvent):
            value = self.text(event)
            if not event.style:
                scalar = plain_scalar(value)
                return self.unfolded(event, scalar) if isinstance(scalar, str) else scalar
            return self.unfolded(event, value)
        if len(path) >= MAX_DEPTH:
            raise YamlError(
                *_pos(event.start_mark, self.offset),
                f"lists and mappings nested more than {MAX_DEPTH} deep; flatten the structure",
            )
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(ev := self.next(), yaml.SequenceEndEvent):
                items.append(self.node(ev, path + (len(items),)))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(path)
        raise YamlError(*_pos(event.start_mark, self.offset), "unexpected YAML structure")  # pragma: no cover

    def unfolded(self, event: Any, value: str) -> str:
        """A scalar written over several lines, without the spaces folding put
        between two CJK characters (``eastasian``); literal ``|`` blocks keep
        their line breaks and have no folds."""
        start, end = event.start_mark, event.end_mark
        if start.line == end.line or event.style == "|" or start.line >= len(self.lines):
            return value
        source = (
            self.lines[start.line : end.line] + [self.lines[end.line][: end.column]]
            if end.line < len(self.lines)
            else self.lines[start.line :]
        )
        source[0] = source[0][start.column :]
        return unfold(value, source)

    def mapping(self, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        while not isinstance(ev := self.next(), yaml.MappingEndEvent):
            if isinstance(ev, yaml.AliasEvent):
                self.node(ev, path)  # raises
            self.refuse_extras(ev)
            where = _pos(ev.start_mark, self.offset)
            if not isinstance(ev, yaml.ScalarEvent):
                raise YamlError(*where, "a mapping key must be plain text, not a list or mapping")
            key = plain_scalar(self.text(ev)) if not ev.style else self.text(ev)
            if not isinstance(key, str):
                key = ev.value
            if key in result:
                first = self.doc.keys[path + (key,)]
                raise YamlError(*where, f'duplicate key "{key}" (first written at line {first[0]})')
            self.doc.keys[path + (key,)] = where
            result[key] = self.node(self.next(), path + (key,))
        return result


def load(text: str, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; raise ``YamlError`` with a position."""
    try:
        events = iter(yaml.parse(text, Loader=_Loader))
        builder = _Builder(events, line_offset, YAML_LINES.split(text))
        next(events)  # StreamStart
        first = next(events)
        if isinstance(first, yaml.StreamEndEvent):
            return builder.doc  # empty file
        builder.doc.data = builder.node(next(events), ())
        next(events)  # DocumentEnd
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            raise YamlError(
                *_pos(extra.start_mark, line_offset), "only one YAML document is allowed (remove the extra ---)"
            )
        return builder.doc
    except yaml.MarkedYAMLError as exc:
        if said := explain(exc.problem or "", exc.context or "", exc.problem_mark, exc.context_mark, text):
            raise YamlError(said[0] + 1 + line_offset, said[1] + 1, f"YAML syntax error: {said[2]}") from None
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark, line_offset) if mark else (1 + line_offset, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        raise YamlError(line, col, f"YAML syntax error: {problem}{context}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (``read_text`` refuses them first)
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        at = text.find(char)
        line, col = position(text, at) if at >= 0 else (1, 1)
        raise YamlError(line + line_offset, col, f"{describe(char[:1] or ' ')} is not allowed in YAML") from None
    except yaml.YAMLError as exc:
        said_first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise YamlError(1 + line_offset, 1, f"YAML error: {said_first}") from None
