"""The page check's listing of a site's files is the build's: every path ``Pages.make_all``
claims, with the file each is reported against, though only one article is rendered."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import FIXTURES

from gloss.content.config import load_config
from gloss.content.theme import load_theme
from gloss.core import cache as disk
from gloss.lsp.pagecheck import _Listing, _ListingPages
from gloss.publish.scratch import Scratch
from gloss.site.collect import Job, collect, index_site
from gloss.site.incremental import Outputs
from gloss.site.pages import Pages


def test_the_listing_claims_what_a_build_makes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small" / "content", content)
    theme, _ = load_theme(None)
    assert theme is not None
    config, _ = load_config(content)
    assert config is not None
    job = Job(config, content, disk.Store(tmp_path / "cache"))
    entries, _ = collect(job, 1)
    index = index_site(config, entries, False, [])
    slug = index.records[0].slug
    with tempfile.TemporaryDirectory() as work, Scratch(Path(work) / "site", reuse=False, at=Path(work)) as scratch:
        full = Pages(index, theme, Outputs(scratch, job.cache.layer("outputs"), "", before={}), job)
        full.make_all(1, None)
    with tempfile.TemporaryDirectory() as work, Scratch(Path(work) / "site", reuse=False, at=Path(work)) as scratch:
        outputs = _Listing(scratch, job.cache.layer("outputs"), [f"{slug}/index.html"])
        listed = _ListingPages(index, theme, outputs, job, slug)
        listed.make_all(1, None)
        assert outputs.rendered == [f"{slug}/index.html", f"{slug}/annotations.jsonld"]
    assert listed.origins == full.origins
