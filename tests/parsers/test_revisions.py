"""parsers.files.revisions: tracked changes (w:ins/w:del) and margin comments of a returned draft."""

from __future__ import annotations

import io

import docx
from lxml import etree
import pytest

from parsers.records import Draft
from parsers.files.revisions import change_blocks, clause_of, comment_blocks, original_text

from office_builders import (
    NUMBERED_DRAFT,
    W_NS,
    ARTICLE_DRAFT,
    del_xml,
    ins_xml,
    reload,
    run_xml,
    set_paragraph_xml,
    small_draft,
    tracked_docx,
)


@pytest.fixture(scope="module")
def draft() -> Draft:
    return small_draft()


def _changes(paragraphs: list[str], draft: Draft) -> list[tuple[str, str, int | None]]:
    document = docx.Document(io.BytesIO(tracked_docx(paragraphs)))
    return [(b.kind, b.text, b.anchor) for b in change_blocks(document, draft, "附件“办法.docx”")]


def test_deletion_then_insertion_is_a_replacement(draft: Draft) -> None:
    paragraph = run_xml("1、为规范社区志愿服务活动，") + del_xml("促进") + ins_xml("推动") + run_xml("志愿服务事业健康发展，制定本办法。")
    assert _changes([paragraph], draft) == [("replacement", "将“促进”修改为“推动”", 1)]


def test_insertion_names_the_words_before_it(draft: Draft) -> None:
    """The place is the last 12 characters kept before the insertion."""
    paragraph = run_xml("2、街道办事处负责本辖区志愿服务的统筹协调") + ins_xml("、指导培训") + run_xml("和监督管理工作。")
    assert _changes([paragraph], draft) == [("insertion", "在“本辖区志愿服务的统筹协调”后增加“、指导培训”", 2)]


def test_insertion_at_paragraph_start_has_no_place(draft: Draft) -> None:
    paragraph = ins_xml("（新增）") + run_xml("3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。")
    assert _changes([paragraph], draft) == [("insertion", "增加“（新增）”", 3)]


def test_deletion(draft: Draft) -> None:
    paragraph = run_xml("3、志愿者应当年满十六周岁") + del_xml("，身体健康") + run_xml("，自愿参加志愿服务。")
    assert _changes([paragraph], draft) == [("deletion", "删除“，身体健康”", 3)]


def test_several_runs_of_one_insertion_are_one_change(draft: Draft) -> None:
    paragraph = (
        run_xml("4、区财政每年安排志愿服务专项经费，")
        + ins_xml("并", "逐年", "适当增加，", change_id=5)
        + ins_xml("纳入预算", change_id=6)
        + run_xml("用于志愿者培训和表彰。")
    )
    assert _changes([paragraph], draft) == [
        ("insertion", "在“年安排志愿服务专项经费，”后增加“并逐年适当增加，纳入预算”", 4)
    ]


def test_separate_changes_in_one_paragraph_and_across_paragraphs(draft: Draft) -> None:
    first = run_xml("1、为规范") + del_xml("社区") + run_xml("志愿服务活动，促进志愿服务事业健康发展，") + ins_xml("特") + run_xml("制定本办法。")
    unchanged = run_xml("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。")
    last = run_xml("4、区财政每年安排志愿服务专项经费") + del_xml("，用于志愿者培训和表彰") + run_xml("。")
    assert _changes([first, unchanged, last], draft) == [
        ("deletion", "删除“社区”", 1),
        ("insertion", "在“进志愿服务事业健康发展，”后增加“特”", 1),
        ("deletion", "删除“，用于志愿者培训和表彰”", 4),
    ]


def test_origin_names_paragraph_and_author(draft: Draft) -> None:
    paragraphs = [
        run_xml("标题行"),
        run_xml("1、为规范社区志愿服务活动，") + ins_xml("切实", author="王芳") + run_xml("促进志愿服务事业健康发展，制定本办法。"),
        run_xml("2、街道办事处负责本辖区志愿服务的统筹协调") + '<w:ins w:id="9"><w:r><w:t>和指导</w:t></w:r></w:ins>',
    ]
    document = docx.Document(io.BytesIO(tracked_docx(paragraphs)))
    blocks = change_blocks(document, draft, "附件“办法.docx”")
    assert [b.origin for b in blocks] == [
        "附件“办法.docx”修订（第2段，王芳 2024-05-06）",
        "附件“办法.docx”修订（第3段，未署名）",
    ]


