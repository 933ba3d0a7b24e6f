"""parsers.mail.body: a mail body split into the sender's own words, a forwarded reply and quoted mail."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.mail.body import BodyParts, split_body

NOTICE = "各单位：\n请于9月25日前反馈修改意见。\n某某州总工会办公室"


def test_plain_reply_is_all_own() -> None:
    assert split_body("宣教部：\n  我单位无修改意见。\n某某县总工会") == BodyParts(
        "宣教部：\n  我单位无修改意见。\n某某县总工会", "", "", ""
    )


def test_original_message_separator() -> None:
    text = (
        "同意，无修改意见。\n某某镇工会\n\n-----原始邮件-----\n"
        "发件人: 州总工会 [mailto:office@zgh.example]\n发送时间: 2014年9月1日 16:40\n主题: 通知\n\n" + NOTICE
    )
    parts = split_body(text)
    assert parts.own == "同意，无修改意见。\n某某镇工会"
    assert parts.quoted.startswith("-----原始邮件-----")
    assert "请于9月25日前" in parts.quoted and "请于9月25日前" not in parts.own
    assert (parts.forwarded, parts.forwarded_sender) == ("", "")


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----",
        "------------------ 原始邮件 ------------------",
        "---- 回复的原邮件 ----",
        "在 2014年9月1日，某某 写道：",
        '在 2014-09-01 16:40:00，"州总工会"<office@zgh.example> 写道:',
        "On Mon, Sep 1, 2014 at 4:40 PM, Office <office@zgh.example> wrote:",
        "________________________________",
        "------------------ Original ------------------",
        "-----邮件原件-----",
        "在 2014年9月12日，上午10:00，州总工会 <office@zgh.example> 写道：",
        "州总工会 <office@zgh.example> 于2014年9月12日周五 上午10:00写道：",
        "在 2014/9/12 10:00, 州总工会 写道:",
        "On Sep 12, 2014, at 10:00 AM, 州总工会 <office@zgh.example> wrote:",
        "发件人: 州总工会 发送时间: 2014年9月12日 10:00 收件人: 某单位 主题: 征求意见",
        "From: Office [mailto:office@zgh.example] Sent: Friday, September 12, 2014 10:00 AM To: x Subject: y",
    ],
)
def test_reply_separators(separator: str) -> None:
    parts = split_body(f"第三条建议删除。\n\n{separator}\n{NOTICE}")
    assert parts.own == "第三条建议删除。"
    assert parts.quoted.splitlines()[0] == separator
    assert NOTICE in parts.quoted


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('在 2014-09-12 10:00:00，"州总工会" <office@zgh.example>', "写道："),
        ("在 2014年9月12日 上午10:00，州总工会办公室", "<office@zgh.example> 写道："),
        ("On Fri, Sep 12, 2014 at 10:00 AM, Zhou Zong Gong Hui Ban Gong Shi <", "office@zgh.example> wrote:"),
    ],
)
def test_attribution_wrapped_over_two_lines(first: str, second: str) -> None:
    parts = split_body(f"第三条建议删除。\n\n{first}\n{second}\n\n{NOTICE}")
    assert parts.own == "第三条建议删除。"
    assert parts.quoted.splitlines()[:2] == [first, second]


@pytest.mark.parametrize("line", ["在第三条中写道：", "原稿在开头写道：", "On the third clause the draft wrote:"])
def test_quoting_the_draft_is_not_an_attribution(line: str) -> None:
    """No date or time in it: the sender is quoting the draft, and what follows is theirs."""
    text = f"{line}\n“各级工会应当……”\n建议改为“可以”。"
    assert split_body(text).own == text


def test_outlook_block_after_an_underscore_rule() -> None:
    text = (
        "意见见附件。\n\n________________________________\n发件人: 州总工会 [mailto:office@zgh.example]\n"
        "发送时间: 2014年9月12日 10:00\n收件人: 某单位\n主题: 征求意见\n\n" + NOTICE
    )
    parts = split_body(text)
    assert parts.own == "意见见附件。" and NOTICE in parts.quoted


def test_bold_labels_of_gmail_plain_text() -> None:
    text = "同意\n\n*发件人:* 州总工会 <office@zgh.example>\n*发送时间:* 2014年9月12日\n*收件人:* 某单位\n*主题:* 征求意见\n\n" + NOTICE
    assert split_body(text).own == "同意"


@pytest.mark.parametrize("signature", ["发自我的iPhone", "发自我的 iPhone", "来自我的华为手机", "发自网易邮箱大师", "Sent from my iPhone"])
def test_phone_signature_followed_by_quoted_lines(signature: str) -> None:
    text = (
        f"第三条建议删除。\n\n{signature}\n\n> 在 2014年9月12日，上午10:00，州总工会 <office@zgh.example> 写道：\n>\n"
        "> 各单位：\n> 请于9月25日前反馈修改意见，建议按附件格式填写。"
    )
    parts = split_body(text)
    assert parts.own == "第三条建议删除。"
    assert parts.quoted.startswith(signature) and "建议按附件格式填写" in parts.quoted


def test_phone_signature_followed_by_a_separator() -> None:
    text = "同意。\n\n发自我的iPhone\n\n\n------------------ Original ------------------\nFrom: 州总工会\n" + NOTICE
    assert split_body(text).own == "同意。"


def test_phone_signature_at_the_end_is_left_alone() -> None:
    assert split_body("同意。\n发自我的iPhone").own == "同意。\n发自我的iPhone"


def test_forward_quoted_by_its_client_is_the_reply() -> None:
    """GIVEN an Apple-style forward (its text quoted with ">") THEN the forwarded reply is
    read, and the notice it quoted in turn stays quoted."""
    text = (
        "转宣教部。\n\n开始转发的邮件：\n\n> 发件人: 某单位 <Unit@Corp.example>\n> 主题: 修改意见\n> 日期: 2014年9月12日\n>\n"
        "> 第三条建议删除。\n> 某单位\n>\n>> 各单位：请反馈意见。"
    )
    parts = split_body(text)
    assert (parts.own, parts.forwarded_sender) == ("转宣教部。", "unit@corp.example")
    assert parts.forwarded == "第三条建议删除。\n某单位"
    assert "各单位：请反馈意见。" in parts.quoted


def test_crlf_lines() -> None:
    parts = split_body("同意\r\n-----原始邮件-----\r\n旧通知")
    assert (parts.own, parts.quoted) == ("同意", "-----原始邮件-----\n旧通知")


def test_angle_quoted_lines_leave_own() -> None:
    parts = split_body("第一条同意\n> 原文第一条\n>> 更早的原文\n第二条建议删除")
    assert parts.own == "第一条同意\n第二条建议删除"
    assert parts.quoted == "> 原文第一条\n>> 更早的原文"


def test_bare_quoted_header_block() -> None:
    text = "意见见附件。\n\n发件人: 州总工会\n发送时间: 2014年9月1日 9:00\n收件人: 某单位\n主题: 征求意见\n\n" + NOTICE
    parts = split_body(text)
    assert parts.own == "意见见附件。"
    assert parts.quoted.startswith("发件人: 州总工会")


def test_bare_header_block_with_blank_lines_between() -> None:
    """GIVEN a quoted header block whose lines are blank-separated (an HTML body of one <div> per line)
    THEN it is still recognised."""
    text = "意见见附件。\n\n发件人: 州总工会\n\n发送时间: 2014年9月1日\n\n收件人: 某单位\n\n主题: 征求意见\n\n" + NOTICE
    assert split_body(text).own == "意见见附件。"


def test_single_from_line_is_not_a_header_block() -> None:
    text = "From: 我们单位的意见如下\n第一条删除。"
    assert split_body(text).own == text


def test_bare_english_mailto_block() -> None:
    text = (
        "OK\n\nFrom: Office [mailto:office@zgh.example]\n"
        "Sent: Monday, September 01, 2014 4:40 PM\nTo: x\nSubject: y\n\n旧"
    )
    parts = split_body(text)
    assert parts.own == "OK"
    assert parts.quoted.startswith("From: Office")


def test_inline_forward_163() -> None:
    """GIVEN an office forwarding a unit's reply inline (163 style header with 发送日期)
    THEN the unit's text is `forwarded`, its address `forwarded_sender`, and the forwarder's note `own`."""
    text = (
        "宣教部：某单位的意见误发到办公室，现转给你们。\n办公室 小王\n\n"
        "-------- 转发邮件信息 --------\n"
        "发件人：某某街道工会 <Street.Union@B.example>\n"
        "发送日期：2014-09-10 10:20:30\n"
        '收件人："办公室" <office@zgh.example>\n'
        "主题：修改意见\n\n"
        "办公室：\n  我单位意见如下：删除第三条。\n某某街道工会\n\n"
        "-----原始邮件-----\n" + NOTICE
    )
    parts = split_body(text)
    assert parts.own == "宣教部：某单位的意见误发到办公室，现转给你们。\n办公室 小王"
    assert parts.forwarded == "办公室：\n  我单位意见如下：删除第三条。\n某某街道工会"
    assert parts.forwarded_sender == "street.union@b.example"
    assert parts.quoted.startswith("-----原始邮件-----")


def test_inline_forward_header_with_full_width_colon() -> None:
    text = "-------- 转发邮件信息 --------\n发件人：某单位 <a@b.example>\n发送时间：周一\n收件人：x\n主题：y\n\n意见正文"
    parts = split_body(text)
    assert (parts.own, parts.forwarded, parts.forwarded_sender) == ("", "意见正文", "a@b.example")


def test_an_inline_forward_under_a_line_of_equals_signs() -> None:
    """Coremail's "========== 转发邮件 ==========": a mail sent to the wrong unit, passed on."""
    text = ("下面这封是发给你们的，错发到我们的邮箱了，现转给你们。\n\n========== 转发邮件 ==========\n"
            "发件人：\"某单位\" <a@b.example>\n收件人：x\n主　题：y\n\n意见正文")
    parts = split_body(text)
    assert (parts.forwarded, parts.forwarded_sender) == ("意见正文", "a@b.example")


