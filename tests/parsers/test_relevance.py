"""Is a message a reply to this round? Signals weighed, each recorded (parsers.mail.relevance).

The wording here is the tests' own, not the sample corpus's."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.placing.draft import parse_draft
from parsers.records import Comment, Draft
from parsers.reply import Reading
from parsers.mail.relevance import Evidence, judge, names_title, other_titles, short_names, title_core

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "campaign"


@pytest.fixture(scope="module")
def draft() -> Draft:
    return parse_draft((FIXTURES / "draft.docx").read_bytes())


def comment(scope: str = "clause", clause: int | None = 5, confidence: float = 0.95, evidence: str = "“第5条”") -> Comment:
    return Comment("建议补充职工代表的产生办法。", "", "第5条", scope, clause, 2, confidence, evidence, "正文第2段")  # type: ignore[arg-type]


def evidence(**values: object) -> Evidence:
    base: dict[str, object] = {
        "subject": "", "cover": "", "file_names": (), "doc_titles": (), "comments": (), "says_no_comment": False,
        "unreadable": False, "roster_sender": True,
    }
    base.update(values)
    return Evidence(**base)  # type: ignore[arg-type]


def test_title_core_and_short_names(draft: Draft) -> None:
    assert title_core(draft.title) == "进一步加强和创新延边工会工作"
    assert "《意见》" in short_names(draft.title)
    assert names_title("回复：对《关于加强和创新延边工会工作的意见》的修改建议", title_core(draft.title))
    assert not names_title("延边州职工书屋建设管理办法", title_core(draft.title))
    # another department's draft, its title the same but for its subject: not this draft
    assert not names_title("关于进一步加强和创新延边州女职工工作的意见（征求意见稿）", title_core(draft.title))
    assert names_title("关于进一步加强和创新延边州工会工作的意见", title_core(draft.title))
    assert names_title("关于进一步加强和创新延边工作的意见", title_core(draft.title))  # a word left out
    # the province's paper: the same words without 延边
    assert not names_title("《吉林省总工会关于进一步加强和创新工会工作的意见（征求意见稿）》", title_core(draft.title))
    assert names_title("进一步加强和创新延边工会工作意见修改稿", title_core(draft.title))  # shortened at an end only


def test_another_drafts_title_is_found_in_a_cover_line(draft: Draft) -> None:
    core = title_core(draft.title)
    lines = ["现将我会对《延边州困难职工帮扶资金管理办法（征求意见稿）》的意见报上。"]
    assert other_titles(lines, core, draft) == ["延边州困难职工帮扶资金管理办法（征求意见稿）"]
    assert other_titles(["对《意见》（征求意见稿）的修改意见如下"], core, draft) == []
    assert other_titles(["关于延边州职工书屋建设管理办法（征求意见稿）的修改意见"], core, draft) == ["延边州职工书屋建设管理办法"]
    # this draft by its author and short name, in a forwarded internal mail
    assert other_titles(["对州总工会《意见》的修改意见已按您的意见修改好了"], core, draft) == []
    # the draft named only by who sent it: "州总工会征求意见稿" (a printed mail's subject, scanned)
    assert other_titles(["主题：关于州总工会征求意见稿的修改意见（初稿）"], core, draft) == []
    assert other_titles(["转发：玻璃厂对工会意见稿的意见"], core, draft) == []  # the union's 意见 in draft: this one
    assert other_titles(["关于你部征求意见稿的意见"], core, draft) == []
    assert other_titles(["转发：自来水公司对州总征求意见稿的意见"], core, draft) == []  # 州总: 州总工会, shortened
    assert other_titles(["关于对征求意见稿的修改意见"], core, draft) == []


def test_a_regulation_cited_inside_a_comment_is_no_other_draft(draft: Draft) -> None:
    line = "* 第11条：建议将“违规使用劳务派遣工”修改为“超比例使用劳务派遣工”，与《劳务派遣暂行规定》衔接。"
    assert other_titles([line], title_core(draft.title), draft) == []
    assert other_titles(["我会对《延边州职工书屋管理办法》的修改意见"], title_core(draft.title), draft) == ["延边州职工书屋管理办法"]


def test_words_between_dui_and_de_yijian_are_no_title_unless_called_a_document(draft: Draft) -> None:
    """"面对面听取基层工会干部和职工的意见" on a line about the 征求意见稿: 对 … 的意见 names no
    document (a scanned report of how the draft was discussed)."""
    line = "市总工会深入基层，面对面听取基层工会干部和职工的意见，对征求意见稿进行了讨论。"
    assert other_titles([line], title_core(draft.title), draft) == []


def test_a_reply_naming_the_draft_with_clause_comments_counts(draft: Draft) -> None:
    verdict = judge(evidence(subject="回复：关于进一步加强和创新延边工会工作的意见（征求意见稿）",
                             comments=(comment(), comment(clause=9))), draft)
    assert verdict.verdict == "reply"
    assert any("标题" in s for s in verdict.signals)


def test_comments_on_another_draft_are_not_a_reply(draft: Draft) -> None:
    verdict = judge(evidence(subject="我会对帮扶资金管理办法的修改意见",
                             cover="宣教部：\n现将我会对《延边州困难职工帮扶资金管理办法（征求意见稿）》的意见报送你部。",
                             comments=(comment(), comment(clause=3))), draft)
    assert verdict.verdict == "not"
    assert any("另一文件" in s for s in verdict.signals)


def test_comments_on_another_draft_sent_in_this_rounds_thread_are_not_a_reply(draft: Draft) -> None:
    """Re: the notice (our title in the subject, the notice quoted below), but the sender's own
    words answer another office's 《…办法（征求意见稿）》: the thread's title is not the reply's."""
    notice = "Re: 关于征求《关于进一步加强和创新延边工会工作的意见（征求意见稿）》修改意见的通知"
    other = evidence(subject=notice, answers_title=True, comments=(comment(), comment(clause=9)),
                     cover="经济技术部：\n关于《延边州劳动模范评选表彰管理办法（征求意见稿）》，我会讨论后，意见如下：")
    assert judge(other, draft).verdict == "not"
    ours = evidence(subject=notice, answers_title=True, comments=(comment(), comment(clause=9)),
                    cover="宣教部：\n我会讨论后，意见如下：与《劳动合同法》衔接。")
    assert judge(ours, draft).verdict == "reply"


