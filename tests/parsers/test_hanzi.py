"""A reply in traditional characters (parsers.comments.hanzi): read as simplified, kept as written."""
from __future__ import annotations

from pathlib import Path

from parsers.placing.draft import parse_draft
from parsers.mail.envelope import parse_envelope
from parsers.comments.hanzi import Folding, fold
from parsers.reply import Campaign, read_reply
from parsers.mail.units import load_roster

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "campaign"


def test_folding_keeps_the_length_and_leaves_simplified_text_alone() -> None:
    assert fold("第5條建議職工代表") == "第5条建议职工代表"
    simplified = (FIXTURES / "draft.txt").read_text(encoding="utf-8")
    assert fold(simplified) == simplified
    assert Folding.of([simplified]) is None
    assert Folding.of(["关于第5条，建议增加“職工”二字。"]) is None  # one traditional word quoted is no traditional reply


def test_a_reply_in_traditional_characters_is_read_and_its_words_kept() -> None:
    """GIVEN a Big5 body naming clauses with 條 and signed 和龍市總工會 WHEN read THEN it is a
    submission of 和龙市总工会 with its comments in the clauses named, in the writer's characters."""
    draft = parse_draft((FIXTURES / "draft.docx").read_bytes())
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    body = ("宣教部：\n\n對《關於進一步加強和創新延邊工會工作的意見（徵求意見稿）》提出以下意見：\n"
            "一、第3條，建議對勞動競賽的獎勵辦法作出具體規定。\n"
            "二、第16條，建議明確工會經費返還的時限要求。\n\n和龍市總工會\n")
    raw = ("From: someone@mail.example\r\nSubject: =?big5?b?" + __import__("base64").b64encode("意見回覆".encode("big5")).decode()
           + "?=\r\nMessage-ID: <t@x>\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           ).encode() + body.replace("\n", "\r\n").encode("big5")
    reading = read_reply(parse_envelope(raw), Campaign(draft, roster))
    assert reading.kind == "submission"
    assert reading.unit.unit is not None and reading.unit.unit.name == "和龙市总工会"
    assert [(c.clause, c.text) for c in reading.comments] == [
        (3, "第3條，建議對勞動競賽的獎勵辦法作出具體規定。"), (16, "第16條，建議明確工會經費返還的時限要求。")]

