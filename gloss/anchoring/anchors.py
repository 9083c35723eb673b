"""Quote references of notes.yaml, anchored in a parsed document.

The glue between the notes (``quote:``, ``prefix:``, ``suffix:``,
``quote_end:``, ``within:``, ``doc:`` on key points, takeaways and
highlights), the matcher (``gloss.anchoring.quotes``) and the marks in the tokens
(``gloss.markdown.passages``). Runs inside the parse stage, so its results
are plain data cached with the parsed article; ``resolve`` turns them into
diagnostics and places on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from gloss.anchoring.ends import EndLines, lines, told
from gloss.anchoring.follow import Diff, asks_history, find_since, settle
from gloss.anchoring.quotes import Found, Selector, Status, Text, context, display, find, yaml_string
from gloss.content.notes import Highlight, KeyPoint, Notes
from gloss.markdown.passages import Mark, TextMap, mark
from gloss.text.quoting import collapsed_context
from gloss.text.yamlsafe import Path

_KIND = {"key_points": "kp", "takeaways": "ta", "highlights": "hl"}

AnchorStatus = Status | Literal["skipped"]


def passage_id(field: str, number: int) -> str:
    """The id of an annotation's passage on the page (1-based ``number``)."""
    return f"gloss-{_KIND[field]}-{number}"


def key_point_id(number: int) -> str:
    return f"gloss-key-point-{number}"


def note_id(number: int) -> str:
    return f"gloss-hl-{number}-note"


@dataclass(frozen=True)
class QuoteRef:
    path: Path  # (field, index) in notes.yaml
    selector: Selector
    within: str  # an id (without "#"), or ""
    label: str  # a key point's title, for the link back to it
    has_note: bool


@dataclass(frozen=True)
class Nearby:
    """A passage named beside an orphan: another as likely the quote's, edited (``Found.rival``)."""

    line: int  # 1-based line in the Markdown file
    text: str
    similarity: float


@dataclass(frozen=True)
class Anchored:
    """Where a quote reference landed, or why it did not."""

    path: Path
    status: AnchorStatus
    ident: str = ""  # the passage element's id (exact, drifted)
    block: int = 0  # the block where the passage starts…
    end_block: int = 0  # …and ends
    line: int = 0  # 1-based line in the Markdown file of the passage (or the closest one)
    text: str = ""  # the passage as it reads now, or the closest passage (orphan)
    prefix: str = ""  # the text around it, for the export
    suffix: str = ""
    similarity: float = 1.0
    occurrences: tuple[tuple[int, str], ...] = ()  # ambiguous: (line, what would pick it)
    context_changed: bool = False  # drifted: found by its words, not its context; ambiguous: context frames none
    number: int = 0  # a highlight with a note: its number in the document's text order (on mark and note)
    since: str = ""  # the earlier version (commit) the history decided from: drifted, followed; orphan, deleted
    rival: Nearby | None = None  # orphan: a second passage the words cannot tell from the closest
    end_doubted: bool = False  # exact by the words alone, its end perhaps a later passage's (``Found.end_doubted``)
    context_now: tuple[str, str] = ("", "")  # drifted: the prefix and suffix "Copy as note" would write for it now
    lost_end: EndLines | None = None  # orphan: the first words found, the last (``quote_end``) not after them


@dataclass(frozen=True)
class Version:
    """An earlier version of a document (from git), parsed: where to follow a quote from."""

    commit: str
    tmap: TextMap
    block_ids: list[tuple[str, ...]]
    levels: list[int]
    title_id: str | None


def quote_refs(notes: Notes, doc: str) -> list[QuoteRef]:
    """The quote references of ``notes`` that point into ``doc`` ("index" or "original")."""
    refs = []
    for path, item in notes.quoted():
        if item.quote is None or item.document != doc:
            continue
        within = (item.within or "").partition("#")[2]
        selector = Selector(item.quote, item.prefix or "", item.suffix or "", item.quote_end or "")
        label = item.title if isinstance(item, KeyPoint) else ""
        has_note = bool(item.note) if isinstance(item, Highlight) else False
        refs.append(QuoteRef(path, selector, within, label, has_note))
    return refs


