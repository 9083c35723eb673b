"""Editing ``notes.yaml`` in place: add, change or delete one highlight, key point
or takeaway, and leave every other byte of the file as it was.

The edits are made on the text, at the places PyYAML's composer reports for each
node (``Mark.index``: characters into the text), never by dumping data again:
comments, key order, quoting, flow or block style, blank lines, line endings
(``\\r\\n`` kept) and a byte-order mark stay, and the entries not edited are not
touched at all. New values of several lines are written as literal blocks
(``note: |-``), others as ``gloss.text.quoting.yaml_string`` writes quotes
(``doc: original`` plain); a new entry takes the style of its
siblings (a flow mapping among flow mappings, ``- `` at their indentation).

Each edit is checked: the edited text is read again (``yamlsafe``) and must give
the data read before with exactly this change made, else ``EditError``; so a
construction this module does not handle is refused, never written wrong.
Deleting the last entry of a block list deletes its key too (``highlights:`` with
nothing under it is not a list, and ``check`` would refuse it)."""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Mapping
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gloss.text.quoting import yaml_string
from gloss.text.yamlsafe import YamlError, load

try:  # the parser yamlsafe reads with
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the same interface, another class

# The fields a new entry of each kind may carry, in the order they are written.
FIELDS = {
    "highlights": ("quote", "prefix", "suffix", "doc", "note"),
    "key_points": ("title", "quote", "prefix", "suffix", "doc", "text"),
    "takeaways": ("quote", "prefix", "suffix", "doc", "text"),
}
EDITABLE = {"highlights": ("note",), "key_points": ("title", "text"), "takeaways": ("text",)}
REQUIRED = {"highlights": ("quote",), "key_points": ("title",), "takeaways": ("text",)}


class EditError(Exception):
    """An edit that cannot be made (the message says why, to the editor)."""


def _compose(text: str) -> Node | None:
    """The node tree, each node with its place (libyaml's parser, as ``yamlsafe`` reads the
    file: PyYAML's own ends a plain scalar at "?" in a flow mapping, libyaml does not)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise EditError(f"notes.yaml is not valid YAML: {exc}") from None
    if isinstance(root, MappingNode):  # the marks must count characters, as str indices do
        key = root.value[-1][0]
        if not key.style and not text.startswith(key.value, key.start_mark.index):
            raise EditError("this YAML library reports places that cannot be edited in place")
    return root


def _data(text: str) -> dict[str, Any]:
    try:
        data = load(text).data
    except YamlError as exc:
        raise EditError(f"notes.yaml:{exc.line}:{exc.col}: {exc.message}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise EditError("notes.yaml is not a mapping of keys")
    return data


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _after_line(text: str, at: int) -> int:
    """Where the line holding ``at`` ends: just past its line break (or the end of the text)."""
    found = text.find("\n", at)
    return len(text) if found < 0 else found + 1


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _leaf_end(text: str, node: Node) -> int:
    """Where a node's last written character is (a block collection's own end mark lies
    past the blank lines and comments that follow it; a block scalar's past its line break)."""
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _leaf_end(text, last[1] if isinstance(node, MappingNode) else last)
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        return start + len(text[start:end].rstrip(" \t\r\n"))
    return int(end)


def _scalar(name: str, value: str) -> str:
    return value if name == "doc" and value in ("index", "original") else yaml_string(value)


def _literal(value: str, indent: int, newline: str) -> str | None:
    """A value of several lines (a note of paragraphs) as a literal block scalar, its lines
    ``indent`` spaces in, as an editor writes it; None when it is one line or a literal
    block could not give it back exactly (then ``yaml_string``)."""
    body = value[:-1] if value.endswith("\n") else value
    lines = body.split("\n")
    if len(lines) < 2 or value.startswith((" ", "\t", "\n")) or body.endswith("\n"):
        return None
    if any(line.strip(" \t") == "" and line for line in lines):
        return None  # a line of spaces only would come back empty
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\t" for line in lines for c in line):
        return None
    chomp = "" if value.endswith("\n") else "-"
    return "|" + chomp + "".join(newline + (" " * indent + line if line else "") for line in lines)


def _pair(root: Node | None, key: str) -> tuple[Node, Node] | None:
    if not isinstance(root, MappingNode):
        return None
    for k, v in root.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and not node.style and node.value in ("", "~", "null", "Null", "NULL")


def _entries(root: Node | None, kind: str) -> SequenceNode:
    found = _pair(root, kind)
    if found is None or not isinstance(found[1], SequenceNode):
        raise EditError(f"notes.yaml has no {kind}: list")
    return found[1]


def _block_indent(root: MappingNode) -> tuple[int, int]:
    """How this file writes a list under a key: (the dashes' indentation past the key,
    the spaces after a dash); (2, 1) when it has no block list to go by."""
    for k, v in root.value:
        if isinstance(v, SequenceNode) and not v.flow_style and v.value:
            dash, item = v.start_mark, v.value[0].start_mark
            gap = item.column - dash.column - 1 if item.line == dash.line else 1
            return max(dash.column - k.start_mark.column, 0), max(gap, 1)
    return 2, 1


