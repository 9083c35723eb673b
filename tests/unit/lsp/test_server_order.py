"""The server tells the client what its checks found in the order it found it: two
checks running at once (two bundles touched by one file event) once recorded their
findings in one order and sent them in the other, leaving the editor with a file's
older diagnostics (a link broken on disk shown as fine) and nothing to correct it."""

from __future__ import annotations

import asyncio
import threading

import pytest
from lsprotocol import types

from gloss.lsp.server import GlossServer, Publication
from gloss.lsp.session import Session


class Recording(GlossServer):
    """``diagnose`` as a stand-in whose first check records first and finishes last."""

    def __init__(self) -> None:
        super().__init__(Session())
        self.recorded: list[str] = []
        self.sent: list[str] = []
        self.first_recorded = threading.Event()

    def diagnose(self, path: str) -> list[Publication]:
        if path.endswith("slow/index.md"):
            self.recorded.append("stale")  # (what it found before the other check's read)
            self.first_recorded.set()
            threading.Event().wait(0.3)  # (its other work: more bundles to check)
            return [("file:///other/index.md", None, [])]
        self.first_recorded.wait(5)
        self.recorded.append("current")
        return [("file:///other/index.md", None, [_broken()])]

    def text_document_publish_diagnostics(self, params: types.PublishDiagnosticsParams) -> None:
        self.sent.append("current" if params.diagnostics else "stale")


def _broken() -> types.Diagnostic:
    zero = types.Position(line=0, character=0)
    return types.Diagnostic(range=types.Range(start=zero, end=zero), message="link: no such id")


@pytest.mark.asyncio
async def test_findings_are_sent_in_the_order_they_were_made() -> None:
    server = Recording()
    await asyncio.gather(server.check("/site/slow/index.md"), server.check("/site/quick/notes.yaml"))
    assert server.sent == server.recorded