def test_a_work_report_with_suggestions_is_not_a_reply(draft: Draft) -> None:
    items = tuple(comment("general", None, 0.3, "未找到条款线索，暂作总体意见") for _ in range(4))
    verdict = judge(evidence(subject="龙城区总工会2014年第三季度工作总结", file_names=("三季度工作总结.docx",),
                             comments=items), draft)
    assert verdict.verdict == "not"


def test_a_question_in_the_thread_is_not_a_reply(draft: Draft) -> None:
    verdict = judge(evidence(subject="回复：关于征求《意见》修改意见的通知", cover="请问纸质件是否还要另行报送？"), draft)
    assert verdict.verdict == "not"


def test_an_unreadable_scan_described_as_the_reply_counts(draft: Draft) -> None:
    verdict = judge(evidence(subject="我单位的意见", cover="意见见附件扫描件。", file_names=("scan.jpg",),
                             unreadable=True), draft)
    assert verdict.verdict == "reply"


def test_thin_evidence_is_a_possible_reply_not_a_guess(draft: Draft) -> None:
    verdict = judge(evidence(subject="材料", comments=(comment("general", None, 0.3, "未找到条款线索"),)), draft)
    assert verdict.verdict == "possible"
    assert verdict.evidence  # the clerk sees why


def test_no_content_is_never_a_reply(draft: Draft) -> None:
    assert judge(evidence(subject="关于进一步加强和创新延边工会工作的意见（征求意见稿）"), draft).verdict == "not"


def test_a_reply_from_an_unknown_sender_goes_to_review(draft: Draft) -> None:
    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    raw = ("From: x@qq.example\r\nSubject: =?utf-8?b?5L+u5pS55oSP6KeB?=\r\nMessage-ID: <u@x>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" "关于《意见》征求意见稿：第3条建议增加劳动竞赛奖励经费。\r\n").encode()
    reading = read_reply(parse_envelope(raw), Campaign(draft, roster))
    assert reading.kind == "submission" and reading.unit.unit is None
    assert "未能确定发件单位" in reading.review


def test_an_address_of_one_unit_and_a_title_of_another_goes_to_review(draft: Draft) -> None:
    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    raw = ("From: yjszgh@yanji.example\r\nSubject: =?utf-8?b?5Zu+5Lus5biC5oC75bel5Lya5L+u5pS55oSP6KeB?=\r\n"
           "Message-ID: <v@x>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           "对《意见》（征求意见稿）的修改意见：第3条建议增加劳动竞赛奖励经费。\r\n").encode()
    reading = read_reply(parse_envelope(raw), Campaign(draft, roster))
    assert reading.unit.unit is not None and reading.unit.unit.name == "延吉市总工会"
    assert "图们市总工会" in reading.review


def test_a_reply_whose_attachment_says_nothing_mailbot_understands_goes_to_review(draft: Draft) -> None:
    """GIVEN a reply naming the draft whose .docx holds prose with no proposal mailbot can find
    WHEN read THEN it still counts as a reply, with a note asking a person to read it."""
    import io
    from email.message import EmailMessage

    import docx

    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    document = docx.Document()
    document.add_paragraph("我们组织有关同志逐条学习讨论，认为稿子整体结构合理、内容全面，个别表述可以再斟酌，具体当面交流。")
    body = io.BytesIO()
    document.save(body)
    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "tmszgh@tumen.example", "图们市总工会对《意见》的反馈", "<w@x>"
    message.set_content("反馈见附件。")
    message.add_attachment(body.getvalue(), maintype="application", subtype="octet-stream", filename="反馈.docx")
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    reading = read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster))
    assert reading.kind == "submission" and not reading.comments
    assert "未识别出意见" in reading.review


def test_a_reply_in_the_notices_thread_counts_on_thin_words(draft: Draft) -> None:
    thin = evidence(subject="材料", comments=(comment("general", None, 0.3, "未找到条款线索"),))
    assert judge(thin, draft).verdict == "possible"
    threaded = evidence(subject="材料", comments=(comment("general", None, 0.3, "未找到条款线索"),), in_reply_to_round=True)
    assert judge(threaded, draft).verdict == "reply"


def test_a_body_table_reads_by_its_columns() -> None:
    from parsers.reply import body_blocks

    lines = ["修改意见如下表：", "条款 | 意见建议 | 备注", "第3条 | 建议增加劳动竞赛奖励经费 | 参照外省", "全文 | 称谓不统一，建议规范 |"]
    blocks = body_blocks(lines)
    assert [(b.ref, b.reason) for b in blocks] == [("第3条", "参照外省"), ("全文", "")]


