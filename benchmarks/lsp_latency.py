"""How fast ``gloss lsp`` answers an editor: start-up on a generated site, and the
time from a change to the diagnostics of the version it made.

Generates (or reuses) a corpus with benchmarks/corpus.py, grows one English
article's index.md to about ``--size`` bytes (appending paragraphs of the same
generator), starts ``gloss lsp`` over stdio with a pygls client, and measures:

- start-up: from starting the process to the server's "indexed" message (the
  site-wide index made; with a cache ``gloss build`` left, read from it), and
  to the first diagnostics of the grown article once opened;
- latency: from sending a ``didChange`` (a word inserted in a paragraph of
  index.md, or in the summary of notes.yaml) to receiving the
  ``publishDiagnostics`` of that version, debounce included;
- the page check (``check``'s link check of the bundle's rendered page, run on
  open and save, in the background, after 1 s without changes): from a
  ``didSave`` to the server's log line saying it is done, the wait included.

    python benchmarks/lsp_latency.py /tmp/bench-lsp --articles 10000 --edits 20
    python benchmarks/lsp_latency.py /tmp/bench-lsp --articles 10000 --debounce 0

Run by hand; the machine is shared, so compare figures from one run only.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import MARKER, en_sentence, generate  # noqa: E402

GROWN = "<!-- grown by lsp_latency.py -->"


def prepare(out: Path, articles: int, size: int) -> Path:
    """The corpus (made when missing) and the folder of its grown English article."""
    site = out / "site.yaml"
    if (
        not site.is_file()
        or MARKER not in site.read_text(encoding="utf-8")
        or f"{articles} articles" not in site.read_text(encoding="utf-8")
    ):
        generate(out, articles)
    for index in sorted(out.rglob("index.md")):
        text = index.read_text(encoding="utf-8")
        if GROWN in text or (text.isascii() and not (index.parent / "original.md").exists()):
            break
    rng = random.Random(7)
    while len(text.encode("utf-8")) < size and GROWN not in text:
        text += "\n" + " ".join(en_sentence(rng) for _ in range(6)) + "\n"
    if GROWN not in text:
        index.write_text(text + f"\n{GROWN}\n", encoding="utf-8")
    return index.parent


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("lsp-latency", "1")
        self.versions: dict[str, asyncio.Future[float]] = {}
        self.indexed: asyncio.Future[float] | None = None
        self.paged: asyncio.Future[float] | None = None  # the next page check done

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(ls: Client, params: types.PublishDiagnosticsParams) -> None:
            waiter = ls.versions.get(f"{params.uri}@{params.version}")
            if waiter is not None and not waiter.done():
                waiter.set_result(time.perf_counter())

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def logged(ls: Client, params: types.LogMessageParams) -> None:
            if "indexed" in params.message and ls.indexed is not None and not ls.indexed.done():
                ls.indexed.set_result(time.perf_counter())
            if "checked in" in params.message and ls.paged is not None and not ls.paged.done():
                ls.paged.set_result(time.perf_counter())

    def expect(self, uri: str, version: int) -> asyncio.Future[float]:
        self.versions[f"{uri}@{version}"] = future = asyncio.get_running_loop().create_future()
        return future


def _change(client: Client, uri: str, version: int, line: int, col: int, text: str) -> None:
    at = types.Position(line=line, character=col)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)],
        )
    )


async def session(content: Path, bundle: Path, edits: int, debounce: float) -> dict[str, list[float]]:
    client = Client()
    client.indexed = asyncio.get_running_loop().create_future()
    started = time.perf_counter()
    await client.start_io(sys.executable, str(ROOT / "build.py"), "lsp")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=content.as_uri(),
            initialization_options={"debounce": debounce},
        )
    )
    client.initialized(types.InitializedParams())
    figures: dict[str, list[float]] = {"start-up: indexed": [await client.indexed - started]}
    docs = {name: bundle / name for name in ("index.md", "notes.yaml")}
    texts = {name: path.read_text(encoding="utf-8") for name, path in docs.items()}
    for name, path in docs.items():
        waiter = client.expect(path.as_uri(), 1)
        opened = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=path.as_uri(), language_id="markdown", version=1, text=texts[name]
                )
            )
        )
        figures.setdefault("open: first diagnostics", []).append(await waiter - opened)
    lines = {name: [n for n, line in enumerate(texts[name].split("\n")) if line[:1].isalpha()] for name in docs}
    lines["notes.yaml"] = [n for n, line in enumerate(texts["notes.yaml"].split("\n")) if line.startswith("summary")]
    for version in range(2, edits + 2):
        for name, path in docs.items():
            line = lines[name][version % len(lines[name])]
            waiter = client.expect(path.as_uri(), version)
            sent = time.perf_counter()
            col = len('summary: "') if name == "notes.yaml" else 0  # (in the summary's quotes; a paragraph's start)
            _change(client, path.as_uri(), version, line, col, "Edited ")
            figures.setdefault(f"change to diagnostics: {name}", []).append(await waiter - sent)
    for _ in range(3):
        await asyncio.sleep(4)  # (the page checks of the opens and edits done)
        client.paged = asyncio.get_running_loop().create_future()
        saved = time.perf_counter()
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=docs["index.md"].as_uri()))
        )
        figures.setdefault("save to page check done", []).append(await client.paged - saved)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where the corpus is (made if missing)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--size", type=int, default=30_000, help="bytes of the grown index.md (default 30,000)")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--debounce", type=float, default=150, help="the server's debounce, ms (default 150)")
    args = parser.parse_args()
    bundle = prepare(args.out, args.articles, args.size)
    size = (bundle / "index.md").stat().st_size
    print(f"{args.articles} articles; {bundle.name}/index.md is {size:,} bytes; debounce {args.debounce:g} ms")
    figures = asyncio.run(session(args.out, bundle, args.edits, args.debounce))
    for what, values in figures.items():
        ms = sorted(v * 1000 for v in values)
        spread = f" (min {ms[0]:.0f}, max {ms[-1]:.0f}, n={len(ms)})" if len(ms) > 1 else ""
        print(f"  {what:<40} median {statistics.median(ms):8.0f} ms{spread}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
