"""The round's categories (mailbot/categories.py): members in code, the same words as before
wherever they are stored, printed or serialised."""

from __future__ import annotations

import json

from mailbot.categories import DECISIONS, NOT_REPLIED, STATES, UNDECIDED, Adoption, ReplyState, ReviewProblem


def test_the_words_are_the_ones_stored_and_shown() -> None:
    assert [str(s) for s in STATES] == ["已报送", "已更正", "无意见", "未报送", "待确认"]
    assert DECISIONS == ("采纳", "部分采纳", "不采纳", "已有相关表述") and UNDECIDED == "未决定"
    assert f"{ReplyState.UNLISTED} {Adoption.ADOPTED} {ReviewProblem.UNCERTAIN_PLACE}" == "名单外 采纳 条款识别不确定"
    assert json.dumps({ReplyState.PENDING: ReplyState.MISSING}, ensure_ascii=False) == '{"待确认": "未报送"}'
    assert json.dumps([Adoption.NOT_ADOPTED]) == json.dumps(["不采纳"])


def test_replied_and_submitted() -> None:
    assert NOT_REPLIED == (ReplyState.MISSING, ReplyState.PENDING)
    assert [s for s in ReplyState if s.submitted] == [ReplyState.SUBMITTED, ReplyState.CORRECTED]
    assert ReplyState("待确认") is ReplyState.PENDING  # a word read back is its member