def test_paragraph_not_in_the_draft_has_no_anchor(draft: Draft) -> None:
    paragraph = run_xml("以上意见供参考，请酌情采纳") + ins_xml("。")
    assert _changes([paragraph], draft) == [("insertion", "在“上意见供参考，请酌情采纳”后增加“。”", None)]


def test_article_style_paragraph_finds_its_clause() -> None:
    """Fixed: a "第二条 …" paragraph found no clause, since Clause.text has no number."""
    draft = small_draft(ARTICLE_DRAFT)
    paragraph = run_xml("第二条 街道办事处负责本辖区志愿服务的统筹协调") + del_xml("和监督管理") + run_xml("工作。")
    assert _changes([paragraph], draft) == [("deletion", "删除“和监督管理”", 2)]
    assert clause_of("第三条　志愿者应当年满十六周岁，身体健康。", draft) == 3


def test_clause_of(draft: Draft) -> None:
    assert clause_of("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。", draft) == 2
    assert clause_of("区财政每年安排志愿服务专项经费", draft) == 4
    assert clause_of("短句", draft) is None
    assert clause_of("这句话不在征求意见稿里面出现过", draft) is None


def test_original_text_drops_insertions_and_keeps_deletions() -> None:
    document = docx.Document(io.BytesIO(tracked_docx([run_xml("甲") + del_xml("乙") + ins_xml("丙") + run_xml("丁")])))
    paragraph = document.paragraphs[0]
    assert original_text(paragraph._p) == "甲乙丁"
    assert paragraph.text == "甲丁"  # python-docx sees neither: the reason revisions.py exists


def _commented_document() -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。")
    paragraph = document.add_paragraph()
    paragraph.add_run("2、街道办事处负责")
    anchored = paragraph.add_run("本辖区志愿服务")
    paragraph.add_run("的统筹协调和监督管理工作。")
    document.add_comment(anchored, text="建议明确“本辖区”的范围", author="王芳")
    document.add_comment(document.paragraphs[0].runs, text="  ", author="王芳")
    tail = document.add_paragraph("以上为征求意见稿全文。")
    document.add_comment(tail.runs, text="此句可删", author="")
    return reload(document)


def test_margin_comment_gives_text_quote_and_anchor(draft: Draft) -> None:
    blocks = comment_blocks(_commented_document(), draft, "附件“办法.docx”")
    assert [(b.kind, b.text, b.quote, b.anchor, b.origin) for b in blocks] == [
        ("margin_comment", "建议明确“本辖区”的范围", "本辖区志愿服务", 2, "附件“办法.docx”批注（王芳）"),
        ("margin_comment", "此句可删", "以上为征求意见稿全文。", None, "附件“办法.docx”批注（未署名）"),
    ]


def test_comment_quote_leaves_out_tracked_insertions(draft: Draft) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    first = paragraph.add_run("3、志愿者应当年满十六周岁，")
    last = paragraph.add_run("身体健康，自愿参加志愿服务。")
    document.add_comment([first, last], text="年龄要求偏高", author="王芳")
    p = paragraph._p
    inserted = docx.Document(io.BytesIO(tracked_docx([ins_xml("原则上")]))).paragraphs[0]._p[0]
    p.insert(p.index(last._r), inserted)
    [block] = comment_blocks(reload(document), draft, "附件")
    assert block.quote == "3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"
    assert block.anchor == 3


def test_document_without_comments_or_changes_gives_nothing(draft: Draft) -> None:
    document = docx.Document()
    set_paragraph_xml(document.add_paragraph(), run_xml("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"))
    document = reload(document)
    assert comment_blocks(document, draft, "附件") == []
    assert change_blocks(document, draft, "附件") == []


