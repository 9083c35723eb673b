"""Parts of pages kept between builds: found by the identity of their data without
hashing it, else by equality; data that cannot be a key is rendered every time."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from gloss.build.parts import Kept, Parts
from gloss.build.templating import runs
from gloss.core import cache as disk


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


def _kept(tmp_path: Path, base: str = "theme 1") -> Kept:
    return Kept(disk.Store(tmp_path / "parts"), base, lambda value: disk.key(repr(value).encode()))


def test_a_fresh_process_reads_kept_parts_back_instead_of_rendering_them(tmp_path: Path) -> None:
    made: list[str] = []

    def make(text: str) -> Markup:
        made.append(text)
        return Markup(f"<section>{text}</section>")

    first = Parts()
    first.kept = _kept(tmp_path)
    day = {"day": ("2026-03-01", ("推理成本", "Safety report"))}
    assert first.get("home_day.html", "ja", day, lambda: make("a")) == "<section>a</section>"
    later = Parts()  # (the next build, in another process)
    later.kept = _kept(tmp_path)
    assert later.get("home_day.html", "ja", day, lambda: make("b")) == "<section>a</section>"
    assert later.get("home_day.html", "zh", day, lambda: make("c")) == "<section>c</section>"
    other = {"day": ("2026-03-01", ("推理成本",))}
    assert later.get("home_day.html", "ja", other, lambda: make("d")) == "<section>d</section>"
    themed = Parts()  # another theme, configuration or gloss: another base
    themed.kept = _kept(tmp_path, "theme 2")
    assert themed.get("home_day.html", "ja", day, lambda: make("e")) == "<section>e</section>"
    assert made == ["a", "c", "d", "e"]


def test_kept_parts_are_pruned_to_one_builds_once_they_pile_up(tmp_path: Path) -> None:
    for day in range(9):
        kept = _kept(tmp_path)
        parts = Parts()
        parts.kept = kept
        parts.get("home_day.html", "en", {"day": day}, lambda: Markup("<section></section>"))
        dropped = kept.prune(floor=2)
        assert dropped == (8 if day == 8 else 0)
    assert kept.store.count() == 1


def test_runs_are_counted_from_the_end_so_new_items_change_the_first_only() -> None:
    assert runs(list(range(7)), 3) == [[0], [1, 2, 3], [4, 5, 6]]
    assert runs(list(range(6)), 3) == [[0, 1, 2], [3, 4, 5]]
    assert runs([], 3) == []
    older = runs(["b", "c", "d", "e"], 2)
    newer = runs(["新", "a", "b", "c", "d", "e"], 2)
    assert newer[1:] == older
