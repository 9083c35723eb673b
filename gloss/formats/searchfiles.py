"""Pagefind's files made the same for the same pages.

Pagefind writes each language's filters (``filter/<lang>_<hash>.pf_filter``)
and the list of them in the language's metadata (``pagefind.<lang>_<hash>.pf_meta``)
in the order of a Rust hash map, which changes from run to run; the file names
are hashes of the contents, so two builds of the same pages differed in six
files and three names. Here the values of each filter and the filters of each
language are put in order, and the files renamed after their new contents
(the names are only looked up, through the metadata and the entry file, never
checked against the contents).

Both kinds of file are gzip'd CBOR after the signature ``pagefind_dcd``:
a filter is ``[name, [[value, [page numbers]], …]]``; the metadata is
``[version, pages, index chunks, [[filter name, file hash], …], sorts, meta fields]``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
FILTERS = "filter/"
META = "pagefind."


def canonical(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The shard's files (paths inside it, bytes) with filters and metadata in order
    and renamed after their contents, and the entry file naming the new metadata."""
    renamed: dict[str, str] = {}
    kept: list[tuple[str, bytes]] = []
    filters: list[tuple[str, bytes]] = []
    metas: list[tuple[str, bytes]] = []
    entry = b""
    for path, data in files:
        if path.startswith(FILTERS) and path.endswith(".pf_filter"):
            filters.append((path, data))
        elif path.startswith(META) and path.endswith(".pf_meta"):
            metas.append((path, data))
        elif path == "pagefind-entry.json":
            entry = data
        else:
            kept.append((path, data))
    for path, data in filters:
        name, values = _decode(data)
        old = path.removeprefix(FILTERS).removesuffix(".pf_filter")
        packed = _encode([name, sorted(values, key=lambda v: v[0])])
        renamed[old] = _name(old, packed, 7)
        kept.append((f"{FILTERS}{renamed[old]}.pf_filter", packed))
    for path, data in metas:
        meta = _decode(data)
        meta[3] = sorted([name, renamed.get(file, file)] for name, file in meta[3])
        old = path.removeprefix(META).removesuffix(".pf_meta")
        packed = _encode(meta)
        renamed[old] = _name(old, packed, 10)
        kept.append((f"{META}{renamed[old]}.pf_meta", packed))
    if entry:
        kept.append(("pagefind-entry.json", _entry(entry, renamed)))
    return sorted(kept)


def _decode(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _name(old: str, packed: bytes, size: int) -> str:
    """``<lang>_<hash>``: the language as Pagefind named it, the hash of the new bytes."""
    lang = old.rsplit("_", 1)[0]
    return f"{lang}_{hashlib.sha256(packed).hexdigest()[:size]}"


def _entry(data: bytes, renamed: dict[str, str]) -> bytes:
    """The entry file with the new metadata names and its languages in order."""
    entry = json.loads(data)
    languages = entry.get("languages", {})
    for info in languages.values():
        info["hash"] = renamed.get(info.get("hash"), info.get("hash"))
    entry["languages"] = dict(sorted(languages.items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


FRAGMENTS = "fragment/"


def fragment_urls(files: Iterable[tuple[str, bytes]]) -> tuple[tuple[str, str], ...]:
    """Each page's (URL, id) in a shard's files: the id is the name of the page's
    fragment (``fragment/<id>.pf_fragment``, gzip'd JSON after the signature), which
    Pagefind's search results carry as ``id``."""
    found = []
    for path, data in files:
        if path.startswith(FRAGMENTS) and path.endswith(".pf_fragment"):
            raw = gzip.decompress(data)
            if raw.startswith(SIGNATURE):
                url = json.loads(raw[len(SIGNATURE) :]).get("url")
                if isinstance(url, str):
                    found.append((url, path.removeprefix(FRAGMENTS).removesuffix(".pf_fragment")))
    return tuple(sorted(found))


ENTRY = "pagefind-entry.json"


def lacking(files: Iterable[tuple[str, bytes]], pages: int) -> str:
    """What a shard's files lack for an index of ``pages`` pages ("" when nothing).
    Pagefind's service has been seen to answer before it wrote every file (on a busy
    machine: no entry file, the language's wasm missing), and a shard kept so would
    leave its pages out of every search without a word."""
    entry = dict(files).get(ENTRY)
    if entry is None:
        return f"no {ENTRY}"
    try:
        languages = json.loads(entry).get("languages", {})
        counted = sum(int(info.get("page_count", 0)) for info in languages.values())
    except (ValueError, AttributeError, TypeError):
        return f"an unreadable {ENTRY}"
    return "" if counted == pages else f"{counted} of {pages} pages"
