"""The language server's pure parts: places between gloss and the protocol (UTF-16,
UTF-8), what is typed at a cursor of a notes file that may not parse, where notes
values start and end, the outline of a document, and the site-wide facts kept in
step with a bundle read again (the same as made from scratch)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lsprotocol import types
from memory import Bundle, write_site

from gloss.anchoring.anchors import Anchored, Nearby
from gloss.anchoring.ends import EndLines
from gloss.lsp.hover import passage
from gloss.lsp.outline import outline
from gloss.lsp.positions import Lines, Place
from gloss.lsp.site import Site, facts
from gloss.lsp.yamlcontext import keys_at, parents, typed_at, values_of
from gloss.lsp.yamlspans import at, scalars

TEXT = 'quote: "😀 見送り"\n'


@pytest.mark.parametrize(("encoding", "character"), [("utf-16", 14), ("utf-8", 22), ("utf-32", 13)])
def test_places_both_ways(encoding: str, character: int) -> None:
    lines = Lines(TEXT, encoding)
    end = Place(0, len(TEXT.rstrip("\n")) - 1)  # (before the closing quote)
    assert lines.position(end) == types.Position(line=0, character=character)
    assert lines.place(types.Position(line=0, character=character)) == end
    assert lines.place(types.Position(line=0, character=999)) == Place(0, len(TEXT) - 1)
    assert lines.position(Place(5, 0)) == types.Position(line=1, character=0)  # (past the end: its end)


NOTES = """\
date: 2026-01-01
tags: [a, b]
key_points:
  - title: One
    anchor: "#on
  - {title: Two, doc: }
toc:
  - "#tw
  - {anchor: original#x, label: X}
related: [
"""


def test_what_is_typed_where_the_file_is_not_yaml() -> None:
    lines = NOTES.split("\n")
    assert scalars(NOTES) is None
    anchor = typed_at(lines, 4, len(lines[4]))
    assert (anchor.what, anchor.key, anchor.quote, anchor.typed, anchor.parents) == (
        "anchor", "anchor", '"', "#on", ("key_points",))  # fmt: skip
    assert typed_at(lines, 7, len(lines[7])).what == "anchor"
    assert typed_at(lines, 7, len(lines[7])).parents == ("toc",)
    tag = typed_at(lines, 1, len("tags: [a, "))
    assert (tag.what, tag.typed) == ("tag", "")
    value = typed_at(lines, 5, len("  - {title: Two, doc: "))
    assert (value.what, value.key) == ("value", "doc")
    assert values_of(value.parents, "doc") == ["index", "original"]
    assert parents(lines, 3) == ("key_points",)
    assert {"quote", "anchor", "within"} <= {k for k, _ in keys_at(("key_points",))}
    assert typed_at(lines, 0, 2).what == "key" and typed_at(lines, 0, 2).parents == ()


def test_where_values_start_and_end() -> None:
    text = 'key_points:\n  - {title: "推理", anchor: "#why"}\ntoc: ["#a", original#b]\n'
    found = {s.path: s for s in scalars(text) or ()}
    anchor = found[("key_points", 0, "anchor")]
    assert (anchor.value, anchor.role, anchor.flow, anchor.style) == ("#why", "anchor", True, '"')
    assert (anchor.span.start, anchor.span.end) == (Place(1, 26), Place(1, 32))
    assert (anchor.inner.start, anchor.inner.end) == (Place(1, 27), Place(1, 31))
    assert found[("toc", 1)].role == "anchor" and found[("toc", 1)].inner == found[("toc", 1)].span
    assert at(text, Place(1, 12)) == found[("key_points", 0, "title")]


def test_outline_ids_and_places() -> None:
    text = (
        "---\ntitle: T\n---\n# 標題\n\n## 理由 {#why}\n\nText.\n\n| a |\n|---|\n| 1 |\n\n### Sub\n\nMore [x](#why).\n"
    )
    found = outline("/x/index.md", text, "index")
    assert [(t.ident, t.kind, t.first) for t in found.targets] == [
        ("標題", "title", 3), ("why", "heading", 5), ("table-1", "table", 9), ("sub", "heading", 13)]  # fmt: skip
    why = found.target("why")
    assert (
        why is not None and why.pinned is not None and (why.pinned.start, why.pinned.end) == (Place(5, 8), Place(5, 11))
    )
    assert found.section(why) == ["Text.", "| a |", "|---|", "| 1 |", "### Sub", "More [x](#why)."]
    assert [(link.ref.fragment, link.span.start) for link in found.links] == [("why", Place(15, 9))]
    original = outline("/x/original.md", "# Title\n\n## Part\n", "original")
    assert [t.ident for t in original.targets] == ["title", "part"]  # (without the page's "original-")


def test_facts_kept_in_step_are_the_facts_made_anew(tmp_path: Path) -> None:
    notes = "date: 2026-01-0{n}\ntags: [t{n}, shared]\nrelated: [a]\n"
    content = write_site(tmp_path, {s: Bundle(notes.format(n=n)) for n, s in enumerate(("a", "b", "c"), 1)})
    site = Site(Path(os.path.abspath(content)))
    site.index()
    folder = os.path.abspath(content / "b")
    edited = (content / "b" / "notes.yaml").read_text() + "summary: A new summary.\n"
    site.read(folder, {os.path.join(folder, "notes.yaml"): edited})  # (what the facts hold of it: unchanged)
    assert site.config is not None and site.facts is not None
    assert site.facts == facts(site.bundles, False, site.config)
    assert site.facts.records["b"].summary_line == "A new summary."
    renamed = (content / "b" / "index.md").read_text().replace("## One", "## Uno")
    site.read(folder, {os.path.join(folder, "index.md"): renamed})  # (its ids changed: made anew)
    assert "uno" in site.facts.built["b"].ids and site.facts == facts(site.bundles, False, site.config)


def test_hover_names_both_passages_the_words_cannot_tell_apart() -> None:
    found = Anchored(
        ("highlights", 0),
        "orphan",
        line=3,
        text="監査の体制は遅れたまま",
        similarity=0.97,
        rival=Nearby(9, "監査の体制は良くなったままだ", 0.84),
    )
    text = passage(found, "index")
    assert text.startswith("**Not found** in index.md, and two passages are alike it")
    assert "Line 3 (97% alike):\n\n> 監査の体制は遅れたまま" in text
    assert "Line 9 (84% alike):\n\n> 監査の体制は良くなったままだ" in text


def test_hover_on_a_quote_whose_end_occurs_only_before_it_says_so() -> None:
    lost = EndLines(head=5, before=3)
    found = Anchored(("highlights", 0), "orphan", line=7, text="发布", similarity=0.5, lost_end=lost)
    text = passage(found, "index")
    assert text.startswith("**Its end is not found**: `quote_end` occurs in index.md only at line 3, before")
    assert "the words of `quote` (line 5)" in text and "not in index.md" not in text


def test_hover_says_when_the_context_frames_none_of_the_occurrences() -> None:
    where = ((4, 'prefix: "序論"'), (9, 'prefix: "結論"'))
    framed = passage(Anchored(("highlights", 0), "ambiguous", occurrences=where, context_changed=True), "index")
    assert framed.startswith("**Ambiguous**: occurs 2 times in index.md, none of them beside its prefix/suffix")
    assert '- line 9: prefix: "結論"' in framed
    plain = passage(Anchored(("highlights", 0), "ambiguous", occurrences=where), "index")
    assert plain.startswith("**Ambiguous**: occurs 2 times in index.md; what picks each")
