"""Diagnostics: every problem a run finds, as plain data.

Stages never raise for bad content; they return a list of ``Diagnostic``
next to their result, and the command reports all of them at once as
``path:line:col: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


# Line breaks and other control characters from the content (a YAML key "\r", a file
# name with a newline) written as escapes: a diagnostic is always one line.
_ONE_LINE = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, 0x85)} | {
    0x0A: "\\n",
    0x0D: "\\r",
    0x09: "\\t",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", self.path.translate(_ONE_LINE))
        object.__setattr__(self, "message", self.message.translate(_ONE_LINE))

    def format(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


def error(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, message, "error")


def warning(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, message, "warning")


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.severity == "error" or strict for d in diagnostics)


def suggest(word: str, choices: Iterable[str], limit: int = 8) -> str:
    """`` (did you mean "x"?)`` plus the valid choices, for an error message."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    if not options:
        return hint
    shown = ", ".join(options[:limit]) + (", …" if len(options) > limit else "")
    return f"{hint}; valid: {shown}"