def _block_item(entry: Mapping[str, str], kind: str, dash: int, gap: int, newline: str) -> str:
    col = dash + 1 + gap
    lines = [
        f"{name}: {_literal(entry[name], col + 2, newline) or _scalar(name, entry[name])}"
        for name in FIELDS[kind]
        if entry.get(name)
    ]
    first = " " * dash + "-" + " " * gap + lines[0]
    return "".join(line + newline for line in [first, *(" " * (dash + 1 + gap) + line for line in lines[1:])])


def _flow_item(entry: Mapping[str, str], kind: str) -> str:
    return "{" + ", ".join(f"{name}: {_scalar(name, entry[name])}" for name in FIELDS[kind] if entry.get(name)) + "}"


def _insert_key(text: str, root: Node | None, kind: str, entry: Mapping[str, str]) -> str:
    """``kind:`` with its first entry, at the end of the file (after its last line)."""
    newline = _newline(text)
    if root is None:
        key_col, (indent, gap) = 0, (2, 1)
    elif isinstance(root, MappingNode) and not root.flow_style:
        key_col, (indent, gap) = root.start_mark.column, _block_indent(root)
    else:
        raise EditError("notes.yaml is not a block mapping of keys; add the first entry by hand")
    head = "" if not text or text.endswith("\n") else newline
    item = _block_item(entry, kind, key_col + indent, gap, newline)
    return text + head + " " * key_col + f"{kind}:" + newline + item


def _append_block(text: str, entries: SequenceNode, kind: str, entry: Mapping[str, str]) -> str:
    last = entries.value[-1]
    dash = entries.start_mark.column
    at = _after_line(text, _leaf_end(text, last))
    head = "" if text[:at].endswith("\n") else _newline(text)
    gap = max(last.start_mark.column - dash - 1 if last.start_mark.line == _dash_line(text, last) else 1, 1)
    if isinstance(last, MappingNode) and last.flow_style:
        item = " " * dash + "-" + " " * gap + _flow_item(entry, kind) + _newline(text)
    else:
        item = _block_item(entry, kind, dash, gap, _newline(text))
    return text[:at] + head + item + text[at:]


def _dash_line(text: str, item: Node) -> int:
    """The line (0-based) of the dash that opens a block list's item."""
    return int(text.count("\n", 0, text.rfind("-", 0, item.start_mark.index)))


def _append_flow(text: str, entries: SequenceNode, kind: str, entry: Mapping[str, str]) -> str:
    if entries.value:
        at = entries.value[-1].end_mark.index
        return text[:at] + ", " + _flow_item(entry, kind) + text[at:]
    at = text.index("[", entries.start_mark.index) + 1
    return text[:at] + _flow_item(entry, kind) + text[at:]


def _fill_empty(text: str, root: MappingNode, key: Node, value: Node, kind: str, entry: Mapping[str, str]) -> str:
    """``kind:`` given with no value (or null): its first entry under it."""
    lead = value.start_mark.index
    while lead > key.end_mark.index + 1 and text[lead - 1] in " \t":
        lead -= 1
    tail = value.end_mark.index
    at = _after_line(text, tail)
    indent, gap = _block_indent(root)
    newline = _newline(text)
    head = "" if text[:at].endswith("\n") else newline
    item = _block_item(entry, kind, key.start_mark.column + indent, gap, newline)
    return text[:lead] + text[tail:at] + head + item + text[at:]


def _checked(new: str, expected: dict[str, Any]) -> str:
    if _data(new) != expected:
        raise EditError("this notes.yaml cannot be edited in place here (its layout is unusual); edit it by hand")
    return new


def add_entry(text: str, kind: str, entry: Mapping[str, str]) -> str:
    """``text`` with ``entry`` appended to the ``kind`` list (made when missing)."""
    if kind not in FIELDS:
        raise EditError(f"unknown kind of entry: {kind}")
    unknown = set(entry) - set(FIELDS[kind])
    if unknown:
        raise EditError(f"a {kind} entry has no {', '.join(sorted(unknown))}")
    if missing := [name for name in REQUIRED[kind] if not entry.get(name)]:
        raise EditError(f"a {kind} entry needs {', '.join(missing)}")
    expected = copy.deepcopy(_data(text))
    values = {name: entry[name] for name in FIELDS[kind] if entry.get(name)}
    if not isinstance(expected.get(kind) or [], list):
        raise EditError(f"{kind}: is not a list")
    expected[kind] = [*(expected.get(kind) or []), values]
    root = _compose(text)
    found = _pair(root, kind)
    if found is None:
        return _checked(_insert_key(text, root, kind, values), expected)
    key, value = found
    assert isinstance(root, MappingNode)
    if _is_null(value):
        return _checked(_fill_empty(text, root, key, value, kind, values), expected)
    if not isinstance(value, SequenceNode):
        raise EditError(f"{kind}: is not a list")
    if value.flow_style:
        return _checked(_append_flow(text, value, kind, values), expected)
    return _checked(_append_block(text, value, kind, values), expected)