def test_a_margin_comment_on_a_section_heading_is_about_that_section(draft: Draft) -> None:
    """GIVEN a returned draft with a margin comment on the heading 二、保障措施 WHEN read and
    mapped THEN it is that section's comment, whatever its words resemble."""
    from parsers.placing.mapping import resolve

    document = docx.Document()
    heading = document.add_paragraph()
    run = heading.add_run("二、保障措施")
    document.add_comment([run], text="标题建议改为“组织保障”", author="王芳")
    [block] = comment_blocks(reload(document), draft, "附件“办法.docx”")
    assert block.anchor is None and block.ref == "第2部分"
    [target] = resolve(block, draft)
    assert (target.scope, target.section) == ("section", 2)


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _threaded(document: docx.document.Document, parent_of: dict[int, int], done: frozenset[int] = frozenset()) -> docx.document.Document:
    """Word 2013's threads: each comment's last paragraph gets a w14:paraId, and
    word/commentsExtended.xml says which comment answers which (and which are resolved)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    comments = list(document.comments)
    ids = {}
    for comment in comments:
        para_id = f"1000{comment.comment_id:04d}"
        comment._comment_elm.findall(f"{{{W_NS}}}p")[-1].set(f"{{{W14}}}paraId", para_id)
        ids[comment.comment_id] = para_id
    entries = "".join(
        f'<w15:commentEx w15:paraId="{ids[c.comment_id]}"'
        + (f' w15:paraIdParent="{ids[parent_of[c.comment_id]]}"' if c.comment_id in parent_of else "")
        + (' w15:done="1"' if c.comment_id in done else "") + "/>"
        for c in comments)
    blob = f'<w15:commentsEx xmlns:w15="{W15}">{entries}</w15:commentsEx>'.encode()
    part = Part(PackURI("/word/commentsExtended.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml", blob, document.part.package)
    document.part.relate_to(part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
    return reload(document)


def test_a_comment_and_its_replies_are_one_comment(draft: Draft) -> None:
    """GIVEN a note asking a question, a colleague's reply giving the proposal, and a note
    answered with a bare 同意 WHEN read THEN two comments, each with its thread's words."""

    document = docx.Document()
    first = document.add_paragraph().add_run("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。")
    second = document.add_paragraph().add_run("4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。")
    document.add_comment(first, text="这一句是否要写得更具体？请主任定。", author="王芳")
    document.add_comment(first, text="建议写明街道设立志愿服务站。", author="李明")
    document.add_comment(second, text="建议专项经费按人头列支。", author="王芳")
    document.add_comment(second, text="同意。", author="李明")
    blocks = comment_blocks(_threaded(document, {1: 0, 3: 2}), draft, "附件")
    assert [(b.anchor, b.text) for b in blocks] == [
        (2, "这一句是否要写得更具体？请主任定。（李明回复：建议写明街道设立志愿服务站。）"),
        (4, "建议专项经费按人头列支。（李明回复：同意。）")]


def test_an_answer_written_as_a_note_of_its_own_on_the_same_words_joins_the_thread(draft: Draft) -> None:
    """GIVEN Word 2010's reply (a second note on the same words, no commentsExtended) saying
    已核，不改。 under a colleague's question WHEN read THEN one thread, settled (resolved);
    a second person's own proposal on the same words stays a note of its own."""
    from parsers.files.revisions import is_resolved

    document = docx.Document()
    first = document.add_paragraph().add_run("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。")
    second = document.add_paragraph().add_run("4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。")
    document.add_comment(first, text="这一句是否需要更新提法？请办公室再核一下。", author="刘海燕")
    document.add_comment(first, text="已核，不改。", author="王建国")
    document.add_comment(second, text="建议专项经费按人头列支。", author="王芳")
    document.add_comment(second, text="建议写明表彰的比例。", author="李明")
    blocks = comment_blocks(reload(document), draft, "附件")
    assert [(b.anchor, b.text, is_resolved(b)) for b in blocks] == [
        (2, "这一句是否需要更新提法？请办公室再核一下。（王建国回复：已核，不改。）", True),
        (4, "建议专项经费按人头列支。", False), (4, "建议写明表彰的比例。", False)]


def test_a_note_marked_resolved_is_read_and_set_aside(draft: Draft) -> None:
    """GIVEN two notes, one marked resolved in Word (settled before sending, shown greyed)
    WHEN the returned draft is read THEN only the other is a comment; the resolved one is an aside."""
    from parsers.files.attachments import read_attachments
    from parsers.records import Attachment

    document = docx.Document()
    for line in ("一、总体要求", "1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。",
                 "2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。", "二、保障措施",
                 "3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。", "4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。"):
        document.add_paragraph(line)
    document.add_comment(document.paragraphs[2].runs[0], text="建议写明街道设立志愿服务站。", author="王芳")
    document.add_comment(document.paragraphs[5].runs[0], text="这一句是否可以删去？", author="办公室")
    data = io.BytesIO()
    _threaded(document, {}, frozenset({1})).save(data)
    [result] = read_attachments(Attachment("稿.docx", "application/octet-stream", data.getvalue()), draft)
    assert [b.text for b in result.blocks] == ["建议写明街道设立志愿服务站。"]
    assert [b.text for b in result.asides] == ["这一句是否可以删去？"] and "已解决" in result.asides[0].origin


