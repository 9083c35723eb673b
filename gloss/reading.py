"""Reading time: minutes to read a text, counting CJK characters and Latin
words at their own pace (about 500 characters and 230 words a minute, the
figures Japanese and English publishers commonly use); at least one."""

from __future__ import annotations

import math
import re

from .eastasian import is_wide

CJK_PER_MINUTE = 500
WORDS_PER_MINUTE = 230
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def reading_minutes(text: str) -> int:
    """Minutes to read ``text`` (plain text, any mix of scripts)."""
    wide = sum(1 for char in text if is_wide(char) and char.isalnum())
    words = sum(1 for word in _WORD.findall(text) if not any(is_wide(c) for c in word))
    return max(1, math.ceil(wide / CJK_PER_MINUTE + words / WORDS_PER_MINUTE))
