"""The characters editors' text may not hold, and where one was found.

Control characters (C0 and C1, often pasted from a PDF or left by a wrong
encoding), lone surrogates and the non-characters U+FFFE and U+FFFF would
make a page invalid HTML and a feed invalid XML, so they are refused
wherever text enters gloss: in the raw files (``textfile``) and in what
YAML escapes such as ``"\\x01"`` or ``"\\uFFFE"`` produce (``yamlsafe``).
Tab and newline are text; U+0085 (NEL) is a line break YAML and HTML accept.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def describe(char: str) -> str:
    """What ``char`` (a match of ``FORBIDDEN``) is, for a message."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X})"
    if code in (0xFFFE, 0xFFFF):
        return f"the non-character U+{code:04X}"
    return f"control character U+{code:04X}"


def forbidden_message(char: str) -> str:
    """Why ``char`` found in a file is refused, and what to do."""
    return f"{describe(char)} (often pasted from a PDF); delete it or use a space"


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
