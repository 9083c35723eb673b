"""Hypothesis strategies for the fuzz tests: article bundles (Markdown and
notes.yaml), valid and broken, full of what editors paste from anywhere."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

SITE_YAML = "title: Fuzz\nbase_url: https://example.org/fz/\nlanguage: ja\n"
SLUGS = ("a", "b")
MARKER = "<script>PWN()</script>"

# Pieces that have broken parsers before. Harmless ones (syntax, invisible and bidi
# characters, scripts, bad URLs, escapes of lone surrogates) are everywhere; the
# ones gloss must refuse (control characters, U+FFFE) are rare, so that most
# examples get past loading and exercise the later stages too.
NASTY = (
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\u200f",
    "\ufeff",
    "\u00ad",
    "\u0085",
    "\u2028",
    "\u2029",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    MARKER,
    "<img src=x onerror=PWN()>",
    "javascript:PWN()",
    "data:text/html,PWN",
    "&#0;",
    "&#xD800;",
    "&amp;",
    "\\ud800",
    "\\udfff",
    "\\x01",
    "\\0",
    "\\e",
    "\\u202e",
    "\\N",
    "日本語の文",
    "中文句子。",
    "𝕏𝔸",
    "e\u0301",
    "ｆｕｌｌ",
    ":",
    ": ",
    "- ",
    "# ",
    "#",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a ",
    "!!str ",
    "!x ",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "---",
    "...",
    "? ",
    ",",
    "~",
    "null",
    "true",
    "no",
    "0x1F",
    "1e3",
    ".nan",
    "2026-13-45",
    "{#id}",
    "[^1]",
)
REFUSED = ("\x00", "\x01", "\x08", "\x0c", "\x1b", "\x7f", "\x9b", "\ufffe", "\uffff")
WORDS = ("alpha", "beta", "gamma", "audit", "モデル", "評価", "安全", "成本", "the", "model", "scores", "fell")
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc"))


def rarely(usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], one_in: int) -> st.SearchStrategy[Any]:
    """``usual``, and ``rare`` about once in ``one_in`` draws."""
    return st.integers(1, one_in).flatmap(lambda n: rare if n == 1 else usual)


def nasty_text(max_pieces: int = 8) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(NASTY),
        st.sampled_from(WORDS),
        rarely(st.text(PRINTABLE, max_size=6), st.sampled_from(REFUSED) | st.text(max_size=3), 300),
    )
    return st.lists(piece, max_size=max_pieces).map(" ".join)


def plain_words(max_words: int = 6) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words).map(" ".join)


TEXT = st.one_of(plain_words(), nasty_text())
ANCHORS = rarely(
    st.just("#one"),
    st.one_of(
        st.sampled_from(
            [
                "#two",
                "#table-1",
                "#table-2",
                "#pinned",
                "original#one",
                "original#table-1",
                "#",
                "original#",
                "#nope",
                "#ONE",
                "#モデル",
                "b#one",
                "#gloss-key-point-1",
            ]
        ),
        nasty_text(3),
    ),
    4,
)
LINK_TARGETS = rarely(
    st.sampled_from(
        [
            "a",
            "#one",
            "https://example.com/x",
            "javascript:PWN()",
            "JAVASCRIPT:PWN()",
            "vbscript:PWN",
            "data:text/html,PWN",
            "data:image/png;base64,AAAA",
            "../../etc/passwd",
            "//evil.example/",
            "#",
        ]
    ),
    st.one_of(
        st.sampled_from(["b", "b#one", "b#table-1", "#table-1", "#nope", "c", "b#"]),
        nasty_text(2).map(lambda t: t.replace(")", "").replace("\n", "")),
    ),
    6,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    TEXT,
    st.sampled_from(["2026-01-01", "2026-02-30", "99999-01-01", "en", "zh-Hans", "no"]),
)
ANY_VALUE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(TEXT, st.integers()), inner, max_size=4)
    ),
    max_leaves=12,
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly ``strategy``, now and then any value at all (a wrong type)."""
    return rarely(strategy, ANY_VALUE, 60)


def valid_mostly(valid: list[str], invalid: list[str]) -> st.SearchStrategy[str]:
    return rarely(st.sampled_from(valid), st.sampled_from(invalid), 12)


