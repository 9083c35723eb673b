"""Writing a quote for notes.yaml, the one Python implementation (the preview's
``live/annotate.js`` is the JavaScript one; a test runs both on the same cases,
``tests/fixtures/quoting.json``):

- ``yaml_string``: a YAML double-quoted scalar. Backslash and double quote are
  escaped, and so is every character an editor could not see or that YAML
  would read as a line break: controls (Cc), format characters (Cf: zero-width
  spaces, bidi marks, the BOM), line and paragraph separators (Zl, Zp) —
  ``\\xNN`` below U+0100, ``\\uNNNN`` in the BMP, ``\\UNNNNNNNN`` above.
- ``quote_context``: the shortest prefix and/or suffix that makes a passage's
  occurrence unique in its text (case ignored, as the matcher ignores it),
  growing ``CONTEXT_STEP`` characters at a time up to ``CONTEXT_MAX``."""

from __future__ import annotations

import unicodedata

CONTEXT_STEP = 4
CONTEXT_MAX = 32
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _escape(ch: str) -> str:
    if ch in '\\"':
        return "\\" + ch
    if unicodedata.category(ch) not in _ESCAPED_CATEGORIES:
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, ready to paste into notes.yaml."""
    return '"' + "".join(map(_escape, text)) + '"'


def _count(text: str, needle: str) -> int:
    count, at = 0, text.find(needle)
    while at != -1:
        count += 1
        at = text.find(needle, at + 1)
    return count


def quote_context(text: str, start: int, end: int) -> tuple[str, str]:
    """(prefix, suffix) for ``text[start:end]``: ("", "") when the passage occurs once;
    else the shortest that single it out (a prefix alone, else a suffix alone, else
    both, at each length); when none does within ``CONTEXT_MAX``, the most allowed."""
    lowered = text.lower()  # (the passage and its context are lowered on their own: lowering may change lengths)
    quote = text[start:end].lower()
    if _count(lowered, quote) <= 1:
        return "", ""
    last = ("", "")
    for n in range(CONTEXT_STEP, CONTEXT_MAX + 1, CONTEXT_STEP):
        prefix, suffix = text[max(0, start - n) : start], text[end : end + n]
        for p, s in ((prefix, None), (None, suffix), (prefix, suffix)):
            if p == "" or s == "":
                continue  # an empty side pins nothing
            if _count(lowered, (p or "").lower() + quote + (s or "").lower()) == 1:
                return p or "", s or ""
        last = (prefix, suffix)
    return last
