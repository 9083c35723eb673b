"""Parts of pages kept between builds: found by the identity of their data without
hashing it, else by equality; data that cannot be a key is rendered every time."""

from __future__ import annotations

from markupsafe import Markup

from gloss.build.parts import Parts


class Month:
    hashed = 0

    def __init__(self, name: str) -> None:
        self.name = name

    def __hash__(self) -> int:
        Month.hashed += 1
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Month) and other.name == self.name


def test_the_same_object_is_found_without_hashing_an_equal_one_by_value() -> None:
    parts, made = Parts(), []

    def make(name: str) -> Markup:
        made.append(name)
        return Markup(f"<section>{name}</section>")

    march = Month("2026-03")
    first = parts.get("archive_month.html", "ja", {"month": march}, lambda: make("a"))
    hashed = Month.hashed
    assert parts.get("archive_month.html", "ja", {"month": march}, lambda: make("b")) is first
    assert Month.hashed == hashed  # (found by identity)
    assert parts.get("archive_month.html", "ja", {"month": Month("2026-03")}, lambda: make("c")) is first
    assert parts.get("archive_month.html", "en", {"month": march}, lambda: make("d")) is not first
    assert made == ["a", "d"]


def test_data_that_cannot_be_a_key_is_made_every_time() -> None:
    parts, made = Parts(), []
    for _ in range(2):
        parts.get("x.html", "en", {"items": {"a": 1}}, lambda: Markup(str(made.append(1))))
    assert len(made) == 2 and len(parts.by_value) == 0


def test_a_run_of_a_batch_is_keyed_by_its_items() -> None:
    """(``batch`` gives lists: a run of equal items is the same part)"""
    parts, made = Parts(), []
    for _ in range(2):
        parts.get("article_items.html", "en", {"refs": ["a", "b"]}, lambda: Markup(str(made.append(1))))
    assert len(made) == 1