def records(
    fields: dict[str, st.SearchStrategy[Any]], required: tuple[str, ...] = ()
) -> st.SearchStrategy[dict[str, Any]]:
    """Mappings with ``required`` and some other of ``fields``; now and then one
    misses a required key or has an unknown one."""
    needed = rarely(st.just(required), st.just(()), 30)
    known = needed.flatmap(
        lambda keys: st.fixed_dictionaries(
            {k: maybe(fields[k]) for k in keys}, optional={k: maybe(v) for k, v in fields.items() if k not in keys}
        )
    )
    extra = rarely(
        st.just({}),
        st.dictionaries(st.sampled_from(["extra", "Quote", "anchr", "note "]), ANY_VALUE, min_size=1, max_size=1),
        60,
    )
    return st.tuples(known, extra).map(lambda pair: {**pair[0], **pair[1]})


def notes_data(quotes: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any]]:
    quote_fields = {
        "quote": quotes,
        "prefix": quotes,
        "suffix": quotes,
        "within": ANCHORS,
        "quote_end": quotes,
        "doc": st.sampled_from(["index", "original", "other"]),
    }
    fields = {
        "title": TEXT,
        "date": valid_mostly(["2026-01-01", "2026-01-02"], ["2026-02-30", "2026-1-1", ""]),
        "lang": valid_mostly(["ja", "en", "zh-Hans", "no"], ["x", "", "ja\u202e"]),
        "draft": st.booleans(),
        "summary": TEXT,
        "tags": st.lists(TEXT, max_size=4),
        "source": records(
            {
                "url": valid_mostly(["https://example.org/s"], ["javascript:PWN()", "http://x y"]),
                "author": TEXT,
                "publisher": TEXT,
                "published": valid_mostly(["2026-01-01"], ["x"]),
                "lang": valid_mostly(["en"], ["??"]),
            }
        ),
        "key_points": st.lists(
            records({"title": TEXT, "text": TEXT, "anchor": ANCHORS, **quote_fields}, ("title",)), max_size=3
        ),
        "impact": records({"analysis": TEXT, "editorial": TEXT}),
        "toc": st.lists(st.one_of(ANCHORS, records({"anchor": ANCHORS, "label": TEXT})), max_size=3),
        "takeaways": st.lists(records({"after": ANCHORS, "text": TEXT, **quote_fields}, ("text",)), max_size=2),
        "faq": st.lists(records({"q": TEXT, "a": TEXT}, ("q", "a")), max_size=2),
        "highlights": st.lists(records({**quote_fields, "note": TEXT}, ("quote",)), max_size=3),
        "related": st.lists(st.sampled_from(["a", "b", "c", "", "b#one"]), max_size=2),
        "pairs": st.lists(records({"index": ANCHORS, "original": ANCHORS}, ("index", "original")), max_size=2),
    }
    date = st.sampled_from(["2026-01-01", "2026-01-02"])
    return st.tuples(records(fields), date).map(lambda pair: {"date": pair[1], **pair[0]})


def inline() -> st.SearchStrategy[str]:
    piece = st.one_of(
        plain_words(),
        nasty_text(3),
        plain_words(2).map(lambda w: f"*{w}*"),
        plain_words(2).map(lambda w: f"**{w}**"),
        plain_words(2).map(lambda w: f"`{w}`"),
        plain_words(1).map(lambda w: f"~~{w}~~"),
        st.tuples(plain_words(2), LINK_TARGETS).map(lambda p: f"[{p[0]}]({p[1]})"),
        st.tuples(plain_words(2), LINK_TARGETS, TEXT).map(lambda p: f'![{p[0]}]({p[1]} "{p[2]}")'),
        LINK_TARGETS.map(lambda t: f"<{t}>"),
        st.just("[^1]"),
        st.just(MARKER),
    )
    return st.lists(piece, min_size=1, max_size=8).map(" ".join)


def blocks() -> st.SearchStrategy[str]:
    heading = st.tuples(
        st.integers(1, 6),
        st.one_of(st.sampled_from(["One", "Two", "モデル", "評価 (1.1)"]), TEXT),
        st.sampled_from(["", "", " {#pinned}", " {#one}", " {#}"]),
    ).map(lambda h: "#" * h[0] + " " + h[1] + h[2])
    table = st.tuples(st.integers(1, 4), st.lists(st.lists(inline(), max_size=5), max_size=4)).map(
        lambda t: "\n".join(
            ["| " + " | ".join(f"h{i}" for i in range(t[0])) + " |", "|" + "---|" * t[0]]
            + ["| " + " | ".join(row) + " |" for row in t[1]]
        )
    )
    fence = st.tuples(st.sampled_from(["", "python", "js", "yaml", "no-such-lang", "{.x}"]), nasty_text(4)).map(
        lambda f: f"```{f[0]}\n{f[1]}\n```"
    )
    listing = st.lists(inline(), min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items))
    quote = inline().map(lambda t: "> " + t)
    footnote = inline().map(lambda t: "[^1]: " + t)
    long_line = st.integers(1_000, 20_000).map(lambda n: ("長い行 " * n)[:n])
    nested = st.integers(1, 200).map(lambda n: ">" * n + " deep" if n % 2 else "  " * n + "- deep")
    return st.one_of(
        heading,
        heading,
        inline(),
        inline(),
        table,
        fence,
        listing,
        quote,
        footnote,
        long_line,
        nested,
        st.just("<div>" + MARKER + "</div>"),
        st.just("---"),
        nasty_text(),
    )


