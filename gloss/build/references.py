"""References of one article checked against what exists: its notes' anchors
(``#id``, ``original#id``), its quotes (drifts are warnings), links in both
documents and in the notes' Markdown, ``related:`` slugs and clashing ids.
``Catalog`` is what links to other articles are checked against; ``Refs``
collects the diagnostics of one article. Used by ``resolve``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from gloss.anchoring.anchors import Anchored, about, problem
from gloss.build.parse import ORIGINAL_PREFIX, ParsedArticle, ParsedDoc
from gloss.content.notes import At, Quoted
from gloss.content.views import TextQuote
from gloss.core.diagnostics import Diagnostic, error, suggest, warning
from gloss.markdown import LinkRef
from gloss.text.yamlsafe import Path


class LinkTarget(Protocol):
    """What a link to another article is checked against: its index document's ids,
    and the files of its bundle (``urlcheck``)."""

    @property
    def ids(self) -> Sequence[str]: ...

    @property
    def path(self) -> str: ...

    @property
    def assets(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Target:
    """A ``LinkTarget`` of its own (the in-memory build's, from a parsed article)."""

    ids: tuple[str, ...]
    path: str
    assets: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """What links may point to: each article of this build (its index document), and
    the slugs that exist but are not in it (bundles that failed to load, drafts left out)."""

    articles: Mapping[str, LinkTarget]
    broken: frozenset[str] = frozenset()
    drafts: frozenset[str] = frozenset()

    def missing(self, slug: str) -> str | None:
        """Why ``slug`` cannot be linked to, or None when it can; "" means: say nothing
        (the bundle's own errors are reported)."""
        if slug in self.articles:
            return None
        if slug in self.broken:
            return ""
        if slug in self.drafts:
            return f'"{slug}" is a draft (build with --drafts to include it)'
        return f'unknown article "{slug}"' + suggest(slug, self.articles)

    def link_problem(self, slug: str, fragment: str) -> str | None:
        """What is wrong with a link to ``slug#fragment`` (None: nothing; "": say nothing)."""
        why = self.missing(slug)
        if why is not None:
            return why and f"link to {why}"
        target = self.articles[slug]
        if fragment and fragment not in target.ids:
            return f'link "{slug}#{fragment}": no such id in {target.path}' + suggest(fragment, target.ids).replace(
                "; valid: ", "; ids there: "
            )
        return None

    def related_problem(self, slug: str) -> str | None:
        why = self.missing(slug)
        return f"related: {why}" if why else None


class Refs:
    """Reference checking for one article; collects diagnostics."""

    def __init__(self, parsed: ParsedArticle, catalog: Catalog | None, problems: list[Diagnostic]) -> None:
        self.parsed = parsed
        self.catalog = catalog
        self.problems = problems
        self.notes = parsed.source.notes
        self.notes_path = parsed.source.notes_path

    def at(self, at: At) -> tuple[str, int, int]:
        return (self.notes_path, *at)

    def anchor(self, ref: str, path: At) -> tuple[ParsedDoc, str] | None:
        """Resolve ``#id`` / ``original#id``; report at ``path`` (where it was written) when it does not."""
        name, _, fragment = ref.partition("#")
        doc = self.parsed.original if name == "original" else self.parsed.index
        if name not in ("", "original"):
            self.problems.append(error(*self.at(path), f'"{ref}": an anchor is "#id" or "original#id"'))
            return None
        if doc is None:
            self.problems.append(error(*self.at(path), f'"{ref}" points into original.md, but this bundle has none'))
            return None
        if fragment not in doc.ids:
            self.problems.append(
                error(
                    *self.at(path),
                    f'anchor "{ref}" does not resolve in {file_name(doc)}'
                    + nearby(fragment, doc, "#" if name == "" else "original#"),
                )
            )
            return None
        return doc, fragment

    def quote(self, item: Quoted, path: Path) -> Anchored | None:
        """A quote reference (``path``: its list and index): its document and ``within``
        section must exist, and its passage must be found (drifts are warnings). The
        passage, when it was placed."""
        if item.quote is None:
            return None
        original = item.doc == "original"
        doc = self.parsed.original if original else self.parsed.index
        if doc is None:
            self.problems.append(
                error(*self.at(item.where("doc")), "doc: original, but this bundle has no original.md")
            )
            return None
        if item.within is not None:
            within = item.within
            wanted = "original" if original else ""
            if within.partition("#")[0] != wanted:
                self.problems.append(
                    error(
                        *self.at(item.where("within")),
                        f'within: "{within}" is not in the quoted document (write "{wanted}#id")',
                    )
                )
                return None
            if not self.anchor(within, item.where("within")):
                return None
        found = next((a for a in doc.anchored if a.path == path), None)
        if found is None:
            return None
        told = problem(found, item.quote, file_name(doc), item.quote_end or "", bool(item.prefix or item.suffix))
        if told:
            severity, message = told
            report = error if severity == "error" else warning
            self.problems.append(report(*self.at(item.where(about(found))), f"{path[0]}[{path[1]}]: {message}"))
        return found if found.status in ("exact", "drifted") else None

    def link(self, link: LinkRef, doc: ParsedDoc | None, where: tuple[str, int, int]) -> None:
        if link.kind == "fragment" and doc is not None:
            if link.fragment not in doc.ids and not link.fragment.startswith("fn"):
                self.problems.append(
                    error(
                        *where,
                        f'link "#{link.fragment}" does not resolve in {file_name(doc)}'
                        + nearby(link.fragment, doc, "#"),
                    )
                )
            return
        if link.kind == "fragment":
            self.problems.append(
                error(
                    *where,
                    f'"#{link.fragment}": notes link to another article '
                    "by its slug (slug#id); use key point anchors for this article",
                )
            )
            return
        if self.catalog is not None and (why := self.catalog.link_problem(link.slug, link.fragment)):
            self.problems.append(error(*where, why))


def selector(passage: Anchored | None, item: Quoted) -> TextQuote | None:
    if passage is None:
        return None
    return TextQuote(passage.text, passage.prefix, passage.suffix, item.document)


def file_name(doc: ParsedDoc) -> str:
    return doc.path.replace("\\", "/").rsplit("/", 1)[-1]


def nearby(fragment: str, doc: ParsedDoc, mark: str) -> str:
    """ " (did you mean "#why"?); ids there: #a, #b…", written as the value needs them ("#" or "original#")."""
    return suggest(mark + fragment, [mark + i for i in doc.ids]).replace("; valid: ", "; ids there: ")


def href(doc: ParsedDoc, fragment: str) -> str:
    return "#" + doc.id_prefix + fragment


def check_ids(doc: ParsedDoc, problems: list[Diagnostic]) -> None:
    for ident, count in Counter(doc.ids).items():
        if count > 1:
            line = next((h.line for h in doc.headings if h.id == ident), 1)
            problems.append(
                error(doc.path, line, 1, f'the id "{ident}" is used {count} times in this document; ids must be unique')
            )


def check_links(refs: Refs) -> None:
    """The links of both documents and of the notes' Markdown, and clashing ids."""
    parsed, problems = refs.parsed, refs.problems
    for doc in (parsed.index, parsed.original):
        if doc is not None:
            check_ids(doc, problems)
            for link in doc.links:
                refs.link(link, doc, (doc.path, link.line, link.col))
    for note in parsed.notes_links:
        refs.link(note.link, None, (refs.notes_path, note.link.line, note.link.col))
    if parsed.original is not None:
        clash = set(parsed.index.ids) & {ORIGINAL_PREFIX + i for i in parsed.original.ids}
        for ident in sorted(clash):
            problems.append(
                error(
                    parsed.index.path,
                    1,
                    1,
                    f'the id "{ident}" clashes with an id of original.md on the page; pin another with {{#id}}',
                )
            )


def check_related(refs: Refs, catalog: Catalog | None) -> None:
    for item in refs.notes.related:
        why = catalog.related_problem(item.value) if catalog is not None else None
        if why:
            refs.problems.append(error(*refs.at(item.at), why))
        elif item.value == refs.parsed.source.slug:
            refs.problems.append(error(*refs.at(item.at), "an article cannot be related to itself"))
