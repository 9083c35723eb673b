"""Related articles: the bitset ranking (``gloss/build/ranking.py``) gives exactly what
scoring every pair gives (``sitewide.related_slugs``), on random sites with
shared weights, equal dates, explicit related lists and duplicated tags."""

from __future__ import annotations

import random
from dataclasses import dataclass

from gloss.build import records, sitewide
from gloss.content.views import TagRef


@dataclass(frozen=True)
class Art:
    slug: str
    date: str
    tags: tuple[TagRef, ...]


def _all_pairs(resolved: list[Art], wanted: dict[str, list[str]], limit: int) -> dict[str, tuple[str, ...]]:
    by_slug = {a.slug: a for a in resolved}
    by_tag: dict[str, list[str]] = {}
    for a in resolved:
        for t in a.tags:
            by_tag.setdefault(t.name, []).append(a.slug)
    weights = sitewide._weights(resolved)
    return {
        a.slug: sitewide.related_slugs(a, [s for s in wanted[a.slug] if s in by_slug], by_tag, by_slug, weights, limit)  # type: ignore[arg-type]  # duck-typed
        for a in resolved
    }


def _site(seed: int) -> tuple[list[Art], dict[str, list[str]], int]:
    rng = random.Random(seed)
    names = [f"t{i}" for i in range(rng.randint(1, 8))]
    arts = []
    for i in range(rng.randint(1, 80)):
        tags = tuple(TagRef(t, t, t) for t in rng.sample(names, rng.randint(0, min(len(names), 5))))
        arts.append(Art(f"s{rng.randint(0, 10**6)}-{i}", f"2026-0{rng.randint(1, 3)}-{rng.randint(10, 14)}", tags))
    arts.sort(key=lambda a: (a.date, a.slug))
    wanted = {a.slug: rng.sample([b.slug for b in arts], min(len(arts), rng.randint(0, 2))) for a in arts}
    return arts, wanted, rng.randint(1, 7)


def test_the_bitset_ranking_equals_scoring_every_pair() -> None:
    for seed in range(300):
        arts, wanted, limit = _site(seed)
        assert sitewide.related(arts, wanted.__getitem__, limit) == _all_pairs(arts, wanted, limit), seed


def test_patching_after_a_change_equals_ranking_again() -> None:
    arts, wanted, limit = _site(7)
    before = sitewide.related(arts, wanted.__getitem__, limit)
    moved = arts[0]
    arts[0] = Art(moved.slug, moved.date, (TagRef("t0", "t0", "t0"),))
    names = {t.name for t in moved.tags} | {"t0"}
    patched = sitewide.related(arts, wanted.__getitem__, limit, before, [moved.slug], names)
    assert patched == sitewide.related(arts, wanted.__getitem__, limit)


def test_articles_with_more_tags_than_subsets_allow_are_ranked_the_same() -> None:
    """Past ``ranking.MAX_TAGS`` an article is ranked by counting, as before."""
    rng = random.Random(5)
    names = [f"t{i}" for i in range(16)]
    arts = sorted(
        (
            Art(
                f"a{i:03d}",
                f"2026-02-{10 + i % 5}",
                tuple(TagRef(t, t, t) for t in rng.sample(names, rng.choice([2, 12]))),
            )
            for i in range(60)
        ),
        key=lambda a: (a.date, a.slug),
    )
    wanted: dict[str, list[str]] = {a.slug: [] for a in arts}
    assert any(len(a.tags) > 10 for a in arts)
    assert sitewide.related(arts, wanted.__getitem__, 5) == _all_pairs(arts, wanted, 5)


def test_who_lists_an_article_is_related_turned_round() -> None:
    for seed in range(50):
        arts, wanted, limit = _site(seed)
        ranked = sitewide.related(arts, wanted.__getitem__, limit)
        listed = records.listed_by(ranked)
        for a in arts:
            assert set(listed.get(a.slug, ())) == {b for b, theirs in ranked.items() if a.slug in theirs}, seed