def test_the_signature_is_the_run_of_short_lines_at_the_end() -> None:
    from parsers.reply import signature_lines

    lines = ["宣教部：", "我们从延吉市总工会转来的材料中看到征求意见稿，提两点意见：", "一是第12条，建议明确经费。",
             "延吉高新技术产业开发区工会联合会", "2014年9月24日"]
    assert signature_lines(lines) == ["延吉高新技术产业开发区工会联合会", "2014年9月24日"]


def test_a_colleague_of_the_department_is_not_a_unit_replying(draft: Draft) -> None:
    verdict = judge(evidence(subject="请汇总《意见》征求意见反馈情况", roster_sender=False, internal=True,
                             comments=(comment("general", None, 0.3, "未找到条款线索"),)), draft)
    assert verdict.verdict != "reply"


def test_a_roster_units_unreadable_calendar_file_is_no_possible_reply(draft: Draft) -> None:
    """Found in other projects' test mail, sent as if from a roster unit: a signature file or an
    invitation that cannot be read is no sign of a reply; a blurred scan with a cover note is."""
    bare = judge(evidence(subject="Meeting", file_names=("invite.ics",), unreadable=True), draft)
    assert bare.verdict == "not"
    covered = judge(evidence(subject="我单位意见", cover="意见见附件扫描件。", file_names=("scan.jpg",), unreadable=True), draft)
    assert covered.verdict == "reply"


def test_an_opendocument_file_is_a_document_not_an_archive() -> None:
    import io
    import zipfile

    from parsers.files.attachments import sniff

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert sniff(out.getvalue(), "意见.odt") == "odt" and sniff(b"{\\rtf1\\ansi ...}", "意见.doc") == "rtf"


def test_agreeing_with_the_draft_in_so_many_words_is_a_reply(draft: Draft) -> None:
    """"同意该稿，无修改意见" from a roster unit's clerk on a personal address, subject naming no title."""
    verdict = judge(evidence(subject="财贸工会反馈", cover="宣教部王老师：\n同意该稿，无修改意见。", says_no_comment=True), draft)
    assert verdict.verdict == "reply"
    assert any("同意本稿" in s for s in verdict.signals)
    assert judge(evidence(subject="财贸工会反馈", cover="无修改意见。", says_no_comment=True), draft).verdict == "possible"


def test_a_follow_up_of_a_unit_that_replied_is_a_reply(draft: Draft) -> None:
    """A possible reply saying 补充 from a unit with an earlier reply to this round counts (the
    store knows who replied: mailbot asks parsers.reply.follow_up)."""
    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, follow_up, read_reply
    from parsers.mail.units import load_roster

    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    raw = ("From: yjszgh@yanji.example\r\nSubject: =?utf-8?b?6KGl5YWF5oSP6KeB?=\r\nMessage-ID: <f@x>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n宣教部：\r\n我会再补充一条：建议增加教职工学历提升教育的内容。\r\n").encode()
    envelope = parse_envelope(raw)
    reading = read_reply(envelope, Campaign(draft, roster))
    assert reading.relevance is not None and reading.relevance.verdict == "possible"
    followed = follow_up(reading, envelope)
    assert (followed.kind, followed.relation, followed.relevance.verdict) == ("submission", "supplement", "reply")  # type: ignore[union-attr]  # set by follow_up
    assert "可能是对本稿的回复" not in followed.review


def test_a_reply_to_mail_about_the_draft_saying_no_comment_is_a_reply(draft: Draft) -> None:
    """"Re:意见稿" from a roster unit: "我们看过了，没什么意见。"."""
    verdict = judge(evidence(subject="Re:意见稿", cover="我们看过了，没什么意见。", says_no_comment=True), draft)
    assert verdict.verdict == "reply"


def test_a_law_the_draft_cites_is_no_other_draft(draft: Draft) -> None:
    """《吉林省企业事业单位民主管理条例》 is cited by clause 9: a comment naming it is on this draft."""
    verdict = judge(evidence(subject="汪清县总工会修改意见", doc_titles=("修改意见\n第九条，建议将《吉林省企业事业单位民主管理条例》的落实情况纳入检查。",),
                             comments=(comment(clause=9), comment(clause=13))), draft)
    assert verdict.verdict == "reply" and not any("另一文件" in s for s in verdict.signals)


def test_a_units_notice_of_a_meeting_on_the_draft_is_not_a_reply(draft: Draft) -> None:
    """It names the draft and is from a roster unit, but it calls a meeting to discuss it."""
    verdict = judge(evidence(subject="关于召开征求意见稿讨论会的通知", file_names=("讨论会通知.pdf",),
                             doc_titles=("关于召开《关于进一步加强和创新延边工会工作的意见（征求意见稿）》讨论会的通知",),
                             cover="会议通知见附件，请按时参加。", unreadable=True), draft)
    assert verdict.verdict != "reply" and any("会议通知" in s for s in verdict.signals)


def test_a_units_newsletter_reporting_on_the_draft_is_not_a_reply(draft: Draft) -> None:
    verdict = judge(evidence(subject="州直机关工会简报（第9期）",
                             cover="传达了州总工会《关于进一步加强和创新延边工会工作的意见（征求意见稿）》，要求按时反馈意见。",
                             comments=(comment(scope="general", clause=None, confidence=0.3, evidence="未找到条款线索"),)), draft)
    assert verdict.verdict == "not"


def test_a_news_item_for_the_newsletter_about_the_units_meeting_on_the_draft_is_no_reply(draft: Draft) -> None:
    verdict = judge(evidence(subject="投稿：延吉市总工会组织学习讨论征求意见稿", unreadable=True,
                             doc_titles=("关于进一步加强和创新延边工会工作的意见（征求意见稿）学习讨论会召开\n本网讯（通讯员 李明）",),
                             cover="稿件见附件，请审阅。"), draft)
    assert verdict.verdict == "not" and any("新闻投稿" in s for s in verdict.signals)


