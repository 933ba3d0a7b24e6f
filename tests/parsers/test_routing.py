"""Several rounds in one mailbox: each message to the round(s) it answers (parsers.mail.rounds).

Two drafts with overlapping rosters: the union-work opinions (10+ clauses numbered 1、…) and a
mutual-aid scheme (第一条…第十四条). Both have a 第三条 and a 第六条, so a clause number alone
never tells the rounds apart. The mails here are the tests' own wording."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from office_builders import docx_of

from parsers.placing.draft import parse_draft
from parsers.mail.envelope import parse_envelope
from parsers.records import Envelope
from parsers.reply import Campaign, read_reply
from parsers.mail.rounds import Round, body_sections, fit, route
from parsers.mail.relevance import title_core
from parsers.mail.units import load_roster

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UNION_TITLE = "关于进一步加强和创新延边工会工作的意见（征求意见稿）"
MUTUAL_TITLE = "延边州职工互助保障活动实施办法（征求意见稿）"


def _round(name: str, folder: str, draft_file: str) -> Round:
    draft = parse_draft((FIXTURES / folder / draft_file).read_bytes(), draft_file)
    roster = load_roster((FIXTURES / folder / "units.csv").read_bytes(), "units.csv")
    return Round(name, draft.title, Campaign(draft, roster, "xcjyb@ybgh.example"))


@pytest.fixture(scope="module")
def union() -> Round:
    return _round("union", "campaign", "draft.txt")


@pytest.fixture(scope="module")
def mutual() -> Round:
    return _round("mutual", "campaign-mutual", "draft.txt")


def mail(subject: str, body: str, *files: tuple[str, bytes], sender: str = "yjszgh@yanji.example") -> Envelope:
    message = EmailMessage()
    message["From"] = f"延吉市总工会 <{sender}>"
    message["To"] = "xcjyb@ybgh.example"
    message["Subject"] = subject
    message["Message-ID"] = f"<{abs(hash((subject, body)))}@yanji.example>"
    message["Date"] = "Mon, 22 Sep 2014 09:30:00 +0800"
    message.set_content(body)
    for name, data in files:
        message.add_attachment(data, maintype="application",
                               subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename=name)
    return parse_envelope(message.as_bytes())


def routed_to(envelope: Envelope, *rounds: Round) -> dict[str, int]:
    """Each round the message went to, with how many comments it carries there."""
    routing = route(envelope, rounds)
    return {r.round: len(r.reading.comments) for r in routing.routed}


def test_with_one_round_routing_is_reading(union: Round) -> None:
    """GIVEN one round WHEN routed THEN the reading is read_reply's, unchanged."""
    envelope = mail("对《意见》的修改意见", "第3条建议增加劳动竞赛奖励经费的规定。\n第8条“安康杯”竞赛应写明每年开展。")
    routing = route(envelope, [union])
    assert [r.round for r in routing.routed] == ["union"]
    assert routing.routed[0].reading == read_reply(envelope, union.campaign)


def test_a_reply_naming_its_title_goes_to_that_round_only(union: Round, mutual: Round) -> None:
    envelope = mail("关于《延边州职工互助保障活动实施办法》的修改意见",
                    "宣教部：\n第六条建议将住院医疗互助金降为每人每期五十元。\n第十条九十日的期限太短，建议改为一百八十日。")
    assert routed_to(envelope, union, mutual) == {"mutual": 2}
    envelope = mail("回复：关于进一步加强和创新延边工会工作的意见（征求意见稿）",
                    "第6条建议明确职工教育经费的提取比例。\n第10条职工书屋应增加电子阅读设备。")
    assert routed_to(envelope, union, mutual) == {"union": 2}


def test_a_reply_naming_no_title_goes_where_its_words_fit(union: Round, mutual: Round) -> None:
    """Both drafts have a 第三条 and a 第六条: the comments' words decide (互助金, 理赔 vs 劳模, 职工书屋)."""
    envelope = mail("修改意见", "我单位意见如下：\n第六条互助金缴费标准偏高，建议按工资比例收缴。\n"
                    "第十一条理赔审核十五个工作日过长，建议缩短为十个工作日。")
    routing = route(envelope, [union, mutual])
    assert [r.round for r in routing.routed] == ["mutual"]
    assert "吻合" in routing.routed[0].reason or "线索" in routing.routed[0].reason
    envelope = mail("修改意见", "我单位意见如下：\n第4条劳模工作室建设应有经费保障。\n第10条职工书屋要向基层倾斜。")
    assert [r.round for r in route(envelope, [union, mutual]).routed] == ["union"]