def _sections(block_ids: list[tuple[str, ...]], levels: list[int], title_id: str | None) -> dict[str, tuple[int, int]]:
    """Each id's span of blocks: a heading's runs to the next heading of its level or
    above; any other element is its own block; the title is the whole document."""
    spans: dict[str, tuple[int, int]] = {title_id: (0, len(block_ids))} if title_id else {}
    for b, ids in enumerate(block_ids):
        end = b + 1
        if levels[b]:
            end = next((n for n in range(b + 1, len(block_ids)) if 0 < levels[n] <= levels[b]), len(block_ids))
        for ident in ids:
            spans.setdefault(ident, (b, end))
    return spans


def _result(ref: QuoteRef, found: Found, text: Text, tmap: TextMap, line_offset: int, since: str = "") -> Anchored:
    field, index = ref.path[0], int(ref.path[1])
    line = tmap.line_at(found.start) + 1 + line_offset
    if found.status == "ambiguous":
        where = tuple((tmap.line_at(o.start) + 1 + line_offset, o.hint) for o in found.occurrences)
        return Anchored(ref.path, "ambiguous", occurrences=where, context_changed=found.context_changed)
    passage = display(text.raw[found.start : found.end])
    if found.status == "orphan":
        rival = None
        if found.rival is not None:
            other = found.rival
            rival_line = tmap.line_at(other.start) + 1 + line_offset
            rival = Nearby(rival_line, display(text.raw[other.start : other.end]), other.similarity)
        lost = None
        if found.lost_end is not None:
            lost = lines(found.lost_end, lambda at: tmap.line_at(at) + 1 + line_offset)
        return Anchored(
            ref.path,
            "orphan",
            line=line,
            text=passage,
            similarity=found.similarity,
            since=since,
            rival=rival,
            lost_end=lost,
        )
    before, after = context(text, found.start, found.end)
    return Anchored(
        ref.path,
        found.status,
        passage_id(str(field), index + 1),
        tmap.block_at(found.start),
        tmap.block_at(max(found.start, found.end - 1)),
        line,
        passage,
        before,
        after,
        found.similarity,
        context_changed=found.context_changed,
        since=since,
        end_doubted=found.end_doubted,
        context_now=collapsed_context(text.raw, found.start, found.end) if found.status == "drifted" else ("", ""),
    )


def _mark(ref: QuoteRef, found: Found) -> Mark:
    field, index = str(ref.path[0]), int(ref.path[1])
    ident = passage_id(field, index + 1)
    if field == "highlights":
        attrs = (("aria-describedby", note_id(index + 1)),) if ref.has_note else ()
        return Mark(found.start, found.end, "mark", "highlight", ident, attrs)
    if field == "key_points":
        return Mark(
            found.start,
            found.end,
            "span",
            "passage key-point-passage",
            ident,
            back_href="#" + key_point_id(index + 1),
            back_label=ref.label,
        )
    return Mark(found.start, found.end, "span", "passage takeaway-passage", ident)


class _Earlier:
    """A document's earlier versions, each parsed (and diffed against the text now) when first
    needed, once for all its quotes."""

    def __init__(self, versions: Sequence[Callable[[], Version]], now: Text) -> None:
        self.versions, self.now = versions, now
        self.parsed: list[tuple[Version, Diff, dict[str, tuple[int, int]]]] = []

    def searched(self, within: str) -> Iterator[tuple[Diff, int, int]]:
        """Each version's diff and the span ``within`` names in it (versions naming none skipped)."""
        for number in range(len(self.versions)):
            if number == len(self.parsed):
                version = self.versions[number]()
                self.parsed.append(
                    (
                        version,
                        Diff(Text(version.tmap.text), self.now),
                        _sections(version.block_ids, version.levels, version.title_id),
                    )
                )
            version, diff, spans = self.parsed[number]
            lo, hi = _span(version.tmap, spans, within)
            if lo >= 0:
                yield diff, lo, hi

    def commit(self, diff: Diff) -> str:
        return next(version.commit for version, d, _ in self.parsed if d is diff)


