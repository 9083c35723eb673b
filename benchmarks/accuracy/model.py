"""The document model (words of English, phrase chunks of Japanese, each with an id), the
slot fillers, and rendering: Markdown for the pipeline, the plain text with word positions."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from accuracy.material import (
    EN_HEADINGS,
    EN_POOLS,
    EN_TEMPLATES,
    EN_TITLES,
    JA_HEADINGS,
    JA_POOLS,
    JA_TEMPLATES,
    JA_TITLES,
)
from gloss.anchoring.quotes import Text
from gloss.build.parse import _groups
from gloss.markdown import make_parser
from gloss.markdown.passages import text_map

CODE_MARK = re.compile(r"`([^`]+)`")
_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")


class Pools:
    """Slot fillers for one document: big slots without replacement (refilled when used up)."""

    BIG = {"THING", "FINDING", "CONSEQ", "CONSEQ2", "EFFECT", "PLAN", "EXAMPLE", "LESSON", "CONTRA", "JUDGE", "TASK"}

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.pools = EN_POOLS if lang == "en" else JA_POOLS
        self.templates = EN_TEMPLATES if lang == "en" else JA_TEMPLATES
        self.left: dict[str, list[str]] = {}

    def draw(self, key: str) -> str:
        if key == "ROLES_LOW":
            return self.draw("ROLES").lower()
        if key not in self.BIG and key != "TEMPLATE":
            return self.rng.choice(self.pools[key])
        if not self.left.get(key):
            items = list(self.templates if key == "TEMPLATE" else self.pools[key])
            self.rng.shuffle(items)
            self.left[key] = items
        return self.left[key].pop()

    def sentence(self) -> str:
        template = self.draw("TEMPLATE")
        text = _SLOT.sub(lambda m: self.draw(m.group(1)), template)
        return text[0].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# The document model: words (English) or phrase chunks (Japanese) with ids.
# --------------------------------------------------------------------------------------------


class Tok(NamedTuple):
    id: int  # -1: added by an edit
    text: str
    code: bool = False


@dataclass
class Sent:
    toks: list[Tok]
    fmt: list[tuple[int, int, str]]  # [i, j) over toks: "em", "strong", "link"

    def copy(self) -> Sent:
        return Sent(list(self.toks), list(self.fmt))

    def insert(self, at: int, toks: list[Tok]) -> None:
        n = len(toks)
        self.toks[at:at] = toks
        self.fmt = [(i + n if at <= i else i, j + n if at < j else j, k) for i, j, k in self.fmt]

    def delete(self, a: int, b: int) -> None:
        del self.toks[a:b]

        def moved(x: int) -> int:
            return x if x <= a else (a if x <= b else x - (b - a))

        self.fmt = [(moved(i), moved(j), k) for i, j, k in self.fmt if moved(i) < moved(j)]


@dataclass
class Para:
    sents: list[Sent]
    style: tuple[str, int, int, bool]  # (mode, width, seed, extra whitespace)

    def copy(self) -> Para:
        return Para([s.copy() for s in self.sents], self.style)


@dataclass
class Heading:
    level: int
    text: str

    def copy(self) -> Heading:
        return self


@dataclass
class Doc:
    lang: str
    title: str
    blocks: list[Para | Heading]

    def copy(self) -> Doc:
        return Doc(self.lang, self.title, [b.copy() for b in self.blocks])

    @property
    def sep(self) -> str:
        return " " if self.lang == "en" else ""

    def paras(self) -> list[int]:
        return [b for b, block in enumerate(self.blocks) if isinstance(block, Para)]

    def para(self, b: int) -> Para:
        block = self.blocks[b]
        assert isinstance(block, Para)
        return block


_JA_CLASS_PUNCT = set("、。」』）)")
_JA_OPEN = set("「『（(")


def _ja_class(ch: str) -> str:
    if "\u3040" <= ch <= "\u309f":
        return "hira"
    if ch in _JA_CLASS_PUNCT:
        return "close"
    if ch in _JA_OPEN:
        return "open"
    return "content"  # kanji, katakana, Latin, digits


def ja_chunks(text: str) -> list[str]:
    """Japanese text in phrase-like chunks: content characters and the kana and punctuation after them."""
    chunks: list[str] = []
    cur = ""
    prev = ""
    for ch in text:
        k = _ja_class(ch)
        if cur and (k == "open" or (k == "content" and prev in ("hira", "close")) or (k == "hira" and prev == "close")):
            chunks.append(cur)
            cur = ""
        cur += ch
        prev = k
    if cur:
        chunks.append(cur)
    return chunks


def _edge_ok(text: str) -> bool:
    return text[0].isalnum() and text[-1].isalnum()


def tokens(text: str, lang: str, ids: list[int]) -> list[Tok]:
    """A sentence as tokens (`code` spans become code tokens); ``ids`` supplies fresh ids (-1 if empty)."""

    def new_id() -> int:
        if not ids:
            return -1
        ids[0] += 1
        return ids[0]

    out: list[Tok] = []
    if lang == "en":
        for word in text.split():
            m = CODE_MARK.fullmatch(word)
            out.append(Tok(new_id(), m.group(1), True) if m else Tok(new_id(), word))
        return out
    for n, part in enumerate(CODE_MARK.split(text)):
        if n % 2:
            out.append(Tok(new_id(), part, True))
        elif part:
            out.extend(Tok(new_id(), c) for c in ja_chunks(part))
    return out


def add_format(sent: Sent, rng: random.Random, kind: str, lo: int, hi: int, force: bool = False) -> bool:
    """A formatting span over toks[lo:hi] (trimmed to edges markup can take); ``force`` drops spans in the way."""
    while lo < hi and (sent.toks[lo].code or not _edge_ok(sent.toks[lo].text)):
        lo += 1
    while hi > lo and (sent.toks[hi - 1].code or not _edge_ok(sent.toks[hi - 1].text)):
        hi -= 1
    if lo >= hi or any(t.code for t in sent.toks[lo:hi]):
        return False
    clash = [f for f in sent.fmt if f[0] <= hi and lo <= f[1]]  # overlapping or touching
    if clash and not force:
        return False
    sent.fmt = [f for f in sent.fmt if f not in clash] + [(lo, hi, kind)]
    return True


def make_sentence(pools: Pools, rng: random.Random, lang: str, ids: list[int]) -> Sent:
    sent = Sent(tokens(pools.sentence(), lang, ids), [])
    n = len(sent.toks)
    for kind, p, longest in (("em", 0.15, 2), ("strong", 0.12, 3), ("link", 0.1, 4)):
        if rng.random() < p:
            at = rng.randrange(n)
            add_format(sent, rng, kind, at, min(n, at + rng.randint(1, longest)))
    return sent


def para_style(rng: random.Random, lang: str) -> tuple[str, int, int, bool]:
    if lang == "en":
        mode = rng.choice(["line", "wrap", "wrap"])
        return (mode, rng.randint(60, 90), rng.randrange(1 << 30), False)
    mode = rng.choice(["line", "line", "sentence", "sentence", "wrap"])
    return (mode, rng.randint(28, 45), rng.randrange(1 << 30), False)


def make_doc(rng: random.Random, lang: str) -> Doc:
    pools = Pools(rng, lang)
    ids = [0]
    headings = list(EN_HEADINGS if lang == "en" else JA_HEADINGS)
    rng.shuffle(headings)
    blocks: list[Para | Heading] = []
    for section in range(rng.randint(4, 5)):
        blocks.append(Heading(rng.choice([2, 2, 2, 3]) if section else 2, headings[section]))
        for _ in range(rng.randint(2, 3)):
            sents = [make_sentence(pools, rng, lang, ids) for _ in range(rng.randint(2, 4))]
            blocks.append(Para(sents, para_style(rng, lang)))
    title = rng.choice(EN_TITLES if lang == "en" else JA_TITLES)
    return Doc(lang, title, blocks)


# --------------------------------------------------------------------------------------------
# Rendering: Markdown for the pipeline, and the plain text of the model with word positions.
# --------------------------------------------------------------------------------------------

_NO_LINE_START = set("0123456789-+#>=|~")


def _pieces(sent: Sent, link_no: list[int]) -> list[str]:
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    for i, j, kind in sent.fmt:
        if kind == "link":
            link_no[0] += 1
            opens[i].append("[")
            closes[j - 1].append(f"](https://example.org/r/{link_no[0]})")
        else:
            mark = "*" if kind == "em" else "**"
            opens[i].append(mark)
            closes[j - 1].append(mark)
    out = []
    for k, tok in enumerate(sent.toks):
        text = f"`{tok.text}`" if tok.code else tok.text
        out.append("".join(opens[k]) + text + "".join(closes[k]))
    return out


def para_markdown(para: Para, lang: str, link_no: list[int]) -> str:
    mode, width, seed, extra = para.style
    rng = random.Random(seed)
    pieces: list[str] = []
    sent_end: set[int] = set()
    for sent in para.sents:
        pieces.extend(_pieces(sent, link_no))
        sent_end.add(len(pieces) - 1)
    out = [pieces[0]]
    line = len(pieces[0])
    for k in range(1, len(pieces)):
        piece = pieces[k]
        can_break = piece[0] not in _NO_LINE_START
        if mode == "sentence":
            brk = can_break and k - 1 in sent_end
        elif mode == "wrap":
            brk = can_break and line + len(piece) + 1 > width
        else:
            brk = False
        if extra and can_break and rng.random() < 0.08:
            brk = not brk if mode != "sentence" else True
        if brk:
            out.append(("  " if extra and rng.random() < 0.3 else "") + "\n" + piece)
            line = len(piece)
        else:
            gap = " " if lang == "en" else ""
            if extra and lang == "en" and rng.random() < 0.1:
                gap = "  "
            out.append(gap + piece)
            line += len(gap) + len(piece)
    return "".join(out)


def markdown(doc: Doc) -> str:
    link_no = [0]
    parts = [f"# {doc.title}"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + block.text)
        else:
            parts.append(para_markdown(block, doc.lang, link_no))
    return "\n\n".join(parts) + "\n"


def plain(doc: Doc) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text a reader sees, as the model says, and each word's span in it."""
    out: list[str] = []
    where: dict[int, tuple[int, int]] = {}
    size = 0
    sep = doc.sep
    for block in doc.blocks:
        if out:
            out.append("\n")
            size += 1
        if isinstance(block, Heading):
            out.append(block.text)
            size += len(block.text)
            continue
        first = True
        for sent in block.sents:
            for tok in sent.toks:
                if not first and sep:
                    out.append(sep)
                    size += len(sep)
                first = False
                where[tok.id] = (size, size + len(tok.text))
                out.append(tok.text)
                size += len(tok.text)
    return "".join(out), where