def test_a_note_only_agreeing_is_read_and_set_aside(draft: Draft) -> None:
    """"同意此条。" left by a second reviewer beside a real note: no comment of its own."""
    from parsers.files.attachments import read_attachments
    from parsers.records import Attachment

    document = docx.Document()
    for line in ("一、总体要求", "1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。",
                 "2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。", "二、保障措施",
                 "3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。", "4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。"):
        document.add_paragraph(line)
    document.add_comment(document.paragraphs[2].runs[0], text="建议写明街道设立志愿服务站。", author="王芳")
    document.add_comment(document.paragraphs[2].runs[0], text="同意此条。", author="李明")
    document.add_comment(document.paragraphs[4].runs[0], text="回复王芳：同意。", author="李明")  # a reply typed as a note
    data = io.BytesIO()
    document.save(data)
    [result] = read_attachments(Attachment("稿.docx", "application/octet-stream", data.getvalue()), draft)
    assert [b.text for b in result.blocks] == ["建议写明街道设立志愿服务站。"]
    assert [b.text for b in result.asides] == ["同意此条。", "回复王芳：同意。"]


def test_a_comment_marked_without_a_range_is_anchored_to_its_paragraph(draft: Draft) -> None:
    """WPS may write only the comment's mark (w:commentReference), no range around words."""
    document = docx.Document()
    run = document.add_paragraph().add_run("3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。")
    document.add_comment(run, text="年龄建议放宽到十四周岁。", author="王芳")
    body = document.element.body
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for node in list(body.iter(f"{{{W_NS}}}{tag}")):
            node.getparent().remove(node)
    [block] = comment_blocks(reload(document), draft, "附件")
    assert block.anchor == 3 and block.quote == ""


def test_a_deletion_with_a_note_on_it_is_one_comment(draft: Draft) -> None:
    from parsers.files.revisions import revision_blocks

    document = docx.Document()
    paragraph = document.add_paragraph()
    set_paragraph_xml(paragraph, run_xml("2、街道办事处负责本辖区志愿服务的统筹协调") + del_xml("和监督管理") + run_xml("工作。"))
    deleted = paragraph._p.findall(f"{{{W_NS}}}del")[0]
    start = etree.SubElement(paragraph._p, f"{{{W_NS}}}commentRangeStart")
    start.set(f"{{{W_NS}}}id", "0")
    deleted.addprevious(start)
    end = etree.SubElement(paragraph._p, f"{{{W_NS}}}commentRangeEnd")
    end.set(f"{{{W_NS}}}id", "0")
    deleted.addnext(end)
    document.add_comment(paragraph.runs[-1], text="监督管理由区民政局负责，街道不宜承担。", author="王芳")
    # the note's own range (added by add_comment around the last run) is replaced by the one around the deletion
    for node in list(paragraph._p.iter(f"{{{W_NS}}}commentRangeStart"))[1:] + list(paragraph._p.iter(f"{{{W_NS}}}commentRangeEnd"))[1:]:
        node.getparent().remove(node)
    blocks = revision_blocks(reload(document), draft, "附件")
    assert [(b.kind, b.text, b.quote) for b in blocks] == [("margin_comment", "监督管理由区民政局负责，街道不宜承担。", "和监督管理")]


def test_a_note_on_the_words_a_change_put_in_is_that_changes_reason(draft: Draft) -> None:
    """GIVEN a replacement, and a note ("理由：……") anchored on its new words WHEN read THEN one
    comment: the change, the note its reason."""
    from parsers.files.revisions import revision_blocks

    document = docx.Document()
    paragraph = document.add_paragraph()
    set_paragraph_xml(paragraph, run_xml("4、区财政每年安排志愿服务专项经费，") + del_xml("用于志愿者培训") + ins_xml("用于志愿者保险和培训")
                      + run_xml("和表彰。"))
    inserted = paragraph._p.findall(f"{{{W_NS}}}ins")[0]
    document.add_comment(paragraph.runs[-1], text="理由：志愿者意外伤害缺少保障。", author="王芳")
    for tag, place in (("commentRangeStart", inserted.addprevious), ("commentRangeEnd", inserted.addnext)):
        node = next(paragraph._p.iter(f"{{{W_NS}}}{tag}"))
        node.getparent().remove(node)
        place(node)
    blocks = revision_blocks(reload(document), draft, "附件")
    assert [(b.kind, b.reason) for b in blocks] == [("replacement", "志愿者意外伤害缺少保障。")]