def _span(tmap: TextMap, spans: dict[str, tuple[int, int]], within: str) -> tuple[int, int]:
    """The raw span of the text searched: the section ``within`` names, or all; (-1, -1) if it names none."""
    if not within:
        return 0, len(tmap.text)
    if within not in spans:
        return -1, -1
    first, last = spans[within]
    return tmap.block_starts[first], tmap.block_starts[last]


def anchor_quotes(
    tmap: TextMap,
    refs: list[QuoteRef],
    block_ids: list[tuple[str, ...]],
    levels: list[int],
    title_id: str | None,
    line_offset: int,
    earlier: Sequence[Callable[[], Version]] = (),
) -> tuple[Anchored, ...]:
    """Find each reference's passage and mark it in the tokens of ``tmap``; a passage the words
    alone do not find is followed from the newest ``earlier`` version where they did."""
    if not refs:
        return ()
    text = Text(tmap.text)
    spans = _sections(block_ids, levels, title_id)
    history = _Earlier(earlier, text)
    results: list[Anchored] = []
    marks: list[Mark] = []
    for ref in refs:
        lo, hi = _span(tmap, spans, ref.within)
        if lo < 0:
            results.append(Anchored(ref.path, "skipped"))  # resolve reports the bad within
            continue
        found = find(text, ref.selector, lo, hi)
        since = ""
        if asks_history(found) and earlier:
            followed = find_since(ref.selector, history.searched(ref.within), lo, hi)
            if followed is not None:
                since, found = history.commit(followed.diff), settle(found, followed, lo, hi)
        results.append(_result(ref, found, text, tmap, line_offset, since))
        if found.status in ("exact", "drifted"):
            marks.append(_mark(ref, found))
    marks, numbers = _numbered(marks)
    mark(tmap, marks)
    return tuple(replace(r, number=numbers[r.ident]) if r.ident in numbers else r for r in results)


def _numbered(marks: list[Mark]) -> tuple[list[Mark], dict[str, int]]:
    """Highlights with a note numbered in text order (where they start), each
    followed by its number linking to its note; the numbers by passage id."""
    noted = sorted((m for m in marks if m.cls == "highlight" and m.attrs), key=lambda m: (m.start, m.end))
    numbers = {m.ident: n for n, m in enumerate(noted, 1)}
    return [
        replace(
            m, back_href="#" + dict(m.attrs)["aria-describedby"], back_text=str(numbers[m.ident]), back_cls="note-ref"
        )
        if m.ident in numbers
        else m
        for m in marks
    ], numbers