@pytest.mark.parametrize(
    ("sender_line", "address"),
    [
        ("From: 某单位 [mailto:Unit@Corp.example]", "unit@corp.example"),
        ('发件人: "某单位"<Unit@Corp.example>;', "unit@corp.example"),
        ("发件人: 某单位, 办公室 <unit@corp.example>", "unit@corp.example"),
        ("发件人：某单位（unit@corp.example）", "unit@corp.example"),
        ("发件人：unit@corp.example", "unit@corp.example"),
        ("发件人：某单位", ""),
    ],
)
def test_forwarded_sender_forms(sender_line: str, address: str) -> None:
    text = f"---------- Forwarded message ----------\n{sender_line}\nDate: Mon\nSubject: s\nTo: x\n\n意见正文"
    parts = split_body(text)
    assert (parts.forwarded, parts.forwarded_sender) == ("意见正文", address)


def test_forward_without_header_block() -> None:
    parts = split_body("-------- 转发邮件信息 --------\n\n意见正文")
    assert (parts.forwarded, parts.forwarded_sender) == ("意见正文", "")


def test_forward_of_a_forward_keeps_innermost_reply() -> None:
    text = (
        "转宣教部\n-------- 转发邮件信息 --------\n发件人：办公室 <office@zgh.example>\n主题：转发\n\n"
        "-------- 转发邮件信息 --------\n发件人：某单位 <unit@corp.example>\n主题：意见\n\n意见正文"
    )
    parts = split_body(text)
    assert (parts.own, parts.forwarded, parts.forwarded_sender) == ("转宣教部", "意见正文", "unit@corp.example")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["同意", "> 原文", "-----原始邮件-----", "发件人: x <a@b.example>", "发送时间: 今天", "主题: y",
             "-------- 转发邮件信息 --------", "", "在 2014年9月1日，某某 写道：", "在 2014年9月1日，某某", "写道：",
             "发自我的iPhone", "开始转发的邮件：", "> 发件人: x <a@b.example>", ">> 更早"]
        ),
        max_size=20,
    ).map("\n".join)
)
def test_own_text_never_invented(text: str) -> None:
    parts = split_body(text)
    for piece in (parts.own, parts.forwarded, parts.quoted):
        assert all(line in text for line in piece.splitlines())


