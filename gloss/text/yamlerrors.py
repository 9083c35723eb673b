"""PyYAML's syntax errors said in words an editor can act on, at the place the
mistake was made: an unclosed quote, ``[`` or ``{`` where it opens (PyYAML
notices only where the lines it took in stop making sense, or at the end of the
file), a list item or key indented unlike its siblings with the column they
are at.

An unclosed quote takes in the lines below it up to the next quote mark of its
kind, wherever that stands (``source: {url: "…"}`` three lines further on),
and PyYAML's error is then about what follows that mark. So on any syntax
error, the file's tokens (PyYAML's own scanner, which knows which quote marks
open and close what) are read up to the error, and a quoted value or a ``[…]``
/ ``{…}`` that took in a line reading like a key or a list item of the block it
stands in (``date: …`` at the column of the key it belongs to, or left of it)
is the mistake. A value legitimately written over several lines has its
continuation lines indented under its key, and is left alone.

Japanese and Chinese input methods type a full-width colon ``：``, comma ``，``
and space (U+3000) where YAML needs ASCII ones; PyYAML then speaks of the line
after (``could not find expected ':'``). One such character before the error is
its cause when, made ASCII, the file reads without an error or up to a later
one; then it is named, at its place. A ``：`` in a value that is text stays
text: made ASCII, it would break the file sooner, not later."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

import yaml

try:  # the C scanner, ten times faster; the tokens are the same
    from yaml import CSafeLoader as _Scanner
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]  # the same interface, another class

Where = tuple[int, int, str]  # 0-based line and column, the message
YAML_LINES = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML counts, no others
_MARKERS = re.compile(r"(?: *-(?: +|$))* *")  # a line's indentation and list item markers
_KEY_OR_ITEM = re.compile(r"""-(?: |$)|[^\s#'"\[\]{},:&*!|>%@`][^#]*?:(?: |$)""")  # "- …" or "key: …"
_NEXT_KEY = re.compile(r"""(?<=,)\s*[^\s,:\[\]{}'"]+:(?= |$)""")  # ", key:" inside a flow's value
_OPENERS = {yaml.FlowSequenceStartToken: "]", yaml.FlowMappingStartToken: "}"}  # and the mark closing each
_CLOSERS = {"]": yaml.FlowSequenceEndToken, "}": yaml.FlowMappingEndToken}
_NEVER_CLOSED = "this quote is never closed"
_FULL_WIDTH = re.compile("[\uff1a\uff0c\u3000]")  # ：，and the ideographic space
_MOST_TRIED = 20  # full-width characters tried, the nearest before the error first,
_MOST_READ = 8_000_000  # and the characters read again in all (a few tries in a long file)


def _at(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _tokens(text: str) -> Iterator[Any]:
    """PyYAML's tokens of ``text``, up to the first it cannot read."""
    try:
        yield from yaml.scan(text, Loader=_Scanner)
    except yaml.YAMLError:
        return


class _Lines:
    """A file's lines, and those that read like a key or a list item (``key: …``,
    ``- …``) with their indentation, found once."""

    def __init__(self, text: str) -> None:
        self.lines = YAML_LINES.split(text)
        self.keys: list[tuple[int, int]] = []  # (line, indentation)
        for number, line in enumerate(self.lines):
            indent = len(line) - len(line.lstrip(" "))
            if _KEY_OR_ITEM.match(line, indent):
                self.keys.append((number, indent))

    def taken_in(self, start: Any, last: int) -> int | None:
        """The first line after ``start``'s, up to line ``last``, that reads like a key
        or a list item of the block the value at ``start`` stands in: at its key's
        column or left of it. None for a value whose lines are all indented under its key."""
        if start.line >= len(self.lines):
            return None
        markers = _MARKERS.match(self.lines[start.line])
        column = markers.end() if markers else 0
        for at in range(bisect.bisect_left(self.keys, (start.line + 1, -1)), len(self.keys)):
            number, indent = self.keys[at]
            if number > last:
                return None
            if indent <= column:
                return number
        return None


def _quoted(token: Any) -> bool:
    return isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')


def _place(token: Any) -> tuple[int, int]:
    return (token.start_mark.line, token.start_mark.column)


def unclosed(text: str, stop: tuple[int, int]) -> Where | None:
    """The quote, ``[`` or ``{`` before a syntax error at ``stop`` (0-based line,
    column) that is never closed. A quoted value: one that took in a line reading
    like a key or item and ends on the error's line or the one before (quote marks
    paired wrongly make what follows the wrong closing mark unreadable), or, in a
    ``{…}``/``[…]``, one right before the error that took in the next key (``{url:
    "https://…, title: "T"}``). Else a ``[``/``{`` never closed that took in such a
    line or that the file ends inside. Quotes first: a ``[`` seems open after an
    unclosed quote inside it."""
    lines = _Lines(text)
    flows: list[Any] = []  # the openers before ``stop`` not closed (yet)
    depth: list[Any] = []  # every opener not closed (yet)
    ended, last, previous = False, 0, None
    for token in _tokens(text):
        if _place(token) >= stop:
            if previous is not None and _place(previous) < stop and (said := _took_a_key(previous, depth, stop)):
                return said
            if not flows:
                break
        last, ended, previous = token.start_mark.line, isinstance(token, yaml.StreamEndToken), token
        if _quoted(token) and token.end_mark.line > token.start_mark.line and _place(token) < stop:
            line = lines.taken_in(token.start_mark, token.end_mark.line)
            if line is not None and stop[0] <= token.end_mark.line + 1:
                return _quote(token, f'"{_shown(lines.lines[line])}" (line {line + 1})')
        elif type(token) in _OPENERS:
            depth.append(token)
            if _place(token) < stop:
                flows.append(token)
        elif isinstance(token, tuple(_CLOSERS.values())) and depth:
            closed = depth.pop()
            if _CLOSERS[_OPENERS[type(closed)]] is not type(token) and closed in flows:  # "[…}"
                return _flow(closed, closer=("]}"[type(token) is yaml.FlowMappingEndToken], last))
            if flows and flows[-1] is closed:
                flows.pop()
    for opener in flows:
        line = lines.taken_in(opener.start_mark, last)
        if ended or line is not None:
            return _flow(opener, None if line is None else (lines.lines[line], line))
    return None


def _took_a_key(token: Any, depth: list[Any], stop: tuple[int, int]) -> Where | None:
    """A quoted value of a ``{…}``/``[…]``, right before an error on its line, that
    holds ``, key:``: its quote ran on over the comma to the next key's quote."""
    if not (_quoted(token) and depth and token.end_mark.line == stop[0]):
        return None
    key = _NEXT_KEY.search(str(token.value))
    return _quote(token, f'"{_shown(key.group())}"') if key else None


def _shown(line: str) -> str:
    """A line as a message quotes it: trimmed, at most 40 characters."""
    line = line.strip()
    return line if len(line) <= 40 else line[:39] + "…"


def _quote(token: Any, taken: str) -> Where:
    mark = "'" if token.style == "'" else '"'
    return (
        token.start_mark.line,
        token.start_mark.column,
        f"{_NEVER_CLOSED}: the value that starts here runs on to the next {mark}, on line "
        f"{token.end_mark.line + 1}, taking in {taken} as its text; close it with the same quote mark on this line "
        "(or write the value without quotes)",
    )


def _flow(token: Any, taken: tuple[str, int] | None = None, closer: tuple[str, int] | None = None) -> Where:
    """An unclosed ``[`` or ``{``: to the end of the file, or taking in the line
    ``taken`` (its text, its 0-based number), or closed by the wrong ``closer``."""
    close = _OPENERS[type(token)]
    opening, what, items = ("[", "list", "item") if close == "]" else ("{", "mapping", "key")
    runs = "runs to the end of the file"
    if taken is not None:
        runs = f'takes in "{_shown(taken[0])}" (line {taken[1] + 1}) as one of its {items}s'
    if closer is not None:
        runs = f'is closed with "{closer[0]}" (line {closer[1] + 1})'
    return (
        token.start_mark.line,
        token.start_mark.column,
        f'this "{opening}" is never closed: the {what} that starts here {runs}; '
        f'close it with "{close}" after its last {items} (or write it one {items} a line, without brackets)',
    )


def explain(problem: str, context: str, problem_mark: Any, context_mark: Any, text: str = "") -> Where | None:
    """The place and words for a known PyYAML syntax error in ``text``, else None (the
    caller keeps PyYAML's own words)."""
    stop = problem_mark or context_mark
    if text and stop is not None and (said := unclosed(text, (stop.line, stop.column))):
        return said
    if text and stop is not None and (said := full_width(text, (stop.line, stop.column))):
        return said
    if context_mark is not None and "quoted scalar" in context and "end of stream" in problem:
        return (
            context_mark.line,
            context_mark.column,
            f"{_NEVER_CLOSED}: the value that starts here runs to the end of the file; "
            "close it with the same quote mark on this line (or write the value without quotes)",
        )
    if problem_mark is None:
        return None
    return _misplaced(problem, problem_mark, context_mark)


def _misplaced(problem: str, problem_mark: Any, context_mark: Any) -> Where | None:
    """A line indented unlike its siblings, a stray ": ", a tab."""
    if "expected '-' indicator" in problem and context_mark is not None:
        return (
            problem_mark.line,
            problem_mark.column,
            f'this line is indented unlike the list above it (its items start with "- " at column '
            f"{context_mark.column + 1}, from {_at(context_mark)}); indent it like them, or under an item's "
            "keys to belong to that item",
        )
    if "expected key" in problem and context_mark is not None:
        return (
            problem_mark.line,
            problem_mark.column,
            f"this line is indented unlike the keys above it (they start at column {context_mark.column + 1}, "
            f'from {_at(context_mark)}); indent it to the same column, or write "- " to start a new list item',
        )
    if "mapping values are not allowed" in problem:
        return (
            problem_mark.line,
            problem_mark.column,
            'a ": " here makes a new key where a value was expected: put the value in quotes if it holds '
            '": ", or check this line\'s indentation',
        )
    if "cannot start any token" in problem:
        return (
            problem_mark.line,
            problem_mark.column,
            "a character that cannot start a value here: a tab (YAML indents with spaces only), "
            "or a value starting with @ or ` (put it in quotes)",
        )
    return None


def full_width(text: str, stop: tuple[int, int]) -> Where | None:
    """A full-width colon, comma or space before a syntax error at ``stop`` (0-based
    line, column) that is its cause: made ASCII, the file reads, or reads further."""
    lines = YAML_LINES.split(text)
    tries = min(_MOST_TRIED, _MOST_READ // max(len(text), 1))
    for number in range(min(stop[0], len(lines) - 1), -1, -1):
        line = lines[number]
        for found in reversed(list(_FULL_WIDTH.finditer(line))):
            if (number, found.start()) > stop or line.count('"', 0, found.start()) % 2:
                continue  # after the error, or in a "quoted" value
            tries -= 1
            if tries < 0:
                return None
            for old, new in _ascii(line, found.start()):
                fixed = line[: found.start()] + new + line[found.start() + len(old) :]
                error = _first_error("\n".join([*lines[:number], fixed, *lines[number + 1 :]]))
                shift = len(new) - len(old) if stop[0] == number else 0
                if error is None or error > (stop[0], stop[1] + shift):
                    return (number, found.start(), _full_width_said(line, found.start()))
    return None


def _ascii(line: str, at: int) -> list[tuple[str, str]]:
    """What the full-width character at ``at`` may have been meant as: (the text
    replaced, its ASCII) for each try."""
    char, after = line[at], line[at + 1 : at + 2]
    if char == "\uff1a":
        return [("\uff1a\u3000", ": ")] if after == "\u3000" else [(char, ":" if after in ("", " ") else ": ")]
    if char == "\uff0c":
        return [(char, "," if after in ("", " ") else ", ")]
    return [(char, "  "), (char, " ")]  # a full-width space is two columns wide


def _first_error(text: str) -> tuple[int, int] | None:
    """Where the first syntax error of ``text`` is (0-based), or None."""
    try:
        for _ in yaml.parse(text, Loader=_Scanner):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return (mark.line, mark.column) if mark is not None else (0, 0)
    except yaml.YAMLError:
        return (0, 0)
    return None


def _full_width_said(line: str, at: int) -> str:
    char = line[at]
    if char == "\uff1a":
        key = line[:at].strip(" \u3000-")
        return (
            f'"：" is a full-width colon (typed with an input method); YAML ends a key with an ASCII ":" '
            f'and a space: write "{_shown(key)}: …"'
        )
    if char == "\uff0c":
        return (
            '"，" is a full-width comma (typed with an input method); YAML separates the items of {…} or […] '
            'with an ASCII ",": write "," (or put the value in quotes if "，" is its text)'
        )
    if not line[:at].strip(" \t\u3000"):
        return (
            "a full-width space (U+3000, typed with an input method) indents this line; "
            "YAML indents with ASCII spaces only"
        )
    return (
        "a full-width space (U+3000, typed with an input method) where YAML needs an ASCII space "
        '(after a key\'s ":" or an item\'s "-")'
    )