CONTEXT_GONE = ", none of them beside its prefix/suffix (the passage quoted may be deleted or edited)"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem(
    anchored: Anchored, quote: str, doc_file: str, end: str = "", had_context: bool = False
) -> tuple[str, str] | None:
    """What to tell the editor about an anchored quote: (severity, message), or None
    (``end``: its ``quote_end``, if any; ``had_context``: it was written with a prefix or suffix)."""
    where = f"{doc_file}:{anchored.line}"
    if anchored.status == "drifted" and anchored.context_changed:
        return "warning", (
            f'the passage "{_short(quote)}" was found by its words at {where}, but its prefix/suffix '
            f"no longer match the text around it; update them, e.g. prefix: "
            f"{yaml_string(anchored.prefix[-16:])}"
        )
    if anchored.status == "drifted" and anchored.since:
        return "warning", (
            f"the quoted passage has changed since commit {anchored.since}; followed through the "
            f"edits to {where} ({anchored.similarity:.0%} alike), it now reads: {now_reads(anchored, had_context)}"
        )
    if anchored.status == "drifted":
        return "warning", (
            f"the quoted passage has changed ({anchored.similarity:.0%} alike, {where}); "
            f"it now reads: {now_reads(anchored, had_context)}"
        )
    if anchored.status == "ambiguous":
        lines = ", ".join(str(line) for line, _ in anchored.occurrences[:8])
        picks = "; ".join(f"{hint} (line {line})" for line, hint in anchored.occurrences[:3] if hint)
        return "error", (
            f'"{_short(quote)}" occurs {len(anchored.occurrences)} times in {doc_file} (lines {lines})'
            + (CONTEXT_GONE if anchored.context_changed else "")
            + "; "
            + (f"say which with {picks}" if picks else "quote more words to tell them apart")
        )
    if anchored.status == "orphan" and anchored.lost_end is not None:
        closest = (anchored.line, anchored.similarity, _short(anchored.text, 120)) if anchored.text else None
        since = f" (it ended the passage at commit {anchored.since})" if anchored.since else ""
        return "error", told(anchored.lost_end, _short(end), doc_file, closest) + since
    if anchored.status == "orphan":
        return "error", _orphan(anchored, quote, doc_file, end)
    return None


def now_reads(anchored: Anchored, had_context: bool) -> str:
    """A drifted quote's fields as they now read, ready to paste: the quote, and the prefix
    and suffix that single it out now (those the editor wrote may no longer be beside it)."""
    prefix, suffix = anchored.context_now
    fields = [f"quote: {yaml_string(anchored.text)}"]
    fields += [f"{key}: {yaml_string(value)}" for key, value in (("prefix", prefix), ("suffix", suffix)) if value]
    if not had_context:
        return ", ".join(fields)
    return ", ".join(fields) + (
        " (for the prefix/suffix written)" if prefix or suffix else " (without the prefix/suffix written)"
    )


def about(anchored: Anchored) -> str:
    """The notes field ``problem``'s message is about: ``quote_end`` for a lost end, else ``quote``."""
    return "quote_end" if anchored.status == "orphan" and anchored.lost_end is not None else "quote"


def _orphan(anchored: Anchored, quote: str, doc_file: str, end: str = "") -> str:
    """What to tell the editor about a quote that anchors nowhere (``end``: a long passage's
    ``quote_end``: then the passage, from its first words to its last, is what is not there)."""
    said = f'the passage from "{_short(quote)}" to "{_short(end)}"' if end else f'"{_short(quote)}"'
    if anchored.since:
        closest = (
            f"; the closest passage ({anchored.similarity:.0%} alike, line {anchored.line}) is another one: "
            f"{yaml_string(_short(anchored.text, 120))}"
            if anchored.text
            else ""
        )
        return (
            f"{said} is not in {doc_file}: the passage was deleted or rewritten since commit {anchored.since}{closest}"
        )
    if anchored.rival is not None:
        other = anchored.rival
        return (
            f"{said} is not in {doc_file}, and two passages are alike it: its words cannot tell "
            f"which one is the passage edited. Line {anchored.line} ({anchored.similarity:.0%} alike) reads: "
            f"{yaml_string(_short(anchored.text, 120))}; line {other.line} ({other.similarity:.0%} alike) reads: "
            f"{yaml_string(_short(other.text, 120))}; quote the one meant as it reads now"
        )
    if anchored.similarity == 1.0 and anchored.text:
        return (
            f'"{_short(quote)}" occurs once in {doc_file} (line {anchored.line}), but not beside its '
            "prefix/suffix: they are written where the words are not unique, so this may be another copy "
            "of them, the passage quoted deleted or edited; if it is the one meant, give the prefix/suffix "
            "around it now, or none"
        )
    if not anchored.text:
        return f"{said} is not in {doc_file} (nothing there is alike)"
    return (
        f"{said} is not in {doc_file}; the closest passage ({anchored.similarity:.0%} "
        f"alike, line {anchored.line}) reads: {yaml_string(_short(anchored.text, 120))}"
    )