def test_a_note_in_the_clause_asking_for_the_deletion_made_is_one_comment_with_it(draft: Draft) -> None:
    """GIVEN clause 2 with a sentence deleted, and a note on the clause's first words saying
    "建议删去这一短句" WHEN read THEN one comment, the note (it says what and why)."""
    from parsers.files.revisions import revision_blocks

    long_draft = small_draft(NUMBERED_DRAFT.replace("监督管理工作。", "监督管理工作，组织辖区内的社区开展志愿服务活动。社区居委会予以配合。"))
    document = docx.Document()
    paragraph = document.add_paragraph()
    set_paragraph_xml(paragraph, run_xml("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作，组织辖区内的社区开展志愿服务活动。")
                      + del_xml("社区居委会予以配合。"))
    document.add_comment(paragraph.runs[0], text="与前句意思重复，建议删去这一短句。", author="王芳")
    blocks = revision_blocks(reload(document), long_draft, "附件")
    assert [(b.kind, b.anchor) for b in blocks] == [("margin_comment", 2)]


def test_a_note_on_the_drafts_title_is_about_the_whole_text(draft: Draft) -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("社区志愿服务管理办法")
    document.add_comment(run, text="标题建议改为《社区志愿服务促进办法》。", author="王芳")
    document.add_paragraph("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。")
    [block] = comment_blocks(reload(document), draft, "附件")
    assert block.anchor is None and block.ref == "文件标题"


def test_a_paragraph_added_whole_belongs_to_the_clause_above_or_as_a_new_clause_to_its_section(draft: Draft) -> None:
    from parsers.placing.mapping import resolve

    document = docx.Document(io.BytesIO(tracked_docx([
        run_xml("3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"),
        ins_xml("志愿者参加服务时应购买意外伤害保险。"),
        run_xml("4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。"),
        ins_xml("新增一条：5、建立志愿服务时长储蓄制度。"),
        ins_xml("某某社区修改稿（2024年5月6日）"),
    ])))
    blocks = change_blocks(document, draft, "附件")
    assert [resolve(b, draft)[0].clause or f"s{resolve(b, draft)[0].section}" for b in blocks] == [3, "s2"]


def test_no_comment_noted_in_the_margin_of_the_returned_draft_is_the_units_no_comment() -> None:
    """GIVEN the draft returned unchanged but for a note on its title: 对本稿无修改意见
    WHEN read THEN the reply is 无意见, and the note is kept as read (not a comment)."""
    import io
    from email.message import EmailMessage

    from pathlib import Path

    from parsers.placing.draft import parse_draft
    from parsers.mail.envelope import parse_envelope
    from parsers.reply import Campaign, read_reply
    from parsers.mail.units import load_roster

    FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "campaign"
    draft = parse_draft((FIXTURES / "draft.docx").read_bytes())
    roster = load_roster((FIXTURES / "units.csv").read_bytes(), "units.csv")
    document = docx.Document(io.BytesIO((FIXTURES / "draft.docx").read_bytes()))
    document.add_comment(document.paragraphs[0].runs, text="经院工会委员会讨论，对本稿无修改意见。", author="院工会")
    out = io.BytesIO()
    document.save(out)
    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "yjszgh@yanji.example", "回复：意见稿", "<n@x>"
    message.set_content("附件请查收。")
    message.add_attachment(out.getvalue(), maintype="application", subtype="octet-stream", filename="意见稿.docx")
    reading = read_reply(parse_envelope(message.as_bytes()), Campaign(draft, roster))
    assert reading.kind == "no_comment" and not reading.comments
    assert any("无修改意见" in a.text for r in reading.attachments for a in r.asides)


def test_a_move_with_a_note_on_the_moved_words_is_the_note_alone(draft: Draft) -> None:
    """The reviewer moved a sentence and noted on it why ("调解的内容集中到一处表述"): one comment, the note."""
    from docx.text.run import Run

    from parsers.files.revisions import revision_blocks

    document = docx.Document()
    document.add_paragraph("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。")
    moved = document.add_paragraph()
    set_paragraph_xml(moved, run_xml("2、")
                      + '<w:moveTo w:id="5" w:author="李明" w:name="move1">' + run_xml("街道办事处负责本辖区志愿服务的") + "</w:moveTo>"
                      + run_xml("统筹协调和监督管理工作。")
                      + '<w:moveFrom w:id="6" w:author="李明" w:name="move1">' + run_xml("街道办事处负责本辖区志愿服务的") + "</w:moveFrom>")
    inside = moved._p.find(f"{{{W_NS}}}moveTo/{{{W_NS}}}r")
    document.add_comment(Run(inside, moved), text="监督的内容集中到一处表述。", author="李明")
    blocks = revision_blocks(reload(document), draft, "附件")
    assert [(b.kind, b.text, b.anchor) for b in blocks] == [("margin_comment", "监督的内容集中到一处表述。", 2)]