def test_one_mail_for_both_rounds_is_split_by_its_body_headings(union: Round, mutual: Round) -> None:
    body = ("宣教部：\n现将我会对两个文件的意见一并报送。\n"
            "一、对《关于进一步加强和创新延边工会工作的意见》的意见\n"
            "1.第4条建议增加劳模疗休养的安排。\n2.第10条职工书屋建设应纳入年度考核。\n"
            "二、对《职工互助保障活动实施办法》的意见\n"
            "1.第六条建议互助金可由个人自愿加缴。\n")
    routing = route(mail("两个文件的意见", body), [union, mutual])
    got = {r.round: r for r in routing.routed}
    assert set(got) == {"union", "mutual"}
    assert all(r.split for r in routing.routed)
    assert [c.clause for c in got["union"].reading.comments] == [4, 10]
    assert [c.clause for c in got["mutual"].reading.comments] == [6]


def test_one_mail_for_both_rounds_is_split_by_its_attachments(union: Round, mutual: Round) -> None:
    union_file = docx_of("对《意见》的修改意见", "第7条建议写明工会主抓的具体内容。")
    mutual_file = docx_of("修改意见", "第九条重大疾病互助金两万元偏低，建议提高到三万元。", "第十二条建议明确专户由谁开立。")
    envelope = mail("意见反馈", "意见见附件。",
                    ("关于进一步加强和创新延边工会工作的意见-延吉市总工会.docx", union_file),
                    ("职工互助保障活动实施办法修改意见.docx", mutual_file))
    assert routed_to(envelope, union, mutual) == {"union": 1, "mutual": 2}


def test_a_shared_attachment_stays_only_with_the_round_it_fits(union: Round, mutual: Round) -> None:
    """Body sections name both rounds; one unnamed attachment carries mutual-aid comments only."""
    body = ("一、关于进一步加强和创新延边工会工作的意见：第8条“安康杯”竞赛应写明每年开展。\n"
            "二、职工互助保障活动实施办法：意见见附件。\n")
    attached = docx_of("第十条理赔材料应允许由职工本人直接报送。")
    routing = route(mail("意见", body, ("意见.docx", attached)), [union, mutual])
    sources = {r.round: {c.source for c in r.reading.comments} for r in routing.routed}
    assert "意见.docx" in sources["mutual"]
    assert "意见.docx" not in sources.get("union", set())


def test_mail_for_neither_round_is_no_reply(union: Round, mutual: Round) -> None:
    envelope = mail("延吉市总工会2014年第三季度工作总结",
                    "一、加强职工书屋建设。\n二、开展互助保障宣传。\n三、建议明年增加培训经费。")
    routing = route(envelope, [union, mutual])
    assert routing.routed == ()
    assert routing.unrouted is not None and routing.unrouted.kind == "ignore"


def test_another_rounds_title_counts_against_a_round(union: Round, mutual: Round) -> None:
    """Comments on the mutual-aid scheme are never a reply to the union round, even with 第3条."""
    envelope = mail("职工互助保障活动实施办法的意见", "第3条“保本微利”的提法不妥，建议删去。")
    union_alone = route(envelope, [union, mutual])
    assert "union" not in {r.round for r in union_alone.routed}


def test_close_evidence_waits_for_the_clerk(union: Round, mutual: Round) -> None:
    """A bare clause number and words both drafts use: filed as possible under both, counted nowhere."""
    envelope = mail("意见", "第3条建议进一步明确工会组织的职责。")
    routing = route(envelope, [union, mutual])
    if routing.candidates:
        assert set(routing.candidates) == {r.round for r in routing.routed}
        for r in routing.routed:
            assert r.reading.kind == "ignore" and "哪一轮" in r.reading.review
    else:  # or it fits no round well enough to be filed at all
        assert all(r.reading.kind == "ignore" for r in routing.routed)


def test_body_sections_keep_the_cover_for_every_round() -> None:
    cores = {"a": title_core(UNION_TITLE), "b": title_core(MUTUAL_TITLE)}
    cover, sections = body_sections("各位好：\n对《进一步加强和创新延边工会工作的意见》：甲\n乙\n对互助保障活动实施办法：丙", cores)
    assert cover == "各位好："
    assert sections == {"a": "对《进一步加强和创新延边工会工作的意见》：甲\n乙", "b": "对互助保障活动实施办法：丙"}
    assert body_sections("只有一段\n对《进一步加强和创新延边工会工作的意见》：甲", cores)[1] == {}


