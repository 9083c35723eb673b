"""The watcher under abuse, through a real ``python build.py serve`` process:
a storm of file events, the content folder deleted and created again, files
that cannot be read. ``serve`` keeps running (and serving the last good site)
and recovers as soon as the content is sane again."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, FUZZ_STATS
from serving import Serving

AUDIT = "2026/03/open-weights-audit"
STORM = 1_000


class Serve(Serving):
    """A running ``serve`` and what it printed."""

    def __init__(self, root: Path) -> None:
        self.content, self.site = root / "content", root / "site"
        super().__init__(root, "--content", str(self.content), "--out", str(self.site))
        self.wait_for(lambda line: line.startswith("watching "))
        self.rebuilt(0)  # the first build

    def failed(self, since: int, words: str, timeout: float = 30) -> str:
        return self.wait_for(lambda line: words in line, since, timeout)

    def page(self, path: str) -> tuple[int, str]:
        code, body = self.get(path)
        return code, body.decode("utf-8", errors="replace")

    def stop(self, interrupt: bool = False) -> None:
        super().stop(interrupt)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    running = Serve(tmp_path)
    yield running
    running.stop()
    assert "Traceback" not in "\n".join(running.lines), "\n".join(running.lines)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_storm_of_events_becomes_a_few_rebuilds(serve: Serve) -> None:
    bundle = serve.content / AUDIT
    since = serve.mark()
    started = time.monotonic()
    for i in range(STORM):  # a thousand files written (and some rewritten) within about a second
        (bundle / f"storm-{i % 700:03}.txt").write_text(f"event {i}")
    _edit(bundle / "notes.yaml", "Audits lag downloads", "Audits trail downloads")
    storm_seconds = time.monotonic() - started
    deadline = time.monotonic() + 60
    while "Audits trail downloads" not in serve.page("open-weights-audit/")[1]:
        assert time.monotonic() < deadline, "the last edit of the storm never showed"
        time.sleep(0.2)
    while serve.page("open-weights-audit/storm-699.txt")[0] != 200:
        assert time.monotonic() < deadline, "the storm's files never showed"
        time.sleep(0.2)
    time.sleep(1)
    rebuilds = sum(line.startswith("rebuilt in ") for line in serve.lines[since:])
    FUZZ_STATS["watch: file events in the storm"] += STORM + 1
    FUZZ_STATS["watch: ms the storm took to write"] = round(storm_seconds * 1000)
    FUZZ_STATS["watch: rebuilds the storm caused"] += rebuilds
    assert 1 <= rebuilds <= 20, rebuilds
    assert serve.page("open-weights-audit/storm-699.txt")[1] == "event 699"


def test_the_content_folder_deleted_and_created_again(serve: Serve) -> None:
    good = serve.page("open-weights-audit/")[1]
    since = serve.mark()
    shutil.rmtree(serve.content)
    serve.failed(since, "site.yaml is missing")
    assert serve.page("open-weights-audit/") == (200, good), "the last good site is no longer served"
    since = serve.mark()
    shutil.copytree(FIXTURES / "small" / "content", serve.content)
    _edit(serve.content / AUDIT / "notes.yaml", "Audits lag downloads", "Back again")
    serve.rebuilt(since)
    deadline = time.monotonic() + 30
    while "Back again" not in serve.page("open-weights-audit/")[1]:
        assert time.monotonic() < deadline, "a save in the new folder was not seen"
        time.sleep(0.2)
    since = serve.mark()  # and the new folder is watched: a later save shows too
    _edit(serve.content / AUDIT / "notes.yaml", "Back again", "Watched again")
    serve.rebuilt(since)
    assert "Watched again" in serve.page("open-weights-audit/")[1]
    FUZZ_STATS["watch: content folder deleted and recreated, recovered"] += 1


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _no_permission(path: Path) -> None:
    path.chmod(0)


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (_fifo, "cannot read: this is a pipe"),
        (_folder, "cannot read: this is a folder"),
        pytest.param(
            _no_permission,
            "cannot read: Permission denied",
            marks=pytest.mark.skipif(
                os.geteuid() == 0, reason="root reads files whatever their mode; the FIFO and folder cases stand in"
            ),
        ),
    ],
)
def test_an_unreadable_file_then_a_good_one(serve: Serve, spoil: Callable[[Path], None], words: str) -> None:
    notes = serve.content / AUDIT / "notes.yaml"
    saved = notes.read_bytes()
    good = serve.page("open-weights-audit/")[1]
    since = serve.mark()
    spoil(notes)
    line = serve.failed(since, words)
    assert line.startswith(f"{notes}:1:1: "), line
    assert serve.page("open-weights-audit/") == (200, good)
    since = serve.mark()
    if notes.is_dir():
        notes.rmdir()
    else:
        notes.chmod(0o644)
        notes.unlink()
    notes.write_bytes(saved.replace(b"Audits lag downloads", b"Readable again"))
    serve.rebuilt(since)
    assert "Readable again" in serve.page("open-weights-audit/")[1]
    FUZZ_STATS[f"watch: {spoil.__name__.strip('_')} notes.yaml, recovered"] += 1
