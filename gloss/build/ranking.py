"""Related articles by shared tags, without scoring all pairs.

The score of B for A is the summed weight of the tags they share, so it
depends only on *which* of A's tags B carries. Each tag's articles are a
bitset (a Python int, bit i = the i-th article by date, then slug); the
articles carrying exactly a subset S of A's tags are the AND of S's bitsets
minus the others'. Subsets are visited best score first, and only until
``need`` articles are found; within a score the nearest in date win (ties by
slug), read off the bitset outward from A's own position. The cost per article
is a few operations on N-bit integers per subset visited, not the length of
its tags' article lists; the result is exactly the all-pairs ranking's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

MAX_TAGS = 10  # an article with more tags is ranked by counting (2^n subsets would cost more)


@lru_cache(maxsize=65536)
def day_number(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


@dataclass(frozen=True)
class Catalogue:
    """The articles in date order, with each tag's bitset and weight."""

    slugs: tuple[str, ...]  # by date, then slug
    days: tuple[int, ...]  # each article's day number
    position: dict[str, int]
    bits: dict[str, int]  # tag name -> bitset of its articles
    weights: dict[str, float]


def members(catalogue: Catalogue, mask: int) -> list[str]:
    """The slugs whose bits are set in ``mask`` (read off its binary digits in C, not
    by shifting an N-bit integer N times)."""
    digits = bin(mask)[:1:-1]  # lowest bit first
    return [catalogue.slugs[found.start()] for found in re.finditer("1", digits)]


def _bits_from(mask: int, start: int) -> int:
    """The lowest set bit of ``mask`` at or above ``start`` (-1: none)."""
    rest = mask >> start
    return (rest & -rest).bit_length() - 1 + start if rest else -1


def _bits_below(mask: int, end: int) -> int:
    """The highest set bit of ``mask`` below ``end`` (-1: none)."""
    return (mask & ((1 << end) - 1)).bit_length() - 1


def nearest(catalogue: Catalogue, mask: int, at: int, day: int, need: int) -> list[str]:
    """The ``need`` articles of ``mask`` nearest in date to ``day`` (ties by slug),
    walking outward from position ``at``."""
    slugs, days = catalogue.slugs, catalogue.days
    low, high = _bits_below(mask, at), _bits_from(mask, at)
    picked: list[tuple[int, str]] = []
    while low >= 0 or high >= 0:
        d_low = day - days[low] if low >= 0 else None
        d_high = days[high] - day if high >= 0 else None
        take_low = d_high is None or (d_low is not None and d_low <= d_high)
        distance = d_low if take_low else d_high
        assert distance is not None
        if len(picked) >= need and distance > picked[need - 1][0]:
            break
        if take_low:
            picked.append((distance, slugs[low]))
            low = _bits_below(mask, low)
        else:
            picked.append((distance, slugs[high]))
            high = _bits_from(mask, high + 1)
    picked.sort()
    return [slug for _, slug in picked[:need]]


def _subsets(names: list[str], weights: dict[str, float]) -> list[tuple[float, tuple[int, ...]]]:
    """Every non-empty subset of the article's tags (as indices) with its score, best
    first; the score summed in the article's tag order, as the all-pairs count does."""
    found = []
    for size in range(1, len(names) + 1):
        for subset in combinations(range(len(names)), size):
            score = 0.0
            for i in subset:
                score += weights[names[i]]
            found.append((score, subset))
    found.sort(key=lambda item: -item[0])
    return found


def ranked(
    catalogue: Catalogue, slug: str, names: Sequence[str], date: str, chosen: Sequence[str], need: int
) -> list[str]:
    """The ``need`` best articles sharing a tag with ``slug`` (carrying ``names``),
    leaving out ``chosen`` and itself."""
    names = list(dict.fromkeys(n for n in names if n in catalogue.bits))
    if not names:
        return []
    bits = [catalogue.bits[n] for n in names]
    excluded = 0
    for other in (slug, *chosen):
        if other in catalogue.position:
            excluded |= 1 << catalogue.position[other]
    at, day = catalogue.position[slug], day_number(date)
    found: list[str] = []
    groups = _subsets(names, catalogue.weights)
    everything = 0
    for b in bits:
        everything |= b
    i = 0
    while i < len(groups) and len(found) < need:
        score, mask = groups[i][0], 0
        while i < len(groups) and groups[i][0] == score:  # equal scores are one group
            mask |= _exactly(bits, groups[i][1], everything)
            i += 1
        mask &= ~excluded
        if mask:
            found += nearest(catalogue, mask, at, day, need - len(found))
    return found


def _exactly(bits: list[int], subset: tuple[int, ...], everything: int) -> int:
    """The articles carrying every tag of ``subset`` and none of the article's others."""
    mask = everything
    for i in range(len(bits)):
        mask &= bits[i] if i in subset else ~bits[i]
    return mask