def test_comments_naming_several_clauses_by_their_subject_from_a_personal_mailbox_make_a_reply(draft: Draft) -> None:
    """"职工书屋那条，建议……", "关于工会经费收缴的那一条……": each placed by its words on another
    clause, under a subject naming the 意见稿: a reply, though no number is written."""
    placed = tuple(comment(clause=n, confidence=0.6, evidence="按内容") for n in (10, 16, 14))
    verdict = judge(evidence(subject="移动延边分公司工会对意见稿的几点意见", comments=placed, roster_sender=True), draft)
    assert verdict.verdict == "reply"


def test_a_feedback_receipt_saying_none_from_a_roster_unit_is_its_none(draft: Draft) -> None:
    verdict = judge(evidence(subject="烟草公司工会回执", file_names=("回执.jpg",), doc_titles=("意见反馈回执\n单位名称 | 延边烟草公司工会",),
                             says_no_comment=True), draft)
    assert verdict.verdict == "reply"


def test_a_printers_quotation_naming_the_draft_is_no_reply(draft: Draft) -> None:
    verdict = judge(evidence(subject="印刷报价单", cover="《意见》印刷报价见附件。", unreadable=True, roster_sender=False), draft)
    assert verdict.verdict == "not"


def test_agreeing_to_the_text_going_forward_is_a_no_comment_reply(draft: Draft) -> None:
    verdict = judge(evidence(subject="州卫生工会反馈意见", cover="经研究，我会对文稿无增补、无删改，同意报批。", says_no_comment=True), draft)
    assert verdict.verdict == "reply"


def test_a_sub_units_mail_forwarded_below_is_read_with_the_reply(draft: Draft) -> None:
    """"县教育工会的意见在下面转发的邮件里": the mail quoted under -----原始邮件----- is read too."""
    body = ("宣教部：\r\n    我会意见：第二条，建议增加服务职工的内容。县教育工会的意见在下面转发的邮件里。\r\n\r\n汪清县总工会\r\n\r\n"
            "-----原始邮件-----\r\n发件人: 县教育工会 [mailto:jy@163.example]\r\n发送时间: 2014年9月17日 16:05\r\n主题: 意见\r\n\r\n"
            "一、第六条，建议增加教师每年参加继续教育的学时要求。\r\n")
    reading = _read_plain(draft, "wqxzgh@wangqing.example", "转发：意见", body)
    assert sorted(c.clause for c in reading.comments if c.clause) == [2, 6]


def test_a_member_units_comments_sent_on_as_see_below_are_read_with_the_reply(draft: Draft) -> None:
    """"收到…的意见（见下），经研究同意报送。另外，我委补充一条": the roster unit's own comment and
    the member unit's, quoted below -----原始邮件-----, are all its reply."""
    body = ("宣教部：\r\n    州直机关工委收到州人社局机关工会的意见（见下），经研究同意报送。另外补充一条：\r\n"
            "    第十八条，建议增加机关工会换届与党组织换届同步部署的要求。\r\n\r\n州直机关工会\r\n\r\n"
            "-----原始邮件-----\r\n发件人: 州人社局机关工会 [mailto:rsj@ybrs.example]\r\n发送时间: 2014年9月19日 16:02\r\n"
            "主题: 意见\r\n\r\n2.第11条，建议将“违规使用劳务派遣工”改为“违反规定超比例使用劳务派遣工”。\r\n")
    reading = _read_plain(draft, "zzjggh@ybgh.example", "转发: 人社局机关工会对《意见》的修改意见", body)
    assert reading.kind == "submission" and sorted(c.clause for c in reading.comments if c.clause) == [11, 18]


def test_a_colleague_passing_a_units_reply_on_is_that_units_reply(draft: Draft) -> None:
    """A colleague of the department (its own domain) forwards inline a unit's reply that went
    to his old address: "转给你，请一并汇总". The unit's comments are read, and it is its reply."""
    body = ("晓丽：\r\n\r\n烟草公司工会的意见发到我邮箱了，转给你，请一并汇总。\r\n\r\n海军\r\n\r\n"
            "-----原始邮件-----\r\n发件人: 延边烟草公司工会 [mailto:gh@ybtobacco.example]\r\n发送时间: 2014年9月18日 15:46\r\n"
            "收件人: 李海军\r\n主题: 修改意见\r\n\r\n我公司工会对征求意见稿提出以下修改意见：\r\n"
            "（1）第6条，建议增加每年书面通报经费使用情况的要求。\r\n")
    reading = _read_plain(draft, "lihj@ybgh.example", "转发: 延边烟草公司工会对征求意见稿的修改意见", body)
    assert reading.kind == "submission" and [c.clause for c in reading.comments] == [6]


def test_a_units_notice_to_its_sub_units_forwarding_ours_is_not_a_reply(draft: Draft) -> None:
    """敦化 sends the federation's notice on to its sub-units, the mailbox in Cc: "逾期视为无意见"
    is its rule for them, the notice below is ours; neither makes it a reply."""
    from parsers.comments.segment import says_no_comment

    assert not says_no_comment("请于9月18日前将修改意见报市总工会办公室，逾期视为无意见。")
    body = ("各乡镇（街道）工会、各基层工会：\r\n\r\n    现将州总工会的通知转发给你们，请认真组织讨论，于9月18日前将修改意见报市总工会，逾期视为无意见。\r\n\r\n"
            "敦化市总工会\r\n\r\n-------- 转发邮件信息 --------\r\n发件人: 宣教部 <xcjyb@ybgh.example>\r\n发送时间: 2014年9月10日\r\n"
            "主题: 关于征求意见的通知\r\n\r\n二、意见请写明涉及的部分和条目，并简要说明理由；没有意见的单位也请回复。\r\n")
    reading = _read_plain(draft, "dhszgh@dunhua.example", "转发：关于进一步加强和创新延边工会工作的意见（征求意见稿）", body)
    assert reading.kind == "ignore" and not reading.comments