def test_fit_prefers_the_draft_that_uses_the_comments_words(union: Round, mutual: Round) -> None:
    texts = ["互助金缴费标准偏高", "理赔材料九十日内提交"]
    assert fit(texts, mutual.campaign.draft) > 2 * fit(texts, union.campaign.draft)


def test_a_table_going_on_in_a_second_file_keeps_its_同上(union: Round) -> None:
    """Two files, one table: the second opens on a row whose clause cell says 同上."""
    import docx as python_docx
    from office_builders import docx_bytes

    def table_file(rows: list[list[str]]) -> bytes:
        document = python_docx.Document()
        table = document.add_table(rows=len(rows), cols=3)
        for cells, row in zip(table.rows, rows):
            for cell, text in zip(cells.cells, row):
                cell.text = text
        return docx_bytes(document)

    header = ["序号", "条款", "修改意见"]
    envelope = mail("关于延边工会工作意见的修改意见", "见附件两页。",
                    ("意见1.docx", table_file([header, ["1", "第八条", "建议增加集体协商要约的内容。"]])),
                    ("意见2.docx", table_file([header, ["2", "同上", "建议明确企业高温津贴的发放标准。"]])))
    reading = read_reply(envelope, union.campaign)
    assert [(c.clause, c.text) for c in reading.comments] == [
        (8, "建议增加集体协商要约的内容。"), (8, "建议明确企业高温津贴的发放标准。")]


def test_a_page_scanned_twice_into_one_file_counts_its_comments_once() -> None:
    """The same letter twice in one PDF (a failed scan, then the rescan): each comment once, the
    better read kept, naming the other page; two files carrying it, likewise."""
    from parsers.records import Comment
    from parsers.reply import once_each

    def read(page: int, score: float, text: str = "第4条：建议在大型商场设立营业员休息驿站。") -> Comment:
        return Comment(text, "", "第4条", "clause", 4, 1, 0.95, "“第4条”", f"第{page}页", source="扫描.pdf", page=page, ocr_score=score)

    kept = once_each([read(1, 0.91), read(2, 0.99), read(2, 0.99, "第4条：建议增加饮水和座椅。")])
    assert [(c.page, c.text[-8:], c.duplicates) for c in kept] == [
        (2, "营业员休息驿站。", "扫描.pdf第1页"), (2, "建议增加饮水和座椅。"[-8:], "")]


def test_a_mail_sent_on_under_a_forward_subject_is_read_as_the_reply(union: Round) -> None:
    """"转发：意见" with one covering line ("建工街道的，一并报。") over a QQ mail's 原始邮件 block: the
    sub-unit's mail below is what the unit sends on, not a quotation."""
    body = ("建工街道的，一并报。\n\n金明哲\n\n------------------ 原始邮件 ------------------\n"
            "发件人: \"建工街道总工会\"<jggh_yj@163.example>;\n发送时间: 2014年9月16日(星期二) 下午4:05\n"
            "收件人: \"延吉市总工会\"<yjszgh@yanji.example>;\n主题: 意见\n\n市总工会：\n"
            "1、第十二条，建议增加“街道工会可以吸收个体工商户从业人员入会”。\n")
    reading = read_reply(mail("转发：意见", body), union.campaign)
    assert reading.kind == "submission" and [c.clause for c in reading.comments] == [12]


def test_a_mail_sent_on_whose_header_names_its_sender_without_an_address_is_read(union: Round) -> None:
    """The same under 转发：, the quoted header naming its sender by name alone ("发件人：渔业公司工会",
    as a client writes it for a contact in its address book): still the unit's mail sent on."""
    body = ("渔场的，请查收。\n\n朴成浩\n\n-------- 原始邮件 --------\n发件人：珲春敬信渔业有限公司工会\n"
            "发送时间：2014年9月16日(星期二) 下午4:12\n收件人：珲春市总工会\n主题：意见\n\n市总：\n"
            "1、第十二条，建议增加“渔业合作社可以吸收季节性雇工入会”。\n")
    reading = read_reply(mail("转发：渔场的意见", body), union.campaign)
    assert reading.kind == "submission" and [c.clause for c in reading.comments] == [12]