def test_words_typed_beside_moved_words_are_an_insertion_of_their_own(draft: Draft) -> None:
    """A sentence moved (its note says why) and, in the move's range, a sentence typed after it:
    the note is the move's comment, the typed sentence is still an insertion."""
    from docx.text.run import Run

    from parsers.files.revisions import revision_blocks

    document = docx.Document()
    document.add_paragraph("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。")
    moved = document.add_paragraph()
    set_paragraph_xml(moved, run_xml("2、")
                      + '<w:moveFrom w:id="6" w:author="李明" w:name="move1">' + run_xml("街道办事处负责本辖区志愿服务的") + "</w:moveFrom>"
                      + run_xml("统筹协调和监督管理工作。")
                      + '<w:moveTo w:id="5" w:author="李明" w:name="move1">' + run_xml("街道办事处负责本辖区志愿服务的") + "</w:moveTo>"
                      + '<w:ins w:id="7" w:author="李明">' + run_xml("社区志愿者每年培训不少于两次。") + "</w:ins>")
    inside = moved._p.find(f"{{{W_NS}}}moveTo/{{{W_NS}}}r")
    document.add_comment(Run(inside, moved), text="挪到本条末尾。", author="李明")
    blocks = revision_blocks(reload(document), draft, "附件")
    assert [b.text for b in blocks if b.kind == "margin_comment"] == ["挪到本条末尾。"]
    assert any("社区志愿者每年培训不少于两次" in b.text and "移至" not in b.text for b in blocks if b.kind == "insertion")


def test_a_note_closing_a_point_without_change_is_nothing_to_change() -> None:
    """"此处按池主席意见，不再修改。": a reviewer settles it; no comment."""
    from parsers.files.revisions import says_nothing_to_change
    from parsers.records import Block

    assert says_nothing_to_change(Block("margin_comment", "此处按池主席意见，不再修改。", "批注"))
    assert not says_nothing_to_change(Block("margin_comment", "建议不再保留此句。", "批注"))


def test_a_note_taking_another_reviewers_point_back_is_no_comment() -> None:
    from parsers.files.revisions import says_nothing_to_change
    from parsers.records import Block

    note = Block("margin_comment", "方老师加的这句与学校职称评审办法不一致，我已删掉，不作为工会意见上报。", "批注")
    assert says_nothing_to_change(note)


def test_a_clause_whose_sentences_were_reordered_is_found_by_its_heading() -> None:
    """A returned draft's clause 4 with a sentence moved up under its heading: the paragraph no
    longer opens with the draft's words, but its heading (用劳模精神引领职工群众) says whose it is."""
    from pathlib import Path

    from parsers.placing.draft import parse_draft

    campaign = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    moved = "4、用劳模精神引领职工群众。建立健全劳动模范培养选树、评比表彰和管理服务机制。建设能够突出展现工人阶级优秀品质的延边劳动模范队伍。"
    assert clause_of(moved, campaign) == 4


def test_a_margin_note_finding_nothing_wrong_is_nothing_to_change() -> None:
    from parsers.files.revisions import says_nothing_to_change
    from parsers.records import Block

    assert says_nothing_to_change(Block(kind="margin_comment", text="金英：前言部分我看没有问题。", origin="t"))
    assert not says_nothing_to_change(Block(kind="margin_comment", text="第5条没有问题，但建议增加培训。", origin="t"))


def test_a_bare_move_beside_proposals_is_kept_aside_and_alone_is_the_proposal() -> None:
    """"将“……”移至“……”后" with nothing changed and no note: how the reviewer rearranged, kept as read
    beside the file's proposals; the one change of a returned draft, it is the proposal."""
    from parsers.files.attachments import _moves_aside
    from parsers.records import Block

    move = Block("insertion", "将“街道办事处负责本辖区志愿服务的”移至“监督管理工作。”后", "修订", anchor=2)
    added = Block("insertion", "在“监督管理工作。”后增加“社区志愿者每年培训不少于两次。”", "修订", anchor=2)
    assert _moves_aside([move, added]) == ([added], [move])
    assert _moves_aside([move]) == ([move], [])