def test_a_notice_answered_between_its_quoted_lines() -> None:
    """"在 … 写道:" then the notice quoted with "> ", the answers typed between its lines: they are
    the sender's own words; the quoted lines are not."""
    from parsers.mail.body import split_body

    text = ("在 2014-09-10 09:32, 宣教部 写道:\n> 请认真组织讨论，提出修改意见。\n\n我会意见如下：\n第3条，建议扩大评选范围。\n\n"
            "> 一、请于9月25日前反馈。\n\n按时反馈。\n\n> 三、联系人：王晓丽\n\n-- \n延吉市总工会 金明哲")
    parts = split_body(text)
    assert "第3条，建议扩大评选范围。" in parts.own and "按时反馈。" in parts.own
    assert "请认真组织讨论" not in parts.own and "请认真组织讨论" in parts.quoted


def test_a_reply_typed_under_the_quoted_notice_is_the_senders() -> None:
    """Bottom-posting: the attribution, the notice quoted with "> ", then the sender's own lines."""
    body = ("在 2014-09-10 09:32, 宣教部 写道:\n> 各县市总工会：\n> 请于9月25日前反馈意见。\n\n"
            "通知收到，意见如下：\n一、第8条，建议把职业暴露防护纳入监督检查。\n\n州卫生工会\n")
    parts = split_body(body)
    assert parts.own.startswith("通知收到") and "第8条" in parts.own and "请于9月25日" not in parts.own


