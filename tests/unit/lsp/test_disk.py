"""What the server's own watch makes of file events: the documents of bundles and
site.yaml, folders as paths ending in a separator, nothing else."""

from __future__ import annotations

import threading

from watchdog.events import (
    DirCreatedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from gloss.lsp.disk import CHANGED, CREATED, DELETED, Burst, Change, changes_of


def test_documents_and_site_yaml_are_told() -> None:
    assert changes_of(FileModifiedEvent("/c/2026/03/記事/notes.yaml")) == [("/c/2026/03/記事/notes.yaml", CHANGED)]
    assert changes_of(FileClosedEvent("/c/a/index.md")) == [("/c/a/index.md", CHANGED)]
    assert changes_of(FileCreatedEvent("/c/a/original.md")) == [("/c/a/original.md", CREATED)]
    assert changes_of(FileDeletedEvent("/c/site.yaml")) == [("/c/site.yaml", DELETED)]


def test_other_files_and_reads_are_not() -> None:
    assert changes_of(FileModifiedEvent("/c/a/figure.png")) == []
    assert changes_of(FileModifiedEvent("/c/a/.notes.yaml.swp")) == []
    assert changes_of(FileOpenedEvent("/c/a/index.md")) == []


def test_a_save_by_rename_is_the_document_created() -> None:
    """(how many editors save: write a temporary file, rename it over the document)"""
    assert changes_of(FileMovedEvent("/c/a/.tmp123", "/c/a/notes.yaml")) == [("/c/a/notes.yaml", CREATED)]
    assert changes_of(FileMovedEvent("/c/a/index.md", "/c/b/index.md")) == [
        ("/c/a/index.md", DELETED),
        ("/c/b/index.md", CREATED),
    ]


def test_folders_end_in_a_separator_and_tools_folders_are_left_out() -> None:
    assert changes_of(DirCreatedEvent("/c/2026/03/新しい")) == [("/c/2026/03/新しい/", CREATED)]
    assert changes_of(DirMovedEvent("/c/a", "/c/b")) == [("/c/a/", DELETED), ("/c/b/", CREATED)]
    assert changes_of(DirCreatedEvent("/c/.git")) == []


def test_a_burst_is_told_once_a_file_created_then_written_as_created() -> None:
    told: list[list[Change]] = []
    done = threading.Event()

    def tell(changes: list[Change]) -> None:
        told.append(changes)
        done.set()

    burst = Burst(tell, quiet=0.05)
    burst.on_any_event(FileCreatedEvent("/c/a/notes.yaml"))
    burst.on_any_event(FileModifiedEvent("/c/a/notes.yaml"))
    burst.on_any_event(FileModifiedEvent("/c/a/index.md"))
    burst.on_any_event(FileDeletedEvent("/c/a/original.md"))
    assert done.wait(5)
    assert told == [[("/c/a/index.md", CHANGED), ("/c/a/notes.yaml", CREATED), ("/c/a/original.md", DELETED)]]
