"""A real language client (pytest-lsp's) driving ``gloss lsp`` in a subprocess over
stdio, as an editor would, with the capabilities a real editor announces; and an
``Editor`` that opens and edits documents and reads places in them."""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from conftest import FIXTURES, ROOT, edit, gloss
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

EN = Path("2026/03/open-weights-audit")
JA = Path("2026/03/安全性報告")


def make_site(root: Path) -> Path:
    """The small fixture site with the Japanese bundle added, under ``root``/content."""
    content = root / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    shutil.copytree(FIXTURES / "lsp" / JA, content / JA)
    return content


def break_site(content: Path) -> None:
    """One of each kind of problem: an unknown anchor, a drifted quote, an unknown related
    slug (English); an ambiguous quote, colliding tags, a link to a missing id (Japanese)."""
    edit(content / EN / "notes.yaml", '"#why"', '"#whyy"')
    edit(content / EN / "notes.yaml", "quote: audited less often", "quote: audited much less often")
    edit(content / EN / "notes.yaml", "related: [agent-benchmarks]", "related: [agent-benchmarks, no-such-article]")
    edit(content / JA / "notes.yaml", "quote: モデルが未知の脆弱性を見つけられる", "quote: 公開は当面ない")
    edit(content / JA / "notes.yaml", "tags: [safety, 安全性]", "tags: [Safety, 安全性]")
    edit(content / JA / "index.md", "を参照。", "を参照。[ベンチ](agent-benchmarks#nope)")


T = TypeVar("T")
PROFILES = ("visual-studio-code", "neovim")  # VS Code announces UTF-16 positions, Neovim UTF-8 first
WAIT = 60.0  # seconds: a bound on a wait for the server (a hung server fails, not hangs); never a measure
_LINE = re.compile(r"^(.+?):(\d+):(\d+): (warning: )?(.*)$")

Said = tuple[str, int, int, str, str]  # path, line, column (1-based, characters), severity, message


