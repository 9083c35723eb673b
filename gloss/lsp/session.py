"""The language server's state, apart from the protocol: the sites it knows
(each content folder, found from the files opened), the editor's open
buffers, and each bundle's latest analysis.

A bundle is analysed again when one of its open buffers or its files on disk
changed since; a notes file that does not load mid-edit keeps the last
analysis that did (``good``), so hovering a quote still says where it
landed while the file is being typed.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from gloss.anchoring.anchors import Anchored
from gloss.build.parse import ParsedArticle, ParsedDoc
from gloss.core.diagnostics import Diagnostic
from gloss.lsp.outline import Outline, outline
from gloss.lsp.pagecheck import page_links
from gloss.lsp.site import DOCUMENTS, Site
from gloss.text.yamlsafe import Path as YamlPath


def read_file(path: str) -> str | None:
    """A file's text as an editor shows it (no normalising); None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(8 * 1024 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return None


@dataclass(frozen=True)
class Analysis:
    """A bundle as last read, with the editor's buffers over its files."""

    site: Site
    folder: str
    slug: str
    buffers: tuple[tuple[str, str], ...]  # (path, text) of its open documents, as read
    generation: int  # its files' changes on disk, as read
    versions: tuple[tuple[str, int], ...]  # the versions of its open documents, as read
    parsed: ParsedArticle | None
    good: ParsedArticle | None  # the latest that loaded (maybe this one)

    def path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    @property
    def read(self) -> dict[str, tuple[str, int]]:
        """The text and version of each open document, as read."""
        versions = dict(self.versions)
        return {path: (text, versions.get(path, 0)) for path, text in self.buffers}

    def text(self, name: str) -> str | None:
        """A document's text as analysed: the buffer, else the file."""
        path = self.path(name)
        for open_path, text in self.buffers:
            if open_path == path:
                return text
        return read_file(path)

    def outline(self, doc: str) -> Outline | None:
        """The outline of index.md (``doc`` "index") or original.md ("original")."""
        name = "original.md" if doc == "original" else "index.md"
        text = self.text(name)
        if text is None:
            return None
        allow_html = self.site.config.allow_html if self.site.config else False
        return outline(self.path(name), text, doc, allow_html)

    def parsed_doc(self, doc: str) -> ParsedDoc | None:
        article = self.parsed or self.good
        if article is None:
            return None
        return article.original if doc == "original" else article.index

    def anchored(self, path: YamlPath) -> tuple[Anchored, str] | None:
        """Where a quote (``(list, index)``) landed, and in which document."""
        article = self.parsed or self.good
        for doc in (article.index, article.original) if article else ():
            if doc is None:
                continue
            for found in doc.anchored:
                if found.path == path:
                    return found, "original" if doc is article.original else "index"  # type: ignore[union-attr]  # (article is set here)
        return None


