"""Earlier versions of a document, from the content's git history.

A quote that no longer anchors on its words may still be followed from the
version it was written against (``follow.py``). This module fetches those
versions: the last ``MAX_VERSIONS`` committed versions of the file that
differ from its text now, newest first, read as ``textfile`` reads a file
(UTF-8, NFC, front matter split off). It is asked only about documents with
quotes not found exactly, or long passages whose end is in doubt (past a
block break: ``follow.asks_history``), so a build of content quoted by its
words alone, each found exactly, never runs git.

Content that is not in a git repository, a git that is missing or refuses
the repository (``safe.directory``), or a version that is not editors' text
gives no versions, and the quote stays an orphan: history can only help.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace

from gloss.content.load import ArticleSource, Earlier, SourceDoc
from gloss.text.textfile import decode_text, split_front_matter
from gloss.text.yamlsafe import YamlError

MAX_VERSIONS = 8  # committed versions looked at, newest first
GIT_TIMEOUT = 20.0  # seconds, per git command


def _git(folder: str, args: list[str], stdin: bytes = b"") -> bytes | None:
    """The output of ``git args`` run in ``folder``, or None when it fails."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", folder, *args], input=stdin, capture_output=True, env=env, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _blobs(output: bytes) -> list[bytes | None]:
    """The contents in ``git cat-file --batch`` output, in order (None: missing)."""
    found: list[bytes | None] = []
    at = 0
    while at < len(output):
        eol = output.index(b"\n", at)
        header = output[at:eol].split()
        at = eol + 1
        if len(header) != 3 or header[1] != b"blob":
            found.append(None)
            continue
        size = int(header[2])
        found.append(output[at : at + size])
        at += size + 1
    return found


def earlier_versions(path: str, current: str, limit: int = MAX_VERSIONS) -> tuple[Earlier, ...]:
    """The committed versions of the file at ``path`` whose text (front matter split off)
    differs from ``current``, newest first; () when there are none or git cannot tell."""
    folder, name = os.path.split(os.path.abspath(path))
    log = _git(folder, ["log", f"-n{limit}", "--format=%h %cs", "--", name])
    if not log:
        return ()
    commits = [line.split(" ", 1) for line in log.decode("ascii", "replace").splitlines() if " " in line]
    batch = _git(folder, ["cat-file", "--batch"], "".join(f"{h}:./{name}\n" for h, _ in commits).encode())
    if batch is None:
        return ()
    versions: list[Earlier] = []
    seen = {current}
    for (short, day), blob in zip(commits, _blobs(batch), strict=True):
        if blob is None:
            continue
        try:
            _, body, offset = split_front_matter(decode_text(blob))
        except YamlError:
            continue
        if body not in seen:
            seen.add(body)
            versions.append(Earlier(f"{short} ({day})", body, offset))
    return tuple(versions)


def state(path: str) -> str:
    """What ``earlier_versions`` would look at for ``path``: its last commits ("" without git), so
    that a build which followed quotes from them is not taken as unchanged after a commit."""
    folder, name = os.path.split(os.path.abspath(path))
    log = _git(folder, ["log", f"-n{MAX_VERSIONS}", "--format=%H", "--", name])
    return log.decode("ascii", "replace") if log else ""


def _with_history(doc: SourceDoc | None) -> SourceDoc | None:
    if doc is None or doc.earlier:
        return doc
    earlier = earlier_versions(doc.path, doc.text)
    return replace(doc, earlier=earlier) if earlier else doc


def with_history(article: ArticleSource, index: bool, original: bool) -> ArticleSource:
    """``article`` with the earlier versions of its index (original) document attached, when
    asked for and git has any; the very same object when nothing was found."""
    new_index = _with_history(article.index) if index else article.index
    new_original = _with_history(article.original) if original else article.original
    if new_index is article.index and new_original is article.original:
        return article
    return replace(article, index=new_index or article.index, original=new_original)