_PARSER = None


def rendered(source: str) -> str:
    """The document's text as gloss builds it (gloss.build.parse.parse_doc with take_title, text_map)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = make_parser(allow_html=False, base_path="/")
    env = {"source_lines": source.split("\n"), "line_offset": 0}
    groups = list(_groups(_PARSER.parse(source, env)))
    if groups and groups[0][0].type == "heading_open" and groups[0][0].tag == "h1":
        groups = groups[1:]
    return text_map(groups).text


@dataclass
class Built:
    doc: Doc
    source: str
    text: Text  # the pipeline's text
    folded_at: dict[int, tuple[int, int]]  # word id -> folded span

    @cached_property
    def collapsed(self) -> tuple[str, list[int]]:
        """The text as the preview's helper reads it (see ``collapse``)."""
        return collapse(self.text.raw)


def build(doc: Doc) -> Built:
    source = markdown(doc)
    text = Text(rendered(source))
    model, where = plain(doc)
    mtext = Text(model)
    if mtext.folded != text.folded:
        at = next(
            (i for i, (a, b) in enumerate(zip(mtext.folded, text.folded, strict=False)) if a != b),
            min(len(mtext.folded), len(text.folded)),
        )
        raise AssertionError(
            f"model and pipeline text differ at {at}: {mtext.folded[at - 30 : at + 30]!r} vs "
            f"{text.folded[at - 30 : at + 30]!r}\n{source}"
        )
    folded_at = {i: (mtext.to_folded(s), mtext.to_folded(e)) for i, (s, e) in where.items() if i >= 0}
    return Built(doc, source, text, folded_at)


def truth_span(built: Built, passage: frozenset[int]) -> tuple[int, int] | None:
    spans = [built.folded_at[i] for i in passage if i in built.folded_at]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def collapse(raw: str) -> tuple[str, list[int]]:
    out: list[str] = []
    where = [0] * (len(raw) + 1)
    pending = False
    size = 0
    for i, ch in enumerate(raw):
        if ch.isspace():
            if size:
                pending = True
            where[i] = size
            continue
        if pending:
            out.append(" ")
            size += 1
            pending = False
        where[i] = size
        out.append(ch)
        size += 1
    where[len(raw)] = size
    return "".join(out), where