def test_a_hard_wrapped_body_is_joined_back_into_paragraphs() -> None:
    from parsers.mail.body import unwrap

    wrapped = ["关于第9条。中小学教代会制度执行得参差不齐，有的学校多年不开。建议写明学校教",
               "职工代表大会每学年至少召开一次，学校的重大事项须经教代会审议。", "",
               "关于第10条。不少学校的图书室只对学生开放，教师读书条件反而不好。建议在中小",
               "学建设教职工书屋，与学校图书馆共建共享，由教育工会统一配送图书。", "",
               "关于第13条。助学帮扶目前主要是一次性的金秋助学，覆盖面窄。建议对困难教职工",
               "子女从入学到毕业每年都给予资助。"]
    joined = unwrap(wrapped)
    assert joined[0].endswith("建议写明学校教职工代表大会每学年至少召开一次，学校的重大事项须经教代会审议。")
    assert len([ln for ln in joined if ln]) == 3
    ragged = ["第3条建议增加劳动竞赛奖励经费。", "第5条建议明确职工培训的经费来源和比例要求。", "延吉市总工会"]
    assert unwrap(ragged) == ragged
    # rows pasted from a sheet (cells between tabs), the last cell ending mid-sentence, are rows
    pasted = ["序号\t条款\t修改意见\t理由", "1\t第6条\t建议增加“职工技能比武”的内容，结合行业特点开展。\t结合电力行业",
              "2\t第12条\t建议明确“县级供电企业工会专职主席的配备比例”。\t便于操作", "3\t全文\t建议统一为一种说法。\t用语规范"]
    assert unwrap(pasted) == pasted


def test_a_table_pasted_into_a_plain_body_with_tabs_is_read_as_a_table() -> None:
    from pathlib import Path

    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve
    from parsers.reply import body_blocks

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    lines = ["我会意见如下（从表格里直接粘贴的）：", "序号\t条款\t修改意见\t理由", "1\t2\t增加“把职业安全纳入总体要求”\t行业特点",
             "2\t17\t建议工会会员发展情况每半年通报一次\t督促落实"]
    blocks = body_blocks(lines)
    assert [resolve(b, draft)[0].clause for b in blocks] == [2, 17]


def test_a_header_block_under_words_saying_they_forward_is_a_forward() -> None:
    """Outlook's forward with no forward line: "转发我公司网络部分会的意见" over a bare "发件人:/发送时间:"
    block. The mail below is what is sent on; the same block under a reply's own words is quoted."""
    below = ["", "发件人: 李强 [mailto:liqiang@unit.example]", "发送时间: 2014年9月19日 10:12", "收件人: 林宏伟",
             "主题: 意见", "", "分公司工会：", "第3条，建议把QC小组活动写进去。"]
    parts = split_body("\n".join(["宣教部：", "转发我公司网络部分会的意见，作为我公司工会的意见报送。", *below]))
    assert "QC小组" in parts.forwarded and "liqiang@unit.example" in parts.forwarded_sender and "转发" in parts.own
    marked = split_body("\n".join(["现将下属分会意见转报你部。", "-----原始邮件-----", *below[1:]]))
    assert "QC小组" in marked.forwarded
    reply = split_body("\n".join(["宣教部：", "我会意见见附件。", *below]))
    assert not reply.forwarded and "QC小组" in reply.quoted


def test_a_covering_line_saying_the_comments_are_passed_on_makes_the_mail_below_forwarded() -> None:
    """"州急救中心工会的意见转来" over Outlook's "-----Original Message-----": the mail below is sent on."""
    body = ("宣教部：\n  州急救中心工会的意见转来，卫生工会无其他意见。\n孙海涛\n\n-----Original Message-----\n"
            "From: 急救中心工会 [mailto:jjzxgh@ybjj.example]\nSent: Thursday\nTo: 孙海涛\nSubject: 意见\n\n"
            "孙主席：\n  一是第6条，建议把驾驶员列入培训范围。\n")
    parts = split_body(body)
    assert parts.forwarded_sender == "jjzxgh@ybjj.example" and "建议把驾驶员" in parts.forwarded


def test_comments_said_to_be_passed_on_to_you_make_the_mail_below_forwarded() -> None:
    """"我市敬信渔场工会的意见转给你们，市总工会本级没有其他意见。" over Foxmail's "原始邮件" line:
    the fish farm's mail below is sent on, not quoted (the covering line's 没有其他意见 is no 无意见)."""
    body = ("州总宣教部：\n    我市敬信渔场工会的意见转给你们，市总工会本级没有其他意见。\n\n朴成浩\n\n-------- 原始邮件 --------\n"
            "发件人：渔业公司工会\n发送时间：2014年9月16日\n收件人：珲春市总工会\n主题：意见\n\n"
            "市总：\n    一是第14条，建议写明季节性雇工同样适用。\n")
    assert "季节性雇工" in split_body(body).forwarded