def test_a_table_pasted_with_tabs_under_a_two_row_header_reads_its_proposal_column(draft: Draft) -> None:
    """Word's table pasted as text: 修改意见 spans 原文 | 建议修改为 (the second header row's
    leading tabs are its empty first cells); the proposals are the 建议修改为 column's."""
    body = ("宣教部：\r\n我会意见如下表：\r\n\r\n序号\t条款\t修改意见\t\t理由\r\n\t\t原文\t建议修改为\t\r\n"
            "1\t第四条\t探索推广建立劳模工作室\t对命名的劳模创新工作室给予经费补助\t示范带动\r\n"
            "2\t第十三条\t开通12351职工法律援助热线\t整合法律援助和困难帮扶热线\t方便记忆\r\n\r\n图们市总工会\r\n")
    reading = _read_plain(draft, "tmszgh@tumen.example", "图们意见", body)
    assert [(c.clause, c.text) for c in reading.comments] == [
        (4, "对命名的劳模创新工作室给予经费补助"), (13, "整合法律援助和困难帮扶热线")]


def test_none_said_only_in_the_subject_is_the_units_none(draft: Draft) -> None:
    reading = _read_plain(draft, "jtgh@ybgh.example", "州交通工会：无意见", "\r\n许光日\r\n州交通工会\r\n")
    assert reading.kind == "no_comment"


def test_the_draft_sent_back_unchanged_under_a_mail_saying_the_comments_are_attached_is_a_reply_for_review(draft: Draft) -> None:
    """The clerk attached the wrong file: the unit has replied (it is not missing), but nothing
    can be read; the review note says so."""
    from email.message import EmailMessage

    from parsers.mail.envelope import parse_envelope
    from parsers.mail.units import load_roster
    from parsers.reply import Campaign, read_reply

    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "yjszgh@yanji.example", "延吉市总工会修改意见", "<wrong-file@test>"
    message.set_content("宣教部：\n我会修改意见见附件，请查收。\n延吉市总工会")
    message.add_attachment((FIXTURES / "draft.docx").read_bytes(), maintype="application", subtype="octet-stream",
                           filename="征求意见稿.docx")
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    reading = read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster, "xcjyb@ybgh.example"))
    assert reading.kind == "submission" and not reading.comments and "附错" in reading.review


def test_another_paper_sent_along_gives_no_comments(draft: Draft) -> None:
    """附件2 is the unit's 工作总结, sent along: its 下步工作建议 are no comments on the draft."""
    from email.message import EmailMessage

    from office_builders import docx_of

    from parsers.mail.envelope import parse_envelope
    from parsers.mail.units import load_roster
    from parsers.reply import Campaign, read_reply

    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "jygh@ybgh.example", "州教育工会修改意见", "<paper@test>"
    message.set_content("附件1是我会对征求意见稿的修改意见，附件2是我会工作总结，请转组织部。")
    message.add_attachment(docx_of("对征求意见稿的修改意见", "第九条：建议写明学校要依法召开教职工代表大会。"),
                           maintype="application", subtype="octet-stream", filename="附件1：修改意见.docx")
    message.add_attachment(docx_of("州教育工会2014年1-8月份工作总结", "三、下步工作建议", "建议组织部门将学校工会干部培训纳入年度计划。"),
                           maintype="application", subtype="octet-stream", filename="附件2：工作总结.docx")
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    reading = read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster, "xcjyb@ybgh.example"))
    assert [c.clause for c in reading.comments] == [9]


def test_a_personal_mailbox_naming_the_unit_in_passing_or_by_its_contact_is_that_unit_for_review(draft: Draft) -> None:
    body = "王老师，我们卫生工会的意见：\r\n1.第九条最后加一句“公立医院全面推行院务公开”。\r\n孙海涛\r\n"
    reading = _read_plain(draft, "sunht1972@163.example", "意见", body)
    assert reading.unit.unit is not None and reading.unit.unit.name == "州卫生工会" and "请核实" in reading.review
    other = "州总工会宣教部：\r\n我们从延吉市总工会转来的材料中看到征求意见稿，提两点意见：\r\n一是第12条，建议明确工作经费。\r\n"
    assert _read_plain(draft, "ghlhh@yjgx.example", "反馈意见", other).unit.unit is None  # a unit mentioned is not the sender
    from parsers.mail.units import load_roster, unit_by_contact

    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    found = unit_by_contact([("发件人姓名", "孙海涛"), ("署名", "")], roster)
    assert found is not None and found.unit is not None and found.unit.name == "州卫生工会"


def _read_plain(draft: Draft, sender: str, subject: str, body: str) -> "Reading":
    """A plain-text message from `sender`, read against the campaign's roster and mailbox."""
    from email.message import EmailMessage

    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = sender, subject, f"<{abs(hash(body))}@test>"
    message.set_content(body.replace("\r\n", "\n"))
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    return read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster, "xcjyb@ybgh.example"))


