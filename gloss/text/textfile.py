"""Reading editors' text files: UTF-8, NFC, a bounded size, no invisible junk.

Every Markdown and YAML file gloss reads comes through ``read_text``. It
refuses, with a line and column, what would break a page or a feed later:
bytes that are not UTF-8, the characters ``chars`` forbids, and files too
large to parse in bounded time (``MAX_TEXT_BYTES``: Markdown's worst cases,
such as a megabyte of ``[``, cost about 20 s per MB). It never opens
anything but a regular file, so a FIFO named ``index.md`` cannot hang a
build.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from gloss.text.chars import FORBIDDEN, forbidden_message, position
from gloss.text.yamlsafe import YamlError

MAX_TEXT_BYTES = 4 * 1024 * 1024  # a 300-page report is about 1 MB of Markdown
_UNSAVED: ContextVar[Mapping[str, str] | None] = ContextVar("unsaved", default=None)


@contextmanager
def unsaved(buffers: Mapping[str, str]) -> Iterator[None]:
    """Within this, ``read_text`` of a file named (by absolute path) in ``buffers`` reads
    the editor's unsaved text instead of the file on disk (the language server, ``lsp``)."""
    token = _UNSAVED.set(buffers)
    try:
        yield
    finally:
        _UNSAVED.reset(token)


def _regular_bytes(path: Path) -> bytes:
    """The bytes of a regular file (stat first: no FIFOs, devices or huge files)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
            raise YamlError(1, 1, f"cannot read: this is {kind}, not a text file")
        if info.st_size > MAX_TEXT_BYTES:
            raise YamlError(
                1,
                1,
                f"the file is {info.st_size / 1e6:.1f} MB; gloss reads text files of up to "
                f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB (split the document)",
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_TEXT_BYTES + 1)
    finally:
        os.close(fd)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", errors="replace")) + 1


def read_text(path: Path) -> str:
    """UTF-8 text, BOM dropped, newlines as \\n, NFC; raises ``YamlError`` (a
    positioned error) when the file cannot be editors' text. ``OSError`` passes."""
    if (buffer := (_UNSAVED.get() or {}).get(os.path.abspath(path))) is not None:
        data = buffer.encode("utf-8", errors="surrogatepass")
        if len(data) > MAX_TEXT_BYTES:
            raise YamlError(
                1,
                1,
                f"the file is {len(data) / 1e6:.1f} MB; gloss reads text files of up to "
                f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB (split the document)",
            )
        return decode_text(data)
    return decode_text(_regular_bytes(path))


def decode_text(data: bytes) -> str:
    """``read_text`` of bytes read elsewhere (an earlier version from git)."""
    if (nul := data.find(b"\x00")) >= 0:
        raise YamlError(*_byte_position(data, nul), "this is a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(
            *_byte_position(data, exc.start), f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if bad := FORBIDDEN.search(text):
        raise YamlError(*position(text, bad.start()), forbidden_message(bad.group()))
    return unicodedata.normalize("NFC", text)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, lines before the body); TOML front matter
    (Hugo's, between ``+++`` lines) is refused, at 1:1."""
    if re.match(r"\+\+\+[ \t]*\n", text):
        raise YamlError(1, 1, "front matter between +++ lines is TOML; gloss reads YAML front matter between --- lines")
    if not text.startswith("---\n"):
        return None, text, 0
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], flags=re.MULTILINE)
    if end is None:
        raise YamlError(1, 1, "front matter starts with --- but has no closing --- line")
    front = text[4 : 4 + end.start()]
    rest = text[4 + end.end() :].removeprefix("\n")
    return front, rest, front.count("\n") + 2
