"""notesedit: notes.yaml edited in place. Each case applies one edit to a file of
notesedit/ and compares the bytes with a golden file (``<file>.<edit>.yaml``):
comments, flow style, CJK text, long folded lines, an empty ``highlights:``, no
``highlights:`` at all (with CRLF line endings and no final line break). Besides
the golden bytes: an addition only inserts (every byte before and after it is the
old file's), and deleting what was added gives the file back byte for byte.

    GLOSS_UPDATE_GOLDEN=1 pytest tests/unit/content/test_notesedit.py   # write the golden files
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gloss.content.notesedit import EditError, add_entry, delete_entry, edit_entry
from gloss.text.yamlsafe import load

HERE = Path(__file__).parent / "notesedit"

Edit = Callable[[str], str]


def add(kind: str, **entry: str) -> Edit:
    return lambda text: add_entry(text, kind, entry)


def change(kind: str, index: int, **values: str) -> Edit:
    return lambda text: edit_entry(text, kind, index, values)


def delete(kind: str, index: int) -> Edit:
    return lambda text: delete_entry(text, kind, index)


CASES: dict[str, tuple[str, Edit]] = {
    "comments.add-highlight": ("comments", add("highlights", quote="five labs", prefix="Three of ", note="*Most*.")),
    "comments.add-key-point": ("comments", add("key_points", title="A new point", quote="trail", text="Why.")),
    "comments.add-takeaway": ("comments", add("takeaways", quote="no trail", doc="original", text="Logs.")),
    "comments.edit-note": ("comments", change("highlights", 0, note="Sharper.")),
    "comments.edit-key-point": ("comments", change("key_points", 1, title="What changes now", text="Audits.")),
    "comments.clear-text": ("comments", change("key_points", 0, text="")),
    "comments.delete-key-point": ("comments", delete("key_points", 0)),
    "comments.delete-takeaway": ("comments", delete("takeaways", 0)),
    "flow.add-highlight": ("flow", add("highlights", quote="third", note="A flow note.")),
    "flow.add-takeaway": ("flow", add("takeaways", quote="a passage", text="Flow takeaway.")),
    "flow.add-key-point": ("flow", add("key_points", title="Third", quote="more")),
    "flow.edit-note": ("flow", change("highlights", 0, note="Edited: a claim, not a fact.")),
    "flow.edit-adds-text": ("flow", change("key_points", 1, text="Now with text.")),
    "flow.delete-first": ("flow", delete("key_points", 0)),
    "flow.delete-last": ("flow", delete("key_points", 1)),
    "flow.delete-highlight": ("flow", delete("highlights", 0)),
    "cjk.add-highlight": (
        "cjk",
        add("highlights", quote="慎重な判断", prefix="その", doc="original", note="「慎重」に注目。"),
    ),
    "cjk.edit-note": ("cjk", change("highlights", 0, note="「限定」こそ鍵。")),
    "cjk.delete-highlight": ("cjk", delete("highlights", 0)),
    "folded.edit-note": ("folded", change("highlights", 0, note="Shorter now.")),
    "folded.delete-first": ("folded", delete("highlights", 0)),
    "folded.add-highlight": ("folded", add("highlights", quote="the third passage", note='He said "no".')),
    "empty.add-highlight": ("empty", add("highlights", quote="nothing", note="First.")),
    "none.add-highlight": ("none", add("highlights", quote="one", doc="original", note="Two.")),
}


def source(name: str) -> str:
    return (HERE / f"{name}.yaml").read_bytes().decode("utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_edit_gives_the_golden_bytes(case: str) -> None:
    name, edit = CASES[case]
    result = edit(source(name)).encode("utf-8")
    golden = HERE / f"{case}.yaml"
    if os.environ.get("GLOSS_UPDATE_GOLDEN"):
        golden.write_bytes(result)
    assert result == golden.read_bytes()


def splice(old: str, new: str) -> tuple[str, str]:
    """(what of ``old`` went, what came) where the two differ, past their common ends."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return old[start : len(old) - end], new[start : len(new) - end]


