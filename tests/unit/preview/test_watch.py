"""Reading the watched files is not an event: a build that reads a large site
must not flood the kernel's inotify queue with its own opens and closes (the
queue holds 16,384 events; past that the events of the edit are lost and
watchdog walks every folder again). A burst of events ends sooner once every
file written in it is whole again (closed, moved in place, deleted)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirCreatedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)

from gloss.preview.watch import QUIET, SETTLED, BuildReport, _Collector, watch

FOLDERS, FILES = 200, 50  # 10,000 files: two reads of each are 40,000 open/close events


class Recorder:
    """Stands in for the rebuilder: notes what each rebuild was told had changed."""

    def __init__(self) -> None:
        self.changed: list[frozenset[Path] | None] = []
        self.built = threading.Event()

    def safe_build(self, changed: frozenset[Path] | None = None) -> BuildReport:
        self.changed.append(changed)
        self.built.set()
        return BuildReport(True)

    def tidy(self) -> None:
        """(``watch`` tidies up after each build's event.)"""

    def close(self) -> None:
        """(``watch`` closes its rebuilder when it stops.)"""


@pytest.mark.skipif(not Path("/proc/sys/fs/inotify/max_queued_events").exists(), reason="inotify only")
def test_reading_every_file_is_not_an_event(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = tmp_path / "content"
    for i in range(FOLDERS):
        folder = content / f"2026/{i:03d}-記事"
        folder.mkdir(parents=True)
        for j in range(FILES):
            (folder / f"{j}.md").write_text("本文\n", encoding="utf-8")
    recorder = Recorder()
    stop = threading.Event()
    caplog.set_level(logging.WARNING, logger="watchdog")
    thread = threading.Thread(target=watch, args=(recorder, [content], lambda report: None, stop), daemon=True)
    thread.start()
    try:
        time.sleep(1.0)  # the watches are in place
        files = sorted(content.rglob("*.md"))
        for _ in range(2):  # what a build does to a site: read everything
            for path in files:
                path.read_bytes()
        time.sleep(0.5)
        assert not recorder.changed, "reading files was taken for a change"
        edited = files[len(files) // 2]
        edited.write_text("本文、改稿\n", encoding="utf-8")
        assert recorder.built.wait(10), "the edit after the reads was never seen"
        assert recorder.changed == [frozenset({edited})]
    finally:
        stop.set()
        thread.join(10)
    assert not [r for r in caplog.records if "overflow" in r.getMessage()]


def _collected(*events: FileSystemEvent) -> _Collector:
    collector = _Collector()
    for event in events:
        collector.on_any_event(event)
    return collector


def test_a_file_still_written_keeps_the_burst_open() -> None:
    note = "/c/2026/記事/notes.yaml"
    assert _collected(FileCreatedEvent(note), FileModifiedEvent(note)).writing == {Path(note)}
    assert _collected(FileModifiedEvent(note), FileClosedEvent(note)).writing == set()
    # an editor's "safe write": a temporary file written, then moved over the note
    temp = "/c/2026/記事/notes.yaml.tmp.1234"
    moved = _collected(FileCreatedEvent(temp), FileModifiedEvent(temp), FileMovedEvent(temp, note))
    assert moved.writing == set() and moved.pending == {Path(temp), Path(note)}
    assert _collected(FileModifiedEvent(note), FileDeletedEvent(note)).writing == set()
    # a swap file written all along is noise, not a file being written
    assert _collected(FileModifiedEvent("/c/2026/記事/.notes.yaml.swp")).writing == set()


def test_how_long_a_burst_waits() -> None:
    note = "/c/2026/记事/notes.yaml"
    settled = _collected(FileModifiedEvent(note), FileClosedEvent(note))
    started = time.monotonic()
    settled.last = started
    assert settled.take() == frozenset({Path(note)})
    assert time.monotonic() - started >= SETTLED
    writing = _collected(FileModifiedEvent(note))
    started = time.monotonic()
    writing.last = started
    assert writing.take() == frozenset({Path(note)})
    assert time.monotonic() - started >= QUIET  # (no close came: the longer wait)
    assert writing.writing == set() and writing.pending == set()  # the next burst starts afresh
    folder = _collected(DirCreatedEvent("/c/2026/新"), FileCreatedEvent("/c/2026/新/index.md"))
    folder.on_any_event(FileClosedEvent("/c/2026/新/index.md"))
    started = time.monotonic()
    folder.last = started
    folder.take()
    assert time.monotonic() - started >= QUIET  # (a folder made: more may follow)
