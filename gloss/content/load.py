"""Stage 1, load: ``content/`` -> ``SiteSource`` (plain data, no Markdown yet).

Finds the bundles, reads their files as NFC-normalised UTF-8, splits front
matter off, reads and validates ``notes.yaml`` against the JSON Schema, and
merges the facts about each article (notes win over front matter).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from gloss.content.bundles import NamedBundle, bundle_links, find_bundles, name_bundles
from gloss.content.config import SiteConfig
from gloss.content.frontmatter import FRONT_KEYS, FRONT_SCHEMA, unread_keys
from gloss.content.notes import Notes
from gloss.content.placeholders import untouched, untouched_text
from gloss.content.views import Source
from gloss.core.diagnostics import Diagnostic, error
from gloss.text.textfile import decode_text, read_text, split_front_matter
from gloss.text.validate import notes_schema, validate
from gloss.text.yamlsafe import YamlError, load

DOC_FILES = ("index.md", "original.md", "notes.yaml")
SOURCE_FACTS = ("url", "author", "publisher", "published")  # what front matter may say about the source


@dataclass(frozen=True)
class Earlier:
    """An earlier version of a document, from the content's git history (``history.py``)."""

    commit: str  # as shown to editors: abbreviated hash and date, "1a2b3c4 (2026-11-20)"
    text: str  # front matter split off
    line_offset: int


@dataclass(frozen=True)
class SourceDoc:
    """One Markdown file of a bundle, front matter split off."""

    path: str
    text: str
    line_offset: int  # lines of front matter before ``text``
    front: dict[str, Any] = field(default_factory=dict)
    earlier: tuple[Earlier, ...] = ()  # newest first; read for quotes the text alone does not find exactly


@dataclass(frozen=True)
class ArticleSource:
    slug: str
    bundle: str  # the bundle folder, as shown in messages
    index: SourceDoc
    original: SourceDoc | None
    notes_path: str
    notes: Notes  # the notes, each part with where it was written
    assets: tuple[str, ...]  # paths relative to the bundle
    title: str | None  # from notes or front matter; None: the first # H1
    date: str
    lang: str
    original_lang: str
    draft: bool
    source: Source  # notes' ``source:`` over front matter


@dataclass(frozen=True)
class SiteSource:
    config: SiteConfig
    content_dir: str
    articles: tuple[ArticleSource, ...]
    broken: tuple[str, ...] = ()  # slugs of bundles that failed to load (links to them are not re-reported)
    drafts: tuple[str, ...] = ()  # slugs of drafts left out of this build


def _read_doc(path: Path, problems: list[Diagnostic]) -> SourceDoc | None:
    shown = str(path)
    try:
        text = read_text(path)
    except YamlError as exc:
        problems.append(error(shown, exc.line, exc.col, exc.message))
        return None
    except OSError as exc:
        problems.append(error(shown, 1, 1, f"cannot read: {exc.strerror}"))
        return None
    try:
        front_text, body, offset = split_front_matter(text)
    except YamlError as exc:
        problems.append(error(shown, exc.line, exc.col, exc.message))
        return None
    front: dict[str, Any] = {}
    if front_text is not None:
        try:
            doc = load(front_text, line_offset=1)
        except YamlError as exc:
            problems.append(error(shown, exc.line, exc.col, f"front matter: {exc.message}"))
            return None
        if doc.data is not None and not isinstance(doc.data, dict):
            problems.append(error(shown, 2, 1, "front matter must be a mapping of keys such as title:, lang:"))
            return None
        found = validate(doc.data or {}, FRONT_SCHEMA, doc, shown)
        problems.extend(found)
        problems.extend(unread_keys(doc, shown))  # (warnings, but a draft: true that would be published)
        front = {k: v for k, v in (doc.data or {}).items() if k in FRONT_KEYS} if not found else {}
    return SourceDoc(shown, body, offset, front)