@pytest.mark.parametrize("case", sorted(c for c in CASES if ".add-" in c))
def test_an_addition_inserts_and_its_deletion_gives_the_file_back(case: str) -> None:
    name, edit = CASES[case]
    old = source(name)
    new = edit(old)
    gone, came = splice(old, new)
    if name != "empty":  # (there the new entry goes under the key, on the lines after it)
        assert gone == ""
    kind = next(k for k in ("highlights", "key_points", "takeaways") if k.replace("_", "-")[:-1] in case)
    index = len(load(new).data[kind]) - 1
    back = delete_entry(new, kind, index)
    if name in ("empty", "none"):
        assert kind not in load(back).data  # the key went with its only entry
    else:
        assert back == old


def test_an_edit_then_its_reverse_gives_the_file_back() -> None:
    old = source("cjk")
    new = edit_entry(old, "highlights", 0, {"note": "別の注。"})
    gone, came = splice(old, new)
    assert (gone, came) == ("「限定」が鍵。", '"別の注。"')
    back = edit_entry(new, "highlights", 0, {"note": "「限定」が鍵。"})
    assert back.replace('"「限定」が鍵。"', "「限定」が鍵。") == old  # (the value comes back double-quoted)


def test_the_data_read_back_is_exactly_the_old_data_with_the_entry() -> None:
    old = source("comments")
    new = add_entry(old, "highlights", {"quote": 'a "quoted"\tpassage\u200b', "note": "x: y # not a comment"})
    before: dict[str, Any] = load(old).data
    after: dict[str, Any] = load(new).data
    assert after["highlights"][-1] == {"quote": 'a "quoted"\tpassage\u200b', "note": "x: y # not a comment"}
    others = {k: v for k, v in after.items() if k != "highlights"}
    assert others == {k: v for k, v in before.items() if k != "highlights"}
    assert '"a \\"quoted\\"\\x09passage\\u200b"' in new  # written as yaml_string writes quotes


@pytest.mark.parametrize(
    ("text", "edit", "message"),
    [
        ("date: 2026-01-01\n", add("highlights", note="no quote"), "needs quote"),
        ("date: 2026-01-01\n", add("highlights", quote="q", title="t"), "has no title"),
        ("date: 2026-01-01\nhighlights: 3\n", add("highlights", quote="q"), "not a list"),
        ("date: 2026-01-01\n", change("highlights", 0, note="x"), "no highlights"),
        ("highlights:\n  - quote: q\n", change("highlights", 1, note="x"), "no highlights entry 2"),
        ("highlights:\n  - quote: q\n", change("highlights", 0, quote="x"), "cannot be edited"),
        ("key_points:\n  - title: q\n", change("key_points", 0, title=""), "needs title"),
        ("{date: 2026-01-01}\n", add("highlights", quote="q"), "not a block mapping"),
        ("date: 2026-01-01\n...\n", add("highlights", quote="q"), "YAML"),
        ("date: [\n", add("highlights", quote="q"), "YAML"),
    ],
)
def test_edits_that_cannot_be_made_are_refused(text: str, edit: Edit, message: str) -> None:
    with pytest.raises(EditError, match=message):
        edit(text)


def test_a_note_of_several_lines_is_written_as_a_literal_block() -> None:
    """As an editor writes paragraphs: ``note: |-`` and the lines under it, not escapes."""
    text = "date: 2026-01-01\nhighlights:\n  - quote: a\n    note: b\n"
    note = "第一段落。\n\n第二段落、*強調*。"
    added = add_entry(text, "highlights", {"quote": "x", "note": note})
    assert added == text + '  - quote: "x"\n    note: |-\n      第一段落。\n\n      第二段落、*強調*。\n'
    assert load(added).data["highlights"][1]["note"] == note
    edited = edit_entry(added, "highlights", 0, {"note": "one\ntwo\n"})
    assert "  - quote: a\n    note: |\n      one\n      two\n" in edited
    assert load(edited).data["highlights"][0]["note"] == "one\ntwo\n"


@pytest.mark.parametrize("note", ["  indented first line\nsecond", "a\n   \nb", "one line", "zero\u200bwidth\nx"])
def test_what_a_literal_block_cannot_give_back_is_written_quoted(note: str) -> None:
    text = "date: 2026-01-01\nhighlights:\n  - quote: a\n    note: b\n"
    added = add_entry(text, "highlights", {"quote": "x", "note": note})
    assert "|" not in added.split('quote: "x"')[1] and '"' in added.split("note: ")[-1]
    assert __import__("yaml").safe_load(added)["highlights"][1]["note"] == note