def _entry(text: str, kind: str, index: int) -> tuple[SequenceNode, MappingNode]:
    entries = _entries(_compose(text), kind)
    if not 0 <= index < len(entries.value):
        raise EditError(f"notes.yaml has no {kind} entry {index + 1} (it has {len(entries.value)})")
    item = entries.value[index]
    if not isinstance(item, MappingNode):
        raise EditError(f"{kind} entry {index + 1} is not a mapping")
    return entries, item


def _set_field(text: str, item: MappingNode, name: str, value: str) -> str:
    """``name: value`` in an entry: its value replaced, or the pair added after the last."""
    for k, v in item.value:
        if isinstance(k, ScalarNode) and k.value == name:
            start, end = v.start_mark.index, _leaf_end(text, v)
            block = None if item.flow_style else _literal(value, k.start_mark.column + 2, _newline(text))
            return text[:start] + (block or _scalar(name, value)) + text[end:]
    last = item.value[-1][1]
    if item.flow_style:
        at = last.end_mark.index
        return text[:at] + f", {name}: {_scalar(name, value)}" + text[at:]
    at = _after_line(text, _leaf_end(text, last))
    head = "" if text[:at].endswith("\n") else _newline(text)
    block = _literal(value, item.start_mark.column + 2, _newline(text))
    line = " " * item.start_mark.column + f"{name}: {block or _scalar(name, value)}" + _newline(text)
    return text[:at] + head + line + text[at:]


def _drop_field(text: str, item: MappingNode, name: str) -> str:
    """An entry without ``name:`` (its line(s), or its part of a flow mapping)."""
    pairs = item.value
    j = next((j for j, (k, _) in enumerate(pairs) if isinstance(k, ScalarNode) and k.value == name), None)
    if j is None:
        return text
    if len(pairs) == 1:
        raise EditError(f"{name} is the entry's only field")
    if j < len(pairs) - 1:
        start, end = pairs[j][0].start_mark.index, pairs[j + 1][0].start_mark.index
    elif item.flow_style:
        start, end = pairs[j - 1][1].end_mark.index, pairs[j][1].end_mark.index
    else:
        start = _after_line(text, _leaf_end(text, pairs[j - 1][1]))
        end = _after_line(text, _leaf_end(text, pairs[j][1]))
    return text[:start] + text[end:]


def edit_entry(text: str, kind: str, index: int, values: Mapping[str, str]) -> str:
    """``text`` with the fields ``values`` names set in entry ``index`` of ``kind``; an
    empty value takes an optional field out."""
    if kind not in EDITABLE:
        raise EditError(f"unknown kind of entry: {kind}")
    if unknown := set(values) - set(EDITABLE[kind]):
        raise EditError(f"the {', '.join(sorted(unknown))} of a {kind} entry cannot be edited here")
    if cleared := [name for name in REQUIRED[kind] if name in values and not values[name]]:
        raise EditError(f"a {kind} entry needs {', '.join(cleared)}")
    expected = copy.deepcopy(_data(text))
    if not isinstance(expected.get(kind), list) or not 0 <= index < len(expected[kind]):
        raise EditError(f"notes.yaml has no {kind} entry {index + 1}")
    new = text
    for name in EDITABLE[kind]:
        if name not in values:
            continue
        _, item = _entry(new, kind, index)
        if values[name]:
            expected[kind][index][name] = values[name]
            new = _set_field(new, item, name, values[name])
        else:
            expected[kind][index].pop(name, None)
            new = _drop_field(new, item, name)
    return _checked(new, expected)


def delete_entry(text: str, kind: str, index: int) -> str:
    """``text`` without entry ``index`` of ``kind`` (and without ``kind:`` when it was
    the last entry of a block list)."""
    if kind not in FIELDS:
        raise EditError(f"unknown kind of entry: {kind}")
    expected = copy.deepcopy(_data(text))
    entries, item = _entry(text, kind, index)
    del expected[kind][index]
    items = entries.value
    if entries.flow_style:
        if index < len(items) - 1:
            start, end = item.start_mark.index, items[index + 1].start_mark.index
        elif index:
            start, end = items[index - 1].end_mark.index, item.end_mark.index
        else:
            start, end = item.start_mark.index, item.end_mark.index
        return _checked(text[:start] + text[end:], expected)
    start = _line_start(text, text.rfind("-", 0, item.start_mark.index))
    end = _after_line(text, _leaf_end(text, item))
    new = text[:start] + text[end:]
    if len(items) == 1:
        key = _pair(_compose(text), kind)
        assert key is not None
        line = _line_start(text, key[0].start_mark.index)
        new = new[:line] + new[_after_line(new, line) :]
        del expected[kind]
    return _checked(new, expected)