def test_a_reply_to_a_hand_sent_reminder_naming_the_draft_counts(draft: Draft) -> None:
    """GIVEN "交通工会无意见" answering the department's reminder, sent by hand (its Message-ID
    unknown to the round), the reminder quoted below naming the draft's title
    WHEN read THEN it is the unit's 无意见 reply; the same words under another mail quoted are not."""
    from email.message import EmailMessage

    from parsers.mail.envelope import parse_envelope
    from parsers.mail.units import load_roster
    from parsers.reply import Campaign, read_reply

    def reply(quoted_title: str) -> Reading:
        message = EmailMessage()
        message["From"], message["Subject"] = "jtgh@ybgh.example", "回复：关于尽快报送的提醒"
        message["Message-ID"], message["In-Reply-To"] = "<r@x>", "<remind-by-hand@ybgh.example>"
        message.set_content(f"交通工会无意见\n\n发自我的 iPhone\n\n在 2014年9月22日，宣教部 写道：\n\n"
                            f"> 各单位：\n> 《{quoted_title}》的修改意见请于9月25日前报送。\n")
        roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
        return read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster, "xcjyb@ybgh.example"))

    assert reply(draft.title).kind == "no_comment"
    assert reply("延边州职工书屋建设管理办法").kind != "no_comment"


def test_a_title_naming_another_matter_before_its_words_of_comment_is_not_a_reply(draft: Draft) -> None:
    """"培训班意见反馈表" is feedback on a training course; "…征求意见的回执" stays ours."""
    other = evidence(subject="宣传信息员培训班意见反馈表", cover="反馈表见附件。", file_names=("反馈表.xlsx",),
                     comments=(comment("general", None, 0.3, "未找到条款线索"),))
    assert judge(other, draft).verdict == "not"
    assert "培训班" in judge(other, draft).evidence


def test_words_numbered_list_pasted_into_the_body_is_no_table_of_clause_numbers() -> None:
    """"1.\\t第三条。建议……": Word's list number and its tab, not a 条款 cell saying 1."""
    from parsers.reply import body_blocks

    blocks = body_blocks(["修改意见如下：", "1.\t第三条。建议增加创新成果奖励的内容。", "2.\t第七条。建议增加政府专题研究的要求。"])
    assert [(b.kind, b.ref, b.text) for b in blocks] == [("body", "", "第三条。建议增加创新成果奖励的内容。"),
                                                         ("body", "", "第七条。建议增加政府专题研究的要求。")]


def test_comments_typed_into_the_subject_are_read_when_the_body_has_none(draft: Draft) -> None:
    """Subject "和龙总工会修改意见：第十二条建议增加…；第十七条将…", body only "发自网易邮箱大师"."""
    reading = _read_plain(draft, "hlszgh@helong.example", "和龙总工会修改意见：第十二条建议增加村级工会联络员；第十七条将快递从业人员纳入建会重点",
                          "发自网易邮箱大师\r\n")
    assert reading.kind == "submission" and [c.clause for c in reading.comments] == [12, 17]


def test_a_units_notice_to_its_sub_units_under_its_document_number_is_no_reply(draft: Draft) -> None:
    """"延大工会〔2014〕12号 / 关于征求…的通知 / 各分工会：…无修改意见的分工会也请回复": the unit's own notice."""
    body = ("延大工会〔2014〕12号\r\n\r\n关于征求《关于进一步加强和创新延边工会工作的意见（征求意见稿）》修改意见的通知\r\n\r\n各分工会：\r\n\r\n"
            "    现将征求意见稿转发给你们，请组织讨论，于9月19日前将修改意见报校工会办公室。无修改意见的分工会也请回复。\r\n")
    reading = _read_plain(draft, "gh@ybu.example", "关于征求《关于进一步加强和创新延边工会工作的意见（征求意见稿）》修改意见的通知", body)
    assert reading.kind == "ignore"


def test_a_reply_to_a_mail_asking_for_the_comments_counts_by_its_subject(draft: Draft) -> None:
    """"回复：关于尽快报送修改意见的提醒" with 无意见: a reply to a mail of this round."""
    verdict = judge(evidence(subject="回复：关于尽快报送修改意见的提醒", cover="无意见", says_no_comment=True), draft)
    assert verdict.verdict == "reply"


def test_a_mail_saying_its_comments_are_still_to_come_is_no_reply(draft: Draft) -> None:
    """An extension request with an unfinished form attached ("附件只是未完成稿，不作为正式意见") is not
    the unit's reply; "不作为正式意见" is no 无意见 either."""
    from parsers.comments.segment import says_no_comment

    cover = "恳请将我会报送时间延至9月30日，届时一并报送正式意见。附件只是未完成稿，不作为正式意见。"
    found = judge(evidence(subject="关于延期报送修改意见的请求", cover=cover, file_names=("汇总表.xlsx",), unreadable=True), draft)
    assert found.verdict == "not" and any("尚未报送" in s for s in found.signals)
    assert not says_no_comment(cover)


def test_minutes_of_the_units_meeting_sent_as_its_comments_count(draft: Draft) -> None:
    """"会议纪要第9期.jpg" sent under "…会议纪要（修改意见）", its items on clauses: the unit's comments,
    minuted; the same file under another subject stays in doubt."""
    items = (comment(), comment(clause=9, evidence="“第9条”"))
    sent = evidence(subject="汪清县总工会会议纪要（修改意见）", file_names=("会议纪要第9期.jpg",), comments=items,
                    cover="会议议定的三条即为我会的修改意见，见附件。")
    assert judge(sent, draft).verdict == "reply"
    other = evidence(subject="会议纪要", file_names=("会议纪要第9期.jpg",), comments=items, cover="见附件。")
    assert any("其他材料" in s for s in judge(other, draft).signals)


