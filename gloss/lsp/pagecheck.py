"""``check``'s last step for one bundle: the links of its rendered page.

``check`` renders the whole site when nothing has an error and reports every
internal link of a page that leads to no file, or to no id of a page, against the
file the page was made from. For one bundle the server does the same with the same
functions — ``index_site`` over every entry it holds, ``Pages`` with the site's
theme, ``linkcheck.check_files`` — but lists the site's other files instead of
making them (``_Listing`` says every other file is kept, and asset copies are only
claimed), renders the bundle's own page, and checks the links of that page alone.
Fragments are checked on that page; a link to another article's id is checked from
the records, as ``check`` does too. Like ``check``, it reads the bundle's files on
disk (read again here, the other bundles as the server holds them), so the server
runs it when a bundle is opened or saved, never on a keystroke: about 1.6 s at
10,000 articles, most of it the site-wide index.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

from gloss.build.records import SiteIndex
from gloss.build.urlcheck import places
from gloss.content.theme import Theme, load_theme
from gloss.core import cache as disk
from gloss.core import urls
from gloss.core.diagnostics import Diagnostic
from gloss.formats.linkcheck import check_files
from gloss.formats.search import BUNDLE
from gloss.lsp.site import Site
from gloss.publish.scratch import Scratch
from gloss.site.collect import Job, index_site, summarise
from gloss.site.incremental import Made, Outputs
from gloss.site.pages import Pages, Progress


class _Listing(Outputs):
    """A build's outputs where every file but ``wanted`` counts as kept: listed, not made."""

    def __init__(self, scratch: Scratch, store: disk.Store, wanted: Collection[str]) -> None:
        super().__init__(scratch, store, "", before={})  # (never saved)
        self.wanted = frozenset(wanted)

    def keep(self, path: str, key: str) -> bool:
        if path in self.wanted:
            return False
        self.now[path] = Made(key, 0, 0)
        return True

    def put(self, path: str, key: str, data: bytes) -> None:
        if path in self.wanted:
            super().put(path, key, data)
        else:
            self.now[path] = Made(key, 0, 0)


class _ListingPages(Pages):
    """``Pages`` that make one article's page and claim every other file: asset copies are
    not read, other pages not digested (what costs a listing most at 10,000 articles)."""

    def __init__(self, index: SiteIndex, theme: Theme, outputs: _Listing, job: Job, slug: str) -> None:
        super().__init__(index, theme, outputs, job)
        self.wanted, self.slug = outputs.wanted, slug

    def copy(self, path: str, source: str) -> None:
        self.claim(path, source)

    def page(self, template: str, path: str, lang: str, **context: Any) -> None:
        if path in self.wanted:
            super().page(template, path, lang, **context)
        else:
            self.claim(path, self.theme.path(template))

    def article_pages(self, jobs: int, progress: Progress | None, only: Collection[str] | None = None) -> None:
        super().article_pages(jobs, progress, {self.slug})
        for record in self.index.records:  # (the others' files, as ``Pages.article_pages`` claims them)
            if record.slug != self.slug:
                self.claim(urls.article(record.slug), os.path.join(record.bundle, "index.md"))
                self.claim(urls.annotations_file(record.slug))
                for asset in record.assets:
                    self.claim(urls.bundle_file(record.slug, asset), os.path.join(record.bundle, asset))


def page_links(site: Site, folder: str, templates: Path | None) -> list[Diagnostic]:
    """The broken links ``check`` would report on the page of the bundle in ``folder``,
    read from its files on disk; none while anything of the site has an error (``check``
    renders nothing then)."""
    with site.lock:
        config, bundles, walk = site.config, dict(site.bundles), list(site.walk_problems)
    bundle = bundles.get(folder)
    if config is None or bundle is None or bundle.problem is not None:
        return []
    theme, problems = load_theme(templates)
    with tempfile.TemporaryDirectory(prefix="gloss-lsp-") as work:
        job = Job(config, site.content, disk.Store(Path(work) / "cache", under=disk.folder_for(site.content)))
        saved = summarise(job, Path(folder), bundle.slug, disk.key(b"lsp page check", os.fsencode(folder)))
        entries = [saved if path == folder else b.entry for path, b in bundles.items() if b.entry is not None]
        problems += walk + [b.problem for b in bundles.values() if b.problem is not None]
        index = index_site(config, entries, site.drafts, problems)
        if theme is None or any(d.severity == "error" for d in problems):
            return []
        if not any(record.slug == bundle.slug for record in index.records):
            return []  # (a draft left out: no page)
        return _render_and_check(job, index, theme, bundle.slug, Path(work))


def _render_and_check(job: Job, index: SiteIndex, theme: Theme, slug: str, work: Path) -> list[Diagnostic]:
    page = urls.article(slug)
    with Scratch(work / "site", reuse=False, at=work) as scratch:
        outputs = _Listing(scratch, job.cache.layer("outputs"), [page, urls.annotations_file(slug)])
        pages = _ListingPages(index, theme, outputs, job, slug)
        found = pages.make_all(1, None)  # (its files' clashes; a template's errors)
        if not any(d.severity == "error" for d in found) and page in outputs.rendered:
            written = places({slug: index.record(slug).site_urls})
            found += check_files(
                pages.origins, scratch.read, job.config.base_url, (BUNDLE + "/",), only=[page], places=written
            )
    return sorted(d for d in found if os.path.dirname(d.path) == os.path.dirname(pages.origins[page]))