class Client(LanguageClient):
    """pytest-lsp's client, also keeping every diagnostics notification (with its version)
    and answering the server's requests to register file watchers."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []
        self.waiting: list[asyncio.Future[None]] = []


def make_client() -> Client:
    client = Client()
    mine = (types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, types.WINDOW_LOG_MESSAGE)
    register_lsp_features(client, {k: v for k, v in DEFAULT_CLIENT_FEATURES.items() if k not in mine})

    def wake(ls: Client) -> None:
        for waiter in ls.waiting:
            if not waiter.done():
                waiter.set_result(None)
        ls.waiting.clear()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(ls: Client, params: types.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append(params)
        wake(ls)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(ls: Client, params: types.LogMessageParams) -> None:
        ls.log_messages.append(params)
        wake(ls)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: Client, params: types.RegistrationParams) -> None:
        ls.registrations += params.registrations

    return client


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(text)


def chars(line: str, count: int, encoding: str) -> int:
    """The character column of ``count`` code units into ``line``."""
    for index in range(len(line) + 1):
        if units(line[:index], encoding) >= count:
            return index
    return len(line)


@dataclass
class Editor:
    client: Client
    content: Path
    encoding: str
    texts: dict[Path, str] = field(default_factory=dict)
    versions: dict[Path, int] = field(default_factory=dict)

    def text(self, path: Path) -> str:
        return self.texts.get(path) or path.read_text(encoding="utf-8")

    def open(self, path: Path) -> None:
        self.texts[path] = path.read_text(encoding="utf-8")
        self.versions[path] = 1
        language = "yaml" if path.suffix == ".yaml" else "markdown"
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=path.as_uri(), language_id=language, version=1, text=self.texts[path]
                )
            )
        )

    def end(self, path: Path) -> types.Position:
        lines = self.texts[path].split("\n")
        return types.Position(line=len(lines) - 1, character=units(lines[-1], self.encoding))

    def change(self, path: Path, text: str) -> int:
        """Replace the whole of an open document (as one incremental change); its new version."""
        whole = types.Range(start=types.Position(line=0, character=0), end=self.end(path))
        self.versions[path] += 1
        self.texts[path] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=self.versions[path]),
                content_changes=[types.TextDocumentContentChangePartial(range=whole, text=text)],
            )
        )
        return self.versions[path]

    def edit(self, path: Path, start: types.Position, end: types.Position, text: str) -> int:
        """One incremental change of an open document; its new version (``self.texts`` follows it)."""
        old = self.texts[path]
        lines = old.split("\n")
        first = sum(len(x) + 1 for x in lines[: start.line]) + chars(lines[start.line], start.character, self.encoding)
        last = sum(len(x) + 1 for x in lines[: end.line]) + chars(lines[end.line], end.character, self.encoding)
        self.texts[path] = old[:first] + text + old[last:]
        self.versions[path] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=self.versions[path]),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=text)
                ],
            )
        )
        return self.versions[path]

    def position(self, path: Path, needle: str, offset: int = 0, nth: int = 0) -> types.Position:
        """The position ``offset`` characters into the ``nth`` occurrence of ``needle``."""
        text = self.text(path)
        at = -1
        for _ in range(nth + 1):
            at = text.index(needle, at + 1)
        at += offset
        line = text.count("\n", 0, at)
        start = text.rfind("\n", 0, at) + 1
        return types.Position(line=line, character=units(text[start:at], self.encoding))

    def place(self, path: Path, position: types.Position) -> tuple[int, int]:
        """A protocol position as gloss names places: 1-based line and character column."""
        line = self.text(path).split("\n")[position.line]
        return position.line + 1, chars(line, position.character, self.encoding) + 1

    async def until(self, ready: Callable[[], T | None]) -> T:
        """``ready()`` once it is not None, asked again after each diagnostics notification
        (failing at once when the server logs an error: a bug it survived)."""
        while (result := ready()) is None:
            failures = [m.message for m in self.client.log_messages if m.type == types.MessageType.Error]
            assert not failures, failures[0]
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self.client.waiting.append(waiter)
            await asyncio.wait_for(waiter, WAIT)
        return result

    def latest(self, path: Path, version: int | None = None) -> list[types.Diagnostic] | None:
        """The diagnostics last published for ``path`` (for ``version``, if given)."""
        for params in reversed(self.client.published):
            if params.uri == path.as_uri() and (version is None or params.version == version):
                return list(params.diagnostics)
        return None

    async def published(self, path: Path, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics of ``path`` once the server has published them for ``version``
        (None: any version, or the file on disk)."""
        return await self.until(lambda: self.latest(path, version))

    def as_said(self, path: Path, diagnostics: list[types.Diagnostic]) -> list[Said]:
        """Diagnostics as ``check`` prints them: (path, line, column, severity, message)."""
        found = []
        for d in diagnostics:
            line, col = self.place(path, d.range.start)
            severity = "error" if d.severity == types.DiagnosticSeverity.Error else "warning"
            found.append((str(path), line, col, severity, d.message))
        return sorted(found)

    async def said(self, path: Path, version: int | None = None) -> list[Said]:
        return self.as_said(path, await self.published(path, version))


def check_said(content: Path, *more: str | Path) -> list[Said]:
    """What ``gloss check`` prints about ``content`` (with arguments ``more``), read back."""
    run = gloss("check", "--content", content, *more)
    found = []
    for line in run.err.splitlines():
        if match := _LINE.match(line):
            severity = "warning" if match.group(4) else "error"
            found.append((match.group(1), int(match.group(2)), int(match.group(3)), severity, match.group(5)))
    return sorted(found)


async def start(root: Path, profile: str, **options: Any) -> Editor:
    """``gloss lsp`` started as an editor starts it, in the workspace ``root`` (whose content/
    is the site), initialised with ``profile``'s capabilities."""
    config = ClientServerConfig(
        server_command=[sys.executable, str(ROOT / "build.py"), "lsp"], client_factory=make_client
    )
    client = await config.start()
    assert isinstance(client, Client)
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(profile), root_uri=root.as_uri(), initialization_options=options or None
        )
    )
    encoding = str(result.capabilities.position_encoding or "utf-16")
    return Editor(client, root / "content", encoding)


async def stop(editor: Editor) -> None:
    await editor.client.shutdown_session()
    await editor.client.stop()