def test_a_cover_letter_without_the_comments_it_encloses_waits_for_the_clerk(draft: Draft) -> None:
    """The only file is the signed 函 ("现将我会修改意见随函报送"), the comments themselves not sent:
    a possible reply (待确认), not a reply with no comments; the unit is neither counted nor reminded."""
    import io
    from email.message import EmailMessage

    import docx

    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    document = docx.Document()
    for line in ("延边州总工会宣教部：", "根据通知要求，我会组织讨论了征求意见稿，现将我会修改意见随函报送，请审阅。", "图们市总工会 2014年9月20日"):
        document.add_paragraph(line)
    body = io.BytesIO()
    document.save(body)
    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "tmszgh@tumen.example", "图们市总工会对《意见》的修改意见", "<z@x>"
    message.set_content("修改意见见附件。")
    message.add_attachment(body.getvalue(), maintype="application", subtype="octet-stream", filename="报送函.docx")
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    reading = read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster))
    assert reading.kind == "ignore" and reading.relevance is not None and reading.relevance.verdict == "possible"
    assert "只是报送函" in reading.review


def test_the_comment_form_sent_blank_waits_for_the_clerk(draft: Draft) -> None:
    import io
    from email.message import EmailMessage

    import docx

    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    document = docx.Document()
    document.add_paragraph("图们市总工会对《关于进一步加强和创新延边工会工作的意见（征求意见稿）》的修改意见")
    table = document.add_table(rows=4, cols=4)
    for cell, word in zip(table.rows[0].cells, ("序号", "条款", "修改意见", "理由")):
        cell.text = word
    for n in (1, 2, 3):
        table.rows[n].cells[0].text = str(n)
    body = io.BytesIO()
    document.save(body)
    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "tmszgh@tumen.example", "图们市总工会修改意见", "<b@x>"
    message.set_content("意见见附件。")
    message.add_attachment(body.getvalue(), maintype="application", subtype="octet-stream", filename="修改意见.docx")
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    reading = read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster))
    assert reading.kind == "ignore" and "空白意见表" in reading.review


def test_a_leaders_own_comments_from_inside_the_body_wait_for_the_clerk(draft: Draft) -> None:
    """The federation's vice-chair mails his proposals to a colleague, the mailbox in Cc: his view,
    not a unit's reply; the clerk places it (待确认)."""
    items = (comment(), comment(clause=12, evidence="“第十二条”"))
    found = judge(evidence(subject="对征求意见稿的几点意见", comments=items, roster_sender=False, internal=True,
                           cover="征求意见稿我又看了一遍，提几点意见，你们汇总各单位意见时一并考虑："), draft)
    assert found.verdict == "possible"


def test_a_reply_to_the_departments_other_matter_is_no_reply(draft: Draft) -> None:
    """"答复：请核对：征求意见稿座谈会纪要（初稿）": corrections to the seminar's minutes, not comments."""
    items = (comment(), comment(clause=13, evidence="未写条款"))
    found = judge(evidence(subject="答复：请核对：征求意见稿座谈会纪要（初稿）", comments=items,
                           cover="座谈会纪要（初稿）看过了。第三段我的发言记录有两处需要更正："), draft)
    assert found.verdict != "reply" and any("其他材料" in s for s in found.signals)


def test_another_paper_sent_back_revised_is_no_reply(draft: Draft) -> None:
    """The unit's own research report, revised after the department's 修改意见 and sent back: no reply."""
    import io
    from email.message import EmailMessage

    import docx

    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    document = docx.Document()
    for line in ("珲春市非公企业工会组建情况调研报告", "近年来，我市非公企业数量增长较快，工会组建工作面临新情况。", "一、基本情况", "二、存在的问题"):
        document.add_paragraph(line)
    body = io.BytesIO()
    document.save(body)
    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "hcszgh@hunchun.example", "调研报告（修改稿）", "<r@x>"
    message.set_content("按照您提的修改意见，已对调研报告作了修改，修改稿见附件，请再审阅。")
    message.add_attachment(body.getvalue(), maintype="application", subtype="octet-stream", filename="调研报告（修改稿）.docx")
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    reading = read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster))
    assert reading.kind == "ignore" and (reading.relevance is None or reading.relevance.verdict == "not")


def test_a_unit_asking_the_federation_for_its_own_opinions_is_no_reply(draft: Draft) -> None:
    """A roster unit's own consultation ("请贵会对我公司领导班子提出意见建议，填写附件征求意见表后反馈"),
    its scanned form read but empty: the consultation runs the other way, no reply to the draft."""
    cover = "州总工会领导：\n根据党委安排，请贵会对我公司领导班子提出意见建议，填写附件征求意见表后于9月30日前反馈。"
    found = judge(evidence(subject="征求意见表", cover=cover, file_names=("征求意见表.pdf",), unreadable=True), draft)
    assert found.verdict == "not" and any("向本会征求意见" in s for s in found.signals)
    # a reply asking the department to consider its comments is still a reply
    reply = evidence(subject="修改意见", cover="请贵会对我会意见予以考虑。", comments=(comment(), comment(clause=9, evidence="“第9条”")))
    assert judge(reply, draft).verdict == "reply"


