"""The notes model: ``notes.yaml`` as typed, frozen records, declared once.

Every key an editor may write is a field here, named as in the file; the
JSON Schema (``notes.schema.json``, for editors' YAML tooling and for
validation) is checked against these declarations by a test, both ways
(``tests/test_notes_model.py``). ``Notes.from_yaml`` reads a validated
``YamlDoc`` once; no other module reads the raw data.

Each record keeps where it was written (``at``) and where each of its fields
was (``places``), so every diagnostic names the line and column it always
did: ``record.where("anchor")`` is the anchor's place, or the record's own
when no anchor was written (as ``YamlDoc.where`` falls back to the enclosing
value).

Records hold only tuples, strings, numbers and ``None`` (no sets, no dicts):
they are pickled into the caches and must pickle to the same bytes in every
process. Keys the schema does not know are left out (validation warns about
them). Markdown fields say so in their metadata (``INLINE`` or ``BLOCK``);
``Notes.markdown`` lists them for the parse stage.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, NamedTuple

from gloss.text.yamlsafe import Path, YamlDoc

INLINE = {"markdown": "inline"}  # a field holding inline Markdown (one paragraph's worth)
BLOCK = {"markdown": "block"}  # a field holding block Markdown (paragraphs, lists…)
Doc = Literal["index", "original"]


class At(NamedTuple):
    """1-based line and column in notes.yaml."""

    line: int
    col: int


Places = tuple[tuple[str, At], ...]


@dataclass(frozen=True, kw_only=True)
class Record:
    """A mapping (or list item) of notes.yaml: where it was written, and where each
    field given was."""

    SHORTHAND: typing.ClassVar[str] = ""  # the field a plain string gives ("" : none may)
    at: At = At(1, 1)
    places: Places = field(default=(), repr=False)

    def where(self, name: str = "") -> At:
        """Where the field ``name`` was written; this record's own place when it was not."""
        for key, at in self.places:
            if key == name:
                return at
        return self.at


@dataclass(frozen=True, kw_only=True)
class Item(Record):
    """A string in a list (a tag, a related slug), and where it was written."""

    value: str


@dataclass(frozen=True, kw_only=True)
class Source(Record):
    """``source:``, the source document (over index.md's front matter)."""

    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    lang: str | None = None
    title: str | None = None


@dataclass(frozen=True, kw_only=True)
class Quoted(Record):
    """The W3C ``TextQuoteSelector`` fields shared by key points, takeaways and highlights."""

    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    within: str | None = None  # "#id" / "original#id": search only that section
    quote_end: str | None = None
    doc: Doc | None = None  # which document the quote is in (None: index)

    @property
    def document(self) -> Doc:
        return self.doc or "index"


@dataclass(frozen=True, kw_only=True)
class KeyPoint(Quoted):
    title: str
    text: str | None = field(default=None, metadata=INLINE)
    anchor: str | None = None
    lang: str | None = None  # its own language, when not the article's


@dataclass(frozen=True, kw_only=True)
class Impact(Record):
    analysis: str | None = field(default=None, metadata=BLOCK)
    editorial: str | None = field(default=None, metadata=BLOCK)


@dataclass(frozen=True, kw_only=True)
class TocEntry(Record):
    """A curated table-of-contents entry: ``"#id"``, or ``{anchor:, label:}``."""

    SHORTHAND: typing.ClassVar[str] = "anchor"  # the field a plain string gives
    anchor: str
    label: str | None = None


@dataclass(frozen=True, kw_only=True)
class Takeaway(Quoted):
    after: str | None = None
    text: str = field(metadata=INLINE)


@dataclass(frozen=True, kw_only=True)
class FaqEntry(Record):
    q: str
    a: str = field(metadata=BLOCK)
    lang: str | None = None  # its own language, when not the article's


@dataclass(frozen=True, kw_only=True)
class Highlight(Quoted):
    quote: str = field()  # required here (``field()``: not the inherited default)
    note: str | None = field(default=None, metadata=INLINE)


@dataclass(frozen=True, kw_only=True)
class Pair(Record):
    """``pairs:``: a section of the translation and its counterpart in the original."""

    index: str
    original: str