def _read_notes(path: Path, problems: list[Diagnostic], data: bytes | None = None) -> Notes | None:
    """The notes at ``path``, or (``data``) the notes these bytes would be there."""
    shown = str(path)
    if data is None and not path.exists():
        return Notes()
    try:
        doc = load(read_text(path) if data is None else decode_text(data))
    except YamlError as exc:
        problems.append(error(shown, exc.line, exc.col, exc.message))
        return None
    except OSError as exc:
        problems.append(error(shown, 1, 1, f"cannot read: {exc.strerror}"))
        return None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        problems.append(
            error(
                shown,
                1,
                1,
                f"notes.yaml must be a mapping of keys (title:, date:, summary: …), not {type(doc.data).__name__}",
            )
        )
        return None
    found = validate(doc.data, notes_schema(), doc, shown)
    problems.extend(found + untouched(doc.data, doc, shown))
    # unknown keys are ignored by later stages, so their references can still be checked
    blocking = [d for d in found if not d.message.startswith("unknown key")]
    return None if blocking else Notes.from_yaml(doc)


def _check_date(value: str, where: tuple[str, int, int], problems: list[Diagnostic]) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        problems.append(error(*where, f'"{value}" is not a real date'))
        return False


def _article(
    bundle: Path, config: SiteConfig, problems: list[Diagnostic], notes_data: bytes | None = None
) -> ArticleSource | None:
    count = len(problems)
    index = _read_doc(bundle / "index.md", problems)
    original = _read_doc(bundle / "original.md", problems) if (bundle / "original.md").is_file() else None
    notes_path = bundle / "notes.yaml"
    notes = _read_notes(notes_path, problems, notes_data)
    documents_failed = any(p.path != str(notes_path) and p.severity == "error" for p in problems[count:])
    if index is None or notes is None or documents_failed:
        return None
    problems.extend(untouched_text(index.text, index.path, index.line_offset))
    front = index.front
    date = notes.date or front.get("date")
    if date is None:
        where = str(notes_path) if notes_path.exists() else index.path
        problems.append(error(where, 1, 1, "missing date: add `date: YYYY-MM-DD` (the digest day) to notes.yaml"))
        return None
    at = (str(notes_path), *notes.where("date")) if notes.date is not None else (index.path, 2, 1)
    if not _check_date(date, at, problems):
        return None
    source = _source(front, notes)
    if notes.source is not None and notes.source.published is not None:
        at = (str(notes_path), *notes.source.where("published"))
    else:
        at = (index.path, 2, 1)
    if source.published and not _check_date(source.published, at, problems):
        return None
    original_lang = (original.front.get("lang") if original else None) or source.lang or "und"
    slug = unicodedata.normalize("NFC", bundle.name)
    return ArticleSource(
        slug=slug,
        bundle=str(bundle),
        index=index,
        original=original,
        notes_path=str(notes_path),
        notes=notes,
        assets=_assets(bundle),
        title=notes.title or front.get("title"),
        date=date,
        lang=notes.lang or front.get("lang") or config.language,
        original_lang=original_lang,
        draft=notes.draft,
        source=source,
    )


def _source(front: dict[str, Any], notes: Notes) -> Source:
    """The source's facts: front matter's, each replaced by the notes' when they give it."""
    facts = {k: front[k] for k in SOURCE_FACTS if k in front}
    if notes.source is not None:
        facts.update((key, getattr(notes.source, key)) for key, _ in notes.source.places)
    return Source(**facts)


def _assets(bundle: Path) -> tuple[str, ...]:
    found: list[str] = []
    for root, dirs, files in os.walk(bundle):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(root, name), bundle)
            if not name.startswith(".") and rel not in DOC_FILES and os.path.isfile(os.path.join(root, name)):
                found.append(rel.replace(os.sep, "/"))
    return tuple(found)


Loaded = tuple[ArticleSource | None, list[Diagnostic]]  # a bundle's article (None: it failed) and diagnostics


@dataclass
class LoadCache:
    """What a long-running process (serve, build --watch) keeps between loads: the
    bundle list (with each bundle's slug, or why it cannot have one), each bundle's
    loaded article with its diagnostics, and the last result."""

    bundles: list[NamedBundle] | None = None
    walked: bool = False  # whether the last load walked the tree
    folders: set[Path] = field(default_factory=set)  # the bundles' folders
    valid: set[Path] = field(default_factory=set)  # those that may be loaded
    walk_problems: list[Diagnostic] = field(default_factory=list)
    articles: dict[Path, Loaded] = field(default_factory=dict)
    last: tuple[bool, SiteSource, list[Diagnostic], dict[str, int]] | None = None  # drafts, result, problems, places