def test_the_draft_named_by_a_run_of_its_title_words_is_this_draft(draft: Draft) -> None:
    """"旅游局工会对工会工作意见稿的意见": 工会工作 is a run of the title's words, 意见稿 its kind:
    this draft in short, not another paper."""
    core = title_core(draft.title)
    assert other_titles(["旅游局工会对工会工作意见稿的意见"], core, draft) == []
    assert other_titles(["关于职工疗休养管理办法的修改意见"], core, draft) == ["职工疗休养管理办法"]


def test_a_fax_cover_saying_none_of_the_draft_in_short_counts(draft: Draft) -> None:
    """A fax cover sheet alone under a fax server's English body: its 备注 says "关于征求意见稿，经我会
    研究，无修改意见。" The line saying none names the draft in short: a 无意见 reply."""
    sent = evidence(subject="传真：延边州烟草公司工会", cover="This fax was received by the fax server.", file_names=("FAX.tif",),
                    says_no_comment=True, none_said="备注 | 关于征求意见稿，经我会研究，无修改意见。")
    found = judge(sent, draft)
    assert found.verdict == "reply" and any("说明无意见的一句" in s for s in found.signals)


def test_a_question_on_a_clause_with_the_comments_to_follow_is_for_the_clerk(draft: Draft) -> None:
    """"第十八条“所属职工”是否包括派遣工？请帮助解释一下，我们统一认识后再报送修改意见。": a
    question, the comments still to come: not the unit's reply (the clerk may still confirm it)."""
    cover = "王老师：\n大家对第十八条“所属职工”理解不一致：是否包括劳务派遣工？请帮助解释一下，我们统一认识后再报送修改意见。"
    found = judge(evidence(subject="请教：征求意见稿第十八条的理解", cover=cover, comments=(comment(clause=18),)), draft)
    assert found.verdict != "reply" and any("答复后才报送" in s for s in found.signals)


def test_a_unit_passing_on_comments_in_its_own_words_counts_on_thin_words(draft: Draft) -> None:
    """"Fw: 意见", "延吉市第三幼儿园工会的意见转给你们，我会其他意见另行报送。" over a forwarded list of
    proposals naming neither the draft nor a clause: the unit's reply (this round is the one open)."""
    general = Comment("建议女职工维权服务增加孕期权益保护。", "", "", "general", None, None, 0.3, "未找到条款线索", "正文")  # type: ignore[arg-type]
    found = judge(evidence(subject="Fw: 意见", cover="宣教部：\n延吉市第三幼儿园工会的意见转给你们，我会其他意见另行报送。",
                           comments=(general, general)), draft)
    assert found.verdict == "reply" and any("把意见报给本部门" in s for s in found.signals)


@pytest.mark.parametrize("subject,cover,relation", [
    ("补充：移动分公司工会修改意见", "宣教部：\n上午发的意见漏了两条，补充如下：", "supplement"),
    ("Re: 修改意见", "前面遗漏一条，现发来。", "supplement"),
    ("修改意见", "上次漏了两条，现将全部意见重新报送，以此件为准。", "correction"),  # the whole again: a correction
    ("修改意见（修改后完整版）", "另外漏了关于第13条的一条。现将修改后的完整意见重新发送，请用本件覆盖上午那份。", "correction"),
    ("重发：修改意见", "上午发送的意见漏了一条，现重新发送，请以本邮件为准，上午那封请删除。", "correction"),
    ("修改意见", "上次漏了一条，现将全部意见再发一次。", "correction"),
    ("修改意见", "全部意见已于上午发送，这里漏了一条，补充如下：", "supplement"),
    ("修改意见", "宣教部：\n现将我会修改意见报送如下。", None),
])
def test_what_a_later_mail_says_of_the_earlier_one(subject: str, cover: str, relation: str | None) -> None:
    from parsers.reply import _relation

    assert _relation(subject, cover) == relation


def test_a_roster_unit_on_the_federations_domain_forwarding_a_sub_units_reply(draft: Draft) -> None:
    """州卫生工会 writes from the federation's own domain (wsgh@ybgh.example) and sends on, under
    转发：, an Outlook "-----Original Message-----" holding its sub-unit's comments: a roster unit,
    not a colleague of the department; the comments below are its reply."""
    body = ("宣教部：\r\n  州急救中心工会的意见转来，卫生工会无其他意见。\r\n孙海涛\r\n\r\n"
            "-----Original Message-----\r\nFrom: 急救中心工会 [mailto:jjzxgh@ybjj.example]\r\n"
            "Sent: Thursday, September 18, 2014 5:47 PM\r\nTo: 孙海涛\r\nSubject: 意见\r\n\r\n"
            "孙主席：\r\n  我中心工会讨论后，对征求意见稿的意见如下：\r\n"
            "  一是第6条，建议把院前急救驾驶员、担架员也列入职业技能培训范围。\r\n")
    reading = _read_plain(draft, "wsgh@ybgh.example", "转发: 意见", body)
    assert reading.kind == "submission" and [c.clause for c in reading.comments] == [6]
    assert reading.unit.unit is not None and reading.unit.unit.name == "州卫生工会"


def test_a_few_thoughts_from_a_roster_unit_on_several_clauses_subjects_is_a_reply(draft: Draft) -> None:
    """"延大工会的几点想法": 想法 is 意见 in other words; with comments on two clauses' subjects, a reply.
    The same comments under a subject that says nothing of comments stay for the clerk."""
    by_subject = (comment(confidence=0.65, evidence="未写条款，内容涉及第5条"), comment(clause=9, confidence=0.75, evidence="未写条款"))
    assert judge(evidence(subject="学院工会的几点想法", comments=by_subject), draft).verdict == "reply"
    assert judge(evidence(subject="转发", comments=by_subject), draft).verdict == "possible"
