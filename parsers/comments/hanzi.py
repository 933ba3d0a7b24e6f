"""Replies written in traditional characters (繁體), read as the simplified text they are.

A unit may write 第3條、建議、職工代表大會: the same words as the draft's 第3条、建议、职工代表大会.
The reading (relevance, references, quotations, the unit's sign-off) works on a simplified
copy; the comments keep the writer's own characters. The copy is made character by character
(OpenCC's t2s table, one character for one), so each folded text is as long as its original
and every comment's words can be given back as written.
"""
from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from parsers.records import AttachmentResult, Block, Comment

# A text is traditional when enough of its Chinese characters have a simplified form: a
# simplified reply has none (the draft's 5,348 characters: 0), a traditional one about a third.
MIN_CHANGED = 4
MIN_SHARE = 0.1


@functools.lru_cache(maxsize=1)
def _converter() -> object:
    from opencc import OpenCC  # type: ignore[import-untyped]  # pure-Python OpenCC ships no type hints

    return OpenCC("t2s")


@functools.lru_cache(maxsize=20000)
def simplified(char: str) -> str:
    """The character's simplified form, or itself (a phrase-only or one-to-many form is kept)."""
    out = str(_converter().convert(char))  # type: ignore[attr-defined]  # untyped OpenCC object
    return out if len(out) == 1 else char


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Every CJK character that has a simplified form, to it: made once (about 0.1 s), so a
    long reply folds at str.translate's speed."""
    ranges = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000))
    return {code: s for r in ranges for code in r if (s := simplified(chr(code))) != chr(code)}


def fold(text: str) -> str:
    """The text with each traditional character replaced by its simplified one (same length)."""
    return text.translate(_table())


SAMPLE = 50_000


def _traditional(text: str) -> bool:
    cjk = [c for c in text if _cjk(c)]
    changed = sum(1 for c in cjk if simplified(c) != c)
    return changed >= MIN_CHANGED and changed >= MIN_SHARE * len(cjk)


@dataclass(frozen=True)
class Folding:
    """One message's traditional-to-simplified reading, and the way back for its comments."""

    back: dict[str, str]  # simplified character -> the traditional one this message wrote

    @classmethod
    def of(cls, texts: Iterable[str]) -> Folding | None:
        """The folding a message needs, or None when it is written in simplified characters
        (decided on its first SAMPLE characters: a simplified reply costs no more than that)."""
        texts = list(texts)
        if not _traditional("".join(texts)[:SAMPLE]):
            return None
        seen: Counter[tuple[str, str]] = Counter()
        for text in texts:
            for char in text:
                if _cjk(char) and (s := simplified(char)) != char:
                    seen[(s, char)] += 1
        back: dict[str, str] = {}
        for (s, char), _ in seen.most_common():  # 干 from 幹 and 乾 in one message: the commoner
            back.setdefault(s, char)
        return cls(back)

    def restore(self, text: str) -> str:
        return "".join(self.back.get(c, c) for c in text)

    def block(self, block: Block) -> Block:
        return dataclasses.replace(block, text=fold(block.text), ref=fold(block.ref), reason=fold(block.reason),
                                   quote=fold(block.quote), context=fold(block.context))

    def result(self, result: AttachmentResult) -> AttachmentResult:
        return dataclasses.replace(result, blocks=tuple(self.block(b) for b in result.blocks), text=fold(result.text))

    def comment(self, comment: Comment) -> Comment:
        """The comment in the writer's characters (its place and evidence stay as read)."""
        return dataclasses.replace(comment, text=self.restore(comment.text), reason=self.restore(comment.reason),
                                   clause_ref=self.restore(comment.clause_ref), original=self.restore(comment.original))
