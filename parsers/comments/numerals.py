"""Numbers as Chinese documents write them: 13, １３, 十三, 一十三, 二〇一四."""

from __future__ import annotations

import importlib
import unicodedata
from functools import cache
from types import ModuleType

CN_DIGITS = "零〇一二两三四五六七八九十百壹贰叁肆伍陆柒捌玖拾佰"  # and the financial forms (第拾贰条)
# A character class matching any one numeral character, for building regexes.
NUM_CLASS = r"[0-9０-９零〇一二两三四五六七八九十百壹贰叁肆伍陆柒捌玖拾佰]"


def to_int(text: str) -> int | None:
    """Read "13", "１３", "十三", "一十三" or "壹拾叁" as 13; None when it is not a number."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in CN_DIGITS for ch in text):
        return None
    try:
        value = _cn2an().cn2an(text.replace("两", "二"), "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else None


@cache
def _cn2an() -> ModuleType:
    """cn2an, imported on first use: importing it compiles its patterns (a third of a second),
    which commands that never read a reply (`status`, `report`) need not pay."""
    return importlib.import_module("cn2an")