def _structural(changed: frozenset[Path], bundles: set[Path]) -> bool:
    """Whether ``changed`` may add, remove or move a bundle (then the tree is walked again)."""
    for path in changed:
        if path in bundles and path.is_dir():
            continue  # a bundle folder's own "modified" event
        owner = next((b for b in path.parents if b in bundles), None)
        if owner is None:
            return True
        if path.name == "index.md" and (path.parent != owner or not path.exists()):
            return True  # a bundle's index.md deleted, or a nested bundle appears
    return False


def _stale(content: Path, cache: LoadCache, changed: frozenset[Path] | None) -> list[Path]:
    """Walk the tree again when ``changed`` may add, remove or move a bundle (or is
    unknown); return the bundles to read again."""
    cache.walked = cache.bundles is None or changed is None or _structural(changed, cache.folders)
    if not cache.walked:  # only the bundles holding a changed file
        owners = (next((b for b in path.parents if b in cache.valid), None) for path in changed or ())
        return sorted({b for b in owners if b is not None})
    cache.walk_problems = []
    cache.bundles = name_bundles(find_bundles(content, cache.walk_problems))
    cache.folders = {b for b, _, _ in cache.bundles}
    cache.valid = {b for b, _, problem in cache.bundles if problem is None}
    cache.articles = {b: hit for b, hit in cache.articles.items() if b in cache.valid}
    dirty = None if changed is None else {folder for path in changed for folder in path.parents}
    return [
        b
        for b, _, problem in cache.bundles
        if problem is None and (b not in cache.articles or dirty is None or b in dirty)
    ]


def load_article(bundle: Path, config: SiteConfig, content: Path, notes: bytes | None = None) -> Loaded:
    """One bundle, as a build loads it; ``notes``: the bytes of a notes.yaml to read in
    place of the file's (the preview checks a write this way before making it)."""
    if problems := bundle_links(bundle, content.resolve()):
        return None, problems
    problems = []
    return _article(bundle, config, problems, notes), problems


def _patched(
    cache: LoadCache, drafts: bool, reloaded: list[tuple[Loaded | None, Loaded]]
) -> tuple[SiteSource, list[Diagnostic]] | None:
    """The last result with the articles read again put in place of the old ones, when
    that is all that changed: no diagnostics before or after, the same date and draft."""
    if cache.walked or cache.last is None or cache.last[0] != drafts:
        return None
    for old, new in reloaded:
        if (
            old is None
            or old[0] is None
            or new[0] is None
            or old[1]
            or new[1]
            or (old[0].date, old[0].draft) != (new[0].date, new[0].draft)
        ):
            return None
    _, last, problems, places = cache.last
    articles = list(last.articles)
    for _, (article, _) in reloaded:
        if article is not None and article.bundle in places:  # (else: a draft left out, still one)
            articles[places[article.bundle]] = article
    result = replace(last, articles=tuple(articles))
    cache.last = (drafts, result, problems, places)
    return result, list(problems)


def load_site(
    content: Path,
    config: SiteConfig,
    drafts: bool = False,
    cache: LoadCache | None = None,
    changed: frozenset[Path] | None = None,
) -> tuple[SiteSource, list[Diagnostic]]:
    """Load every bundle. With a ``cache`` and the set of files ``changed`` since
    the last load (None: unknown), only the bundles holding those files are read again."""
    cache = cache if cache is not None else LoadCache()
    reloaded: list[tuple[Loaded | None, Loaded]] = []
    for bundle in _stale(content, cache, changed):
        reloaded.append((cache.articles.get(bundle), load_article(bundle, config, content)))
        cache.articles[bundle] = reloaded[-1][1]
    if patched := _patched(cache, drafts, reloaded):
        return patched
    problems = list(cache.walk_problems)
    articles: list[ArticleSource] = []
    broken: list[str] = []
    left_out: list[str] = []
    for bundle, slug, problem in cache.bundles or ():
        if problem is not None:
            problems.append(problem)
            continue
        article, found = cache.articles[bundle]
        problems.extend(found)
        if article is None:
            broken.append(slug)
        elif drafts or not article.draft:
            articles.append(article)
        else:
            left_out.append(slug)
    articles.sort(key=attrgetter("date", "slug"))
    result = SiteSource(config, str(content), tuple(articles), tuple(sorted(broken)), tuple(sorted(left_out)))
    cache.last = (drafts, result, list(problems), {a.bundle: i for i, a in enumerate(articles)})
    return result, problems