def front_matter() -> st.SearchStrategy[str]:
    valid = records(
        {
            "title": TEXT,
            "lang": valid_mostly(["en", "ja"], ["x!"]),
            "author": TEXT,
            "url": valid_mostly(["https://example.org/"], ["javascript:PWN()"]),
            "published": valid_mostly(["2026-01-01"], ["bad"]),
            "date": st.sampled_from(["2026-01-01"]),
        }
    )
    broken = st.one_of(nasty_text(4).map(lambda t: f"---\n{t}\n---\n"), st.just("---\ntitle: x\n"))
    return rarely(st.one_of(st.just(""), valid.map(lambda d: "---\n" + to_yaml(d, True) + "---\n")), broken, 30)


def markdown() -> st.SearchStrategy[str]:
    title = rarely(
        st.one_of(st.just("# Title\n\n"), plain_words().map(lambda t: f"# {t}\n\n")),
        st.one_of(st.just(""), TEXT.map(lambda t: f"# {t}\n\n")),
        10,
    )
    body = st.lists(blocks(), max_size=10).map("\n\n".join)
    return st.tuples(front_matter(), title, body).map(lambda p: p[0] + p[1] + "## One\n\n" + p[2] + "\n")


def to_yaml(data: Any, unicode: bool) -> str:
    return yaml.safe_dump(data, allow_unicode=unicode, sort_keys=False, width=10_000)


@st.composite
def serialised(draw: st.DrawFn, data: dict[str, Any]) -> str:
    """``data`` written as YAML or JSON (a YAML subset), then maybe damaged."""
    how = draw(st.sampled_from(["yaml", "yaml-ascii", "json", "json-unicode"]))
    if how.startswith("yaml"):
        text = to_yaml(data, how == "yaml")
    else:
        text = json.dumps(data, ensure_ascii=how == "json", indent=draw(st.sampled_from([None, 2])), default=str)
    for _ in range(draw(rarely(st.just(0), st.integers(1, 2), 10))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.sampled_from(NASTY)) + text[at + cut :]
    return text


@dataclass
class Bundle:
    index: str
    notes: str | bytes | None
    original: str | None = None
    extra: dict[str, bytes] = field(default_factory=dict)


@st.composite
def bundles(draw: st.DrawFn, raw_notes: bool = False) -> Bundle:
    """A bundle; ``raw_notes``: any text or bytes as notes.yaml, beside a plain index.md."""
    index = "# Title\n\n## One\n\nThe model scores fell.\n" if raw_notes else draw(markdown())
    words = [w for w in index.replace("\n", " ").split(" ") if w][:40] or ["Title"]
    quotes = st.one_of(
        st.sampled_from(words), st.lists(st.sampled_from(words), min_size=2, max_size=5).map(" ".join), TEXT
    )
    if raw_notes:
        deep = st.integers(1, 400).map(lambda n: "date: 2026-01-01\nx: " + "[" * n + "]" * n + "\n")
        nested = st.integers(1, 120).map(
            lambda n: "date: 2026-01-01\n" + "".join("  " * i + f"k{i}:\n" for i in range(n))
        )
        notes: str | bytes | None = draw(st.one_of(nasty_text(30), st.binary(max_size=200), deep, nested))
    else:
        notes = draw(rarely(notes_data(quotes).flatmap(serialised), st.none(), 40))
    original = None if raw_notes else draw(st.one_of(st.none(), markdown()))
    return Bundle(index, notes, original)


def write_site(content: Path, articles: dict[str, Bundle]) -> None:
    """A content folder holding ``articles`` by slug (files written byte for byte)."""
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for slug, bundle in articles.items():
        folder = content / "2026" / slug
        folder.mkdir(parents=True)
        for name, text in (("index.md", bundle.index), ("notes.yaml", bundle.notes), ("original.md", bundle.original)):
            if text is not None:
                (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        for name, data in bundle.extra.items():
            (folder / name).write_bytes(data)
