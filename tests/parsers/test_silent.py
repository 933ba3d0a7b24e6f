"""parsers.files.silent: a returned draft whose changes were accepted before it was sent."""

from __future__ import annotations

from pathlib import Path

from office_builders import docx_of, small_draft

from parsers.files.attachments import read_attachments
from parsers.files.silent import silent_changes
from parsers.placing.draft import parse_draft
from parsers.records import Attachment

CAMPAIGN = Path(__file__).resolve().parent.parent / "fixtures" / "campaign"


def test_words_added_to_a_clause_with_no_mark_left_are_found_by_comparing() -> None:
    """GIVEN the campaign's draft sent back with a sentence typed at the end of clause 8 and a
    word replaced in clause 12, no track changes WHEN read THEN each change is a comment anchored
    to its clause, said to be found by comparison (for review); punctuation alone is no change."""
    draft = parse_draft((CAMPAIGN / "draft.docx").read_bytes())
    lines = [line for line in (CAMPAIGN / "draft.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    eight = next(i for i, line in enumerate(lines) if line.startswith("8、"))
    twelve = next(i for i, line in enumerate(lines) if line.startswith("12、"))
    lines[eight] += "边境口岸企业要建立劳动争议联合调解站。"
    assert "进一步" in lines[twelve][20:]
    lines[twelve] = lines[twelve][:20] + lines[twelve][20:].replace("进一步", "切实", 1)
    nine = next(i for i, line in enumerate(lines) if line.startswith("9、"))
    lines[nine] = lines[nine].rstrip("。")  # a full stop dropped: no change worth a comment
    [result] = read_attachments(Attachment("稿.docx", "application/octet-stream", docx_of(*lines)), draft)
    found = [(b.kind, b.text, b.anchor) for b in result.blocks]
    assert [(kind, anchor) for kind, _, anchor in found] == [("insertion", 8), ("replacement", 12)]
    assert found[0][1].endswith("增加“边境口岸企业要建立劳动争议联合调解站。”") and found[1][1] == "将“进一步”修改为“切实”"
    assert all("与原稿对照" in b.origin and "请核对" in b.origin for b in result.blocks)


def test_a_paragraph_that_is_only_part_of_its_clause_is_no_deletion_of_the_rest() -> None:
    assert silent_changes([(1, 4, "4、区财政每年安排志愿服务专项经费，")], small_draft(), "x") == []
