"""Numbers as Chinese documents write them: 13, １３, 十三, 一十三, 二〇一四."""

from __future__ import annotations

import unicodedata

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百"
# A character class matching any one numeral character, for building regexes.
NUM_CLASS = r"[0-9０-９零〇一二两三四五六七八九十百]"


def to_int(text: str) -> int | None:
    """Read "13", "１３", "十三" or "一十三" as 13; None when it is not a number."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in CN_DIGITS for ch in text):
        return None
    try:
        value = cn2an.cn2an(text.replace("两", "二"), "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else None
