"""The notes model (gloss/content/notes.py) and the JSON Schema say the same, both ways;
every part of the notes keeps the position YamlDoc gave it; the records pickle
to the same bytes in every process."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

from gloss.content import notes as model
from gloss.content.notes import At, Item, Notes, Record, TocEntry, fields_of, unwrap
from gloss.text.validate import notes_schema, validate
from gloss.text.yamlsafe import load

EVERY_KEY = """\
title: "A title"
date: 2026-04-08
lang: ja
draft: false
summary: The *lede*.
tags: [one, two]
source: {url: "https://example.org/a", author: A, publisher: P, published: 2026-04-07, lang: en, title: T}
key_points:
  - title: First
    text: One sentence with [a link](other).
    anchor: "#intro"
  - title: Second
    quote: "some words"
    prefix: "before "
    suffix: " after"
    within: "original#part"
    quote_end: "end"
    doc: original
impact:
  analysis: |
    Analysis.
  editorial: Comment.
toc:
  - "#intro"
  - {anchor: "original#part", label: Part}
takeaways:
  - {after: "#table-1", text: "Takeaway."}
  - text: Quoted.
    quote: words
faq:
  - {q: Why?, a: "Because."}
highlights:
  - {quote: "the methods", doc: original, note: "Sharp."}
  - quote: other words
related: [other]
pairs:
  - {index: "#intro", original: "original#part"}
"""


def _schema_of(schema: dict[str, Any], kind: Any) -> None:
    """``kind`` (a record class, or a field's type) agrees with ``schema``."""
    kind, _ = unwrap(kind)
    if typing.get_origin(kind) is tuple:
        assert schema["type"] == "array"
        _schema_of(schema["items"], typing.get_args(kind)[0])
    elif kind is Item:
        assert schema["type"] == "string"
    elif kind is TocEntry:  # "#id" or {anchor:, label:}
        short, full = schema["oneOf"]
        assert short["type"] == "string" and short["pattern"] == full["properties"][TocEntry.SHORTHAND]["pattern"]
        _record(full, kind)
    elif isinstance(kind, type) and issubclass(kind, Record):
        _record(schema, kind)
    elif typing.get_origin(kind) is typing.Literal:
        assert schema["enum"] == list(typing.get_args(kind))
    else:
        assert schema["type"] == {str: "string", bool: "boolean"}[kind], (kind, schema)


def _record(schema: dict[str, Any], cls: type[Record]) -> None:
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    fields = {spec.name: (spec, kind) for spec, kind in fields_of(cls)}
    assert set(fields) == set(schema["properties"]), cls.__name__
    required = {
        name
        for name, (spec, _) in fields.items()
        if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
    }
    assert required == set(schema.get("required", [])), cls.__name__
    for name, (spec, kind) in fields.items():
        _schema_of(schema["properties"][name], kind)
        described = schema["properties"][name].get("description", "")
        if "markdown" in spec.metadata:  # the schema tells editors which fields are Markdown
            assert "Markdown" in described, (cls.__name__, name)


def test_model_and_schema_declare_the_same_keys() -> None:
    _record(notes_schema(), Notes)


def test_records_hold_no_sets_or_dicts() -> None:
    def check(kind: Any) -> None:
        kind, _ = unwrap(kind)
        origin = typing.get_origin(kind)
        assert origin not in (set, frozenset, dict, list) and kind not in (set, frozenset, dict, list), kind
        if origin is tuple:
            check(typing.get_args(kind)[0])
        elif isinstance(kind, type) and issubclass(kind, Record):
            for _, inner in fields_of(kind):
                check(inner)

    check(Notes)


def _locate(notes: Notes, path: tuple[str | int, ...]) -> At | None:
    """Where the model says ``path`` was written (None: the model does not keep it)."""
    parent: Any = None
    here: Any = notes
    for part in path:
        parent = here
        if isinstance(part, int):
            here = here[part]
        elif isinstance(here, Record) and part in {spec.name for spec, _ in fields_of(type(here))}:
            here = getattr(here, part)
        else:
            return None
    if isinstance(here, Record):
        return here.at
    assert isinstance(parent, Record), path
    return parent.where(str(path[-1]))


def _every_notes() -> list[Path]:
    return sorted((ROOT / "content").rglob("notes.yaml")) + sorted(FIXTURES.rglob("notes.yaml"))


@pytest.mark.parametrize("text", [EVERY_KEY] + [p.read_text(encoding="utf-8") for p in _every_notes()])
def test_every_position_is_the_one_yaml_gave(text: str) -> None:
    doc = load(text)
    assert not [d for d in validate(doc.data, notes_schema(), doc, "notes.yaml") if d.severity == "error"]
    notes = Notes.from_yaml(doc)
    for path in doc.values:
        found = _locate(notes, path)
        if found is not None:
            assert found == doc.where(path), path
    # and where a field was not written, its record's place, as YamlDoc falls back to it
    for path, item in notes.quoted():
        for name in ("doc", "within", "quote"):
            assert item.where(name) == doc.where(path + (name,))


def test_every_key_is_read() -> None:
    notes = Notes.from_yaml(load(EVERY_KEY))
    assert notes.tag_names == ("one", "two") and notes.related_slugs == ("other",)
    assert notes.key_points[1].document == "original" and notes.key_points[0].document == "index"
    assert notes.toc[0] == TocEntry(anchor="#intro", at=At(24, 5))  # the short form: the anchor at the item
    assert notes.toc[1].label == "Part" and notes.pairs is not None and notes.pairs[0].original == "original#part"
    assert notes.source is not None and notes.source.published == "2026-04-07"
    assert [path for path, *_ in notes.markdown()] == [
        ("summary",),
        ("key_points", 0, "text"),
        ("impact", "analysis"),
        ("impact", "editorial"),
        ("takeaways", 0, "text"),
        ("takeaways", 1, "text"),
        ("faq", 0, "a"),
        ("highlights", 0, "note"),
    ]
    assert Notes.from_yaml(load("pairs: []\n")).pairs == () and Notes().pairs is None


def test_unknown_keys_are_left_out() -> None:
    assert Notes.from_yaml(load("date: 2026-01-01\nsumary: typo\n")) == Notes.from_yaml(load("date: 2026-01-01\n#\n"))


PICKLE = """
import hashlib, pickle, sys
from gloss.content.notes import Notes
from gloss.text.yamlsafe import load
sys.stdout.write(hashlib.sha256(pickle.dumps(Notes.from_yaml(load(sys.stdin.read())), protocol=5)).hexdigest())
"""


def test_pickled_the_same_in_every_process() -> None:
    here = hashlib.sha256(pickle.dumps(Notes.from_yaml(load(EVERY_KEY)), protocol=5)).hexdigest()
    for seed in ("0", "1"):
        other = subprocess.run(
            [sys.executable, "-c", PICKLE],
            input=EVERY_KEY,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            cwd=ROOT,
        ).stdout
        assert other == here
    assert pickle.loads(pickle.dumps(Notes.from_yaml(load(EVERY_KEY)))) == Notes.from_yaml(load(EVERY_KEY))


def test_every_record_class_is_part_of_the_notes() -> None:
    reached: set[type] = set()

    def walk(kind: Any) -> None:
        kind, _ = unwrap(kind)
        if typing.get_origin(kind) is tuple:
            walk(typing.get_args(kind)[0])
        elif isinstance(kind, type) and issubclass(kind, Record):
            reached.add(kind)
            for _, inner in fields_of(kind):
                walk(inner)

    walk(Notes)
    declared = {cls for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, Record)}
    assert declared - reached == {Record, model.Quoted}
