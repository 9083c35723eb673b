"""Reading the watched files is not an event: a build that reads a large site
must not flood the kernel's inotify queue with its own opens and closes (the
queue holds 16,384 events; past that the events of the edit are lost and
watchdog walks every folder again)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from gloss.preview.watch import BuildReport, watch

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