@dataclass(frozen=True, kw_only=True)
class Notes(Record):
    """A bundle's notes.yaml (every key optional; an absent file is ``Notes()``)."""

    title: str | None = None
    title_lang: str | None = None  # the title's own language, when not the article's
    date: str | None = None
    lang: str | None = None
    draft: bool = False
    summary: str | None = field(default=None, metadata=INLINE)
    tags: tuple[Item, ...] = ()
    source: Source | None = None
    key_points: tuple[KeyPoint, ...] = ()
    impact: Impact | None = None
    toc: tuple[TocEntry, ...] = ()
    takeaways: tuple[Takeaway, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    highlights: tuple[Highlight, ...] = ()
    related: tuple[Item, ...] = ()
    pairs: tuple[Pair, ...] | None = None  # None: headings paired in order; () pairs none

    @classmethod
    def from_yaml(cls, doc: YamlDoc) -> Notes:
        """The notes of a schema-valid ``doc`` (unknown keys left out)."""
        notes: Notes = _build(cls, doc.data or {}, (), doc)
        return notes

    @property
    def tag_names(self) -> tuple[str, ...]:
        return tuple(item.value for item in self.tags)

    @property
    def related_slugs(self) -> tuple[str, ...]:
        return tuple(item.value for item in self.related)

    def quoted(self) -> Iterator[tuple[Path, Quoted]]:
        """Every item that may quote a passage, with its (list, index), in file order by list."""
        for name in QUOTED_LISTS:
            for i, item in enumerate(getattr(self, name)):
                yield (name, i), item

    def markdown(self) -> Iterator[tuple[Path, str, bool, At]]:
        """Every Markdown field written: (path, text, inline?, where), field by field."""
        yield from _markdown(self, ())


QUOTED_LISTS = ("key_points", "takeaways", "highlights")


@cache
def fields_of(cls: type[Record]) -> tuple[tuple[dataclasses.Field[Any], Any], ...]:
    """The notes keys of a record class (not ``at``/``places``), each with its resolved type."""
    hints = typing.get_type_hints(cls)
    return tuple((f, hints[f.name]) for f in dataclasses.fields(cls) if f.name not in ("at", "places"))


def unwrap(kind: Any) -> tuple[Any, bool]:
    """``kind`` without ``| None``, and whether it allowed None."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(kind))
    return kind, False


def _value(kind: Any, data: Any, path: Path, doc: YamlDoc) -> Any:
    kind, _ = unwrap(kind)
    if typing.get_origin(kind) is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_value(item, value, path + (i,), doc) for i, value in enumerate(data))
    if isinstance(kind, type) and issubclass(kind, Record):
        return _build(kind, data, path, doc)
    return data


def _build(cls: type[Record], data: Any, path: Path, doc: YamlDoc) -> Any:
    at = At(*doc.where(path))
    if cls is Item:
        return Item(value=data, at=at)
    if isinstance(data, str):  # the short form of a record: its one field, at the record's place
        short: dict[str, Any] = {cls.SHORTHAND: data}
        return cls(at=at, **short)
    values: dict[str, Any] = {}
    places: list[tuple[str, At]] = []
    for spec, kind in fields_of(cls):  # type: ignore[arg-type]  # a class is hashable (mypy takes Record's __hash__ for the class's)
        if spec.name in data:
            values[spec.name] = _value(kind, data[spec.name], path + (spec.name,), doc)
            places.append((spec.name, At(*doc.where(path + (spec.name,)))))
    return cls(at=at, places=tuple(places), **values)


def _markdown(record: Record, path: Path) -> Iterator[tuple[Path, str, bool, At]]:
    for spec, _ in fields_of(type(record)):  # type: ignore[arg-type]  # as in _build
        value = getattr(record, spec.name)
        if "markdown" in spec.metadata and isinstance(value, str):
            yield path + (spec.name,), value, spec.metadata["markdown"] == "inline", record.where(spec.name)
        elif isinstance(value, Record):
            yield from _markdown(value, path + (spec.name,))
        elif isinstance(value, tuple) and value and isinstance(value[0], Record):
            for i, item in enumerate(value):
                yield from _markdown(item, path + (spec.name, i))
