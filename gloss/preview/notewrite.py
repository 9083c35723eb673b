"""The preview's writes to notes.yaml, on the file's side: which file a request
may name, whether it is still the one the page was built from, what ``check``
would say of the edited notes, and the write itself.

- **Which file**: a ``notes.yaml`` directly in the folder of a bundle the last
  good build made a page of, named relative to the content folder and reached
  from the resolved content folder without a symbolic link on the way (the file
  itself included): nothing else, whatever the request says.
- **Still the same**: the request carries the hash of the file its page was built
  from (``ledger.Page.hash``); a file that hashes otherwise is not written
  (``Conflict``: reload the page), and is hashed again just before the rename.
- **Would check refuse it**: the bundle is loaded with the edited notes in place of
  the file's (``load_article(notes=…)``), parsed, followed through its history and
  resolved against the last build's catalog of articles, as ``check`` does; an
  error refuses the write (``Refusal``), before anything is written.
- **The write**: a temporary file in the same folder (named as the watcher ignores
  it), flushed to disk with the file's mode, renamed over the file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gloss.build.parse import parse_article
from gloss.build.resolve import resolve_article
from gloss.build.sitewide import tag_ref, tag_slug
from gloss.content.load import load_article
from gloss.core.diagnostics import Diagnostic
from gloss.preview.ledger import ABSENT, MAX_NOTES_BYTES, NOTES, Ledger, Page, file_hash
from gloss.site.pipeline import follow_history
from gloss.site.session import Built

NEW_FILE_MODE = 0o644


class Refusal(Exception):
    """A write refused: an HTTP status, a code the page's UI knows, the reason and
    (for notes ``check`` would reject) the problems found."""

    def __init__(self, status: int, code: str, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.problems = status, code, message, problems


class Conflict(Refusal):
    def __init__(self) -> None:
        super().__init__(
            409,
            "changed",
            "notes.yaml changed on disk since this page was built: reload the page, then write the note again",
        )


@dataclass(frozen=True)
class Target:
    """A notes file a write may change, with the page built from it."""

    page: Page
    path: str  # absolute, resolved


def locate(content: str, ledger: Ledger, rel: object) -> Target:
    """The notes file ``rel`` names ("2026/03/slug/notes.yaml", under the resolved
    ``content`` folder), or a ``Refusal``."""
    if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel or rel.startswith("/"):
        raise Refusal(403, "forbidden", "a write names a notes.yaml by its path in the content folder")
    parts = rel.split("/")
    if parts[-1] != NOTES or len(parts) < 2 or any(part in ("", ".", "..") for part in parts):
        raise Refusal(403, "forbidden", f"{rel}: only the notes.yaml of a bundle in the content folder can be written")
    path = content
    for depth, part in enumerate(parts, 1):
        path = os.path.join(path, part)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            if depth == len(parts):
                break  # (a bundle without notes.yaml yet)
            raise Refusal(404, "forbidden", f"{rel}: no such bundle") from None
        if stat.S_ISLNK(info.st_mode):
            raise Refusal(403, "forbidden", f"{rel}: the path goes through a symbolic link")
        if depth == len(parts) and not stat.S_ISREG(info.st_mode):
            raise Refusal(403, "forbidden", f"{rel}: not a regular file")
    if os.path.realpath(path) != path:
        raise Refusal(403, "forbidden", f"{rel}: the path leaves the content folder")
    page = ledger.bundle(os.path.dirname(path))
    if page is None:
        raise Refusal(404, "forbidden", f"{rel}: not the notes of an article this preview built")
    return Target(page, path)


def read_current(target: Target, expected: object) -> bytes | None:
    """The file's bytes (None: it does not exist yet), when they hash to ``expected``."""
    try:
        fd = os.open(target.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if expected != ABSENT:
            raise Conflict() from None
        return None
    except OSError as exc:  # (a symbolic link put there since: ELOOP)
        raise Refusal(403, "forbidden", f"notes.yaml cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Refusal(403, "forbidden", "notes.yaml is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_NOTES_BYTES + 1)
    if len(data) > MAX_NOTES_BYTES:
        raise Refusal(413, "refused", "notes.yaml is larger than a build reads")
    if file_hash(target.path) != expected:
        raise Conflict()
    return data


def problems(built: Built | None, content: Path, target: Target, data: bytes) -> list[Diagnostic]:
    """What ``check`` would report of the bundle with ``data`` as its notes.yaml, against
    the last good build (``built``)."""
    if built is None:
        raise Refusal(503, "refused", "the preview has not built the site yet")
    config = built.config
    source, found = load_article(Path(target.page.source), config, content, notes=data)
    found = list(found)
    if source is None:
        return found
    parsed = parse_article(source, allow_html=config.allow_html, base_url=config.base_url)
    parsed = follow_history([parsed], config.allow_html, config.base_url, None)[0][0]
    tags = {name: tag_ref(name, config) for name in parsed.source.notes.tag_names if tag_slug(name)}
    resolve_article(parsed, built.catalog, config, found, tags)
    return found


def replace_file(target: Target, data: bytes, expected: str) -> None:
    """``data`` in place of the file, atomically, with the file's mode; refused when the
    file changed meanwhile."""
    folder = os.path.dirname(target.path)
    try:
        mode = stat.S_IMODE(os.lstat(target.path).st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    fd, temporary = tempfile.mkstemp(prefix=f".{NOTES}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if file_hash(target.path) != expected:
            raise Conflict()
        os.replace(temporary, target.path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself on disk (not every file system can)
        folder_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)
