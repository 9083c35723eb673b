"""Where each value of a notes.yaml is written, from start to end.

``yamlsafe`` records where each value starts; editing one (a code action,
a rename) needs where it ends too, and what it is (an anchor, a quote, a
tag…). This composes the YAML's nodes (PyYAML, the C parser when present,
whose marks count characters) and lists its text values with their spans
and paths as the notes model names them: ``("key_points", 0, "anchor")``,
``("toc", 1)`` for a short table-of-contents entry, ``("tags", 2)``. A file
that does not parse (mid-edit) has no values; callers fall back to the
line under the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import yaml

from gloss.content.notes import QUOTED_LISTS
from gloss.lsp.positions import Place, Span
from gloss.text.yamlsafe import Path

try:  # as yamlsafe: the C parser's marks are the same, in characters
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the same interface, another class

Role = Literal["anchor", "quote", "tag", "related", "other"]
ANCHOR_KEYS = ("anchor", "after", "within")


@dataclass(frozen=True)
class Scalar:
    path: Path
    value: str
    span: Span  # the value as written, quotes included
    style: str  # "" plain, '"', "'", "|", ">"
    key: Span | None  # its key as written (None: a list item)
    flow: bool  # inside a {…} mapping

    @property
    def role(self) -> Role:
        return role(self.path)

    @property
    def inner(self) -> Span:
        """The value's characters without its quotes (a one-line value)."""
        if self.style in ('"', "'") and self.span.start.line == self.span.end.line:
            return Span(
                Place(self.span.start.line, self.span.start.col + 1),
                Place(self.span.end.line, max(self.span.end.col - 1, self.span.start.col + 1)),
            )
        return self.span


def role(path: Path) -> Role:
    """What a value at ``path`` of the notes is, for the language server's features."""
    head, last = (path[0] if path else ""), (path[-1] if path else "")
    if head == "toc" and (len(path) == 2 or last == "anchor"):
        return "anchor"
    if head == "pairs" and len(path) == 3 and last in ("index", "original"):
        return "anchor"
    if head in QUOTED_LISTS and len(path) == 3 and last in ANCHOR_KEYS:
        return "anchor"
    if head in QUOTED_LISTS and len(path) == 3 and last == "quote":
        return "quote"
    if head in ("tags", "related") and len(path) == 2:
        return "tag" if head == "tags" else "related"
    return "other"


def _place(mark: yaml.Mark) -> Place:
    return Place(mark.line, mark.column)


def _walk(node: yaml.Node, path: Path, key: Span | None, flow: bool, found: list[Scalar]) -> None:
    if isinstance(node, yaml.ScalarNode):
        found.append(
            Scalar(
                path, str(node.value), Span(_place(node.start_mark), _place(node.end_mark)), node.style or "", key, flow
            )
        )
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), None, bool(node.flow_style), found)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                span = Span(_place(key_node.start_mark), _place(key_node.end_mark))
                _walk(value, path + (str(key_node.value),), span, bool(node.flow_style), found)


@lru_cache(maxsize=16)
def scalars(text: str) -> tuple[Scalar, ...] | None:
    """Every text value of a notes file with its path and span; None when it does not parse."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    found: list[Scalar] = []
    if root is not None:
        _walk(root, (), None, False, found)
    return tuple(found)


def at(text: str, place: Place) -> Scalar | None:
    """The value written at ``place`` (its end included)."""
    for scalar in scalars(text) or ():
        if scalar.span.holds(place):
            return scalar
    return None


def by_path(text: str, path: Path) -> Scalar | None:
    return next((s for s in scalars(text) or () if s.path == path), None)
