"""The search index's layout and its overlay, on pages in memory."""

from __future__ import annotations

from dataclasses import replace

from gloss.formats.searchlayout import OVERLAY, IndexedPage, Layout, overlay_budget, plan, shards

LANGS = ("en", "en", "ja", "zh")
PAGES = [IndexedPage(f"p{i:05d}/index.html", f"202{i // 1000}-04-01", str(i), LANGS[i % 4]) for i in range(4000)]
LAYOUT = Layout(tuple(shards(PAGES)))


def test_without_a_layout_or_a_change_the_layout_is_the_shards() -> None:
    assert plan(PAGES, None).shards == LAYOUT.shards and plan(PAGES, None).overlay is None
    same = plan(list(reversed(PAGES)), LAYOUT)
    assert same.shards == LAYOUT.shards and same.overlay is None and same.superseded == ()


def test_a_day_of_edits_goes_to_the_overlay_and_supersedes_the_old_copies() -> None:
    edited = {PAGES[i].path for i in (7, 1500, 2999)}
    deleted = PAGES[42].path
    today = [IndexedPage(f"new{i}/index.html", "2027-01-01", f"n{i}", LANGS[i % 4]) for i in range(20)]
    now = [replace(p, key=p.key + "'") if p.path in edited else p for p in PAGES if p.path != deleted] + today
    found = plan(now, LAYOUT)
    assert found.shards == LAYOUT.shards  # no shard of the layout is indexed again
    assert found.overlay is not None and found.overlay.name == OVERLAY
    assert {p.path for p in found.overlay.pages} == edited | {p.path for p in today}
    owner = {p.path: s.name for s in LAYOUT.shards for p in s.pages}
    assert sorted(found.superseded) == sorted((owner[p.path], p) for p in PAGES if p.path in edited | {deleted})
    assert all(name != OVERLAY for name in {s.name for s in shards(now)})  # the overlay's name is its own


def test_past_its_budget_or_a_new_layout_being_cheaper_the_pages_are_laid_anew() -> None:
    many = [replace(p, key=p.key + "'") if i % 8 == 0 else p for i, p in enumerate(PAGES)]  # 500 edits
    assert 500 * 2 > overlay_budget()
    assert plan(many, LAYOUT).overlay is None and plan(many, LAYOUT).shards == tuple(shards(many))
    small = PAGES[:6]  # one shard a language: a new layout indexes these again, the overlay as many
    edited = [replace(p, key="x") if p.lang == "ja" else p for p in small]
    assert plan(edited, Layout(tuple(shards(small)))).overlay is None
    one = [replace(p, key="x") if p is small[0] else p for p in small]  # 1 page of a 4-page shard: overlay
    assert plan(one, Layout(tuple(shards(small)))).overlay is not None