@dataclass
class Session:
    """Every site the editor works in, its open buffers and the bundles' analyses."""

    content: Path | None = None  # given on the command line; else found from each file
    drafts: bool = False
    jobs: int = 1
    templates: Path | None = None  # the theme's folder (``--templates``); else templates/ beside content/
    sites: dict[str, Site] = field(default_factory=dict)
    buffers: dict[str, str] = field(default_factory=dict)  # open documents by path
    versions: dict[str, int] = field(default_factory=dict)  # their versions
    uris: dict[str, str] = field(default_factory=dict)  # the URIs the client names them by
    analyses: dict[str, Analysis] = field(default_factory=dict)  # by bundle folder
    generations: dict[str, int] = field(default_factory=dict)  # by bundle folder
    links: dict[str, list[Diagnostic]] = field(default_factory=dict)  # the page check's, by bundle folder
    lock: threading.RLock = field(default_factory=threading.RLock)  # held briefly: buffers, generations
    reading: threading.RLock = field(default_factory=threading.RLock)  # held while sites and bundles are read

    def content_of(self, path: str) -> str | None:
        """The content folder a file belongs to: the one given, else the nearest folder above
        it holding site.yaml."""
        path = os.path.abspath(path)
        if self.content is not None and path.startswith(str(self.content) + os.sep):
            return str(self.content)
        folder = os.path.dirname(path)
        while True:
            if os.path.isfile(os.path.join(folder, "site.yaml")):
                return folder
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent

    def site(self, content: str) -> Site:
        """The site of a content folder, read the first time it is asked for."""
        with self.reading:
            known = self.sites.get(content)
            if known is None:
                known = self.sites[content] = Site(Path(content), self.drafts, self.jobs)
                known.index()
            return known

    def site_of(self, path: str) -> Site | None:
        content = self.content_of(path)
        return self.site(content) if content is not None else None

    def bundle_folder(self, path: str) -> tuple[Site, str] | None:
        """The site and bundle folder of one of a bundle's documents."""
        site = self.site_of(path)
        bundle = site.bundle_of(path) if site else None
        return (site, bundle.folder) if site and bundle else None

    def open(self, path: str, text: str, uri: str, version: int) -> None:
        """An open document's text now (opened or changed)."""
        with self.lock:
            path = os.path.abspath(path)
            self.buffers[path], self.uris[path], self.versions[path] = text, uri, version

    def close(self, path: str) -> None:
        with self.lock:
            path = os.path.abspath(path)
            self.buffers.pop(path, None)
            self.versions.pop(path, None)

    def touched(self, folder: str) -> None:
        """A file of the bundle changed on disk."""
        with self.lock:
            self.generations[folder] = self.generations.get(folder, 0) + 1

    def analysis(self, site: Site, folder: str) -> Analysis | None:
        """The bundle's analysis for its current buffers and files (made again if they changed)."""
        with self.lock:
            buffers = tuple(
                sorted(
                    (p, t)
                    for p, t in self.buffers.items()
                    if os.path.dirname(p) == folder and os.path.basename(p) in DOCUMENTS
                )
            )
            generation = self.generations.get(folder, 0)
            versions = tuple((p, self.versions.get(p, 0)) for p, _ in buffers)
        with self.reading:
            last = self.analyses.get(folder)
            if last is not None and last.buffers == buffers and last.generation == generation:
                if last.versions != versions:  # (the same text again, as a new version)
                    last = self.analyses[folder] = replace(last, versions=versions)
                return last
            bundle = site.bundles.get(folder)
            if bundle is None:
                return None
            parsed = site.read(folder, dict(buffers))
            good = parsed or (last.good if last is not None else None)
            made = Analysis(site, folder, bundle.slug, buffers, generation, versions, parsed, good)
            self.analyses[folder] = made
            return made

    def check_page(self, path: str) -> bool:
        """Check the links of the page of ``path``'s bundle as ``check`` would (from the
        files on disk: run on open, save and file events); whether what it found changed."""
        found = self.bundle_folder(path)
        if found is None:
            return False
        site, folder = found
        theme = self.templates if self.templates is not None else site.content.parent / "templates"
        links = page_links(site, folder, theme)
        with self.lock:
            changed = self.links.get(folder, []) != links
            self.links[folder] = links
        return changed

    def start_folder(self, root: str | None) -> str | None:
        """The content folder to index at start-up: the given one, else the workspace's
        (its root, or its content/ folder, holding site.yaml)."""
        candidates = (
            [str(self.content)] if self.content is not None else [root, os.path.join(root, "content")] if root else []
        )
        for folder in candidates:
            if os.path.isfile(os.path.join(folder, "site.yaml")):
                return os.path.abspath(folder)
        return None

    def open_paths(self, site: Site) -> list[str]:
        """One open document of each open bundle of ``site``."""
        with self.lock:
            paths = sorted(self.buffers)
        seen: dict[str, str] = {}
        for path in paths:
            if (bundle := site.bundle_of(path)) is not None:
                seen.setdefault(bundle.folder, path)
        return list(seen.values())

    def on_disk(self, changes: list[tuple[str, int]]) -> list[str]:
        """Files changed on disk (path, 1 created / 2 changed / 3 deleted): the sites and
        bundles they belong to read again; the open documents to check again."""
        recheck: set[str] = set()
        for path, kind in changes:
            content = self.content_of(path)
            site = self.sites.get(content) if content else None
            if site is None:
                continue
            with self.reading:
                if os.path.basename(path) == "site.yaml" and os.path.dirname(path) == content:
                    site.index()
                    self.analyses = {f: a for f, a in self.analyses.items() if a.site is not site}
                elif kind != 2 and os.path.basename(path) in ("index.md", ""):
                    site.rewalk()
                elif (bundle := site.bundle_of(path)) is not None:
                    self.touched(bundle.folder)
                    with self.lock:
                        is_open = any(os.path.dirname(p) == bundle.folder for p in self.buffers)
                    if not is_open:  # (an open one is read again when it is checked again)
                        site.read(bundle.folder, {})
            recheck.update(self.open_paths(site))
        return sorted(recheck)
